//! The content-stream interpreter: page content to glyphs placed on the page.
//!
//! It keeps the graphics state (`q`/`Q`, `cm`) and the text state (`Tf`,
//! `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tm`, `Td`, `TD`, `T*`, `'`, `"`), shows
//! strings with `Tj` and `TJ` (advancing by glyph widths and `TJ`
//! displacements, as the PDF specification's text-space rules say), runs
//! Form XObjects through `Do` up to a depth limit, and records short
//! horizontal rules (footnote separators). Positions come out in points on
//! a page whose origin is the top-left corner of the crop box, with `y`
//! growing down, after the page's `/Rotate`.

use super::font::{CMaps, Font, Glyph, GlyphText};
use super::lexer::{self, Lexer, MAX_OPERANDS, Operand};
use crate::read::Rotation;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// A space advancing less than this (in font sizes) is no word break.
const CANCELLED_SPACE: f32 = 0.15;
/// Marked-content sequences open at once that are tracked.
const MAX_MARKED_DEPTH: usize = 64;
/// Most glyphs an `/ActualText` replaces.
const MAX_ACTUAL_TEXT_GLYPHS: usize = 200;
/// Different problems kept for one page: a page that repeats a broken
/// operation millions of times says it once.
const MAX_PAGE_PROBLEMS: usize = 64;

/// Bounds on the work one page may cause.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Nesting of Form XObjects.
    pub max_form_depth: usize,
    /// Graphics states saved with `q` at once.
    pub max_saved_states: usize,
    /// Operations interpreted on one page, forms included.
    pub max_operations: usize,
    /// Glyphs placed on one page.
    pub max_glyphs: usize,
    /// Bytes one content stream may decompress to.
    pub max_stream_bytes: usize,
    /// Arrays and dictionaries open at once in content.
    pub max_nesting: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::from(&crate::limits::Limits::default())
    }
}

impl From<&crate::limits::Limits> for Limits {
    fn from(l: &crate::limits::Limits) -> Self {
        use crate::limits::Limit;
        Limits {
            max_form_depth: 8,
            max_saved_states: 256,
            max_operations: l.count(Limit::Operators),
            max_glyphs: l.count(Limit::GlyphsPerPage),
            max_stream_bytes: l.count(Limit::StreamBytes),
            max_nesting: l.count(Limit::Nesting),
        }
    }
}

/// An affine transformation `[a b c d e f]`, applied to row vectors as the
/// PDF specification writes them: `[x y 1] × M`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix {
    pub a: f32,
    pub b: f32,
    pub c: f32,
    pub d: f32,
    pub e: f32,
    pub f: f32,
}

impl Matrix {
    pub const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    pub fn new(a: f32, b: f32, c: f32, d: f32, e: f32, f: f32) -> Matrix {
        Matrix { a, b, c, d, e, f }
    }

    pub fn translate(tx: f32, ty: f32) -> Matrix {
        Matrix::new(1.0, 0.0, 0.0, 1.0, tx, ty)
    }

    /// `self × other`: first `self`, then `other`.
    pub fn then(&self, o: &Matrix) -> Matrix {
        Matrix {
            a: self.a * o.a + self.b * o.c,
            b: self.a * o.b + self.b * o.d,
            c: self.c * o.a + self.d * o.c,
            d: self.c * o.b + self.d * o.d,
            e: self.e * o.a + self.f * o.c + o.e,
            f: self.e * o.b + self.f * o.d + o.f,
        }
    }

    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)
    }

    /// A matrix from six numbers, as `cm`, `Tm` and `/Matrix` give it.
    fn from_numbers(mut numbers: impl Iterator<Item = Option<f32>>) -> Option<Matrix> {
        let mut n = [0.0f32; 6];
        for slot in &mut n {
            *slot = numbers.next()??;
        }
        if numbers.next().is_some() {
            return None;
        }
        let [a, b, c, d, e, f] = n;
        Some(Matrix::new(a, b, c, d, e, f))
    }

    fn is_finite(&self) -> bool {
        [self.a, self.b, self.c, self.d, self.e, self.f]
            .iter()
            .all(|v| v.is_finite())
    }
}

/// A glyph on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Its text; U+FFFD when the font maps nothing to it.
    pub text: GlyphText,
    /// Left end of the baseline.
    pub x: f32,
    /// Baseline, growing down the page.
    pub y: f32,
    /// Advance along the baseline.
    pub width: f32,
    /// Font size on the page.
    pub size: f32,
    pub bold: bool,
}

/// A short horizontal stroke or thin filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
}

/// What one page's content produced.
#[derive(Debug, Default)]
pub struct PageContent {
    pub glyphs: Vec<PlacedGlyph>,
    pub rules: Vec<Rule>,
    /// Glyphs no font mapping could turn into text.
    pub unmapped: usize,
    /// Glyphs set at a quarter or half turn, each placed in a frame of its
    /// own where it reads left to right (`x` along the text, `y` down
    /// across it), for line building; the reader turns their lines back.
    pub turned: Vec<(Rotation, PlacedGlyph)>,
    /// Glyphs no line can read (mirrored, of no size): said, not read.
    pub mirrored: usize,
    /// What went wrong, for diagnostics.
    pub problems: Vec<Problem>,
    /// Bytes of content the page's streams inflated to, and the forms'
    /// that are no objects of their own (inflated at every draw).
    pub inflated: usize,
    /// The bytes each form object the page drew inflates to: the document
    /// counts each once, on the first page that draws it, whichever
    /// reader's cache decoded it.
    pub forms: HashMap<ObjectId, usize>,
    /// Operations interpreted, forms included.
    pub operations: usize,
    /// Letters each encoding-only font (by name) showed on the page.
    pub encoding_only: HashMap<String, Letters>,
}

/// Letters a font showed: all of them, and those read as accented Latin
/// letters (Latin-1 above ASCII, and the letters Windows-1252 adds), which
/// is what text in another script set with a legacy code page reads as.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Letters {
    pub all: usize,
    pub accented: usize,
}

impl Letters {
    fn count(&mut self, text: &str) {
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            self.all += 1;
            if is_accented_latin(c) {
                self.accented += 1;
            }
        }
    }

    pub fn add(&mut self, other: Letters) {
        self.all = self.all.saturating_add(other.all);
        self.accented = self.accented.saturating_add(other.accented);
    }
}

/// A letter of Latin-1 above ASCII, or one Windows-1252 adds.
fn is_accented_latin(c: char) -> bool {
    matches!(
        c,
        '\u{C0}'..='\u{FF}' | 'Š' | 'š' | 'Œ' | 'œ' | 'Ž' | 'ž' | 'Ÿ' | 'ƒ'
    ) && c != '×'
        && c != '÷'
}

/// Something that went wrong on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    /// The font whose loading found it: said on the first page that loads
    /// the font, however many readers of pages load it again.
    pub font: Option<ObjectId>,
}

impl From<String> for Problem {
    fn from(message: String) -> Problem {
        Problem { message, font: None }
    }
}

/// Which way a glyph's rendering matrix sets it on the page (`y` down): a
/// quarter or half turn, another angle, or `Upright` for what no line can
/// read (a glyph of no size, or one mirrored left to right or top to
/// bottom), which the caller tells apart from upright text.
fn turn_of(render: &Matrix) -> Rotation {
    let length = (render.a * render.a + render.b * render.b).sqrt();
    if length <= 0.0 {
        return Rotation::Upright;
    }
    let (ux, uy) = (render.a / length, render.b / length);
    // Upright glyphs have their tops up the page (`d` < 0 with `y` down);
    // turned ones keep them to the left of their direction.
    let (cx, cy) = (render.c, render.d);
    let mirrored = ux * cy - uy * cx >= 0.0;
    const NEAR: f32 = 0.05;
    if mirrored {
        Rotation::Upright
    } else if ux.abs() <= NEAR && uy > 0.0 {
        Rotation::Down
    } else if ux.abs() <= NEAR && uy < 0.0 {
        Rotation::Up
    } else if uy.abs() <= NEAR && ux < 0.0 {
        Rotation::UpsideDown
    } else if uy.abs() <= NEAR {
        Rotation::Upright
    } else {
        let tenths = (uy.atan2(ux).to_degrees() * 10.0).round();
        Rotation::Slanted {
            // Within ±1800 by atan2's range.
            tenths: tenths as i16,
        }
    }
}

/// Objects already decoded, by object id: fonts, the CMap streams fonts
/// share, and form contents (a form drawn a thousand times is inflated
/// once).
#[derive(Default)]
pub struct ObjectCache {
    fonts: HashMap<ObjectId, Rc<Font>>,
    cmaps: CMaps,
    forms: HashMap<ObjectId, Result<Rc<[u8]>, String>>,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    char_spacing: f32,
    word_spacing: f32,
    horizontal_scale: f32,
    leading: f32,
    rise: f32,
    font: Option<Rc<Font>>,
    size: f32,
}

impl Default for State {
    fn default() -> Self {
        State {
            ctm: Matrix::IDENTITY,
            char_spacing: 0.0,
            word_spacing: 0.0,
            horizontal_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            font: None,
            size: 0.0,
        }
    }
}

struct Interpreter<'d> {
    doc: &'d Document,
    limits: Limits,
    fonts: &'d mut ObjectCache,
    out: PageContent,
    operations: usize,
    stopped: bool,
    state: State,
    saved: Vec<State>,
    text_matrix: Matrix,
    line_matrix: Matrix,
    path: Vec<(f32, f32)>,
    pending_rules: Vec<Rule>,
    forms: Vec<ObjectId>,
    /// Forms skipped (too deep, or inside themselves) and said so.
    forms_skipped: Vec<ObjectId>,
    /// Open marked-content sequences: the `/ActualText` of each, if any, and
    /// the number of glyphs placed before it opened.
    marked: Vec<Option<(String, usize)>>,
    /// U+FFFD, the text of a glyph no font maps, made once.
    replacement: GlyphText,
    /// Buffers reused for every string shown: its decoded bytes (for a hex
    /// string) and its glyphs.
    string_bytes: Vec<u8>,
    glyphs: Vec<Glyph>,
    /// Letters each encoding-only font showed on this page, found by the
    /// font's identity (no hashing per string shown), put under the fonts'
    /// names when the page is done.
    letters: Vec<(Rc<Font>, Letters)>,
}

/// Interpret one page: its content streams with its resources, from the
/// device matrix the page's boxes and rotation give.
pub fn interpret_page(
    doc: &Document,
    page: ObjectId,
    device: Matrix,
    fonts: &mut ObjectCache,
    limits: Limits,
) -> PageContent {
    let mut interpreter = Interpreter {
        doc,
        limits,
        fonts,
        out: PageContent::default(),
        operations: 0,
        stopped: false,
        state: State {
            ctm: device,
            ..State::default()
        },
        saved: Vec::new(),
        text_matrix: Matrix::IDENTITY,
        line_matrix: Matrix::IDENTITY,
        path: Vec::new(),
        pending_rules: Vec::new(),
        forms: Vec::new(),
        forms_skipped: Vec::new(),
        marked: Vec::new(),
        replacement: GlyphText::from("\u{fffd}"),
        string_bytes: Vec::new(),
        glyphs: Vec::new(),
        letters: Vec::new(),
    };
    let resources = inherited(doc, page, b"Resources").and_then(|o| dictionary(doc, o));
    let content = match doc.get_page_content_with_limit(page, limits.max_stream_bytes) {
        Ok(c) => c,
        Err(e) => {
            interpreter.note(format!(
                "page content could not be read: {e} (damaged, or inflating past the limit stream-bytes={}: `--limit stream-bytes=N` raises it)",
                limits.max_stream_bytes
            ));
            return interpreter.out;
        }
    };
    interpreter.out.inflated = content.len();
    interpreter.run(&content, resources, 0);
    interpreter.out.operations = interpreter.operations;
    for (font, letters) in interpreter.letters {
        let counted = interpreter.out.encoding_only.entry(font.name().to_string());
        counted.or_default().add(letters);
    }
    interpreter.out
}

/// A page attribute, looked up the page tree (`/Resources`, `/MediaBox`,
/// `/CropBox` and `/Rotate` are inheritable).
pub fn inherited<'d>(doc: &'d Document, page: ObjectId, key: &[u8]) -> Option<&'d Object> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

/// Follow references (a bounded number of times) to a dictionary.
pub fn dictionary<'d>(doc: &'d Document, object: &'d Object) -> Option<&'d Dictionary> {
    match resolve(doc, object)? {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// Follow references, at most 16 deep.
pub fn resolve<'d>(doc: &'d Document, mut object: &'d Object) -> Option<&'d Object> {
    for _ in 0..16 {
        match object {
            Object::Reference(id) => object = doc.get_object(*id).ok()?,
            other => return Some(other),
        }
    }
    None
}

/// A PDF text string: UTF-16BE after a byte-order mark, else PDFDocEncoding
/// (read here as Latin-1, which it matches for text).
pub fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(b"\xFE\xFF") {
        Some(rest) => {
            let units = rest.chunks_exact(2).map(|c| match c {
                [a, b] => u16::from_be_bytes([*a, *b]),
                _ => 0,
            });
            char::decode_utf16(units)
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// A numeric operand.
pub fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

impl Interpreter<'_> {
    /// A problem of the page, kept unless said already or past the page's
    /// share.
    fn note(&mut self, problem: impl Into<Problem>) {
        let problem = problem.into();
        let problems = &mut self.out.problems;
        if problems.len() < MAX_PAGE_PROBLEMS && !problems.contains(&problem) {
            problems.push(problem);
        }
    }

    fn run(&mut self, content: &[u8], resources: Option<&Dictionary>, depth: usize) {
        let mut lexer = Lexer::new(content, self.limits.max_nesting);
        let mut operands: Vec<Operand<'_>> = Vec::new();
        while let Some(operator) = lexer.next_operation(&mut operands) {
            if self.stopped {
                break;
            }
            self.operations += 1;
            if self.operations > self.limits.max_operations {
                self.note(format!(
                    "more than {} content operations, over the limit operators-per-page={} (`--limit operators-per-page=N` raises it); the rest of the page is skipped",
                    self.limits.max_operations, self.limits.max_operations
                ));
                self.stopped = true;
                break;
            }
            self.operate(operator, &operands, resources, depth);
        }
        let skipped = lexer.skipped;
        if skipped.deep > 0 {
            self.note(format!(
                "{} array(s) or dictionaries nested deeper than the limit nesting={} skipped (`--limit nesting=N` raises it); the rest of the content is read",
                skipped.deep, self.limits.max_nesting
            ));
        }
        if skipped.operands > 0 {
            self.note(format!(
                "{} operand(s) past {MAX_OPERANDS} for one operator skipped",
                skipped.operands
            ));
        }
    }

    fn operate(
        &mut self,
        operator: &[u8],
        ops: &[Operand<'_>],
        resources: Option<&Dictionary>,
        depth: usize,
    ) {
        let num = |i: usize| ops.get(i).and_then(Operand::number);
        let matrix = || Matrix::from_numbers(ops.iter().map(Operand::number));
        match operator {
            b"q" if self.saved.len() < self.limits.max_saved_states => self.saved.push(self.state.clone()),
            b"Q" => {
                if let Some(state) = self.saved.pop() {
                    self.state = state;
                }
            }
            b"cm" => self.concat(matrix()),
            b"BT" => {
                self.text_matrix = Matrix::IDENTITY;
                self.line_matrix = Matrix::IDENTITY;
            }
            b"Tf" => self.set_font(ops, resources),
            b"Tc" => self.state.char_spacing = num(0).unwrap_or(0.0),
            b"Tw" => self.state.word_spacing = num(0).unwrap_or(0.0),
            b"Tz" => self.state.horizontal_scale = num(0).unwrap_or(100.0) / 100.0,
            b"TL" => self.state.leading = num(0).unwrap_or(0.0),
            b"Ts" => self.state.rise = num(0).unwrap_or(0.0),
            b"Td" => self.next_line(num(0).unwrap_or(0.0), num(1).unwrap_or(0.0)),
            b"TD" => {
                let ty = num(1).unwrap_or(0.0);
                self.state.leading = -ty;
                self.next_line(num(0).unwrap_or(0.0), ty);
            }
            b"Tm" => {
                if let Some(m) = matrix() {
                    self.text_matrix = m;
                    self.line_matrix = m;
                }
            }
            b"T*" => self.next_line(0.0, -self.state.leading),
            b"Tj" => {
                if let Some(operand) = ops.first() {
                    self.show_operand(operand);
                }
            }
            b"'" => self.show_on_next_line(ops.first()),
            b"\"" => {
                self.state.word_spacing = num(0).unwrap_or(0.0);
                self.state.char_spacing = num(1).unwrap_or(0.0);
                self.show_on_next_line(ops.get(2));
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.first() {
                    self.show_array(items);
                }
            }
            b"Do" => {
                if let Some(name) = ops.first().and_then(Operand::name) {
                    self.form(resources, name, depth);
                }
            }
            b"m" | b"l" => self.path_point(operator == b"m", num(0), num(1)),
            b"re" => self.rectangle(num(0), num(1), num(2), num(3)),
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => self.paint_path(),
            b"n" => self.end_path(),
            b"BMC" => self.begin_marked(None),
            b"BDC" => {
                let text = ops.get(1).and_then(|props| self.actual_text(props, resources));
                self.begin_marked(text);
            }
            b"EMC" => self.end_marked(),
            _ => {}
        }
    }

    /// `cm`: the matrix applied before the current transformation, unless
    /// the product overflows.
    fn concat(&mut self, m: Option<Matrix>) {
        if let Some(m) = m {
            let ctm = m.then(&self.state.ctm);
            if ctm.is_finite() {
                self.state.ctm = ctm;
            }
        }
    }

    /// `Tf`: the font named in the resources, and the size.
    fn set_font(&mut self, ops: &[Operand<'_>], resources: Option<&Dictionary>) {
        let name = ops.first().and_then(Operand::name);
        self.state.font = name.map(|n| self.font(resources, n));
        if let Some(size) = ops.get(1).and_then(Operand::number) {
            self.state.size = size;
        }
    }

    /// `'` and `"`: the next line, then the string shown on it.
    fn show_on_next_line(&mut self, operand: Option<&Operand<'_>>) {
        self.next_line(0.0, -self.state.leading);
        if let Some(operand) = operand {
            self.show_operand(operand);
        }
    }

    /// `TJ`: strings shown, numbers moving the text back (in thousandths of
    /// the font size).
    fn show_array(&mut self, items: &[Operand<'_>]) {
        for item in items {
            match item {
                Operand::String(_) | Operand::HexString(_) => self.show_operand(item),
                other => {
                    if let Some(n) = other.number() {
                        let tx = -n / 1000.0 * self.state.size * self.state.horizontal_scale;
                        self.text_matrix = Matrix::translate(tx, 0.0).then(&self.text_matrix);
                    }
                }
            }
        }
    }

    /// `m` (which starts a new path) and `l`: a point of the path, on the
    /// page; only the first points of a path are kept.
    fn path_point(&mut self, starts: bool, x: Option<f32>, y: Option<f32>) {
        if let (Some(x), Some(y)) = (x, y) {
            if starts {
                self.path.clear();
            }
            if self.path.len() < 64 {
                self.path.push(self.state.ctm.apply(x, y));
            }
        }
    }

    /// `re`: a rectangle, a rule to be when it is thin and wide.
    fn rectangle(&mut self, x: Option<f32>, y: Option<f32>, w: Option<f32>, h: Option<f32>) {
        if let (Some(x), Some(y), Some(w), Some(h)) = (x, y, w, h) {
            let (x0, y0) = self.state.ctm.apply(x, y);
            let (x1, y1) = self.state.ctm.apply(x + w, y + h);
            let (width, height) = ((x1 - x0).abs(), (y1 - y0).abs());
            if height < 2.0 && width > 20.0 {
                self.pending_rules.push(Rule {
                    x0: x0.min(x1),
                    x1: x0.max(x1),
                    y: (y0 + y1) / 2.0,
                });
            }
        }
    }

    /// Stroking or filling: the path's rules kept, the path ended.
    fn paint_path(&mut self) {
        // A stroked line or a thin filled outline, horizontal.
        if self.path.len() >= 2 {
            let (mut x0, mut x1, mut y0, mut y1) = (f32::MAX, f32::MIN, f32::MAX, f32::MIN);
            for (x, y) in &self.path {
                (x0, x1, y0, y1) = (x0.min(*x), x1.max(*x), y0.min(*y), y1.max(*y));
            }
            if y1 - y0 < 2.0 && x1 - x0 > 20.0 {
                self.pending_rules.push(Rule {
                    x0,
                    x1,
                    y: (y0 + y1) / 2.0,
                });
            }
        }
        if self.out.rules.len() < 10_000 {
            self.out.rules.append(&mut self.pending_rules);
        }
        self.end_path();
    }

    /// `n`, and the end of painting: the path and its rules dropped.
    fn end_path(&mut self) {
        self.pending_rules.clear();
        self.path.clear();
    }

    fn begin_marked(&mut self, actual_text: Option<String>) {
        if self.marked.len() < MAX_MARKED_DEPTH {
            self.marked.push(actual_text.map(|t| (t, self.out.glyphs.len())));
        }
    }

    /// Close marked content; glyphs under an `/ActualText` become one glyph
    /// with that text, where they stood.
    fn end_marked(&mut self) {
        let Some(Some((text, start))) = self.marked.pop() else {
            return;
        };
        let Some(span) = self.out.glyphs.get(start..) else {
            return;
        };
        let (Some(first), Some(last)) = (span.first(), span.last()) else {
            return;
        };
        // Text that replaces glyphs on one baseline; a span over several
        // lines is left to line building.
        if span.len() > MAX_ACTUAL_TEXT_GLYPHS
            || span.iter().any(|g| (g.y - first.y).abs() > 0.3 * first.size)
        {
            return;
        }
        let replaced = PlacedGlyph {
            text: text.into(),
            x: first.x,
            y: first.y,
            width: (last.x + last.width - first.x).max(0.0),
            size: first.size,
            bold: first.bold,
        };
        let unmapped = span
            .iter()
            .filter(|g| g.text.contains(char::REPLACEMENT_CHARACTER))
            .count();
        self.out.unmapped = self.out.unmapped.saturating_sub(unmapped);
        self.out.glyphs.truncate(start);
        self.out.glyphs.push(replaced);
    }

    /// The `/ActualText` of marked-content properties, given inline or by
    /// name in the resources' `/Properties`.
    fn actual_text(&self, props: &Operand<'_>, resources: Option<&Dictionary>) -> Option<String> {
        let dict = match props {
            Operand::Name(name) => resources
                .and_then(|r| r.get(b"Properties").ok())
                .and_then(|p| dictionary(self.doc, p))
                .and_then(|p| p.get(name).ok())
                .and_then(|d| dictionary(self.doc, d))?,
            inline => {
                return inline
                    .get(b"ActualText")
                    .and_then(Operand::string)
                    .map(|bytes| text_string(&bytes));
            }
        };
        match resolve(self.doc, dict.get(b"ActualText").ok()?)? {
            Object::String(bytes, _) => Some(text_string(bytes)),
            _ => None,
        }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.line_matrix = Matrix::translate(tx, ty).then(&self.line_matrix);
        self.text_matrix = self.line_matrix;
    }

    fn font(&mut self, resources: Option<&Dictionary>, name: &[u8]) -> Rc<Font> {
        let entry = resources
            .and_then(|r| r.get(b"Font").ok())
            .and_then(|f| dictionary(self.doc, f))
            .and_then(|fonts| fonts.get(name).ok());
        let Some(entry) = entry else {
            self.note(format!(
                "font /{} is not among the page's resources; a fallback font is used",
                String::from_utf8_lossy(name)
            ));
            return Rc::new(Font::fallback());
        };
        if let Object::Reference(id) = entry
            && let Some(font) = self.fonts.fonts.get(id)
        {
            return Rc::clone(font);
        }
        let font = match dictionary(self.doc, entry) {
            Some(dict) => Rc::new(Font::from_dict_sharing(self.doc, dict, &mut self.fonts.cmaps)),
            None => Rc::new(Font::fallback()),
        };
        for problem in font.problems() {
            self.note(Problem {
                message: format!("font {}: {problem}", font.name()),
                font: entry.as_reference().ok(),
            });
        }
        if let Object::Reference(id) = entry {
            self.fonts.fonts.insert(*id, Rc::clone(&font));
        }
        font
    }

    /// Show a string operand (a hex string decoded into a reused buffer);
    /// any other operand shows nothing.
    fn show_operand(&mut self, operand: &Operand<'_>) {
        match operand {
            Operand::String(bytes) => self.show(bytes),
            Operand::HexString(digits) => {
                let mut bytes = std::mem::take(&mut self.string_bytes);
                bytes.clear();
                lexer::decode_hex(digits, &mut bytes);
                self.show(&bytes);
                self.string_bytes = bytes;
            }
            _ => {}
        }
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.state.font.clone() else {
            self.note(String::from("text shown before any font was set"));
            self.state.font = Some(Rc::new(Font::fallback()));
            return self.show(bytes);
        };
        let mut glyphs = std::mem::take(&mut self.glyphs);
        font.glyphs_into(bytes, &mut glyphs);
        if font.is_encoding_only() {
            self.count_letters(&font, &glyphs);
        }
        let s = &self.state;
        let th = s.horizontal_scale;
        for glyph in glyphs.drain(..) {
            let scale = Matrix::new(s.size * th, 0.0, 0.0, s.size, 0.0, s.rise);
            let render = scale.then(&self.text_matrix).then(&s.ctm);
            let advance = (glyph.width * s.size
                + s.char_spacing
                + if glyph.is_word_space { s.word_spacing } else { 0.0 })
                * th;
            let upright = render.a > 0.0 && render.b.abs() <= 0.05 * render.a && render.d < 0.0;
            if !render.is_finite() {
                continue;
            }
            // A space whose advance is cancelled (Ghostscript's `-Tc`, a
            // soft hyphen drawn as a space) separates nothing.
            let cancelled_space = glyph
                .text
                .as_deref()
                .is_some_and(|t| t.chars().all(char::is_whitespace))
                && advance.abs() < CANCELLED_SPACE * s.size.abs();
            let turn = if upright {
                Rotation::Upright
            } else {
                turn_of(&render)
            };
            if !upright && turn == Rotation::Upright {
                self.out.mirrored += 1;
            } else if cancelled_space {
            } else if self.out.glyphs.len() < self.limits.max_glyphs {
                let text = match glyph.text {
                    Some(text) => text,
                    None => {
                        self.out.unmapped += 1;
                        GlyphText::clone(&self.replacement)
                    }
                };
                let size = (render.c * render.c + render.d * render.d).sqrt();
                if turn == Rotation::Upright {
                    self.out.glyphs.push(PlacedGlyph {
                        text,
                        x: render.e,
                        y: render.f,
                        width: glyph.width * render.a,
                        size,
                        bold: font.is_bold(),
                    });
                } else if self.out.turned.len() < self.limits.max_glyphs {
                    let (x, y) = turn.to_frame(render.e, render.f);
                    self.out.turned.push((
                        turn,
                        PlacedGlyph {
                            text,
                            x,
                            y,
                            width: glyph.width * (render.a * render.a + render.b * render.b).sqrt(),
                            size,
                            bold: font.is_bold(),
                        },
                    ));
                }
            }
            self.text_matrix = Matrix::translate(advance, 0.0).then(&self.text_matrix);
        }
        self.glyphs = glyphs;
    }

    fn form(&mut self, resources: Option<&Dictionary>, name: &[u8], depth: usize) {
        let Some(entry) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|x| dictionary(self.doc, x))
            .and_then(|x| x.get(name).ok())
        else {
            return;
        };
        let id = entry.as_reference().ok();
        let Some(Object::Stream(stream)) = resolve(self.doc, entry) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form".as_slice()) {
            return;
        }
        if depth >= self.limits.max_form_depth || id.is_some_and(|id| self.forms.contains(&id)) {
            // Said once per form: a form may draw itself a million times.
            if id.is_none_or(|id| !self.forms_skipped.contains(&id)) {
                self.note(format!(
                    "form /{} nests too deep or contains itself; skipped",
                    String::from_utf8_lossy(name)
                ));
                if let Some(id) = id.filter(|_| self.forms_skipped.len() < MAX_PAGE_PROBLEMS) {
                    self.forms_skipped.push(id);
                }
            }
            return;
        }
        let content = match self.form_content(id, stream) {
            Ok(c) => c,
            Err(e) => {
                self.note(format!(
                    "form /{} cannot be read: {e}",
                    String::from_utf8_lossy(name)
                ));
                return;
            }
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|r| dictionary(self.doc, r))
            .or(resources);
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| resolve(self.doc, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| Matrix::from_numbers(m.iter().map(number)))
            .unwrap_or(Matrix::IDENTITY);
        let saved = self.state.clone();
        let saved_depth = self.saved.len();
        let (text, line) = (self.text_matrix, self.line_matrix);
        self.state.ctm = matrix.then(&self.state.ctm);
        if let Some(id) = id {
            self.forms.push(id);
        }
        self.run(&content, own, depth + 1);
        if id.is_some() {
            self.forms.pop();
        }
        self.saved.truncate(saved_depth);
        self.state = saved;
        self.text_matrix = text;
        self.line_matrix = line;
    }
}

impl Interpreter<'_> {
    /// Count the letters an encoding-only font shows.
    fn count_letters(&mut self, font: &Rc<Font>, glyphs: &[Glyph]) {
        let mut counted = Letters::default();
        for text in glyphs.iter().filter_map(|g| g.text.as_deref()) {
            counted.count(text);
        }
        // A page's fonts are few (each a resource), so a scan is enough;
        // past 64 (fonts made afresh for each use) the counts go by name.
        let same = |f: &Rc<Font>| Rc::ptr_eq(f, font) || f.name() == font.name();
        let known = self.letters.len();
        match self.letters.iter_mut().find(|(f, _)| same(f)) {
            Some((_, letters)) => letters.add(counted),
            None if known < 64 => self.letters.push((Rc::clone(font), counted)),
            None => {
                let by_name = self.out.encoding_only.entry(font.name().to_string());
                by_name.or_default().add(counted);
            }
        }
    }

    /// A form's content, inflated once per object however often it is
    /// drawn, and counted for the document's budget of inflated bytes.
    fn form_content(&mut self, id: Option<ObjectId>, stream: &lopdf::Stream) -> Result<Rc<[u8]>, String> {
        let cached = id.and_then(|id| self.fonts.forms.get(&id)).cloned();
        let content = cached.unwrap_or_else(|| {
            let content = if stream.dict.get(b"Filter").is_ok() {
                stream
                    .get_plain_content_with_limit(self.limits.max_stream_bytes)
                    .map(Rc::from)
                    .map_err(|e| e.to_string())
            } else {
                Ok(Rc::from(stream.content.as_slice()))
            };
            if let Some(id) = id {
                self.fonts.forms.insert(id, content.clone());
            }
            content
        });
        // A form object counts once, on the first page that draws it
        // (whichever reader decoded it); a form that is no object of its
        // own is inflated, and counted, at every draw.
        if let Ok(bytes) = &content {
            match id {
                Some(id) => {
                    self.out.forms.entry(id).or_insert(bytes.len());
                }
                None => self.out.inflated = self.out.inflated.saturating_add(bytes.len()),
            }
        }
        content
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_pdf_order() {
        let scale = Matrix::new(2.0, 0.0, 0.0, 2.0, 0.0, 0.0);
        let shift = Matrix::translate(10.0, 5.0);
        // Scale first, then shift.
        assert_eq!(scale.then(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.then(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }

    /// A one-page document whose page draws form `X0` `draws` times; the
    /// form draws itself `self_draws` times and shows a word.
    fn form_page(draws: usize, self_draws: usize) -> (Document, ObjectId) {
        use lopdf::{Stream, dictionary};
        let mut doc = Document::with_version("1.7");
        let form_id = doc.new_object_id();
        let font =
            doc.add_object(dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" });
        let body = format!("BT /F1 10 Tf (word) Tj ET\n{}", "/X0 Do\n".repeat(self_draws));
        let resources = dictionary! { "Font" => dictionary! { "F1" => font }, "XObject" => dictionary! { "X0" => form_id } };
        let form = Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => resources.clone() },
            body.into_bytes(),
        );
        doc.objects.insert(form_id, Object::Stream(form));
        let content = doc.add_object(Stream::new(dictionary! {}, "/X0 Do\n".repeat(draws).into_bytes()));
        let page =
            doc.add_object(dictionary! { "Type" => "Page", "Resources" => resources, "Contents" => content });
        (doc, page)
    }

    #[test]
    fn a_form_drawing_itself_is_said_once_and_counted() {
        // Regression: each of a million self-draws pushed a problem of its
        // own (gigabytes).
        let (doc, page) = form_page(3, 10_000);
        let mut cache = ObjectCache::default();
        let device = Matrix::new(1.0, 0.0, 0.0, -1.0, 0.0, 792.0);
        let out = interpret_page(&doc, page, device, &mut cache, Limits::default());
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(out.problems[0].message.contains("contains itself"));
        // Three draws of the form, each running its text and its 10,000
        // `Do`s (four text operators), and the page's three `Do`s.
        assert_eq!(out.operations, 3 + 3 * (4 + 10_000));
        assert_eq!(out.glyphs.len(), 12);
        // Inflated (here: copied) once, however often drawn.
        assert_eq!(cache.forms.len(), 1);
    }

    #[test]
    fn operations_past_the_page_limit_name_the_limit() {
        let (doc, page) = form_page(100, 1_000);
        let limits = Limits {
            max_operations: 5_000,
            ..Limits::default()
        };
        let out = interpret_page(&doc, page, Matrix::IDENTITY, &mut ObjectCache::default(), limits);
        assert_eq!(out.operations, 5_001);
        assert!(
            out.problems
                .iter()
                .any(|p| p.message.contains("operators-per-page=5000")),
            "{:?}",
            out.problems
        );
    }
}
