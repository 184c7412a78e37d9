//! Batch runs: many inputs in parallel, each isolated from the others, with
//! a manifest of what became of each.
//!
//! One bad file never stops a run: a file that cannot be read, or that
//! makes the library fail in any way, is recorded in the manifest with its
//! reason, and the others go on.

use crate::read::{self, SourceFormat};
use crate::segment::index::Index;
use crate::{Config, Extraction};
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Most files one run takes from the folders it is given.
const MAX_FILES: usize = 100_000;
/// Deepest folder nesting searched.
const MAX_DEPTH: usize = 16;

/// What became of one input.
#[derive(Debug)]
pub struct Outcome {
    pub path: PathBuf,
    pub result: Result<Extraction, String>,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    pub input: String,
    /// `ok` or `failed`.
    pub status: &'static str,
    pub units: usize,
    pub errors: usize,
    pub warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
}

impl Outcome {
    /// The manifest line for this outcome, with the output written for it.
    pub fn manifest(&self, output: Option<&Path>) -> ManifestEntry {
        let input = self.path.display().to_string();
        match &self.result {
            Ok(x) => {
                let count =
                    |s: crate::diagnostic::Severity| x.diagnostics.iter().filter(|d| d.severity == s).count();
                ManifestEntry {
                    input,
                    status: "ok",
                    units: x.document.unit_count(),
                    errors: count(crate::diagnostic::Severity::Error),
                    warnings: count(crate::diagnostic::Severity::Warning),
                    message: None,
                    output: output.map(|p| p.display().to_string()),
                }
            }
            Err(why) => ManifestEntry {
                input,
                status: "failed",
                units: 0,
                errors: 0,
                warnings: 0,
                message: Some(why.clone()),
                output: None,
            },
        }
    }
}

/// The files to read: each file named, and the PDF, text and HTML files
/// (`.pdf`, `.txt`, `.html`, `.htm`) in each folder named, searched to a
/// bounded depth, in name order.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, 0, &mut out)?;
        } else {
            out.push(path.clone());
        }
        if out.len() > MAX_FILES {
            return Err(format!("more than {MAX_FILES} input files"));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> Result<(), String> {
    if depth > MAX_DEPTH || out.len() > MAX_FILES {
        return Ok(());
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            walk(&path, depth + 1, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["pdf", "txt", "html", "htm"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        }) {
            out.push(path);
        }
    }
    Ok(())
}

/// Extract every input in parallel (cross-checked against `index` when
/// given), calling `done` as each finishes. Outcomes come back in input
/// order.
pub fn run(
    paths: &[PathBuf],
    index: Option<&Index>,
    config: &Config,
    done: &(dyn Fn(&Path) + Sync),
) -> Vec<Outcome> {
    paths
        .par_iter()
        .map(|path| {
            let result = std::panic::catch_unwind(|| extract_one(path, index, config)).unwrap_or_else(|_| {
                Err(format!(
                    "{}: the extraction failed unexpectedly; the file is skipped",
                    path.display()
                ))
            });
            done(path);
            Outcome {
                path: path.clone(),
                result,
            }
        })
        .collect()
}

fn extract_one(path: &Path, index: Option<&Index>, config: &Config) -> Result<Extraction, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let mut extraction = crate::extract(&read::file_name(path), &bytes, config).map_err(|e| e.to_string())?;
    if let Some(index) = index {
        extraction.cross_check(index);
    }
    Ok(extraction)
}

/// The name of an input's output file: its file name with the format's
/// extension, and the input's format when two inputs would share it
/// (`paper.pdf` and `paper.txt` give `paper.pdf.csv` and `paper.txt.csv`).
pub fn output_name(extraction: &Extraction, extension: &str, clash: bool) -> String {
    let file = &extraction.document.source.file;
    let stem = file.rsplit_once('.').map_or(file.as_str(), |(stem, _)| stem);
    if clash {
        let kind = match extraction.document.source.format {
            SourceFormat::Pdf => "pdf",
            SourceFormat::Text => "txt",
        };
        format!("{stem}.{kind}.{extension}")
    } else {
        format!("{stem}.{extension}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_file_does_not_stop_the_others() {
        let dir = std::env::temp_dir().join(format!("unrec-batch-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(
            dir.join("a.txt"),
            "I. First meeting, Vienna, 4 July 2018\n1. States should act.\n",
        )
        .unwrap();
        std::fs::write(dir.join("sub/b.pdf"), b"%PDF-1.4 broken").unwrap();
        std::fs::write(dir.join("notes.md"), "ignored").unwrap();
        let files = inputs(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(files.len(), 2);
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let outcomes = run(&files, None, &Config::default(), &|_| {
            seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(seen.into_inner(), 2);
        let manifest: Vec<ManifestEntry> = outcomes.iter().map(|o| o.manifest(None)).collect();
        assert_eq!((manifest[0].status, manifest[0].units), ("ok", 1));
        assert_eq!(manifest[1].status, "failed");
        assert!(
            manifest[1]
                .message
                .as_deref()
                .unwrap_or_default()
                .contains("b.pdf")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
