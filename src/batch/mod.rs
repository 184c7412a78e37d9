//! Batch runs: many inputs in parallel into one folder, each isolated, with
//! nothing lost and nothing overwritten.
//!
//! A run has three steps. [`plan`] turns the paths given into inputs (each
//! named by its *key*, its path relative to its input root). [`run`]
//! extracts them in parallel: each document succeeds or fails alone (a
//! failure, a panic, a document over its time, memory or size budget is a
//! manifest entry with a typed reason; with a [`Worker`], each document is
//! extracted in a process of its own, killed at the time budget), is held against the run's companions (an
//! index, a UPR addendum or thematic list) when they fit its kind, and its
//! outputs are written to a temporary file and renamed into place as it
//! finishes; its manifest line is appended to `manifest.jsonl` at once, so
//! a run killed at any point leaves a log of what it finished, which
//! `--resume` picks up. Once every input's kind is known, [`review`] groups
//! each UPR report with the addenda and thematic lists of its review among
//! the inputs, and the reports that have any are extracted again, joined
//! with them. At the end the combined outputs are put together
//! from the documents' files in key order (the same bytes for any number of
//! jobs and any order of finishing) and `manifest.json` is written. A run
//! told to stop ([`Options::stop`], set on SIGINT or SIGTERM) starts no
//! document after, kills its workers and ends there, with the manifest of
//! what finished and its lock removed. Memory holds one document per job,
//! never the run.

mod copies;
mod document;
mod glob;
mod list;
mod manifest;
mod output;
mod plan;
mod review;
mod session;
mod worker;

pub use document::{Failure, digest};
pub use glob::{Glob, GlobError};
pub use list::{expand, read_paths};
pub use manifest::{Counts, Entry, Joined, Manifest, Reason, Status, tally};
pub use plan::{EXTENSIONS, Input, Plan, Selection, Skipped, plan, stable_hash};
pub use worker::{Worker, serve};

use crate::check::reconcile::Reconciliation;
use crate::diagnostic::Severity;
use crate::emit::{self, Format};
use crate::{Companion, Config};
use document::{Done, Shared};
use rayon::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The lock file that keeps a second run out of the folder.
const LOCK: &str = ".unrec.lock";
/// The log of finished documents, appended as the run goes.
const LOG: &str = "manifest.jsonl";
/// The manifest of the whole run, written at its end.
const MANIFEST: &str = "manifest.json";
/// Where each document's own outputs go.
const DOCUMENTS: &str = "documents";
/// The combined diagnostics.
const DIAGNOSTICS: &str = "diagnostics.jsonl";
/// Default budget for one input's size.
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// Why a run could not start or finish.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BatchError {
    #[error(
        "{0}: another batch is writing into this folder (its lock file {LOCK} is there); remove the file if no batch runs"
    )]
    Locked(PathBuf),
    #[error(
        "{0}: the folder holds the outputs of another run; give --resume to go on with it or --force to write over it"
    )]
    NotEmpty(PathBuf),
    #[error("{path}: cannot write: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{path}: this run's output of a document cannot be read back to combine it: {source}")]
    Combine { path: PathBuf, source: std::io::Error },
    #[error("cannot write output: {0}")]
    Emit(#[from] emit::EmitError),
    #[error("more than {} input files", plan::MAX_FILES)]
    TooManyFiles,
    #[error("{path}: cannot read the list of inputs: {source}")]
    List { path: PathBuf, source: std::io::Error },
    #[error("standard input (`-`) can be read once: give it as an input or as --files-from, once")]
    StdinTwice,
    #[error("no inputs: the paths given and listed are none")]
    NoInputs,
}

/// How a run is made.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// Worker threads; the machine's cores when absent.
    pub jobs: Option<usize>,
    pub resume: bool,
    pub force: bool,
    /// Take this share `(i, n)` of the inputs, 1-based.
    pub shard: Option<(u64, u64)>,
    /// Budget of one document's extraction.
    pub timeout: Option<Duration>,
    /// Prefix cells a spreadsheet would run as formulas.
    pub csv_safe: bool,
    /// Write the records into this SQLite database too.
    pub db: Option<PathBuf>,
    /// Reconcile the inputs as one session's documents (holds them all).
    pub reconcile: bool,
    /// Extract each document in a process of its own, started so (the
    /// first extraction of each; reviews joined and reconciled runs stay
    /// in this process). Absent: in this process, isolated by
    /// `catch_unwind`, a time budget given up on but not stopped.
    pub worker: Option<Worker>,
    /// The address space a worker may take, in bytes.
    pub max_memory: Option<u64>,
    /// Set to stop the run (a signal handler sets it): no document is
    /// started after, running workers are killed, no review is joined nor
    /// session reconciled, and the run ends with the manifest of what
    /// finished, the others `interrupted`, and its lock removed.
    pub stop: Option<&'static AtomicBool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: Format::Csv,
            jobs: None,
            resume: false,
            force: false,
            shard: None,
            timeout: None,
            csv_safe: false,
            db: None,
            reconcile: false,
            worker: None,
            max_memory: None,
            stop: None,
        }
    }
}

impl Options {
    /// Whether the run was told to stop.
    pub fn stopped(&self) -> bool {
        self.stop.is_some_and(|s| s.load(Ordering::SeqCst))
    }

    /// Whatever changes a document's outputs, as its manifest entry records
    /// it for `--resume`: the formats, the kind forced, repair, the limits
    /// (hashed) and each companion by name and content.
    pub fn describe(&self, config: &Config, companions: &[Companion]) -> String {
        let with: Vec<String> = companions
            .iter()
            .map(|c| format!("{}@{}", c.file(), c.sha256.get(..16).unwrap_or_default()))
            .collect();
        format!(
            "format={} csv_safe={} reconcile={} kind={} repair={} limits={:016x} with={}",
            self.format,
            self.csv_safe,
            self.reconcile,
            config.kind.map_or("auto", |k| k.name()),
            config.read.repair,
            // Every document's entry holds it: a hash keeps it short.
            stable_hash(&format!("{:?}", config.read.limits)),
            with.join(",")
        )
    }
}

/// How a run went, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Everything read, every document with units.
    Fine,
    /// Error-level findings (they count under `--strict`).
    Findings,
    /// An input could not be read, gave nothing, or lost units past the
    /// units limit; or the run was stopped.
    Failure,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Summary {
    pub manifest: Manifest,
    pub reconciliation: Option<Reconciliation>,
    /// Where the run wrote.
    pub dir: PathBuf,
    /// The run was stopped before it finished (its inputs not finished
    /// are `interrupted` in the manifest).
    pub interrupted: bool,
}

impl Summary {
    /// The verdict of a run from its manifest.
    pub fn verdict(&self, strict: bool) -> Verdict {
        let entries = &self.manifest.entries;
        let findings = entries.iter().any(|e| e.diagnostics.errors > 0)
            || self
                .reconciliation
                .as_ref()
                .is_some_and(|r| r.worst() == Some(Severity::Error));
        if self.interrupted
            || entries
                .iter()
                .any(|e| matches!(e.status, Status::Failed | Status::Empty | Status::Truncated))
        {
            Verdict::Failure
        } else if strict && findings {
            Verdict::Findings
        } else {
            Verdict::Fine
        }
    }
}

/// Run a plan into `dir`, each document held against the companions that
/// fit its kind. `done` is called as each document finishes, with its entry.
pub fn run(
    plan: &Plan,
    dir: &Path,
    options: &Options,
    config: &Config,
    companions: &[Companion],
    done: &(dyn Fn(&Entry) + Sync),
) -> Result<Summary, BatchError> {
    let started = manifest::now();
    let _lock = prepare(dir, options)?;
    let shared = Shared {
        dir,
        options,
        config,
        companions,
        described: options.describe(config, companions),
        previous: if options.resume {
            manifest::read_log(dir)
        } else {
            Default::default()
        },
        log: open_log(dir, options.resume)?,
        db: match &options.db {
            Some(path) => Some(Mutex::new(emit::sqlite::SqliteSink::open(path)?)),
            None => None,
        },
    };
    let results = extract_all(&shared, plan, done);
    let interrupted = options.stopped();
    let (mut entries, reconciliation) = if interrupted {
        (unfinished(results, options.reconcile), None)
    } else if options.reconcile {
        let (entries, result) = session::reconcile_and_write(&shared, &plan.inputs, results)?;
        (entries, Some(result))
    } else {
        let mut entries: Vec<Entry> = results.into_iter().map(|d| d.entry).collect();
        review::join_reviews(&shared, &plan.inputs, &mut entries);
        (entries, None)
    };
    entries.extend(
        plan.skipped
            .iter()
            .map(|s| Entry::passed_over(s, &shared.described)),
    );
    let manifest = Manifest::new(shared.described.clone(), started, entries);
    // The manifest is written even when the combined outputs cannot be
    // (a full disk): it says what became of each input.
    let combined = output::combine(dir, &manifest.entries, options.format);
    let json = serde_json::to_string_pretty(&manifest).map_err(emit::EmitError::from)? + "\n";
    output::write_atomic(dir, MANIFEST, json.as_bytes())?;
    combined?;
    Ok(Summary {
        manifest,
        reconciliation,
        dir: dir.to_path_buf(),
        interrupted,
    })
}

/// The entries of a stopped run: what finished as it finished; a session's
/// documents, held to be reconciled and not written, `interrupted` too.
fn unfinished(results: Vec<Done>, reconcile: bool) -> Vec<Entry> {
    results
        .into_iter()
        .map(|done| match done.extraction {
            Some(_) if reconcile => done
                .entry
                .interrupted("read, not written before the session was reconciled"),
            _ => done.entry,
        })
        .collect()
}

/// The folder made and locked: refused when it holds another run's files
/// and the run neither resumes nor forces.
fn prepare(dir: &Path, options: &Options) -> Result<output::Lock, BatchError> {
    fs::create_dir_all(dir).map_err(|source| BatchError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    if !options.resume && !options.force && output::holds_other_files(dir) {
        return Err(BatchError::NotEmpty(dir.to_path_buf()));
    }
    output::Lock::take(dir)
}

/// The log of finished documents: appended to when resuming, else new.
fn open_log(dir: &Path, resume: bool) -> Result<manifest::Log, BatchError> {
    manifest::Log::open(dir, resume).map_err(|source| BatchError::Write {
        path: dir.join(LOG),
        source,
    })
}

/// Every input extracted on the run's pool, each logged as it finishes
/// (when reconciling, once the session is reconciled). Once the run is
/// told to stop, no input is started: each is an `interrupted` entry,
/// not logged, as is one whose worker was stopped.
fn extract_all(shared: &Shared, plan: &Plan, done: &(dyn Fn(&Entry) + Sync)) -> Vec<Done> {
    let work = || -> Vec<Done> {
        plan.inputs
            .par_iter()
            .map(|input| {
                if shared.options.stopped() {
                    let entry = Entry::new(
                        input.path.display().to_string(),
                        input.key.clone(),
                        &shared.described,
                    );
                    return Done::entry(entry.interrupted("not read"));
                }
                let result = shared.one(input);
                if result.entry.reason == Some(Reason::Interrupted) {
                    return result;
                }
                if !shared.options.reconcile {
                    shared.log.append(&result.entry);
                }
                done(&result.entry);
                result
            })
            .collect()
    };
    in_pool(shared.options.jobs, work)
}

/// Run some work on a pool of `jobs` threads (the global pool when absent).
fn in_pool<T: Send>(jobs: Option<usize>, work: impl FnOnce() -> T + Send) -> T {
    match jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    }
}
