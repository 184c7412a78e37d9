//! Diagnostics: findings about a document, each with a code, a severity, a
//! message and the place in the source it concerns.
//!
//! Every stage may add diagnostics; they travel with the data so that one bad
//! paragraph never stops a run, and the binary decides what they mean for the
//! exit code.

pub mod codes;

pub use codes::Code;
use serde::Serialize;
use std::fmt;
use std::sync::Arc;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong with the output.
    Note,
    /// The output is complete but something in the document looks off.
    Warning,
    /// The document contradicts itself or the output is known to be incomplete.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A place in a source document: the file, the 1-based PDF page (none for
/// text input) and the 1-based line (in the file for text input, on the page
/// for PDF input).
///
/// The file name is shared, not copied: a document's every unit holds two
/// locations, and a copy each would cost more than the unit's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Default)]
pub struct Location {
    pub file: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    pub line: u32,
}

impl Location {
    pub fn new(file: impl Into<Arc<str>>, page: Option<u32>, line: u32) -> Self {
        Location {
            file: file.into(),
            page,
            line,
        }
    }
}

impl fmt::Display for Location {
    /// `file:line` for text input, `file:p<page>:<line>` for PDF input.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.page {
            Some(page) => write!(f, "{}:p{}:{}", self.file, page, self.line),
            None => write!(f, "{}:{}", self.file, self.line),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable machine-readable code, e.g. `numbering_gap`.
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// Other places the finding concerns, such as the index entry that
    /// disagrees with a recommendation.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Location>,
    /// The two texts a text finding compared, as the comparison saw them.
    /// Not serialised: the diagnostics' JSON names the places, whose
    /// records hold the texts.
    #[serde(skip)]
    pub compared: Option<Box<Compared>>,
}

/// The texts a finding about a quotation compared: the original (at the
/// finding's first related place) and the quotation (at its place). A
/// lead-in the quotation repeats is already left out, and an original with
/// sub-items carries them, as the comparison took them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compared {
    pub original: String,
    pub quotation: String,
}

impl Diagnostic {
    /// A finding with the severity its code carries.
    pub fn new(code: Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            location,
            related: Vec::new(),
            compared: None,
        }
    }

    /// The same finding, also pointing at `other`.
    pub fn with_related(mut self, other: Location) -> Self {
        self.related.push(other);
        self
    }

    /// The same finding, carrying the texts it compared.
    pub fn with_compared(mut self, original: impl Into<String>, quotation: impl Into<String>) -> Self {
        self.compared = Some(Box::new(Compared {
            original: original.into(),
            quotation: quotation.into(),
        }));
        self
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style rendering:
    ///
    /// ```text
    /// error[numbering_gap]: recommendation 12 follows 10 in the first meeting
    ///   --> seed.txt:42
    /// ```
    ///
    /// Related places follow on lines of their own, marked `:::`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}\n  --> {}",
            self.severity, self.code, self.message, self.location
        )?;
        for other in &self.related {
            write!(f, "\n  ::: {other}")?;
        }
        Ok(())
    }
}

/// A diagnostic with the key of its document: a line of a batch's
/// `diagnostics.jsonl`, and of `--message-format json` on standard error.
#[derive(Debug, Serialize)]
pub struct Keyed<'a> {
    pub document_key: &'a str,
    #[serde(flatten)]
    pub diagnostic: &'a Diagnostic,
}

/// Write diagnostics as JSON, one object a line, each with its document's key.
pub fn write_json_lines(
    out: &mut impl std::io::Write,
    document_key: &str,
    diagnostics: &[Diagnostic],
) -> Result<(), serde_json::Error> {
    for diagnostic in diagnostics {
        serde_json::to_writer(
            &mut *out,
            &Keyed {
                document_key,
                diagnostic,
            },
        )?;
        out.write_all(b"\n").map_err(serde_json::Error::io)?;
    }
    Ok(())
}

/// Pages a document's diagnostics say were not read: runs of lost pages
/// (`pdf_pages_lost`) and pages past a limit, each a diagnostic from its
/// first page with its last as the related place.
pub fn pages_lost(diagnostics: &[Diagnostic]) -> u32 {
    diagnostics
        .iter()
        .filter(|d| matches!(d.code, Code::PdfPagesLost | Code::LimitExceeded))
        .filter_map(|d| {
            let first = d.location.page?;
            let last = d.related.first()?.page?;
            Some(last.saturating_sub(first) + 1)
        })
        .sum()
}

/// Diagnostics of one code kept per document; the rest are counted.
pub const MAX_PER_CODE: usize = 100;

/// Keep the first [`MAX_PER_CODE`] diagnostics of each code (in the order
/// given) and, where the first dropped one stood, one diagnostic of that
/// code counting those dropped: a document that repeats one broken
/// construct a million times says so in a bounded list. Lost pages and
/// limits are all kept, since counts of lost pages read them (and each is
/// bounded by the pages or the limits).
pub fn cap_per_code(diagnostics: &mut Vec<Diagnostic>) {
    use std::collections::HashMap;
    let mut seen: HashMap<Code, usize> = HashMap::new();
    // Where each code's count stands in the kept list.
    let mut summaries: HashMap<Code, usize> = HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(4 * MAX_PER_CODE));
    for d in diagnostics.drain(..) {
        let n = seen.entry(d.code).or_insert(0);
        *n += 1;
        if *n <= MAX_PER_CODE || matches!(d.code, Code::PdfPagesLost | Code::LimitExceeded) {
            kept.push(d);
        } else if *n == MAX_PER_CODE + 1 {
            summaries.insert(d.code, kept.len());
            kept.push(d);
        }
    }
    for (code, at) in summaries {
        let dropped = seen.get(&code).copied().unwrap_or(0).saturating_sub(MAX_PER_CODE);
        if let Some(d) = kept.get_mut(at) {
            d.message = format!(
                "{dropped} more `{code}` diagnostic(s) from here on are not shown (the first {MAX_PER_CODE} of each kind are)"
            );
            d.related.clear();
            d.compared = None;
        }
    }
    *diagnostics = kept;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_rustc() {
        let d = Diagnostic::new(Code::NumberingGap, Location::new("a.pdf", Some(3), 7), "gap");
        assert_eq!(d.to_string(), "error[numbering_gap]: gap\n  --> a.pdf:p3:7");
        let d = Diagnostic::new(Code::CountMismatch, Location::new("a.txt", None, 9), "m");
        assert_eq!(d.to_string(), "warning[count_mismatch]: m\n  --> a.txt:9");
        let d = d.with_related(Location::new("index.pdf", Some(2), 4));
        assert_eq!(
            d.to_string(),
            "warning[count_mismatch]: m\n  --> a.txt:9\n  ::: index.pdf:p2:4"
        );
    }

    #[test]
    fn severities_order() {
        assert!(Severity::Error > Severity::Warning && Severity::Warning > Severity::Note);
    }

    #[test]
    fn diagnostics_of_one_code_are_capped_with_a_count() {
        let at = |line| Location::new("a.pdf", Some(1), line);
        let mut diagnostics: Vec<Diagnostic> = (1..=250)
            .map(|i| Diagnostic::new(Code::PdfContent, at(i), format!("problem {i}")))
            .collect();
        diagnostics.insert(3, Diagnostic::new(Code::NumberingGap, at(4), "gap"));
        cap_per_code(&mut diagnostics);
        assert_eq!(diagnostics.len(), MAX_PER_CODE + 2);
        let last = diagnostics.last().unwrap();
        assert_eq!(last.code, Code::PdfContent);
        assert_eq!(last.location.line, 101);
        assert!(
            last.message.starts_with("150 more `pdf_content`"),
            "{}",
            last.message
        );
        assert!(diagnostics.iter().any(|d| d.code == Code::NumberingGap));
        // Fewer than the cap: untouched.
        let mut few = vec![Diagnostic::new(Code::NumberingGap, at(1), "gap")];
        cap_per_code(&mut few);
        assert_eq!(few[0].message, "gap");
    }
}
