//! One document of a run: read within its size budget, skipped when a
//! resumed run already has it, extracted in isolation (a panic is caught,
//! a time budget is kept on a thread of its own), held against the run's
//! companions, and its own outputs written through temporary files.

use super::manifest::{Counts, Entry, Joined, Log, Reason, Status};
use super::output::{diagnostics_of, output_of, write_atomic};
use super::plan::Input;
use super::{BatchError, Options};
use crate::diagnostic::Code;
use crate::emit;
use crate::model::Document;
use crate::read;
use crate::segment::index::Index;
use crate::{Companion, Config, Extraction};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What one document gave.
pub(super) struct Done {
    pub entry: Entry,
    /// Kept only when the run reconciles.
    pub extraction: Option<Extraction>,
    /// The document's own index, when it is one (kept when reconciling).
    pub index: Option<Index>,
}

impl Done {
    pub(super) fn entry(entry: Entry) -> Done {
        Done {
            entry,
            extraction: None,
            index: None,
        }
    }
}

/// What a document is held against besides the run's companions.
#[derive(Clone, Copy)]
enum Against<'a> {
    /// The addenda and thematic lists of its review (a report's).
    Review(&'a [Companion]),
    /// The report it answers (an addendum's or a thematic list's).
    Report(&'a Document),
}

/// Why one document of a run gave no extraction.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// The reader refused it.
    #[error(transparent)]
    Read(#[from] read::ReadError),
    /// It took longer than the time budget.
    #[error("the extraction took longer than {} s; the file is skipped", .0.as_secs_f64())]
    Timeout(Duration),
    /// The extraction failed unexpectedly (a panic, caught).
    #[error("the extraction failed unexpectedly; the file is skipped")]
    Panic,
}

impl Failure {
    /// The manifest's reason.
    pub fn reason(&self) -> Reason {
        match self {
            Failure::Read(e) => read_reason(e),
            Failure::Timeout(_) => Reason::Timeout,
            Failure::Panic => Reason::Panic,
        }
    }
}

/// Extract, with the time budget: the extraction runs on a thread of its
/// own and is given up (left to finish unseen) when it takes too long.
fn extract_within(
    name: String,
    bytes: Vec<u8>,
    config: Config,
    timeout: Option<Duration>,
) -> Result<(Extraction, Option<Index>), Failure> {
    let work = move || std::panic::catch_unwind(move || crate::extract_with_index(&name, bytes, &config));
    let outcome = match timeout {
        None => work(),
        Some(limit) => {
            let (send, receive) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let _ = send.send(work());
            });
            receive.recv_timeout(limit).map_err(|_| Failure::Timeout(limit))?
        }
    };
    match outcome {
        Ok(done) => Ok(done?),
        Err(_) => Err(Failure::Panic),
    }
}

/// The manifest's reason for a read error: `oom` when reading ran out of
/// memory (an allocation refused, not a file at fault).
fn read_reason(e: &read::ReadError) -> Reason {
    let source = e
        .source
        .as_deref()
        .and_then(|s| s.downcast_ref::<std::io::Error>());
    if source.is_some_and(|s| s.kind() == std::io::ErrorKind::OutOfMemory) {
        Reason::Oom
    } else {
        Reason::Read(e.cause())
    }
}

/// SHA-256 of a file's first `limit` bytes, in hex, read in pieces.
fn file_digest(path: &Path, limit: u64) -> Option<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).ok()?.take(limit);
    let mut hash = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).ok()?;
        match buffer.get(..n) {
            Some(read) if n > 0 => hash.update(read),
            _ => break,
        }
    }
    Some(hex(&hash.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of some bytes, in hex.
pub fn digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// What the run shares between its workers.
pub(super) struct Shared<'a> {
    pub dir: &'a Path,
    pub options: &'a Options,
    pub config: &'a Config,
    pub companions: &'a [Companion],
    /// The options as every entry records them.
    pub described: String,
    /// The entries of the run resumed, by key.
    pub previous: HashMap<String, Entry>,
    pub log: Log,
    pub db: Option<Mutex<emit::sqlite::SqliteSink>>,
}

impl Shared<'_> {
    /// Read and extract one input; write its outputs unless the run holds
    /// them for reconciling. A resumed run takes the entry of a document
    /// it finds done.
    pub(super) fn one(&self, input: &Input) -> Done {
        self.process(input, Against::Review(&[]), true)
    }

    /// Extract a UPR report again, joined with the addenda and thematic
    /// lists of its review, and write its outputs.
    /// The report's document comes back too, for its companions' ids.
    pub(super) fn joined(&self, input: &Input, review: &[Companion]) -> (Entry, Option<Document>) {
        let done = self.process(input, Against::Review(review), false);
        (done.entry, done.extraction.map(|x| x.document))
    }

    /// Extract an addendum or thematic list again, its units keyed as the
    /// records of `report` they answer, and write its outputs.
    pub(super) fn rekeyed(&self, input: &Input, report: &Document) -> Entry {
        self.process(input, Against::Report(report), false).entry
    }

    fn process(&self, input: &Input, against: Against, may_resume: bool) -> Done {
        let review = match against {
            Against::Review(review) => review,
            Against::Report(_) => &[],
        };
        let started = Instant::now();
        let mut entry = Entry::new(
            input.path.display().to_string(),
            input.key.clone(),
            &self.described,
        );
        if let (Some(worker), Against::Review([]), false) =
            (&self.options.worker, against, self.options.reconcile)
        {
            return Done::entry(self.in_worker(worker, input, may_resume, entry));
        }
        let fail = |mut entry: Entry, reason: Reason, message: String| {
            entry.status = Status::Failed;
            entry.reason = Some(reason);
            entry.message = Some(message);
            entry.seconds = started.elapsed().as_secs_f64();
            Done::entry(entry)
        };
        let bytes = match self.read_input(input, &mut entry) {
            Ok(bytes) => bytes,
            Err((reason, message)) => return fail(entry, reason, message),
        };
        if may_resume && let Some(done) = self.resumed(input, &entry) {
            return done;
        }
        let timeout = self.options.timeout;
        let (mut x, own_index) = match extract_within(input.key.clone(), bytes, *self.config, timeout) {
            Ok(done) => done,
            Err(failure) => {
                // A read error names the file already; the others do not.
                let message = match &failure {
                    Failure::Read(e) => e.to_string(),
                    other => format!("{}: {other}", input.key),
                };
                return fail(entry, failure.reason(), message);
            }
        };
        let kind = x.document.kind;
        for companion in self.companions.iter().chain(review).filter(|c| c.fits(kind)) {
            x.attach(companion);
        }
        if let Against::Report(report) = against {
            crate::check::responses::rekey(&mut x.document, report);
        }
        describe(&mut entry, &x, &input.key);
        entry.joined = review.iter().filter(|c| c.fits(kind)).map(joined).collect();
        if self.options.reconcile {
            entry.seconds = started.elapsed().as_secs_f64();
            return Done {
                entry,
                extraction: Some(x),
                index: own_index,
            };
        }
        if let Err(e) = self.write_document(input, &x, &mut entry) {
            return fail(entry, Reason::Output, e.to_string());
        }
        entry.seconds = started.elapsed().as_secs_f64();
        // A joined report's document goes back for its companions' ids.
        let keep = !review.is_empty() && !entry.joined.is_empty();
        Done {
            entry,
            extraction: keep.then_some(x),
            index: None,
        }
    }

    /// A first extraction in a worker process: a resumed run reads the
    /// input here only to know whether it has it done already.
    fn in_worker(&self, worker: &super::Worker, input: &Input, may_resume: bool, mut entry: Entry) -> Entry {
        let done_before = may_resume && self.options.resume && self.previous.contains_key(&input.key);
        if done_before && super::plan::regular(&input.path) {
            // Hashed in pieces: the run's own process holds no document.
            entry.sha256 = file_digest(&input.path, self.config.read.limits.input_bytes);
            if let Some(done) = self.resumed(input, &entry) {
                return done.entry;
            }
            entry.sha256 = None;
        }
        super::worker::extract_in(self, worker, input, entry)
    }

    /// The input's bytes, within the size budget; its size and digest go
    /// into its entry.
    fn read_input(&self, input: &Input, entry: &mut Entry) -> Result<Vec<u8>, (Reason, String)> {
        let limit = self.config.read.limits.input_bytes;
        if !super::plan::regular(&input.path) {
            // Changed since the plan: still never opened.
            let message = format!("{}: {}", input.path.display(), Reason::NotAFile.passed_over());
            return Err((Reason::NotAFile, message));
        }
        let size = std::fs::symlink_metadata(&input.path)
            .map(|m| m.len())
            .unwrap_or(0);
        entry.size = Some(size);
        if size > limit {
            let message = format!(
                "{}: {size} bytes, more than the {limit} a document may have; the file is skipped",
                input.path.display(),
            );
            return Err((Reason::Read(read::Cause::TooLarge), message));
        }
        let bytes = read::read_bytes(&input.path, limit).map_err(|e| (read_reason(&e), e.to_string()))?;
        entry.sha256 = Some(digest(&bytes));
        Ok(bytes)
    }

    /// The earlier run's entry, when a resumed run finds the input done
    /// with the same bytes and options and its outputs (records and
    /// diagnostics) still there: its
    /// status, counts and message stand, marked `resumed`. An input that
    /// failed is read again (the failure may have passed), and so is one
    /// an older run logged as `skipped`, whose status it no longer knows.
    fn resumed(&self, input: &Input, entry: &Entry) -> Option<Done> {
        let before = self.previous.get(&input.key)?;
        let same = self.options.resume
            && !self.options.reconcile
            && before.sha256 == entry.sha256
            && before.options == entry.options
            && matches!(
                before.status,
                Status::Ok | Status::Truncated | Status::Empty | Status::None
            )
            && before.output.as_ref().is_some_and(|o| self.dir.join(o).is_file())
            && self.dir.join(diagnostics_of(&input.key)).is_file();
        same.then(|| {
            let mut entry = before.clone();
            entry.resumed = true;
            entry.input = input.path.display().to_string();
            Done::entry(entry)
        })
    }

    /// Write a document's own outputs (and its records into the database)
    /// and name them in its entry.
    pub(super) fn write_document(
        &self,
        input: &Input,
        x: &Extraction,
        entry: &mut Entry,
    ) -> Result<(), BatchError> {
        let options = self.options;
        let bytes = emit::to_bytes_with(options.format, x, options.csv_safe)?;
        let output = output_of(&input.key, options.format);
        write_atomic(self.dir, &output, &bytes)?;
        let mut lines = Vec::new();
        crate::diagnostic::write_json_lines(&mut lines, &input.key, &x.diagnostics)
            .map_err(emit::EmitError::from)?;
        write_atomic(self.dir, &diagnostics_of(&input.key), &lines)?;
        entry.output = Some(output);
        if let Some(db) = &self.db
            && let Ok(mut db) = db.lock()
        {
            let record = emit::sqlite::DocumentRecord {
                path: &entry.input,
                sha256: entry.sha256.as_deref(),
                size: entry.size,
                status: entry.status.name(),
            };
            db.store(x, &record)?;
        }
        Ok(())
    }
}

/// A companion joined into a report, as the report's entry names it.
fn joined(companion: &Companion) -> Joined {
    Joined {
        key: companion.file().to_string(),
        sha256: Some(companion.sha256.clone()),
    }
}

/// What an extraction says of its document in the manifest: kind, units,
/// pages lost, diagnostics, and why it gave nothing.
pub(super) fn describe(entry: &mut Entry, x: &Extraction, key: &str) {
    entry.kind = Some(x.document.kind);
    entry.symbol = x.document.metadata.symbol.clone();
    entry.title = x.document.metadata.title.clone();
    entry.units = x.document.unit_count();
    entry.review = x.document.review_symbol();
    entry.guesses = x.document.guesses.clone();
    entry.pages_lost = crate::diagnostic::pages_lost(&x.diagnostics);
    entry.diagnostics = Counts::of(x);
    entry.status = match (entry.units, x.document.kind) {
        (0, crate::model::Kind::Unknown) => Status::None,
        (0, _) => Status::Empty,
        // Units dropped past the units limit (the segment stage's flag).
        _ if x.truncated() => Status::Truncated,
        _ => Status::Ok,
    };
    let said = |d: &&crate::diagnostic::Diagnostic| match entry.status {
        Status::Empty | Status::None => matches!(d.code, Code::NoUnits | Code::UnknownKind),
        Status::Truncated => d.code == Code::LimitExceeded,
        _ => false,
    };
    entry.message = x
        .diagnostics
        .iter()
        .find(said)
        .map(|d| format!("{key}: {}", d.message));
}
