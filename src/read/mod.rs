//! Reading: bytes to a [`Layout`], pages of positioned lines.
//!
//! Text, PDF and Word input end up in the same model so that every later
//! stage works the same on all. Positions are in the reader's own units:
//! character columns and line indices for text (and for Word, whose layout is
//! built from its paragraphs), points (top-down) for PDF; later stages only
//! compare positions relative to each other.

pub mod docx;
pub mod pdf;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::limits::{Limit, Limits};
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// What kind of file a layout came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Pdf,
    /// A Word .docx: pages are its explicit page breaks, not printed pages.
    Docx,
}

/// The file a layout came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The file name (no directory), used in records so that output does not
    /// depend on where the input lies.
    pub file: String,
    pub format: SourceFormat,
}

/// A run of text on a line, set apart from its neighbours by a wide gap
/// (a masthead column, a hanging paragraph number, a footer field).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    pub x: f32,
    pub text: String,
}

/// A footnote reference set raised and smaller after a word (`Board` then a
/// raised `b`): a token of its own in the line's text (`Board b`), which
/// shows what the page shows, and out of the running text the clean stage
/// reads (`Line::without_notes`), so that no unit's text carries it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Note {
    /// Where the mark stands on the line (left edge, page units).
    pub x: f32,
    pub text: String,
    /// The cell it is in, and the byte where it starts in that cell's
    /// text (a space before it).
    #[serde(skip)]
    pub cell: usize,
    #[serde(skip)]
    pub at: usize,
}

/// Which way a line's text runs on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rotation {
    /// Left to right, as body text.
    #[default]
    Upright,
    /// Turned a quarter clockwise: it reads down the page.
    Down,
    /// Turned a quarter counter-clockwise: it reads up the page.
    Up,
    /// Upside down.
    UpsideDown,
    /// At another angle (a diagonal watermark, a slanted chart label): the
    /// direction it runs, in tenths of a degree clockwise from the page's
    /// `x` axis (`y` down).
    Slanted { tenths: i16 },
}

/// One line of text as it stands on the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The cells joined by single spaces.
    pub text: String,
    pub cells: Vec<Cell>,
    /// Left edge of the leftmost cell (a right-to-left line reads its cells from the right).
    pub x: f32,
    /// Right edge of the last cell.
    pub right: f32,
    /// Baseline, growing down the page.
    pub y: f32,
    /// The usual distance between two lines of this size.
    pub pitch: f32,
    /// Font size (text input: 1.0).
    pub size: f32,
    /// 1-based line number: in the file for text, on the page for PDF.
    pub number: u32,
    /// Which way the text runs (PDF input); for a turned line `x` and `y`
    /// are where it starts on the page.
    #[serde(skip_serializing_if = "is_upright")]
    pub rotation: Rotation,
    /// Raised footnote marks in the text, left to right (PDF).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl Line {
    /// The line's text and its cells' texts with its notes taken out
    /// (`Board b met` reads `Board met`); `None` when it has none. A note
    /// whose text is not where it says is left in.
    pub fn without_notes(&self) -> Option<(String, Vec<String>)> {
        if self.notes.is_empty() {
            return None;
        }
        let mut cells: Vec<String> = self.cells.iter().map(|c| c.text.clone()).collect();
        // From the right, so that earlier offsets stay true.
        for note in self.notes.iter().rev() {
            let Some(cell) = cells.get_mut(note.cell) else {
                continue;
            };
            let end = note.at + note.text.len();
            // The mark and the space before it.
            let start = note.at.checked_sub(1).filter(|&space| {
                cell.get(space..note.at) == Some(" ") && cell.get(note.at..end) == Some(note.text.as_str())
            });
            if let Some(start) = start {
                cell.replace_range(start..end, "");
            }
        }
        let text = joined_words(cells.iter().map(String::as_str));
        Some((text, cells))
    }
}

/// Cells' texts as one line's: their words joined by single spaces (a cell
/// may hold several paragraphs, a Word table's, one a line).
fn joined_words<'t>(cells: impl Iterator<Item = &'t str> + Clone) -> String {
    let mut text = String::with_capacity(cells.clone().map(|c| c.len() + 1).sum());
    for word in cells.flat_map(str::split_whitespace) {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}

impl Rotation {
    /// The direction the text runs and the direction down across it, as
    /// unit vectors on the page (`y` down).
    fn axes(self) -> ((f32, f32), (f32, f32)) {
        match self {
            Rotation::Upright => ((1.0, 0.0), (0.0, 1.0)),
            Rotation::Down => ((0.0, 1.0), (-1.0, 0.0)),
            Rotation::Up => ((0.0, -1.0), (1.0, 0.0)),
            Rotation::UpsideDown => ((-1.0, 0.0), (0.0, -1.0)),
            Rotation::Slanted { tenths } => {
                let (sin, cos) = (f32::from(tenths) / 10.0).to_radians().sin_cos();
                ((cos, sin), (-sin, cos))
            }
        }
    }

    /// The order turned lines come in after the upright ones: down, up,
    /// upside down, then other angles by angle.
    pub fn order(self) -> (u8, i16) {
        match self {
            Rotation::Upright => (0, 0),
            Rotation::Down => (1, 0),
            Rotation::Up => (2, 0),
            Rotation::UpsideDown => (3, 0),
            Rotation::Slanted { tenths } => (4, tenths),
        }
    }

    /// A page position in the text's own frame: `x` along the text, `y`
    /// down across it.
    pub fn to_frame(self, x: f32, y: f32) -> (f32, f32) {
        let ((ux, uy), (dx, dy)) = self.axes();
        (x * ux + y * uy, x * dx + y * dy)
    }

    /// A position in the text's own frame back on the page.
    pub fn to_page(self, x: f32, y: f32) -> (f32, f32) {
        let ((ux, uy), (dx, dy)) = self.axes();
        (x * ux + y * dx, x * uy + y * dy)
    }
}

fn is_upright(r: &Rotation) -> bool {
    *r == Rotation::Upright
}

impl Line {
    /// A line from its cells, or `None` when they hold no text.
    pub fn from_cells(
        cells: Vec<Cell>,
        right: f32,
        y: f32,
        pitch: f32,
        size: f32,
        number: u32,
    ) -> Option<Line> {
        let mut cells: Vec<Cell> = cells.into_iter().filter(|c| !c.text.trim().is_empty()).collect();
        // Most lines are one cell; a document holds millions of lines.
        cells.shrink_to_fit();
        // The left edge on the page, whichever cell is read first.
        let x = cells.iter().map(|c| c.x).reduce(f32::min)?;
        let text = joined_words(cells.iter().map(|c| c.text.as_str()));
        Some(Line {
            text,
            cells,
            x,
            right,
            y,
            pitch,
            size,
            number,
            rotation: Rotation::Upright,
            notes: Vec::new(),
        })
    }
}

/// A short horizontal rule drawn on the page, such as the one that opens the
/// footnotes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rule {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
}

/// One page. Text input without form feeds is a single page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
    /// Horizontal rules (PDF input only).
    pub rules: Vec<Rule>,
}

/// The output of the read stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    pub source: Source,
    pub pages: Vec<Page>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Layout {
    /// Whether page numbers are real PDF pages (and belong in records).
    pub fn has_pdf_pages(&self) -> bool {
        self.source.format == SourceFormat::Pdf
    }
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The file holds no text at all.
    Empty,
    /// The PDF structure could not be parsed.
    MalformedPdf(String),
    /// The PDF has no pages; `repaired` says whether rebuilding it from its
    /// objects was tried.
    NoPages { repaired: bool },
    /// The PDF is encrypted with a password we do not have.
    PasswordRequired,
    /// The PDF uses something this reader does not support.
    Unsupported(String),
    /// The input is larger than the configured limit.
    TooLarge { size: u64, limit: u64 },
    /// The input is neither text nor PDF; says what it looks like.
    NotText(String),
    /// The PDF has pages but no text on them (a scan without a text
    /// layer?); or, when `problem` says so, what kept their text from being
    /// read.
    NoText { problem: Option<String> },
    /// The Word document's ZIP package or XML cannot be read; says why.
    MalformedDocx(String),
    /// The Word document goes beyond a limit of the reader (entries,
    /// unpacked size, nesting, lines); says which.
    DocxLimit(String),
    /// A named limit was passed where nothing can be read past it; says
    /// where (`line 3 is 200000000 bytes`).
    LimitExceeded { limit: Limit, value: u64, what: String },
}

/// A read failure, naming the file and the page when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    pub file: String,
    pub page: Option<u32>,
    pub kind: ReadErrorKind,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(page) = self.page {
            write!(f, ", page {page}")?;
        }
        f.write_str(": ")?;
        match &self.kind {
            ReadErrorKind::Empty => f.write_str("the file holds no text"),
            ReadErrorKind::MalformedPdf(why) => write!(f, "not a readable PDF ({why})"),
            ReadErrorKind::NoPages { repaired: true } => f.write_str(
                "the PDF has no readable pages, not even when rebuilt from its objects (an empty or damaged page tree)",
            ),
            ReadErrorKind::NoPages { repaired: false } => f.write_str(
                "the PDF has no readable pages (damaged page tree or cross-reference data?); without `--no-repair` it is rebuilt from its objects",
            ),
            ReadErrorKind::PasswordRequired => {
                f.write_str("the PDF is encrypted and needs a password to open")
            }
            ReadErrorKind::Unsupported(what) => write!(f, "unsupported PDF feature: {what}"),
            ReadErrorKind::TooLarge { size, limit } => {
                write!(f, "input is {size} bytes, more than the limit of {limit}")
            }
            ReadErrorKind::NotText(what) => {
                write!(
                    f,
                    "not a text or PDF file: it looks like {what}; save it as PDF or plain text"
                )
            }
            ReadErrorKind::NoText { problem: None } => {
                f.write_str("the PDF has no text on its pages (a scan without a text layer?)")
            }
            ReadErrorKind::NoText { problem: Some(problem) } => {
                write!(f, "no text could be read from the PDF's pages: {problem}")
            }
            ReadErrorKind::MalformedDocx(why) => write!(f, "not a readable Word document ({why})"),
            ReadErrorKind::DocxLimit(what) => write!(f, "the Word document is too large to read: {what}"),
            ReadErrorKind::LimitExceeded { limit, value, what } => write!(
                f,
                "{what}, over the limit {limit}={value} (`--limit {limit}=N` raises it)"
            ),
        }
    }
}

impl std::error::Error for ReadError {}

/// How to read: limits that keep hostile input from taking unbounded time
/// or memory, and whether to rebuild damaged PDFs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    pub limits: Limits,
    /// Rebuild a damaged PDF from the objects in the file, with a
    /// `pdf_rebuilt` warning, instead of failing (on by default).
    pub repair: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            limits: Limits::default(),
            repair: true,
        }
    }
}

/// Append text, expanding typographic ligatures (`ﬁ` → `fi`) and dropping
/// NULs: both readers give text in letters.
pub fn push_expanded(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{0}' => {}
            c => out.push(c),
        }
    }
}

/// The file name of a path, for records.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Read a file's bytes (or standard input's, for `-`), stopping at `limit`:
/// a device or an endless pipe is never read past it. `name` is how errors
/// name the input: the path as given.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, (String, String)> {
    use std::io::Read;
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return Err((name, format!("cannot read: {e}")));
    }
    if bytes.len() as u64 > limit {
        return Err((
            name,
            format!("more than the limit of {limit} bytes (`--max-bytes`); nothing read"),
        ));
    }
    Ok(bytes)
}

/// Read bytes into a layout, choosing the reader by content: `%PDF-` near the
/// start means PDF, a ZIP package with `word/document.xml` a Word document,
/// anything else is text.
pub fn read(file: &str, bytes: &[u8], options: ReadOptions) -> Result<Layout, ReadError> {
    let size = bytes.len() as u64;
    if size > options.limits.input_bytes {
        return Err(ReadError {
            file: file.to_string(),
            page: None,
            kind: ReadErrorKind::TooLarge {
                size,
                limit: options.limits.input_bytes,
            },
        });
    }
    if looks_like_pdf(bytes) {
        return pdf::read(file, bytes, options);
    }
    if docx::looks_like_docx(bytes) {
        return docx::read(file, bytes);
    }
    if let Some(what) = not_text(bytes) {
        return Err(ReadError {
            file: file.to_string(),
            page: None,
            kind: ReadErrorKind::NotText(what.to_string()),
        });
    }
    text::read_with(file, bytes, &options.limits)
}

/// What a file that is not text looks like, from its first bytes.
fn not_text(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "a ZIP archive but not a Word .docx (an OpenDocument file?)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "an OLE2 file (a Word .doc file?)",
        ),
        (b"{\\rtf", "an RTF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"II*\x00", "a TIFF image"),
        (b"MM\x00*", "a TIFF image"),
        (b"\x1F\x8B", "gzip-compressed data"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Some(what);
    }
    let head = bytes.get(..bytes.len().min(8192)).unwrap_or(bytes);
    let utf16_mark = head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF");
    let nuls = head.iter().filter(|&&b| b == 0).count();
    // Text in UTF-16 has NULs in every other byte; binary data has them
    // scattered, and text in one-byte encodings has none.
    let utf16_like = nuls * 10 >= head.len() * 3;
    (!utf16_mark && nuls > 0 && !utf16_like).then_some("binary data")
}

/// PDF files start with `%PDF-`, possibly after some junk (the specification
/// allows it within the first kilobyte).
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    head.windows(5).any(|w| w == b"%PDF-")
}
