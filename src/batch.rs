//! Batch runs: many inputs in parallel, each isolated from the others, with
//! a manifest of what became of each.
//!
//! One bad file never stops a run: a file that cannot be read, or that
//! makes the library fail in any way, is recorded in the manifest with its
//! reason, and the others go on.

use crate::check::reconcile::Reconciliation;
use crate::diagnostic::Code;
use crate::emit::{self, Format};
use crate::model::Kind;
use crate::read::{self, SourceFormat};
use crate::segment::index::Index;
use crate::{Config, Extraction};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
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
    /// The input read as an index, when it is one (for `--reconcile`).
    pub index: Option<Index>,
}

/// What became of an input, in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Status {
    /// Read, with units.
    Ok,
    /// Read, but nothing extracted: no known kind, or no unit in it.
    Empty,
    /// Not read: the message says why.
    Failed,
}

/// One line of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManifestEntry {
    pub input: String,
    pub status: Status,
    /// The kind the document was read as.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
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
                let units = x.document.unit_count();
                let empty = units == 0;
                ManifestEntry {
                    input,
                    status: if empty { Status::Empty } else { Status::Ok },
                    kind: Some(x.document.kind),
                    units,
                    errors: count(crate::diagnostic::Severity::Error),
                    warnings: count(crate::diagnostic::Severity::Warning),
                    message: empty.then(|| {
                        x.diagnostics
                            .iter()
                            .find(|d| matches!(d.code, Code::NoUnits | Code::UnknownKind))
                            .map(|d| d.message.clone())
                            .unwrap_or_else(|| "nothing extracted".to_string())
                    }),
                    output: output.map(|p| p.display().to_string()),
                }
            }
            Err(why) => ManifestEntry {
                input,
                status: Status::Failed,
                kind: None,
                units: 0,
                errors: 0,
                warnings: 0,
                message: Some(why.clone()),
                output: None,
            },
        }
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

/// The verdict of a run from its manifest.
pub fn verdict(manifest: &[ManifestEntry], strict: bool) -> Verdict {
    if manifest.iter().any(|m| m.status != Status::Ok) {
        Verdict::Failure
    } else if strict && manifest.iter().any(|m| m.errors > 0) {
        Verdict::Findings
    } else {
        Verdict::Fine
    }
}

/// Write one output per extracted input into `dir`, named by
/// [`output_name`], and `manifest.json`; give back the manifest.
pub fn write(outcomes: &[Outcome], dir: &Path, format: Format) -> Result<Vec<ManifestEntry>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
    // Two inputs with one stem (`a.pdf`, `a.txt`) get the format in their names.
    let mut stems: HashMap<String, usize> = HashMap::new();
    for x in outcomes.iter().filter_map(|o| o.result.as_ref().ok()) {
        *stems
            .entry(output_name(x, format.extension(), false))
            .or_default() += 1;
    }
    let mut manifest = Vec::with_capacity(outcomes.len());
    for outcome in outcomes {
        let written = match &outcome.result {
            Ok(x) => {
                let plain = output_name(x, format.extension(), false);
                let name = output_name(x, format.extension(), stems.get(&plain).is_some_and(|n| *n > 1));
                let path = dir.join(name);
                let bytes = emit::to_bytes(format, x).map_err(|e| e.to_string())?;
                std::fs::write(&path, bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                Some(path)
            }
            Err(_) => None,
        };
        manifest.push(outcome.manifest(written.as_deref()));
    }
    let path = dir.join("manifest.json");
    let json = serde_json::to_string_pretty(&manifest).map_err(|e| format!("cannot write JSON: {e}"))? + "\n";
    std::fs::write(&path, json).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(manifest)
}

/// Reconcile the documents a run read (see [`crate::check::reconcile`]):
/// reports matched by their dates take the compilation's ordinals, so their
/// outputs carry ids that join.
pub fn reconcile(outcomes: &mut [Outcome]) -> Reconciliation {
    let indexes: Vec<Index> = outcomes.iter().filter_map(|o| o.index.clone()).collect();
    let mut slots: Vec<usize> = Vec::new();
    let mut documents: Vec<crate::model::Document> = Vec::new();
    for (i, outcome) in outcomes.iter().enumerate() {
        if let (Ok(x), None) = (&outcome.result, &outcome.index) {
            let mut doc = x.document.clone();
            doc.diagnostics = x.diagnostics.clone();
            documents.push(doc);
            slots.push(i);
        }
    }
    let result = crate::check::reconcile::reconcile(&mut documents, &indexes);
    for (doc, slot) in documents.into_iter().zip(slots) {
        if let Some(Ok(x)) = outcomes.get_mut(slot).map(|o| &mut o.result) {
            x.diagnostics = doc.diagnostics.clone();
            x.document = crate::model::Document {
                diagnostics: Vec::new(),
                ..doc
            };
        }
    }
    result
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
            match result {
                Ok((x, own_index)) => Outcome {
                    path: path.clone(),
                    result: Ok(x),
                    index: own_index,
                },
                Err(e) => Outcome {
                    path: path.clone(),
                    result: Err(e),
                    index: None,
                },
            }
        })
        .collect()
}

fn extract_one(
    path: &Path,
    index: Option<&Index>,
    config: &Config,
) -> Result<(Extraction, Option<Index>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let name = read::file_name(path);
    let mut extraction = crate::extract(&name, &bytes, config).map_err(|e| e.to_string())?;
    if extraction.document.kind == Kind::Index {
        let own = crate::read_index(&name, &bytes, config).map_err(|e| e.to_string())?;
        return Ok((extraction, Some(own)));
    }
    if let Some(index) = index {
        extraction.cross_check(index);
    }
    Ok((extraction, None))
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
        assert_eq!((manifest[0].status, manifest[0].units), (Status::Ok, 1));
        assert_eq!(manifest[1].status, Status::Failed);
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
