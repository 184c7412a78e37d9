//! The UPR-report profile: the report of the Working Group on the
//! Universal Periodic Review of one State (symbols `A/HRC/<session>/<n>`).
//!
//! The units are the recommendations of the section "Conclusions and/or
//! recommendations" only. The section holds one or more blocks, each opened
//! by a lead-in paragraph that is no unit (`131. The following
//! recommendations will be examined by Norway …:`) and states the State's
//! position on them; the section closes with the disclaimer "All conclusions
//! and/or recommendations contained in the present report …", no unit either.
//! Items are numbered on the line (`131.16`) or, in reports of 2008 to 2011,
//! `1.`, `2.` under the lead-in `90.` (labelled `90.1`, `90.2`, as UPR Info
//! and OHCHR write them). Each ends with the recommending States in
//! parentheses, taken out of its text into `recommending_states`; State
//! lists inside the text stay there and are gathered too.
//!
//! What is not a unit stays out and is a note: the State's comments
//! numbered inside the section (`92.1. Regarding recommendation No. 91.1`),
//! thematic sub-headings (kept as the units' group), numbered paragraphs
//! that open no block.

use super::{Body, Check, Metadata, Outline, Profile, Score, states};
use crate::clean::{Block, BlockLine, Evidence};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{
    DocumentExtension, Extension, Group, GroupKind, Label, Position, Response, Review, ReviewDocument, Unit,
    slug, unit_id,
};
use crate::pattern::{Anchor, Phrases};

/// How far into the document the title may stand.
const TITLE_BLOCKS: usize = 40;
/// Headings longer than this are sentences.
const MAX_HEADING_CHARS: usize = 120;
/// Most State lists one recommendation ends with.
const MAX_FINAL_LISTS: usize = 12;

static TITLE: Phrases = Phrases::new(
    Anchor::Space,
    &["report of the working group on the universal periodic review"],
);
/// A footnote on a recommendation, where a reader left it in the text:
/// `1 The recommendation as originally formulated: …`, after its mark.
static RECOMMENDATION_FOOTNOTE: Phrases = Phrases::new(
    Anchor::Text,
    &[
        "the recommendation as formulated|made",
        "the recommendation as originally formulated|made",
        "the recommendation originally made|formulated",
        "the recommendation made during the interactive dialogue",
        "the original text|recommendation",
        "original text|wording",
    ],
);
/// The footnote of the section's heading, where a reader left it in the
/// text, after its marks.
static NOT_EDITED: Phrases = Phrases::new(
    Anchor::Text,
    &[
        "conclusions and_recommendations have|has not been edited*",
        "conclusions and_/_or recommendations have|has not been edited*",
        "the conclusions and_recommendations have|has not been edited*",
        "the conclusions and_/_or recommendations have|has not been edited*",
    ],
);
/// The section's heading, after its numeral.
static SECTION: Phrases = Phrases::new(
    Anchor::Text,
    &[
        "conclusions and_recommendations",
        "conclusions and_/_or recommendations",
    ],
);
/// The disclaimer closing the section, after its number.
static DISCLAIMER: Phrases = Phrases::new(
    Anchor::Text,
    &[
        "all conclusions and_recommendations",
        "all conclusions and_/_or recommendations",
        "all the conclusions and_recommendations",
        "all the conclusions and_/_or recommendations",
    ],
);
/// The State's comment opening an item (`On recommendation 101.3, …`).
static COMMENT: Phrases = Phrases::new(
    Anchor::Text,
    &[
        "regarding|concerning|on recommendation|recommendations",
        "regarding|concerning|on the recommendation|recommendations",
        "with regard|respect to recommendation|recommendations",
        "with regard|respect to the recommendation|recommendations",
        "in relation to recommendation|recommendations",
        "in relation to the recommendation|recommendations",
        "as regards recommendation|recommendations",
        "as regards the recommendation|recommendations",
    ],
);
/// A paragraph that opens the State's comments (`Norway offered the
/// following comments:`): its items are comments, whatever their wording.
static COMMENTS_LEAD: Phrases = Phrases::new(
    Anchor::Word,
    &[
        "following comment|comments",
        "comments on|regarding|concerning the|these|some recommendation*",
    ],
);
static NOT_SUPPORTED: Phrases = Phrases::new(
    Anchor::Word,
    &[
        "did|do|does not enjoy|have|receive the support*",
        "not supported|accepted",
        "not been supported|accepted",
        "rejected",
        "can|could_not support|accept",
    ],
);
static TO_EXAMINE: Phrases = Phrases::new(
    Anchor::Word,
    &[
        "will examined|examine|considered|consider|studied|study",
        "will be examined|examine|considered|consider|studied|study",
        "will respond",
        "will provide response|responses",
        "will provide its response|responses",
        "under consideration",
        "in due course|time",
    ],
);
static NOTED: Phrases = Phrases::new(
    Anchor::Word,
    &["were|was|are|been|is noted", "took|takes note", "noted by"],
);
static SUPPORTED: Phrases = Phrases::new(
    Anchor::Word,
    &[
        "enjoy|enjoys|enjoyed the support",
        "supported",
        "accepted",
        "already implemented",
        "in the process of implementation",
    ],
);

/// What follows a leading mark of at most `max` characters of `marks`, and
/// the white space after it; `None` when the run of marks is longer.
fn after_mark(text: &str, marks: impl Fn(char) -> bool, max: usize) -> Option<&str> {
    let count = text.chars().take_while(|&c| marks(c)).count();
    let rest = text.trim_start_matches(marks);
    (count <= max).then(|| rest.trim_start_matches(char::is_whitespace))
}

/// A footnote on a recommendation: `[0-9]{1,2}` or `[*∗†]{1,3}`, then its
/// words.
fn is_recommendation_footnote(text: &str) -> bool {
    let rest = if text.starts_with(|c: char| c.is_ascii_digit()) {
        super::leading_number(text, 2).map(|(_, rest)| rest.trim_start_matches(char::is_whitespace))
    } else {
        after_mark(text, |c| matches!(c, '*' | '∗' | '†'), 3)
    };
    rest.is_some_and(|rest| RECOMMENDATION_FOOTNOTE.is_match(rest))
}

fn is_not_edited_note(text: &str) -> bool {
    after_mark(text, |c| matches!(c, '*' | '∗'), usize::MAX).is_some_and(|rest| NOT_EDITED.is_match(rest))
}

/// What follows a leading `numeral.` (at most `max` characters of
/// `numeral`), or the text when it has none; `None` when the numeral does
/// not end in a full stop.
fn after_numeral(text: &str, numeral: impl Fn(char) -> bool, max: usize) -> Option<&str> {
    let rest = text.trim_start_matches(numeral);
    if rest.len() == text.len() {
        return Some(text);
    }
    let numeral_chars = text.len() - rest.len(); // ASCII numerals
    (numeral_chars <= max)
        .then(|| rest.strip_prefix('.'))
        .flatten()
        .map(|r| r.trim_start_matches(char::is_whitespace))
}

/// `Conclusions and/or recommendations`, after a roman numeral in any case.
fn is_section_title(text: &str) -> bool {
    after_numeral(text, |c| matches!(c, 'I' | 'V' | 'X' | 'i' | 'v' | 'x'), 5)
        .is_some_and(|rest| SECTION.is_match(rest))
}

/// `All conclusions and/or recommendations …`, after a paragraph number.
fn is_disclaimer(text: &str) -> bool {
    after_numeral(text, |c| c.is_ascii_digit(), 3).is_some_and(|rest| DISCLAIMER.is_match(rest))
}

/// The UPR-report profile.
pub struct UprReport;

/// Where the parts of a report stand, by block index.
struct Shape {
    title: usize,
    /// The title's last block.
    title_end: usize,
    heading: usize,
    end: usize,
}

/// A table-of-contents line: dot leaders, or paragraph numbers and a page
/// at the end (`1–12 3`).
pub(super) fn is_contents_line(text: &str) -> bool {
    let (page, before) = super::trailing_digits(text);
    let gap = before.trim_end_matches(char::is_whitespace);
    let (last, before_last) = super::trailing_digits(gap);
    let dash = before_last.trim_end_matches(char::is_whitespace);
    let first = dash
        .strip_suffix(['-', '–'])
        .map(|s| s.trim_end_matches(char::is_whitespace));
    let paragraphs = (1..=3).contains(&page)
        && gap.len() < before.len()
        && (1..=3).contains(&last)
        && first.is_some_and(|f| f.ends_with(|c: char| c.is_ascii_digit()));
    super::has_leaders(text) || paragraphs
}

fn is_section_heading(text: &str) -> bool {
    text.chars().count() < MAX_HEADING_CHARS
        && is_section_title(text)
        && !is_contents_line(text)
        && !text.ends_with('.')
}

fn shape(blocks: &[Block]) -> Option<Shape> {
    // A large title may come as two or three blocks, one per line.
    let (title, title_end) = (0..blocks.len().min(TITLE_BLOCKS)).find_map(|i| {
        let mut text = String::new();
        for (j, b) in blocks.iter().enumerate().skip(i).take(3) {
            if b.text.chars().count() > 200 {
                return None;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&b.text);
            if TITLE.is_match(&text) {
                return Some((i, j));
            }
        }
        None
    })?;
    // The section's heading, not a line of the contents nor the footnote
    // saying the conclusions were not edited: a numbered paragraph follows.
    let heading = blocks
        .iter()
        .enumerate()
        .skip(title_end + 1)
        .filter(|(_, b)| is_section_heading(&b.text))
        .map(|(i, _)| i)
        .find(|&i| {
            blocks
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take(3)
                .any(|b| numbered_opener(&b.text).is_some() || item_opener(&b.text).is_some())
        })?;
    let end = blocks
        .iter()
        .enumerate()
        .skip(heading + 1)
        .find(|(_, b)| {
            is_disclaimer(&b.text)
                || (b.text.chars().count() < MAX_HEADING_CHARS && is_later_section(&b.text))
        })
        .map_or(blocks.len(), |(i, _)| i);
    Some(Shape {
        title,
        title_end,
        heading,
        end,
    })
}

/// The position a lead-in paragraph states, when it is one.
pub fn position(text: &str) -> Option<Position> {
    let lower = text.to_lowercase();
    if !lower.contains("recommendation") {
        return None;
    }
    if NOT_SUPPORTED.is_match(text) {
        Some(Position::NotSupported)
    } else if TO_EXAMINE.is_match(text) {
        Some(Position::ToExamine)
    } else if NOTED.is_match(text) {
        Some(Position::Noted)
    } else if SUPPORTED.is_match(text) {
        Some(Position::Supported)
    } else {
        None
    }
}

/// A paragraph that opens a block: it speaks of the recommendations below
/// and ends with a colon, or states a position.
fn is_lead_in(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("recommendation")
        && (text.trim_end().ends_with(':') || position(text).is_some())
        && !lower.starts_with("regarding")
}

/// A thematic sub-heading between recommendations: short, capitalised, no
/// closing punctuation, no number.
fn is_sub_heading(text: &str) -> bool {
    text.chars().count() <= MAX_HEADING_CHARS
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.ends_with(['.', ';', ':', ',', ')'])
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !text.contains('(')
}

/// A recommendation's States: the lists that end it (taken out of the
/// text) and those inside it (left in), in order of first appearance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StateLists {
    /// The text without its number, final State lists and closing mark.
    pub text: String,
    pub states: Vec<String>,
    /// Names in a final list that are no known State.
    pub unknown: Vec<String>,
    /// The text ends inside a parenthesis that never closes.
    pub unclosed: bool,
}

/// The parts of a parenthesised list: split at commas and semicolons
/// outside inner parentheses, then at ` and ` where both sides name States
/// (`France and Spain`, but `Trinidad and Tobago` whole); footnote markers
/// dropped.
fn list_parts(inner: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut depth = 0u32;
    let mut current = String::new();
    for c in inner.chars() {
        match c {
            '(' => depth = depth.saturating_add(1),
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && (c == ',' || c == ';') {
            pieces.push(std::mem::take(&mut current));
            continue;
        }
        current.push(c);
    }
    pieces.push(current);
    let mut parts = Vec::new();
    for piece in pieces {
        let piece = piece.trim();
        let piece = piece.strip_prefix("and ").unwrap_or(piece).trim();
        if piece.is_empty() {
            continue;
        }
        let name = states::split_footnote(piece).0;
        if states::is_state(name) {
            parts.push(name.to_string());
            continue;
        }
        let split: Vec<&str> = name.split(" and ").map(str::trim).collect();
        if split.len() > 1
            && split
                .iter()
                .all(|s| states::is_state(states::split_footnote(s).0))
        {
            parts.extend(split.iter().map(|s| states::split_footnote(s).0.to_string()));
        } else {
            parts.push(name.to_string());
        }
    }
    parts
}

/// Whether the parts of a list read as names of States that the list
/// does not know (a misspelling, a name of a later year): capitalised
/// words, not acronyms, no digits, a few words each.
fn looks_like_names(parts: &[String]) -> bool {
    !parts.is_empty()
        && parts.iter().all(|p| {
            p.starts_with(|c: char| c.is_uppercase())
                && p.chars().any(|c| c.is_lowercase())
                && !p.chars().any(|c| c.is_ascii_digit())
                && p.split_whitespace().count() <= 6
                && p.split_whitespace().all(|w| {
                    w.starts_with(|c: char| c.is_uppercase() || c == '(')
                        || ["of", "and", "the", "de", "du", "des"].contains(&w)
                })
        })
}

/// The byte index of the `(` that the `)` ending `text` closes.
fn opening_of_last(text: &str) -> Option<usize> {
    let mut depth = 0u32;
    for (i, c) in text.char_indices().rev() {
        match c {
            ')' => depth = depth.saturating_add(1),
            '(' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Strip what may follow a final State list: `;`, `.`, `; and`, footnote
/// markers (`(Belgium);1`).
fn strip_tail(text: &str) -> &str {
    let mut t = text.trim_end();
    loop {
        let before = t;
        // Footnote markers right after a list or its mark: `(Belgium);1`.
        let digits = t.trim_end_matches(|c: char| c.is_ascii_digit());
        if digits.len() < t.len()
            && t.len() - digits.len() <= 3
            && digits.trim_end().ends_with([';', ')', '.', ','])
        {
            t = digits.trim_end();
        }
        t = t.trim_end_matches(['*', '†', '∗']).trim_end();
        if let Some(rest) = t.strip_suffix(" and") {
            t = rest.trim_end();
        }
        t = t.trim_end_matches([';', '.', ',']).trim_end();
        if t == before {
            return t;
        }
    }
}

/// Read the State lists of a recommendation's text.
pub fn state_lists(text: &str) -> StateLists {
    let mut out = StateLists::default();
    let mut body = strip_tail(text).to_string();
    let mut finals: Vec<Vec<String>> = Vec::new();
    for _ in 0..MAX_FINAL_LISTS {
        // Between two final lists, a separator: `(Togo), (Paraguay)`. What
        // stands before the first list is the text's own: `standards, (Argentina)`.
        let trimmed = match finals.is_empty() {
            true => body.trim_end(),
            false => body.trim_end().trim_end_matches([',', ';']).trim_end(),
        };
        if !trimmed.ends_with(')') {
            break;
        }
        let Some(open) = opening_of_last(trimmed) else {
            out.unclosed = false;
            break;
        };
        let inner = trimmed.get(open + 1..trimmed.len() - 1).unwrap_or_default();
        let parts = list_parts(inner);
        let known = parts.iter().filter(|p| states::is_state(p)).count();
        // The last group is a State list when it names any State; a group
        // before it only when it names nothing else (`(CRPD) (Hungary)`).
        let is_list = if finals.is_empty() {
            known > 0 || looks_like_names(&parts)
        } else {
            known > 0 && known == parts.len()
        };
        if !is_list {
            break;
        }
        if finals.is_empty() {
            out.unknown = parts.iter().filter(|p| !states::is_state(p)).cloned().collect();
        }
        finals.push(parts);
        body = trimmed.get(..open).unwrap_or_default().trim_end().to_string();
    }
    if finals.is_empty() && crate::clean::ends_inside_parenthesis(&body) {
        out.unclosed = true;
    }
    // Lists inside the text: every group of nothing but States.
    let mut inner: Vec<String> = Vec::new();
    let mut depth = 0u32;
    let mut start = 0usize;
    for (i, c) in body.char_indices() {
        match c {
            '(' => {
                if depth == 0 {
                    start = i;
                }
                depth = depth.saturating_add(1);
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let parts = list_parts(body.get(start + 1..i).unwrap_or_default());
                    if !parts.is_empty() && parts.iter().all(|p| states::is_state(p)) {
                        inner.extend(parts);
                    }
                }
            }
            _ => {}
        }
    }
    for name in inner.into_iter().chain(finals.into_iter().rev().flatten()) {
        if !out.states.contains(&name) {
            out.states.push(name);
        }
    }
    out.text = body;
    out
}

/// A block split where a line opens the next item without its dot
/// (`73 Ensure …` after a line ending `;`): the clean stage joins such a
/// line to the item before it. `last` is the item number before the
/// block's own lines.
fn split_missed_items(
    block: &Block,
    evidence: &Evidence,
    last: Option<u32>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    // The item the block opens with, else the one before it.
    let mut expected = item_number(&block.text).or(last).map(|n| n + 1);
    let mut out: Vec<Block> = Vec::new();
    let mut current: Vec<BlockLine> = Vec::new();
    for line in block.lines().iter() {
        let number = line_item(line.text.trim_start()).map(|(p, i, _)| i.unwrap_or(p));
        let opens = current
            .last()
            .is_some_and(|prev| prev.text.trim_end().ends_with([';', '.']))
            && number.is_some()
            && number == expected;
        if opens {
            out.push(block_of(std::mem::take(&mut current), evidence));
            expected = number.map(|n| n + 1);
            dotless(diagnostics, &line.location);
        }
        current.push(line.clone());
    }
    if !current.is_empty() {
        out.push(block_of(current, evidence));
    }
    if out.len() <= 1 {
        // A block of its own that opens the next item without its dot.
        let dotless = line_item(&block.text).is_some_and(|(p, i, _)| {
            item_number(&block.text).is_none() && Some(i.unwrap_or(p)) == last.map(|l| l + 1)
        });
        if dotless {
            self::dotless(diagnostics, &block.start);
            return vec![block_of(block.lines().into_owned(), evidence)];
        }
        return vec![block.clone()];
    }
    out
}

fn dotless(diagnostics: &mut Vec<Diagnostic>, at: &Location) {
    diagnostics.push(Diagnostic::new(
        Code::NumberForm,
        at.clone(),
        "an item's number stands without its dot; read as the next item".to_string(),
    ));
}

/// A section heading after the conclusions: `III. …` to `VI. …`,
/// `Annex`, `Annexes`.
fn is_later_section(text: &str) -> bool {
    let numbered =
        super::roman_heading(text).is_some_and(|(numeral, _)| ["III", "IV", "V", "VI"].contains(&numeral));
    let annex = ["Annexes", "Annexe", "Annexs", "Annex"].iter().any(|word| {
        text.strip_prefix(word)
            .is_some_and(|r| !r.starts_with(crate::clean::is_word_char))
    });
    numbered || annex || text.starts_with("ANNEX")
}

/// An item opening a block: `131.16 Text`, or glued, `131.16.Text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ItemOpener<'t> {
    paragraph: u32,
    item: u32,
    text: &'t str,
    /// The text follows the number's dot with no space.
    glued: bool,
}

fn item_opener(text: &str) -> Option<ItemOpener<'_>> {
    let (paragraph, rest) = super::leading_number(text, 3)?;
    let (item, rest) = super::leading_number(rest.strip_prefix('.')?, 3)?;
    let (body, glued) = match rest.strip_prefix('.') {
        Some(after) => {
            let body = after.trim_start();
            (body, body.len() == after.len())
        }
        None => (super::spaced_line(rest)?, false),
    };
    Some(ItemOpener {
        paragraph: paragraph.parse().ok()?,
        item: item.parse().ok()?,
        text: super::line_text(body)?,
        glued,
    })
}

/// A paragraph number opening a block, `90.` (or `90. Text`): the number,
/// its text, and whether the text follows the dot with no space.
fn numbered_opener(text: &str) -> Option<(u32, Option<&str>, bool)> {
    let (n, rest) = super::leading_number(text, 3)?;
    let rest = rest.strip_prefix('.')?;
    let n = n.parse().ok()?;
    if rest.is_empty() {
        return Some((n, None, false));
    }
    let body = super::line_text(rest.trim_start())?;
    Some((n, Some(body), body.len() == rest.len()))
}

/// A line or block opening with an item's number and no dot after it:
/// `73 Ensure`, `131.16 Ensure`: the paragraph number, the item number
/// when there is one, and where the paragraph number ends.
fn line_item(text: &str) -> Option<(u32, Option<u32>, usize)> {
    let (p, rest) = super::leading_number(text, 3)?;
    let opens_text = |r: &str| {
        let r = r.strip_prefix('.').unwrap_or(r);
        let word = r.trim_start();
        word.len() < r.len() && word.chars().next().is_some_and(crate::clean::is_uppercase_letter)
    };
    let p_number = p.parse().ok()?;
    let item = rest
        .strip_prefix('.')
        .and_then(|r| super::leading_number(r, 3))
        .filter(|(_, after)| opens_text(after));
    match item {
        Some((i, _)) => Some((p_number, Some(i.parse().ok()?), p.len())),
        None => opens_text(rest).then_some((p_number, None, p.len())),
    }
}

/// The item number a block opens with: `16` of `131.16 …`, `3` of `3. …`.
fn item_number(text: &str) -> Option<u32> {
    if let Some(item) = item_opener(text) {
        return Some(item.item);
    }
    numbered_opener(text).map(|(n, _, _)| n)
}

fn block_of(lines: Vec<BlockLine>, evidence: &Evidence) -> Block {
    let mut text = String::new();
    for line in &lines {
        if text.is_empty() {
            text = crate::clean::collapse(&line.text);
        } else {
            evidence.push(&mut text, &line.text);
        }
    }
    // A number and its text with no dot between: `73 Ensure`.
    if let Some((_, None, end)) = line_item(&text)
        && let (Some(number), Some(rest)) = (text.get(..end), text.get(end..))
        && !rest.starts_with('.')
    {
        text = format!("{number}.{rest}");
    }
    Block::new(text, lines)
}

/// The State under review: the short block after the title.
fn state_under_review(blocks: &[Block], title: usize, title_end: usize) -> Option<String> {
    let name = |text: &str| {
        let text = text.trim().trim_end_matches(['*', '∗']).trim();
        (text.chars().count() <= 80 && !text.ends_with(['.', ':', ';']) && !text.is_empty())
            .then(|| text.to_string())
    };
    // In the title's own block, after it (`… Periodic Review Argentina *`).
    let joined: Vec<&str> = blocks
        .get(title..=title_end)
        .unwrap_or_default()
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    let joined = joined.join(" ");
    if let Some(m) = TITLE.find(&joined)
        && let Some(after) = joined
            .get(m.end..)
            .and_then(|rest| name(rest.trim_start_matches(['*', '∗'])))
    {
        return Some(after);
    }
    name(&blocks.get(title_end + 1)?.text)
}

/// The State a review's other document (an addendum) names after the
/// report's title, within its first `front` blocks; the title may be set
/// over two blocks.
pub(super) fn state_named(blocks: &[Block], front: usize) -> Option<String> {
    let front = blocks.get(..front.min(blocks.len()))?;
    (0..front.len()).find_map(|i| {
        let one = front.get(i).is_some_and(|b| TITLE.find(&b.text).is_some());
        let two = !one
            && matches!(front.get(i..=i + 1), Some([a, b]) if TITLE.find(&format!("{} {}", a.text, b.text)).is_some());
        match (one, two) {
            (true, _) => state_under_review(blocks, i, i),
            (_, true) => state_under_review(blocks, i, i + 1),
            _ => None,
        }
    })
}

/// The title's words: from `Report` to the end of `Review`.
fn title_of(blocks: &[Block], title: usize, title_end: usize) -> Option<String> {
    let joined: Vec<&str> = blocks
        .get(title..=title_end)?
        .iter()
        .map(|b| b.text.as_str())
        .collect();
    let joined = joined.join(" ");
    let m = TITLE.find(&joined)?;
    Some(joined.get(m)?.trim().to_string())
}

impl Profile for UprReport {
    /// The title "Report of the Working Group on the Universal Periodic
    /// Review" and the conclusions section after it.
    fn detect(&self, outline: &Outline) -> Score {
        match shape(outline.blocks()) {
            Some(_) => Score::NAMED,
            None => Score::NONE,
        }
    }

    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let Some(shape) = shape(blocks) else {
            return Body::default();
        };
        let metadata = report_metadata(outline, &shape);
        // The report's own symbol names its records; without one, the file.
        let prefix = record_prefix(metadata.symbol.as_deref(), outline.file());
        let mut reader = Reader::new(prefix, outline.evidence(), diagnostics);
        reader.read_section(blocks.get(shape.heading + 1..shape.end).unwrap_or_default(), outline);
        let Reader {
            groups, mut units, ..
        } = reader;
        take_state_lists(&mut units, diagnostics);
        decided_responses(&mut units, metadata.symbol.as_deref().unwrap_or(outline.file()));
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::ItemNumbering, Check::NonEmpty]
    }

    fn expects(&self) -> &'static str {
        "a section `Conclusions and/or recommendations` of numbered recommendations"
    }
}

/// The responses the report itself records: a unit in a block the State
/// supported, noted or did not support has that response, its source the
/// block's paragraph (`A/HRC/8/45 - Para.60`); the State's addendum answers
/// the rest.
fn decided_responses(units: &mut [Unit], source: &str) {
    for unit in units {
        let paragraph = match unit.path.first() {
            Some(Label::Paragraph(p)) => Some(*p),
            _ => None,
        };
        let Some(review) = unit.review_mut() else { continue };
        let Some(response) = review.position.and_then(Response::decided) else {
            continue;
        };
        review.response = Some(response);
        review.response_source = Some(match paragraph {
            Some(p) => format!("{source} - Para.{p}"),
            None => source.to_string(),
        });
    }
}

/// The masthead up to the title, the title's words (a title set over two
/// lines is no title and subtitle) and the State under review.
fn report_metadata(outline: &Outline, shape: &Shape) -> Metadata {
    let blocks = outline.blocks();
    let mut metadata = super::metadata::read_masthead(
        blocks.get(..shape.title_end + 1).unwrap_or_default(),
        &outline.blocks.furniture,
    );
    let title = title_of(blocks, shape.title, shape.title_end).unwrap_or_default();
    if metadata
        .subtitle
        .as_ref()
        .is_some_and(|sub| title.contains(sub.trim_end_matches(['*', '∗'])))
    {
        metadata.subtitle = None;
    }
    metadata.title = Some(title);
    metadata.extension = DocumentExtension::Review(ReviewDocument {
        state_under_review: state_under_review(blocks, shape.title, shape.title_end),
        stated_totals: None,
        review_date: blocks.iter().find_map(|b| review_date(&b.text)),
    });
    metadata
}

/// The day of the review, ISO 8601, from the introduction's sentence: `The
/// review of Slovenia was held at the 13th meeting, on 12 November 2019`,
/// `… at the 1st meeting on 2 May 2011`, `… took place at its 10th meeting,
/// held on 4 May 2012`: the first date after `held`, in the sentence that
/// names the review of a State.
fn review_date(text: &str) -> Option<String> {
    // ASCII case folding keeps every byte where it was in `text`.
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower.get(from..)?.find("the review of ") {
        let start = from + at;
        from = start + "the review of ".len();
        // The sentence ends at a full stop before a space or the text's end.
        let rest = lower.get(start..)?;
        let end = rest
            .match_indices('.')
            .find(|(i, _)| rest.get(i + 1..).is_none_or(|r| r.is_empty() || r.starts_with(char::is_whitespace)))
            .map_or(rest.len(), |(i, _)| i);
        let sentence = rest.get(..end)?;
        let Some(held) = sentence.find(" held ") else { continue };
        let after = text.get(start + held..start + end)?;
        if let Some((range, _)) = super::dates::find_range(after) {
            return Some(range.start.iso());
        }
    }
    None
}

/// The prefix of a UPR record's id: the report's symbol made URL-safe, or
/// without one, the file's name less its extension.
pub(super) fn record_prefix(symbol: Option<&str>, file: &str) -> String {
    match symbol {
        Some(symbol) => slug(symbol),
        None => slug(file.rsplit_once('.').map_or(file, |(stem, _)| stem)),
    }
}

/// Take each recommendation's State lists out of its text into its
/// recommending States; a list cut short, a name that is no State and a
/// recommendation without States are told.
fn take_state_lists(units: &mut [Unit], diagnostics: &mut Vec<Diagnostic>) {
    for unit in units {
        let lists = state_lists(&unit.text);
        let label = unit.paragraph().unwrap_or_default();
        if lists.unclosed {
            diagnostics.push(Diagnostic::new(
                Code::StateListUnclosed,
                unit.start.clone(),
                format!("recommendation {label} ends inside a parenthesis that never closes: its State list may be cut"),
            ));
        }
        if !lists.unknown.is_empty() {
            diagnostics.push(Diagnostic::new(
                Code::UnknownState,
                unit.start.clone(),
                format!(
                    "recommendation {label} names {} in its State list, which is no UN Member or Observer State name; kept as written",
                    lists
                        .unknown
                        .iter()
                        .map(|u| format!("`{u}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        if lists.states.is_empty() && !lists.unclosed {
            diagnostics.push(Diagnostic::new(
                Code::NoRecommendingState,
                unit.start.clone(),
                format!("recommendation {label} names no recommending State"),
            ));
        }
        unit.text = lists.text;
        if let Some(review) = unit.review_mut() {
            review.recommending_states = lists.states;
        }
    }
}

/// The reading of the conclusions: the groups and units so far, and the
/// block and item last seen.
struct Reader<'a> {
    prefix: String,
    evidence: &'a Evidence,
    diagnostics: &'a mut Vec<Diagnostic>,
    groups: Vec<Group>,
    units: Vec<Unit>,
    /// The open block's paragraph number and group.
    paragraph: Option<(u32, usize)>,
    position: Option<Position>,
    /// The group units fall under now (the block, or a heading in it).
    group: Option<usize>,
    /// The last unit, by index.
    last: Option<usize>,
    /// Whether the last unit may take a continuation.
    open: bool,
    /// Whether the open block numbers its items `131.1` (not `1.`).
    multi_level: bool,
    /// The paragraph that opened the State's comments, while they last.
    comments: Option<u32>,
}

impl<'a> Reader<'a> {
    fn new(prefix: String, evidence: &'a Evidence, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Reader {
            prefix,
            evidence,
            diagnostics,
            groups: Vec::new(),
            units: Vec::new(),
            paragraph: None,
            position: None,
            comments: None,
            group: None,
            last: None,
            open: false,
            multi_level: false,
        }
    }

    /// Read the section's blocks, each split where a line opens the next
    /// item without its dot.
    fn read_section(&mut self, blocks: &[Block], outline: &Outline) {
        for original in blocks {
            if outline.units_full(self.units.len()) {
                break;
            }
            let last = self.last_item();
            for block in split_missed_items(original, self.evidence, last, self.diagnostics) {
                self.read_block(&block);
            }
        }
    }

    /// Read one block of the section: a footnote left in the text, an
    /// item, a numbered paragraph, a sub-heading, or the open unit's text.
    fn read_block(&mut self, block: &Block) {
        let text = block.text.as_str();
        if self.footnote(block) {
            return;
        }
        if let Some(item) = item_opener(text) {
            self.read_item(block, item);
            return;
        }
        if let Some((n, body, glued)) = numbered_opener(text) {
            self.read_numbered(block, n, body.unwrap_or_default(), glued);
            return;
        }
        if self.states_before_text(block) {
            return;
        }
        if is_sub_heading(text) && !self.open_needs_more() {
            let mut topic = Group::new(GroupKind::Topic, text, block.start.clone());
            topic.parent = self.paragraph.map(|(_, g)| g);
            self.group = Some(self.groups.len());
            self.groups.push(topic);
            self.open = false;
            return;
        }
        // Anything else goes on with the open unit: a line set apart, a
        // lettered part of the recommendation.
        match self.last.filter(|_| self.open).and_then(|i| self.units.get_mut(i)) {
            Some(unit) => {
                self.evidence.push(&mut unit.text, text);
                unit.end = block.end().clone();
            }
            None => self.note(
                Code::UnattachedParagraph,
                block,
                "text in the conclusions that belongs to no recommendation".to_string(),
            ),
        }
    }

    /// A footnote left in the text, on a recommendation or on the section's
    /// heading: whether the block is one (told, and no unit's part).
    fn footnote(&mut self, block: &Block) -> bool {
        let text = block.text.as_str();
        let message = if is_recommendation_footnote(text) {
            "a footnote on a recommendation (its original wording) is no part of it"
        } else if is_not_edited_note(text) {
            "the footnote saying the conclusions were not edited is no part of a recommendation"
        } else {
            return false;
        };
        self.note(Code::UnattachedParagraph, block, message.to_string());
        true
    }

    /// An item numbered on its line, `131.16 Text`: a recommendation, or the
    /// State's comment on one.
    fn read_item(&mut self, block: &Block, item: ItemOpener) {
        if item.glued {
            self.note(
                Code::NumberForm,
                block,
                "an item's number is glued to its text (`101.100.Continue`)".to_string(),
            );
        }
        let (p, i, body) = (item.paragraph, item.item, item.text);
        if self.comments == Some(p) || COMMENT.is_match(body) {
            self.note(
                Code::StateComment,
                block,
                format!("`{p}.{i}` is the State's comment on a recommendation, not a recommendation"),
            );
            self.open = false;
            return;
        }
        let mut para = p;
        match self.paragraph {
            Some((current, _)) if current != p => {
                let follows = self.last_item().is_some_and(|l| l + 1 == i);
                if follows {
                    self.diagnostics.push(Diagnostic::new(
                        Code::ParagraphMistyped,
                        block.start.clone(),
                        format!(
                            "`{p}.{i}` stands among the items of paragraph {current}: read as {current}.{i}"
                        ),
                    ));
                    para = current;
                } else {
                    self.open_block(p, None, block);
                }
            }
            None => self.open_block(p, None, block),
            _ => {}
        }
        self.push(vec![Label::Paragraph(para), Label::Item(i)], body, block);
        self.multi_level = true;
    }

    /// A block opening with a paragraph number, `90. Text`: a lead-in
    /// opening a block, an item numbered `1.` under one, the State's
    /// comment, or a paragraph of its own.
    fn read_numbered(&mut self, block: &Block, n: u32, body: &str, glued: bool) {
        if glued {
            self.note(
                Code::NumberForm,
                block,
                format!("the number `{n}.` is glued to its text"),
            );
        }
        if position(body).is_none() && COMMENTS_LEAD.is_match(body) {
            self.note(
                Code::StateComment,
                block,
                format!("paragraph {n} opens the State's comments on recommendations: its items are no recommendations"),
            );
            self.paragraph = None;
            self.open = false;
            self.comments = Some(n);
            return;
        }
        if is_lead_in(body) {
            self.open_block(n, Some(body), block);
            return;
        }
        // Under a lead-in whose items are numbered `1.`, `2.`, the next
        // number is an item; any other number is a paragraph of its own.
        // (In a block numbered `131.1`, a bare next number is an item that
        // lost its paragraph, unless it opens a list of its own.)
        let next_item = match self.last_item() {
            Some(l) => n == l + 1 && !(self.multi_level && body.trim_end().ends_with(':')),
            None => n == 1,
        };
        if self.comments.is_some() && self.paragraph.is_none() {
            self.note(
                Code::StateComment,
                block,
                format!("`{n}.` is one of the State's comments, not a recommendation"),
            );
            return;
        }
        if let Some((para, _)) = self.paragraph.filter(|_| next_item) {
            if COMMENT.is_match(body) {
                self.note(
                    Code::StateComment,
                    block,
                    format!("`{n}.` is the State's comment on a recommendation, not a recommendation"),
                );
                self.open = false;
                return;
            }
            self.push(vec![Label::Paragraph(para), Label::Item(n)], body, block);
            return;
        }
        self.note(
            Code::UnattachedParagraph,
            block,
            format!("paragraph {n} of the conclusions opens no block of recommendations and is not one"),
        );
        self.paragraph = None;
        self.open = false;
    }

    /// A State list read before its text (a reader that misorders a line:
    /// `122.45 (Iraq);` then `Undertake …`): whether the block is the open
    /// unit's text, which then goes first.
    fn states_before_text(&mut self, block: &Block) -> bool {
        let Some(unit) = self.last.filter(|_| self.open).and_then(|i| self.units.get_mut(i)) else {
            return false;
        };
        if !state_lists(&unit.text).text.is_empty() || unit.text.is_empty() {
            return false;
        }
        unit.text = format!("{} {}", crate::clean::collapse(&block.text), unit.text);
        unit.end = block.end().clone();
        self.note(
            Code::ParagraphJoined,
            block,
            "text after a recommendation's State list is its text, read out of order".to_string(),
        );
        true
    }

    /// Open a block of recommendations at its paragraph number, with the
    /// position its lead-in states.
    fn open_block(&mut self, number: u32, lead_in: Option<&str>, block: &Block) {
        let position = lead_in.and_then(position);
        if lead_in.is_some() && position.is_none() {
            self.note(
                Code::PositionUnstated,
                block,
                format!(
                    "the lead-in of paragraph {number} states no position the profile knows (supported, to examine, not supported, noted)"
                ),
            );
        }
        let mut group = Group::new(GroupKind::Block, lead_in.unwrap_or_default(), block.start.clone());
        group.numeral = Some(number.to_string());
        self.paragraph = Some((number, self.groups.len()));
        self.group = Some(self.groups.len());
        self.position = position;
        self.comments = None;
        self.open = false;
        self.last = None;
        self.multi_level = false;
        self.groups.push(group);
    }

    fn push(&mut self, path: Vec<Label>, text: &str, block: &Block) {
        let mut unit = Unit::new(
            unit_id(&self.prefix, &path),
            path,
            text.to_string(),
            block.start.clone(),
            block.end().clone(),
        );
        unit.group = self.group;
        unit.extension = Extension::Review(Box::new(Review {
            position: self.position,
            ..Review::default()
        }));
        self.units.push(unit);
        self.last = Some(self.units.len() - 1);
        self.open = true;
    }

    fn last_item(&self) -> Option<u32> {
        let unit = self.units.get(self.last?)?;
        match unit.path.last() {
            Some(Label::Item(i)) => Some(*i),
            _ => None,
        }
    }

    /// Whether the open unit stops mid-sentence, so that what follows is
    /// its continuation even when it looks like a heading.
    fn open_needs_more(&self) -> bool {
        self.open
            && self
                .last
                .and_then(|i| self.units.get(i))
                .is_some_and(|u| !u.text.trim_end().ends_with([';', '.', ':']))
    }

    /// Tell, at the block's start, what became of it.
    fn note(&mut self, code: Code, block: &Block, message: String) {
        self.diagnostics.push(Diagnostic::new(code, block.start.clone(), message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_date_from_the_introduction_in_each_wording() {
        for (text, date) in [
            (
                "4. The review of Slovenia was held at the 13th meeting, on 12 November 2019. The delegation of Slovenia was headed by the Minister.",
                Some("2019-11-12"),
            ),
            (
                "The review of Belgium was held at the 1st meeting on 2 May 2011. The delegation was headed by H.E. Mr. X.",
                Some("2011-05-02"),
            ),
            (
                "The review of India took place at its 10th meeting, held on 24 May 2012.",
                Some("2012-05-24"),
            ),
            (
                "THE REVIEW OF UKRAINE WAS HELD AT THE 9TH MEETING ON 9 MAY 2008.",
                Some("2008-05-09"),
            ),
            // Troikas and documents name the review with no date held.
            (
                "The following rapporteurs were selected to facilitate the review of Slovenia: Egypt, Brazil. Issued on 1 May 2010.",
                None,
            ),
            ("The review of Norway was held at the 4th meeting.", None),
        ] {
            assert_eq!(review_date(text).as_deref(), date, "{text}");
        }
    }

    #[test]
    fn openers_read_as_the_patterns_did() {
        use crate::pattern::assert_reads_as;
        let int = |m: Option<regex::Match<'_>>| m.map(|m| m.as_str().parse::<u32>().unwrap());
        let pieces = ["131", "1234", "16", ".", " ", "\u{a0}", "\n", "Ensure", "x", "É"];
        let n = assert_reads_as(
            &pieces,
            5,
            r"^(?P<p>[0-9]{1,3})\.(?P<i>[0-9]{1,3})(?:\.\s*|\s+)(?P<text>\S.*)$",
            |c| {
                c.map(|c| {
                    let text = c.name("text").unwrap();
                    let glued = c.get(0).unwrap().as_str().get(text.start() - 1..text.start()) == Some(".");
                    (
                        int(c.name("p")),
                        int(c.name("i")),
                        text.as_str().to_string(),
                        glued,
                    )
                })
            },
            |t| item_opener(t).map(|o| (Some(o.paragraph), Some(o.item), o.text.to_string(), o.glued)),
        );
        assert_eq!(n, 111_111);
        assert_reads_as(
            &pieces,
            5,
            r"^(?P<n>[0-9]{1,3})\.(?:\s*(?P<text>\S.*))?$",
            |c| {
                c.map(|c| {
                    let text = c.name("text");
                    let glued = text.is_some_and(|t| {
                        c.get(0).unwrap().as_str().get(t.start() - 1..t.start()) == Some(".")
                    });
                    (
                        int(c.name("n")).unwrap(),
                        text.map(|t| t.as_str().to_string()),
                        glued,
                    )
                })
            },
            |t| numbered_opener(t).map(|(n, text, glued)| (n, text.map(str::to_string), glued)),
        );
        assert_reads_as(
            &pieces,
            5,
            r"^(?P<p>[0-9]{1,3})(?:\.(?P<i>[0-9]{1,3}))?\.?\s+\p{Lu}",
            |c| {
                c.map(|c| {
                    (
                        int(c.name("p")).unwrap(),
                        int(c.name("i")),
                        c.name("p").unwrap().end(),
                    )
                })
            },
            line_item,
        );
        let n = assert_reads_as(
            &[
                "III", "IV", "V", "I", "Annex", "ANNEX", "e", "s", ".", " ", "x", "é", "-",
            ],
            4,
            r"^(?:(?:III|IV|V|VI)\.\s+\S|Annexe?s?\b|ANNEX)",
            |c| c.is_some(),
            is_later_section,
        );
        assert_eq!(n, 30_941);
    }

    /// The phrases found in code read every generated text as the
    /// case-insensitive patterns they replace.
    #[test]
    fn phrases_read_as_the_patterns_did() {
        type Ours = fn(&str) -> bool;
        let positions: &[&str] = &[
            "not ",
            "been ",
            "Supported",
            "accept",
            "ed",
            " ",
            "\u{a0}",
            "x",
            "can",
            "NOT",
            "é",
            "rejected",
            "do",
            "es ",
            "enjoy",
            "the support",
            "ſ",
        ];
        let examine: &[&str] = &[
            "will ",
            "be ",
            "examine",
            "d",
            "Consider",
            "respond",
            "provide ",
            "its ",
            "response",
            "s",
            " ",
            "x",
            "in due ",
            "Course",
            "under consideration",
        ];
        let noted: &[&str] = &[
            "were ", "is", " ", "noted", "NOTED", " by", "took ", "takes", "note", "x", "_",
        ];
        let headings: &[&str] = &[
            "IV.",
            "x",
            "I",
            ".",
            " ",
            "Conclusions",
            " and",
            "/",
            "or ",
            "recommendations",
            "s",
            "All ",
            "the ",
            "12",
            "1234",
            "*",
            "∗",
        ];
        let edited: &[&str] = &[
            "*",
            "∗",
            " ",
            "The ",
            "conclusions and recommendations",
            "/or",
            " have",
            "has ",
            "not been ",
            "edited",
            "x",
        ];
        let footnotes: &[&str] = &[
            "1",
            "123",
            "*",
            "†",
            " ",
            "The ",
            "recommendation ",
            "as ",
            "originally ",
            "formulated",
            "made",
            "original ",
            "text",
            "Wording",
            "x",
        ];
        let comments: &[&str] = &[
            "On ",
            "on",
            "With ",
            "regard ",
            "respect ",
            "to ",
            "as regards ",
            "recommendation",
            "s",
            " ",
            "x",
            "Concerning",
        ];
        let cases: [(&[&str], usize, &str, Ours); 9] = [
            (
                positions,
                4,
                r"(?i)\b(?:did|do|does)\s+not\s+(?:enjoy|have|receive)\s+the\s+support|\bnot\s+(?:been\s+)?(?:supported|accepted)\b|\brejected\b|\b(?:can|could)\s*not\s+(?:support|accept)\b",
                |t| NOT_SUPPORTED.is_match(t),
            ),
            (
                positions,
                4,
                r"(?i)\benjoys?\s+the\s+support\b|\benjoyed\s+the\s+support\b|\bsupported\b|\baccepted\b|\balready\s+implemented\b|\bin\s+the\s+process\s+of\s+implementation\b",
                |t| SUPPORTED.is_match(t),
            ),
            (
                examine,
                4,
                r"(?i)\bwill\s+(?:be\s+)?(?:examined|examine|considered|consider|studied|study)\b|\bwill\s+(?:respond|provide\s+(?:its\s+)?responses?)\b|\bunder\s+consideration\b|\bin\s+due\s+(?:course|time)\b",
                |t| TO_EXAMINE.is_match(t),
            ),
            (
                noted,
                4,
                r"(?i)\b(?:were|was|are|been|is)\s+noted\b|\btook\s+note\b|\btakes\s+note\b|\bnoted\s+by\b",
                |t| NOTED.is_match(t),
            ),
            (
                headings,
                4,
                r"(?i)^(?:[IVX]{1,5}\.\s*)?conclusions\s+and\s*(?:/\s*or\s+)?recommendations\b",
                is_section_title,
            ),
            (
                headings,
                4,
                r"(?i)^(?:[0-9]{1,3}\.\s*)?all\s+(?:the\s+)?conclusions\s+and\s*(?:/\s*or\s+)?recommendations\b",
                is_disclaimer,
            ),
            (
                edited,
                5,
                r"(?i)^[*∗]*\s*(?:the\s+)?conclusions\s+and\s*(?:/\s*or\s+)?recommendations\s+(?:have|has)\s+not\s+been\s+edited",
                is_not_edited_note,
            ),
            (
                footnotes,
                5,
                r"(?i)^(?:[0-9]{1,2}|[*∗†]{1,3})?\s*(?:the\s+recommendation\s+(?:as\s+(?:originally\s+)?(?:formulated|made)|originally\s+(?:made|formulated)|made\s+during\s+the\s+interactive\s+dialogue)|the\s+original\s+(?:text|recommendation)|original\s+(?:text|wording))\b",
                is_recommendation_footnote,
            ),
            (
                comments,
                5,
                r"(?i)^(?:regarding|with\s+regard\s+to|concerning|in\s+relation\s+to|as\s+regards|with\s+respect\s+to|on)\s+recommendations?\b",
                |t| COMMENT.is_match(t),
            ),
        ];
        let mut checked = 0;
        for (pieces, len, pattern, ours) in cases {
            checked += crate::pattern::assert_reads_as(pieces, len, pattern, |c| c.is_some(), ours);
        }
        // The title, where it ends.
        let title = "Report of the Working Group on the Universal Periodic Review";
        let pieces = [
            title,
            "REPORT of the working group on the universal periodic review",
            " ",
            "(",
            "x",
            "s",
        ];
        checked += crate::pattern::assert_reads_as(
            &pieces,
            4,
            r"(?i)(?:^|\s)report\s+of\s+the\s+working\s+group\s+on\s+the\s+universal\s+periodic\s+review\b",
            |c| c.map(|c| c.get(0).unwrap().end()),
            |t| TITLE.find(t).map(|m| m.end),
        );
        assert_eq!(checked, 1_689_090);
    }

    fn lists(text: &str) -> (String, Vec<String>) {
        let l = state_lists(text);
        (l.text, l.states)
    }

    #[test]
    fn final_state_lists() {
        assert_eq!(
            lists("Ratify the Convention (Austria, Mexico, Portugal);"),
            (
                "Ratify the Convention".into(),
                vec!["Austria".into(), "Mexico".into(), "Portugal".into()]
            )
        );
        assert_eq!(
            lists("Adopt measures (Iran (Islamic Republic of));"),
            ("Adopt measures".into(), vec!["Iran (Islamic Republic of)".into()])
        );
        assert_eq!(
            lists("Act now (Togo), (Paraguay);"),
            ("Act now".into(), vec!["Togo".into(), "Paraguay".into()])
        );
        assert_eq!(
            lists("Act now (Belgium) (France)."),
            ("Act now".into(), vec!["Belgium".into(), "France".into()])
        );
        assert_eq!(
            lists("Withdraw its declaration under the Convention on the Rights of Persons with Disabilities (CRPD) (Hungary);"),
            (
                "Withdraw its declaration under the Convention on the Rights of Persons with Disabilities (CRPD)".into(),
                vec!["Hungary".into()]
            )
        );
        assert_eq!(lists("Act (Belgium);1"), ("Act".into(), vec!["Belgium".into()]));
        assert_eq!(
            lists("Act (Czech Republic 4);"),
            ("Act".into(), vec!["Czech Republic".into()])
        );
        assert_eq!(lists("Act (Italy) ;"), ("Act".into(), vec!["Italy".into()]));
        // Punctuation printed before the list is the text's.
        assert_eq!(
            lists("in line with standards, (Argentina);"),
            ("in line with standards,".into(), vec!["Argentina".into()])
        );
        assert_eq!(lists("Act (France); and"), ("Act".into(), vec!["France".into()]));
        assert_eq!(
            lists("Act (United Kingdom of Great Britain and Northern Ireland, Trinidad and Tobago);"),
            (
                "Act".into(),
                vec![
                    "United Kingdom of Great Britain and Northern Ireland".into(),
                    "Trinidad and Tobago".into()
                ]
            )
        );
        assert_eq!(
            lists("Act (France and Spain);"),
            ("Act".into(), vec!["France".into(), "Spain".into()])
        );
        assert_eq!(
            lists("Act for minorities (the former Yugoslav Republic of Macedonia);"),
            (
                "Act for minorities".into(),
                vec!["the former Yugoslav Republic of Macedonia".into()]
            )
        );
    }

    #[test]
    fn lists_inside_the_text_stay_and_count() {
        let (text, states) = lists("Sign (France)/ratify (Argentina) the Convention (Chile);");
        assert_eq!(text, "Sign (France)/ratify (Argentina) the Convention");
        assert_eq!(states, ["France", "Argentina", "Chile"]);
    }

    #[test]
    fn unknown_and_unclosed() {
        let l = state_lists("Act now (Atlantis);");
        assert_eq!(l.unknown, ["Atlantis"]);
        assert_eq!(l.states, ["Atlantis"]);
        let l = state_lists("Act now (Atlantis, France);");
        assert_eq!(l.unknown, ["Atlantis"]);
        let l = state_lists("Act now (United Kingdom of Great Britain and");
        assert!(l.unclosed);
    }

    /// A small UPR report with the given conclusions section.
    fn report(conclusions: &str) -> crate::Extraction {
        let text = format!(
            "United Nations\n\nA/HRC/27/3\n\nGeneral Assembly\n\nDistr.: General\n7 July 2014\n\nOriginal: English\n\nHuman Rights Council\nTwenty-seventh session\n\nReport of the Working Group on the Universal Periodic Review\n\nNorway\n\nIntroduction\n\n1. The Working Group held its session.\n\nII. Conclusions and/or recommendations\n\n{conclusions}\n\nAnnex\n\nComposition of the delegation\n"
        );
        crate::extract("r.txt", text.as_bytes(), &crate::Config::default()).unwrap()
    }

    /// (paragraph, text, States, position) of every unit.
    fn units(x: &crate::Extraction) -> Vec<(String, String, String, &'static str)> {
        x.document
            .units
            .iter()
            .map(|u| {
                (
                    u.paragraph().unwrap_or_default(),
                    u.text.clone(),
                    u.review().unwrap().recommending_states.join(";"),
                    u.review().unwrap().position.map(|p| p.name()).unwrap_or("-"),
                )
            })
            .collect()
    }

    fn codes(x: &crate::Extraction) -> Vec<&'static str> {
        x.diagnostics
            .iter()
            .filter(|d| d.severity > crate::diagnostic::Severity::Note)
            .map(|d| d.code.name())
            .collect()
    }

    #[test]
    fn blocks_lead_ins_and_the_disclaimer() {
        let x = report(
            "131. The following recommendations enjoy the support of Norway:\n\n131.1 Ratify the Convention (France);\n\n131.2 Adopt a plan (Spain, Chile).\n\n132. The following recommendations will be examined by Norway, which will respond in due course:\n\n132.1 Consider acceding (Italy);\n\n133. The recommendations below did not enjoy the support of Norway:\n\n133.1 Abolish the law (Iran (Islamic Republic of)).\n\n134. All conclusions and/or recommendations contained in the present report reflect the position of the submitting State(s).",
        );
        assert_eq!(x.document.kind, crate::model::Kind::UprReport);
        assert_eq!(
            units(&x),
            [
                (
                    "131.1".into(),
                    "Ratify the Convention".into(),
                    "France".into(),
                    "supported"
                ),
                (
                    "131.2".into(),
                    "Adopt a plan".into(),
                    "Spain;Chile".into(),
                    "supported"
                ),
                (
                    "132.1".into(),
                    "Consider acceding".into(),
                    "Italy".into(),
                    "to_examine"
                ),
                (
                    "133.1".into(),
                    "Abolish the law".into(),
                    "Iran (Islamic Republic of)".into(),
                    "not_supported"
                ),
            ]
        );
        assert_eq!(
            x.document.units.first().map(|u| u.id.as_str()),
            Some("a-hrc-27-3-131-1")
        );
        assert_eq!(
            x.document
                .metadata
                .review()
                .unwrap()
                .state_under_review
                .as_deref(),
            Some("Norway")
        );
        assert!(codes(&x).is_empty(), "{:?}", x.diagnostics);
    }

    #[test]
    fn items_under_a_lead_in_paragraph_numbered_alone_glued_or_without_a_dot() {
        let x = report(
            "90. The recommendations listed below enjoy the support of Norway:\n\n1.\nContinue to act (Kuwait);\n\n2. Comply with its obligations (New Zealand);\n3 Keep on reporting (Sudan);\n\n4.Protect migrants (Chile);\n\n90.5.Train the police (Peru);\n\n6 Hear the victims (Chad);",
        );
        let got: Vec<(String, String)> = units(&x).into_iter().map(|u| (u.0, u.1)).collect();
        // The dotless 3 and 6, the glued 4 and 90.5: each a note.
        let forms = x
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::NumberForm)
            .count();
        assert_eq!(forms, 4, "{:#?}", x.diagnostics);
        assert_eq!(
            got,
            [
                ("90.1".into(), "Continue to act".into()),
                ("90.2".into(), "Comply with its obligations".into()),
                ("90.3".into(), "Keep on reporting".into()),
                ("90.4".into(), "Protect migrants".into()),
                ("90.5".into(), "Train the police".into()),
                ("90.6".into(), "Hear the victims".into()),
            ]
        );
    }

    #[test]
    fn a_mistyped_paragraph_number_is_read_as_its_blocks() {
        let x = report(
            "124. The following recommendations enjoy the support of Norway:\n\n124.59 Act (France);\n\n214.60 Act more (Spain);\n\n124.61 Act again (Italy);",
        );
        let got: Vec<String> = units(&x).into_iter().map(|u| u.0).collect();
        assert_eq!(got, ["124.59", "124.60", "124.61"]);
        assert!(codes(&x).contains(&"paragraph_mistyped"));
        // The numbering starts at 59: a gap before it is a finding.
        assert!(codes(&x).contains(&"numbering_start"));
    }

    #[test]
    fn lists_wrapped_over_lines_and_pages_and_footnotes_between() {
        let x = report(
            "131. The following recommendations enjoy the support of Norway:\n\n131.1 Ratify the Convention as soon as possible (United Kingdom of Great Britain and Northern\n\n\n\n\n\n_______\n1 The recommendation as originally formulated read: ratify.\nGE.14-07510\n\x0cA/HRC/27/3\n\nIreland);1\n\n131.2 Strengthen non-\ngovernmental organizations (Togo), (Paraguay); and\n\n131.3 Sign (France)/ratify (Argentina) the Convention on the Rights of Persons with Disabilities (CRPD) (Hungary);",
        );
        assert_eq!(
            units(&x),
            [
                (
                    "131.1".into(),
                    "Ratify the Convention as soon as possible".into(),
                    "United Kingdom of Great Britain and Northern Ireland".into(),
                    "supported"
                ),
                ("131.2".into(), "Strengthen non-governmental organizations".into(), "Togo;Paraguay".into(), "supported"),
                (
                    "131.3".into(),
                    "Sign (France)/ratify (Argentina) the Convention on the Rights of Persons with Disabilities (CRPD)".into(),
                    "France;Argentina;Hungary".into(),
                    "supported"
                ),
            ]
        );
    }

    #[test]
    fn comments_and_headings_are_no_units() {
        let x = report(
            "91. The following recommendations enjoy the support of Norway:\n\nFollow-up to the review\n\n91.1 Report back (Chile);\n\n92. The State made the following comments:\n\n92.1. Regarding recommendation No. 91.1, Norway said it would report.",
        );
        let got: Vec<String> = units(&x).into_iter().map(|u| u.0).collect();
        assert_eq!(got, ["91.1"]);
        let doc = &x.document;
        let unit = doc.units.first().unwrap();
        assert_eq!(
            doc.topic(unit).map(|g| g.title.as_str()),
            Some("Follow-up to the review")
        );
        assert!(x.diagnostics.iter().any(|d| d.code == Code::StateComment));
    }

    /// Regression: a State's comments opened by `<State> offered the
    /// following comments:`, with items worded `Regarding the
    /// recommendation No. 91.1`, were read as recommendations.
    #[test]
    fn comments_opened_by_their_lead_in_are_no_units() {
        let x = report(
            "91. The following recommendations enjoy the support of Norway:\n\n91.1 Report back (Chile);\n\n91.2 Ratify the Convention (Peru).\n\n92. Norway offered the following comments:\n\n92.1 Regarding the recommendation No. 91.1, Norway will report.\n\n92.2 Norway has ratified most instruments.\n\n93. The following recommendations were noted by Norway:\n\n93.1 Abolish the law (Japan).",
        );
        let got: Vec<String> = units(&x).into_iter().map(|u| u.0).collect();
        assert_eq!(got, ["91.1", "91.2", "93.1"]);
        let comments = x.diagnostics.iter().filter(|d| d.code == Code::StateComment).count();
        assert_eq!(comments, 3, "{:#?}", x.diagnostics);
        assert!(COMMENT.is_match("Regarding the recommendation No. 91.1, it said"));
    }

    #[test]
    fn footnotes_left_in_the_text_and_lists_read_before_their_text() {
        // Regression: poppler's text printed a footnote's original wording
        // after the recommendation, and a State list before its text.
        let x = report(
            "131. The following recommendations enjoy the support of Norway:\n\n131.1 Protect minorities (Denmark);\n\n1 The recommendation as originally formulated: \"Protect them\" (Mexico).\n\n131.2 (Iraq);\n\nUndertake awareness-raising campaigns\n\n131.3 Act (Italy); 1",
        );
        let got: Vec<(String, String)> = units(&x).into_iter().map(|u| (u.1, u.2)).collect();
        assert_eq!(
            got,
            [
                ("Protect minorities".into(), "Denmark".into()),
                ("Undertake awareness-raising campaigns".into(), "Iraq".into()),
                ("Act".into(), "Italy".into()),
            ]
        );
    }

    #[test]
    fn a_unit_with_no_state_or_an_unknown_one_is_a_warning() {
        let x = report(
            "131. The following recommendations enjoy the support of Norway:\n\n131.1 Ratify the Convention;\n\n131.2 Adopt a plan (Atlantis);",
        );
        assert_eq!(codes(&x), ["no_recommending_state", "unknown_state"]);
    }

    #[test]
    fn positions() {
        assert_eq!(
            position(
                "The following recommendations will be examined by Norway, which will respond in due course:"
            ),
            Some(Position::ToExamine)
        );
        assert_eq!(
            position(
                "The recommendations formulated during the interactive dialogue have been examined by Ukraine and the recommendations listed below enjoy the support of Ukraine:"
            ),
            Some(Position::Supported)
        );
        assert_eq!(
            position("The recommendations below did not enjoy the support of the Islamic Republic of Iran:"),
            Some(Position::NotSupported)
        );
        assert_eq!(
            position("The following recommendations were noted by India:"),
            Some(Position::Noted)
        );
        assert_eq!(position("In conclusion, Norway thanked delegations."), None);
    }
}
