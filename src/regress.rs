//! Regression cases: every folder `DIR/<case>/` holds one input document and
//! the output expected from it (`expected.csv`, `expected.json`,
//! `expected.jsonl`, or `expected.error` for input that must fail). A run
//! compares the current output with each expected file byte for byte;
//! blessing rewrites them.

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

/// Run (or bless) every case under `dir`, in name order.
pub fn run(dir: &Path, bless: bool, config: &Config) -> Result<Report, RegressError> {
    let error = |source| RegressError {
        dir: dir.to_path_buf(),
        source,
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(error)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    let cases = folders
        .iter()
        .filter(|p| input_of(p).is_ok_and(|i| i.is_some()))
        .map(|p| run_case(p, bless, config))
        .collect();
    Ok(Report { cases })
}

/// The one input file of a case folder: any file but `expected.*`, README
/// files and hidden files. `None` for a folder that holds no case.
fn input_of(folder: &Path) -> Result<Option<PathBuf>, String> {
    let entries = std::fs::read_dir(folder).map_err(|e| e.to_string())?;
    let mut inputs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = read::file_name(p);
            !(name.starts_with("expected.") || name.starts_with('.') || name.starts_with("README"))
        })
        .collect();
    inputs.sort();
    match inputs.len() {
        0 => Ok(None),
        1 => Ok(inputs.pop()),
        n => Err(format!("{n} input files; a case holds exactly one")),
    }
}

fn run_case(folder: &Path, bless: bool, config: &Config) -> Case {
    let name = read::file_name(folder);
    let broken = |why: String| Case {
        name: name.clone(),
        outcome: Outcome::Broken(why),
        differences: Vec::new(),
    };
    let input = match input_of(folder) {
        Ok(Some(input)) => input,
        Ok(None) => return broken("no input file".into()),
        Err(why) => return broken(why),
    };
    let bytes = match std::fs::read(&input) {
        Ok(b) => b,
        Err(e) => return broken(format!("{}: {e}", input.display())),
    };
    let actual: Vec<(String, Vec<u8>)> = match crate::extract(&read::file_name(&input), &bytes, config) {
        Ok(extraction) => {
            let mut out = Vec::new();
            for format in Format::ALL {
                match emit::to_bytes(format, &extraction) {
                    Ok(b) => out.push((format!("expected.{}", format.extension()), b)),
                    Err(e) => return broken(e.to_string()),
                }
            }
            out
        }
        Err(e) => vec![("expected.error".to_string(), format!("{e}\n").into_bytes())],
    };
    let present: Vec<&(String, Vec<u8>)> = actual.iter().filter(|(f, _)| folder.join(f).exists()).collect();
    let any_expected = std::fs::read_dir(folder)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .any(|e| e.file_name().to_string_lossy().starts_with("expected."))
        })
        .unwrap_or(false);

    if bless {
        // Keep the formats a case already has; a new case gets CSV and JSON.
        let chosen: Vec<&(String, Vec<u8>)> = if present.is_empty() {
            actual.iter().filter(|(f, _)| f != "expected.jsonl").collect()
        } else {
            present
        };
        for (file, bytes) in chosen {
            if let Err(e) = std::fs::write(folder.join(file), bytes) {
                return broken(format!("cannot write {file}: {e}"));
            }
        }
        // An input that now fails (or now succeeds) leaves stale files.
        remove_stale(folder, &actual);
        return Case {
            name,
            outcome: Outcome::Blessed,
            differences: Vec::new(),
        };
    }

    if !any_expected {
        return broken("no expected.* files; run with --bless to create them".into());
    }
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
                describe(&actual)
            )),
        }
    }
    differences.sort();
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
