//! Fonts: character codes to Unicode text and widths. (Interim: WinAnsi-like
//! decoding and `/Widths` only.)

use lopdf::{Dictionary, Document, Object};

/// One glyph of a shown string.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    pub code: u32,
    pub text: Option<String>,
    pub width: f32,
    pub is_word_space: bool,
}

pub struct Font {
    name: String,
    first_char: u32,
    widths: Vec<f32>,
    problems: Vec<String>,
}

impl Font {
    pub fn from_dict(doc: &Document, dict: &Dictionary) -> Font {
        let name = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let first_char = dict.get(b"FirstChar").and_then(Object::as_i64).unwrap_or(0) as u32;
        let widths = dict
            .get(b"Widths")
            .and_then(|o| match o {
                Object::Reference(id) => doc.get_object(*id),
                other => Ok(other),
            })
            .and_then(Object::as_array)
            .map(|a| a.iter().map(|o| o.as_float().unwrap_or(500.0) / 1000.0).collect())
            .unwrap_or_default();
        Font {
            name,
            first_char,
            widths,
            problems: Vec::new(),
        }
    }

    pub fn fallback() -> Font {
        Font {
            name: "Helvetica".into(),
            first_char: 0,
            widths: Vec::new(),
            problems: Vec::new(),
        }
    }

    pub fn glyphs(&self, bytes: &[u8]) -> Vec<Glyph> {
        bytes
            .iter()
            .map(|&b| Glyph {
                code: u32::from(b),
                text: Some(char::from(b).to_string()),
                width: self
                    .widths
                    .get((u32::from(b).wrapping_sub(self.first_char)) as usize)
                    .copied()
                    .unwrap_or(0.5),
                is_word_space: b == 32,
            })
            .collect()
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    pub fn is_bold(&self) -> bool {
        self.name.contains("Bold")
    }
}
