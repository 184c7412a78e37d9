//! Checks: a [`Document`] to diagnostics.
//!
//! Checks never change the document; they say where it contradicts itself
//! (numbering, sub-item letters, meeting order) or where a unit looks
//! incomplete (empty, unterminated, or hiding a missed split). Each profile
//! names the checks that apply to its kind; the cross-check and reconcile
//! compare documents with each other.

pub mod compare;
pub mod crosscheck;
pub mod numbering;
pub mod reconcile;
pub mod responses;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::model::Document;
pub use crate::segment::Check;

/// Run the given checks on a document.
pub fn check(document: &Document, checks: &[Check]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for check in checks {
        match check {
            Check::MeetingSequence => out.extend(numbering::check_meetings(document)),
            Check::Numbering => out.extend(numbering::check(document)),
            Check::ItemNumbering => out.extend(numbering::check_items(document)),
            Check::SectionNumbering => out.extend(numbering::check_sections(document)),
            Check::Text => out.extend(text::check(document)),
            Check::NonEmpty => out.extend(text::check_empty(document)),
        }
    }
    out
}
