//! Each document of a run in a process of its own, so that no input can
//! take the run down or stall it: the worker (the program [`Worker`] names,
//! which calls [`serve`]) is handed a [`Request`] as one JSON document on
//! its standard input, sets its own memory limit, extracts the document,
//! writes its outputs itself (atomically) and prints its manifest entry as
//! one JSON line. The run reads a bounded answer and, when the worker
//! passes its time budget, kills it: its work stops with it. A worker that
//! ends without an answer is an entry too: `oom` when it died of a failed
//! allocation, else `crashed` with its signal or exit code.

use super::Options;
use super::document::Shared;
use super::manifest::{Entry, Log, Reason, Status};
use super::output::output_of;
use super::plan::Input;
use crate::emit::{self, Format};
use crate::model::Kind;
use crate::{Companion, Config};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Most bytes of a worker's answer read (one manifest entry).
const MAX_ANSWER: u64 = 4 * 1024 * 1024;
/// Most bytes of a worker's standard error kept (its last words).
const MAX_STDERR: u64 = 64 * 1024;
/// Most bytes of a request read by a worker.
const MAX_REQUEST: u64 = 16 * 1024 * 1024;
/// What Rust's allocator prints before it aborts on a failed allocation.
const ALLOCATION_FAILED: &str = "memory allocation of";

/// How to start a worker process.
#[derive(Debug, Clone)]
pub struct Worker {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The run's companions as files, the same ones `run` is given, in
    /// the same order: each worker reads them again.
    pub companions: Vec<PathBuf>,
}

/// What a worker is asked to do.
#[derive(Debug, Serialize, Deserialize)]
pub struct Request {
    input: PathBuf,
    key: String,
    dir: PathBuf,
    format: String,
    csv_safe: bool,
    db: Option<PathBuf>,
    /// The run's options as its entries record them.
    described: String,
    repair: bool,
    kind: Option<String>,
    limits: Vec<(String, u64)>,
    companions: Vec<PathBuf>,
    max_memory: Option<u64>,
}

impl Request {
    fn new(shared: &Shared, worker: &Worker, input: &Input) -> Request {
        let (options, config) = (shared.options, shared.config);
        let limits = crate::limits::Limit::ALL
            .iter()
            .map(|l| (l.name().to_string(), config.read.limits.get(*l)))
            .collect();
        Request {
            input: input.path.clone(),
            key: input.key.clone(),
            dir: shared.dir.to_path_buf(),
            format: options.format.extension().to_string(),
            csv_safe: options.csv_safe,
            db: options.db.clone(),
            described: shared.described.clone(),
            repair: config.read.repair,
            kind: config.kind.map(|k| k.name().to_string()),
            limits,
            companions: worker.companions.clone(),
            max_memory: options.max_memory,
        }
    }

    fn config(&self) -> Config {
        let mut config = Config::default();
        config.read.repair = self.repair;
        config.kind = self.kind.as_deref().and_then(Kind::from_name);
        for (name, value) in &self.limits {
            if let Some(limit) = crate::limits::Limit::from_name(name) {
                config.read.limits.set(limit, *value);
            }
        }
        config
    }
}

/// A worker's life: read the request on `input`, limit its own memory,
/// extract and write the document, answer its entry on `output`. The
/// result is the process's exit code.
pub fn serve(input: impl Read, mut output: impl Write) -> u8 {
    let mut text = Vec::new();
    if input.take(MAX_REQUEST).read_to_end(&mut text).is_err() {
        return 3;
    }
    let Ok(request) = serde_json::from_slice::<Request>(&text) else {
        return 3;
    };
    let entry = super::in_pool(Some(1), || {
        if let Some(bytes) = request.max_memory {
            limit_memory(bytes);
        }
        work(&request)
    });
    let Ok(mut line) = serde_json::to_vec(&entry) else {
        return 3;
    };
    line.push(b'\n');
    if output.write_all(&line).and_then(|()| output.flush()).is_err() {
        return 3;
    }
    0
}

/// Limit the process's address space to `bytes` (`RLIMIT_AS`): past it an
/// allocation fails and the process aborts, which its run records as `oom`.
fn limit_memory(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit reads the struct given and changes only limits.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

/// The worker's document extracted and written as a run in-process would.
fn work(request: &Request) -> Entry {
    let config = request.config();
    let options = Options {
        format: Format::from_extension(&request.format).unwrap_or(Format::Csv),
        csv_safe: request.csv_safe,
        db: request.db.clone(),
        ..Options::default()
    };
    let companions: Vec<Companion> = request
        .companions
        .iter()
        .filter_map(|path| {
            let bytes = crate::read::read_bytes(path, config.read.limits.input_bytes).ok()?;
            Companion::read(&crate::read::file_name(path), &bytes, &config).ok()
        })
        .collect();
    let db = options
        .db
        .as_deref()
        .and_then(|path| emit::sqlite::SqliteSink::open(path).ok())
        .map(std::sync::Mutex::new);
    let shared = Shared {
        dir: &request.dir,
        options: &options,
        config: &config,
        companions: &companions,
        described: request.described.clone(),
        previous: HashMap::new(),
        log: Log::none(),
        db,
    };
    let input = Input {
        path: request.input.clone(),
        key: request.key.clone(),
    };
    shared.one(&input).entry
}

/// Extract one input in a worker process within the run's time budget,
/// and give its entry (made here when the worker gave none).
pub(super) fn extract_in(shared: &Shared, worker: &Worker, input: &Input, entry: Entry) -> Entry {
    let started = Instant::now();
    let request = Request::new(shared, worker, input);
    let outcome = spawn(worker, &request).and_then(|child| finish(child, shared.options));
    let fail = |mut entry: Entry, reason: Reason, message: String| {
        entry.status = Status::Failed;
        entry.reason = Some(reason);
        entry.message = Some(format!("{}: {message}", input.key));
        entry
    };
    let result = match outcome {
        Ok(Finished::Stopped(pid)) => {
            clean_up(shared.dir, input, shared.options.format, pid);
            entry.interrupted("its worker was stopped")
        }
        // Ended without an answer once the run was stopped: a Ctrl-C
        // reaches the workers too.
        Ok(Finished::Exited { status, pid, .. }) if !status.success() && shared.options.stopped() => {
            clean_up(shared.dir, input, shared.options.format, pid);
            entry.interrupted("its worker was stopped")
        }
        Err(e) => fail(
            entry,
            Reason::Crashed,
            format!("the worker could not be run: {e}"),
        ),
        Ok(Finished::TimedOut(pid)) => {
            clean_up(shared.dir, input, shared.options.format, pid);
            let limit = shared.options.timeout.unwrap_or_default().as_secs_f64();
            fail(
                entry,
                Reason::Timeout,
                format!("the extraction took longer than {limit} s; it was stopped"),
            )
        }
        Ok(Finished::Exited {
            status,
            answer,
            stderr,
            pid,
        }) => match serde_json::from_slice::<Entry>(&answer) {
            Ok(answered) if status.success() => answered,
            _ => {
                clean_up(shared.dir, input, shared.options.format, pid);
                let (reason, message) = why_ended(status, &stderr);
                fail(entry, reason, message)
            }
        },
    };
    let mut result = result;
    result.seconds = started.elapsed().as_secs_f64();
    result
}

/// How a worker ended.
enum Finished {
    TimedOut(u32),
    /// Killed because the run was stopped.
    Stopped(u32),
    Exited {
        status: ExitStatus,
        answer: Vec<u8>,
        stderr: Vec<u8>,
        pid: u32,
    },
}

fn spawn(worker: &Worker, request: &Request) -> std::io::Result<Child> {
    let mut child = Command::new(&worker.program)
        .args(&worker.args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let written = match child.stdin.take() {
        Some(mut stdin) => serde_json::to_writer(&mut stdin, request).map_err(std::io::Error::from),
        None => Ok(()),
    };
    if let Err(e) = written {
        let _ = child.kill();
        let _ = child.wait();
        return Err(e);
    }
    Ok(child)
}

/// Wait for a worker's answer (its standard output closed) within the
/// time budget; kill it past the budget, or once the run is stopped.
fn finish(mut child: Child, options: &Options) -> std::io::Result<Finished> {
    let pid = child.id();
    let (send, receive) = std::sync::mpsc::channel();
    let stdout = child.stdout.take();
    std::thread::spawn(move || {
        let _ = send.send(stdout.map(|s| bounded(s, MAX_ANSWER)).unwrap_or_default());
    });
    let stderr = child.stderr.take();
    let errors = std::thread::spawn(move || stderr.map(|s| bounded(s, MAX_STDERR)).unwrap_or_default());
    let answer = match wait_answer(&receive, options) {
        Ok(answer) => answer,
        Err(ended) => {
            let _ = child.kill();
            let _ = child.wait();
            let _ = errors.join();
            return Ok(ended(pid));
        }
    };
    let status = child.wait()?;
    let stderr = errors.join().unwrap_or_default();
    Ok(Finished::Exited {
        status,
        answer,
        stderr,
        pid,
    })
}

/// How often a run waiting for a worker looks whether it was stopped.
const STOP_POLL: Duration = Duration::from_millis(50);

/// A worker's answer, as soon as it comes, unless the time budget passes
/// (`TimedOut`) or the run is stopped (`Stopped`) first.
fn wait_answer(
    receive: &std::sync::mpsc::Receiver<Vec<u8>>,
    options: &Options,
) -> Result<Vec<u8>, fn(u32) -> Finished> {
    use std::sync::mpsc::RecvTimeoutError;
    let deadline = options.timeout.map(|limit| Instant::now() + limit);
    loop {
        if options.stopped() {
            return Err(Finished::Stopped);
        }
        let wait = deadline.map_or(STOP_POLL, |d| {
            d.saturating_duration_since(Instant::now()).min(STOP_POLL)
        });
        match receive.recv_timeout(wait) {
            Ok(answer) => return Ok(answer),
            Err(RecvTimeoutError::Timeout) if deadline.is_none_or(|d| Instant::now() < d) => {}
            Err(_) => return Err(Finished::TimedOut),
        }
    }
}

/// At most `limit` bytes of a stream, the rest read and dropped so that
/// the writer never blocks.
fn bounded(stream: impl Read, limit: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stream = stream;
    let _ = stream.by_ref().take(limit).read_to_end(&mut out);
    let _ = std::io::copy(&mut stream, &mut std::io::sink());
    out
}

/// Why a worker ended without an answer: out of memory (a failed
/// allocation said so before the abort), else its signal or exit code.
fn why_ended(status: ExitStatus, stderr: &[u8]) -> (Reason, String) {
    use std::os::unix::process::ExitStatusExt;
    let said = String::from_utf8_lossy(stderr);
    if let Some(line) = said.lines().find(|l| l.contains(ALLOCATION_FAILED)) {
        let message = format!(
            "the extraction ran out of memory ({}); the file is skipped",
            line.trim()
        );
        return (Reason::Oom, message);
    }
    let last = said.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("");
    let how = match (status.signal(), status.code()) {
        (Some(signal), _) => format!("signal {signal}"),
        (None, Some(code)) => format!("exit code {code}"),
        (None, None) => "no status".to_string(),
    };
    let said = if last.is_empty() {
        String::new()
    } else {
        format!(": {}", last.trim())
    };
    (
        Reason::Crashed,
        format!("the extraction crashed ({how}){said}; the file is skipped"),
    )
}

/// The temporary files a stopped worker left beside the document's outputs.
fn clean_up(dir: &Path, input: &Input, format: Format, pid: u32) {
    let output = dir.join(output_of(&input.key, format));
    if let Some(folder) = output.parent() {
        emit::file::remove_temps_of(folder, pid);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    #[test]
    fn an_abort_after_a_failed_allocation_is_oom_and_others_crashes() {
        let said = b"memory allocation of 1073741824 bytes failed\nnote: run with RUST_BACKTRACE\n";
        // Raw wait statuses: killed by SIGABRT (6), by SIGSEGV (11), exit 3.
        let (reason, message) = why_ended(ExitStatus::from_raw(6), said);
        assert_eq!(reason, Reason::Oom);
        assert!(message.contains("1073741824 bytes"), "{message}");
        let (reason, message) = why_ended(ExitStatus::from_raw(11), b"");
        assert_eq!(reason, Reason::Crashed);
        assert!(message.contains("signal 11"), "{message}");
        let (reason, message) = why_ended(ExitStatus::from_raw(3 << 8), b"bad request\n");
        assert_eq!(reason, Reason::Crashed);
        assert!(message.contains("(exit code 3): bad request"), "{message}");
    }
}
