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

use diagnostic::{Diagnostic, Location};
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

impl Config {
    /// The default settings, reading every document as `kind`.
    pub fn of_kind(kind: Kind) -> Config {
        Config {
            kind: Some(kind),
            ..Config::default()
        }
    }
}

/// A document with every diagnostic found on the way, in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
    /// The cross-check against an index, when one was given.
    pub crosscheck: Option<CrossCheckSummary>,
}

/// The finding that `other` (an addendum or thematic list) belongs to
/// another review than `report`: by their report symbols when both state
/// one, else by the State under review when both name one.
fn other_review(report: &Document, other: &Document) -> Option<Diagnostic> {
    let (mine, theirs) = (report.review_symbol(), other.review_symbol());
    let state = |d: &Document| d.metadata.review().and_then(|r| r.state_under_review.clone());
    let (what, ours, their) = match (mine, theirs) {
        (Some(a), Some(b)) if model::folded_symbol(&a) != model::folded_symbol(&b) => ("review", a, b),
        (Some(_), Some(_)) => return None,
        _ => match (state(report), state(other)) {
            (Some(a), Some(b)) if a != b => ("State under review", a, b),
            _ => return None,
        },
    };
    let other_name = other.metadata.symbol.as_deref().unwrap_or(&other.source.file);
    Some(
        Diagnostic::new(
            diagnostic::Code::WrongReview,
            Location::new(report.source.file.as_str(), None, 1),
            format!(
                "{} ({}) belongs to the {what} {their}, not to this report's {ours} ({}); nothing was taken from it (`--force-join` joins it all the same)",
                other.source.file,
                other_name,
                report.source.file
            ),
        )
        .with_related(Location::new(other.source.file.as_str(), None, 1)),
    )
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
    /// Whether units past the `units` limit were dropped: the document
    /// holds more than its records (the `limit_exceeded` error says from
    /// which unit on).
    pub fn truncated(&self) -> bool {
        self.document.truncated
    }

    /// The most serious finding, if any.
    pub fn worst(&self) -> Option<diagnostic::Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }

    /// Hold the document against a companion in the role its kind gives
    /// it, when it fits the document's kind; when it does not, say so.
    pub fn attach(&mut self, companion: &Companion) {
        if !companion.fits(self.document.kind) {
            let what = match &companion.role {
                Role::Index(_) => "an index, held against compilations and meeting reports",
                Role::Review(d) if d.kind == Kind::UprAddendum => {
                    "a UPR addendum, joined into its review's report"
                }
                Role::Review(_) => "a UPR thematic list, joined into its review's report",
            };
            self.diagnostics.push(Diagnostic::new(
                diagnostic::Code::CompanionUnused,
                Location::new(self.document.source.file.as_str(), None, 1),
                format!(
                    "{} is {what}; this document is a {}, so nothing was taken from it",
                    companion.file(),
                    self.document.kind
                ),
            ));
            return;
        }
        match &companion.role {
            Role::Index(index) => self.cross_check(index),
            Role::Review(document) => match other_review(&self.document, document) {
                Some(finding) => self.diagnostics.push(finding),
                None => self.join(document),
            },
        }
    }

    /// Attach a companion as [`Extraction::attach`] does, joining a review
    /// document even when it names another review (`--force-join`).
    pub fn attach_forced(&mut self, companion: &Companion) {
        match &companion.role {
            Role::Review(document) if companion.fits(self.document.kind) => self.join(document),
            _ => self.attach(companion),
        }
    }

    /// Whether the extraction refused a companion of another review.
    pub fn refused_review(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.code == diagnostic::Code::WrongReview)
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
/// and messages. Given owned bytes (a `Vec<u8>`), the pipeline lets them
/// go as soon as they are read, so that they are not held while the
/// document is cleaned and segmented.
pub fn extract(file: &str, bytes: impl AsRef<[u8]>, config: &Config) -> Result<Extraction, ReadError> {
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
pub fn extract_timed(
    file: &str,
    bytes: impl AsRef<[u8]>,
    config: &Config,
) -> Result<(Extraction, Timings), ReadError> {
    let mut timings = Timings::default();
    let blocks = read_blocks(file, bytes, config, &mut timings)?;
    Ok((extract_blocks(&blocks, config, &mut timings), timings))
}

/// [`extract`], and when the document is an index, the [`Index`] read from
/// the same blocks: a session's inputs are read once whatever their kind.
pub fn extract_with_index(
    file: &str,
    bytes: impl AsRef<[u8]>,
    config: &Config,
) -> Result<(Extraction, Option<Index>), ReadError> {
    let mut timings = Timings::default();
    let blocks = read_blocks(file, bytes, config, &mut timings)?;
    let extraction = extract_blocks(&blocks, config, &mut timings);
    let index = (extraction.document.kind == Kind::Index).then(|| segment::index::read(&blocks));
    Ok((extraction, index))
}

/// The read and clean stages: the document's blocks, the reader's
/// diagnostics first among theirs. The clean stage takes the layout and
/// frees its lines as it joins them into blocks: peak memory is about one
/// stage's worth, not the whole pipeline's.
fn read_blocks(
    file: &str,
    bytes: impl AsRef<[u8]>,
    config: &Config,
    timings: &mut Timings,
) -> Result<clean::Blocks, ReadError> {
    let started = std::time::Instant::now();
    let mut layout = read::read(file, bytes.as_ref(), config.read)?;
    // The layout owns its text: owned input bytes go now.
    drop(bytes);
    let diagnostics = std::mem::take(&mut layout.diagnostics);
    let read_at = std::time::Instant::now();
    timings.read = read_at - started;
    let mut blocks = clean::clean_owned(layout, &config.read.limits);
    blocks.diagnostics.splice(0..0, diagnostics);
    timings.clean = read_at.elapsed();
    Ok(blocks)
}

/// The segment and check stages over a document's blocks.
fn extract_blocks(blocks: &clean::Blocks, config: &Config, timings: &mut Timings) -> Extraction {
    let started = std::time::Instant::now();
    let mut document = segment::segment(blocks, config.kind, &config.read.limits);
    let segmented = std::time::Instant::now();
    timings.segment = segmented - started;
    let mut diagnostics = std::mem::take(&mut document.diagnostics);
    if let Some(profile) = segment::profile(document.kind) {
        diagnostics.extend(check::check(&document, profile.checks()));
    }
    let undecodable = undecodable_units(&document, &diagnostics);
    diagnostics.extend(undecodable);
    sort_diagnostics(&mut diagnostics, &blocks.source.file);
    diagnostic::cap_per_code(&mut diagnostics);
    timings.check = segmented.elapsed();
    Extraction {
        document,
        diagnostics,
        crosscheck: None,
    }
}

/// An `undecodable_text` note on each unit whose pages include one that
/// an `undecodable_font` warning names (its place or a related place).
fn undecodable_units(document: &Document, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let pages: std::collections::BTreeSet<u32> = diagnostics
        .iter()
        .filter(|d| d.code == diagnostic::Code::UndecodableFont)
        .flat_map(|d| std::iter::once(&d.location).chain(&d.related))
        .filter_map(|l| l.page)
        .collect();
    if pages.is_empty() {
        return Vec::new();
    }
    document
        .units
        .iter()
        .filter(|u| match (u.start.page, u.end.page) {
            (Some(first), Some(last)) => pages.range(first..=last.max(first)).next().is_some(),
            _ => false,
        })
        .map(|u| {
            Diagnostic::new(
                diagnostic::Code::UndecodableText,
                u.start.clone(),
                format!(
                    "unit {} comes from a page set in a font whose text cannot be decoded (`undecodable_font`): its text may be garbage",
                    u.id
                ),
            )
        })
        .collect()
}

/// Read an index document (text or PDF). Its read diagnostics travel in
/// [`Index::diagnostics`].
pub fn read_index(file: &str, bytes: &[u8], config: &Config) -> Result<Index, ReadError> {
    let blocks = read_blocks(file, bytes, config, &mut Timings::default())?;
    Ok(segment::index::read(&blocks))
}

/// A document read beside the one extracted, and held against it: what it
/// is follows from its detected kind.
#[derive(Debug, Clone)]
pub struct Companion {
    /// What it is and what it holds.
    pub role: Role,
    /// SHA-256 of its bytes, so that a resumed batch notices a changed one.
    pub sha256: String,
}

/// What a companion document is to the documents it is held against.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Role {
    /// An index of a body's recommendations: compilations and meeting
    /// reports are cross-checked against it (themes, findings).
    Index(Index),
    /// A UPR addendum or thematic list: joined into its review's report
    /// (responses, themes, SDGs, groups of persons).
    Review(Document),
}

impl Companion {
    /// Read a companion: a UPR addendum or thematic list (by its detected
    /// kind) is a review document, and anything else is read as an index.
    pub fn read(file: &str, bytes: &[u8], config: &Config) -> Result<Companion, ReadError> {
        let detected = Config {
            kind: None,
            ..*config
        };
        let mut timings = Timings::default();
        let blocks = read_blocks(file, bytes, &detected, &mut timings)?;
        let extraction = extract_blocks(&blocks, &detected, &mut timings);
        let role = match extraction.document.kind {
            Kind::UprAddendum | Kind::UprThematicList => {
                let mut document = extraction.document;
                document.diagnostics = extraction.diagnostics;
                Role::Review(document)
            }
            _ => Role::Index(segment::index::read(&blocks)),
        };
        Ok(Companion {
            role,
            sha256: batch::digest(bytes),
        })
    }

    /// The companion's file name.
    pub fn file(&self) -> &str {
        match &self.role {
            Role::Index(index) => &index.source.file,
            Role::Review(document) => &document.source.file,
        }
    }

    /// Whether a document of `kind` is held against this companion: an
    /// index against the compilations and meeting reports it indexes, a
    /// review document against UPR reports.
    pub fn fits(&self, kind: Kind) -> bool {
        match self.role {
            Role::Index(_) => matches!(kind, Kind::Compilation | Kind::MeetingReport),
            Role::Review(_) => kind == Kind::UprReport,
        }
    }
}

/// Run the whole pipeline on one input and hold it against its companions
/// (an index, a UPR addendum or thematic list), each in the role its kind
/// gives it; a companion that does not fit the document is a warning.
pub fn extract_with(
    file: &str,
    bytes: &[u8],
    companions: &[Companion],
    config: &Config,
) -> Result<Extraction, ReadError> {
    let mut extraction = extract(file, bytes, config)?;
    for companion in companions {
        extraction.attach(companion);
    }
    Ok(extraction)
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
