//! A run's plan: the paths given turned into inputs. Files and folders
//! searched for every kind unrec reads (the files found there chosen by
//! `--glob` and `--exclude`), symbolic links skipped unless followed (never
//! in a loop), each file once, a text copy beside its PDF passed over (see
//! [`super::copies`]), each named by its path relative to its input root
//! (its *key*, unique by construction), in key order, optionally one shard
//! of them.

use super::glob::Glob;
use super::{BatchError, Reason, copies};
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
    /// What the reason alone does not say (the PDF a text copy is of).
    pub detail: Option<String>,
}

/// Which files a run takes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Follow symbolic links (never in a loop).
    pub follow: bool,
    /// Take this share `(i, n)` of the inputs, 1-based.
    pub shard: Option<(u64, u64)>,
    /// Of the files found in folders, take only those matching one of
    /// these (every one when there is none). Paths given are always taken.
    pub globs: Vec<Glob>,
    /// Pass over the files and folders found in folders that match one of these.
    pub excludes: Vec<Glob>,
    /// Read a text copy beside the PDF it was made from too.
    pub all_copies: bool,
}

impl Selection {
    /// Whether a file found in a folder, by its name and its path below
    /// the folder given, is taken.
    fn takes(&self, name: &str, path: &str) -> bool {
        self.globs.is_empty() || self.globs.iter().any(|g| g.matches_file(name, path))
    }

    /// Whether a file or folder found in a folder is passed over.
    fn excludes(&self, name: &str, path: &str) -> bool {
        self.excludes.iter().any(|g| g.matches_file(name, path))
    }
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
pub fn plan(paths: &[PathBuf], selection: &Selection) -> Result<Plan, BatchError> {
    let follow = selection.follow;
    let mut walker = Walker {
        selection,
        visited: HashSet::new(),
        seen: HashSet::new(),
        canonical: Vec::new(),
        plan: Plan::default(),
    };
    let mut root_names: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let meta = match fs::symlink_metadata(path) {
            Ok(meta) => meta,
            // An entry of its own: the other inputs go on.
            Err(e) => {
                walker.unreadable(path.clone(), &e);
                continue;
            }
        };
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
            walker.walk(path, &root, 0);
        } else if !regular(path) {
            walker.skip(path.clone(), Reason::NotAFile);
        } else {
            walker.take(path.clone(), clean_component(&read::file_name(path)));
        }
        if walker.plan.inputs.len() > MAX_FILES {
            return Err(BatchError::TooManyFiles);
        }
    }
    if !selection.all_copies {
        walker.pass_over_copies();
    }
    let mut plan = walker.plan;
    unique_keys(&mut plan.inputs);
    plan.inputs.sort_by(|a, b| a.key.cmp(&b.key));
    if let Some((i, n)) = selection.shard.filter(|(_, n)| *n > 0) {
        let (mine, others): (Vec<Input>, Vec<Input>) = plan
            .inputs
            .into_iter()
            .partition(|input| stable_hash(&input.key) % n == i.saturating_sub(1));
        plan.inputs = mine;
        plan.skipped.extend(others.into_iter().map(|input| Skipped {
            path: input.path,
            reason: Reason::OtherShard,
            detail: None,
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
struct Walker<'a> {
    selection: &'a Selection,
    /// The folders entered under the current root, canonical.
    visited: HashSet<PathBuf>,
    /// The files taken, canonical: each once.
    seen: HashSet<PathBuf>,
    /// The canonical path of each input, in the order of the inputs.
    canonical: Vec<PathBuf>,
    plan: Plan,
}

impl Walker<'_> {
    fn skip(&mut self, path: PathBuf, reason: Reason) {
        let detail = None;
        self.plan.skipped.push(Skipped { path, reason, detail });
    }

    /// A path given, or a folder found, that cannot be looked at: missing,
    /// or unreadable (its permissions), with the system's word.
    fn unreadable(&mut self, path: PathBuf, error: &std::io::Error) {
        let reason = if error.kind() == std::io::ErrorKind::NotFound {
            Reason::Missing
        } else {
            Reason::Read(read::Cause::Unreadable)
        };
        let detail = Some(format!("cannot read: {error}"));
        self.plan.skipped.push(Skipped { path, reason, detail });
    }

    /// Take a file under its key, unless it was taken under another.
    fn take(&mut self, path: PathBuf, key: String) {
        let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.seen.insert(canonical.clone()) {
            self.plan.inputs.push(Input { path, key });
            self.canonical.push(canonical);
        } else {
            self.skip(path, Reason::Duplicate);
        }
    }

    /// Pass over the inputs that are text copies of a PDF among them.
    fn pass_over_copies(&mut self) {
        let paths: Vec<&Path> = self.plan.inputs.iter().map(|i| i.path.as_path()).collect();
        let mut copies: HashMap<usize, PathBuf> =
            copies::text_copies(&paths, &self.canonical).into_iter().collect();
        if copies.is_empty() {
            return;
        }
        for (at, input) in std::mem::take(&mut self.plan.inputs).into_iter().enumerate() {
            match copies.remove(&at) {
                None => self.plan.inputs.push(input),
                Some(pdf) => self.plan.skipped.push(Skipped {
                    path: input.path,
                    reason: Reason::TextCopy,
                    detail: Some(format!(
                        "a text copy of {}, which the run reads (--all-copies reads both)",
                        pdf.display()
                    )),
                }),
            }
        }
        self.canonical.clear();
    }

    /// Search a folder, its files keyed under `prefix`.
    /// A folder that cannot be searched is an entry, as a file that cannot
    /// be read is: the others go on.
    fn walk(&mut self, dir: &Path, prefix: &str, depth: usize) {
        if depth > MAX_DEPTH || self.plan.inputs.len() > MAX_FILES {
            return;
        }
        let canonical = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.visited.insert(canonical) {
            self.skip(dir.to_path_buf(), Reason::Loop);
            return;
        }
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return self.unreadable(dir.to_path_buf(), &e),
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            let name = clean_component(&read::file_name(&path));
            let key = format!("{prefix}/{name}");
            // The path below the folder given: the key less the root's name.
            let below = key.split_once('/').map_or(key.as_str(), |(_, rest)| rest);
            if self.selection.excludes(&name, below) {
                continue;
            }
            let wanted = readable_extension(&path) && self.selection.takes(&name, below);
            let link = meta.file_type().is_symlink();
            if link && !self.selection.follow {
                if path.is_dir() || wanted {
                    self.skip(path, Reason::Symlink);
                }
            } else if path.is_dir() && (link || meta.is_dir()) {
                self.walk(&path, &key, depth + 1);
            } else if wanted {
                if regular(&path) {
                    self.take(path, key);
                } else {
                    self.skip(path, Reason::NotAFile);
                }
            }
        }
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
        let plan = plan(
            &[dir.join("a/report.txt"), dir.join("b/report.txt")],
            &Selection::default(),
        )
        .unwrap();
        let keys: Vec<&str> = plan.inputs.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, ["report.txt", "report.txt~2"]);
        let plan = super::plan(std::slice::from_ref(&dir), &Selection::default()).unwrap();
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
        let p = plan(&[dir.join("d")], &Selection::default()).unwrap();
        assert_eq!(p.inputs.len(), 1);
        assert_eq!(p.skipped.len(), 2);
        let followed = Selection {
            follow: true,
            ..Selection::default()
        };
        let p = plan(&[dir.join("d")], &followed).unwrap();
        // Followed: the loop is entered once and stops; the file behind the
        // link is read once.
        assert_eq!(p.inputs.len(), 2, "{:?}", p.inputs);
        assert!(p.skipped.iter().any(|s| s.reason == Reason::Loop));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn globs_choose_among_the_files_of_folders_and_text_copies_are_passed_over() {
        let dir = temp("globs");
        fs::create_dir_all(dir.join("2019/drafts")).unwrap();
        let names = [
            "2019/a.pdf",
            "2019/a.pdftotext.txt",
            "2019/b.txt",
            "2019/drafts/c.pdf",
            "d.html",
            "d.pdf",
            "d.txt",
        ];
        for name in names {
            fs::write(dir.join(name), "x").unwrap();
        }
        let root = format!("{}/", read::file_name(&dir));
        let keys = |selection: &Selection| -> Vec<String> {
            let plan = plan(std::slice::from_ref(&dir), selection).unwrap();
            let keys = plan
                .inputs
                .iter()
                .map(|i| i.key.strip_prefix(&root).unwrap().to_string());
            keys.collect()
        };
        let choose = |globs: &[&str], excludes: &[&str]| Selection {
            globs: globs.iter().map(|g| g.parse().unwrap()).collect(),
            excludes: excludes.iter().map(|g| g.parse().unwrap()).collect(),
            ..Selection::default()
        };
        let default = Selection::default();
        assert_eq!(
            keys(&default),
            ["2019/a.pdf", "2019/b.txt", "2019/drafts/c.pdf", "d.html", "d.pdf"]
        );
        let skipped = plan(std::slice::from_ref(&dir), &default).unwrap().skipped;
        assert_eq!(skipped.len(), 2);
        assert!(skipped.iter().all(|s| s.reason == Reason::TextCopy));
        let detail = skipped[0].detail.as_deref().unwrap();
        assert!(
            detail.contains("2019/a.pdf") && detail.contains("--all-copies"),
            "{detail}"
        );
        let all = Selection {
            all_copies: true,
            ..Selection::default()
        };
        assert_eq!(keys(&all).len(), names.len());
        assert_eq!(
            keys(&choose(&["*.pdf"], &[])),
            ["2019/a.pdf", "2019/drafts/c.pdf", "d.pdf"]
        );
        // The PDFs not taken, their text copies are read.
        assert_eq!(
            keys(&choose(&["*.txt"], &[])),
            ["2019/a.pdftotext.txt", "2019/b.txt", "d.txt"]
        );
        assert_eq!(keys(&choose(&["2019/*"], &[])), ["2019/a.pdf", "2019/b.txt"]);
        assert_eq!(
            keys(&choose(&[], &["drafts", "*.html"])),
            ["2019/a.pdf", "2019/b.txt", "d.pdf"]
        );
        // A path given is taken whatever the patterns; a copy given beside
        // its PDF is passed over all the same.
        let given = plan(&[dir.join("d.txt")], &choose(&["*.pdf"], &[])).unwrap();
        assert_eq!(given.inputs.len(), 1);
        let both = plan(&[dir.join("d.txt"), dir.join("d.pdf")], &default).unwrap();
        assert_eq!(both.inputs.len(), 1);
        assert_eq!(both.skipped[0].path, dir.join("d.txt"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_path_that_cannot_be_read_is_an_entry_and_the_others_go_on() {
        let dir = temp("missing");
        fs::write(dir.join("a.txt"), "x").unwrap();
        let given = [dir.join("gone.pdf"), dir.join("a.txt"), dir.join("no-folder")];
        let plan = plan(&given, &Selection::default()).unwrap();
        assert_eq!(plan.inputs.len(), 1);
        let reasons: Vec<(PathBuf, Reason)> =
            plan.skipped.iter().map(|s| (s.path.clone(), s.reason)).collect();
        assert_eq!(
            reasons,
            [
                (given[0].clone(), Reason::Missing),
                (given[2].clone(), Reason::Missing)
            ]
        );
        assert!(
            plan.skipped[0]
                .detail
                .as_deref()
                .unwrap()
                .starts_with("cannot read: ")
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shards_cover_every_input_once() {
        let dir = temp("shards");
        for i in 0..20 {
            fs::write(dir.join(format!("{i}.txt")), "x").unwrap();
        }
        let shard = |i| Selection {
            shard: Some((i, 2)),
            ..Selection::default()
        };
        let all = plan(std::slice::from_ref(&dir), &Selection::default())
            .unwrap()
            .inputs;
        let one = plan(std::slice::from_ref(&dir), &shard(1)).unwrap().inputs;
        let two = plan(std::slice::from_ref(&dir), &shard(2)).unwrap().inputs;
        assert_eq!(one.len() + two.len(), all.len());
        assert!(one.iter().all(|i| !two.contains(i)));
        assert!(!one.is_empty() && !two.is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }
}
