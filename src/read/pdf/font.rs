//! Fonts as the content-stream interpreter needs them: the glyphs of a shown
//! string, each with its character code, its Unicode text and its advance.
//!
//! Text follows ISO 32000 §9.10.2: the font's `/ToUnicode` map when it covers
//! the code; else, for simple fonts (Type 1, MMType 1, TrueType, Type 3), the
//! glyph name that the encoding gives the code; for composite (Type 0) fonts,
//! only what the code itself says under the UCS-2 and UTF-16 predefined
//! CMaps. Widths come from `/Widths` (simple) or `/DW` and `/W` (composite),
//! else from the standard 14 metrics, else half an em.
//!
//! Loading never fails: a missing or broken part falls back to a default and
//! is listed in [`Font::problems`], so one bad font costs its own text at
//! most. Simple fonts work out all 256 codes when loaded, so showing text is
//! a table lookup per byte.

use super::cmap::{CMap, Intervals, MAX_SPAN};
use super::encoding::{BaseEncoding, Encoding};
use super::metrics::{Standard14, strip_subset_prefix};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Bytes of one string operand turned into glyphs; the rest is dropped.
const MAX_STRING_BYTES: usize = 1 << 20;
/// Decoded size of a CMap stream.
const MAX_CMAP_BYTES: usize = 4 << 20;
/// Widths read from a `/W` array, counting each run as one.
const MAX_W_ENTRIES: usize = 1 << 18;
/// Problems kept per font.
const MAX_PROBLEMS: usize = 32;
/// Advance, in text space units per unit of font size, when nothing says.
const DEFAULT_WIDTH: f32 = 0.5;
/// Glyph space units per text space unit in all but Type 3 fonts.
const GLYPH_UNITS: f32 = 1000.0;

/// Font descriptor flags (ISO 32000 Table 121).
const FLAG_SYMBOLIC: i64 = 1 << 2;
const FLAG_NONSYMBOLIC: i64 = 1 << 5;
const FLAG_FORCE_BOLD: i64 = 1 << 18;

/// One glyph of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character code as read from the string (1–4 bytes).
    pub code: u32,
    /// Unicode text of the glyph; `None` when nothing maps it.
    pub text: Option<GlyphText>,
    /// Horizontal advance in text space units per unit of font size
    /// (glyph-space width / 1000 for all but Type 3 fonts, FontMatrix for Type 3).
    pub width: f32,
    /// Whether word spacing (Tw) applies: a single-byte code 32.
    pub is_word_space: bool,
}

/// A glyph's text, shared with the font's table: showing a glyph copies
/// no text (a page shows thousands).
pub type GlyphText = std::rc::Rc<str>;

/// A font ready to split strings into glyphs.
#[derive(Debug, Clone)]
pub struct Font {
    name: String,
    kind: Kind,
    bold: bool,
    problems: Vec<String>,
    /// A one-byte font whose text comes from its encoding alone (no
    /// `/ToUnicode`): text in a script the encoding has no letters for
    /// reads as accented Latin letters.
    encoding_only: bool,
}

#[derive(Debug, Clone)]
enum Kind {
    /// One byte per code: text and width of each of the 256 codes.
    Simple(Vec<SimpleCode>),
    Composite(Box<Composite>),
}

#[derive(Debug, Clone)]
struct SimpleCode {
    text: Option<GlyphText>,
    width: f32,
}

/// A Type 0 font with its descendant CIDFont.
#[derive(Debug, Clone)]
struct Composite {
    codes: Codes,
    to_unicode: Option<Rc<CMap>>,
    /// Widths by CID, in glyph space units.
    widths: Intervals<Widths>,
    default_width: f32,
}

/// How a composite font's strings split into codes, and codes map to CIDs.
#[derive(Debug, Clone)]
enum Codes {
    /// `Identity-H` or `Identity-V`: two bytes, the CID is the code.
    Identity,
    /// A predefined CMap this reader does not carry: taken as two bytes
    /// (UTF-16 for the `UTF16` maps), CIDs unknown. The codes of the UCS-2
    /// and UTF-16 maps are the text itself.
    Predefined { unicode: bool },
    /// An embedded CMap stream.
    Embedded(Rc<CMap>),
}

/// The widths of a `/W` run.
#[derive(Debug, Clone)]
enum Widths {
    /// `cfirst clast w`: every CID of the run has this width.
    Same(f32),
    /// `c [w1 w2 …]`: one width per CID, `None` where the entry was broken.
    Each(Vec<Option<f32>>),
}

impl Font {
    /// Build a font from its dictionary. Never fails: missing or broken
    /// parts fall back (StandardEncoding, MissingWidth, standard-14 metrics, 0.5 em)
    /// and are listed in `problems()`.
    pub fn from_dict(doc: &Document, dict: &Dictionary) -> Font {
        Font::from_dict_sharing(doc, dict, &mut CMaps::default())
    }

    /// [`Font::from_dict`], taking CMap streams already parsed from
    /// `cmaps` and leaving there those it parses: fonts that share a
    /// `/ToUnicode` or `/Encoding` stream parse it once.
    pub fn from_dict_sharing(doc: &Document, dict: &Dictionary, cmaps: &mut CMaps) -> Font {
        let mut loader = Loader {
            doc,
            problems: Vec::new(),
            cmaps,
        };
        let subtype = loader.name(dict, "Subtype");
        let (name, kind, bold) = match subtype {
            Some(b"Type0") => load_composite(&mut loader, dict),
            Some(b"Type1" | b"MMType1" | b"TrueType") => load_simple(&mut loader, dict, false),
            Some(b"Type3") => load_simple(&mut loader, dict, true),
            other => {
                let shown =
                    other.map_or_else(|| "none".to_string(), |n| String::from_utf8_lossy(n).into_owned());
                loader.note(format!("font subtype {shown} is unknown; read as a simple font"));
                load_simple(&mut loader, dict, false)
            }
        };
        let encoding_only =
            matches!(subtype, Some(b"Type1" | b"MMType1" | b"TrueType")) && !dict.has(b"ToUnicode");
        Font {
            name,
            kind,
            bold,
            problems: loader.problems,
            encoding_only,
        }
    }

    /// Whether the font's text comes from a one-byte encoding alone, with
    /// no `/ToUnicode` map.
    pub fn is_encoding_only(&self) -> bool {
        self.encoding_only
    }

    /// A font for a name that resolves to no dictionary (Helvetica metrics, StandardEncoding).
    pub fn fallback() -> Font {
        let encoding = Encoding::new(BaseEncoding::Standard);
        let table = (0..=255u8)
            .map(|code| SimpleCode {
                text: encoding.text(code).map(GlyphText::from),
                width: encoding
                    .glyph_name(code)
                    .and_then(|name| Standard14::Helvetica.width(name))
                    .map_or(DEFAULT_WIDTH, |w| w / GLYPH_UNITS),
            })
            .collect();
        Font {
            name: Standard14::Helvetica.name().to_string(),
            kind: Kind::Simple(table),
            bold: false,
            problems: Vec::new(),
            encoding_only: false,
        }
    }

    /// Split a string operand into glyphs.
    #[cfg(test)]
    pub fn glyphs(&self, bytes: &[u8]) -> Vec<Glyph> {
        let mut glyphs = Vec::new();
        self.glyphs_into(bytes, &mut glyphs);
        glyphs
    }

    /// Split a string operand into glyphs, in place of what `glyphs` held:
    /// the interpreter reuses one buffer for every string it shows.
    pub fn glyphs_into(&self, bytes: &[u8], glyphs: &mut Vec<Glyph>) {
        glyphs.clear();
        let bytes = bytes.get(..MAX_STRING_BYTES).unwrap_or(bytes);
        match &self.kind {
            Kind::Simple(table) => glyphs.extend(bytes.iter().map(|&byte| {
                let entry = table.get(usize::from(byte));
                Glyph {
                    code: u32::from(byte),
                    text: entry.and_then(|e| e.text.clone()),
                    width: entry.map_or(DEFAULT_WIDTH, |e| e.width),
                    is_word_space: byte == b' ',
                }
            })),
            Kind::Composite(font) => font.glyphs_into(bytes, glyphs),
        }
    }

    /// The font's name without a subset prefix, e.g. `TimesNewRomanPSMT`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Things that went wrong while loading, for diagnostics.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// Whether this is a bold face (name or flags), for heading detection later.
    pub fn is_bold(&self) -> bool {
        self.bold
    }
}

impl Composite {
    fn glyphs_into(&self, bytes: &[u8], glyphs: &mut Vec<Glyph>) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let len = self.code_length(rest).clamp(1, 4).min(rest.len());
            let Some((code_bytes, tail)) = rest.split_at_checked(len) else {
                break;
            };
            rest = tail;
            let code = code_bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
            let text = self
                .to_unicode
                .as_ref()
                .and_then(|map| map.lookup(code, len))
                .or_else(|| match self.codes {
                    Codes::Predefined { unicode: true } => utf16_text(code_bytes).map(GlyphText::from),
                    _ => None,
                });
            glyphs.push(Glyph {
                code,
                text,
                width: self.width(code, len) / GLYPH_UNITS,
                is_word_space: len == 1 && code == 32,
            });
        }
    }

    fn code_length(&self, bytes: &[u8]) -> usize {
        match &self.codes {
            Codes::Identity | Codes::Predefined { unicode: false } => 2,
            Codes::Predefined { unicode: true } => match bytes {
                [0xD8..=0xDB, _, 0xDC..=0xDF, _, ..] => 4,
                _ => 2,
            },
            Codes::Embedded(cmap) => cmap
                .code_length(bytes)
                .or_else(|| self.to_unicode.as_ref()?.code_length(bytes))
                .unwrap_or(2),
        }
    }

    fn cid(&self, code: u32, len: usize) -> Option<u32> {
        match &self.codes {
            Codes::Identity => Some(code),
            Codes::Predefined { .. } => None,
            Codes::Embedded(cmap) => cmap
                .cid(code, len)
                .or_else(|| is_identity(cmap.base_name()?.as_bytes()).then_some(code)),
        }
    }

    /// Width in glyph space units.
    fn width(&self, code: u32, len: usize) -> f32 {
        let Some(cid) = self.cid(code, len) else {
            return self.default_width;
        };
        let Some(run) = self.widths.find(cid, None) else {
            return self.default_width;
        };
        match &run.value {
            Widths::Same(w) => *w,
            Widths::Each(ws) => cid
                .checked_sub(run.lo)
                .and_then(|i| ws.get(usize::try_from(i).ok()?).copied().flatten())
                .unwrap_or(self.default_width),
        }
    }
}

fn is_identity(name: &[u8]) -> bool {
    matches!(name, b"Identity-H" | b"Identity-V")
}

/// A code of a UCS-2 or UTF-16 CMap read as text.
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let units = bytes.chunks_exact(2).map(|p| match p {
        [hi, lo] => u16::from_be_bytes([*hi, *lo]),
        _ => 0,
    });
    let text: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;
    (!text.is_empty() && !text.contains('\0')).then_some(text)
}

/// Whether a font name says bold.
fn name_is_bold(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    ["bold", "black", "heavy"].iter().any(|w| lower.contains(w))
}

/// CMap streams parsed, by object, or why one could not be decoded.
pub type CMaps = HashMap<ObjectId, Result<Rc<CMap>, String>>;

/// Reads font dictionaries, resolving references and noting what is wrong.
struct Loader<'a, 'c> {
    doc: &'a Document,
    problems: Vec<String>,
    cmaps: &'c mut CMaps,
}

impl<'a> Loader<'a, '_> {
    fn note(&mut self, problem: String) {
        if self.problems.len() < MAX_PROBLEMS && !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    /// Follow references (lopdf bounds the chain, so cycles end in an error).
    fn resolve(&mut self, object: &'a Object, what: &str) -> Option<&'a Object> {
        match self.doc.dereference(object) {
            Ok((_, Object::Null)) => None,
            Ok((_, resolved)) => Some(resolved),
            Err(error) => {
                self.note(format!("{what}: {error}"));
                None
            }
        }
    }

    /// An entry, resolved; absent and null entries are no problem.
    fn get(&mut self, dict: &'a Dictionary, key: &str) -> Option<&'a Object> {
        let object = dict.get(key.as_bytes()).ok()?;
        self.resolve(object, key)
    }

    fn name(&mut self, dict: &'a Dictionary, key: &str) -> Option<&'a [u8]> {
        match self.get(dict, key)? {
            Object::Name(name) => Some(name),
            other => {
                self.note(format!("{key} is {}, not a name", other.enum_variant()));
                None
            }
        }
    }

    fn dict(&mut self, dict: &'a Dictionary, key: &str) -> Option<&'a Dictionary> {
        match self.get(dict, key)? {
            Object::Dictionary(d) => Some(d),
            other => {
                self.note(format!("{key} is {}, not a dictionary", other.enum_variant()));
                None
            }
        }
    }

    fn array(&mut self, dict: &'a Dictionary, key: &str) -> Option<&'a [Object]> {
        match self.get(dict, key)? {
            Object::Array(items) => Some(items),
            other => {
                self.note(format!("{key} is {}, not an array", other.enum_variant()));
                None
            }
        }
    }

    fn number(&mut self, dict: &'a Dictionary, key: &str) -> Option<f32> {
        let object = self.get(dict, key)?;
        let number = number(object);
        if number.is_none() {
            self.note(format!("{key} is {}, not a number", object.enum_variant()));
        }
        number
    }

    fn int(&mut self, dict: &'a Dictionary, key: &str) -> Option<i64> {
        match self.get(dict, key)? {
            Object::Integer(n) => Some(*n),
            other => {
                self.note(format!("{key} is {}, not an integer", other.enum_variant()));
                None
            }
        }
    }

    /// A number in an array, resolved.
    fn item_number(&mut self, object: &'a Object, what: &str) -> Option<f32> {
        self.resolve(object, what).and_then(number)
    }

    /// A CMap stream (the entry `key` of `dict`), decoded and parsed once
    /// per object.
    fn cmap(&mut self, dict: &'a Dictionary, key: &str) -> Option<Rc<CMap>> {
        let id = dict.get(key.as_bytes()).ok().and_then(|o| o.as_reference().ok());
        let parsed = match id.and_then(|id| self.cmaps.get(&id)) {
            Some(parsed) => parsed.clone(),
            None => {
                let object = self.get(dict, key)?;
                let Object::Stream(stream) = object else {
                    self.note(format!("{key} is {}, not a stream", object.enum_variant()));
                    return None;
                };
                let parsed = stream
                    .get_plain_content_with_limit(MAX_CMAP_BYTES)
                    .map(|bytes| Rc::new(CMap::parse(&bytes)))
                    .map_err(|error| error.to_string());
                if let Some(id) = id {
                    self.cmaps.insert(id, parsed.clone());
                }
                parsed
            }
        };
        match parsed {
            Ok(cmap) => {
                if cmap.is_truncated() {
                    self.note(format!("{key}: CMap cut to size limits"));
                }
                Some(cmap)
            }
            Err(error) => {
                self.note(format!("{key}: stream not decoded ({error})"));
                None
            }
        }
    }

    /// The `/ToUnicode` map, if it maps anything.
    fn unicode_map(&mut self, dict: &'a Dictionary) -> Option<Rc<CMap>> {
        let object = self.get(dict, "ToUnicode")?;
        if let Object::Name(name) = object {
            // Some producers write a CMap name here; it says nothing.
            self.note(format!("ToUnicode is the name {}", String::from_utf8_lossy(name)));
            return None;
        }
        let cmap = self.cmap(dict, "ToUnicode")?;
        if !cmap.has_unicode() {
            self.note("ToUnicode maps no code".to_string());
            return None;
        }
        Some(cmap)
    }

    /// What the font descriptor says, where it says it.
    fn descriptor(&mut self, dict: &'a Dictionary) -> Descriptor {
        let Some(descriptor) = self.dict(dict, "FontDescriptor") else {
            return Descriptor::default();
        };
        Descriptor {
            flags: self.int(descriptor, "Flags"),
            weight: self.number(descriptor, "FontWeight"),
            missing_width: self.number(descriptor, "MissingWidth"),
        }
    }
}

fn number(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(n) => Some(*n as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Descriptor {
    flags: Option<i64>,
    weight: Option<f32>,
    missing_width: Option<f32>,
}

impl Descriptor {
    fn has_flag(&self, flag: i64) -> bool {
        self.flags.is_some_and(|f| f & flag != 0)
    }

    fn is_bold(&self) -> bool {
        self.has_flag(FLAG_FORCE_BOLD) || self.weight.is_some_and(|w| w >= 600.0)
    }
}

/// A font's name, without subset prefix.
fn font_name(doc: &Document, dict: &Dictionary) -> String {
    let name = dict
        .get(b"BaseFont")
        .ok()
        .or_else(|| dict.get(b"Name").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default();
    strip_subset_prefix(&name).to_string()
}

/// Type 1, MMType 1, TrueType and Type 3 fonts.
fn load_simple<'a>(loader: &mut Loader<'a, '_>, dict: &'a Dictionary, type3: bool) -> (String, Kind, bool) {
    let name = font_name(loader.doc, dict);
    let standard = if type3 {
        None
    } else {
        Standard14::from_base_font(&name)
    };
    let descriptor = loader.descriptor(dict);
    let builtin = match standard {
        Some(Standard14::Symbol) => Some(BaseEncoding::Symbol),
        Some(Standard14::ZapfDingbats) => Some(BaseEncoding::ZapfDingbats),
        _ => None,
    };
    let symbolic =
        builtin.is_some() || (descriptor.has_flag(FLAG_SYMBOLIC) && !descriptor.has_flag(FLAG_NONSYMBOLIC));
    let encoding = simple_encoding(loader, dict, builtin, symbolic, type3);
    let to_unicode = loader.unicode_map(dict);
    let widths = simple_widths(loader, dict, type3);

    let table = (0..=255u8)
        .map(|code| {
            let mapped = to_unicode.as_ref().and_then(|map| map.lookup(u32::from(code), 1));
            // Symbol fonts reached through the (3,0) cmap get private-use
            // text U+F020–U+F0FF from some producers; their own encoding
            // says what the glyph is.
            let mapped = match (mapped, builtin) {
                (Some(text), Some(_)) => Some(symbol_private_use(&encoding, text)),
                (mapped, _) => mapped,
            };
            let text = mapped.or_else(|| encoding.text(code).map(GlyphText::from));
            let width = widths.width(code, &descriptor, || {
                let glyph = encoding.glyph_name(code)?;
                standard?.width(glyph)
            });
            SimpleCode { text, width }
        })
        .collect();
    let bold = name_is_bold(&name) || descriptor.is_bold() || standard.is_some_and(Standard14::is_bold);
    (name, Kind::Simple(table), bold)
}

/// The encoding of a simple font. When `/Encoding` is missing or has no
/// base: the built-in encoding of Symbol and ZapfDingbats; nothing for
/// Type 3 fonts (which have no built-in encoding); printable ASCII for other
/// symbolic fonts; StandardEncoding for the rest.
fn simple_encoding<'a>(
    loader: &mut Loader<'a, '_>,
    dict: &'a Dictionary,
    builtin: Option<BaseEncoding>,
    symbolic: bool,
    type3: bool,
) -> Encoding {
    let implicit = || match builtin {
        Some(base) => Encoding::new(base),
        None if type3 => Encoding::empty(),
        None if symbolic => Encoding::ascii(),
        None => Encoding::new(BaseEncoding::Standard),
    };
    let named = |loader: &mut Loader<'a, '_>, name: &[u8], key: &str| match BaseEncoding::from_name(name) {
        Some(base) => Encoding::new(base),
        None => {
            loader.note(format!("{key} {} is unknown", String::from_utf8_lossy(name)));
            implicit()
        }
    };
    match loader.get(dict, "Encoding") {
        None => implicit(),
        Some(Object::Name(name)) => named(loader, name, "Encoding"),
        Some(Object::Dictionary(encoding_dict)) => {
            let mut encoding = match loader.name(encoding_dict, "BaseEncoding") {
                Some(name) => named(loader, name, "BaseEncoding"),
                None => implicit(),
            };
            if let Some(items) = loader.array(encoding_dict, "Differences") {
                let resolved: Vec<&Object> = items
                    .iter()
                    .filter_map(|item| loader.resolve(item, "Differences"))
                    .collect();
                let skipped = encoding.apply_differences(resolved);
                if skipped > 0 {
                    loader.note(format!("Differences: {skipped} items skipped"));
                }
            }
            encoding
        }
        Some(other) => {
            loader.note(format!("Encoding is {}", other.enum_variant()));
            implicit()
        }
    }
}

/// Text mapped to U+F020–U+F0FF replaced by what the encoding gives the low
/// byte, when it gives anything.
fn symbol_private_use(encoding: &Encoding, text: GlyphText) -> GlyphText {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && ('\u{F020}'..='\u{F0FF}').contains(&c)
        && let Ok(code) = u8::try_from(u32::from(c) - 0xF000)
        && let Some(own) = encoding.text(code)
    {
        return own.into();
    }
    text
}

/// `/FirstChar`, `/Widths` and the Type 3 scale.
struct SimpleWidths {
    first: i64,
    widths: Option<Vec<Option<f32>>>,
    /// Glyph space to text space: 1/1000, or the Type 3 FontMatrix.
    scale: f32,
}

impl SimpleWidths {
    /// Advance in text space units: `/Widths`, `/MissingWidth` past its
    /// ends, the standard 14 metrics, `/MissingWidth` when there is no
    /// `/Widths` at all, half an em.
    fn width(&self, code: u8, descriptor: &Descriptor, standard: impl FnOnce() -> Option<f32>) -> f32 {
        let listed = self.widths.as_ref().and_then(|widths| {
            let index = usize::try_from(i64::from(code) - self.first).ok();
            match index.and_then(|i| widths.get(i)) {
                Some(width) => *width,
                None => descriptor.missing_width,
            }
        });
        if let Some(width) = listed {
            return width * self.scale;
        }
        if let Some(width) = standard() {
            return width / GLYPH_UNITS;
        }
        descriptor
            .missing_width
            .map_or(DEFAULT_WIDTH, |width| width * self.scale)
    }
}

fn simple_widths<'a>(loader: &mut Loader<'a, '_>, dict: &'a Dictionary, type3: bool) -> SimpleWidths {
    let widths = loader.array(dict, "Widths").map(|items| {
        items
            .iter()
            .take(256)
            .map(|item| loader.item_number(item, "Widths"))
            .collect::<Vec<_>>()
    });
    let first = match (loader.int(dict, "FirstChar"), &widths) {
        (Some(first), _) => first,
        (None, Some(_)) => {
            loader.note("Widths without FirstChar; 0 assumed".to_string());
            0
        }
        (None, None) => 0,
    };
    let scale = if type3 {
        type3_scale(loader, dict)
    } else {
        1.0 / GLYPH_UNITS
    };
    SimpleWidths { first, widths, scale }
}

/// The horizontal scale of a Type 3 font's FontMatrix.
fn type3_scale<'a>(loader: &mut Loader<'a, '_>, dict: &'a Dictionary) -> f32 {
    let scale = loader
        .array(dict, "FontMatrix")
        .and_then(|m| m.first())
        .and_then(|a| loader.item_number(a, "FontMatrix"))
        .filter(|a| *a != 0.0);
    scale.unwrap_or_else(|| {
        loader.note("FontMatrix missing or broken; 0.001 assumed".to_string());
        1.0 / GLYPH_UNITS
    })
}

/// Type 0 fonts.
fn load_composite<'a>(loader: &mut Loader<'a, '_>, dict: &'a Dictionary) -> (String, Kind, bool) {
    let name = font_name(loader.doc, dict);
    let to_unicode = loader.unicode_map(dict);
    let codes = match loader.get(dict, "Encoding") {
        Some(Object::Name(cmap_name)) if is_identity(cmap_name) => Codes::Identity,
        Some(Object::Name(cmap_name)) => {
            let cmap_name = String::from_utf8_lossy(cmap_name);
            let unicode = cmap_name.contains("UCS2") || cmap_name.contains("UTF16");
            if !unicode && to_unicode.is_none() {
                loader.note(format!("predefined CMap {cmap_name} without ToUnicode: no text"));
            }
            Codes::Predefined { unicode }
        }
        Some(Object::Stream(_)) => match loader.cmap(dict, "Encoding") {
            Some(cmap) => Codes::Embedded(cmap),
            None => Codes::Identity,
        },
        Some(other) => {
            loader.note(format!(
                "Encoding is {}; Identity-H assumed",
                other.enum_variant()
            ));
            Codes::Identity
        }
        None => {
            loader.note("no Encoding; Identity-H assumed".to_string());
            Codes::Identity
        }
    };
    let descendant = loader
        .array(dict, "DescendantFonts")
        .and_then(|fonts| fonts.first())
        .and_then(|first| loader.resolve(first, "DescendantFonts"));
    let descendant = match descendant {
        Some(Object::Dictionary(d)) => Some(d),
        _ => {
            loader.note("no descendant font; widths default to 1 em".to_string());
            None
        }
    };
    let (default_width, widths, descriptor) = match descendant {
        Some(cid_font) => (
            loader.number(cid_font, "DW").unwrap_or(GLYPH_UNITS),
            loader
                .array(cid_font, "W")
                .map(|w| cid_widths(loader, w))
                .unwrap_or_default(),
            loader.descriptor(cid_font),
        ),
        None => (GLYPH_UNITS, Intervals::default(), Descriptor::default()),
    };
    let bold = name_is_bold(&name) || descriptor.is_bold();
    let font = Composite {
        codes,
        to_unicode,
        widths,
        default_width,
    };
    (name, Kind::Composite(Box::new(font)), bold)
}

/// A `/W` array: runs `c [w1 w2 …]` and `cfirst clast w`. Reading stops at
/// the first malformed run, keeping the ones before it.
fn cid_widths<'a>(loader: &mut Loader<'a, '_>, items: &'a [Object]) -> Intervals<Widths> {
    let mut runs = Intervals::default();
    let mut index = 0;
    let mut read = 0usize;
    while let Some(first) = items.get(index) {
        if read >= MAX_W_ENTRIES {
            loader.note("W cut to size limits".to_string());
            break;
        }
        let first = loader.item_number(first, "W").and_then(cid_number);
        let second = items.get(index + 1).and_then(|o| loader.resolve(o, "W"));
        match (first, second) {
            (Some(first), Some(Object::Array(list))) => {
                let widths: Vec<Option<f32>> = list
                    .iter()
                    .take(MAX_SPAN as usize)
                    .map(|w| loader.item_number(w, "W"))
                    .collect();
                if let Some(count) = u32::try_from(widths.len()).ok().filter(|&n| n > 0) {
                    let last = first.saturating_add(count - 1);
                    read += widths.len();
                    runs.push(first, last, 0, Widths::Each(widths));
                }
                index += 2;
            }
            (Some(first), Some(last)) => {
                let last = number(last).and_then(cid_number);
                let width = items.get(index + 2).and_then(|w| loader.item_number(w, "W"));
                match (last, width) {
                    (Some(last), Some(width)) if last >= first => {
                        let last = last.min(first.saturating_add(MAX_SPAN - 1));
                        runs.push(first, last, 0, Widths::Same(width));
                        read += 1;
                    }
                    _ => {
                        loader.note("W has a malformed run".to_string());
                        break;
                    }
                }
                index += 3;
            }
            _ => {
                loader.note("W has a malformed run".to_string());
                break;
            }
        }
    }
    runs.finish();
    runs
}

fn cid_number(n: f32) -> Option<u32> {
    (n >= 0.0 && n <= u32::MAX as f32 && n.fract() == 0.0).then_some(n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Stream, dictionary};

    fn stream(doc: &mut Document, body: &str) -> Object {
        Object::Reference(doc.add_object(Stream::new(dictionary! {}, body.as_bytes().to_vec())))
    }

    fn text(font: &Font, bytes: &[u8]) -> String {
        font.glyphs(bytes)
            .iter()
            .map(|g| g.text.as_deref().unwrap_or("\u{FFFD}").to_string())
            .collect()
    }

    fn widths(font: &Font, bytes: &[u8]) -> Vec<f32> {
        font.glyphs(bytes).iter().map(|g| g.width).collect()
    }

    fn close(a: &[f32], b: &[f32]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-5)
    }

    const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
        1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
        3 beginbfchar <0003> <0020> <0024> <0041> <0025> <0042> endbfchar\n\
        1 beginbfrange <0044> <0046> <0061> endbfrange\n\
        1 beginbfchar <00C0> <FB01> endbfchar\n\
        endcmap CMapName currentdict /CMap defineresource pop end end";

    fn identity_font(doc: &mut Document, w: Object, dw: Option<i64>) -> Dictionary {
        let to_unicode = stream(doc, TO_UNICODE);
        let mut cid_font = dictionary! {
            "Type" => "Font",
            "Subtype" => "CIDFontType2",
            "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
            "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
            "W" => w,
        };
        if let Some(dw) = dw {
            cid_font.set("DW", dw);
        }
        let cid_font = doc.add_object(cid_font);
        dictionary! {
            "Type" => "Font",
            "Subtype" => "Type0",
            "BaseFont" => "ABCDEF+TimesNewRomanPSMT",
            "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
            "ToUnicode" => to_unicode,
        }
    }

    #[test]
    fn fonts_sharing_a_to_unicode_stream_parse_it_once() {
        // Regression: a CMap shared by 300 fonts was parsed 300 times.
        let mut doc = Document::with_version("1.7");
        let first = identity_font(&mut doc, Object::Array(vec![]), None);
        let to_unicode = first.get(b"ToUnicode").unwrap().clone();
        let mut second = identity_font(&mut doc, Object::Array(vec![]), None);
        second.set("ToUnicode", to_unicode);
        let mut cmaps = CMaps::default();
        let a = Font::from_dict_sharing(&doc, &first, &mut cmaps);
        let b = Font::from_dict_sharing(&doc, &second, &mut cmaps);
        // The second font's own stream is never parsed: one entry, shared.
        assert_eq!(cmaps.len(), 1);
        assert_eq!(text(&a, b"\x00\x24\x00\x44"), "Aa");
        assert_eq!(text(&b, b"\x00\x24\x00\x44"), "Aa");
        let (Kind::Composite(x), Kind::Composite(y)) = (&a.kind, &b.kind) else {
            panic!("composite fonts");
        };
        assert!(Rc::ptr_eq(
            x.to_unicode.as_ref().unwrap(),
            y.to_unicode.as_ref().unwrap()
        ));
    }

    #[test]
    fn a_simple_font_without_to_unicode_is_encoding_only() {
        let doc = Document::with_version("1.7");
        let dict = dictionary! { "Subtype" => "TrueType", "BaseFont" => "SimplifiedArabic", "Encoding" => "WinAnsiEncoding" };
        assert!(Font::from_dict(&doc, &dict).is_encoding_only());
        let mut doc = Document::with_version("1.7");
        let mut dict = dict.clone();
        dict.set("ToUnicode", stream(&mut doc, TO_UNICODE));
        assert!(!Font::from_dict(&doc, &dict).is_encoding_only());
        assert!(!Font::fallback().is_encoding_only());
    }

    #[test]
    fn identity_h_with_to_unicode_and_cid_widths() {
        let mut doc = Document::with_version("1.5");
        let w: Vec<Object> = vec![
            3.into(),
            vec![Object::Integer(250)].into(),
            0x24.into(),
            vec![Object::Integer(722), Object::Real(667.5)].into(),
            0x44.into(),
            0x46.into(),
            444.into(),
        ];
        let dict = identity_font(&mut doc, w.into(), None);
        let font = Font::from_dict(&doc, &dict);
        assert!(font.problems().is_empty(), "{:?}", font.problems());
        assert_eq!(font.name(), "TimesNewRomanPSMT");
        let bytes = b"\x00\x24\x00\x25\x00\x03\x00\x44\x00\x46\x00\xC0\x00\x99";
        assert_eq!(text(&font, bytes), "AB ac\u{FB01}\u{FFFD}");
        let glyphs = font.glyphs(bytes);
        assert_eq!(
            glyphs.iter().map(|g| g.code).collect::<Vec<_>>(),
            [0x24, 0x25, 3, 0x44, 0x46, 0xC0, 0x99]
        );
        assert!(close(
            &widths(&font, bytes),
            &[0.722, 0.6675, 0.25, 0.444, 0.444, 1.0, 1.0]
        ));
        // Two-byte code 32 is no word space.
        assert!(!font.glyphs(b"\x00\x20")[0].is_word_space);
    }

    #[test]
    fn cid_default_width() {
        let mut doc = Document::with_version("1.5");
        let dict = identity_font(&mut doc, Vec::<Object>::new().into(), Some(500));
        let font = Font::from_dict(&doc, &dict);
        assert!(close(&widths(&font, b"\x00\x24\x01\x00"), &[0.5, 0.5]));
    }

    #[test]
    fn identity_h_odd_trailing_byte() {
        let mut doc = Document::with_version("1.5");
        let dict = identity_font(&mut doc, Vec::<Object>::new().into(), None);
        let font = Font::from_dict(&doc, &dict);
        let glyphs = font.glyphs(b"\x00\x24\x25");
        assert_eq!(glyphs.len(), 2);
        assert_eq!(glyphs[1].code, 0x25);
    }

    #[test]
    fn win_ansi_text_and_widths_with_first_char() {
        let doc = Document::with_version("1.5");
        let widths_array: Vec<Object> = (0..=(0x96 - 0x20)).map(|i| Object::Integer(300 + i)).collect();
        let dict = dictionary! {
            "Type" => "Font",
            "Subtype" => "TrueType",
            "BaseFont" => "Calibri",
            "Encoding" => "WinAnsiEncoding",
            "FirstChar" => 0x20,
            "LastChar" => 0x96,
            "Widths" => widths_array,
            "FontDescriptor" => dictionary! { "Flags" => 32, "MissingWidth" => 123 },
        };
        let font = Font::from_dict(&doc, &dict);
        assert!(font.problems().is_empty(), "{:?}", font.problems());
        assert_eq!(
            text(&font, b"\x93Hi\x94 \x96 \xE9"),
            "\u{201C}Hi\u{201D} \u{2013} é"
        );
        assert!(close(
            &widths(&font, b" !\x96\x97\x10"),
            &[0.3, 0.301, 0.418, 0.123, 0.123]
        ));
        let glyphs = font.glyphs(b" x");
        assert!(glyphs[0].is_word_space);
        assert!(!glyphs[1].is_word_space);
        assert!(!font.is_bold());
    }

    #[test]
    fn mac_roman_encoding() {
        let doc = Document::with_version("1.5");
        let dict =
            dictionary! { "Subtype" => "Type1", "BaseFont" => "Foo", "Encoding" => "MacRomanEncoding" };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(text(&font, b"\x8E\xD2\xD3\xD0"), "é\u{201C}\u{201D}\u{2013}");
    }

    #[test]
    fn standard_14_widths_without_widths_array() {
        let doc = Document::with_version("1.5");
        let helvetica = dictionary! { "Subtype" => "Type1", "BaseFont" => "Helvetica" };
        let font = Font::from_dict(&doc, &helvetica);
        assert!(close(&widths(&font, b"A "), &[0.667, 0.278]));
        // No /Encoding on a non-symbolic font: StandardEncoding.
        assert_eq!(text(&font, b"`'"), "\u{2018}\u{2019}");
        let times = dictionary! { "Subtype" => "Type1", "BaseFont" => "Times-Roman", "Encoding" => "WinAnsiEncoding" };
        let font = Font::from_dict(&doc, &times);
        assert!(close(&widths(&font, b"A\x96"), &[0.722, 0.5]));
        let bold = dictionary! { "Subtype" => "TrueType", "BaseFont" => "TimesNewRomanPS-BoldMT" };
        let font = Font::from_dict(&doc, &bold);
        assert!(close(&widths(&font, b"a"), &[0.5]));
        assert!(font.is_bold());
        // Neither /Widths nor a standard font: half an em.
        let other = dictionary! { "Subtype" => "TrueType", "BaseFont" => "Calibri" };
        assert!(close(&widths(&Font::from_dict(&doc, &other), b"A"), &[0.5]));
    }

    #[test]
    fn differences_with_glyph_name_forms() {
        let doc = Document::with_version("1.5");
        let differences: Vec<Object> = vec![
            1.into(),
            "uni00E9".into(),
            "u1F600".into(),
            "f_i".into(),
            "a.sc".into(),
            "fi".into(),
            "quotedblleft".into(),
            "g17".into(),
        ];
        let dict = dictionary! {
            "Subtype" => "Type1",
            "BaseFont" => "ABCDEF+MinionPro-Regular",
            "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding",
                "Differences" => differences },
        };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(
            text(&font, b"\x01\x02\x03\x04\x05\x06\x07A\x93"),
            "é😀fia\u{FB01}\u{201C}\u{FFFD}A\u{201C}"
        );
    }

    #[test]
    fn to_unicode_wins_over_encoding() {
        let mut doc = Document::with_version("1.5");
        let to_unicode = stream(
            &mut doc,
            "begincodespacerange <00> <FF> endcodespacerange beginbfchar <41> <005A> <42> <0000> endbfchar",
        );
        let dict = dictionary! {
            "Subtype" => "TrueType",
            "BaseFont" => "Arial",
            "Encoding" => "WinAnsiEncoding",
            "ToUnicode" => to_unicode,
        };
        let font = Font::from_dict(&doc, &dict);
        // 0x42 maps to U+0000 in the CMap: the encoding speaks instead.
        assert_eq!(text(&font, b"ABC"), "ZBC");
    }

    #[test]
    fn type3_widths_scale_by_font_matrix() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Subtype" => "Type3",
            "FontMatrix" => vec![0.01.into(), 0.into(), 0.into(), 0.01.into(), 0.into(), 0.into()],
            "FirstChar" => 65,
            "LastChar" => 66,
            "Widths" => vec![50.into(), 72.into()],
            "Encoding" => dictionary! { "Differences" => vec![65.into(), "A".into()] },
            "CharProcs" => dictionary! {},
        };
        let font = Font::from_dict(&doc, &dict);
        assert!(font.problems().is_empty(), "{:?}", font.problems());
        assert!(close(&widths(&font, b"AB"), &[0.5, 0.72]));
        // Type 3 fonts have no built-in encoding: B has no name.
        assert_eq!(text(&font, b"AB"), "A\u{FFFD}");
    }

    #[test]
    fn symbolic_font_without_encoding_reads_ascii() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Subtype" => "TrueType",
            "BaseFont" => "ABCDEF+Wingdings-Regular",
            "FontDescriptor" => dictionary! { "Flags" => 4 },
        };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(text(&font, b"A'\x80"), "A'\u{FFFD}");
        let with_differences = dictionary! {
            "Subtype" => "TrueType",
            "BaseFont" => "SomeSymbols",
            "FontDescriptor" => dictionary! { "Flags" => 4 },
            "Encoding" => dictionary! { "Differences" => vec![0x80.into(), "bullet".into()] },
        };
        let font = Font::from_dict(&doc, &with_differences);
        assert_eq!(text(&font, b"A\x80"), "A•");
    }

    #[test]
    fn symbol_font_builtin_encoding_and_private_use_text() {
        let mut doc = Document::with_version("1.5");
        let dict = dictionary! { "Subtype" => "Type1", "BaseFont" => "Symbol" };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(text(&font, b"a\xB7"), "α•");
        assert!(close(&widths(&font, b"a"), &[0.631]));
        let to_unicode = stream(
            &mut doc,
            "beginbfchar <B7> <F0B7> <41> <F041> <42> <F0FF> endbfchar",
        );
        let dict =
            dictionary! { "Subtype" => "Type1", "BaseFont" => "ABCDEF+Symbol", "ToUnicode" => to_unicode };
        let font = Font::from_dict(&doc, &dict);
        // 0xFF has no glyph in Symbol: the private-use text stays.
        assert_eq!(text(&font, b"\xB7AB"), "•Α\u{F0FF}");
    }

    #[test]
    fn zapf_dingbats() {
        let doc = Document::with_version("1.5");
        let dict = dictionary! { "Subtype" => "Type1", "BaseFont" => "ZapfDingbats" };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(text(&font, b"l4"), "\u{25CF}\u{2714}");
        assert!(close(&widths(&font, b"!"), &[0.974]));
    }

    #[test]
    fn bold_from_name_and_descriptor() {
        let doc = Document::with_version("1.5");
        let bold = |dict: Dictionary| Font::from_dict(&doc, &dict).is_bold();
        assert!(bold(
            dictionary! { "Subtype" => "TrueType", "BaseFont" => "Arial-BoldMT" }
        ));
        assert!(bold(
            dictionary! { "Subtype" => "TrueType", "BaseFont" => "Times New Roman,Bold" }
        ));
        assert!(bold(dictionary! { "Subtype" => "TrueType", "BaseFont" => "Foo",
        "FontDescriptor" => dictionary! { "Flags" => 1 << 18 } }));
        assert!(bold(dictionary! { "Subtype" => "TrueType", "BaseFont" => "Foo",
        "FontDescriptor" => dictionary! { "FontWeight" => 700 } }));
        assert!(!bold(
            dictionary! { "Subtype" => "TrueType", "BaseFont" => "TimesNewRomanPSMT" }
        ));
        assert!(!bold(dictionary! { "Subtype" => "TrueType", "BaseFont" => "Foo",
        "FontDescriptor" => dictionary! { "FontWeight" => 400 } }));
    }

    #[test]
    fn embedded_encoding_cmap_gives_lengths_and_cids() {
        let mut doc = Document::with_version("1.5");
        let encoding = stream(
            &mut doc,
            "begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
             begincidrange <20> <7E> 1 <8000> <80FF> 200 endcidrange",
        );
        let to_unicode = stream(
            &mut doc,
            "begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange\n\
             beginbfrange <20> <7E> <0020> <8000> <80FF> <4E00> endbfrange",
        );
        let cid_font = doc.add_object(dictionary! {
            "Subtype" => "CIDFontType0",
            "DW" => 1000,
            "W" => vec![1.into(), vec![Object::Integer(300)].into(), 200.into(), 300.into(), 800.into()],
        });
        let dict = dictionary! {
            "Subtype" => "Type0",
            "BaseFont" => "SomeCJK",
            "Encoding" => encoding,
            "DescendantFonts" => vec![Object::Reference(cid_font)],
            "ToUnicode" => to_unicode,
        };
        let font = Font::from_dict(&doc, &dict);
        assert!(font.problems().is_empty(), "{:?}", font.problems());
        let bytes = b" A\x80\x01\x90\x00";
        let glyphs = font.glyphs(bytes);
        assert_eq!(
            glyphs.iter().map(|g| g.code).collect::<Vec<_>>(),
            [0x20, 0x41, 0x8001, 0x9000]
        );
        assert_eq!(text(&font, bytes), " A\u{4E01}\u{FFFD}");
        assert!(close(&widths(&font, bytes), &[0.3, 1.0, 0.8, 1.0]));
        assert!(glyphs[0].is_word_space);
    }

    #[test]
    fn predefined_unicode_cmaps_give_text_from_codes() {
        let mut doc = Document::with_version("1.5");
        let cid_font = doc.add_object(dictionary! { "Subtype" => "CIDFontType0", "DW" => 1000 });
        let ucs2 = dictionary! {
            "Subtype" => "Type0", "BaseFont" => "STSong-Light", "Encoding" => "UniGB-UCS2-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
        };
        let font = Font::from_dict(&doc, &ucs2);
        assert_eq!(text(&font, b"\x4E\x2D\x65\x87"), "中文");
        let utf16 = dictionary! {
            "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "UniJIS-UTF16-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
        };
        let font = Font::from_dict(&doc, &utf16);
        let glyphs = font.glyphs(b"\xD8\x3D\xDE\x00\x00\x41");
        assert_eq!(glyphs.len(), 2);
        assert_eq!(text(&font, b"\xD8\x3D\xDE\x00\x00\x41"), "😀A");
        let other = dictionary! {
            "Subtype" => "Type0", "BaseFont" => "X", "Encoding" => "90ms-RKSJ-H",
            "DescendantFonts" => vec![Object::Reference(cid_font)],
        };
        let font = Font::from_dict(&doc, &other);
        assert_eq!(font.glyphs(b"\x82\xA0\x82\xA2").len(), 2);
        assert_eq!(text(&font, b"\x82\xA0"), "\u{FFFD}");
        assert_eq!(font.problems().len(), 1, "{:?}", font.problems());
    }

    #[test]
    fn fallback_font() {
        let font = Font::fallback();
        assert_eq!(font.name(), "Helvetica");
        assert_eq!(text(&font, b"Ab"), "Ab");
        assert!(close(&widths(&font, b"A"), &[0.667]));
        assert!(font.problems().is_empty());
    }

    #[test]
    fn strings_are_capped() {
        let font = Font::fallback();
        assert_eq!(
            font.glyphs(&vec![b'a'; MAX_STRING_BYTES + 10]).len(),
            MAX_STRING_BYTES
        );
    }

    #[test]
    fn garbage_to_unicode_falls_back_to_the_encoding() {
        let mut doc = Document::with_version("1.5");
        let junk: Vec<u8> = (0..3000u32).map(|i| (i * 31 % 256) as u8).collect();
        let to_unicode = Object::Reference(doc.add_object(Stream::new(dictionary! {}, junk)));
        let dict = dictionary! {
            "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding",
            "ToUnicode" => to_unicode,
        };
        let font = Font::from_dict(&doc, &dict);
        assert_eq!(text(&font, b"Hi"), "Hi");
        assert!(!font.problems().is_empty());
    }

    #[test]
    fn broken_widths_and_reference_cycles_are_problems() {
        let mut doc = Document::with_version("1.5");
        let dict = dictionary! {
            "Subtype" => "TrueType", "BaseFont" => "Arial", "FirstChar" => 32, "Widths" => 5,
        };
        let font = Font::from_dict(&doc, &dict);
        assert!(
            font.problems().iter().any(|p| p.contains("Widths")),
            "{:?}",
            font.problems()
        );
        // Falls back to Helvetica metrics.
        assert!(close(&widths(&font, b"A"), &[0.667]));

        let a = doc.new_object_id();
        let b = doc.new_object_id();
        doc.objects.insert(a, Object::Reference(b));
        doc.objects.insert(b, Object::Reference(a));
        let cyclic = dictionary! {
            "Subtype" => "Type1", "BaseFont" => "Helvetica", "FirstChar" => 32,
            "Widths" => Object::Reference(a), "Encoding" => Object::Reference(b),
            "ToUnicode" => Object::Reference(a),
            "FontDescriptor" => Object::Reference(b),
        };
        let font = Font::from_dict(&doc, &cyclic);
        assert!(!font.problems().is_empty());
        assert_eq!(text(&font, b"A"), "A");

        let type0 = dictionary! { "Subtype" => "Type0", "DescendantFonts" => Object::Reference(a) };
        let font = Font::from_dict(&doc, &type0);
        assert!(font.problems().len() >= 2, "{:?}", font.problems());
        assert!(close(&widths(&font, b"\x00\x41"), &[1.0]));

        let mut w_broken = dictionary! { "Subtype" => "CIDFontType2" };
        w_broken.set("W", vec![Object::Integer(1), "oops".into(), Object::Integer(3)]);
        let cid = doc.add_object(w_broken);
        let type0 = dictionary! {
            "Subtype" => "Type0", "Encoding" => "Identity-H",
            "DescendantFonts" => vec![Object::Reference(cid)],
        };
        let font = Font::from_dict(&doc, &type0);
        assert!(
            font.problems().iter().any(|p| p.contains("W")),
            "{:?}",
            font.problems()
        );

        let no_subtype = dictionary! { "BaseFont" => "Helvetica" };
        let font = Font::from_dict(&doc, &no_subtype);
        assert_eq!(font.problems().len(), 1);
        assert_eq!(text(&font, b"x"), "x");
    }

    /// A description of a font dictionary for the report below.
    fn describe(doc: &Document, dict: &Dictionary) -> String {
        let name = |o: &Object| -> String {
            match doc.dereference(o) {
                Ok((_, Object::Name(n))) => String::from_utf8_lossy(n).into_owned(),
                Ok((_, Object::Dictionary(d))) => {
                    let base = d
                        .get(b"BaseEncoding")
                        .ok()
                        .map(|b| name_of(doc, b))
                        .unwrap_or_default();
                    let diffs = if d.has(b"Differences") { "+Differences" } else { "" };
                    format!("dict({base}{diffs})")
                }
                Ok((_, Object::Stream(_))) => "embedded CMap".to_string(),
                Ok((_, other)) => other.enum_variant().to_string(),
                Err(_) => "unresolved".to_string(),
            }
        };
        let subtype = dict.get(b"Subtype").map(|o| name_of(doc, o)).unwrap_or_default();
        let encoding = dict
            .get(b"Encoding")
            .map(&name)
            .unwrap_or_else(|_| "none".to_string());
        let to_unicode = if dict.has(b"ToUnicode") {
            "ToUnicode"
        } else {
            "no ToUnicode"
        };
        format!("{subtype}/{encoding}/{to_unicode}")
    }

    fn name_of(doc: &Document, object: &Object) -> String {
        match doc.dereference(object) {
            Ok((_, Object::Name(n))) => String::from_utf8_lossy(n).into_owned(),
            _ => "?".to_string(),
        }
    }

    /// Decodes every shown string of every page of the real UN documents in
    /// the shared corpus and reports glyphs without text, and characters
    /// whose counts differ much from the `pdftotext` output beside each file
    /// (which drops line-end hyphens, so a few more `-` here is expected).
    /// Text in form XObjects is not reached. Every glyph must have text.
    /// Run with `cargo test --lib real_pdfs -- --ignored --nocapture`.
    #[test]
    #[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
    fn real_pdfs_decode() {
        use lopdf::content::Content;
        use std::collections::{BTreeMap, BTreeSet};

        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect();
        paths.sort();
        let mut all_unmapped = 0;
        let mut read = 0;
        for path in paths {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let doc = match Document::load(&path) {
                Ok(doc) => doc,
                Err(error) => {
                    println!("{file}: not loaded ({error})");
                    continue;
                }
            };
            let pages = doc.get_pages();
            if pages.is_empty() {
                println!("{file}: no pages, skipped");
                continue;
            }
            let (mut total, mut unmapped) = (0usize, 0usize);
            let mut ours: BTreeMap<char, i64> = BTreeMap::new();
            let mut kinds = BTreeSet::new();
            let mut missing: BTreeMap<String, usize> = BTreeMap::new();
            let mut problems = BTreeSet::new();
            for page_id in pages.values() {
                let dicts = doc.get_page_fonts(*page_id).unwrap_or_default();
                let fonts: BTreeMap<Vec<u8>, Font> = dicts
                    .iter()
                    .map(|(key, dict)| {
                        let font = Font::from_dict(&doc, dict);
                        kinds.insert(format!("{} [{}]", describe(&doc, dict), font.name()));
                        for p in font.problems() {
                            problems.insert(format!("{}: {p}", font.name()));
                        }
                        (key.clone(), font)
                    })
                    .collect();
                let content = Content::decode(&doc.get_page_content(*page_id))
                    .unwrap_or(Content { operations: vec![] });
                let fallback = Font::fallback();
                let mut current = &fallback;
                for op in &content.operations {
                    let strings: Vec<&[u8]> = match op.operator.as_str() {
                        "Tf" => {
                            if let Some(Object::Name(key)) = op.operands.first() {
                                current = fonts.get(key).unwrap_or(&fallback);
                            }
                            continue;
                        }
                        "Tj" | "'" | "\"" => op
                            .operands
                            .last()
                            .and_then(|o| o.as_str().ok())
                            .into_iter()
                            .collect(),
                        "TJ" => match op.operands.first() {
                            Some(Object::Array(items)) => {
                                items.iter().filter_map(|o| o.as_str().ok()).collect()
                            }
                            _ => vec![],
                        },
                        _ => continue,
                    };
                    for bytes in strings {
                        for glyph in current.glyphs(bytes) {
                            total += 1;
                            for c in glyph.text.iter().flat_map(|t| t.chars()) {
                                *ours.entry(c).or_default() += 1;
                            }
                            if glyph.text.is_none() {
                                unmapped += 1;
                                *missing
                                    .entry(format!("{} {:#x}", current.name(), glyph.code))
                                    .or_default() += 1;
                            }
                        }
                    }
                }
            }
            all_unmapped += unmapped;
            read += usize::from(total > 0);
            if let Ok(reference) = std::fs::read_to_string(path.with_extension("pdftotext.txt")) {
                let mut theirs: BTreeMap<char, i64> = BTreeMap::new();
                for c in reference.chars() {
                    *theirs.entry(c).or_default() += 1;
                }
                let keys: BTreeSet<char> = ours.keys().chain(theirs.keys()).copied().collect();
                for c in keys {
                    if c.is_whitespace() {
                        continue;
                    }
                    let (a, b) = (
                        ours.get(&c).copied().unwrap_or(0),
                        theirs.get(&c).copied().unwrap_or(0),
                    );
                    if (a - b).abs() > 2 + b / 50 {
                        println!("    char {c:?} U+{:04X}: ours {a}, pdftotext {b}", c as u32);
                    }
                }
            }
            println!("{file}: {total} glyphs, {unmapped} without text");
            for kind in kinds {
                println!("    font {kind}");
            }
            for problem in problems {
                println!("    problem {problem}");
            }
            for (code, count) in missing.iter().take(20) {
                println!("    unmapped {code} x{count}");
            }
        }
        println!("unmapped in all: {all_unmapped}");
        assert_eq!(all_unmapped, 0);
        assert!(read >= 8, "{read} documents with glyphs");
    }
}
