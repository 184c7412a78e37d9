//! Regression cases: every folder `DIR/<case>/` holds one input document and
//! the output expected from it (`expected.csv`, `expected.json`,
//! `expected.jsonl`, or `expected.error` for input that must fail). A run
//! compares the current output with each expected file byte for byte;
//! blessing rewrites them.
//!
//! A case may instead name its document in a file `document.path` (a path
//! relative to the case folder), so that several cases share one document.
//! A case that holds a file whose name starts with `index` is a cross-check
//! case: the document is extracted and checked against that index.

use crate::emit::{self, Format};
use crate::{Config, read};
use std::fmt;
use std::path::{Path, PathBuf};

/// Most lines of a difference shown for one file.
const MAX_DIFF_LINES: usize = 12;

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    Passed,
    Failed,
    Blessed,
    /// The case folder itself is wrong (no input, several inputs, unreadable).
    Broken(String),
}

/// One case folder's result.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub outcome: Outcome,
    /// One readable difference per expected file that differs.
    pub differences: Vec<String>,
}

impl Case {
    pub fn summary(&self) -> String {
        match &self.outcome {
            Outcome::Passed => format!("ok      {}", self.name),
            Outcome::Failed => format!("FAILED  {}", self.name),
            Outcome::Blessed => format!("blessed {}", self.name),
            Outcome::Broken(why) => format!("BROKEN  {}: {why}", self.name),
        }
    }
}

/// The result of a run over a folder of cases.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub cases: Vec<Case>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.cases
            .iter()
            .filter(|c| matches!(c.outcome, Outcome::Passed | Outcome::Blessed))
            .count()
    }
    pub fn failed(&self) -> usize {
        self.cases.len() - self.passed()
    }
}

/// The folder of cases could not be listed.
#[derive(Debug)]
pub struct RegressError {
    pub dir: PathBuf,
    pub source: std::io::Error,
}

impl fmt::Display for RegressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: cannot list cases: {}", self.dir.display(), self.source)
    }
}

impl std::error::Error for RegressError {}

/// The file that marks a folder of `DIR` as no case.
pub const NOT_A_CASE: &str = "NOT-A-CASE";

/// The case folders under `dir`, in name order: every folder that holds an
/// input (or is broken), not those marked `NOT-A-CASE` or holding nothing.
pub fn case_folders(dir: &Path) -> Result<Vec<PathBuf>, RegressError> {
    let error = |source| RegressError {
        dir: dir.to_path_buf(),
        source,
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(error)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        // A folder marked `NOT-A-CASE` holds inputs other tests use.
        .filter(|p| !p.join(NOT_A_CASE).exists())
        .filter(|p| !matches!(inputs_of(p), Ok(None)))
        .collect();
    folders.sort();
    Ok(folders)
}

/// Run (or bless) every case under `dir`, in name order.
pub fn run(dir: &Path, bless: bool, config: &Config) -> Result<Report, RegressError> {
    let cases = case_folders(dir)?
        .iter()
        .map(|p| run_case(p, bless, config))
        .collect();
    Ok(Report { cases })
}

/// The inputs of a case folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inputs {
    pub document: PathBuf,
    pub index: Option<PathBuf>,
}

/// The inputs of a case folder: the document (its one input file, or the
/// file `document.path` names) and an index (a file named `index*`). Any file
/// but `expected.*`, README files and hidden files is an input. `None` for a
/// folder that holds no case.
pub fn inputs_of(folder: &Path) -> Result<Option<Inputs>, CaseError> {
    let entries = std::fs::read_dir(folder).map_err(|source| CaseError::Io {
        path: folder.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = read::file_name(p);
            !(name.starts_with("expected.") || name.starts_with('.') || name.starts_with("README"))
        })
        .collect();
    files.sort();
    let (indexes, mut rest): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|p| read::file_name(p).starts_with("index"));
    let index = match indexes.len() {
        0 => None,
        1 => indexes.into_iter().next(),
        n => return Err(CaseError::Indexes(n)),
    };
    if let Some(at) = rest.iter().position(|p| read::file_name(p) == "document.path") {
        let pointer = rest.remove(at);
        if !rest.is_empty() {
            return Err(CaseError::PointerAndInput);
        }
        let target = std::fs::read_to_string(&pointer).map_err(|source| CaseError::Io {
            path: pointer.clone(),
            source,
        })?;
        let document = folder.join(target.trim());
        if !document.is_file() {
            return Err(CaseError::Dangling(document));
        }
        return Ok(Some(Inputs { document, index }));
    }
    match rest.len() {
        0 if index.is_some() => Err(CaseError::IndexOnly),
        0 => Ok(None),
        1 => Ok(rest.pop().map(|document| Inputs { document, index })),
        n => Err(CaseError::Inputs(n)),
    }
}

/// Why a case folder holds no valid case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} index files; a case holds at most one")]
    Indexes(usize),
    #[error("both document.path and an input file")]
    PointerAndInput,
    #[error("document.path names {}, which is not a file", .0.display())]
    Dangling(PathBuf),
    #[error("an index but no document")]
    IndexOnly,
    #[error("{0} input files; a case holds exactly one document")]
    Inputs(usize),
}

fn run_case(folder: &Path, bless: bool, config: &Config) -> Case {
    let name = read::file_name(folder);
    let broken = |why: String| Case {
        name: name.clone(),
        outcome: Outcome::Broken(why),
        differences: Vec::new(),
    };
    let actual = match case_output(folder, config) {
        Ok(actual) => actual,
        Err(why) => return broken(why),
    };
    if bless {
        return match bless_case(folder, &actual) {
            Ok(()) => Case {
                name,
                outcome: Outcome::Blessed,
                differences: Vec::new(),
            },
            Err(why) => broken(why),
        };
    }
    let any_expected = std::fs::read_dir(folder)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with("expected."))
        })
        .unwrap_or(false);
    if !any_expected {
        return broken("no expected.* files; run with --bless to create them".into());
    }
    let differences = differences(folder, &actual);
    Case {
        name,
        outcome: if differences.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed
        },
        differences,
    }
}

/// What a case's inputs give now: each format's bytes under its expected
/// file's name, or `expected.error` with the message of a read failure.
/// `Err` for a case folder that is wrong.
fn case_output(folder: &Path, config: &Config) -> Result<Vec<(String, Vec<u8>)>, String> {
    let inputs = match inputs_of(folder) {
        Ok(Some(inputs)) => inputs,
        Ok(None) => return Err("no input file".into()),
        Err(why) => return Err(why.to_string()),
    };
    let read_file = |path: &Path| std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()));
    let bytes = read_file(&inputs.document)?;
    let index = match &inputs.index {
        Some(path) => Some((path, read_file(path)?)),
        None => None,
    };
    // A failure to read the index is the case's expected error, as the
    // document's own would be.
    let companions: Result<Vec<crate::Companion>, _> = index
        .iter()
        .map(|(path, b)| crate::Companion::read(&read::file_name(path), b, config))
        .collect();
    let result =
        companions.and_then(|c| crate::extract_with(&read::file_name(&inputs.document), &bytes, &c, config));
    match result {
        Ok(extraction) => Format::TEXT
            .iter()
            .map(|format| {
                emit::to_bytes(*format, &extraction)
                    .map(|b| (format!("expected.{}", format.extension()), b))
                    .map_err(|e| e.to_string())
            })
            .collect(),
        Err(e) => Ok(vec![(
            "expected.error".to_string(),
            format!("{e}\n").into_bytes(),
        )]),
    }
}

/// Rewrite a case's expected files: the formats it already has (a new case
/// gets CSV and JSON), and no stale file of the other outcome.
fn bless_case(folder: &Path, actual: &[(String, Vec<u8>)]) -> Result<(), String> {
    let present: Vec<&(String, Vec<u8>)> = actual.iter().filter(|(f, _)| folder.join(f).exists()).collect();
    let chosen: Vec<&(String, Vec<u8>)> = if present.is_empty() {
        actual.iter().filter(|(f, _)| f != "expected.jsonl").collect()
    } else {
        present
    };
    for (file, bytes) in chosen {
        crate::emit::file::write_atomic(&folder.join(file), bytes)
            .map_err(|e| format!("cannot write {file}: {e}"))?;
    }
    // An input that now fails (or now succeeds) leaves stale files.
    remove_stale(folder, actual);
    Ok(())
}

/// Each expected file that the output does not match, as a readable
/// difference, in name order.
fn differences(folder: &Path, actual: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut differences = Vec::new();
    for entry in std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
    {
        let file = entry.file_name().to_string_lossy().into_owned();
        if !file.starts_with("expected.") {
            continue;
        }
        let expected = std::fs::read(entry.path()).unwrap_or_default();
        match actual.iter().find(|(f, _)| *f == file) {
            Some((_, got)) if *got == expected => {}
            Some((_, got)) => differences.push(diff(&file, &expected, got)),
            None => differences.push(format!(
                "--- {file}: expected, but the run produced {}",
                describe(actual)
            )),
        }
    }
    differences.sort();
    differences
}

fn describe(actual: &[(String, Vec<u8>)]) -> String {
    if actual.iter().any(|(f, _)| f == "expected.error") {
        "an error instead".to_string()
    } else {
        "output instead of an error".to_string()
    }
}

fn remove_stale(folder: &Path, actual: &[(String, Vec<u8>)]) {
    let failed = actual.iter().any(|(f, _)| f == "expected.error");
    for ext in ["csv", "json", "jsonl", "error"] {
        let file = format!("expected.{ext}");
        let stale = if failed { ext != "error" } else { ext == "error" };
        if stale {
            let _ = std::fs::remove_file(folder.join(file));
        }
    }
}

/// A readable difference: the lines between the common head and tail,
/// expected with `-`, actual with `+`, numbered by expected line.
pub fn diff(file: &str, expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let head = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let tail = e
        .iter()
        .rev()
        .zip(a.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(e.len().min(a.len()) - head);
    let removed = e.get(head..e.len() - tail).unwrap_or_default();
    let added = a.get(head..a.len() - tail).unwrap_or_default();
    let mut out = format!(
        "--- {file} (expected) +++ actual: {} line(s) differ from line {}",
        removed.len().max(added.len()),
        head + 1
    );
    for line in removed.iter().take(MAX_DIFF_LINES) {
        out.push_str(&format!("\n- {line}"));
    }
    if removed.len() > MAX_DIFF_LINES {
        out.push_str(&format!("\n- … {} more", removed.len() - MAX_DIFF_LINES));
    }
    for line in added.iter().take(MAX_DIFF_LINES) {
        out.push_str(&format!("\n+ {line}"));
    }
    if added.len() > MAX_DIFF_LINES {
        out.push_str(&format!("\n+ … {} more", added.len() - MAX_DIFF_LINES));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_shows_changed_lines_only() {
        let d = diff("expected.csv", b"a\nb\nc\nd\n", b"a\nB\nc\nd\n");
        assert!(d.contains("from line 2"), "{d}");
        assert!(d.contains("\n- b") && d.contains("\n+ B"), "{d}");
        assert!(!d.contains("- a") && !d.contains("- c"), "{d}");
        let d = diff("x", b"a\n", b"a\nextra\n");
        assert!(d.contains("\n+ extra") && !d.contains("\n- "), "{d}");
    }
}
