//! What a run records of each input: its manifest entry (status, typed
//! reason, counts, output), the log of entries appended as documents finish
//! (`manifest.jsonl`, which `--resume` reads) and the manifest of the whole
//! run (`manifest.json`).

use crate::model::Kind;
use crate::{Extraction, read};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use super::LOG;
use super::plan::Skipped;

/// Why an input failed or was passed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// Took longer than the time budget (its worker was stopped).
    Timeout,
    /// Its worker ran out of memory (over `--max-memory`, or none left).
    Oom,
    /// Its worker ended without an answer: a signal or an exit code, which
    /// the message names.
    Crashed,
    /// Not a regular file (a FIFO, a device, a socket, or a link to one):
    /// passed over without being opened.
    NotAFile,
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
    /// The run was stopped (SIGINT, SIGTERM) before the input was read or
    /// while it was: not read, and not logged (`--resume` reads it).
    Interrupted,
    /// A path given that is not there (no such file or folder).
    Missing,
    /// A text copy of a PDF that the run reads (`X.pdftotext.txt` or
    /// `X.txt` beside `X.pdf`).
    TextCopy,
    /// The reader refused it: written as the cause's own word
    /// (`encrypted`, `damaged`, `not_a_document`, …).
    #[serde(untagged)]
    Read(read::Cause),
}

impl Reason {
    /// What a path passed over by the plan is, in the manifest's words.
    pub(super) fn passed_over(self) -> &'static str {
        match self {
            Reason::Symlink => "a symbolic link, not followed (give --follow)",
            Reason::Loop => "a link back into a folder already searched",
            Reason::Duplicate => "the same file as another input",
            Reason::OtherShard => "another shard's input",
            Reason::TextCopy => "a text copy of a PDF the run reads",
            Reason::Missing => "no such file or folder",
            Reason::NotAFile => "not a regular file (a FIFO, a device or a socket), not opened",
            _ => "not read",
        }
    }
}

impl Reason {
    /// The reason as the manifest writes it (`timeout`, `not_a_document`).
    pub fn name(self) -> String {
        // Serde's name, so that the manifest and messages never differ.
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// What became of an input, in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Read, with units.
    Ok,
    /// Read, with more units than the units limit: those past it are
    /// dropped (a loss, as `empty` is).
    Truncated,
    /// Read, a document of a known kind, but no unit found in it.
    Empty,
    /// Read: no profile recognised it, so it holds no recommendations (a
    /// letter, a resolution, a programme plan). No failure of the run.
    None,
    /// Not read: the reason says why.
    Failed,
    /// Passed over by the plan: a link, a duplicate, another shard's input;
    /// or not finished by a run that was stopped (reason `interrupted`).
    /// (A document a resumed run finds done keeps the status it had, with
    /// `resumed`.)
    Skipped,
}

impl Status {
    /// The status as the manifest writes it.
    pub fn name(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Truncated => "truncated",
            Status::Empty => "empty",
            Status::None => "none",
            Status::Failed => "failed",
            Status::Skipped => "skipped",
        }
    }
}

/// Diagnostics of a document by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

impl Counts {
    /// An extraction's diagnostics by severity.
    pub fn of(x: &Extraction) -> Counts {
        use crate::diagnostic::Severity;
        let n = |s: Severity| x.diagnostics.iter().filter(|d| d.severity == s).count();
        Counts {
            errors: n(Severity::Error),
            warnings: n(Severity::Warning),
            notes: n(Severity::Note),
        }
    }
}

/// A document of a UPR review joined with another: its key and the
/// SHA-256 of its bytes (a resumed run joins again when they changed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sha256: Option<String>,
}

impl Joined {
    /// The document of an entry.
    pub(super) fn of(entry: &Entry) -> Joined {
        Joined {
            key: entry.key.clone(),
            sha256: entry.sha256.clone(),
        }
    }
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
    /// The document's symbol and title, as its masthead gives them: what
    /// a document of no known kind was.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub symbol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// For a document of no known kind: the kinds it came near, and why
    /// it is none of them.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub guesses: Vec<crate::model::Guess>,
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
    /// Taken from the run resumed, which read the same bytes with the same
    /// options: the status and counts are that run's.
    #[serde(skip_serializing_if = "is_false", default)]
    pub resumed: bool,
    /// The UPR review a report, addendum or thematic list belongs to: its
    /// report's symbol.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub review: Option<String>,
    /// A UPR report: the addenda and thematic lists of its review joined
    /// into it. An addendum or thematic list: the reports it was joined into.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub joined: Vec<Joined>,
    /// What else the run says of the input (an addendum or thematic list
    /// whose report is not among the inputs).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

impl Entry {
    /// An input's entry before anything is known of it.
    pub(super) fn new(input: String, key: String, options: &str) -> Entry {
        Entry {
            input,
            key,
            status: Status::Failed,
            reason: None,
            message: None,
            size: None,
            sha256: None,
            kind: None,
            symbol: None,
            title: None,
            guesses: Vec::new(),
            units: 0,
            pages_lost: 0,
            diagnostics: Counts::default(),
            seconds: 0.0,
            output: None,
            options: options.to_string(),
            resumed: false,
            review: None,
            joined: Vec::new(),
            note: None,
        }
    }

    /// The entry of an input a stopped run did not finish: `skipped`,
    /// reason `interrupted`; `what` says how far it got.
    pub(super) fn interrupted(mut self, what: &str) -> Entry {
        self.status = Status::Skipped;
        self.reason = Some(Reason::Interrupted);
        self.message = Some(format!(
            "{}: {what}; the run was stopped (SIGINT or SIGTERM)",
            self.key
        ));
        self.output = None;
        self
    }

    /// The entry of a path the plan passed over: links, duplicates and
    /// text copies are no failure (nothing of them is lost), another
    /// shard's input neither.
    pub(super) fn passed_over(skipped: &Skipped, options: &str) -> Entry {
        let mut entry = Entry::new(skipped.path.display().to_string(), String::new(), options);
        entry.status = match skipped.reason {
            Reason::Symlink
            | Reason::Loop
            | Reason::Duplicate
            | Reason::OtherShard
            | Reason::NotAFile
            | Reason::TextCopy => Status::Skipped,
            _ => Status::Failed,
        };
        entry.reason = Some(skipped.reason);
        let message = skipped.detail.as_deref().unwrap_or(skipped.reason.passed_over());
        entry.message = Some(message.to_string());
        entry
    }
}

/// The fewest characters of a message a shortened line keeps, however
/// long the path before it.
const LEAST_MESSAGE: usize = 40;

impl Entry {
    /// What became of the input on one line, naming its path once: path,
    /// status, reason and message (`in/a.pdf: failed (not_a_document): not
    /// a text or PDF file: …`). With a `width`, a longer line is shortened
    /// to it: the message's parenthesised asides go first (the kinds an
    /// `unknown_kind` looked for), then its end, marked `…`; the path
    /// stays whole. The manifest keeps the message whole.
    pub fn headline(&self, width: Option<usize>) -> String {
        let reason = self
            .reason
            .map(|r| format!(" ({})", r.name()))
            .unwrap_or_default();
        let head = format!("{}: {}{reason}", self.input, self.status.name());
        let message = self.message.as_deref().unwrap_or("nothing extracted");
        // The message names the input itself, by its key or its path.
        let message = [self.key.as_str(), self.input.as_str()]
            .iter()
            .filter(|p| !p.is_empty())
            .find_map(|p| message.strip_prefix(p).and_then(|m| m.strip_prefix(": ")))
            .unwrap_or(message);
        let message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(width) = width else {
            return format!("{head}: {message}");
        };
        let room = width.saturating_sub(head.chars().count() + 2).max(LEAST_MESSAGE);
        format!("{head}: {}", shorten(&message, room))
    }
}

/// A message within `room` characters: without its parenthesised asides
/// if that is enough, else cut, with `…` at the end.
fn shorten(message: &str, room: usize) -> String {
    if message.chars().count() <= room {
        return message.to_string();
    }
    let mut plain = String::with_capacity(message.len());
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let plain = plain.replace(" ;", ";").replace(" ,", ",").replace(" :", ":");
    if plain.chars().count() <= room {
        return plain;
    }
    let cut: String = plain.chars().take(room.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
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
    /// Documents with units dropped past the units limit.
    pub truncated: usize,
    pub empty: usize,
    /// Documents that hold no recommendations.
    pub none: usize,
    pub failed: usize,
    pub skipped: usize,
    /// Entries taken from the run resumed (counted under their status too).
    pub resumed: usize,
    /// PDF pages not read, over all inputs.
    pub pages_lost: u64,
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// The manifest of a run's entries, sorted by key (paths passed over last).
    pub(super) fn new(options: String, started: String, mut entries: Vec<Entry>) -> Manifest {
        entries
            .sort_by(|a, b| (a.key.is_empty(), &a.key, &a.input).cmp(&(b.key.is_empty(), &b.key, &b.input)));
        let count = |s: Status| entries.iter().filter(|e| e.status == s).count();
        Manifest {
            unrec: env!("CARGO_PKG_VERSION"),
            options,
            started,
            finished: now(),
            inputs: entries.len(),
            ok: count(Status::Ok),
            truncated: count(Status::Truncated),
            empty: count(Status::Empty),
            none: count(Status::None),
            failed: count(Status::Failed),
            skipped: count(Status::Skipped),
            resumed: entries.iter().filter(|e| e.resumed).count(),
            pages_lost: entries.iter().map(|e| u64::from(e.pages_lost)).sum(),
            entries,
        }
    }
}

/// The log of finished documents, a line each, appended as they finish
/// (none in a worker, whose run keeps the log).
pub(super) struct Log(Option<Mutex<File>>);

impl Log {
    /// Open the log in `dir` for appending (`O_APPEND`, never through a
    /// link): a resumed run's log with a torn last line cut back to its
    /// last whole line, else a new one.
    pub(super) fn open(dir: &Path, resume: bool) -> std::io::Result<Log> {
        use std::os::unix::fs::OpenOptionsExt;
        let path = dir.join(LOG);
        crate::emit::file::refuse_link(&path)?;
        if !resume {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)?;
        cut_torn_line(&file)?;
        Ok(Log(Some(Mutex::new(file))))
    }

    /// No log: a worker's entries go back to its run.
    pub(super) fn none() -> Log {
        Log(None)
    }

    /// Append an entry in one write call: a line is there whole or not at
    /// all (a short write, on a full disk, is cut off again).
    pub(super) fn append(&self, entry: &Entry) {
        let Some(file) = &self.0 else { return };
        let (Ok(mut line), Ok(mut file)) = (serde_json::to_vec(entry), file.lock()) else {
            return;
        };
        line.push(b'\n');
        let before = file.metadata().map(|m| m.len());
        let written = file.write(&line);
        if !written.is_ok_and(|n| n == line.len())
            && let Ok(len) = before
        {
            let _ = file.set_len(len);
        }
    }
}

/// Cut a log back to its last whole line (a kill or a full disk in the
/// middle of a line), so that the next line starts on a line of its own.
fn cut_torn_line(file: &File) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let len = file.metadata()?.len();
    let mut reader = file;
    let mut at = len;
    let mut byte = [0u8; 1];
    // Walk back to the last newline: a torn line is at most one entry long.
    while at > 0 {
        reader.seek(SeekFrom::Start(at - 1))?;
        reader.read_exact(&mut byte)?;
        if byte == [b'\n'] {
            break;
        }
        at -= 1;
    }
    if at < len {
        file.set_len(at)?;
    }
    Ok(())
}

/// The log of a previous run: each key's last entry.
pub(super) fn read_log(dir: &Path) -> HashMap<String, Entry> {
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

/// The counts of a run by status, for messages: `12 ok, 1 empty, 2 failed`.
pub fn tally(entries: &[Entry]) -> BTreeMap<&'static str, usize> {
    let mut out = BTreeMap::new();
    for e in entries {
        *out.entry(e.status.name()).or_insert(0) += 1;
    }
    out
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Now, as `2026-12-01T19:20:47Z`.
pub(super) fn now() -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_names_the_path_once_within_its_width() {
        let long = format!(
            "in/letter.txt: no profile recognised the document (looked for: {}); nothing extracted: `--kind` names one",
            "upr-report: a section of numbered recommendations; ".repeat(20)
        );
        let mut entry = Entry::new("in/letter.txt".into(), "in/letter.txt".into(), "");
        entry.status = Status::None;
        entry.message = Some(long.clone());
        assert_eq!(
            entry.headline(Some(200)),
            "in/letter.txt: none: no profile recognised the document; nothing extracted: `--kind` names one"
        );
        assert_eq!(entry.headline(None).matches("in/letter.txt").count(), 1);
        assert!(entry.headline(None).contains("upr-report"));
        entry.status = Status::Failed;
        entry.reason = Some(Reason::Timeout);
        entry.message = Some(format!("in/letter.txt: {}", "word ".repeat(100)));
        let line = entry.headline(Some(200));
        assert!(
            line.starts_with("in/letter.txt: failed (timeout): word word"),
            "{line}"
        );
        assert!(line.chars().count() <= 200 && line.ends_with('…'), "{line}");
        // No message: what the run says of it.
        entry.message = None;
        assert_eq!(
            entry.headline(Some(200)),
            "in/letter.txt: failed (timeout): nothing extracted"
        );
        let read = Reason::Read(read::Cause::NotADocument);
        assert_eq!(
            (read.name(), Reason::TextCopy.name()),
            ("not_a_document".into(), "text_copy".into())
        );
    }

    #[test]
    fn times() {
        assert_eq!(iso_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_time(1_796_152_847), "2026-12-01T19:20:47Z");
    }
}
