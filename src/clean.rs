//! Cleaning: a [`Layout`] to [`Blocks`].
//!
//! Page furniture (running headers and footers, page numbers, job numbers,
//! bar codes, footnotes) is set aside with its kind and location, so that none
//! of it reaches a recommendation; it is recognised by its position on the
//! page together with its shape or its repetition across pages, never by one
//! document's strings. The remaining lines are joined into blocks (paragraphs,
//! headings, list items): a block starts at an enumerator (`12.`, `(a)`,
//! `IV.`) or after vertical space, a lone enumerator takes the line after it
//! (hanging indents), and a block that stops mid-sentence at a page break or
//! blank line is joined to the lowercase block that continues it. Line-end
//! hyphens are kept or removed on document-wide evidence.

use crate::diagnostic::{Diagnostic, Location};
use crate::pattern::{captures, matches};
use crate::read::{Layout, Line, Page, Source};
use regex::Regex;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Lines at the top of a page that may be a running header.
const HEADER_LINES: usize = 3;
/// Lines at the bottom of a page that may be a running footer.
const FOOTER_LINES: usize = 4;
/// A vertical gap wider than this many line pitches separates blocks.
const BLOCK_GAP: f32 = 1.4;
/// A first-line indent is at least this many font sizes.
const INDENT: f32 = 0.9;
/// Sizes further apart than this (points) belong to different blocks.
const SIZE_CHANGE: f32 = 0.6;
/// A line ending this close to the right edge of the text (as a share of the
/// text's width) is full: it was wrapped.
const FULL_LINE_SLACK: f32 = 0.12;
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
}

/// A line that is not part of the running text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Furniture {
    pub kind: FurnitureKind,
    pub text: String,
    pub location: Location,
}

/// One line of a block, as it stood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockLine {
    pub text: String,
    pub cells: Vec<String>,
    pub location: Location,
}

/// A paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// The lines joined, hyphens resolved, whitespace collapsed.
    pub text: String,
    pub lines: Vec<BlockLine>,
    pub start: Location,
    pub end: Location,
}

/// The output of the clean stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocks {
    pub source: Source,
    /// Whether locations carry real PDF page numbers.
    pub pdf_pages: bool,
    pub blocks: Vec<Block>,
    pub furniture: Vec<Furniture>,
    pub diagnostics: Vec<Diagnostic>,
    /// What the whole document says about joining its text (which words it
    /// writes whole or hyphenated, whether it hyphenates at line ends): an
    /// explicit value for the segment stage, which joins continuation
    /// paragraphs by it.
    pub evidence: Evidence,
}

/// An enumerator of any kind of document: `12.`, `12)`, `124.35.` (or
/// `124.35` before a capital, or glued to it), `(a)`, `(12)`, `IV.`, `A.`.
static ENUMERATOR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:\d{1,3}[.)]|\([a-z]{1,4}\)|\([0-9]{1,3}\)|[IVXLC]{1,7}\.|[A-Z]\.)(?:\s|$)|\d{1,3}(?:\.\d{1,3}){1,3}(?:\.?\s+\p{Lu}|\.\p{Lu}|\.?$))",
    )
    .ok()
});
/// A label word and a number opening a line, then punctuation or nothing:
/// `Recommendation 12:`, `Rec. 3.`, `Article 5`, `Annex 1`.
static NAMED_ENUMERATOR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\p{Lu}\p{Ll}{2,15}\.?\s+\d{1,3}(?:\s*[.:)](?:\s|$)|$)").ok());
static LONE_ENUMERATOR: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,3}[.)]|\d{1,3}(?:\.\d{1,3}){1,3}\.?|\([a-z]{1,4}\)|\([0-9]{1,3}\)|[IVXLC]{1,7}\.|[A-Z]\.)$").ok()
});
static PAGE_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:-\s*\d{1,4}\s*-|\d{1,4}(?:\s*/\s*\d{1,4})?|page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)$")
        .ok()
});
static JOB_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^[A-Z]{1,3}\.\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6})*(?:\s+\S{1,12})?$").ok()
});
static BAR_CODE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\*\d{6,}\*$").ok());
static SYMBOL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^[A-Z]{1,8}(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,8}$").ok());
static SEPARATOR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[_\-–—]{5,}$").ok());
static PARAGRAPH_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\d{1,3}\.\s").ok());
static SECTION_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[IVXLC]{1,7}\.\s").ok());
static LONE_MARK: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[*†‡§]{1,3}$").ok());
static NUMBERED_FOOTNOTE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<n>\d{1,2})\s+\S").ok());
static ASTERISK_FOOTNOTE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^\*{1,3}\s+\S").ok());

/// Whether a text opens with an enumerator such as `12.`, `124.35.`,
/// `(a)`, `IV.` or `Recommendation 12:`. Enumerators are shapes, the same
/// for every kind of document; what a number means is the profile's matter.
pub fn starts_with_enumerator(text: &str) -> bool {
    matches(&ENUMERATOR, text) || matches(&NAMED_ENUMERATOR, text)
}

/// Whether a cell looks like a UN document symbol (`A/HRC/43/15`).
pub fn is_symbol(text: &str) -> bool {
    matches(&SYMBOL, text)
}

/// Run the clean stage.
pub fn clean(layout: &Layout) -> Blocks {
    let file = layout.source.file.clone();
    let pdf_pages = layout.has_pdf_pages();
    let locate = |page: u32, line: &Line| Location::new(file.clone(), pdf_pages.then_some(page), line.number);

    let marks = mark_furniture(layout);
    let mut furniture = Vec::new();
    let mut body: Vec<(u32, &Line)> = Vec::new();
    for (page, page_marks) in layout.pages.iter().zip(&marks) {
        for (line, mark) in page.lines.iter().zip(page_marks) {
            match mark {
                Some(kind) => furniture.push(Furniture {
                    kind: *kind,
                    text: line.text.clone(),
                    location: locate(page.number, line),
                }),
                None => body.push((page.number, line)),
            }
        }
    }

    let plain: Vec<String> = body.iter().map(|(_, l)| drop_soft_hyphens(&l.text)).collect();
    let evidence = Evidence::new(plain.iter().map(String::as_str));
    let geometry = Geometry::new(&body);
    let mut blocks: Vec<Block> = Vec::new();
    let mut previous: Option<(u32, &Line)> = None;
    for &(page, line) in &body {
        let block_line = BlockLine {
            text: line.text.clone(),
            cells: line.cells.iter().map(|c| c.text.clone()).collect(),
            location: locate(page, line),
        };
        let continues = match (previous, blocks.last()) {
            (Some(prev), Some(block)) => geometry.continues(block, prev, (page, line)),
            _ => false,
        };
        match blocks.last_mut() {
            Some(block) if continues => {
                block.text = evidence.join(&block.text, &line.text);
                block.end = block_line.location.clone();
                block.lines.push(block_line);
            }
            _ => blocks.push(Block {
                text: collapse(&drop_soft_hyphens(&line.text)),
                start: block_line.location.clone(),
                end: block_line.location.clone(),
                lines: vec![block_line],
            }),
        }
        previous = Some((page, line));
    }

    Blocks {
        source: layout.source.clone(),
        pdf_pages,
        blocks,
        furniture,
        diagnostics: Vec::new(),
        evidence,
    }
}

/// Where the running text of each page stands, for telling wrapped lines
/// and indents.
struct Geometry {
    /// Left and right edges of each page's running text.
    extents: HashMap<u32, (f32, f32)>,
    /// The left edge most lines of a page start at: continuation lines, not
    /// headings or numbers set out in the margin.
    usual_left: HashMap<u32, f32>,
    /// Whether the document sets paragraphs with a first-line indent.
    first_line_indents: bool,
}

impl Geometry {
    fn new(body: &[(u32, &Line)]) -> Geometry {
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
        self.extents.get(&page).is_some_and(|(left, right)| {
            line.right >= right - FULL_LINE_SLACK * (right - left).max(f32::EPSILON)
        })
    }

    /// Whether `line` goes on with `block`, whose last line is `prev`.
    fn continues(&self, block: &Block, (prev_page, prev): (u32, &Line), (page, line): (u32, &Line)) -> bool {
        let lone = matches(&LONE_ENUMERATOR, &block.text);
        let same_page = prev_page == page;
        let gap = line.y - prev.y > BLOCK_GAP * prev.pitch.max(f32::EPSILON);
        let full = self.full(prev_page, prev);
        // A line set further in than the page's usual left edge (or, after a
        // wrapped continuation line, further in than it) opens a paragraph.
        let page_left = self.usual_left.get(&page).copied().unwrap_or(line.x);
        let indented = (self.first_line_indents && line.x > page_left + INDENT * line.size)
            || (full && block.lines.len() >= 2 && line.x > prev.x + INDENT * line.size);
        // A change of size is a change of role: a heading above running text.
        let resized = (prev.size - line.size).abs() > SIZE_CHANGE;
        // `13)` that closes a parenthesis the block opened is no enumerator:
        // `(first meeting, recommendation` / `13)`.
        let closes_parenthesis = ends_inside_parenthesis(&block.text)
            && line.text.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let enumerated = starts_with_enumerator(&line.text) && !closes_parenthesis;
        let wrapped = !same_page && full && !indented && (prev.size - line.size).abs() < 0.5;
        (lone && !enumerated)
            || (same_page && !gap && !resized && !enumerated && !indented)
            || (!enumerated && stops_mid_sentence(&block.text, &line.text, wrapped))
    }
}

/// Whether a text stops inside a parenthesis it opened (a `)` with no `(`
/// before it, as in `1)`, closes nothing).
pub fn ends_inside_parenthesis(text: &str) -> bool {
    let depth = text.chars().fold(0u32, |depth, c| match c {
        '(' => depth.saturating_add(1),
        ')' => depth.saturating_sub(1),
        _ => depth,
    });
    depth > 0
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
        let full = extents.get(page_a).is_some_and(|(left, right)| {
            a.right >= right - FULL_LINE_SLACK * (right - left).max(f32::EPSILON)
        });
        if page_a != page_b || !full || b.y - a.y > BLOCK_GAP * a.pitch.max(f32::EPSILON) {
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

/// Per page, per line: the furniture kind, or `None` for running text.
fn mark_furniture(layout: &Layout) -> Vec<Vec<Option<FurnitureKind>>> {
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
            marks
        })
        .collect()
}

type Marks = Vec<Option<FurnitureKind>>;

/// Running headers and footers: lines at the top or bottom of the page that
/// have the shape of furniture, or repeat on other pages set off by space.
fn mark_edges(page: &Page, edge_repeats: &HashMap<String, usize>) -> Marks {
    let count = page.lines.len();
    let mut marks: Marks = vec![None; count];
    for (i, line) in page.lines.iter().enumerate() {
        let top = i < HEADER_LINES;
        let bottom = i + FOOTER_LINES >= count;
        if !(top || bottom) || line.text.chars().count() > MAX_FURNITURE_CHARS {
            continue;
        }
        let shaped = line.cells.iter().all(|c| is_furniture_cell(c.text.trim()));
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
        let opens = matches(&ASTERISK_FOOTNOTE, text) || matches(&LONE_MARK, text);
        let runs_on = in_note
            && i > 0
            && page
                .lines
                .get(i - 1)
                .is_some_and(|p| line.y - p.y <= BLOCK_GAP * p.pitch.max(f32::EPSILON))
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
        let referenced = captures(&NUMBERED_FOOTNOTE, line.text.trim())
            .and_then(|c| c.name("n").map(|n| n.as_str().to_string()))
            .is_some_and(|n| {
                page.lines.iter().take(i).any(|l| {
                    l.text.split_whitespace().any(|w| {
                        w.strip_suffix(n.as_str())
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
        if mark.is_none() && matches(&SEPARATOR, line.text.trim()) {
            *mark = Some(FurnitureKind::FootnoteSeparator);
        }
    }
    let Some(sep) = page
        .lines
        .iter()
        .position(|l| matches(&SEPARATOR, l.text.trim()))
        .filter(|&sep| sep >= count / 2)
    else {
        return;
    };
    for (i, (line, mark)) in page.lines.iter().zip(marks.iter_mut()).enumerate().skip(sep) {
        if i > sep && (matches(&PARAGRAPH_NUMBER, &line.text) || matches(&SECTION_NUMBER, &line.text)) {
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
        (Some(x), Some(y)) => y.y - x.y > BLOCK_GAP * x.pitch.max(f32::EPSILON),
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
    matches(&PAGE_NUMBER, cell) || matches(&JOB_NUMBER, cell) || matches(&BAR_CODE, cell) || is_symbol(cell)
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

/// Collapse runs of whitespace to single spaces and trim.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Document-wide evidence for joining text broken over lines, paragraphs
/// and pages: the words and compounds the document writes, and whether it
/// hyphenates at line ends. The clean stage measures it once; the segment
/// stage is handed it to join continuation paragraphs.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Evidence {
    /// Tokens the document writes, lowercase, with how often.
    words: HashMap<String, u32>,
    /// Hyphenated tokens the document writes, lowercase, with how often.
    compounds: HashMap<String, u32>,
    /// Whether the document breaks words at line ends (TeX does, Word
    /// seldom): then a hyphen with no evidence either way is typesetting.
    hyphenates: bool,
}

/// Prefixes that keep their hyphen when nothing in the document says otherwise.
const HYPHEN_PREFIXES: &[&str] = &[
    "non", "self", "cross", "anti", "multi", "inter", "ex", "co", "well", "post", "pre", "semi", "sub",
    "long", "short", "high", "low", "full", "part", "follow", "mid", "large", "small",
];

/// Shortest part of a compound a hyphenating document is trusted to keep.
const MIN_COMPOUND_PART: usize = 4;

/// The tokens on either side of a line-end hyphen, lowercase, without the
/// hyphen and outer punctuation: `whole-` + `of-government,` gives
/// (`whole`, `of-government`).
fn hyphen_parts(before: &str, after: &str) -> Option<(String, String)> {
    let (stem, _) = split_hyphen(before)?;
    let left = stem
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let right = after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    (right.starts_with(char::is_alphabetic) && !left.is_empty()).then(|| {
        (
            plain_hyphens(&left.to_lowercase()),
            plain_hyphens(&right.to_lowercase()),
        )
    })
}

/// Text that ends in a hyphen after a letter, split into the text and the
/// hyphen. A hyphen one space after its word counts too: converters set
/// the flush-right hyphen of LibreOffice apart (`com -` / `plement`).
fn split_hyphen(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let stem = trimmed.strip_suffix(LINE_END_HYPHENS)?;
    let hyphen = trimmed.get(stem.len()..)?;
    let stem = match stem.strip_suffix(' ') {
        Some(word) if word.ends_with(char::is_alphabetic) => word,
        _ => stem,
    };
    stem.ends_with(char::is_alphabetic).then_some((stem, hyphen))
}

/// Characters that end a line broken at a hyphen: the hyphen-minus, the
/// Unicode hyphens typesetters draw, and the minus sign some encodings
/// put for a hyphen.
const LINE_END_HYPHENS: [char; 4] = ['-', '\u{2010}', '\u{2011}', '\u{2212}'];

/// A token with every kind of hyphen written `-`, for comparing evidence.
fn plain_hyphens(token: &str) -> String {
    token.replace(['\u{2010}', '\u{2011}', '\u{2212}'], "-")
}

/// Text without soft hyphens, but for one that ends it (a line-end break).
fn drop_soft_hyphens(text: &str) -> String {
    let trimmed = text.trim_end();
    let (body, end) = match trimmed.strip_suffix('\u{ad}') {
        Some(body) => (body, "\u{ad}"),
        None => (trimmed, ""),
    };
    let mut out: String = body.chars().filter(|&c| c != '\u{ad}').collect();
    out.push_str(end);
    out
}

fn last_part(token: &str) -> &str {
    token.rsplit('-').next().unwrap_or(token)
}

fn first_part(token: &str) -> &str {
    token.split('-').next().unwrap_or(token)
}

impl Evidence {
    fn new<'a>(lines: impl Iterator<Item = &'a str>) -> Evidence {
        let mut words: HashMap<String, u32> = HashMap::new();
        let mut compounds: HashMap<String, u32> = HashMap::new();
        let mut breaks: Vec<(String, String)> = Vec::new();
        let mut previous: Option<&str> = None;
        for line in lines {
            let broken = previous.and_then(|p| hyphen_parts(p, line));
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let last = tokens.len().saturating_sub(1);
            for (i, token) in tokens.iter().enumerate() {
                let token = plain_hyphens(token);
                let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                // Fragments at either side of a line-end hyphen are no
                // evidence (with `le -`, the word before a lone hyphen).
                let lone_hyphen_next =
                    i + 1 == last && tokens.get(last).is_some_and(|t| plain_hyphens(t) == "-");
                if (i == last && token.ends_with('-')) || lone_hyphen_next || (i == 0 && broken.is_some()) {
                    continue;
                }
                if token.contains('-') {
                    *compounds.entry(token.to_lowercase()).or_default() += 1;
                    for part in token.split('-') {
                        *words.entry(part.to_lowercase()).or_default() += 1;
                    }
                } else if !token.is_empty() {
                    *words.entry(token.to_lowercase()).or_default() += 1;
                }
            }
            if let Some(parts) = broken {
                breaks.push(parts);
            }
            previous = Some(line);
        }
        let mut joiner = Evidence {
            words,
            compounds,
            hyphenates: false,
        };
        let typesetting = breaks
            .iter()
            .filter(|(l, r)| {
                let (l, r) = (last_part(l), first_part(r));
                joiner.evidence(l, r) == Some(false)
                    || !joiner.words.contains_key(l)
                    || !joiner.words.contains_key(r)
            })
            .count();
        joiner.hyphenates = typesetting >= 2 && typesetting * 10 >= breaks.len() * 3;
        joiner
    }

    /// Join a line (or paragraph) to the text before it.
    pub fn join(&self, before: &str, line: &str) -> String {
        let line = collapse(&drop_soft_hyphens(line));
        let before = before.trim_end();
        if let Some(stem) = before.strip_suffix('\u{ad}') {
            return format!("{stem}{line}");
        }
        if let (Some((left, right)), Some((stem, hyphen))) =
            (hyphen_parts(before, &line), split_hyphen(before))
        {
            return if self.keeps_hyphen(&left, &right) {
                format!("{stem}{hyphen}{line}")
            } else {
                format!("{stem}{line}")
            };
        }
        if before.ends_with(['–', '—', '/']) && !before.ends_with(" –") && !before.ends_with(" —") {
            return format!("{before}{line}");
        }
        format!("{before} {line}")
    }

    /// What the rest of the document says of the tokens `l` and `r` broken
    /// at a hyphen: `Some(true)` it writes them hyphenated, `Some(false)`
    /// joined, `None` neither.
    fn evidence(&self, l: &str, r: &str) -> Option<bool> {
        let joined = format!("{l}{r}");
        let count = |map: &HashMap<String, u32>, key: &str| map.get(key).copied().unwrap_or(0);
        let hyphenated = count(&self.compounds, &format!("{l}-{r}"));
        let whole = count(&self.words, &joined) + count(&self.compounds, &joined);
        // The form the document writes more often: `cooperation` nineteen
        // times outweighs one `Co-operation` in an organization's name.
        match (hyphenated, whole) {
            (0, 0) => None,
            (h, w) if h > w => Some(true),
            (h, w) if w > h => Some(false),
            _ => None,
        }
    }

    /// `l` and `r` are whole tokens, lowercase (`whole`, `of-government`).
    fn keeps_hyphen(&self, l: &str, r: &str) -> bool {
        if let Some(compound) = self.evidence(l, r) {
            return compound;
        }
        let (whole_l, whole_r) = (l, r);
        let (l, r) = (last_part(l), first_part(r));
        // The parts beside the break make a word the document writes:
        // `Inter-` / `net-based` where `Internet` stands elsewhere.
        if self.words.contains_key(&format!("{l}{r}")) {
            return false;
        }
        // Beside another hyphen, a break is at a hyphen of the text unless
        // the document hyphenates and neither part is a word of it (groff
        // breaks `whole-of-govern-` / `ment`; TeX does not).
        if whole_l.contains('-') || whole_r.contains('-') {
            return !self.hyphenates || self.words.contains_key(l) || self.words.contains_key(r);
        }
        // A prefix keeps its hyphen, unless the document hyphenates and
        // what follows is no word: `pre-` / `servation`.
        if HYPHEN_PREFIXES.contains(&l) && (!self.hyphenates || self.words.contains_key(r)) {
            return true;
        }
        if !self.hyphenates {
            return true;
        }
        let word = |w: &str| w.chars().count() >= MIN_COMPOUND_PART && self.words.contains_key(w);
        word(l) && word(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text;

    fn blocks(input: &str) -> Blocks {
        clean(&text::read("t.txt", input.as_bytes()).unwrap())
    }
    fn texts(b: &Blocks) -> Vec<String> {
        b.blocks.iter().map(|b| b.text.clone()).collect()
    }

    #[test]
    fn enumerators_start_blocks() {
        let b = blocks("1. One\n2. Two\ncontinued\n(a) Item");
        assert_eq!(texts(&b), ["1. One", "2. Two continued", "(a) Item"]);
        assert_eq!(b.blocks[1].start.line, 2);
        assert_eq!(b.blocks[1].end.line, 3);
    }

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
    fn hyphens_on_evidence() {
        let b = blocks(
            "Use capacity-building now and cooperation too, being ready.\n\n1. More capacity-\nbuilding and coopera-\ntion and well-\nbeing and smug-\ngling.",
        );
        assert_eq!(
            b.blocks[1].text,
            "1. More capacity-building and cooperation and well-being and smuggling."
        );
    }

    #[test]
    fn hyphenating_documents_lose_unsupported_hyphens() {
        // Regression: `through-` / `out` was kept because both halves are
        // words, in a document that hyphenates everywhere.
        let text = "Words: ten tion out through money laundering capacity building.\n\n1. coopera-\ntion and regula-\ntion and through-\nout and money-\nlaundering and capacity-\nbuilding.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. cooperation and regulation and throughout and money-laundering and capacity-building."
        );
    }

    #[test]
    fn compound_evidence_spans_the_whole_token() {
        // Regression: `whole-` / `of-government,` lost its hyphen in a
        // hyphenating document although `whole-of-government` stands elsewhere.
        let text = "Use a whole-of-government approach; regula-\ntion and coopera-\ntion and cooperation.\n\n1. a whole-\nof-government, response.";
        assert_eq!(blocks(text).blocks[1].text, "1. a whole-of-government, response.");
        // With no evidence, a break beside another hyphen is at a hyphen
        // when a part beside it is a word.
        let text = "Words: regula-\ntion and coopera-\ntion and cooperation of all.\n\n1. a whole-\nof-society response.";
        assert_eq!(blocks(text).blocks[1].text, "1. a whole-of-society response.");
    }

    #[test]
    fn unicode_hyphens_and_soft_hyphens() {
        // Regression: WeasyPrint and Chromium draw U+2010 when they
        // hyphenate; Skia leaves soft hyphens inside words.
        let b = blocks(
            "Use cooperation, capacity-building and legislation.\n\n1. More legis\u{2010}\nlation and coopera\u{2010}\ntion and capacity\u{2010}\nbuilding in meet\u{ad}ing rooms.",
        );
        assert_eq!(
            b.blocks[1].text,
            "1. More legislation and cooperation and capacity\u{2010}building in meeting rooms."
        );
    }

    #[test]
    fn the_form_written_more_often_decides_a_line_end_hyphen() {
        // Regression: one `Co-operation` in an organization's name made
        // `co-` / `operation` keep its hyphen where the document writes
        // `cooperation` everywhere else.
        let text = "Words: regula-\ntion and coopera-\ntion. Cooperation and cooperation with the Organization for Security and Co-operation in Europe.\n\n1. effective international co-\noperation, and more.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. effective international cooperation, and more."
        );
    }

    #[test]
    fn hyphen_one_space_after_its_word() {
        let b = blocks("Use legislation and supplement.\n\n1. More le -\ngislation and a com -\nplement.");
        assert_eq!(b.blocks[1].text, "1. More legislation and a complement.");
    }

    #[test]
    fn breaks_inside_compounds_in_hyphenating_documents() {
        // Regression: groff hyphenates inside words that have hyphens.
        let text = "Use the Internet, cooperation, legislation and government as a whole of society.\n\n1. Inter-\nnet-based and coopera-\ntion and legisla-\ntion and whole-of-govern-\nment, and whole-\nof-society.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. Internet-based and cooperation and legislation and whole-of-government, and whole-of-society."
        );
    }

    #[test]
    fn documents_that_do_not_hyphenate_keep_line_end_hyphens() {
        let text = "Words: out through.\n\n1. socio-\neconomic and through-\nout.";
        assert_eq!(blocks(text).blocks[1].text, "1. socio-economic and through-out.");
    }

    #[test]
    fn soft_hyphen_and_dash_joins() {
        let b = blocks("1. coop\u{ad}\neration from 11–\n13 May – and\nmore.");
        assert_eq!(b.blocks[0].text, "1. cooperation from 11–13 May – and more.");
    }

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
}
