//! Built-in widths of the standard 14 fonts, and which of them a font name
//! stands in for.
//!
//! A PDF may use Times, Helvetica, Courier, Symbol or ZapfDingbats without
//! embedding them or giving `/Widths`; the reader then needs their widths to
//! place text. Non-embedded Arial and Times New Roman are, for placing text,
//! the same as Helvetica and Times. Widths are in 1/1000 em, keyed by glyph
//! name, generated from AFM files (see `metrics_data.rs`).

#[rustfmt::skip]
#[path = "metrics_data.rs"]
mod data;

/// One of the standard 14 fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standard14 {
    TimesRoman,
    TimesBold,
    TimesItalic,
    TimesBoldItalic,
    Helvetica,
    HelveticaBold,
    HelveticaOblique,
    HelveticaBoldOblique,
    Courier,
    CourierBold,
    CourierOblique,
    CourierBoldOblique,
    Symbol,
    ZapfDingbats,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Times,
    Helvetica,
    Courier,
}

impl Standard14 {
    /// The standard font a font name stands for: the standard names
    /// themselves, their common aliases (`Arial`, `TimesNewRomanPSMT`,
    /// `CourierNew`, URW and Liberation clones) with a style after `-` or `,`
    /// (`Arial-BoldMT`, `Times-Roman,Bold`), and any of these behind a subset
    /// prefix (`ABCDEF+`). `None` for any other family.
    pub fn from_base_font(name: &str) -> Option<Standard14> {
        let name = strip_subset_prefix(name);
        let flat: String = name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if flat.starts_with("zapfdingbats") || flat.starts_with("dingbats") || flat == "d050000l" {
            return Some(Standard14::ZapfDingbats);
        }
        if flat == "symbol" || flat == "symbolmt" || flat.starts_with("standardsymbol") {
            return Some(Standard14::Symbol);
        }
        if flat.contains("narrow") || flat.contains("condensed") {
            return None;
        }
        let family = [
            ("courier", Family::Courier),
            ("nimbusmono", Family::Courier),
            ("liberationmono", Family::Courier),
            ("cousine", Family::Courier),
            ("times", Family::Times),
            ("nimbusrom", Family::Times),
            ("liberationserif", Family::Times),
            ("tinos", Family::Times),
            ("helvetica", Family::Helvetica),
            ("arial", Family::Helvetica),
            ("nimbussan", Family::Helvetica),
            ("liberationsans", Family::Helvetica),
            ("arimo", Family::Helvetica),
        ]
        .into_iter()
        .find(|(prefix, _)| flat.starts_with(prefix))
        .map(|(_, family)| family)?;
        // The style is what follows the family: after a comma or hyphen.
        let style = name
            .find([',', '-'])
            .and_then(|at| name.get(at..))
            .unwrap_or("")
            .to_ascii_lowercase();
        let bold = ["bold", "black", "heavy", "bd"].iter().any(|w| style.contains(w));
        let italic = ["italic", "oblique", "it"].iter().any(|w| style.contains(w));
        Some(match (family, bold, italic) {
            (Family::Times, false, false) => Standard14::TimesRoman,
            (Family::Times, true, false) => Standard14::TimesBold,
            (Family::Times, false, true) => Standard14::TimesItalic,
            (Family::Times, true, true) => Standard14::TimesBoldItalic,
            (Family::Helvetica, false, false) => Standard14::Helvetica,
            (Family::Helvetica, true, false) => Standard14::HelveticaBold,
            (Family::Helvetica, false, true) => Standard14::HelveticaOblique,
            (Family::Helvetica, true, true) => Standard14::HelveticaBoldOblique,
            (Family::Courier, false, false) => Standard14::Courier,
            (Family::Courier, true, false) => Standard14::CourierBold,
            (Family::Courier, false, true) => Standard14::CourierOblique,
            (Family::Courier, true, true) => Standard14::CourierBoldOblique,
        })
    }

    /// The font's PostScript name.
    pub fn name(self) -> &'static str {
        match self {
            Standard14::TimesRoman => "Times-Roman",
            Standard14::TimesBold => "Times-Bold",
            Standard14::TimesItalic => "Times-Italic",
            Standard14::TimesBoldItalic => "Times-BoldItalic",
            Standard14::Helvetica => "Helvetica",
            Standard14::HelveticaBold => "Helvetica-Bold",
            Standard14::HelveticaOblique => "Helvetica-Oblique",
            Standard14::HelveticaBoldOblique => "Helvetica-BoldOblique",
            Standard14::Courier => "Courier",
            Standard14::CourierBold => "Courier-Bold",
            Standard14::CourierOblique => "Courier-Oblique",
            Standard14::CourierBoldOblique => "Courier-BoldOblique",
            Standard14::Symbol => "Symbol",
            Standard14::ZapfDingbats => "ZapfDingbats",
        }
    }

    pub fn is_bold(self) -> bool {
        matches!(
            self,
            Standard14::TimesBold
                | Standard14::TimesBoldItalic
                | Standard14::HelveticaBold
                | Standard14::HelveticaBoldOblique
                | Standard14::CourierBold
                | Standard14::CourierBoldOblique
        )
    }

    /// Symbol and ZapfDingbats, which have their own built-in encodings.
    pub fn is_symbolic(self) -> bool {
        matches!(self, Standard14::Symbol | Standard14::ZapfDingbats)
    }

    /// The width of a glyph in 1/1000 em, `None` when the font lacks it.
    pub fn width(self, glyph_name: &str) -> Option<f32> {
        let latin: &[u16] = match self {
            Standard14::TimesRoman => &data::TIMES_ROMAN,
            Standard14::TimesBold => &data::TIMES_BOLD,
            Standard14::TimesItalic => &data::TIMES_ITALIC,
            Standard14::TimesBoldItalic => &data::TIMES_BOLD_ITALIC,
            Standard14::Helvetica => &data::HELVETICA,
            Standard14::HelveticaBold => &data::HELVETICA_BOLD,
            Standard14::HelveticaOblique => &data::HELVETICA_OBLIQUE,
            Standard14::HelveticaBoldOblique => &data::HELVETICA_BOLD_OBLIQUE,
            Standard14::Courier
            | Standard14::CourierBold
            | Standard14::CourierOblique
            | Standard14::CourierBoldOblique => {
                // The Courier faces share the Latin glyph set.
                return data::LATIN_NAMES
                    .binary_search(&glyph_name)
                    .ok()
                    .map(|_| f32::from(data::COURIER_WIDTH));
            }
            Standard14::Symbol => return pair_width(&data::SYMBOL, glyph_name),
            Standard14::ZapfDingbats => return pair_width(&data::ZAPF_DINGBATS, glyph_name),
        };
        let index = data::LATIN_NAMES.binary_search(&glyph_name).ok()?;
        latin.get(index).map(|&w| f32::from(w))
    }
}

fn pair_width(table: &[(&str, u16)], glyph_name: &str) -> Option<f32> {
    let index = table.binary_search_by(|(name, _)| (*name).cmp(glyph_name)).ok()?;
    table.get(index).map(|&(_, w)| f32::from(w))
}

/// The width in 1/1000 em of a glyph of the standard font that `base_font`
/// stands for.
pub fn standard_width(base_font: &str, glyph_name: &str) -> Option<f32> {
    Standard14::from_base_font(base_font)?.width(glyph_name)
}

/// A font name without the `ABCDEF+` prefix that marks an embedded subset.
pub fn strip_subset_prefix(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_widths() {
        assert_eq!(standard_width("Helvetica", "A"), Some(667.0));
        assert_eq!(standard_width("Times-Roman", "A"), Some(722.0));
        assert_eq!(standard_width("Times-Roman", "space"), Some(250.0));
        assert_eq!(standard_width("Helvetica", "space"), Some(278.0));
        assert_eq!(standard_width("Helvetica", "i"), Some(222.0));
        assert_eq!(standard_width("Helvetica-Bold", "i"), Some(278.0));
        assert_eq!(standard_width("Times-Bold", "a"), Some(500.0));
        assert_eq!(standard_width("Times-Italic", "m"), Some(722.0));
        assert_eq!(standard_width("Times-Roman", "endash"), Some(500.0));
        assert_eq!(standard_width("Times-Roman", "fi"), Some(556.0));
        assert_eq!(standard_width("Courier-Bold", "W"), Some(600.0));
        assert_eq!(standard_width("Courier", "nosuchglyph"), None);
        assert_eq!(standard_width("Symbol", "alpha"), Some(631.0));
        assert_eq!(standard_width("ZapfDingbats", "a1"), Some(974.0));
        assert_eq!(standard_width("Helvetica", "a1"), None);
        assert_eq!(standard_width("Calibri", "A"), None);
    }

    #[test]
    fn name_substitutions() {
        let cases = [
            ("Times-Roman", Some(Standard14::TimesRoman)),
            ("Times-BoldItalic", Some(Standard14::TimesBoldItalic)),
            ("TimesNewRomanPSMT", Some(Standard14::TimesRoman)),
            ("TimesNewRomanPS-BoldMT", Some(Standard14::TimesBold)),
            ("TimesNewRomanPS-ItalicMT", Some(Standard14::TimesItalic)),
            ("Times New Roman,BoldItalic", Some(Standard14::TimesBoldItalic)),
            ("Times-Roman,Bold", Some(Standard14::TimesBold)),
            ("ABCDEF+Times-Roman", Some(Standard14::TimesRoman)),
            ("Arial", Some(Standard14::Helvetica)),
            ("ArialMT", Some(Standard14::Helvetica)),
            ("Arial-BoldMT", Some(Standard14::HelveticaBold)),
            ("Arial,Italic", Some(Standard14::HelveticaOblique)),
            ("Helvetica-BoldOblique", Some(Standard14::HelveticaBoldOblique)),
            ("CourierNewPSMT", Some(Standard14::Courier)),
            ("CourierNewPS-BoldMT", Some(Standard14::CourierBold)),
            ("Symbol", Some(Standard14::Symbol)),
            ("DPOKNL+Symbol", Some(Standard14::Symbol)),
            ("ZapfDingbats", Some(Standard14::ZapfDingbats)),
            ("ArialNarrow", None),
            ("Calibri", None),
            ("SymbolPS-Extra", None),
            ("Wingdings-Regular", None),
        ];
        for (name, expected) in cases {
            assert_eq!(Standard14::from_base_font(name), expected, "{name}");
        }
    }

    #[test]
    fn subset_prefix() {
        assert_eq!(strip_subset_prefix("ABCDEF+Calibri"), "Calibri");
        assert_eq!(strip_subset_prefix("ABCDE+Calibri"), "ABCDE+Calibri");
        assert_eq!(strip_subset_prefix("abcdef+Calibri"), "abcdef+Calibri");
        assert_eq!(strip_subset_prefix("Calibri"), "Calibri");
    }

    #[test]
    fn every_encoded_glyph_has_a_width() {
        use super::super::encoding::BaseEncoding;
        let cases = [
            (Standard14::TimesRoman, BaseEncoding::WinAnsi),
            (Standard14::HelveticaBoldOblique, BaseEncoding::MacRoman),
            (Standard14::Courier, BaseEncoding::Standard),
            (Standard14::TimesItalic, BaseEncoding::PdfDoc),
            (Standard14::Symbol, BaseEncoding::Symbol),
            (Standard14::ZapfDingbats, BaseEncoding::ZapfDingbats),
        ];
        for (font, encoding) in cases {
            for code in 0..=255u8 {
                if let Some(name) = encoding.glyph_name(code) {
                    assert!(font.width(name).is_some(), "{font:?} {name}");
                }
            }
        }
    }

    #[test]
    fn generated_tables_are_sorted() {
        assert!(data::LATIN_NAMES.windows(2).all(|w| w[0] < w[1]));
        assert!(data::SYMBOL.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(data::ZAPF_DINGBATS.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
