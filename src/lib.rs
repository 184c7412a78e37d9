//! unrec: exact, checked, database-ready records of the recommendations in
//! United Nations documents.
//!
//! The library is a pipeline of named stages, each a function from one typed
//! value to the next:
//!
//! 1. [`read`]: bytes to a [`read::Layout`] (pages of positioned lines);
//! 2. [`clean`]: layout to [`clean::Blocks`] (furniture set aside, lines joined);
//! 3. [`segment`]: blocks to a [`model::Document`] by the profile of its
//!    kind (metadata, groups, units);
//! 4. [`check`]: document to diagnostics; documents against each other
//!    (cross-check, reconcile);
//! 5. [`emit`]: document to CSV, JSON or JSONL through one sink trait.
//!
//! [`extract`] runs them all.

#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod batch;
pub mod check;
pub mod clean;
pub mod diagnostic;
pub mod emit;
pub mod limits;
pub mod model;
pub mod pattern;
pub mod prose;
pub mod read;
pub mod regress;
pub mod segment;

use diagnostic::Diagnostic;
use model::{Document, Kind};
use read::{ReadError, ReadOptions};
use segment::index::Index;

/// Settings for one extraction.
#[derive(Debug, Clone, Copy, Default)]
pub struct Config {
    pub read: ReadOptions,
    /// The document's kind, when the caller knows it; else it is detected.
    pub kind: Option<Kind>,
}

/// A document with every diagnostic found on the way, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The cross-check against an index, when one was given.
    pub crosscheck: Option<CrossCheckSummary>,
}

/// What a cross-check adds to an extraction besides findings and themes.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CrossCheckSummary {
    /// The index's file name.
    pub index: String,
    /// The index's symbol, when it states one.
    pub index_symbol: Option<String>,
    pub entries: usize,
    pub counts: Vec<check::crosscheck::MeetingCount>,
    pub grades: check::crosscheck::Grades,
    /// Each index entry: where it stands, what it cites, how it agrees.
    pub entry_results: Vec<check::crosscheck::EntryResult>,
}

impl Extraction {
    /// The most serious finding, if any.
    pub fn worst(&self) -> Option<diagnostic::Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// Join a UPR report with its addendum or thematic list: responses,
    /// themes, SDGs and groups of persons go onto the units; what the two
    /// documents disagree on joins the findings.
    pub fn join(&mut self, other: &Document) {
        let joined = check::responses::join(&mut self.document, other);
        self.diagnostics.extend(other.diagnostics.iter().cloned());
        self.diagnostics.extend(joined.findings);
        sort_diagnostics(&mut self.diagnostics, &self.document.source.file);
    }

    /// Cross-check against an index: themes go onto the units, the index's
    /// own diagnostics and the findings join the others.
    pub fn cross_check(&mut self, index: &Index) {
        let result = check::crosscheck::crosscheck(&self.document, index);
        for unit in &mut self.document.units {
            unit.themes = result.themes.get(&unit.id).cloned().unwrap_or_default();
        }
        self.diagnostics.extend(index.diagnostics.iter().cloned());
        self.diagnostics.extend(result.findings);
        sort_diagnostics(&mut self.diagnostics, &self.document.source.file);
        self.crosscheck = Some(CrossCheckSummary {
            index: index.source.file.clone(),
            index_symbol: index.metadata.symbol.clone(),
            entries: index.entries.len(),
            counts: result.counts,
            grades: result.grades,
            entry_results: result.entries,
        });
    }
}

/// The document's own findings first, in document order, then those of
/// other files (an index), in their order.
fn sort_diagnostics(diagnostics: &mut [Diagnostic], document: &str) {
    diagnostics.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                &*d.location.file != document,
                d.location.file.clone(),
                d.location.page.unwrap_or(0),
                d.location.line,
            )
        };
        key(a).cmp(&key(b))
    });
}

/// Run the whole pipeline on one input. `file` names the input in records
/// and messages.
pub fn extract(file: &str, bytes: &[u8], config: &Config) -> Result<Extraction, ReadError> {
    extract_timed(file, bytes, config).map(|(x, _)| x)
}

/// How long each stage of one extraction took.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    pub read: std::time::Duration,
    pub clean: std::time::Duration,
    pub segment: std::time::Duration,
    pub check: std::time::Duration,
}

/// [`extract`], with the time each stage took.
pub fn extract_timed(file: &str, bytes: &[u8], config: &Config) -> Result<(Extraction, Timings), ReadError> {
    run(file, bytes, config, false).map(|(x, timings, _)| (x, timings))
}

/// [`extract`], and when the document is an index, the [`Index`] read from
/// the same blocks: a session's inputs are read once whatever their kind.
pub fn extract_with_index(
    file: &str,
    bytes: &[u8],
    config: &Config,
) -> Result<(Extraction, Option<Index>), ReadError> {
    run(file, bytes, config, true).map(|(x, _, index)| (x, index))
}

fn run(
    file: &str,
    bytes: &[u8],
    config: &Config,
    want_index: bool,
) -> Result<(Extraction, Timings, Option<Index>), ReadError> {
    let mut timings = Timings::default();
    let started = std::time::Instant::now();
    // Each stage's input is dropped once the next has its output: peak
    // memory is two stages' worth, not the whole pipeline's.
    let mut layout = read::read(file, bytes, config.read)?;
    let mut diagnostics = std::mem::take(&mut layout.diagnostics);
    let at = std::time::Instant::now();
    timings.read = at - started;
    let mut blocks = clean::clean(&layout, &config.read.limits);
    drop(layout);
    let at_clean = std::time::Instant::now();
    timings.clean = at_clean - at;
    let mut document = segment::segment(&blocks, config.kind, &config.read.limits);
    let index = (want_index && document.kind == Kind::Index).then(|| {
        blocks.diagnostics.splice(0..0, diagnostics.iter().cloned());
        segment::index::read(&blocks)
    });
    drop(blocks);
    let at_segment = std::time::Instant::now();
    timings.segment = at_segment - at_clean;
    diagnostics.append(&mut document.diagnostics);
    if let Some(profile) = segment::profile(document.kind) {
        diagnostics.extend(check::check(&document, profile.checks()));
    }
    sort_diagnostics(&mut diagnostics, file);
    timings.check = at_segment.elapsed();
    Ok((
        Extraction {
            document,
            diagnostics,
            crosscheck: None,
        },
        timings,
        index,
    ))
}

/// Read an index document (text or PDF). Its read diagnostics travel in
/// [`Index::diagnostics`].
pub fn read_index(file: &str, bytes: &[u8], config: &Config) -> Result<Index, ReadError> {
    let layout = read::read(file, bytes, config.read)?;
    let mut blocks = clean::clean(&layout, &config.read.limits);
    blocks.diagnostics.splice(0..0, layout.diagnostics);
    Ok(segment::index::read(&blocks))
}

/// A session's documents, read and held against each other.
#[derive(Debug, Clone)]
pub struct Session {
    /// Every document that is not an index, as extracted (reports given
    /// their ordinals by the reconciliation).
    pub documents: Vec<Document>,
    /// The indexes.
    pub indexes: Vec<Index>,
    pub reconciliation: check::reconcile::Reconciliation,
}

/// Read a session's documents (reports, compilations, indexes, in any order,
/// kinds detected) and reconcile them. Each input is `(file, bytes)`.
pub fn reconcile(inputs: &[(String, Vec<u8>)], config: &Config) -> Result<Session, ReadError> {
    let mut documents = Vec::new();
    let mut indexes = Vec::new();
    for (file, bytes) in inputs {
        let (extraction, index) = extract_with_index(file, bytes, config)?;
        match index {
            Some(index) => indexes.push(index),
            None => {
                let mut document = extraction.document;
                document.diagnostics = extraction.diagnostics;
                documents.push(document);
            }
        }
    }
    let reconciliation = check::reconcile::reconcile(&mut documents, &indexes);
    Ok(Session {
        documents,
        indexes,
        reconciliation,
    })
}
