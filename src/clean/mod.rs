//! Cleaning: a [`Layout`] to [`Blocks`].
//!
//! The stage decides what is running text, where blocks start and end, and
//! what becomes of line-end hyphens; it knows no document kind. It works in
//! three steps, one module each:
//!
//! 1. `furniture`: page furniture (running headers and footers, page and job
//!    numbers, bar codes, footnotes, separators, small print) is set aside
//!    with its kind and location, so that none of it reaches a
//!    recommendation. It is told by its position on the page together with
//!    its shape or its repetition across pages, never by one document's
//!    strings.
//! 2. `hyphens`: the remaining lines are read once for [`Evidence`], the
//!    words and compounds the document writes and whether it hyphenates at
//!    line ends, because one line cannot tell a typesetter's hyphen from a
//!    compound's. The evidence travels on in [`Blocks`] for the segment
//!    stage, which joins continuation paragraphs by it.
//! 3. `blocks`: the lines are joined into blocks (paragraphs, headings, list
//!    items): a block starts at an enumerator (`12.`, `(a)`, `IV.`) or after
//!    vertical space, a lone enumerator takes the line after it (hanging
//!    indents), and a block that stops mid-sentence at a page break or blank
//!    line is joined to the block that continues it. Each join goes through
//!    the evidence, which keeps or removes a line-end hyphen.

mod blocks;
#[rustfmt::skip]
mod compounds_data;
mod furniture;
mod hyphens;
mod shapes;
mod words;

pub use blocks::{ends_inside_parenthesis, starts_with_enumerator};
pub use furniture::{Furniture, FurnitureKind, is_symbol};
pub use hyphens::{Evidence, HyphenDecision, HyphenReason, collapse};
pub use shapes::{is_letter, is_uppercase_letter, is_word_char};
pub use words::is_english as is_english_word;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::limits::{Limit, Limits};
use crate::read::{Layout, Line, Source};
use blocks::Geometry;
use furniture::mark_furniture;
use hyphens::drop_soft_hyphens;
use serde::Serialize;

/// One line of a block, as it stood.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockLine {
    pub text: String,
    /// The line's cells; empty when the line is one cell that reads as
    /// `text`, so that the common line holds its text once.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cells: Vec<String>,
    pub location: Location,
}

impl BlockLine {
    /// A line from its text and its cells' texts.
    pub fn new(text: String, cells: Vec<String>, location: Location) -> BlockLine {
        let cells = match cells.as_slice() {
            [one] if *one == text => Vec::new(),
            _ => cells,
        };
        BlockLine {
            text,
            cells,
            location,
        }
    }

    /// The line's cells, in order (one, the whole text, for most lines).
    pub fn cells(&self) -> &[String] {
        if self.cells.is_empty() {
            std::slice::from_ref(&self.text)
        } else {
            &self.cells
        }
    }
}

/// A paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The lines joined, hyphens resolved, whitespace collapsed.
    pub text: String,
    /// The lines as they stood; empty for a block of one line of one cell
    /// that reads as `text` at `start` (most paragraphs of a text), which
    /// [`Block::lines`] gives back: a text of millions of short paragraphs
    /// holds each once.
    lines: Vec<BlockLine>,
    pub start: Location,
}

impl Block {
    /// A block of `lines` (its place from theirs) reading `text`.
    pub fn new(text: String, lines: Vec<BlockLine>) -> Block {
        let start = lines.first().map(|l| l.location.clone()).unwrap_or_default();
        Block { text, lines, start }
    }

    /// Where the block's last line stands.
    pub fn end(&self) -> &Location {
        self.lines.last().map_or(&self.start, |l| &l.location)
    }

    /// The block's lines, in order.
    pub fn lines(&self) -> std::borrow::Cow<'_, [BlockLine]> {
        if self.lines.is_empty() {
            let line = BlockLine::new(self.text.clone(), Vec::new(), self.start.clone());
            std::borrow::Cow::Owned(vec![line])
        } else {
            std::borrow::Cow::Borrowed(&self.lines)
        }
    }

    /// How many lines the block has.
    pub fn line_count(&self) -> usize {
        self.lines.len().max(1)
    }

    /// The cells of the block's first line.
    pub fn first_cells(&self) -> &[String] {
        match self.lines.first() {
            Some(line) => line.cells(),
            None => std::slice::from_ref(&self.text),
        }
    }

    /// Add a line at the end (the text is the caller's to join).
    pub fn push_line(&mut self, line: BlockLine) {
        if self.lines.is_empty() {
            self.lines = self.lines().into_owned();
        }
        self.lines.push(line);
    }

    /// Hold a lone line that reads as the block's text only as the text.
    fn compact(&mut self) {
        if let [line] = self.lines.as_slice()
            && line.cells.is_empty()
            && line.text == self.text
            && line.location == self.start
        {
            self.lines = Vec::new();
        }
        self.lines.shrink_to_fit();
        self.text.shrink_to_fit();
    }
}

impl Serialize for Block {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut block = serializer.serialize_struct("Block", 4)?;
        block.serialize_field("text", &self.text)?;
        block.serialize_field("lines", &*self.lines())?;
        block.serialize_field("start", &self.start)?;
        block.serialize_field("end", self.end())?;
        block.end()
    }
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

/// Run the clean stage on a borrowed layout (a copy is cleaned: callers
/// that own their layout call [`clean_owned`], which needs no copy).
pub fn clean(layout: &Layout, limits: &Limits) -> Blocks {
    clean_owned(layout.clone(), limits)
}

/// Run the clean stage, taking the layout: each line's memory goes as its
/// block takes it, so that the layout's lines and the blocks are not held
/// whole at once (text input costs a few hundred bytes a line in each).
pub fn clean_owned(mut layout: Layout, limits: &Limits) -> Blocks {
    let locator = Locator {
        file: layout.source.file.as_str().into(),
        pdf_pages: layout.has_pdf_pages(),
    };
    let Whole {
        furniture,
        marks,
        mut noted,
        evidence,
        geometry,
    } = read_whole(&layout, &locator);
    let mut joiner = Joiner {
        geometry,
        evidence: &evidence,
        limits,
        max_lines: limits.count(Limit::LinesPerBlock),
        // A block a body line at most: room for them all at once, so that
        // the blocks are not copied as they grow (untouched room costs no
        // memory).
        blocks: Vec::with_capacity(marks.iter().flatten().filter(|m| m.is_none()).count()),
        diagnostics: Vec::new(),
        previous: None,
    };
    let mut i = 0usize;
    for (page, page_marks) in layout.pages.iter_mut().zip(&marks) {
        let mut lines = FrontDrain::new(std::mem::take(&mut page.lines));
        for mark in page_marks {
            let Some(mut line) = lines.next() else { break };
            if mark.is_some() {
                continue;
            }
            let location = locator.at(page.number, &line);
            let continues = joiner.continues(&location, (page.number, &line));
            let (text, cells) = match noted.remove(&i) {
                Some(running) => running,
                None => (std::mem::take(&mut line.text), line.take_cell_texts()),
            };
            // What the joining reads of the line before is its geometry.
            line.text = String::new();
            line.take_cell_texts();
            line.notes = Vec::new();
            joiner.push(
                BlockLine::new(text, cells, location),
                continues,
                (page.number, line),
            );
            i += 1;
        }
    }
    joiner.close_last();
    let Joiner {
        mut blocks,
        diagnostics,
        ..
    } = joiner;
    blocks.shrink_to_fit();
    Blocks {
        source: layout.source,
        pdf_pages: locator.pdf_pages,
        blocks,
        furniture,
        diagnostics,
        evidence,
    }
}

/// A body line's running text and cells, when its notes change them.
type Noted = std::collections::HashMap<usize, (String, Vec<String>)>;

/// Each page's furniture marks, a line's kind where it is furniture.
type PageMarks = Vec<Vec<Option<FurnitureKind>>>;

/// What the clean stage reads from the whole layout before joining.
struct Whole {
    furniture: Vec<Furniture>,
    marks: PageMarks,
    /// The body lines whose raised notes come out, by their index among
    /// the body lines.
    noted: Noted,
    evidence: Evidence,
    geometry: Geometry,
}

fn read_whole(layout: &Layout, locator: &Locator) -> Whole {
    let (furniture, marks, body) = set_furniture_aside(layout, locator);
    // Raised footnote marks are no part of the running text (`Board b
    // met` reads `Board met`); the layout keeps them as notes. A mark glued
    // to its word (`courts1`) goes where its page has that footnote.
    let footnotes = footnote_numbers(&furniture);
    let noted: Noted = body
        .iter()
        .enumerate()
        .filter_map(|(i, (page, l))| {
            let running = l.without_notes(|n| footnotes.contains(&(*page, n.to_string())))?;
            Some((i, running))
        })
        .collect();
    let evidence = evidence_of(&body, &noted);
    let geometry = Geometry::new(&body);
    Whole {
        furniture,
        marks,
        noted,
        evidence,
        geometry,
    }
}

/// A page's lines taken from the front one by one, their vector shrunk
/// as it empties, so that the memory of lines already taken goes back.
struct FrontDrain {
    /// The lines not yet taken, last first.
    reversed: Vec<Line>,
}

impl FrontDrain {
    fn new(mut lines: Vec<Line>) -> FrontDrain {
        lines.reverse();
        FrontDrain { reversed: lines }
    }
}

impl Iterator for FrontDrain {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let line = self.reversed.pop();
        // Shrinking at half keeps the copying linear in all.
        if self.reversed.capacity() > 1024 && self.reversed.len() < self.reversed.capacity() / 2 {
            self.reversed.shrink_to_fit();
        }
        line
    }
}

/// Where a line stands: its file, and its page when the pages are a PDF's.
struct Locator {
    file: std::sync::Arc<str>,
    pdf_pages: bool,
}

impl Locator {
    fn at(&self, page: u32, line: &Line) -> Location {
        Location::new(self.file.clone(), self.pdf_pages.then_some(page), line.number)
    }
}

/// The page furniture, set aside with its kind and location, each page's
/// marks, and the body lines left with their page numbers.
fn set_furniture_aside<'l>(
    layout: &'l Layout,
    locator: &Locator,
) -> (Vec<Furniture>, PageMarks, Vec<(u32, &'l Line)>) {
    let marks = mark_furniture(layout);
    let mut furniture = Vec::new();
    let mut body: Vec<(u32, &Line)> = Vec::new();
    for (page, page_marks) in layout.pages.iter().zip(&marks) {
        for (line, mark) in page.lines.iter().zip(page_marks) {
            match mark {
                Some(kind) => furniture.push(Furniture {
                    kind: *kind,
                    text: line.text.clone(),
                    location: locator.at(page.number, line),
                }),
                None => body.push((page.number, line)),
            }
        }
    }
    (furniture, marks, body)
}

/// The numbers of each page's footnotes: (page, number) of every footnote
/// line that opens with one.
fn footnote_numbers(furniture: &[Furniture]) -> std::collections::HashSet<(u32, String)> {
    furniture
        .iter()
        .filter(|f| f.kind == FurnitureKind::Footnote)
        .filter_map(|f| {
            let number = shapes::footnote_number(f.text.trim())?;
            Some((f.location.page.unwrap_or(0), number.to_string()))
        })
        .collect()
}

/// The evidence of the body's lines, read without their notes and soft
/// hyphens.
fn evidence_of(body: &[(u32, &Line)], noted: &Noted) -> Evidence {
    let plain = body
        .iter()
        .enumerate()
        .map(|(i, (_, l))| drop_soft_hyphens(noted.get(&i).map_or(l.text.as_str(), |n| n.0.as_str())));
    Evidence::new(plain)
}

/// The joining of the body's lines into blocks: the blocks so far and the
/// line before (its geometry: the joining reads no more of it).
struct Joiner<'a> {
    geometry: Geometry,
    evidence: &'a Evidence,
    limits: &'a Limits,
    /// The most lines a block holds: `limits`' lines-per-block.
    max_lines: usize,
    blocks: Vec<Block>,
    diagnostics: Vec<Diagnostic>,
    previous: Option<(u32, Line)>,
}

impl Joiner<'_> {
    /// Add a line (with its page) to the last block when it `continues` it,
    /// else as a new block.
    fn push(&mut self, block_line: BlockLine, continues: bool, previous: (u32, Line)) {
        match self.blocks.last_mut() {
            Some(block) if continues => {
                self.evidence.push(&mut block.text, &block_line.text);
                block.push_line(block_line);
            }
            _ => {
                self.close_last();
                let text = collapse(&drop_soft_hyphens(&block_line.text));
                self.blocks.push(Block::new(text, vec![block_line]))
            }
        }
        self.previous = Some(previous);
    }

    /// The last block takes no more lines: it keeps no spare capacity (a
    /// block of 10,000 lines grown by doubling holds room for 16,384).
    fn close_last(&mut self) {
        if let Some(block) = self.blocks.last_mut() {
            block.compact();
        }
    }

    /// Whether a line at `location` continues the last block: by the page's
    /// geometry, and while the block holds fewer lines than the limit (told
    /// when reached).
    fn continues(&mut self, location: &Location, (page, line): (u32, &Line)) -> bool {
        let continues = match (&self.previous, self.blocks.last()) {
            (Some((prev_page, prev)), Some(block)) => {
                self.geometry.continues(block, (*prev_page, prev), (page, line))
            }
            _ => false,
        };
        continues
            && match self.blocks.last() {
                Some(block) if block.line_count() >= self.max_lines => {
                    self.diagnostics.push(Diagnostic::new(
                        Code::LimitSplit,
                        location.clone(),
                        format!(
                            "a paragraph from {} reached the limit lines-per-paragraph={} (`--limit lines-per-paragraph=N` raises it); it goes on as a new paragraph here",
                            block.start, self.limits.lines_per_block
                        ),
                    ));
                    false
                }
                _ => true,
            }
    }
}

/// A line-end hyphen of the running text: the page and line it ends, and
/// how the document's evidence reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineEndHyphen {
    pub page: u32,
    pub line: u32,
    pub decision: HyphenDecision,
}

/// Every line-end hyphen of the running text (furniture left out), with its
/// decision and reason: what `unrec lines --hyphens` shows.
pub fn line_end_hyphens(layout: &Layout, evidence: &Evidence) -> Vec<LineEndHyphen> {
    let marks = mark_furniture(layout);
    let body = layout.pages.iter().zip(&marks).flat_map(|(page, page_marks)| {
        page.lines
            .iter()
            .zip(page_marks)
            .filter(|(_, mark)| mark.is_none())
            .map(move |(line, _)| (page.number, line))
    });
    let mut out = Vec::new();
    let mut previous: Option<(u32, &Line)> = None;
    for (page, line) in body {
        if let Some((at, before)) = previous
            && let Some(decision) = evidence.decide(
                &drop_soft_hyphens(&before.text),
                &collapse(&drop_soft_hyphens(&line.text)),
            )
        {
            out.push(LineEndHyphen {
                page: at,
                line: before.number,
                decision,
            });
        }
        previous = Some((page, line));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::text;

    /// The blocks of a plain-text input, for the tests of every step.
    pub(super) fn blocks(input: &str) -> Blocks {
        clean(
            &text::read("t.txt", input.as_bytes()).unwrap(),
            &crate::limits::Limits::default(),
        )
    }
    pub(super) fn texts(b: &Blocks) -> Vec<String> {
        b.blocks.iter().map(|b| b.text.clone()).collect()
    }

    /// A one-line paragraph holds its text once; its line comes back whole,
    /// and a block of several lines keeps them all.
    #[test]
    fn a_one_line_block_holds_its_text_once() {
        let b = blocks(
            "1. States should act.

2. States should act
at once.",
        );
        let [one, two] = b.blocks.as_slice() else {
            panic!("{:?}", texts(&b))
        };
        assert!(one.lines.is_empty(), "{one:?}");
        let lines = one.lines();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "1. States should act.");
        assert_eq!(lines[0].location, one.start);
        assert_eq!(one.first_cells(), ["1. States should act."]);
        assert_eq!((one.line_count(), one.end()), (1, &one.start));
        assert_eq!(two.lines.len(), 2);
        assert_eq!(two.end().line, 4);
        let json = serde_json::to_value(one).unwrap();
        assert_eq!(json["lines"][0]["text"], "1. States should act.");
    }

    /// A compact block given a line again holds both.
    #[test]
    fn a_compact_block_takes_a_line() {
        let mut b = blocks("1. States should act.").blocks.remove(0);
        let location = Location::new("t.txt", None, 2);
        b.push_line(BlockLine::new("now.".into(), Vec::new(), location.clone()));
        let lines = b.lines();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].text, "1. States should act.");
        assert_eq!(b.end(), &location);
    }

    #[test]
    fn enumerators_start_blocks() {
        let b = blocks("1. One\n2. Two\ncontinued\n(a) Item");
        assert_eq!(texts(&b), ["1. One", "2. Two continued", "(a) Item"]);
        assert_eq!(b.blocks[1].start.line, 2);
        assert_eq!(b.blocks[1].end().line, 3);
    }
}
