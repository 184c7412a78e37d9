//! A run's plan: the paths given turned into inputs. Files and folders
//! searched for every kind unrec reads, symbolic links skipped unless
//! followed (never in a loop), each file once, each named by its path
//! relative to its input root (its *key*, unique by construction), in key
//! order, optionally one shard of them.

use super::{BatchError, Reason};
use crate::read;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Most files one run takes from the folders it is given.
pub(super) const MAX_FILES: usize = 1_000_000;
/// Deepest folder nesting searched.
const MAX_DEPTH: usize = 32;
/// The input kinds read from folders, by extension.
pub const EXTENSIONS: [&str; 5] = ["pdf", "txt", "html", "htm", "docx"];

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
pub(super) fn clean_component(name: &str) -> String {
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

/// Whether a path (followed) is a regular file: a FIFO, a device or a
/// socket is never opened (a FIFO would wait for a writer for ever).
pub(super) fn regular(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|m| m.file_type().is_file())
}

fn readable_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Turn the paths given into a run's inputs.
pub fn plan(paths: &[PathBuf], follow: bool, shard: Option<(u64, u64)>) -> Result<Plan, BatchError> {
    let mut walker = Walker {
        follow,
        visited: HashSet::new(),
        seen: HashSet::new(),
        plan: Plan::default(),
    };
    let mut root_names: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let meta = fs::symlink_metadata(path).map_err(|source| BatchError::Input {
            path: path.clone(),
            source,
        })?;
        if meta.file_type().is_symlink() && !follow {
            walker.skip(path.clone(), Reason::Symlink);
        } else if path.is_dir() {
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
            walker.visited.clear();
            walker.walk(path, &root, 0)?;
        } else if !regular(path) {
            walker.skip(path.clone(), Reason::NotAFile);
        } else {
            walker.take(path.clone(), clean_component(&read::file_name(path)));
        }
        if walker.plan.inputs.len() > MAX_FILES {
            return Err(BatchError::TooManyFiles);
        }
    }
    let mut plan = walker.plan;
    unique_keys(&mut plan.inputs);
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

/// Files named at the top level may share a name (`a/report.txt`,
/// `b/report.txt`): the later ones get `~2`, `~3`.
fn unique_keys(inputs: &mut [Input]) {
    let mut keys: HashMap<String, usize> = HashMap::new();
    for input in inputs {
        let n = keys.entry(input.key.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            input.key = format!("{}~{n}", input.key);
        }
    }
}

/// What a search of the folders given keeps track of.
struct Walker {
    follow: bool,
    /// The folders entered under the current root, canonical.
    visited: HashSet<PathBuf>,
    /// The files taken, canonical: each once.
    seen: HashSet<PathBuf>,
    plan: Plan,
}

impl Walker {
    fn skip(&mut self, path: PathBuf, reason: Reason) {
        self.plan.skipped.push(Skipped { path, reason });
    }

    /// Take a file under its key, unless it was taken under another.
    fn take(&mut self, path: PathBuf, key: String) {
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.seen.insert(canonical) {
            self.plan.inputs.push(Input { path, key });
        } else {
            self.skip(path, Reason::Duplicate);
        }
    }

    /// Search a folder, its files keyed under `prefix`.
    fn walk(&mut self, dir: &Path, prefix: &str, depth: usize) -> Result<(), BatchError> {
        if depth > MAX_DEPTH || self.plan.inputs.len() > MAX_FILES {
            return Ok(());
        }
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(canonical) {
            self.skip(dir.to_path_buf(), Reason::Loop);
            return Ok(());
        }
        let entries = fs::read_dir(dir).map_err(|source| BatchError::Input {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let key = format!("{prefix}/{}", clean_component(&read::file_name(&path)));
            let link = meta.file_type().is_symlink();
            if link && !self.follow {
                if path.is_dir() || readable_extension(&path) {
                    self.skip(path, Reason::Symlink);
                }
            } else if path.is_dir() && (link || meta.is_dir()) {
                self.walk(&path, &key, depth + 1)?;
            } else if readable_extension(&path) {
                if regular(&path) {
                    self.take(path, key);
                } else {
                    self.skip(path, Reason::NotAFile);
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn temp(name: &str) -> PathBuf {
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
}
