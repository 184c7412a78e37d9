//! Files written whole or not at all: every output (`extract -o`, a
//! batch's files and manifest, `regress --bless`) is written to a temporary
//! file beside its target and renamed into place, so that a full disk, a
//! file-size limit or a kill leaves the old file or none, never half of
//! the new one; and no output is written through (or in place of) a
//! symbolic link, which could send it anywhere.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A count that keeps temporary names of one process apart.
static TEMPS: AtomicU64 = AtomicU64::new(0);

/// The prefix of every temporary file; a run cleans up what a killed
/// worker left (`.tmp-<pid>-…`).
pub const TEMP_PREFIX: &str = ".tmp-";

/// An error unless `path` is absent or no symbolic link.
pub fn refuse_link(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(io::Error::other(
            "it is a symbolic link; nothing is written through or over it",
        )),
        _ => Ok(()),
    }
}

/// A fresh temporary name in `target`'s folder: `.tmp-<pid>-<n>`.
pub fn temp_beside(target: &Path) -> PathBuf {
    let n = TEMPS.fetch_add(1, Ordering::Relaxed);
    let name = format!("{TEMP_PREFIX}{}-{n}", std::process::id());
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.join(name),
        _ => PathBuf::from(name),
    }
}

/// Write `bytes` to `target` through a temporary file beside it, synced
/// and renamed into place; refused when `target` is a symbolic link. On
/// failure the temporary file is removed and `target` is as it was.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> io::Result<()> {
    refuse_link(target)?;
    // A device or a pipe (`-o /dev/null`, a FIFO) is written to, never
    // replaced: renaming onto it would put a file where the device was.
    if fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut file = OpenOptions::new().write(true).open(target)?;
        return file.write_all(bytes).and_then(|()| file.flush());
    }
    let temp = temp_beside(target);
    let write = || -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&temp)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        drop(file);
        fs::rename(&temp, target)
    };
    write().inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Remove the temporary files a process `pid` left in `dir` (a worker
/// killed while it wrote).
pub fn remove_temps_of(dir: &Path, pid: u32) {
    let prefix = format!("{TEMP_PREFIX}{pid}-");
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: `extract -o /dev/null` renamed its temporary file onto
    /// `/dev/null`, leaving a regular file where the device was. A FIFO
    /// stands in for the device here: it is written to and stays a FIFO.
    #[cfg(unix)]
    #[test]
    fn a_fifo_or_device_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = std::env::temp_dir().join(format!("unrec-emit-fifo-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read(&fifo).unwrap())
        };
        write_atomic(&fifo, b"records").unwrap();
        // Checked before waiting on the reader, which a replaced FIFO leaves blocked.
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
        assert_eq!(reader.join().unwrap(), b"records");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temporary file left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_refused_and_a_file_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("unrec-emit-file-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        let target = dir.join("out.csv");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let link = dir.join("link.csv");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert!(write_atomic(&link, b"three").is_err());
        assert_eq!(fs::read(&target).unwrap(), b"two");
        // Nothing but the two names is left.
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 2);
        fs::remove_dir_all(&dir).unwrap();
    }
}
