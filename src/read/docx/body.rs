//! The walk over a story: the document body (`word/document.xml`,
//! ECMA-376 Part 1, 17.2) or the notes (`word/footnotes.xml`,
//! `word/endnotes.xml`, 17.11), into paragraphs and table rows.
//!
//! What a reader sees is kept: text (`w:t`), tabs, breaks, non-breaking and
//! soft hyphens, symbols, inserted text and field results. What a reader
//! does not see is dropped: deleted and moved-away text, field instructions,
//! hidden runs (`w:vanish`), earlier properties of tracked changes, content
//! control properties, drawings and objects. Containers (hyperlinks, smart
//! tags, custom XML, content controls, simple fields) are descended into.

use super::numbering::{self, NumRef, Numbering, Styles};
use super::xml::{self, Event, Xml};
use super::{Limit, limit};
use crate::read::ReadError;

/// Fields nested deeper than this are counted, not tracked.
const MAX_FIELDS: usize = 64;

/// What the body holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A line of a paragraph: its label (first line of a numbered
    /// paragraph), its cells (split at a tab after the first text), whether
    /// it opens the paragraph, whether the paragraph is a heading.
    Line {
        label: Option<String>,
        cells: Vec<String>,
        opens: bool,
        heading: bool,
    },
    /// A table row: the text of each cell.
    Row(Vec<String>),
    /// An explicit page break.
    PageBreak,
    /// The end of a section (a `w:sectPr` in a paragraph's properties).
    SectionEnd,
}

/// A story being read.
pub struct Story<'s> {
    file: &'s str,
    styles: &'s Styles,
    numbering: Numbering,
    fields: Fields,
    max_lines: usize,
    lines: usize,
    pub items: Vec<Item>,
    /// Per section, in order: whether it starts on a new page.
    pub sections: Vec<bool>,
    /// The number a `w:footnoteRef` writes, while a note is read.
    note_number: Option<u32>,
    note_ref_seen: bool,
}

/// Where a paragraph goes: the body, or the text of a table cell or note.
enum Target<'t> {
    Body,
    Text(&'t mut String),
}

/// A paragraph's own properties (`w:pPr`).
#[derive(Default)]
struct Properties {
    style: Option<String>,
    num: NumRef,
    outline: Option<u8>,
    break_before: bool,
    /// A section ends with this paragraph; whether the next starts a page.
    section: Option<bool>,
}

enum Segment {
    Line(Vec<String>),
    PageBreak,
}

struct Paragraph {
    segments: Vec<Segment>,
    label: Option<String>,
    heading: bool,
    break_before: bool,
    section: Option<bool>,
}

impl Paragraph {
    /// Its text on one line: label and lines joined by spaces.
    fn text(&self) -> String {
        let mut parts: Vec<&str> = self.label.iter().map(String::as_str).collect();
        for segment in &self.segments {
            if let Segment::Line(cells) = segment {
                parts.extend(cells.iter().map(String::as_str));
            }
        }
        join(parts)
    }
}

/// Complex fields (`w:fldChar`): instructions are skipped, results kept.
#[derive(Default)]
struct Fields {
    /// Per open field: whether its instruction is still being read.
    open: Vec<bool>,
    overflow: usize,
}

impl Fields {
    fn begin(&mut self) {
        if self.open.len() < MAX_FIELDS {
            self.open.push(true);
        } else {
            self.overflow += 1;
        }
    }
    fn separate(&mut self) {
        if self.overflow == 0
            && let Some(top) = self.open.last_mut()
        {
            *top = false;
        }
    }
    fn end(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else {
            self.open.pop();
        }
    }
    fn in_instruction(&self) -> bool {
        self.overflow > 0 || self.open.iter().any(|&i| i)
    }
}

/// A paragraph's text as it is read: lines of cells.
#[derive(Default)]
struct Builder {
    segments: Vec<Segment>,
    cells: Vec<String>,
    /// A tab already split this line.
    split: bool,
}

impl Builder {
    fn text(&mut self, text: &str) {
        if self.cells.is_empty() {
            self.cells.push(String::new());
        }
        if let Some(cell) = self.cells.last_mut() {
            crate::read::push_expanded(cell, text);
        }
    }

    /// The first tab after some text sets a column apart (a typed number,
    /// a masthead column); later tabs are spaces.
    fn tab(&mut self) {
        let has_text = self.cells.iter().any(|c| !c.trim().is_empty());
        if !self.split && has_text {
            self.split = true;
            self.cells.push(String::new());
        } else {
            self.text(" ");
        }
    }

    fn line_break(&mut self) {
        self.segments.push(Segment::Line(std::mem::take(&mut self.cells)));
        self.split = false;
    }

    fn page_break(&mut self) {
        self.line_break();
        self.segments.push(Segment::PageBreak);
    }

    fn finish(mut self) -> Vec<Segment> {
        if !self.cells.is_empty() || self.segments.is_empty() {
            self.line_break();
        }
        self.segments
    }
}

impl<'s> Story<'s> {
    /// List labels cut at their bound (a level text repeating its numbers).
    pub fn labels_cut(&self) -> usize {
        self.numbering.labels_cut
    }

    pub fn new(file: &'s str, styles: &'s Styles, numbering: Numbering, max_lines: usize) -> Story<'s> {
        Story {
            file,
            styles,
            numbering,
            fields: Fields::default(),
            max_lines,
            lines: 0,
            items: Vec::new(),
            sections: Vec::new(),
            note_number: None,
            note_ref_seen: false,
        }
    }

    /// The lines read so far (paragraph lines, rows, notes).
    pub fn lines(&self) -> usize {
        self.lines
    }

    /// Read `word/document.xml`: the blocks of `w:body`.
    pub fn document(&mut self, xml: &mut Xml<'_>) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            let Event::Start(e) = event else { continue };
            match xml::name(&e) {
                "document" => {}
                "body" => self.blocks(xml, &mut Target::Body)?,
                _ => xml.skip()?,
            }
        }
        Ok(())
    }

    /// Read a notes part: the text of each note that is not a separator,
    /// as its line (`N text`, or the text after its own mark).
    pub fn notes(&mut self, xml: &mut Xml<'_>) -> Result<Vec<String>, ReadError> {
        let mut out = Vec::new();
        while let Some(event) = xml.next()? {
            let Event::Start(e) = event else { continue };
            match xml::name(&e) {
                "footnotes" | "endnotes" => {}
                "footnote" | "endnote" => {
                    let normal = xml::attr(&e, "type").is_none_or(|t| t == "normal");
                    if !normal {
                        xml.skip()?;
                        continue;
                    }
                    let number = u32::try_from(out.len() + 1).unwrap_or(u32::MAX);
                    self.note_number = Some(number);
                    self.note_ref_seen = false;
                    let mut text = String::new();
                    self.blocks(xml, &mut Target::Text(&mut text))?;
                    self.note_number = None;
                    let text = collapse(&text);
                    if text.is_empty() {
                        continue;
                    }
                    // A note with a mark of its own (`*`) reads as written.
                    let marked = text.starts_with(|c: char| !c.is_alphanumeric());
                    out.push(if self.note_ref_seen || marked {
                        text
                    } else {
                        format!("{number} {text}")
                    });
                    self.count(1)?;
                }
                _ => xml.skip()?,
            }
        }
        Ok(out)
    }

    fn count(&mut self, lines: usize) -> Result<(), ReadError> {
        self.lines = self.lines.saturating_add(lines);
        if self.lines > self.max_lines {
            return Err(limit(self.file, Limit::Lines(self.max_lines)));
        }
        Ok(())
    }

    /// Block-level content up to the end of its container.
    fn blocks(&mut self, xml: &mut Xml<'_>, target: &mut Target<'_>) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            let e = match event {
                Event::End => break,
                Event::Text(_) => continue,
                Event::Start(e) => e,
            };
            match xml::name(&e) {
                "p" => {
                    let paragraph = self.paragraph(xml)?;
                    self.place(paragraph, target)?;
                }
                "tbl" => {
                    let rows = self.table(xml)?;
                    match target {
                        Target::Body => {
                            self.count(rows.len())?;
                            self.items.extend(rows.into_iter().map(Item::Row));
                        }
                        // A table inside a cell or note is part of its text.
                        Target::Text(text) => {
                            let inner = join(rows.iter().flatten().map(String::as_str));
                            append(text, &inner);
                        }
                    }
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => self.blocks(xml, target)?,
                "AlternateContent" => self.fallback(xml, |story, xml| story.blocks(xml, target))?,
                "sectPr" => {
                    let starts_page = section(xml)?;
                    self.sections.push(starts_page);
                }
                _ => xml.skip()?,
            }
        }
        Ok(())
    }

    /// `mc:AlternateContent`: only the fallback, whose markup every reader
    /// knows.
    fn fallback<F>(&mut self, xml: &mut Xml<'_>, mut inside: F) -> Result<(), ReadError>
    where
        F: FnMut(&mut Self, &mut Xml<'_>) -> Result<(), ReadError>,
    {
        while let Some(event) = xml.next()? {
            match event {
                Event::End => break,
                Event::Text(_) => {}
                Event::Start(e) if xml::name(&e) == "Fallback" => inside(self, xml)?,
                Event::Start(_) => xml.skip()?,
            }
        }
        Ok(())
    }

    fn place(&mut self, paragraph: Paragraph, target: &mut Target<'_>) -> Result<(), ReadError> {
        let Target::Body = target else {
            // A cell's (or note's) paragraphs stay apart by line breaks:
            // a thematic list's themes are one paragraph each.
            if let Target::Text(text) = target {
                append_paragraph(text, &paragraph.text());
            }
            return Ok(());
        };
        let lines = paragraph
            .segments
            .iter()
            .filter(|s| matches!(s, Segment::Line(_)))
            .count();
        self.count(lines.max(1))?;
        if paragraph.break_before {
            self.items.push(Item::PageBreak);
        }
        let mut label = paragraph.label;
        let mut opens = true;
        for segment in paragraph.segments {
            match segment {
                Segment::PageBreak => self.items.push(Item::PageBreak),
                // An empty line (a break at the start, two in a row) places
                // nothing: the label and the gap go with the first text.
                Segment::Line(cells) if cells.iter().all(|c| c.trim().is_empty()) => {}
                Segment::Line(cells) => {
                    self.items.push(Item::Line {
                        label: label.take(),
                        cells,
                        opens,
                        heading: paragraph.heading,
                    });
                    opens = false;
                }
            }
        }
        // A numbered paragraph with no text still shows its number.
        if label.is_some() {
            self.items.push(Item::Line {
                label,
                cells: Vec::new(),
                opens,
                heading: paragraph.heading,
            });
        }
        if let Some(starts_page) = paragraph.section {
            self.sections.push(starts_page);
            self.items.push(Item::SectionEnd);
        }
        Ok(())
    }

    /// A table's rows, each the text of its cells; nested tables are
    /// flattened into the text of their cell.
    fn table(&mut self, xml: &mut Xml<'_>) -> Result<Vec<Vec<String>>, ReadError> {
        let mut rows = Vec::new();
        self.rows(xml, &mut rows)?;
        Ok(rows)
    }

    fn rows(&mut self, xml: &mut Xml<'_>, rows: &mut Vec<Vec<String>>) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            let e = match event {
                Event::End => break,
                Event::Text(_) => continue,
                Event::Start(e) => e,
            };
            match xml::name(&e) {
                "tr" => {
                    let mut cells = Vec::new();
                    self.cells(xml, &mut cells)?;
                    rows.push(cells);
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => self.rows(xml, rows)?,
                _ => xml.skip()?,
            }
        }
        Ok(())
    }

    fn cells(&mut self, xml: &mut Xml<'_>, cells: &mut Vec<String>) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            let e = match event {
                Event::End => break,
                Event::Text(_) => continue,
                Event::Start(e) => e,
            };
            match xml::name(&e) {
                "tc" => {
                    let mut text = String::new();
                    self.blocks(xml, &mut Target::Text(&mut text))?;
                    cells.push(text.trim().to_string());
                }
                "sdt" | "sdtContent" | "customXml" | "ins" | "moveTo" => self.cells(xml, cells)?,
                _ => xml.skip()?,
            }
        }
        Ok(())
    }

    fn paragraph(&mut self, xml: &mut Xml<'_>) -> Result<Paragraph, ReadError> {
        let mut properties = Properties::default();
        let mut builder = Builder::default();
        self.inline(xml, &mut properties, &mut builder)?;
        let segments = builder.finish();
        let inherited = self.styles.inherited(properties.style.as_deref());
        let label = self.numbering.label(properties.num, &inherited, self.styles);
        // Outline level 9 is body text.
        let heading = properties.outline.map_or(inherited.heading, |l| l < 9);
        Ok(Paragraph {
            segments,
            label,
            heading,
            break_before: properties.break_before,
            section: properties.section,
        })
    }

    /// Paragraph content up to the end of its container.
    fn inline(
        &mut self,
        xml: &mut Xml<'_>,
        properties: &mut Properties,
        builder: &mut Builder,
    ) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            let e = match event {
                Event::End => break,
                Event::Text(_) => continue,
                Event::Start(e) => e,
            };
            match xml::name(&e) {
                "pPr" => paragraph_properties(xml, properties)?,
                "r" => self.run(xml, builder)?,
                "ins" | "moveTo" | "hyperlink" | "smartTag" | "customXml" | "fldSimple" | "sdt"
                | "sdtContent" | "dir" | "bdo" | "oMath" | "oMathPara" => {
                    self.inline(xml, properties, builder)?
                }
                "AlternateContent" => {
                    self.fallback(xml, |story, xml| story.inline(xml, properties, builder))?
                }
                _ => xml.skip()?,
            }
        }
        Ok(())
    }

    fn run(&mut self, xml: &mut Xml<'_>, builder: &mut Builder) -> Result<(), ReadError> {
        let mut hidden = false;
        while let Some(event) = xml.next()? {
            let e = match event {
                Event::End => break,
                Event::Text(_) => continue,
                Event::Start(e) => e,
            };
            let name = xml::name(&e);
            // Field characters count even in hidden runs.
            if name == "fldChar" {
                match xml::attr(&e, "fldCharType").as_deref() {
                    Some("begin") => self.fields.begin(),
                    Some("separate") => self.fields.separate(),
                    Some("end") => self.fields.end(),
                    _ => {}
                }
                xml.skip()?;
                continue;
            }
            if name == "rPr" {
                hidden = run_hidden(xml)?;
                continue;
            }
            if hidden || self.fields.in_instruction() {
                xml.skip()?;
                continue;
            }
            match name {
                "t" => {
                    let text = xml.text()?;
                    builder.text(&text);
                    continue;
                }
                "tab" | "ptab" => builder.tab(),
                "br" => match xml::attr(&e, "type").as_deref() {
                    Some("page") => builder.page_break(),
                    _ => builder.line_break(),
                },
                "cr" => builder.line_break(),
                "noBreakHyphen" => builder.text("-"),
                "softHyphen" => builder.text("\u{ad}"),
                "sym" => {
                    if let Some(c) = symbol(&e) {
                        builder.text(c.encode_utf8(&mut [0; 4]));
                    }
                }
                "footnoteRef" | "endnoteRef" => {
                    if let Some(n) = self.note_number {
                        builder.text(&format!("{n} "));
                        self.note_ref_seen = true;
                    }
                }
                "ruby" => {
                    self.ruby(xml, builder)?;
                    continue;
                }
                _ => {}
            }
            xml.skip()?;
        }
        Ok(())
    }

    /// `w:ruby`: the base text; the annotation above it is left out.
    fn ruby(&mut self, xml: &mut Xml<'_>, builder: &mut Builder) -> Result<(), ReadError> {
        while let Some(event) = xml.next()? {
            match event {
                Event::End => break,
                Event::Text(_) => {}
                Event::Start(e) if xml::name(&e) == "rubyBase" => {
                    let mut ignored = Properties::default();
                    self.inline(xml, &mut ignored, builder)?;
                }
                Event::Start(_) => xml.skip()?,
            }
        }
        Ok(())
    }
}

fn paragraph_properties(xml: &mut Xml<'_>, out: &mut Properties) -> Result<(), ReadError> {
    while let Some(event) = xml.next()? {
        let e = match event {
            Event::End => break,
            Event::Text(_) => continue,
            Event::Start(e) => e,
        };
        match xml::name(&e) {
            "pStyle" => out.style = xml::attr(&e, "val"),
            "numPr" => {
                out.num = numbering::num_pr(xml)?;
                continue;
            }
            "outlineLvl" => out.outline = xml::number(&e, "val").and_then(|v| u8::try_from(v).ok()),
            "pageBreakBefore" => out.break_before = xml::on(&e),
            "sectPr" => {
                out.section = Some(section(xml)?);
                continue;
            }
            // Everything else, `w:pPrChange` (the properties before a
            // tracked change) among it, is no concern of the text.
            _ => {}
        }
        xml.skip()?;
    }
    Ok(())
}

/// Whether a run is hidden (`w:vanish` in its own properties).
fn run_hidden(xml: &mut Xml<'_>) -> Result<bool, ReadError> {
    let mut hidden = false;
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => {
                if xml::name(&e) == "vanish" {
                    hidden = xml::on(&e);
                }
                xml.skip()?;
            }
        }
    }
    Ok(hidden)
}

/// A `w:sectPr`, read to its end: whether its section starts on a new page
/// (`w:type` other than `continuous` or `nextColumn`; `nextPage` when absent).
fn section(xml: &mut Xml<'_>) -> Result<bool, ReadError> {
    let mut starts_page = true;
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => {
                if xml::name(&e) == "type" {
                    starts_page =
                        !matches!(xml::attr(&e, "val").as_deref(), Some("continuous" | "nextColumn"));
                }
                xml.skip()?;
            }
        }
    }
    Ok(starts_page)
}

/// The character of a `w:sym`. Symbol fonts address their glyphs at
/// U+F000 plus the font's code, which is taken instead.
fn symbol(e: &quick_xml::events::BytesStart<'_>) -> Option<char> {
    let code = u32::from_str_radix(xml::attr(e, "char")?.trim(), 16).ok()?;
    let code = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    char::from_u32(code).filter(|c| !c.is_control())
}

/// Runs of ASCII white space as one space, trimmed (no-break spaces stay).
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split([' ', '\t', '\n', '\r']).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn join<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        append(&mut out, part);
    }
    out
}

/// Append text after a space, when both have some.
/// Add a paragraph to a cell's text, on a line of its own.
fn append_paragraph(out: &mut String, text: &str) {
    let text = collapse(text);
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&text);
}

fn append(out: &mut String, text: &str) {
    let text = collapse(text);
    if text.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(&text);
}
