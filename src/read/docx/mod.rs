//! Word input: a .docx (ECMA-376 WordprocessingML in an Open Packaging
//! Conventions ZIP) to a [`Layout`].
//!
//! Word keeps no lines or positions, so the layout is built from the
//! document's structure, in the units of the text reader: each body
//! paragraph is a line (a line break inside it starts another), one line
//! pitch apart within a paragraph and two between paragraphs, so that the
//! clean stage opens a block per paragraph. Headings (`Heading N`, `Title`,
//! an outline level) are set larger. Automatic numbering is resolved into
//! the label a reader sees (`12.`, `(a)`), which stands in a cell of its own
//! before the text, as in a PDF of the document. Table rows are lines whose
//! cells are the row's cells. Pages are the explicit ones: page breaks,
//! `w:pageBreakBefore` and section breaks that start a new page. Footnotes
//! and endnotes follow the body on the last page, below a rule of
//! underscores and in smaller print, so that the clean stage sets them
//! aside as it does in converted text. Headers and footers are not read.
//!
//! Parts read: `word/document.xml`, and those it relates to in
//! `word/_rels/document.xml.rels` (else their usual names):
//! `word/styles.xml`, `word/numbering.xml`, `word/footnotes.xml`,
//! `word/endnotes.xml`. Limits bound the package (entries, bytes inflated,
//! counted as they are inflated, so that a ZIP bomb stops early), the XML
//! (nesting) and the lines.

mod body;
mod numbering;
mod xml;

#[cfg(test)]
mod tests;

use super::{Cell, Layout, Line, Page, ReadError, ReadErrorKind, Source, SourceFormat};
use crate::diagnostic::{Code, Diagnostic, Location};
use body::{Item, Story};
use numbering::{Numbering, Styles};
use std::io::{Cursor, Read};
use xml::Xml;
use zip::ZipArchive;

/// The main document part.
const MAIN: &str = "word/document.xml";
const RELATIONSHIPS: &str = "word/_rels/document.xml.rels";

/// Font sizes, relative to body text.
const BODY: f32 = 1.0;
const HEADING: f32 = 1.4;
const NOTE: f32 = 0.8;
/// Where the text of a numbered paragraph starts, after its label.
const TEXT_X: f32 = 4.0;
/// Space between a cell and the next, in character columns.
const CELL_GAP: f32 = 4.0;
/// Columns of a table row, this far apart.
const COLUMN: f32 = 10.0;
/// The rule that opens the notes.
const NOTES_RULE: &str = "__________";

/// Limits of the reader.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Entries in the ZIP package.
    pub entries: usize,
    /// Bytes inflated from the package, all parts together.
    pub unpacked: u64,
    /// Lines: paragraph lines, table rows and notes.
    pub lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: 10_000,
            unpacked: 256 * 1024 * 1024,
            lines: 1_000_000,
        }
    }
}

/// Which limit a document went beyond.
enum Limit {
    Entries(usize),
    Unpacked { part: String, limit: u64 },
    Depth { part: String },
    Lines(usize),
}

fn limit(file: &str, what: Limit) -> ReadError {
    let what = match what {
        Limit::Entries(n) => format!("more than {n} entries in its ZIP package"),
        Limit::Unpacked { part, limit } => {
            format!("{part} unpacks past {limit} bytes for the whole package (a ZIP bomb?)")
        }
        Limit::Depth { part } => format!("{part} nests elements deeper than {}", xml::MAX_DEPTH),
        Limit::Lines(n) => format!("more than {n} paragraphs, lines and table rows"),
    };
    ReadError::new(file, None, ReadErrorKind::DocxLimit(what))
}

/// A damaged package or part; `why` in one line.
fn fail(file: &str, why: String) -> ReadError {
    ReadError::new(
        file,
        None,
        ReadErrorKind::MalformedDocx(why.replace(['\r', '\n'], " ")),
    )
}

/// Whether bytes are a Word document: a ZIP package holding
/// `word/document.xml`, or one too damaged to open that names it.
pub fn looks_like_docx(bytes: &[u8]) -> bool {
    if !bytes.starts_with(b"PK\x03\x04") {
        return false;
    }
    match ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => find(&archive, MAIN).is_some(),
        Err(_) => bytes.windows(MAIN.len()).any(|w| w == MAIN.as_bytes()),
    }
}

/// Read a .docx into a layout.
pub fn read(file: &str, bytes: &[u8]) -> Result<Layout, ReadError> {
    read_with(file, bytes, Limits::default())
}

/// Read a .docx within the given limits.
pub fn read_with(file: &str, bytes: &[u8], limits: Limits) -> Result<Layout, ReadError> {
    let mut package = Package::open(file, bytes, limits)?;
    let parts = package.related_parts()?;
    let styles = match package.part(&parts.styles)? {
        Some(text) => Styles::parse(&mut Xml::new(file, &parts.styles, &text))?,
        None => Styles::default(),
    };
    let numbering = match package.part(&parts.numbering)? {
        Some(text) => Numbering::parse(&mut Xml::new(file, &parts.numbering, &text))?,
        None => Numbering::default(),
    };
    let notes_numbering = numbering.fresh();
    let document = package
        .part(MAIN)?
        .ok_or_else(|| fail(file, format!("{MAIN} is missing")))?;
    let mut story = Story::new(file, &styles, numbering, limits.lines);
    story.document(&mut Xml::new(file, MAIN, &document))?;
    drop(document);

    let mut notes = Vec::new();
    let mut notes_story = Story::new(
        file,
        &styles,
        notes_numbering,
        limits.lines.saturating_sub(story.lines()),
    );
    for name in [&parts.footnotes, &parts.endnotes] {
        if let Some(text) = package.part(name)? {
            notes.extend(notes_story.notes(&mut Xml::new(file, name, &text))?);
        }
    }

    let pages = paginate(&story.items, &story.sections, &notes);
    if pages.iter().all(|p| p.lines.is_empty()) {
        return Err(ReadError::new(file, None, ReadErrorKind::Empty));
    }
    let mut diagnostics = Vec::new();
    let cut = story.labels_cut() + notes_story.labels_cut();
    if cut > 0 {
        diagnostics.push(Diagnostic::new(
            Code::LabelCut,
            Location::new(file, None, 1),
            format!("{cut} list label(s) longer than {} bytes (a level text that repeats its numbers) were cut there", numbering::MAX_LABEL_BYTES),
        ));
    }
    Ok(Layout {
        source: Source {
            file: file.to_string(),
            format: SourceFormat::Docx,
        },
        pages,
        diagnostics,
    })
}

/// The package: its ZIP entries and what is left of the inflation budget.
struct Package<'a> {
    file: &'a str,
    archive: ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
    limit: u64,
}

/// The names of the parts the main document relates to.
struct Parts {
    styles: String,
    numbering: String,
    footnotes: String,
    endnotes: String,
}

impl<'a> Package<'a> {
    fn open(file: &'a str, bytes: &'a [u8], limits: Limits) -> Result<Package<'a>, ReadError> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| fail(file, format!("damaged ZIP package: {e}")))?;
        if archive.len() > limits.entries {
            return Err(limit(file, Limit::Entries(limits.entries)));
        }
        Ok(Package {
            file,
            archive,
            budget: limits.unpacked,
            limit: limits.unpacked,
        })
    }

    /// A part's text, or `None` when the package has no such part. Bytes
    /// are counted against the budget as they are inflated.
    fn part(&mut self, name: &str) -> Result<Option<String>, ReadError> {
        let Some(index) = find(&self.archive, name) else {
            return Ok(None);
        };
        let file = self.file;
        let entry = self
            .archive
            .by_index(index)
            .map_err(|e| fail(file, format!("{name}: {e}")))?;
        // The declared size may lie: it only saves growing the buffer, up to
        // a size that costs little when it is wrong.
        let capacity = entry.size().min(self.budget.saturating_add(1)).min(16 << 20);
        let mut data = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        let read = entry
            .take(self.budget.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| fail(file, format!("{name}: {e}")))?;
        let read = read as u64;
        if read > self.budget {
            return Err(limit(
                file,
                Limit::Unpacked {
                    part: name.to_string(),
                    limit: self.limit,
                },
            ));
        }
        self.budget -= read;
        Ok(Some(decode(data)))
    }

    /// The styles, numbering and notes parts, by the main document's
    /// relationships (their usual names when it has none).
    fn related_parts(&mut self) -> Result<Parts, ReadError> {
        let mut parts = Parts {
            styles: "word/styles.xml".into(),
            numbering: "word/numbering.xml".into(),
            footnotes: "word/footnotes.xml".into(),
            endnotes: "word/endnotes.xml".into(),
        };
        let Some(text) = self.part(RELATIONSHIPS)? else {
            return Ok(parts);
        };
        let mut xml = Xml::new(self.file, RELATIONSHIPS, &text);
        while let Some(event) = xml.next()? {
            let xml::Event::Start(e) = event else { continue };
            if xml::name(&e) != "Relationship" {
                continue;
            }
            let external = xml::attr(&e, "TargetMode").is_some_and(|m| m == "External");
            let (Some(kind), Some(target)) = (xml::attr(&e, "Type"), xml::attr(&e, "Target")) else {
                continue;
            };
            if external {
                continue;
            }
            let slot = match kind.rsplit('/').next() {
                Some("styles") => &mut parts.styles,
                Some("numbering") => &mut parts.numbering,
                Some("footnotes") => &mut parts.footnotes,
                Some("endnotes") => &mut parts.endnotes,
                _ => continue,
            };
            *slot = resolve("word", &target);
        }
        Ok(parts)
    }
}

/// The index of a part by name; part names compare without case (OPC).
fn find(archive: &ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<usize> {
    archive.index_for_name(name).or_else(|| {
        archive
            .file_names()
            .position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name)))
    })
}

/// A relationship target, relative to the folder of its source part.
fn resolve(folder: &str, target: &str) -> String {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        folder.split('/').filter(|s| !s.is_empty()).collect()
    };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

/// A part's bytes as text: UTF-8 (a byte-order mark dropped) or UTF-16
/// with a mark, as XML allows.
fn decode(data: Vec<u8>) -> String {
    let utf16 = |bytes: &[u8], unit: fn([u8; 2]) -> u16| {
        let units = bytes.chunks_exact(2).map(|c| match c {
            [a, b] => unit([*a, *b]),
            _ => unit([0, 0]),
        });
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect::<String>()
    };
    if let Some(rest) = data.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = data.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    let data = match data.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => data,
    };
    String::from_utf8(data).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Pages of lines from the body's items, the notes on the last page.
fn paginate(items: &[Item], sections: &[bool], notes: &[String]) -> Vec<Page> {
    let mut pages = Pages::default();
    let mut section = 0usize;
    for item in items {
        match item {
            Item::Line {
                label,
                cells,
                opens,
                heading,
            } => pages.push(
                line_cells(label.as_deref(), cells),
                if *heading { HEADING } else { BODY },
                *opens,
            ),
            Item::Row(cells) => {
                let placed = cells
                    .iter()
                    .enumerate()
                    .map(|(i, text)| Cell {
                        x: COLUMN * i as f32,
                        text: text.clone(),
                    })
                    .collect();
                pages.push(placed, BODY, true);
            }
            Item::PageBreak => pages.page_break(),
            Item::SectionEnd => {
                section += 1;
                // The next section's own type says whether it starts a page.
                if sections.get(section).copied().unwrap_or(true) {
                    pages.page_break();
                }
            }
        }
    }
    if !notes.is_empty() {
        pages.push_notes(notes);
    }
    let mut pages = pages.pages;
    super::finish_pages(&mut pages);
    pages
}

/// A paragraph line's cells: its label at the margin, then its text cells,
/// each as far right of the one before as that one has characters.
fn line_cells(label: Option<&str>, cells: &[String]) -> Vec<Cell> {
    let mut placed: Vec<Cell> = Vec::with_capacity(cells.len() + 1);
    let mut x = 0.0;
    if let Some(label) = label {
        placed.push(Cell {
            x: 0.0,
            text: label.to_string(),
        });
        x = TEXT_X;
    }
    for text in cells {
        let text = body::collapse(text);
        let width = text.chars().count() as f32;
        placed.push(Cell { x, text });
        x += width + CELL_GAP;
    }
    placed
}

/// Pages as they fill.
struct Pages {
    pages: Vec<Page>,
}

impl Default for Pages {
    fn default() -> Self {
        Pages {
            pages: vec![Page::empty(1)],
        }
    }
}

impl Pages {
    /// A new page, unless the current one is still empty.
    fn page_break(&mut self) {
        if self.pages.last().is_some_and(|p| !p.lines.is_empty()) {
            let next = u32::try_from(self.pages.len() + 1).unwrap_or(u32::MAX);
            self.pages.push(Page::empty(next));
        }
    }

    /// A line below the last, a gap above it when it opens a block.
    fn push(&mut self, cells: Vec<Cell>, size: f32, opens: bool) {
        let Some(page) = self.pages.last_mut() else { return };
        let y = page
            .lines
            .last()
            .map_or(0.0, |l| l.y + if opens { 2.0 } else { 1.0 });
        let number = u32::try_from(page.lines.len() + 1).unwrap_or(u32::MAX);
        let right = cells
            .iter()
            .rev()
            .find(|c| !c.text.trim().is_empty())
            .map_or(0.0, |c| c.x + c.text.chars().count() as f32);
        if let Some(line) = Line::from_cells(cells, right, y, 1.0, size, number) {
            page.lines.push(line);
        }
    }

    /// The notes below a rule, one line each.
    fn push_notes(&mut self, notes: &[String]) {
        self.push(
            vec![Cell {
                x: 0.0,
                text: NOTES_RULE.into(),
            }],
            BODY,
            true,
        );
        for note in notes {
            self.push(
                vec![Cell {
                    x: 0.0,
                    text: note.clone(),
                }],
                NOTE,
                false,
            );
        }
    }
}
