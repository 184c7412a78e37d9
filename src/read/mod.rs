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
    /// text (a space before it, unless glued).
    #[serde(skip)]
    pub cell: usize,
    #[serde(skip)]
    pub at: usize,
    /// Glued to its word (raised digits after a word: `courts1`): it may be
    /// a unit (`km2`), so it is taken out of the running text only where
    /// the page has a footnote of that number.
    #[serde(skip)]
    pub glued: bool,
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
    /// The cells, when there are several or the one does not read as
    /// `text`; empty for a one-cell line (most lines: a text of millions of
    /// lines holds each once). [`Line::cells`] gives them back.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cells: Vec<Cell>,
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
    /// The line's cells, left edge and text, in reading order.
    pub fn cells(&self) -> impl DoubleEndedIterator<Item = (f32, &str)> + Clone {
        let one = self.cells.is_empty().then_some((self.x, self.text.as_str()));
        one.into_iter()
            .chain(self.cells.iter().map(|c| (c.x, c.text.as_str())))
    }

    /// How many cells the line has.
    pub fn cell_count(&self) -> usize {
        self.cells.len().max(1)
    }

    /// The cells' texts, taken out of the line (which keeps its `text`).
    pub fn take_cell_texts(&mut self) -> Vec<String> {
        std::mem::take(&mut self.cells)
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    /// Move every cell's left edge to `x` with the line's (a turned line
    /// has one start on the page).
    pub fn move_to(&mut self, x: f32) {
        self.x = x;
        for cell in &mut self.cells {
            cell.x = x;
        }
    }

    /// The line's text and its cells' texts with its notes taken out
    /// (`Board b met` reads `Board met`); `None` when it has none. A glued
    /// note (`courts1`) goes only when `footnote` says its page has a
    /// footnote of that number; a note whose text is not where it says is
    /// left in.
    pub fn without_notes(&self, footnote: impl Fn(&str) -> bool) -> Option<(String, Vec<String>)> {
        if self.notes.is_empty() {
            return None;
        }
        let mut cells: Vec<String> = self.cells().map(|(_, text)| text.to_string()).collect();
        // From the right, so that earlier offsets stay true.
        for note in self.notes.iter().rev() {
            let Some(cell) = cells.get_mut(note.cell) else {
                continue;
            };
            let end = note.at + note.text.len();
            let there = cell.get(note.at..end) == Some(note.text.as_str());
            // The mark, and the space before it unless it is glued.
            let start = if note.glued {
                (there && footnote(&note.text)).then_some(note.at)
            } else {
                note.at
                    .checked_sub(1)
                    .filter(|&space| there && cell.get(space..note.at) == Some(" "))
            };
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
        // The left edge on the page, whichever cell is read first.
        let x = cells.iter().map(|c| c.x).reduce(f32::min)?;
        let text = joined_words(cells.iter().map(|c| c.text.as_str()));
        if let [one] = cells.as_slice()
            && one.text == text
        {
            cells = Vec::new();
        } else {
            // A document holds millions of lines: no spare room in each.
            cells.shrink_to_fit();
        }
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

impl Page {
    /// A page with no lines yet, sized when it is complete.
    fn empty(number: u32) -> Page {
        Page {
            number,
            width: 0.0,
            height: 0.0,
            lines: Vec::new(),
            rules: Vec::new(),
        }
    }
}

/// Pages of text set in character cells (text and DOCX input) made final:
/// an empty last page dropped (a trailing form feed or page break leaves
/// one), each page sized to its lines, a character wide and a line high.
fn finish_pages(pages: &mut Vec<Page>) {
    while pages.len() > 1 && pages.last().is_some_and(|p| p.lines.is_empty()) {
        pages.pop();
    }
    for page in pages {
        // A text's page may hold millions of lines: no spare capacity.
        page.lines.shrink_to_fit();
        page.height = page.lines.last().map(|l| l.y + 1.0).unwrap_or(0.0);
        page.width = page.lines.iter().map(|l| l.right).fold(0.0, f32::max);
    }
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
    /// The file could not be opened or read (the system's error is the
    /// [`ReadError`]'s source).
    Io,
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
    /// The input is larger than the configured limit (its size when known:
    /// a pipe is read only to one byte past the limit).
    TooLarge { size: Option<u64>, limit: u64 },
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

/// What a read failure amounts to, for a manifest or a script: one word
/// per cause a user acts on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// The file could not be opened or read.
    Unreadable,
    /// Larger than the size budget.
    TooLarge,
    /// A limit of the reader was reached.
    Limit,
    /// Encrypted, with a password unrec does not have.
    Encrypted,
    /// Not a document unrec reads (an image, an archive, binary data).
    NotADocument,
    /// A PDF or Word file whose structure is damaged.
    Damaged,
    /// A document with no text to read (a scan without a text layer).
    NoText,
    /// A feature the reader does not support.
    Unsupported,
}

impl ReadErrorKind {
    /// What the failure amounts to.
    pub fn cause(&self) -> Cause {
        match self {
            ReadErrorKind::Io => Cause::Unreadable,
            ReadErrorKind::TooLarge { .. } => Cause::TooLarge,
            ReadErrorKind::LimitExceeded { .. } | ReadErrorKind::DocxLimit(_) => Cause::Limit,
            ReadErrorKind::PasswordRequired => Cause::Encrypted,
            ReadErrorKind::NotText(_) => Cause::NotADocument,
            ReadErrorKind::MalformedPdf(_)
            | ReadErrorKind::NoPages { .. }
            | ReadErrorKind::MalformedDocx(_) => Cause::Damaged,
            ReadErrorKind::Empty | ReadErrorKind::NoText { .. } => Cause::NoText,
            ReadErrorKind::Unsupported(_) => Cause::Unsupported,
        }
    }
}

/// The error another library or the system gave, shared so that a read
/// error stays cheap to clone.
pub type Underlying = std::sync::Arc<dyn std::error::Error + Send + Sync>;

/// A read failure, naming the file and the page when known, with the
/// underlying error as its [`source`](std::error::Error::source).
#[derive(Debug, Clone)]
pub struct ReadError {
    pub file: String,
    pub page: Option<u32>,
    pub kind: ReadErrorKind,
    pub source: Option<Underlying>,
}

impl ReadError {
    /// A failure of `file` with no underlying error.
    pub fn new(file: impl Into<String>, page: Option<u32>, kind: ReadErrorKind) -> ReadError {
        ReadError {
            file: file.into(),
            page,
            kind,
            source: None,
        }
    }

    /// The same failure, caused by `source`.
    pub fn caused_by(mut self, source: impl std::error::Error + Send + Sync + 'static) -> ReadError {
        self.source = Some(std::sync::Arc::new(source));
        self
    }

    /// What the failure amounts to.
    pub fn cause(&self) -> Cause {
        self.kind.cause()
    }
}

/// Two read errors are the same failure when file, page and kind agree;
/// the underlying errors are not compared.
impl PartialEq for ReadError {
    fn eq(&self, other: &Self) -> bool {
        (&self.file, self.page, &self.kind) == (&other.file, other.page, &other.kind)
    }
}

impl Eq for ReadError {}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(page) = self.page {
            write!(f, ", page {page}")?;
        }
        f.write_str(": ")?;
        match &self.kind {
            ReadErrorKind::Io => match &self.source {
                Some(source) => write!(f, "cannot read: {source}"),
                None => f.write_str("cannot read"),
            },
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
            ReadErrorKind::TooLarge { size: Some(size), limit } => {
                write!(f, "input is {size} bytes, more than the limit of {limit} (`--max-bytes`); nothing read")
            }
            ReadErrorKind::TooLarge { size: None, limit } => {
                write!(f, "more than the limit of {limit} bytes (`--max-bytes`); nothing read")
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

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

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
/// a device or an endless pipe is never read past it. The error names the
/// input as given (`<stdin>` for `-`).
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    // A file's own size, so that its bytes are read into one allocation
    // of that size rather than grown by doubling.
    let size = (path != Path::new("-"))
        .then(|| std::fs::metadata(path).ok())
        .flatten()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let capacity = size.unwrap_or(0).min(limit).saturating_add(1);
    let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let read = if path == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit.saturating_add(1)).read_to_end(&mut bytes))
    };
    if let Err(e) = read {
        return Err(ReadError::new(name, None, ReadErrorKind::Io).caused_by(e));
    }
    if bytes.len() as u64 > limit {
        // Only `limit + 1` bytes were read: a file's own size says more.
        let size = std::fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len());
        return Err(ReadError::new(
            name,
            None,
            ReadErrorKind::TooLarge { size, limit },
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
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::TooLarge {
                size: Some(size),
                limit: options.limits.input_bytes,
            },
        ));
    }
    if looks_like_pdf(bytes) {
        return pdf::read(file, bytes, options);
    }
    if docx::looks_like_docx(bytes) {
        return docx::read(file, bytes);
    }
    if let Some(what) = not_text(bytes) {
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::NotText(what.to_string()),
        ));
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    /// A file that cannot be opened keeps the system's error as its source
    /// and its cause as a word; the message names the path as given.
    #[test]
    fn a_missing_file_keeps_its_cause_and_source() {
        let path = Path::new("no/such/file.pdf");
        let err = read_bytes(path, 1024).unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Io);
        assert_eq!(err.cause(), Cause::Unreadable);
        let source = err.source().and_then(|s| s.downcast_ref::<std::io::Error>());
        assert_eq!(
            source.map(std::io::Error::kind),
            Some(std::io::ErrorKind::NotFound)
        );
        assert!(
            err.to_string().starts_with("no/such/file.pdf: cannot read: "),
            "{err}"
        );
    }

    /// A damaged PDF keeps lopdf's error as its source.
    #[test]
    fn a_damaged_pdf_keeps_the_parser_error() {
        let options = ReadOptions {
            repair: false,
            ..ReadOptions::default()
        };
        let err = read("x.pdf", b"%PDF-1.7\n1 0 obj broken", options).unwrap_err();
        assert_eq!(err.cause(), Cause::Damaged);
        assert!(err.source().is_some(), "{err:?}");
    }

    #[test]
    fn an_input_over_the_limit_says_its_size_when_known() {
        let dir = std::env::temp_dir().join(format!("unrec-read-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("big.txt");
        std::fs::write(&file, "x".repeat(100)).unwrap();
        let err = read_bytes(&file, 10).unwrap_err();
        assert_eq!(
            err.kind,
            ReadErrorKind::TooLarge {
                size: Some(100),
                limit: 10
            }
        );
        assert_eq!(err.cause(), Cause::TooLarge);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
