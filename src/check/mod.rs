//! Checks: a [`Document`] to diagnostics.
//!
//! Checks never change the document; they say where it contradicts itself
//! (numbering, sub-item letters, meeting order) or where a unit looks
//! incomplete (empty, unterminated, or hiding a missed split).

pub mod compare;
pub mod crosscheck;
pub mod numbering;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::segment::Document;

/// Run every check on a document.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut out = numbering::check(document);
    out.extend(text::check(document));
    out
}
