//! unrec: exact, checked, database-ready records of the recommendations in
//! United Nations documents.
//!
//! The library is a pipeline of named stages, each a function from one typed
//! value to the next:
//!
//! 1. [`read`]: bytes to a [`read::Layout`] (pages of positioned lines);
//! 2. [`clean`]: layout to [`clean::Blocks`] (furniture set aside, lines joined);
//! 3. [`segment`]: blocks to a [`segment::Document`] (metadata, meetings,
//!    recommendations, sub-items);
//! 4. [`check`]: document to diagnostics;
//! 5. [`emit`]: document to CSV, JSON or JSONL through one sink trait.
//!
//! [`extract`] runs them all.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod check;
pub mod clean;
pub mod diagnostic;
pub mod emit;
pub mod read;
pub mod regress;
pub mod segment;

use diagnostic::Diagnostic;
use read::{ReadError, ReadLimits};
use segment::Document;

/// Settings for one extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Config {
    pub limits: ReadLimits,
}

/// A document with every diagnostic found on the way, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl Extraction {
    /// The most serious finding, if any.
    pub fn worst(&self) -> Option<diagnostic::Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Run the whole pipeline on one input. `file` names the input in records
/// and messages.
pub fn extract(file: &str, bytes: &[u8], config: &Config) -> Result<Extraction, ReadError> {
    let layout = read::read(file, bytes, config.limits)?;
    let blocks = clean::clean(&layout);
    let mut document = segment::segment(&blocks);
    let mut diagnostics = layout.diagnostics;
    diagnostics.append(&mut document.diagnostics);
    diagnostics.extend(check::check(&document));
    diagnostics.sort_by_key(|d| (d.location.page.unwrap_or(0), d.location.line));
    Ok(Extraction {
        document,
        diagnostics,
    })
}
