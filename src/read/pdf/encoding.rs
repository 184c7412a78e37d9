//! Simple-font encodings: which glyph a one-byte code selects, and what
//! Unicode text a glyph name stands for.
//!
//! Fonts with one byte per code (Type 1, TrueType, Type 3) name their glyphs:
//! a base encoding gives a name to each code and a `/Differences` array
//! renames some of them. Names matter twice: they give the text of a glyph
//! when the font has no `/ToUnicode` map, and they key the built-in widths of
//! the standard 14 fonts. Glyph names resolve to text through the Adobe Glyph
//! List, the `uniXXXX` and `uXXXX` forms, suffixes (`a.sc`), ligatures
//! written with underscores (`f_f_i`) and a few TeX names. The tables are
//! generated (see `encoding_data.rs`): lopdf keeps its own copies private.

use lopdf::Object;

#[rustfmt::skip]
#[path = "encoding_data.rs"]
mod data;

/// The encodings a font can name, and the built-in encodings of the two
/// symbolic standard fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    MacExpert,
    /// Not valid for fonts, but met in the wild and cheap to allow.
    PdfDoc,
    Symbol,
    ZapfDingbats,
}

impl BaseEncoding {
    /// The encoding an `/Encoding` or `/BaseEncoding` name stands for.
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"MacExpertEncoding" => Some(BaseEncoding::MacExpert),
            b"PDFDocEncoding" => Some(BaseEncoding::PdfDoc),
            _ => None,
        }
    }

    fn table(self) -> &'static [&'static str; 256] {
        match self {
            BaseEncoding::Standard => &data::STANDARD,
            BaseEncoding::WinAnsi => &data::WIN_ANSI,
            BaseEncoding::MacRoman => &data::MAC_ROMAN,
            BaseEncoding::MacExpert => &data::MAC_EXPERT,
            BaseEncoding::PdfDoc => &data::PDF_DOC,
            BaseEncoding::Symbol => &data::SYMBOL,
            BaseEncoding::ZapfDingbats => &data::ZAPF_DINGBATS,
        }
    }

    /// The glyph name of a code.
    pub fn glyph_name(self, code: u8) -> Option<&'static str> {
        self.table()
            .get(usize::from(code))
            .copied()
            .filter(|n| !n.is_empty())
    }
}

/// The glyph name of each of the 256 codes of a simple font.
#[derive(Debug, Clone, PartialEq)]
pub struct Encoding {
    names: Vec<Option<String>>,
    /// Names `a1`…`a206` are ZapfDingbats glyphs (only in that font).
    dingbats: bool,
}

impl Encoding {
    /// A base encoding as it stands, except that MacRomanEncoding also gets
    /// the 14 symbols and the Apple logo that Mac OS Roman has and the PDF
    /// table leaves out: fonts that use it do show them.
    pub fn new(base: BaseEncoding) -> Encoding {
        let mut names: Vec<Option<String>> = (0..=255u8)
            .map(|code| base.glyph_name(code).map(str::to_owned))
            .collect();
        if base == BaseEncoding::MacRoman {
            for (code, name) in MAC_OS_ROMAN_EXTRAS {
                if let Some(slot) = names.get_mut(usize::from(code)) {
                    *slot = Some(name.to_owned());
                }
            }
        }
        Encoding {
            names,
            dingbats: base == BaseEncoding::ZapfDingbats,
        }
    }

    /// No names at all: the base under the `/Differences` of a Type 3 font.
    pub fn empty() -> Encoding {
        Encoding {
            names: vec![None; 256],
            dingbats: false,
        }
    }

    /// Printable ASCII (codes 0x20 to 0x7E) and nothing else: the guess for a
    /// symbolic font whose own encoding is unknown. Such fonts are mostly
    /// TrueType fonts reached through their (3,0) `cmap` subtable, where code
    /// `c` selects the glyph for U+F000 + `c`, and producers that text-encode
    /// them put ASCII there.
    pub fn ascii() -> Encoding {
        let mut encoding = Encoding::new(BaseEncoding::WinAnsi);
        for (code, name) in encoding.names.iter_mut().enumerate() {
            if !(0x20..=0x7E).contains(&code) {
                *name = None;
            }
        }
        encoding
    }

    /// Apply a `/Differences` array: a number sets the next code, each name
    /// after it names that code and the ones that follow. Items of any other
    /// kind, and codes outside 0 to 255, are skipped. Returns how many items
    /// were skipped.
    pub fn apply_differences<'a>(&mut self, items: impl IntoIterator<Item = &'a Object>) -> usize {
        let mut code: Option<usize> = None;
        let mut skipped = 0;
        for item in items {
            match item {
                Object::Integer(n) => code = usize::try_from(*n).ok().filter(|&c| c < 256),
                Object::Name(name) => match code {
                    Some(c) => {
                        if let Some(slot) = self.names.get_mut(c) {
                            *slot = Some(String::from_utf8_lossy(name).into_owned());
                        }
                        code = Some(c + 1).filter(|&c| c < 256);
                    }
                    None => skipped += 1,
                },
                _ => skipped += 1,
            }
        }
        skipped
    }

    /// The glyph name of a code.
    pub fn glyph_name(&self, code: u8) -> Option<&str> {
        self.names.get(usize::from(code))?.as_deref()
    }

    /// The text of a code, from its glyph name.
    pub fn text(&self, code: u8) -> Option<String> {
        let name = self.glyph_name(code)?;
        if self.dingbats
            && let Some(c) = dingbat_char(name)
        {
            return Some(c.to_string());
        }
        glyph_text(name)
    }
}

/// Codes of Mac OS Roman that PDF's MacRomanEncoding leaves empty.
const MAC_OS_ROMAN_EXTRAS: [(u8, &str); 15] = [
    (0xAD, "notequal"),
    (0xB0, "infinity"),
    (0xB2, "lessequal"),
    (0xB3, "greaterequal"),
    (0xB6, "partialdiff"),
    (0xB7, "summation"),
    (0xB8, "product"),
    (0xB9, "pi"),
    (0xBA, "integral"),
    (0xBD, "Omega"),
    (0xC3, "radical"),
    (0xC5, "approxequal"),
    (0xC6, "Delta"),
    (0xD7, "lozenge"),
    (0xF0, "apple"),
];

/// The Unicode text a glyph name stands for, by the rules of the Adobe Glyph
/// List specification: the name up to its first period, split at
/// underscores, each part looked up in the list or read as `uniXXXX…` or
/// `uXXXX`–`uXXXXXX`. A whole name found in the list is taken first.
pub fn glyph_text(name: &str) -> Option<String> {
    if let Some(text) = component_text(name) {
        return Some(text);
    }
    let stem = match name.split_once('.') {
        Some((stem, _)) => stem,
        None => name,
    };
    if stem.is_empty() {
        return None;
    }
    if stem != name
        && let Some(text) = component_text(stem)
    {
        return Some(text);
    }
    if !stem.contains('_') {
        return None;
    }
    let mut text = String::new();
    for part in stem.split('_') {
        text.push_str(&component_text(part)?);
    }
    Some(text)
}

/// One name without suffix or underscores.
fn component_text(name: &str) -> Option<String> {
    // Before the list, which gives some of these private-use values.
    if let Some(text) = extra_text(name) {
        return Some(text.to_string());
    }
    if let Ok(index) = data::GLYPH_LIST.binary_search_by(|(n, _)| (*n).cmp(name))
        && let Some((_, text)) = data::GLYPH_LIST.get(index)
    {
        return Some((*text).to_string());
    }
    if let Some(hex) = name.strip_prefix("uni")
        && !hex.is_empty()
        && hex.len() % 4 == 0
    {
        let mut text = String::new();
        for i in (0..hex.len()).step_by(4) {
            text.push(hex_scalar(hex.get(i..i + 4)?)?);
        }
        return Some(text);
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
    {
        return hex_scalar(hex).map(|c| c.to_string());
    }
    None
}

/// A Unicode scalar value written in hexadecimal digits.
fn hex_scalar(hex: &str) -> Option<char> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(hex, 16).ok()?)
}

/// Glyph names of TeX fonts and a few other common ones that the Adobe Glyph
/// List lacks or maps to private-use code points.
fn extra_text(name: &str) -> Option<&'static str> {
    Some(match name {
        "SS" | "Germandbls" => "SS",
        "angbracketleft" => "\u{27E8}",
        "angbracketright" => "\u{27E9}",
        "arrowbothv" => "\u{2195}",
        "compwordmark" | "cwm" => "\u{200C}",
        "dotlessj" => "\u{0237}",
        "Ifractur" => "\u{2111}",
        "Rfractur" => "\u{211C}",
        "Ng" => "\u{014A}",
        "ng" => "\u{014B}",
        "nonbreakingspace" => "\u{00A0}",
        "rangedash" => "\u{2013}",
        "softhyphen" => "\u{00AD}",
        "visiblespace" | "visualspace" => "\u{2423}",
        _ => return None,
    })
}

/// The character of a ZapfDingbats glyph name `aN`.
fn dingbat_char(name: &str) -> Option<char> {
    let number: usize = name.strip_prefix('a')?.parse().ok()?;
    let unit = *DINGBATS.get(number)?;
    if unit == 0 {
        return None;
    }
    char::from_u32(u32::from(unit))
}

/// Unicode of the ZapfDingbats glyphs `a1`…`a206`, indexed by number (0 for
/// numbers that name no glyph).
static DINGBATS: [u16; 207] = [
    0, 0x2701, 0x2702, 0x2704, 0x260E, 0x2706, 0x271D, 0x271E, 0x271F, 0x2720, 0x2721, 0x261B, 0x261E,
    0x270C, 0x270D, 0x270E, 0x270F, 0x2711, 0x2712, 0x2713, 0x2714, 0x2715, 0x2716, 0x2717, 0x2718, 0x2719,
    0x271A, 0x271B, 0x271C, 0x2722, 0x2723, 0x2724, 0x2725, 0x2726, 0x2727, 0x2605, 0x2729, 0x272A, 0x272B,
    0x272C, 0x272D, 0x272E, 0x272F, 0x2730, 0x2731, 0x2732, 0x2733, 0x2734, 0x2735, 0x2736, 0x2737, 0x2738,
    0x2739, 0x273A, 0x273B, 0x273C, 0x273D, 0x273E, 0x273F, 0x2740, 0x2741, 0x2742, 0x2743, 0x2744, 0x2745,
    0x2746, 0x2747, 0x2748, 0x2749, 0x274A, 0x274B, 0x25CF, 0x274D, 0x25A0, 0x274F, 0x2751, 0x25B2, 0x25BC,
    0x25C6, 0x2756, 0, 0x25D7, 0x2758, 0x2759, 0x275A, 0x276F, 0x2771, 0x2772, 0x2773, 0x2768, 0x2769,
    0x276C, 0x276D, 0x276A, 0x276B, 0x2774, 0x2775, 0x275B, 0x275C, 0x275D, 0x275E, 0x2761, 0x2762, 0x2763,
    0x2764, 0x2710, 0x2765, 0x2766, 0x2767, 0x2660, 0x2665, 0x2666, 0x2663, 0, 0, 0, 0, 0x2709, 0x2708,
    0x2707, 0x2460, 0x2461, 0x2462, 0x2463, 0x2464, 0x2465, 0x2466, 0x2467, 0x2468, 0x2469, 0x2776, 0x2777,
    0x2778, 0x2779, 0x277A, 0x277B, 0x277C, 0x277D, 0x277E, 0x277F, 0x2780, 0x2781, 0x2782, 0x2783, 0x2784,
    0x2785, 0x2786, 0x2787, 0x2788, 0x2789, 0x278A, 0x278B, 0x278C, 0x278D, 0x278E, 0x278F, 0x2790, 0x2791,
    0x2792, 0x2793, 0x2794, 0x2192, 0x27A3, 0x2194, 0x2195, 0x2799, 0x279B, 0x279C, 0x279D, 0x279E, 0x279F,
    0x27A0, 0x27A1, 0x27A2, 0x27A4, 0x27A5, 0x27A6, 0x27A7, 0x27A8, 0x27A9, 0x27AB, 0x27AD, 0x27AF, 0x27B2,
    0x27B3, 0x27B5, 0x27B8, 0x27BA, 0x27BB, 0x27BC, 0x27BD, 0x27BE, 0x279A, 0x27AA, 0x27B6, 0x27B9, 0x2798,
    0x27B4, 0x27B7, 0x27AC, 0x27AE, 0x27B1, 0x2703, 0x2750, 0x2752, 0x276E, 0x2770,
];

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::dictionary;

    fn text(base: BaseEncoding, code: u8) -> Option<String> {
        Encoding::new(base).text(code)
    }

    #[test]
    fn win_ansi_quotes_dashes_and_euro() {
        assert_eq!(text(BaseEncoding::WinAnsi, 0x93).as_deref(), Some("\u{201C}"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x94).as_deref(), Some("\u{201D}"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x92).as_deref(), Some("\u{2019}"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x96).as_deref(), Some("\u{2013}"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x97).as_deref(), Some("\u{2014}"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x80).as_deref(), Some("€"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0xE9).as_deref(), Some("é"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x27).as_deref(), Some("'"));
        assert_eq!(text(BaseEncoding::WinAnsi, 0x10), None);
    }

    #[test]
    fn standard_differs_from_ascii_at_the_quotes() {
        assert_eq!(text(BaseEncoding::Standard, 0x27).as_deref(), Some("\u{2019}"));
        assert_eq!(text(BaseEncoding::Standard, 0x60).as_deref(), Some("\u{2018}"));
        assert_eq!(text(BaseEncoding::Standard, 0xAE).as_deref(), Some("\u{FB01}"));
        assert_eq!(text(BaseEncoding::Standard, 0x80), None);
    }

    #[test]
    fn mac_roman() {
        assert_eq!(text(BaseEncoding::MacRoman, 0x8E).as_deref(), Some("é"));
        assert_eq!(text(BaseEncoding::MacRoman, 0x80).as_deref(), Some("Ä"));
        assert_eq!(text(BaseEncoding::MacRoman, 0xD2).as_deref(), Some("\u{201C}"));
        assert_eq!(text(BaseEncoding::MacRoman, 0xD0).as_deref(), Some("\u{2013}"));
        assert_eq!(text(BaseEncoding::MacRoman, 0xDE).as_deref(), Some("\u{FB01}"));
    }

    #[test]
    fn symbol_and_dingbats_builtin_encodings() {
        assert_eq!(text(BaseEncoding::Symbol, 0x61).as_deref(), Some("α"));
        assert_eq!(text(BaseEncoding::Symbol, 0xB7).as_deref(), Some("•"));
        assert_eq!(
            text(BaseEncoding::ZapfDingbats, 0x21).as_deref(),
            Some("\u{2701}")
        );
        assert_eq!(
            text(BaseEncoding::ZapfDingbats, 0x6C).as_deref(),
            Some("\u{25CF}")
        );
        assert_eq!(
            text(BaseEncoding::ZapfDingbats, 0x80).as_deref(),
            Some("\u{2768}")
        );
        assert_eq!(
            text(BaseEncoding::ZapfDingbats, 0xFE).as_deref(),
            Some("\u{27BE}")
        );
        // Outside ZapfDingbats, `a1` is just a name.
        let mut other = Encoding::new(BaseEncoding::Standard);
        other.apply_differences(&[Object::Integer(1), Object::Name(b"a1".to_vec())]);
        assert_eq!(other.text(1), None);
    }

    /// lopdf's own tables, reached through the only public door: the
    /// encoding of a font dictionary.
    fn lopdf_text(encoding_name: &str, code: u8) -> Option<String> {
        let doc = lopdf::Document::with_version("1.5");
        let dict = dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "Encoding" => Object::Name(encoding_name.as_bytes().to_vec()),
        };
        let text = dict.get_font_encoding(&doc).ok()?.bytes_to_string(&[code]).ok()?;
        (!text.is_empty()).then_some(text)
    }

    #[test]
    fn names_agree_with_lopdf_tables() {
        let pairs = [
            (BaseEncoding::Standard, "StandardEncoding"),
            (BaseEncoding::WinAnsi, "WinAnsiEncoding"),
            (BaseEncoding::MacRoman, "MacRomanEncoding"),
            (BaseEncoding::MacExpert, "MacExpertEncoding"),
        ];
        let mut differences = Vec::new();
        for (base, name) in pairs {
            let ours = Encoding::new(base);
            for code in 0..=255u8 {
                let (mine, theirs) = (ours.text(code), lopdf_text(name, code));
                if mine != theirs {
                    differences.push(format!("{base:?} {code:#04x}: {mine:?} vs {theirs:?}"));
                }
            }
        }
        assert!(differences.is_empty(), "{differences:#?}");
    }

    #[test]
    fn differences_rename_codes() {
        let mut enc = Encoding::new(BaseEncoding::WinAnsi);
        let items = [
            Object::Integer(0x41),
            Object::Name(b"eacute".to_vec()),
            Object::Name(b"uni00E9".to_vec()),
            Object::Name(b"u1F600".to_vec()),
            Object::Name(b"f_i".to_vec()),
            Object::Name(b"a.sc".to_vec()),
            Object::Integer(0x80),
            Object::Name(b"f_f_i.liga".to_vec()),
            Object::Name(b"T_h".to_vec()),
            Object::Name(b"uni00660069".to_vec()),
            Object::Name(b"g123".to_vec()),
            Object::Real(1.0),
            Object::Integer(300),
            Object::Name(b"ignored".to_vec()),
            Object::Integer(0xFF),
            Object::Name(b"zcaron".to_vec()),
            Object::Name(b"beyond".to_vec()),
        ];
        assert_eq!(enc.apply_differences(&items), 3);
        assert_eq!(enc.text(0x41).as_deref(), Some("é"));
        assert_eq!(enc.text(0x42).as_deref(), Some("é"));
        assert_eq!(enc.text(0x43).as_deref(), Some("😀"));
        assert_eq!(enc.text(0x44).as_deref(), Some("fi"));
        assert_eq!(enc.text(0x45).as_deref(), Some("a"));
        assert_eq!(
            enc.text(0x46).as_deref(),
            Some("F"),
            "untouched code keeps its base name"
        );
        assert_eq!(enc.text(0x80).as_deref(), Some("ffi"));
        assert_eq!(enc.text(0x81).as_deref(), Some("Th"));
        assert_eq!(enc.text(0x82).as_deref(), Some("fi"));
        assert_eq!(enc.text(0x83), None);
        assert_eq!(enc.glyph_name(0x83), Some("g123"));
        assert_eq!(enc.text(0xFF).as_deref(), Some("ž"));
    }

    #[test]
    fn glyph_name_forms() {
        assert_eq!(glyph_text("A").as_deref(), Some("A"));
        assert_eq!(glyph_text("quotedblleft").as_deref(), Some("\u{201C}"));
        assert_eq!(glyph_text("uni2013").as_deref(), Some("\u{2013}"));
        assert_eq!(glyph_text("uni20ac").as_deref(), Some("€"));
        assert_eq!(glyph_text("u0041").as_deref(), Some("A"));
        assert_eq!(glyph_text("u10FFFF").as_deref(), Some("\u{10FFFF}"));
        assert_eq!(glyph_text("one.oldstyle").as_deref(), Some("1"));
        assert_eq!(glyph_text("f_t").as_deref(), Some("ft"));
        assert_eq!(glyph_text("fi").as_deref(), Some("\u{FB01}"));
        assert_eq!(glyph_text("ffl").as_deref(), Some("\u{FB04}"));
        assert_eq!(glyph_text("dalethatafpatah").as_deref(), Some("\u{05D3}\u{05B2}"));
        assert_eq!(glyph_text("Germandbls").as_deref(), Some("SS"));
        assert_eq!(glyph_text("dotlessj").as_deref(), Some("\u{0237}"));
        for none in [
            ".notdef", "", ".sc", "uniD800", "u110000", "uni004", "uniXYZW", "f_zzz", "g12", "cid00042",
        ] {
            assert_eq!(glyph_text(none), None, "{none}");
        }
    }

    #[test]
    fn ascii_guess_for_symbolic_fonts() {
        let enc = Encoding::ascii();
        assert_eq!(enc.text(0x27).as_deref(), Some("'"));
        assert_eq!(enc.text(0x41).as_deref(), Some("A"));
        assert_eq!(enc.text(0x1F), None);
        assert_eq!(enc.text(0x80), None);
        assert_eq!(Encoding::empty().text(0x41), None);
    }
}
