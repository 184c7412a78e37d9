//! Block geometry: whether a line goes on with the block before it.
//!
//! Positions are compared only relative to each other (gaps in line
//! pitches, the edges of a page's text), so text and PDF input share every
//! rule here. A line opens a new block when
//!
//! - it starts with an enumerator (`12.`, `124.35.`, `(a)`, `IV.`,
//!   `Recommendation 12:`), unless it is a number closing a parenthesis the
//!   block opened (`(first meeting, recommendation` / `13)`);
//! - vertical space, a change of size (a heading above running text) or a
//!   page break sets it apart;
//! - it is indented: further in than the page's usual left edge, in a
//!   document that sets first-line indents, or further in than the wrapped
//!   line before it.
//!
//! Two joins override that: a block that is a lone enumerator takes the line
//! after it (hanging indents), and a block that stops mid-sentence is joined
//! to a line that is no enumerator when that line starts in lowercase or the
//! block's last line was wrapped at a page break (it reaches the right edge
//! of the text). Whether the document sets first-line or hanging indents is
//! told once from the whole document, because an indent means the opposite
//! in the two.

use super::Block;
use crate::read::Line;
use std::collections::HashMap;

/// A vertical gap wider than this many line pitches separates blocks.
const BLOCK_GAP: f32 = 1.4;
/// A first-line indent is at least this many font sizes.
const INDENT: f32 = 0.9;
/// Sizes further apart than this (points) belong to different blocks.
const SIZE_CHANGE: f32 = 0.6;
/// A line ending this close to the right edge of the text (as a share of the
/// text's width) is full: it was wrapped.
const FULL_LINE_SLACK: f32 = 0.12;

/// The longest label word (`Recommendation`), in letters.
const MAX_LABEL_CHARS: usize = 16;
/// Whether a text opens with an enumerator such as `12.`, `124.35.`,
/// `(a)`, `IV.` or `Recommendation 12:`. Enumerators are shapes, the same
/// for every kind of document; what a number means is the profile's matter.
/// Enumerators of any kind of document: `12.`, `12)`, `1002.` (four
/// digits, but not a year 1900–2099, which a wrapped line may start with),
/// `124.35.` (or `124.35` before a capital, or glued to it), `(a)`, `(12)`,
/// `IV.`, `A.`, and a label word with a number.
pub fn starts_with_enumerator(text: &str) -> bool {
    super::shapes::starts_with_enumerator(text, MAX_LABEL_CHARS)
}

/// Whether more than [`BLOCK_GAP`] line pitches of space stand between
/// `prev` and `line` below it: the blank space that ends a block or sets off
/// a running header or footer. The pitch is the upper line's, floored at
/// `f32::EPSILON` so that the threshold stays positive for a line with no
/// pitch.
pub(super) fn gap_between(prev: &Line, line: &Line) -> bool {
    line.y - prev.y > BLOCK_GAP * prev.pitch.max(f32::EPSILON)
}

/// Whether a line ends within [`FULL_LINE_SLACK`] of the right edge of its
/// page's text (`extent`: the text's left and right edges): a full line, so
/// one the typesetter wrapped rather than ended. The width is floored at
/// `f32::EPSILON` so that the slack stays positive on a degenerate page.
fn reaches_right((left, right): (f32, f32), line: &Line) -> bool {
    line.right >= right - FULL_LINE_SLACK * (right - left).max(f32::EPSILON)
}

/// Where the running text of each page stands, for telling wrapped lines
/// and indents.
pub(super) struct Geometry {
    /// Left and right edges of each page's running text.
    extents: HashMap<u32, (f32, f32)>,
    /// The left edge most lines of a page start at: continuation lines, not
    /// headings or numbers set out in the margin.
    usual_left: HashMap<u32, f32>,
    /// Whether the document sets paragraphs with a first-line indent.
    first_line_indents: bool,
}

impl Geometry {
    pub(super) fn new(body: &[(u32, &Line)]) -> Geometry {
        let mut extents: HashMap<u32, (f32, f32)> = HashMap::new();
        let mut starts: HashMap<(u32, i64), usize> = HashMap::new();
        for &(page, line) in body {
            let entry = extents.entry(page).or_insert((line.x, line.right));
            *entry = (entry.0.min(line.x), entry.1.max(line.right));
            *starts.entry((page, (line.x * 2.0).round() as i64)).or_default() += 1;
        }
        let mut usual: HashMap<u32, (f32, usize)> = HashMap::new();
        for (&(page, x), &n) in &starts {
            let x = x as f32 / 2.0;
            let entry = usual.entry(page).or_insert((x, n));
            if n > entry.1 || (n == entry.1 && x < entry.0) {
                *entry = (x, n);
            }
        }
        let first_line_indents = indents_first_lines(body, &extents);
        Geometry {
            extents,
            usual_left: usual.into_iter().map(|(page, (x, _))| (page, x)).collect(),
            first_line_indents,
        }
    }

    /// Whether a line runs to the right edge of its page's text: wrapped.
    fn full(&self, page: u32, line: &Line) -> bool {
        self.extents
            .get(&page)
            .is_some_and(|&extent| reaches_right(extent, line))
    }

    /// Whether `line` goes on with `block`, whose last line is `prev`.
    pub(super) fn continues(
        &self,
        block: &Block,
        (prev_page, prev): (u32, &Line),
        (page, line): (u32, &Line),
    ) -> bool {
        let lone = super::shapes::is_lone_enumerator(&block.text);
        let same_page = prev_page == page;
        let gap = gap_between(prev, line);
        let full = self.full(prev_page, prev);
        // A line set further in than the page's usual left edge (or, after a
        // wrapped continuation line, further in than it) opens a paragraph.
        let page_left = self.usual_left.get(&page).copied().unwrap_or(line.x);
        let indented = (self.first_line_indents && line.x > page_left + INDENT * line.size)
            || (full && block.line_count() >= 2 && line.x > prev.x + INDENT * line.size);
        // A change of size is a change of role: a heading above running text.
        let resized = (prev.size - line.size).abs() > SIZE_CHANGE;
        // `13)` that closes a parenthesis the block opened is no enumerator:
        // `(first meeting, recommendation` / `13)`.
        // (The cheap test first: the block's text is scanned only for a
        // line that opens with a digit.)
        let closes_parenthesis = line.text.trim_start().starts_with(|c: char| c.is_ascii_digit())
            && ends_inside_parenthesis(&block.text);
        // A number that follows the block's own (`1900.` after `1899.`, or
        // `10000.` after `9999.`) opens a block, whatever its size.
        let next_number = leading_number(&block.text)
            .zip(leading_number(&line.text))
            .is_some_and(|(before, now)| now == before + 1);
        let enumerated = (starts_with_enumerator(&line.text) || next_number) && !closes_parenthesis;
        let wrapped = !same_page && full && !indented && (prev.size - line.size).abs() < 0.5;
        (lone && !enumerated)
            || (same_page && !gap && !resized && !enumerated && !indented)
            || (!enumerated && stops_mid_sentence(&block.text, &line.text, wrapped))
    }
}

/// Whether a text stops inside a parenthesis it opened (a `)` with no `(`
/// before it, as in `1)`, closes nothing).
pub fn ends_inside_parenthesis(text: &str) -> bool {
    // Only the text's end is looked at, backwards: a parenthesis opened
    // further back than a citation runs closes nothing on the next line,
    // and a long paragraph stays linear to join.
    let mut depth = 0u32;
    for c in text.chars().rev().take(PARENTHESIS_REACH) {
        match c {
            ')' => depth = depth.saturating_add(1),
            '(' if depth == 0 => return true,
            '(' => depth -= 1,
            _ => {}
        }
    }
    false
}

/// How far back (in characters) an open parenthesis is looked for.
const PARENTHESIS_REACH: usize = 2_000;

/// The number a text opens with, `1900` of `1900. States …`.
fn leading_number(text: &str) -> Option<u64> {
    let digits: String = text
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    let rest = text.trim_start().get(digits.len()..)?;
    (!digits.is_empty() && rest.starts_with(['.', ')'])).then(|| digits.parse().ok())?
}

/// Whether the document sets paragraphs with a first-line indent (the first
/// line further in than the lines that continue it) rather than a hanging
/// indent (a number out at the margin, the text further in): told by the
/// majority of full lines followed, without a gap, by a line further out or
/// further in.
fn indents_first_lines(body: &[(u32, &Line)], extents: &HashMap<u32, (f32, f32)>) -> bool {
    let (mut first_line, mut hanging) = (0usize, 0usize);
    for pair in body.windows(2) {
        let [(page_a, a), (page_b, b)] = pair else {
            continue;
        };
        let full = extents
            .get(page_a)
            .is_some_and(|&extent| reaches_right(extent, a));
        if page_a != page_b || !full || gap_between(a, b) {
            continue;
        }
        if b.x < a.x - INDENT * a.size {
            first_line += 1;
        } else if b.x > a.x + INDENT * a.size {
            hanging += 1;
        }
    }
    first_line > hanging
}

/// A block that ends without closing punctuation is one sentence with the
/// text after it when its last line was wrapped at a page break, or when the
/// text after the break starts in lowercase.
fn stops_mid_sentence(block: &str, next: &str, wrapped: bool) -> bool {
    let ends_open =
        crate::prose::closing_mark(block).is_some_and(|c| !matches!(c, '.' | ';' | ':' | '!' | '?'));
    let next_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    ends_open && (wrapped || next_lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::tests::{blocks, texts};

    #[test]
    fn multi_level_numbers_open_blocks() {
        // Regression: `121.1` never opened a block, so numbered items of
        // reports that number `124.35.` ran together.
        let b = blocks(
            "121. Lead-in:\n121.1. Ratify the Convention;\n121.2 Continue the reform;\n101.100.Continue to act;\n1.5 million people\nwere helped.",
        );
        assert_eq!(
            texts(&b),
            [
                "121. Lead-in:",
                "121.1. Ratify the Convention;",
                "121.2 Continue the reform;",
                "101.100.Continue to act; 1.5 million people were helped."
            ]
        );
        assert!(starts_with_enumerator("Recommendation 2: Share."));
        assert!(!starts_with_enumerator("Recommendation 12 of the first meeting"));
    }

    #[test]
    fn blank_line_mid_sentence_is_joined() {
        let b = blocks("25. In recognition of intelligence and\n\nevidence in cases.\n\nNext paragraph.");
        assert_eq!(
            texts(&b),
            [
                "25. In recognition of intelligence and evidence in cases.",
                "Next paragraph."
            ]
        );
    }

    #[test]
    fn lone_enumerator_takes_next_line() {
        let b = blocks("1.\nThe Working Group met.\n(a)\nA national report;");
        assert_eq!(texts(&b), ["1. The Working Group met.", "(a) A national report;"]);
    }

    #[test]
    fn page_break_mid_sentence_before_a_capital_is_joined() {
        let b = blocks("1. The Organized Crime\x0cConvention applies.\n2. Next.");
        assert_eq!(
            texts(&b),
            ["1. The Organized Crime Convention applies.", "2. Next."]
        );
    }

    #[test]
    fn heading_at_a_page_foot_stays_apart() {
        // Regression: a short title line at the foot of a page took the
        // heading that opens the next page.
        let text = "Report of the Working Group on the Universal Periodic Review\nSlovenia\x0cIntroduction\nThe Working Group met and took note.";
        assert_eq!(
            texts(&blocks(text))[1],
            "Introduction The Working Group met and took note."
        );
    }

    #[test]
    fn first_line_indent_after_a_page_break_opens_a_paragraph() {
        // Regression: an index entry ending in its citation at the foot of a
        // page took the indented entry that opens the next page.
        let text = "     An entry that runs over one line and then\nanother line and ends with a citation (x 8)\x0c     The next entry starts indented and\nruns on.";
        assert_eq!(texts(&blocks(text)).len(), 2, "{:?}", texts(&blocks(text)));
        // Hanging indents continue at the text's indent: still one paragraph.
        let text = "1.   A recommendation that runs over the line\n     and on to the foot of the page with more\x0c     words on the next page.";
        assert_eq!(
            texts(&blocks(text)),
            [
                "1. A recommendation that runs over the line and on to the foot of the page with more words on the next page."
            ]
        );
    }

    #[test]
    fn a_heading_out_in_the_margin_is_not_the_left_edge() {
        // Regression: with a heading further left than the running text,
        // continuation lines starting with a capital read as indented.
        let text = "  I.  First meeting\n\n     1.   States should ratify or accede to the Smuggling\n     Migrants Protocol and more text that runs to the\n     Organization of the margin, at great length here.\n     2.   Next one that runs on and on to the margin\n     Second line.";
        assert_eq!(texts(&blocks(text)).len(), 3, "{:?}", texts(&blocks(text)));
    }

    #[test]
    fn first_line_indents_are_told_from_hanging_indents() {
        // Regression: a one-line entry ending at the foot of a page took the
        // entry that opens the next page, both set with a first-line indent.
        let text = "     An entry that runs over one line and then\nanother line and ends with a citation (x 7)\n\n     A short entry that ends at the page foot (x 8)\x0c     The next entry starts indented and\nruns on with more words (x 9)";
        assert_eq!(texts(&blocks(text)).len(), 3, "{:?}", texts(&blocks(text)));
    }

    #[test]
    fn number_closing_a_parenthesis_is_no_enumerator() {
        let b = blocks("1) States act (first meeting, recommendation\n13) and more.\n2) Next.");
        assert_eq!(
            texts(&b),
            [
                "1) States act (first meeting, recommendation 13) and more.",
                "2) Next."
            ]
        );
    }
}
