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
/// that a reader (or a killed run) never sees half of it; no link at the
/// name or on the way to it is written through.
pub(super) fn write_atomic(dir: &Path, relative: &str, bytes: &[u8]) -> Result<(), BatchError> {
    let target = dir.join(relative);
    let error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BatchError::Write { path, source }
    };
    // No folder on the way may be a link placed in the output folder: the
    // output would land outside it. Checked before any folder is made.
    let mut at = dir.to_path_buf();
    for part in Path::new(relative)
        .parent()
        .into_iter()
        .flat_map(Path::components)
    {
        at.push(part);
        emit::file::refuse_link(&at).map_err(error(&at))?;
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(error(parent))?;
    }
    emit::file::write_atomic(&target, bytes).map_err(error(&target))
}

/// Longest file name most file systems take (`NAME_MAX`), in bytes.
const NAME_MAX: usize = 255;

/// The file name of a document's output under `documents/`: its key and
/// the format's extension (`a/seed.txt.csv`, `a/seed.html.csv`).
pub(super) fn output_of(key: &str, format: Format) -> String {
    derived(key, &format!(".{}", format.extension()))
}

pub(super) fn diagnostics_of(key: &str) -> String {
    derived(key, ".diagnostics.jsonl")
}

/// `documents/<key><suffix>`, each part of the path no longer than a file
/// name may be: a longer part keeps its start and takes a hash of the
/// whole part, so that it stays unique and the same from run to run.
fn derived(key: &str, suffix: &str) -> String {
    let mut parts: Vec<String> = key.split('/').map(str::to_string).collect();
    if let Some(last) = parts.last_mut() {
        last.push_str(suffix);
    }
    let parts: Vec<String> = parts.iter().map(|p| shortened(p, suffix)).collect();
    format!("{DOCUMENTS}/{}", parts.join("/"))
}

/// A path part within `NAME_MAX` bytes: `<start>~<hash><suffix>` when too
/// long (the suffix kept when the part ends in it).
fn shortened(part: &str, suffix: &str) -> String {
    if part.len() <= NAME_MAX {
        return part.to_string();
    }
    let tail = if part.ends_with(suffix) { suffix } else { "" };
    let hash = format!("~{:016x}", stable_hash(part));
    let room = NAME_MAX.saturating_sub(hash.len() + tail.len());
    let mut end = room.min(part.len());
    while !part.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{hash}{tail}", part.get(..end).unwrap_or_default())
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
    fn create(dir: &Path, name: &str) -> Result<Combined, BatchError> {
        let target = dir.join(name);
        let temp = emit::file::temp_beside(&target);
        let refused = emit::file::refuse_link(&target);
        refused.map_err(|source| BatchError::Write {
            path: target.clone(),
            source,
        })?;
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
        let flushed = self.out.flush().and_then(|()| self.out.get_ref().sync_data());
        flushed.map_err(self.error())?;
        fs::rename(&self.temp, &self.target).map_err(self.error())
    }
}

impl Drop for Combined {
    /// A combined output not finished (a full disk) leaves no file behind.
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.temp);
    }
}

/// The combined outputs, from the documents' own files in the entries'
/// (key) order: `recommendations.<ext>` and `diagnostics.jsonl`.
pub(super) fn combine(dir: &Path, entries: &[Entry], format: Format) -> Result<(), BatchError> {
    // A document's own files, written by this run or found by `--resume`:
    // one that cannot be read back fails the run rather than leaving its
    // records out of the combined output unsaid.
    let open = |name: &str| {
        let path = dir.join(name);
        File::open(&path).map_err(|source| BatchError::Combine { path, source })
    };
    let mut diagnostics = Combined::create(dir, DIAGNOSTICS)?;
    let outputs: Vec<(&Entry, &String)> = written(entries)
        .filter_map(|e| e.output.as_ref().map(|o| (e, o)))
        .collect();
    for (entry, _) in &outputs {
        diagnostics.copy(&mut BufReader::new(open(&diagnostics_of(&entry.key))?))?;
    }
    let mut out = Combined::create(dir, &format!("recommendations.{}", format.extension()))?;
    #[cfg(feature = "parquet")]
    if format == Format::Parquet {
        let mut joined = emit::parquet::Concatenation::new(&mut out.out)?;
        for (_, output) in &outputs {
            joined.append(output, &open(output)?)?;
        }
        joined.finish()?;
        out.finish()?;
        return diagnostics.finish();
    }
    match format {
        Format::Csv => out.write(format!("{}\r\n", emit::header().join(",")).as_bytes())?,
        Format::Json => out.write(b"[\n")?,
        _ => {}
    }
    for (n, (_, output)) in outputs.iter().enumerate() {
        append_document(&mut out, &mut BufReader::new(open(output)?), format, n == 0)?;
    }
    if format == Format::Json {
        out.write(b"\n]\n")?;
    }
    out.finish()?;
    diagnostics.finish()
}

/// The entries whose documents' own outputs go into the combined ones.
fn written(entries: &[Entry]) -> impl Iterator<Item = &Entry> {
    entries.iter().filter(|e| {
        matches!(
            e.status,
            Status::Ok | Status::Truncated | Status::Empty | Status::None | Status::Skipped
        )
    })
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
        Format::Json => {
            let mut text = String::new();
            let read = reader.read_to_string(&mut text);
            read.map_err(out.error())?;
            if !first {
                out.write(b",\n")?;
            }
            out.write(text.trim_end().as_bytes())
        }
        _ => out.copy(reader),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::plan::tests::temp;

    /// Regression: a document's output that could not be opened was left
    /// out of `recommendations.csv` without a word.
    #[test]
    fn an_output_that_cannot_be_read_back_fails_the_combination_by_name() {
        let dir = temp("combine-missing");
        let mut entry = Entry::new("in/a.txt".into(), "a.txt".into(), "");
        entry.status = Status::Ok;
        entry.output = Some(output_of("a.txt", Format::Csv));
        write_atomic(&dir, &diagnostics_of("a.txt"), b"").unwrap();
        let error = combine(&dir, &[entry], Format::Csv).unwrap_err().to_string();
        assert!(
            error.contains("a.txt.csv") && error.contains("combine"),
            "{error}"
        );
        assert!(!dir.join("recommendations.csv").exists());
    }

    #[cfg(unix)]
    #[test]
    fn no_output_is_written_through_a_link() {
        let dir = temp("through");
        let outside = temp("outside");
        std::os::unix::fs::symlink(&outside, dir.join("documents")).unwrap();
        assert!(write_atomic(&dir, "documents/a.csv", b"x").is_err());
        assert!(!outside.join("a.csv").exists());
        // A link at the file's own name is refused, neither written
        // through nor replaced.
        std::os::unix::fs::symlink(outside.join("target"), dir.join("manifest.json")).unwrap();
        assert!(write_atomic(&dir, "manifest.json", b"{}").is_err());
        assert!(!outside.join("target").exists());
        assert!(
            fs::symlink_metadata(dir.join("manifest.json"))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&outside).unwrap();
    }

    #[test]
    fn long_names_are_shortened_unique_and_stable() {
        let long = "x".repeat(250);
        let a = output_of(&format!("root/{long}a.txt"), Format::Csv);
        let b = output_of(&format!("root/{long}b.txt"), Format::Csv);
        assert_ne!(a, b);
        assert_eq!(a, output_of(&format!("root/{long}a.txt"), Format::Csv));
        for name in [&a, &b, &diagnostics_of(&format!("root/{long}a.txt"))] {
            let last = name.rsplit('/').next().unwrap();
            assert!(last.len() <= NAME_MAX, "{} bytes", last.len());
        }
        assert!(a.ends_with(".csv") && a.starts_with("documents/root/xxx"));
        assert_eq!(output_of("a/seed.txt", Format::Csv), "documents/a/seed.txt.csv");
        // A multi-byte name is cut at a character's edge.
        let wide = output_of(&"é".repeat(200), Format::Json);
        assert!(wide.rsplit('/').next().unwrap().len() <= NAME_MAX);
    }
}
