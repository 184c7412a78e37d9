//! Batch runs: every input once with its status, no output lost, the same
//! bytes for any number of jobs, a killed run resumed to the same outputs,
//! shards that cover the inputs once, the database holding every unit once,
//! and memory flat in the number of documents.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unrec-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn unrec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// (input, status) of every manifest entry.
fn statuses(m: &serde_json::Value) -> Vec<(String, String)> {
    m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["input"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every file under a folder that a batch reads, by path.
fn readable_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        if meta.file_type().is_symlink() {
            continue;
        }
        if meta.is_dir() {
            readable_files(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["pdf", "txt", "html", "htm", "docx"].contains(&e))
        {
            out.push(path);
        }
    }
}

fn db_count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn a_batch_over_the_fixtures_and_bad_files_loses_nothing() {
    let dir = temp("all");
    let extra = dir.join("extra");
    std::fs::create_dir_all(extra.join("a")).unwrap();
    std::fs::create_dir_all(extra.join("b")).unwrap();
    let seed = root().join("fixtures/seed/seed.txt");
    std::fs::copy(&seed, extra.join("a/report.txt")).unwrap();
    std::fs::copy(&seed, extra.join("b/report.txt")).unwrap();
    std::fs::copy(&seed, extra.join("a/seed.txt")).unwrap();
    std::fs::copy(
        root().join("fixtures/seed-html/seed.html"),
        extra.join("a/seed.html"),
    )
    .unwrap_or_else(|_| {
        std::fs::write(extra.join("a/seed.html"), std::fs::read(&seed).unwrap()).unwrap();
        0
    });
    std::fs::copy(&seed, extra.join("manifest.txt")).unwrap();
    std::fs::write(extra.join("corrupt.pdf"), b"%PDF-1.7\n1 0 obj broken").unwrap();
    std::fs::write(extra.join("empty.txt"), b"").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&extra, extra.join("a/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", extra.join("passwd.txt")).unwrap();
    }
    let out = dir.join("out");
    let db = dir.join("records.sqlite");
    let fixtures = root().join("fixtures");
    let run = |out: &Path, extra_args: &[&str]| {
        let mut args = vec![
            "batch",
            fixtures.to_str().unwrap(),
            extra.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
            "-q",
        ];
        args.extend_from_slice(extra_args);
        unrec(&args)
    };
    let first = run(&out, &[]);
    assert_eq!(
        first.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let m = manifest(&out);
    let mut files = Vec::new();
    readable_files(&fixtures, &mut files);
    readable_files(&extra, &mut files);
    let entries = statuses(&m);
    // Every file once, and the two links recorded as passed over.
    let read: Vec<&(String, String)> = entries.iter().filter(|(_, s)| s != "skipped").collect();
    assert_eq!(read.len(), files.len(), "{entries:#?}");
    let inputs: HashSet<&str> = read.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(inputs.len(), files.len(), "no input twice");
    #[cfg(unix)]
    assert_eq!(entries.iter().filter(|(_, s)| s == "skipped").count(), 2);
    let status_of = |name: &str| {
        entries
            .iter()
            .find(|(i, _)| i.ends_with(name))
            .map(|(_, s)| s.as_str())
            .unwrap_or("absent")
    };
    assert_eq!(status_of("corrupt.pdf"), "failed");
    assert_ne!(status_of("empty.txt"), "ok");
    assert_eq!(status_of("a/report.txt"), "ok");
    assert_eq!(status_of("b/report.txt"), "ok");
    assert_eq!(status_of("extra/manifest.txt"), "ok");
    // Every output of its own, on disk.
    let outputs: Vec<String> = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["output"].as_str().map(str::to_string))
        .collect();
    let distinct: HashSet<&String> = outputs.iter().collect();
    assert_eq!(distinct.len(), outputs.len());
    for o in &outputs {
        assert!(out.join(o).is_file(), "{o}");
    }
    let units: i64 = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["units"].as_i64().unwrap_or(0))
        .sum();
    // The combined output holds every unit, and so does the database, once.
    let combined = std::fs::read_to_string(out.join("recommendations.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(combined.as_bytes());
    let keys: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_string()).collect();
    assert_eq!(keys.len() as i64, units);
    assert_eq!(
        keys.iter().collect::<HashSet<_>>().len(),
        keys.len(),
        "keys unique"
    );
    assert_eq!(db_count(&db, "SELECT count(*) FROM units"), units);
    // A second run (over the same folder, --force) changes nothing in the database.
    let second = run(&out, &["--force"]);
    assert_eq!(second.status.code(), Some(2));
    assert_eq!(db_count(&db, "SELECT count(*) FROM units"), units);
    assert_eq!(db_count(&db, "SELECT count(DISTINCT key) FROM units"), units);
    // A folder holding another run's outputs is refused without --force or --resume.
    let refused = run(&out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--resume"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The combined outputs and the manifest's entries without their times.
fn result(dir: &Path) -> (String, String, Vec<(String, String, i64)>) {
    let csv = std::fs::read_to_string(dir.join("recommendations.csv")).unwrap();
    let diagnostics = std::fs::read_to_string(dir.join("diagnostics.jsonl")).unwrap();
    let m = manifest(dir);
    let entries = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_string(),
                e["sha256"].as_str().unwrap_or_default().to_string(),
                e["units"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    (csv, diagnostics, entries)
}

#[test]
fn jobs_kills_resumes_and_shards_agree() {
    let dir = temp("jobs");
    let fixtures = root().join("fixtures");
    let f = fixtures.to_str().unwrap();
    let out = |name: &str| dir.join(name);
    let one = out("one");
    let two = out("two");
    let uninterrupted = unrec(&["batch", f, "-o", one.to_str().unwrap(), "-q", "--jobs", "1"]);
    unrec(&["batch", f, "-o", two.to_str().unwrap(), "-q", "--jobs", "2"]);
    let a = result(&one);
    assert!(a.2.len() > 40, "{}", a.2.len());
    assert_eq!(a, result(&two), "--jobs 1 and --jobs 2 give the same outputs");

    // Killed part way, then resumed: the same outputs.
    let killed = out("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(["batch", f, "-o", killed.to_str().unwrap(), "-q", "--jobs", "1"])
        .spawn()
        .unwrap();
    // Killed once a few documents are logged, well before the end.
    let log = killed.join("manifest.jsonl");
    for _ in 0..600 {
        let lines = std::fs::read_to_string(&log).map_or(0, |t| t.lines().count());
        if lines >= 3 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        !killed.join("manifest.json").exists(),
        "the run was killed before its end"
    );
    // A killed run leaves its lock behind; resuming takes it over only once
    // the lock is removed, as README says.
    let _ = std::fs::remove_file(killed.join(".unrec.lock"));
    let resumed = unrec(&["batch", f, "-o", killed.to_str().unwrap(), "-q", "--resume"]);
    // (The fixtures hold a PDF that needs a password: both runs exit 2.)
    assert_eq!(
        resumed.status.code(),
        uninterrupted.status.code(),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert_eq!(a, result(&killed), "a killed run resumed gives the same outputs");

    // Two shards cover every input once.
    let s1 = out("s1");
    let s2 = out("s2");
    unrec(&["batch", f, "-o", s1.to_str().unwrap(), "-q", "--shard", "1/2"]);
    unrec(&["batch", f, "-o", s2.to_str().unwrap(), "-q", "--shard", "2/2"]);
    let keys = |d: &Path| -> BTreeMap<String, i64> {
        result(d)
            .2
            .into_iter()
            .filter(|(k, _, _)| !k.is_empty())
            .map(|(k, _, u)| (k, u))
            .collect()
    };
    let (k1, k2) = (keys(&s1), keys(&s2));
    assert!(k1.keys().all(|k| !k2.contains_key(k)));
    let mut both = k1.clone();
    both.extend(k2);
    let all: BTreeMap<String, i64> = a.2.iter().map(|(k, _, u)| (k.clone(), *u)).collect();
    assert_eq!(both, all);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The peak resident memory of a batch over `n` copies of the reference
/// document, in kilobytes.
#[cfg(target_os = "linux")]
#[allow(clippy::zombie_processes)] // reaped by `wait4`, which also gives its memory
fn peak_kb(dir: &Path, n: usize) -> i64 {
    let inputs = dir.join(format!("in-{n}"));
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read(root().join("fixtures/seed/seed.txt")).unwrap();
    for i in 0..n {
        std::fs::write(inputs.join(format!("{i:04}.txt")), &seed).unwrap();
    }
    let out = dir.join(format!("out-{n}"));
    let _ = std::fs::remove_dir_all(&out);
    let child = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args([
            "batch",
            inputs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--jobs",
            "2",
        ])
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills; the pid is our child's.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
    usage.ru_maxrss
}

#[cfg(target_os = "linux")]
#[test]
fn memory_is_flat_in_the_number_of_documents() {
    let dir = temp("memory");
    // The lower of two runs each: run beside other tests, one run's peak
    // can take an allocator arena more (seen: 3.3 MB over 450 documents).
    let small = peak_kb(&dir, 50).min(peak_kb(&dir, 50));
    let large = peak_kb(&dir, 500).min(peak_kb(&dir, 500));
    println!("peak memory: 50 documents {small} kB, 500 documents {large} kB");
    // Per document added, not as a share: the peak of 50 short documents
    // is about 9.5 MB, so a share of it is within the allocator's noise
    // (runs differ by 0.5 MB). A batch that kept each document's records
    // grew by 120 kB a document; the manifest's entry is about 2 kB.
    let per_document = large.saturating_sub(small) / 450;
    assert!(
        per_document <= 5,
        "50: {small} kB, 500: {large} kB ({per_document} kB a document)"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Each failure keeps its cause in the manifest: an encrypted file, a
/// limit, a damaged PDF and a file that is no document are told apart
/// (they were all `unreadable`).
#[test]
fn failure_reasons_name_their_cause() {
    let dir = temp("reasons");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let hostile = root().join("fixtures/hostile");
    for name in [
        "binary.txt",
        "empty.txt",
        "encrypted-user-password.pdf",
        "zero-pages.pdf",
        "truncated-50.pdf",
    ] {
        std::fs::copy(hostile.join(name), inputs.join(name)).unwrap();
    }
    std::fs::write(
        inputs.join("long-line.txt"),
        format!("1. {}\n", "word ".repeat(100)),
    )
    .unwrap();
    std::fs::write(inputs.join("large.txt"), "x".repeat(200_000)).unwrap();
    let out = dir.join("out");
    let run = unrec(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--max-bytes",
        "100000",
        "--limit",
        "line-bytes=200",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let m = manifest(&out);
    let reasons: Vec<(String, String)> = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let key = e["key"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (key, e["reason"].as_str().unwrap_or("none").to_string())
        })
        .collect();
    let expected = [
        ("binary.txt", "not_a_document"),
        ("empty.txt", "no_text"),
        ("encrypted-user-password.pdf", "encrypted"),
        ("large.txt", "too_large"),
        ("long-line.txt", "limit"),
        ("truncated-50.pdf", "damaged"),
        ("zero-pages.pdf", "damaged"),
    ]
    .map(|(k, r)| (k.to_string(), r.to_string()));
    assert_eq!(reasons, expected);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A document that holds no recommendations is `none` in the manifest,
/// with its symbol and title, and no failure of the run: an archive holds
/// many. A document of a known kind with no unit is still `empty`, and a
/// failure.
#[test]
fn a_document_without_recommendations_is_none_and_no_failure() {
    let dir = temp("none");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(root().join("fixtures/seed/seed.txt"), inputs.join("seed.txt")).unwrap();
    std::fs::write(
        inputs.join("letter.txt"),
        "United Nations\n\nS/2031/12\n\nSecurity Council\n\nDistr.: General\n4 January 2031\n\n\
         Letter dated 2 January 2031 from the Permanent Representative of Atlantis addressed to the President of the Security Council\n\n\
         I have the honour to transmit the statement of my Government.\n\n\
         I. First session, New York, 4 and 5 July 2030\n\n1. The Council met.\n\n2. The Council adjourned.\n",
    )
    .unwrap();
    let out = dir.join("out");
    let run = unrec(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["none"], 1);
    let letter = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"].as_str().unwrap().ends_with("letter.txt"))
        .unwrap();
    assert_eq!(letter["status"], "none");
    assert_eq!(letter["symbol"], "S/2031/12");
    assert!(
        letter["message"]
            .as_str()
            .unwrap()
            .contains("no profile recognised")
    );
    // Concluding observations without their part of concerns and
    // recommendations are a known kind with nothing found in them.
    std::fs::write(
        inputs.join("co.txt"),
        "CERD/C/ATL/CO/18-20\n\nConcluding observations on the eighteenth periodic report of Atlantis\n\n1. The Committee considered the report.\n",
    )
    .unwrap();
    let again = unrec(&[
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--force",
    ]);
    assert_eq!(again.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}
