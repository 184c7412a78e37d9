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
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::model::Document;

/// A check a profile may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    /// Meetings run first, second, third …, with dates moving forward.
    MeetingSequence,
    /// Numbered units run 1, 2, 3 … in each meeting; sub-items (a), (b) ….
    Numbering,
    /// Every unit has text that ends as a sentence or list item does.
    Text,
}

/// Run the given checks on a document.
pub fn check(document: &Document, checks: &[Check]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for check in checks {
        match check {
            Check::MeetingSequence => out.extend(numbering::check_meetings(document)),
            Check::Numbering => out.extend(numbering::check(document)),
            Check::Text => out.extend(text::check(document)),
        }
    }
    out
}
