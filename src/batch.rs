//! Batch runs: many inputs in parallel into one folder, each isolated, with
//! nothing lost and nothing overwritten.
//!
//! A run has three steps. [`plan`] turns the paths given into inputs: files
//! and folders searched for every kind unrec reads, symbolic links skipped
//! unless followed (never in a loop), each file once, each named by its path
//! relative to its input root (its *key*, unique by construction), in key
//! order, optionally one shard of them. [`run`] extracts them in parallel:
//! each document succeeds or fails alone (a failure, a panic, a document over
//! its time or size budget is a manifest entry with a typed reason), its
//! outputs are written to a temporary file and renamed into place as it
//! finishes, and its manifest line is appended to `manifest.jsonl` at once,
//! so a run killed at any point leaves a log of what it finished, which
//! `--resume` picks up. At the end the combined outputs are put together
//! from the documents' files in key order (the same bytes for any number
//! of jobs and any order of finishing) and `manifest.json` is written.
//! Memory holds one document per job, never the run.

use crate::check::reconcile::Reconciliation;
use crate::diagnostic::{Code, Severity};
use crate::emit::{self, Format};
use crate::model::Kind;
use crate::read::{self};
use crate::segment::index::Index;
use crate::{Config, Extraction};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Most files one run takes from the folders it is given.
const MAX_FILES: usize = 1_000_000;
/// Deepest folder nesting searched.
const MAX_DEPTH: usize = 32;
/// The input kinds read from folders, by extension.
pub const EXTENSIONS: [&str; 5] = ["pdf", "txt", "html", "htm", "docx"];
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
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
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
    #[error("cannot write output: {0}")]
    Emit(#[from] emit::EmitError),
    #[error("more than {MAX_FILES} input files")]
    TooManyFiles,
}

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file.
    pub path: PathBuf,
    /// Its path relative to its input root, `/`-separated, with the root's
    /// own name first when the root is a folder: unique in the run.
    pub key: String,
}

/// A path given that is not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub path: PathBuf,
    pub reason: Reason,
}

/// The inputs of a run and the paths passed over.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub inputs: Vec<Input>,
    pub skipped: Vec<Skipped>,
}

/// Why an input failed or was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Took longer than the time budget.
    Timeout,
    /// The extraction failed unexpectedly.
    Panic,
    /// A symbolic link, not followed.
    Symlink,
    /// A link back into a folder already searched.
    Loop,
    /// The same file as another input.
    Duplicate,
    /// Its output could not be written.
    Output,
    /// Another shard's.
    OtherShard,
    /// The reader refused it: written as the cause's own word
    /// (`encrypted`, `damaged`, `not_a_document`, …).
    #[serde(untagged)]
    Read(read::Cause),
}

/// What became of an input, in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Read, with units.
    Ok,
    /// Read, but nothing extracted: no known kind, or no unit in it.
    Empty,
    /// Not read: the reason says why.
    Failed,
    /// Not read again: a resumed run found it done with the same bytes and
    /// options.
    Skipped,
}

/// Diagnostics of a document by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The path as given (or found in a folder given).
    pub input: String,
    pub key: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub size: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub units: usize,
    /// PDF pages that could not be read (a file cut short or damaged, or
    /// pages past a limit): each is also a diagnostic.
    #[serde(skip_serializing_if = "is_zero", default)]
    pub pages_lost: u32,
    #[serde(default)]
    pub diagnostics: Counts,
    #[serde(default)]
    pub seconds: f64,
    /// The document's output, relative to the run's folder.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub output: Option<String>,
    /// The options it was made with (for `--resume`).
    #[serde(default)]
    pub options: String,
}

impl Entry {
    /// An input's entry before anything is known of it.
    fn new(input: String, key: String, options: &Options) -> Entry {
        Entry {
            input,
            key,
            status: Status::Failed,
            reason: None,
            message: None,
            size: None,
            sha256: None,
            kind: None,
            units: 0,
            pages_lost: 0,
            diagnostics: Counts::default(),
            seconds: 0.0,
            output: None,
            options: options.describe(),
        }
    }
}

/// The manifest of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub unrec: &'static str,
    pub options: String,
    pub started: String,
    pub finished: String,
    pub inputs: usize,
    pub ok: usize,
    pub empty: usize,
    pub failed: usize,
    pub skipped: usize,
    /// PDF pages not read, over all inputs.
    pub pages_lost: u64,
    pub entries: Vec<Entry>,
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
    /// Budget of one input's size.
    pub max_bytes: u64,
    /// Prefix cells a spreadsheet would run as formulas.
    pub csv_safe: bool,
    /// Write the records into this SQLite database too.
    pub db: Option<PathBuf>,
    /// Reconcile the inputs as one session's documents (holds them all).
    pub reconcile: bool,
    /// What else shapes the outputs (kind, repair, index), for `--resume`.
    pub fingerprint: String,
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
            max_bytes: DEFAULT_MAX_BYTES,
            csv_safe: false,
            db: None,
            reconcile: false,
            fingerprint: String::new(),
        }
    }
}

impl Options {
    /// The options as the manifest records them: whatever changes outputs.
    pub fn describe(&self) -> String {
        format!(
            "format={} csv_safe={} reconcile={} {}",
            self.format, self.csv_safe, self.reconcile, self.fingerprint
        )
        .trim()
        .to_string()
    }
}

/// How a run went, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Everything read, every document with units.
    Fine,
    /// Error-level findings (they count under `--strict`).
    Findings,
    /// An input could not be read, or gave nothing.
    Failure,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Summary {
    pub manifest: Manifest,
    pub reconciliation: Option<Reconciliation>,
    /// Where the run wrote.
    pub dir: PathBuf,
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
        if entries
            .iter()
            .any(|e| matches!(e.status, Status::Failed | Status::Empty))
        {
            Verdict::Failure
        } else if strict && findings {
            Verdict::Findings
        } else {
            Verdict::Fine
        }
    }
}

/// A stable 64-bit hash of a key (FNV-1a), for shards and for the
/// fingerprint of the limits a run was made under.
pub fn stable_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A path component fit for a file name: control characters and the
/// separators of other systems replaced.
fn clean_component(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    match cleaned.as_str() {
        "" | "." | ".." => "_".to_string(),
        _ => cleaned,
    }
}

fn readable_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Turn the paths given into a run's inputs.
pub fn plan(paths: &[PathBuf], follow: bool, shard: Option<(u64, u64)>) -> Result<Plan, BatchError> {
    let mut plan = Plan::default();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut root_names: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let meta = fs::symlink_metadata(path).map_err(|e| BatchError::Input {
            path: path.clone(),
            message: format!("cannot read: {e}"),
        })?;
        if meta.file_type().is_symlink() && !follow {
            plan.skipped.push(Skipped {
                path: path.clone(),
                reason: Reason::Symlink,
            });
            continue;
        }
        if path.is_dir() {
            let name = clean_component(
                &fs::canonicalize(path)
                    .ok()
                    .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_else(|| "input".to_string()),
            );
            // Two roots of one name (`a/docs`, `b/docs`) stay apart.
            let n = root_names.entry(name.clone()).or_insert(0);
            *n += 1;
            let root = if *n == 1 { name } else { format!("{name}~{n}") };
            let mut visited = HashSet::new();
            walk(path, &root, 0, follow, &mut visited, &mut seen, &mut plan)?;
        } else {
            let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            if !seen.insert(canonical) {
                plan.skipped.push(Skipped {
                    path: path.clone(),
                    reason: Reason::Duplicate,
                });
                continue;
            }
            let key = clean_component(&read::file_name(path));
            plan.inputs.push(Input {
                path: path.clone(),
                key,
            });
        }
        if plan.inputs.len() > MAX_FILES {
            return Err(BatchError::TooManyFiles);
        }
    }
    // Files named at the top level may share a name (`a/report.txt`,
    // `b/report.txt`): give the later ones their parent folders' names.
    let mut keys: HashMap<String, usize> = HashMap::new();
    for input in &mut plan.inputs {
        let n = keys.entry(input.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            input.key = format!("{}~{n}", input.key);
        }
    }
    plan.inputs.sort_by(|a, b| a.key.cmp(&b.key));
    if let Some((i, n)) = shard.filter(|(_, n)| *n > 0) {
        let (mine, others): (Vec<Input>, Vec<Input>) = plan
            .inputs
            .into_iter()
            .partition(|input| stable_hash(&input.key) % n == i.saturating_sub(1));
        plan.inputs = mine;
        plan.skipped.extend(others.into_iter().map(|input| Skipped {
            path: input.path,
            reason: Reason::OtherShard,
        }));
    }
    Ok(plan)
}

#[allow(clippy::too_many_arguments)]
fn walk(
    dir: &Path,
    prefix: &str,
    depth: usize,
    follow: bool,
    visited: &mut HashSet<PathBuf>,
    seen: &mut HashSet<PathBuf>,
    plan: &mut Plan,
) -> Result<(), BatchError> {
    if depth > MAX_DEPTH || plan.inputs.len() > MAX_FILES {
        return Ok(());
    }
    let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    if !visited.insert(canonical) {
        plan.skipped.push(Skipped {
            path: dir.to_path_buf(),
            reason: Reason::Loop,
        });
        return Ok(());
    }
    let entries = fs::read_dir(dir).map_err(|e| BatchError::Input {
        path: dir.to_path_buf(),
        message: format!("cannot list: {e}"),
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let name = clean_component(&read::file_name(&path));
        let key = format!("{prefix}/{name}");
        if meta.file_type().is_symlink() {
            if !follow {
                if path.is_dir() || readable_extension(&path) {
                    plan.skipped.push(Skipped {
                        path,
                        reason: Reason::Symlink,
                    });
                }
                continue;
            }
            if path.is_dir() {
                walk(&path, &key, depth + 1, follow, visited, seen, plan)?;
                continue;
            }
        } else if meta.is_dir() {
            walk(&path, &key, depth + 1, follow, visited, seen, plan)?;
            continue;
        }
        if !readable_extension(&path) {
            continue;
        }
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(canonical) {
            plan.skipped.push(Skipped {
                path,
                reason: Reason::Duplicate,
            });
            continue;
        }
        plan.inputs.push(Input { path, key });
    }
    Ok(())
}

/// Keeps a second run out of the folder while this one runs.
struct Lock(PathBuf);

impl Lock {
    fn take(dir: &Path) -> Result<Lock, BatchError> {
        let path = dir.join(LOCK);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(mut file) => {
                let _ = writeln!(file, "{}", std::process::id());
                Ok(Lock(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                Err(BatchError::Locked(dir.to_path_buf()))
            }
            Err(source) => Err(BatchError::Write { path, source }),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// Write a file in `dir` through a temporary file renamed into place, so
/// that a reader (or a killed run) never sees half of it and no link at the
/// name is written through.
fn write_atomic(dir: &Path, relative: &str, bytes: &[u8]) -> Result<(), BatchError> {
    let target = dir.join(relative);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|source| BatchError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    // No folder on the way may be a link placed in the output folder: the
    // output would land outside it.
    let mut at = dir.to_path_buf();
    for part in Path::new(relative)
        .parent()
        .into_iter()
        .flat_map(Path::components)
    {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(BatchError::Write {
                path: at,
                source: std::io::Error::other(
                    "a symbolic link in the output folder; nothing is written through it",
                ),
            });
        }
    }
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temp = dir.join(format!(
        ".tmp-{}-{nanos}-{}",
        std::process::id(),
        stable_hash(relative)
    ));
    let write = || -> std::io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        fs::rename(&temp, &target)
    };
    write().map_err(|source| {
        let _ = fs::remove_file(&temp);
        BatchError::Write {
            path: target.clone(),
            source,
        }
    })
}

/// The file name of a document's output under `documents/`: its key and
/// the format's extension (`a/seed.txt.csv`, `a/seed.html.csv`).
fn output_of(key: &str, format: Format) -> String {
    format!("{DOCUMENTS}/{key}.{}", format.extension())
}

fn diagnostics_of(key: &str) -> String {
    format!("{DOCUMENTS}/{key}.diagnostics.jsonl")
}

/// Whether `dir` holds anything but this run's own files.
fn holds_other_files(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// The log of a previous run: each key's last entry.
fn read_log(dir: &Path) -> HashMap<String, Entry> {
    let mut out = HashMap::new();
    let Ok(file) = File::open(dir.join(LOG)) else {
        return out;
    };
    for line in BufReader::new(file).lines().map_while(Result::ok) {
        // A line cut short by a kill is passed over: its document is redone.
        if let Ok(entry) = serde_json::from_str::<Entry>(&line) {
            out.insert(entry.key.clone(), entry);
        }
    }
    out
}

fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso_time(secs)
}

/// Seconds since 1970 as `2026-12-01T19:20:47Z`.
fn iso_time(secs: u64) -> String {
    let days = secs / 86_400;
    let rest = secs % 86_400;
    // Civil date from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// What one document gave.
struct Done {
    entry: Entry,
    /// Kept only when the run reconciles.
    extraction: Option<Extraction>,
    index: Option<Index>,
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
            Failure::Read(e) => Reason::Read(e.cause()),
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
    let work = move || std::panic::catch_unwind(|| crate::extract_with_index(&name, &bytes, &config));
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

/// What the run shares between its workers.
struct Shared<'a> {
    dir: &'a Path,
    options: &'a Options,
    config: &'a Config,
    index: Option<&'a Index>,
    previous: HashMap<String, Entry>,
    log: Mutex<File>,
    db: Option<Mutex<emit::sqlite::SqliteSink>>,
}

fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

fn counts(x: &Extraction) -> Counts {
    let n = |s: Severity| x.diagnostics.iter().filter(|d| d.severity == s).count();
    Counts {
        errors: n(Severity::Error),
        warnings: n(Severity::Warning),
        notes: n(Severity::Note),
    }
}

/// Write a document's own outputs and give its entry.
fn write_document(
    shared: &Shared,
    input: &Input,
    x: &Extraction,
    entry: &mut Entry,
) -> Result<(), BatchError> {
    let options = shared.options;
    let bytes = emit::to_bytes_with(options.format, x, options.csv_safe)?;
    let output = output_of(&input.key, options.format);
    write_atomic(shared.dir, &output, &bytes)?;
    let mut lines = Vec::new();
    for d in &x.diagnostics {
        let line = serde_json::to_string(&DiagnosticLine {
            document_key: &input.key,
            diagnostic: d,
        })
        .map_err(emit::EmitError::from)?;
        lines.extend_from_slice(line.as_bytes());
        lines.push(b'\n');
    }
    write_atomic(shared.dir, &diagnostics_of(&input.key), &lines)?;
    entry.output = Some(output);
    if let Some(db) = &shared.db
        && let Ok(mut db) = db.lock()
    {
        let status = status_name(entry.status);
        db.store(
            x,
            &emit::sqlite::DocumentRecord {
                path: &entry.input,
                sha256: entry.sha256.as_deref(),
                size: entry.size,
                status,
            },
        )?;
    }
    Ok(())
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Ok => "ok",
        Status::Empty => "empty",
        Status::Failed => "failed",
        Status::Skipped => "skipped",
    }
}

#[derive(Serialize)]
struct DiagnosticLine<'a> {
    document_key: &'a str,
    #[serde(flatten)]
    diagnostic: &'a crate::diagnostic::Diagnostic,
}

/// Read and extract one input; write its outputs unless the run holds them
/// for reconciling.
fn one(shared: &Shared, input: &Input) -> Done {
    let started = Instant::now();
    let options = shared.options;
    let mut entry = Entry::new(input.path.display().to_string(), input.key.clone(), options);
    let fail = |mut entry: Entry, reason: Reason, message: String| {
        entry.status = Status::Failed;
        entry.reason = Some(reason);
        entry.message = Some(message);
        entry.seconds = started.elapsed().as_secs_f64();
        Done {
            entry,
            extraction: None,
            index: None,
        }
    };
    let size = fs::symlink_metadata(&input.path).map(|m| m.len()).unwrap_or(0);
    entry.size = Some(size);
    if size > options.max_bytes {
        let message = format!(
            "{}: {size} bytes, more than the {} a document may have; the file is skipped",
            input.path.display(),
            options.max_bytes
        );
        return fail(entry, Reason::Read(read::Cause::TooLarge), message);
    }
    let bytes = match read::read_bytes(&input.path, options.max_bytes) {
        Ok(bytes) => bytes,
        Err(e) => return fail(entry, Reason::Read(e.cause()), e.to_string()),
    };
    let sha = digest(&bytes);
    entry.sha256 = Some(sha.clone());
    if options.resume
        && let Some(before) = shared.previous.get(&input.key)
        && before.sha256.as_deref() == Some(sha.as_str())
        && before.options == entry.options
        && matches!(before.status, Status::Ok | Status::Empty | Status::Skipped)
        && before
            .output
            .as_ref()
            .is_some_and(|o| shared.dir.join(o).is_file())
        && !options.reconcile
    {
        let mut entry = before.clone();
        entry.status = Status::Skipped;
        entry.input = input.path.display().to_string();
        return Done {
            entry,
            extraction: None,
            index: None,
        };
    }
    let (x, own_index) = match extract_within(input.key.clone(), bytes, *shared.config, options.timeout) {
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
    let mut x = x;
    if let (Some(index), None) = (shared.index, &own_index) {
        x.cross_check(index);
    }
    entry.kind = Some(x.document.kind);
    entry.units = x.document.unit_count();
    entry.pages_lost = crate::diagnostic::pages_lost(&x.diagnostics);
    entry.diagnostics = counts(&x);
    entry.status = if entry.units == 0 {
        Status::Empty
    } else {
        Status::Ok
    };
    if entry.status == Status::Empty {
        entry.message = x
            .diagnostics
            .iter()
            .find(|d| matches!(d.code, Code::NoUnits | Code::UnknownKind))
            .map(|d| format!("{}: {}", input.key, d.message));
    }
    if options.reconcile {
        entry.seconds = started.elapsed().as_secs_f64();
        return Done {
            entry,
            extraction: Some(x),
            index: own_index,
        };
    }
    if let Err(e) = write_document(shared, input, &x, &mut entry) {
        return fail(entry, Reason::Output, e.to_string());
    }
    entry.seconds = started.elapsed().as_secs_f64();
    Done {
        entry,
        extraction: None,
        index: None,
    }
}

fn log(shared: &Shared, entry: &Entry) {
    if let (Ok(line), Ok(mut file)) = (serde_json::to_string(entry), shared.log.lock()) {
        // One write per line, flushed: a kill leaves whole lines behind.
        let _ = file.write_all(format!("{line}\n").as_bytes());
        let _ = file.flush();
    }
}

/// Run a plan into `dir`. `done` is called as each document finishes, with
/// its entry.
pub fn run(
    plan: &Plan,
    dir: &Path,
    options: &Options,
    config: &Config,
    index: Option<&Index>,
    done: &(dyn Fn(&Entry) + Sync),
) -> Result<Summary, BatchError> {
    let started = now();
    fs::create_dir_all(dir).map_err(|source| BatchError::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    if !options.resume && !options.force && holds_other_files(dir) {
        return Err(BatchError::NotEmpty(dir.to_path_buf()));
    }
    let _lock = Lock::take(dir)?;
    let previous = if options.resume {
        read_log(dir)
    } else {
        HashMap::new()
    };
    let log_path = dir.join(LOG);
    let log_file = OpenOptions::new()
        .create(true)
        .append(options.resume)
        .write(true)
        .truncate(!options.resume)
        .open(&log_path)
        .map_err(|source| BatchError::Write {
            path: log_path.clone(),
            source,
        })?;
    let db = match &options.db {
        Some(path) => Some(Mutex::new(emit::sqlite::SqliteSink::open(path)?)),
        None => None,
    };
    let shared = Shared {
        dir,
        options,
        config,
        index,
        previous,
        log: Mutex::new(log_file),
        db,
    };
    let work = || -> Vec<Done> {
        plan.inputs
            .par_iter()
            .map(|input| {
                let result = one(&shared, input);
                if !options.reconcile {
                    log(&shared, &result.entry);
                }
                done(&result.entry);
                result
            })
            .collect()
    };
    let results = match options.jobs {
        Some(n) => match rayon::ThreadPoolBuilder::new().num_threads(n.max(1)).build() {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        },
        None => work(),
    };
    let mut entries: Vec<Entry> = Vec::with_capacity(results.len());
    let mut reconciliation = None;
    if options.reconcile {
        let mut outcomes: Vec<(Entry, Option<Extraction>, Option<Index>)> = results
            .into_iter()
            .map(|d| (d.entry, d.extraction, d.index))
            .collect();
        let indexes: Vec<Index> = outcomes.iter().filter_map(|o| o.2.clone()).collect();
        let mut documents = Vec::new();
        let mut slots = Vec::new();
        for (i, (_, x, own)) in outcomes.iter().enumerate() {
            if let (Some(x), None) = (x, own) {
                let mut doc = x.document.clone();
                doc.diagnostics = x.diagnostics.clone();
                documents.push(doc);
                slots.push(i);
            }
        }
        let result = crate::check::reconcile::reconcile(&mut documents, &indexes);
        for (doc, slot) in documents.into_iter().zip(slots) {
            if let Some((_, Some(x), _)) = outcomes.get_mut(slot) {
                x.diagnostics = doc.diagnostics.clone();
                x.document = crate::model::Document {
                    diagnostics: Vec::new(),
                    ..doc
                };
            }
        }
        for (input, (mut entry, x, _)) in plan.inputs.iter().zip(outcomes) {
            if let Some(x) = x {
                entry.diagnostics = counts(&x);
                if let Err(e) = write_document(&shared, input, &x, &mut entry) {
                    entry.status = Status::Failed;
                    entry.reason = Some(Reason::Output);
                    entry.message = Some(e.to_string());
                }
            }
            log(&shared, &entry);
            entries.push(entry);
        }
        write_atomic(
            dir,
            "reconcile.json",
            format!(
                "{}\n",
                emit::report::reconcile_json(&result).map_err(emit::EmitError::from)?
            )
            .as_bytes(),
        )?;
        reconciliation = Some(result);
    } else {
        entries.extend(results.into_iter().map(|d| d.entry));
    }
    for skipped in &plan.skipped {
        let mut entry = Entry::new(skipped.path.display().to_string(), String::new(), options);
        entry.status = if skipped.reason == Reason::OtherShard {
            Status::Skipped
        } else {
            Status::Failed
        };
        entry.reason = Some(skipped.reason);
        entry.message = Some(
            match skipped.reason {
                Reason::Symlink => "a symbolic link, not followed (give --follow)",
                Reason::Loop => "a link back into a folder already searched",
                Reason::Duplicate => "the same file as another input",
                Reason::OtherShard => "another shard's input",
                _ => "not read",
            }
            .to_string(),
        );
        entries.push(entry);
    }
    // Links and duplicates passed over are no failure of the run: they are
    // recorded, and nothing of them is lost.
    for entry in &mut entries {
        if matches!(
            entry.reason,
            Some(Reason::Symlink | Reason::Loop | Reason::Duplicate)
        ) {
            entry.status = Status::Skipped;
        }
    }
    entries.sort_by(|a, b| (a.key.is_empty(), &a.key, &a.input).cmp(&(b.key.is_empty(), &b.key, &b.input)));
    combine(dir, &entries, options.format)?;
    let count = |s: Status| entries.iter().filter(|e| e.status == s).count();
    let manifest = Manifest {
        unrec: env!("CARGO_PKG_VERSION"),
        options: options.describe(),
        started,
        finished: now(),
        inputs: entries.len(),
        ok: count(Status::Ok),
        empty: count(Status::Empty),
        failed: count(Status::Failed),
        skipped: count(Status::Skipped),
        pages_lost: entries.iter().map(|e| u64::from(e.pages_lost)).sum(),
        entries,
    };
    let json = serde_json::to_string_pretty(&manifest).map_err(emit::EmitError::from)? + "\n";
    write_atomic(dir, MANIFEST, json.as_bytes())?;
    Ok(Summary {
        manifest,
        reconciliation,
        dir: dir.to_path_buf(),
    })
}

/// The combined outputs, from the documents' own files in key order:
/// `recommendations.<ext>` and `diagnostics.jsonl`.
fn combine(dir: &Path, entries: &[Entry], format: Format) -> Result<(), BatchError> {
    let name = format!("recommendations.{}", format.extension());
    let target = dir.join(&name);
    let temp = dir.join(format!(".tmp-combined-{}", std::process::id()));
    let diag_target = dir.join(DIAGNOSTICS);
    let diag_temp = dir.join(format!(".tmp-diagnostics-{}", std::process::id()));
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BatchError::Write { path, source }
    };
    let mut out = std::io::BufWriter::new(
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(io(&target))?,
    );
    let mut diag = std::io::BufWriter::new(
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&diag_temp)
            .map_err(io(&diag_target))?,
    );
    let header = emit::header().join(",");
    match format {
        Format::Csv => out
            .write_all(format!("{header}\r\n").as_bytes())
            .map_err(io(&target))?,
        Format::Json => out.write_all(b"[\n").map_err(io(&target))?,
        Format::Jsonl => {}
    }
    let mut first = true;
    for entry in entries
        .iter()
        .filter(|e| matches!(e.status, Status::Ok | Status::Empty | Status::Skipped))
    {
        let Some(output) = &entry.output else {
            continue;
        };
        let Ok(file) = File::open(dir.join(output)) else {
            continue;
        };
        let mut reader = BufReader::new(file);
        match format {
            Format::Csv => {
                // The document's own header goes.
                let mut skip = Vec::new();
                reader.read_until(b'\n', &mut skip).map_err(io(&target))?;
                std::io::copy(&mut reader, &mut out).map_err(io(&target))?;
            }
            Format::Jsonl => {
                std::io::copy(&mut reader, &mut out).map_err(io(&target))?;
            }
            Format::Json => {
                let mut text = String::new();
                reader.read_to_string(&mut text).map_err(io(&target))?;
                if !first {
                    out.write_all(b",\n").map_err(io(&target))?;
                }
                out.write_all(text.trim_end().as_bytes()).map_err(io(&target))?;
            }
        }
        first = false;
        if let Ok(file) = File::open(dir.join(diagnostics_of(&entry.key))) {
            std::io::copy(&mut BufReader::new(file), &mut diag).map_err(io(&diag_target))?;
        }
    }
    if format == Format::Json {
        out.write_all(b"\n]\n").map_err(io(&target))?;
    }
    out.flush().map_err(io(&target))?;
    diag.flush().map_err(io(&diag_target))?;
    drop(out);
    drop(diag);
    fs::rename(&temp, &target).map_err(io(&target))?;
    fs::rename(&diag_temp, &diag_target).map_err(io(&diag_target))?;
    Ok(())
}

/// The counts of a run by status, for messages: `12 ok, 1 empty, 2 failed`.
pub fn tally(entries: &[Entry]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for e in entries {
        *out.entry(status_name(e.status)).or_insert(0) += 1;
    }
    out
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("unrec-batch-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn keys_are_unique_and_names_stay_inside() {
        let dir = temp("keys");
        fs::create_dir_all(dir.join("a")).unwrap();
        fs::create_dir_all(dir.join("b")).unwrap();
        fs::write(dir.join("a/report.txt"), "x").unwrap();
        fs::write(dir.join("b/report.txt"), "x").unwrap();
        fs::write(dir.join("a/seed.txt"), "x").unwrap();
        fs::write(dir.join("a/seed.html"), "x").unwrap();
        fs::write(dir.join("a/notes.md"), "x").unwrap();
        let plan = plan(&[dir.join("a/report.txt"), dir.join("b/report.txt")], false, None).unwrap();
        let keys: Vec<&str> = plan.inputs.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["report.txt", "report.txt~2"]);
        let plan = super::plan(std::slice::from_ref(&dir), false, None).unwrap();
        let keys: Vec<String> = plan.inputs.iter().map(|i| i.key.clone()).collect();
        let root = read::file_name(&dir);
        assert_eq!(
            keys,
            [
                format!("{root}/a/report.txt"),
                format!("{root}/a/seed.html"),
                format!("{root}/a/seed.txt"),
                format!("{root}/b/report.txt")
            ]
        );
        assert_eq!(clean_component(".."), "_");
        assert_eq!(clean_component("a\u{7}b"), "a_b");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed_and_loops_end() {
        let dir = temp("links");
        fs::create_dir_all(dir.join("d")).unwrap();
        fs::write(dir.join("d/a.txt"), "x").unwrap();
        std::os::unix::fs::symlink(dir.join("d"), dir.join("d/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dir.join("d/passwd.txt")).unwrap();
        let p = plan(&[dir.join("d")], false, None).unwrap();
        assert_eq!(p.inputs.len(), 1);
        assert_eq!(p.skipped.len(), 2);
        let p = plan(&[dir.join("d")], true, None).unwrap();
        // Followed: the loop is entered once and stops; the file behind the
        // link is read once.
        assert_eq!(p.inputs.len(), 2, "{:?}", p.inputs);
        assert!(p.skipped.iter().any(|s| s.reason == Reason::Loop));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn no_output_is_written_through_a_link() {
        let dir = temp("through");
        let outside = temp("outside");
        std::os::unix::fs::symlink(&outside, dir.join("documents")).unwrap();
        assert!(write_atomic(&dir, "documents/a.csv", b"x").is_err());
        assert!(!outside.join("a.csv").exists());
        // A link at the file's own name is replaced, not written through.
        std::os::unix::fs::symlink(outside.join("target"), dir.join("manifest.json")).unwrap();
        write_atomic(&dir, "manifest.json", b"{}").unwrap();
        assert!(!outside.join("target").exists());
        assert_eq!(fs::read(dir.join("manifest.json")).unwrap(), b"{}");
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn shards_cover_every_input_once() {
        let dir = temp("shards");
        for i in 0..20 {
            fs::write(dir.join(format!("{i}.txt")), "x").unwrap();
        }
        let all = plan(std::slice::from_ref(&dir), false, None).unwrap().inputs;
        let one = plan(std::slice::from_ref(&dir), false, Some((1, 2)))
            .unwrap()
            .inputs;
        let two = plan(std::slice::from_ref(&dir), false, Some((2, 2)))
            .unwrap()
            .inputs;
        assert_eq!(one.len() + two.len(), all.len());
        assert!(one.iter().all(|i| !two.contains(i)));
        assert!(!one.is_empty() && !two.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn times() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_796_152_847), "2026-12-01T19:20:47Z");
    }
}
