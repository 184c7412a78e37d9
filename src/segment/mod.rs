//! Segmentation: [`Blocks`] to a [`Document`].
//!
//! The document's kind is recognised from its structure, and each kind has
//! its own profile: a compilation lists meetings under headings such as
//! `I. First meeting, Vienna, 30 May to 1 June 2012`, each with numbered
//! recommendations and lettered sub-items. The masthead (symbol, body,
//! distribution, date, session, agenda item, title) is read the same way for
//! every kind.

pub mod citation;
pub mod compilation;
pub mod dates;
pub mod index;
pub mod metadata;

use crate::clean::{Blocks, Furniture};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::read::Source;
use serde::Serialize;

pub use metadata::Metadata;

/// The kinds of document unrec knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// Recommendations of several meetings, in order, under meeting headings.
    Compilation,
    /// No profile recognised the document.
    Unknown,
}

/// A lettered sub-item of a recommendation: `(k) Reviewing domestic ...`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubItem {
    pub id: String,
    /// The bare letter, `k`.
    pub letter: String,
    pub text: String,
    pub themes: Vec<String>,
    pub start: Location,
    pub end: Location,
}

/// A numbered recommendation. When it has sub-items, `text` is the lead-in
/// (`States parties should:`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub id: String,
    pub number: u32,
    pub text: String,
    pub themes: Vec<String>,
    pub start: Location,
    pub end: Location,
    pub sub_items: Vec<SubItem>,
}

/// A meeting and the recommendations it adopted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meeting {
    /// The ordinal as a number: 5 for "Fifth meeting".
    pub ordinal: u32,
    /// The heading's own number, `V`, when it has one.
    pub numeral: Option<String>,
    /// The heading without its number: `Fifth meeting, Vienna, 4 and 5 July 2018`.
    pub title: String,
    pub city: Option<String>,
    /// ISO 8601.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// The year the meeting was held, from its dates or a year alone.
    pub year: Option<u16>,
    pub location: Location,

    pub recommendations: Vec<Recommendation>,
}

/// The output of the segment stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub source: Source,
    /// Whether locations carry real PDF page numbers.
    pub pdf_pages: bool,
    pub kind: DocumentKind,
    pub metadata: Metadata,
    pub meetings: Vec<Meeting>,
    #[serde(skip)]
    pub furniture: Vec<Furniture>,
    /// Findings of the read, clean and segment stages.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The name records carry in their `document` field: the symbol when the
    /// document states one, else the file name.
    pub fn name(&self) -> &str {
        self.metadata.symbol.as_deref().unwrap_or(&self.source.file)
    }

    /// Number of recommendations and sub-items.
    pub fn unit_count(&self) -> usize {
        self.meetings
            .iter()
            .flat_map(|m| &m.recommendations)
            .map(|r| 1 + r.sub_items.len())
            .sum()
    }
}

/// Run the segment stage.
pub fn segment(blocks: &Blocks) -> Document {
    let mut diagnostics = blocks.diagnostics.clone();
    let split = compilation::front_matter_end(&blocks.blocks);
    let front = blocks.blocks.get(..split).unwrap_or_default();
    let metadata = metadata::read_masthead(front, &blocks.furniture);
    let (kind, meetings) = if split < blocks.blocks.len() {
        let body = blocks.blocks.get(split..).unwrap_or_default();
        let meetings = compilation::meetings(
            body,
            &blocks.joiner,
            &metadata.id_prefix(&blocks.source.file),
            &mut diagnostics,
        );
        (DocumentKind::Compilation, meetings)
    } else {
        let location = blocks
            .blocks
            .first()
            .map(|b| b.start.clone())
            .unwrap_or_else(|| Location::new(blocks.source.file.clone(), None, 1));
        let citations: usize = blocks
            .blocks
            .iter()
            .map(|b| citation::find(&b.text).citations.len())
            .sum();
        let hint = if citations >= 3 {
            format!(
                "; it cites recommendations {citations} times and reads as an index: give it to `--index` or `crosscheck`"
            )
        } else {
            String::new()
        };
        diagnostics.push(Diagnostic::new(Code::UnknownKind,
            location,
            format!(
                "no meeting headings (such as `I. First meeting, Vienna, 30 May to 1 June 2012`) found; nothing extracted{hint}"
            ),
        ));

        (DocumentKind::Unknown, Vec::new())
    };
    Document {
        source: blocks.source.clone(),
        pdf_pages: blocks.pdf_pages,
        kind,
        metadata,
        meetings,
        furniture: blocks.furniture.clone(),
        diagnostics,
    }
}
