//! Where a run writes: the lock that keeps a second run out, files written
//! through a temporary file renamed into place (never through a link), each
//! document's own outputs, and the combined outputs put together from them
//! in key order (the same bytes for any number of jobs and any order of
//! finishing).

use super::manifest::{Entry, Status};
use super::plan::stable_hash;
use super::{BatchError, DIAGNOSTICS, DOCUMENTS, LOCK};
use crate::emit::{self, Format};
use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Keeps a second run out of the folder while this one runs.
pub(super) struct Lock(PathBuf);

impl Lock {
    pub(super) fn take(dir: &Path) -> Result<Lock, BatchError> {
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
pub(super) fn write_atomic(dir: &Path, relative: &str, bytes: &[u8]) -> Result<(), BatchError> {
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
pub(super) fn output_of(key: &str, format: Format) -> String {
    format!("{DOCUMENTS}/{key}.{}", format.extension())
}

pub(super) fn diagnostics_of(key: &str) -> String {
    format!("{DOCUMENTS}/{key}.diagnostics.jsonl")
}

/// Whether `dir` holds anything but this run's own files.
pub(super) fn holds_other_files(dir: &Path) -> bool {
    fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}

/// A combined output being written: a temporary file renamed into place
/// when finished.
struct Combined {
    target: PathBuf,
    temp: PathBuf,
    out: BufWriter<File>,
}

impl Combined {
    fn create(dir: &Path, name: &str, tag: &str) -> Result<Combined, BatchError> {
        let target = dir.join(name);
        let temp = dir.join(format!(".tmp-{tag}-{}", std::process::id()));
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
            .map_err(|source| BatchError::Write {
                path: target.clone(),
                source,
            })?;
        Ok(Combined {
            target,
            temp,
            out: BufWriter::new(file),
        })
    }

    fn error(&self) -> impl Fn(std::io::Error) -> BatchError + '_ {
        |source| BatchError::Write {
            path: self.target.clone(),
            source,
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), BatchError> {
        let result = self.out.write_all(bytes);
        result.map_err(self.error())
    }

    /// Copy what is left of a document's file.
    fn copy(&mut self, reader: &mut impl Read) -> Result<(), BatchError> {
        let result = std::io::copy(reader, &mut self.out);
        result.map(|_| ()).map_err(self.error())
    }

    fn finish(mut self) -> Result<(), BatchError> {
        let flushed = self.out.flush();
        flushed.map_err(self.error())?;
        drop(self.out);
        fs::rename(&self.temp, &self.target).map_err(|source| BatchError::Write {
            path: self.target,
            source,
        })
    }
}

/// The combined outputs, from the documents' own files in the entries'
/// (key) order: `recommendations.<ext>` and `diagnostics.jsonl`.
pub(super) fn combine(dir: &Path, entries: &[Entry], format: Format) -> Result<(), BatchError> {
    let mut out = Combined::create(
        dir,
        &format!("recommendations.{}", format.extension()),
        "combined",
    )?;
    let mut diagnostics = Combined::create(dir, DIAGNOSTICS, "diagnostics")?;
    match format {
        Format::Csv => out.write(format!("{}\r\n", emit::header().join(",")).as_bytes())?,
        Format::Json => out.write(b"[\n")?,
        Format::Jsonl => {}
    }
    let mut first = true;
    let written = entries.iter().filter(|e| {
        matches!(
            e.status,
            Status::Ok | Status::Empty | Status::None | Status::Skipped
        )
    });
    for entry in written {
        let Some(output) = &entry.output else { continue };
        let Ok(file) = File::open(dir.join(output)) else {
            continue;
        };
        append_document(&mut out, &mut BufReader::new(file), format, first)?;
        first = false;
        if let Ok(file) = File::open(dir.join(diagnostics_of(&entry.key))) {
            diagnostics.copy(&mut BufReader::new(file))?;
        }
    }
    if format == Format::Json {
        out.write(b"\n]\n")?;
    }
    out.finish()?;
    diagnostics.finish()
}

/// One document's output appended to the combined one: a CSV without its
/// header, a JSON document as an element of the array.
fn append_document(
    out: &mut Combined,
    reader: &mut BufReader<File>,
    format: Format,
    first: bool,
) -> Result<(), BatchError> {
    match format {
        Format::Csv => {
            let mut header = Vec::new();
            let read = reader.read_until(b'\n', &mut header);
            read.map_err(out.error())?;
            out.copy(reader)
        }
        Format::Jsonl => out.copy(reader),
        Format::Json => {
            let mut text = String::new();
            let read = reader.read_to_string(&mut text);
            read.map_err(out.error())?;
            if !first {
                out.write(b",\n")?;
            }
            out.write(text.trim_end().as_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::plan::tests::temp;

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
}
