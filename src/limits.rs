//! Limits: the bounds on the work one input may cause.
//!
//! Inputs come from archives nobody checked, and some are hostile: a line of
//! 200 MB, millions of paragraphs, a stream that inflates a thousandfold,
//! arrays nested 100,000 deep. Each bound is a named setting with a default
//! no real UN document comes near; going past one is an error or a warning
//! that names the limit (as `--limit NAME=N` spells it) and the place.

use std::fmt;

/// One limit, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Limit {
    /// Bytes read from one input (checked while reading).
    InputBytes,
    /// Bytes of one text input (text costs more memory per byte than PDF).
    TextBytes,
    /// Bytes in one line of text input.
    LineBytes,
    /// Lines joined into one paragraph; more start a new one.
    LinesPerBlock,
    /// Units (recommendations, entries) kept from one document.
    Units,
    /// Pages read from one PDF.
    Pages,
    /// Objects in one PDF.
    Objects,
    /// Bytes one PDF stream may inflate to.
    StreamBytes,
    /// Bytes all of a PDF's content streams may inflate to together, each
    /// form object's counted once.
    DocumentStreamBytes,
    /// Arrays and dictionaries open at once in a content stream.
    Nesting,
    /// Operators interpreted on one PDF page, forms included.
    Operators,
    /// Operators interpreted on all of a PDF's pages together, forms
    /// included.
    DocumentOperators,
    /// Glyphs placed on one PDF page.
    GlyphsPerPage,
}

impl Limit {
    pub const ALL: [Limit; 13] = [
        Limit::InputBytes,
        Limit::TextBytes,
        Limit::LineBytes,
        Limit::LinesPerBlock,
        Limit::Units,
        Limit::Pages,
        Limit::Objects,
        Limit::StreamBytes,
        Limit::DocumentStreamBytes,
        Limit::Nesting,
        Limit::Operators,
        Limit::DocumentOperators,
        Limit::GlyphsPerPage,
    ];

    /// The name `--limit` takes.
    pub fn name(self) -> &'static str {
        match self {
            Limit::InputBytes => "input-bytes",
            Limit::TextBytes => "text-bytes",
            Limit::LineBytes => "line-bytes",
            Limit::LinesPerBlock => "lines-per-paragraph",
            Limit::Units => "units",
            Limit::Pages => "pages",
            Limit::Objects => "objects",
            Limit::StreamBytes => "stream-bytes",
            Limit::DocumentStreamBytes => "document-stream-bytes",
            Limit::Nesting => "nesting",
            Limit::Operators => "operators-per-page",
            Limit::DocumentOperators => "document-operators",
            Limit::GlyphsPerPage => "glyphs-per-page",
        }
    }

    pub fn from_name(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name)
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The default `text-bytes`: 32 MiB, some twenty times the largest UN
/// report as plain text (a 400-page report is about 1.5 MB). Text is read
/// into lines and blocks that cost a few hundred bytes each whatever their
/// length, so a text of short lines costs far more memory per byte than a
/// PDF of the same size; this bound keeps the worst text (a line every two
/// bytes) within a few GB, and real ones in tens of MB. README's "Hostile
/// input" gives the bytes per line.
pub const TEXT_BYTES: u64 = 32 << 20;

/// Every limit's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub input_bytes: u64,
    pub text_bytes: u64,
    pub line_bytes: u64,
    pub lines_per_block: u64,
    pub units: u64,
    pub pages: u64,
    pub objects: u64,
    pub stream_bytes: u64,
    pub document_stream_bytes: u64,
    pub nesting: u64,
    pub operators: u64,
    pub document_operators: u64,
    pub glyphs_per_page: u64,
}

impl Default for Limits {
    /// Defaults far above any real document: the largest UN reports run to
    /// a few hundred pages, a few thousand recommendations, lines of a few
    /// hundred bytes (a Word paragraph read as a line, some thousands).
    fn default() -> Self {
        Limits {
            input_bytes: 512 << 20,
            text_bytes: TEXT_BYTES,
            line_bytes: 1 << 20,
            lines_per_block: 10_000,
            units: 100_000,
            pages: 20_000,
            objects: 5_000_000,
            stream_bytes: 128 << 20,
            document_stream_bytes: 2 << 30,
            nesting: 32,
            operators: 1_000_000,
            document_operators: 4_000_000,
            glyphs_per_page: 1_000_000,
        }
    }
}

impl Limits {
    pub fn get(&self, limit: Limit) -> u64 {
        // The limits are a handful of numbers: a copy reads through the one
        // table of fields.
        let mut copy = *self;
        *copy.slot_mut(limit)
    }

    pub fn set(&mut self, limit: Limit, value: u64) {
        *self.slot_mut(limit) = value;
    }

    fn slot_mut(&mut self, limit: Limit) -> &mut u64 {
        match limit {
            Limit::InputBytes => &mut self.input_bytes,
            Limit::TextBytes => &mut self.text_bytes,
            Limit::LineBytes => &mut self.line_bytes,
            Limit::LinesPerBlock => &mut self.lines_per_block,
            Limit::Units => &mut self.units,
            Limit::Pages => &mut self.pages,
            Limit::Objects => &mut self.objects,
            Limit::StreamBytes => &mut self.stream_bytes,
            Limit::DocumentStreamBytes => &mut self.document_stream_bytes,
            Limit::Nesting => &mut self.nesting,
            Limit::Operators => &mut self.operators,
            Limit::DocumentOperators => &mut self.document_operators,
            Limit::GlyphsPerPage => &mut self.glyphs_per_page,
        }
    }

    /// A value as a count of items, for limits on counts in memory.
    pub fn count(&self, limit: Limit) -> usize {
        usize::try_from(self.get(limit)).unwrap_or(usize::MAX)
    }

    /// Apply `NAME=N`; N may end in `k`, `M` or `G`, binary multiples
    /// (1024, 1024², 1024³) for counts and bytes alike.
    pub fn apply(&mut self, setting: &str) -> Result<(), SettingError> {
        let (name, value) = setting
            .split_once('=')
            .ok_or_else(|| SettingError::NotASetting(setting.to_string()))?;
        let limit =
            Limit::from_name(name.trim()).ok_or_else(|| SettingError::UnknownLimit(name.to_string()))?;
        let value = value.trim();
        let (digits, shift) = [('k', 10), ('K', 10), ('M', 20), ('G', 30)]
            .into_iter()
            .find_map(|(suffix, shift)| value.strip_suffix(suffix).map(|d| (d, shift)))
            .unwrap_or((value, 0));
        let n: u64 = digits
            .parse()
            .map_err(|_| SettingError::NotANumber(limit, value.to_string()))?;
        let n = n
            .checked_mul(1u64 << shift)
            .ok_or_else(|| SettingError::TooLarge(limit, value.to_string()))?;
        self.set(limit, n);
        Ok(())
    }
}

/// Why a `NAME=N` setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingError {
    #[error("`{0}`: a limit is set as NAME=N (names: {names})", names = limit_names())]
    NotASetting(String),
    #[error("`{0}` is no limit (names: {names})", names = limit_names())]
    UnknownLimit(String),
    #[error("`{1}` is no number for limit {0}")]
    NotANumber(Limit, String),
    #[error("`{1}` is too large for limit {0}")]
    TooLarge(Limit, String),
}

/// Every limit's name, for messages.
fn limit_names() -> String {
    Limit::ALL.map(Limit::name).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_is_named_and_settable() {
        let mut limits = Limits::default();
        for (i, limit) in Limit::ALL.into_iter().enumerate() {
            assert_eq!(Limit::from_name(limit.name()), Some(limit));
            limits.apply(&format!("{}={}", limit.name(), i + 1)).unwrap();
            assert_eq!(limits.get(limit), i as u64 + 1);
        }
    }

    #[test]
    fn settings_with_multiples_and_errors() {
        let mut limits = Limits::default();
        limits.apply("line-bytes=2M").unwrap();
        assert_eq!(limits.line_bytes, 2 << 20);
        limits.apply("units=5k").unwrap();
        assert_eq!(limits.units, 5 << 10);
        let message = |setting: &str| limits.clone().apply(setting).unwrap_err().to_string();
        assert!(message("lines").contains("NAME=N"));
        assert!(message("bogus=1").contains("no limit"));
        assert!(message("units=x").contains("no number"));
        assert!(message("units=99999999999G").contains("too large"));
    }
}
