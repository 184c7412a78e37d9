//! Page furniture: the lines of a page that are not running text.
//!
//! Each page is marked in these steps, in order:
//!
//! - edges: a line among the first few or last few of a page is a running
//!   header or footer when each of its cells has the shape of a page number,
//!   a job number, a bar code or a document symbol, or when the same line
//!   (digits folded) stands at the edge of two or more pages, set off by
//!   space and not reading as a sentence or opening with an enumerator (a
//!   sentence that ends several pages the same way is still running text);
//! - asterisk notes: a line that opens with `*` (or is a lone footnote mark)
//!   and the lines that run on from it without a gap;
//! - numbered notes: in converted text that draws no rule, a line at the
//!   foot of the page that opens with a number the page glues to a word
//!   (`agenda1`), and what follows it;
//! - separators: a rule of underscores or dashes is never running text, and
//!   in the lower half of a page everything after it is footnote, up to a
//!   numbered paragraph or section (a rule in mid-page opens no footnotes);
//! - drawn rules: a short rule low on the page with only smaller print below;
//! - small print: lines in smaller print than the body text at the foot of
//!   the page, from the footer up to the first line of body size.
//!
//! Only shapes, positions and repetition decide, so that the same marks
//! serve every kind of document.

use super::blocks::{gap_between, starts_with_enumerator};
use super::hyphens::collapse;
use crate::diagnostic::Location;
use crate::read::{Layout, Line, Page};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Lines at the top of a page that may be a running header.
const HEADER_LINES: usize = 3;
/// Lines at the bottom of a page that may be a running footer.
const FOOTER_LINES: usize = 4;
/// Longest line that can be taken for a running header or footer.
const MAX_FURNITURE_CHARS: usize = 90;

/// What a piece of furniture is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FurnitureKind {
    /// A line repeated at the top of pages, or the document symbol there.
    Header,
    /// A line repeated at the bottom of pages: page and job numbers.
    Footer,
    /// The rule that opens the footnote area.
    FootnoteSeparator,
    /// A footnote.
    Footnote,
    /// Text set at a quarter or half turn: a landscape page's margin header,
    /// job and page number, a rotated table heading.
    Turned,
}

/// A line that is not part of the running text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub text: String,
    pub location: Location,
}

/// Whether a cell looks like a UN document symbol (`A/HRC/43/15`).
pub fn is_symbol(text: &str) -> bool {
    super::shapes::is_symbol(text)
}

/// Per page, per line: the furniture kind, or `None` for running text.
pub(super) fn mark_furniture(layout: &Layout) -> Vec<Vec<Option<FurnitureKind>>> {
    let edge_repeats = edge_repetitions(layout);
    let body_size = median_size(layout);
    layout
        .pages
        .iter()
        .map(|page| {
            let mut marks = mark_edges(page, &edge_repeats);
            mark_asterisk_notes(page, &mut marks);
            mark_numbered_note(page, &mut marks);
            mark_after_separator(page, &mut marks);
            mark_below_rule(page, &mut marks, body_size);
            mark_small_print(page, &mut marks, body_size);
            for (mark, line) in marks.iter_mut().zip(&page.lines) {
                if line.rotation != crate::read::Rotation::Upright {
                    *mark = Some(FurnitureKind::Turned);
                }
            }
            marks
        })
        .collect()
}

type Marks = Vec<Option<FurnitureKind>>;

/// Running headers and footers: lines at the top or bottom of the page that
/// have the shape of furniture, or repeat on other pages set off by space.
fn mark_edges(page: &Page, edge_repeats: &HashMap<String, usize>) -> Marks {
    let mut marks: Marks = vec![None; page.lines.len()];
    // Turned lines follow the upright ones; the edges are the upright
    // lines' first and last.
    let count = page
        .lines
        .iter()
        .take_while(|l| l.rotation == crate::read::Rotation::Upright)
        .count();
    for (i, line) in page.lines.iter().enumerate().take(count) {
        let top = i < HEADER_LINES;
        let bottom = i + FOOTER_LINES >= count;
        if !(top || bottom) || line.text.chars().count() > MAX_FURNITURE_CHARS {
            continue;
        }
        let shaped = line.cells().all(|(_, text)| is_furniture_cell(text.trim()));
        // A repeated line is furniture only where space sets it off from
        // the running text, as headers and footers are set off.
        let repeated = !ends_like_sentence(&line.text)
            && !starts_with_enumerator(&line.text)
            && edge_repeats.get(&normalise(&line.text)).is_some_and(|&n| n >= 2)
            && set_off(&page.lines, i, top);
        if (shaped || repeated)
            && let Some(mark) = marks.get_mut(i)
        {
            *mark = Some(if top && (!bottom || i == 0) {
                FurnitureKind::Header
            } else {
                FurnitureKind::Footer
            });
        }
    }
    marks
}

/// Footnotes marked by their own asterisk (`* CTOC/COP/...`), with the
/// lines that run on from them, and lone footnote marks.
fn mark_asterisk_notes(page: &Page, marks: &mut Marks) {
    let mut in_note = false;
    for (i, line) in page.lines.iter().enumerate() {
        let Some(mark) = marks.get_mut(i) else { continue };
        if mark.is_some() {
            in_note = false;
            continue;
        }
        let text = line.text.trim();
        let at_foot = i + FOOTER_LINES >= page.lines.len();
        let opens = super::shapes::is_asterisk_footnote(text)
            || super::shapes::is_lone_mark(text)
            || (at_foot && super::shapes::is_unspaced_footnote(text));
        let runs_on = in_note
            && i > 0
            && page.lines.get(i - 1).is_some_and(|p| !gap_between(p, line))
            && !starts_with_enumerator(text);
        in_note = opens || runs_on;
        if in_note {
            *mark = Some(FurnitureKind::Footnote);
        }
    }
}

/// A numbered footnote with no rule or smaller print to show it (converted
/// text): a line at the foot of the page that opens with a number the page
/// has glued to a word (`agenda1`), and what follows it.
fn mark_numbered_note(page: &Page, marks: &mut Marks) {
    let count = page.lines.len();
    for i in count.saturating_sub(FOOTER_LINES)..count {
        if marks.get(i).is_some_and(|m| m.is_some()) {
            continue;
        }
        let Some(line) = page.lines.get(i) else { continue };
        let referenced = super::shapes::footnote_number(line.text.trim()).is_some_and(|n| {
            page.lines.iter().take(i).any(|l| {
                l.text.split_whitespace().any(|w| {
                    w.strip_suffix(n)
                        .map(|s| s.trim_end_matches(['.', ',', ';', ':']))
                        .is_some_and(|s| s.ends_with(char::is_alphabetic))
                })
            })
        });
        if referenced {
            for mark in marks.iter_mut().skip(i).filter(|m| m.is_none()) {
                *mark = Some(FurnitureKind::Footnote);
            }
            return;
        }
    }
}

/// Everything after a separator rule in the lower half of the page is
/// footnote, up to a heading or a numbered paragraph (a rule in mid-page
/// that opens no footnotes).
fn mark_after_separator(page: &Page, marks: &mut Marks) {
    let count = page.lines.len();
    // A rule of underscores is never running text.
    for (line, mark) in page.lines.iter().zip(marks.iter_mut()) {
        if mark.is_none() && super::shapes::is_separator(line.text.trim()) {
            *mark = Some(FurnitureKind::FootnoteSeparator);
        }
    }
    let Some(sep) = page
        .lines
        .iter()
        .position(|l| super::shapes::is_separator(l.text.trim()))
        .filter(|&sep| sep >= count / 2)
    else {
        return;
    };
    for (i, (line, mark)) in page.lines.iter().zip(marks.iter_mut()).enumerate().skip(sep) {
        if i > sep
            && (super::shapes::opens_paragraph_number(&line.text)
                || super::shapes::opens_section_number(&line.text))
        {
            return;
        }
        if mark.is_none() {
            *mark = Some(FurnitureKind::Footnote);
        }
    }
}

/// A drawn rule, short and low on the page, with smaller print below it.
fn mark_below_rule(page: &Page, marks: &mut Marks, body_size: f32) {
    let below_rule = page
        .rules
        .iter()
        .filter(|r| r.x1 - r.x0 < 0.45 * page.width && r.y > 0.35 * page.height)
        .map(|r| r.y)
        .find(|&y| {
            let below: Vec<&Line> = page
                .lines
                .iter()
                .enumerate()
                .filter(|(i, l)| l.y > y && !is_edge_mark(marks.get(*i)))
                .map(|(_, l)| l)
                .collect();
            !below.is_empty() && below.iter().all(|l| l.size < 0.95 * body_size)
        });
    if let Some(y) = below_rule {
        for (line, mark) in page.lines.iter().zip(marks.iter_mut()) {
            if line.y > y && mark.is_none() {
                *mark = Some(FurnitureKind::Footnote);
            }
        }
    }
}

/// Small print at the foot of the page, up to the footer.
fn mark_small_print(page: &Page, marks: &mut Marks, body_size: f32) {
    if body_size <= 0.0 {
        return;
    }
    for i in (0..page.lines.len()).rev() {
        let Some(line) = page.lines.get(i) else { continue };
        if is_edge_mark(marks.get(i)) {
            continue;
        }
        if line.size >= 0.85 * body_size {
            return;
        }
        if let Some(mark) = marks.get_mut(i) {
            *mark = Some(FurnitureKind::Footnote);
        }
    }
}

fn is_edge_mark(mark: Option<&Option<FurnitureKind>>) -> bool {
    matches!(mark, Some(Some(FurnitureKind::Header | FurnitureKind::Footer)))
}

/// Whether vertical space separates an edge line from the running text:
/// it lies above the first wide gap of the page's top lines (a header), or
/// below the last wide gap of its bottom lines (a footer).
fn set_off(lines: &[Line], i: usize, top: bool) -> bool {
    let wide = |a: usize, b: usize| match (lines.get(a), lines.get(b)) {
        (Some(x), Some(y)) => gap_between(x, y),
        _ => false,
    };
    if top {
        (0..HEADER_LINES.min(lines.len()))
            .find(|&j| wide(j, j + 1))
            .is_some_and(|end| i <= end)
    } else {
        let first = lines.len().saturating_sub(FOOTER_LINES).max(1);
        (first..lines.len())
            .rev()
            .find(|&j| wide(j - 1, j))
            .is_some_and(|start| i >= start)
    }
}

/// How many pages carry each normalised edge line.
fn edge_repetitions(layout: &Layout) -> HashMap<String, usize> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for page in &layout.pages {
        let count = page.lines.len();
        let seen: HashSet<String> = page
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < HEADER_LINES || i + FOOTER_LINES >= count)
            .map(|(_, l)| normalise(&l.text))
            .collect();
        for key in seen {
            *counts.entry(key).or_default() += 1;
        }
    }
    counts
}

/// The most common font size of the text, by characters.
fn median_size(layout: &Layout) -> f32 {
    let mut sizes: Vec<(f32, usize)> = Vec::new();
    for line in layout.pages.iter().flat_map(|p| &p.lines) {
        let n = line.text.len();
        match sizes.iter_mut().find(|(s, _)| (s - line.size).abs() < 0.05) {
            Some(entry) => entry.1 += n,
            None => sizes.push((line.size, n)),
        }
    }
    sizes
        .into_iter()
        .max_by_key(|&(_, n)| n)
        .map(|(s, _)| s)
        .unwrap_or(0.0)
}

fn is_furniture_cell(cell: &str) -> bool {
    // Bar-code fonts often map their glyphs to U+F020–U+F07E, the
    // private-use echo of ASCII that symbol fonts use.
    let cell: String = cell
        .chars()
        .map(|c| match u32::from(c) {
            code @ 0xF020..=0xF07E => char::from_u32(code - 0xF000).unwrap_or(c),
            _ => c,
        })
        .collect();
    let cell = cell.trim();
    super::shapes::is_page_number(cell)
        || super::shapes::is_job_number(cell)
        || super::shapes::is_bar_code(cell)
        || is_symbol(cell)
}

fn ends_like_sentence(text: &str) -> bool {
    text.trim_end().ends_with(['.', ';', ':'])
}

/// A line's text with digits folded, so that `2/11` and `3/11` compare equal.
fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '#'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    collapse(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::tests::{blocks, texts};

    #[test]
    fn page_furniture_is_set_aside() {
        let page =
            |n: u32, body: &str| format!("CTOC/COP/WG.7/2019/9\n\n{body}\n\n\n{n}/3          V.19-04998\n");
        let input = format!(
            "{}\x0c{}\x0c{}",
            page(1, "1. First text that runs on and"),
            page(2, "continues here.\n2. Second.\n_______\n1 A footnote."),
            page(3, "3. Third.")
        );
        let b = blocks(&input);
        assert_eq!(
            texts(&b),
            [
                "1. First text that runs on and continues here.",
                "2. Second.",
                "3. Third."
            ]
        );
        let kinds: Vec<FurnitureKind> = b.furniture.iter().map(|f| f.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == FurnitureKind::Header).count(), 3);
        assert_eq!(kinds.iter().filter(|k| **k == FurnitureKind::Footer).count(), 3);
        assert!(kinds.contains(&FurnitureKind::Footnote));
        assert!(kinds.contains(&FurnitureKind::FootnoteSeparator));
    }

    #[test]
    fn repeated_edge_lines_are_furniture_but_sentences_are_not() {
        let input = "Running head\n\n1. A.\n\x0cRunning head\n\nStates parties should:\n(a) x;\n\x0cRunning head\n\nStates parties should:\n(a) y.";
        let b = blocks(input);
        assert_eq!(b.furniture.len(), 3);
        assert_eq!(
            texts(&b)
                .iter()
                .filter(|t| *t == "States parties should:")
                .count(),
            2
        );
    }

    #[test]
    fn repeated_line_in_the_running_text_is_not_a_footer() {
        // Regression: `recommendation 26)` ending an entry at the foot of
        // several pages was taken for a running footer.
        let page = |n: u32| {
            format!(
                "{n}. First entry of page {n}.\nIt runs over.\n\nAnother entry runs on\nand on until its end (second meeting,\nrecommendation {n})\n\n{n}/3\n"
            )
        };
        let input = format!("{}\x0c{}\x0c{}", page(26), page(29), page(30));
        let b = blocks(&input);
        assert_eq!(
            texts(&b)[1],
            "Another entry runs on and on until its end (second meeting, recommendation 26)"
        );
        assert_eq!(b.furniture.len(), 3, "{:#?}", b.furniture);
    }

    #[test]
    fn numbered_footnote_without_a_rule() {
        // Regression: pandoc's numbered footnote, printed by pdftotext with
        // no rule, was read as the end of the last paragraph.
        let text = "Item 4 of the provisional agenda1\n\n1. States should act\nand more.\n2. Others should too.\n1 CTOC/COP/WG.7/2019/1.\n\x0c3. Next page.\n12 May 2012 was a date\nat the foot of a page.";
        let b = blocks(text);
        assert_eq!(
            texts(&b),
            [
                "Item 4 of the provisional agenda1",
                "1. States should act and more.",
                "2. Others should too.",
                "3. Next page. 12 May 2012 was a date at the foot of a page."
            ]
        );
        assert_eq!(
            b.furniture
                .iter()
                .filter(|f| f.kind == FurnitureKind::Footnote)
                .count(),
            1
        );
    }

    #[test]
    fn a_rule_in_mid_page_opens_no_footnotes() {
        // Regression: a separator line before the meetings of a plain-text
        // printout took the rest of the page for footnotes.
        let text = "Title\n\nIntro text.\n____________\n* CTOC/COP/WG.7/2019/1.\nI. First meeting, Vienna, 4 July 2018\n1. States should act.\n2. More.\n3. More.";
        let b = blocks(text);
        assert_eq!(
            texts(&b),
            [
                "Title",
                "Intro text.",
                "I. First meeting, Vienna, 4 July 2018",
                "1. States should act.",
                "2. More.",
                "3. More."
            ]
        );
    }

    #[test]
    fn asterisk_footnote() {
        let b = blocks("Item 4 of the provisional agenda*\n\n* CTOC/COP/WG.7/2019/1.\n\nBody.");
        assert_eq!(texts(&b), ["Item 4 of the provisional agenda*", "Body."]);
        assert_eq!(b.furniture[0].kind, FurnitureKind::Footnote);
    }

    /// Regression: a page-foot note whose mark touches its text was joined
    /// to the page's last recommendation.
    #[test]
    fn unspaced_asterisk_footnote_at_the_foot_of_a_page() {
        let text = "Item 4 of the provisional agenda*\n\n1. States should act on the matter\n\n*CTOC/COP/WG.7/2019/1.\n\u{c}and more.\n";
        let b = blocks(text);
        assert!(
            b.furniture.iter().any(|f| f.text == "*CTOC/COP/WG.7/2019/1."),
            "{:?}",
            b.furniture
        );
        assert!(texts(&b).iter().all(|t| !t.contains("CTOC")), "{:?}", texts(&b));
        // A bar code and emphasis are no footnotes, and a line opening with
        // a mark high on the page is left alone.
        let b = blocks(
            "*1904998*\n\n*Note* the following.\n\nBody one.\n\nBody two.\n\nBody three.\n\nBody four.\n\nBody five.",
        );
        assert!(
            b.furniture.iter().all(|f| f.kind != FurnitureKind::Footnote),
            "{:?}",
            b.furniture
        );
        let b = blocks(
            "*Emphasised opening line\n\nBody one.\n\nBody two.\n\nBody three.\n\nBody four.\n\nBody five.",
        );
        assert!(
            b.furniture.iter().all(|f| f.kind != FurnitureKind::Footnote),
            "{:?}",
            b.furniture
        );
    }
}
