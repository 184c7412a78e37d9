//! Batch runs: every input once with its status, no output lost, the same
//! bytes for any number of jobs, a killed run resumed to the same outputs,
//! shards that cover the inputs once, the database holding every unit once,
//! and memory flat in the number of documents.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::batch_support::{batch_into, entry, manifest, root, temp, unrec};

/// (input, status) of every manifest entry.
fn statuses(m: &serde_json::Value) -> Vec<(String, String)> {
    statuses_by(m, "input")
}

/// (the field `by`, status) of every manifest entry.
pub(crate) fn statuses_by(m: &serde_json::Value, by: &str) -> Vec<(String, String)> {
    m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e[by].as_str().unwrap().to_string(),
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
    // A child's peak as `wait4` gives it is never below the test process's
    // own peak when it was started (Linux keeps the spawning process's
    // high-water mark across `exec`), and the test process grows as other
    // tests run (to 14 MB beside them, over the 10 MB 50 documents take):
    // so the large runs are measured first, and that growth can only make
    // the small runs read higher, never fail the test.
    let large_first = peak_kb(&dir, 500);
    let small_first = peak_kb(&dir, 50);
    let large = large_first.min(peak_kb(&dir, 500));
    let small = small_first.min(peak_kb(&dir, 50));
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
    let run = batch_into(
        &inputs,
        &out,
        &["--max-bytes", "100000", "--limit", "line-bytes=200"],
    );
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
    let run = batch_into(&inputs, &out, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["none"], 1);
    let letter = entry(&m, "letter.txt");
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
    let again = batch_into(&inputs, &out, &["--force"]);
    assert_eq!(again.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// What a run says of each input and of itself: every entry's key,
/// status, reason, message, units and review links (not its times), the
/// counts by status and the exit status.
#[allow(clippy::type_complexity)]
fn story(dir: &Path, run: &Output) -> (Vec<Vec<String>>, Vec<i64>, Option<i32>) {
    let m = manifest(dir);
    let entries = m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            ["key", "status", "reason", "message", "units", "joined", "note"]
                .iter()
                .map(|f| e[*f].to_string())
                .collect()
        })
        .collect();
    let counts = ["ok", "empty", "none", "failed", "skipped"]
        .iter()
        .map(|c| m[*c].as_i64().unwrap())
        .collect();
    (entries, counts, run.status.code())
}

/// A resumed run tells the story of an uninterrupted one: the documents
/// it finds done keep their status (an empty one stays empty and the run
/// still fails), counts and messages, marked `resumed`; a document that
/// failed is read again.
#[test]
fn a_resumed_run_keeps_every_status_and_the_exit_status() {
    let dir = temp("resume-story");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let seed = std::fs::read(root().join("fixtures/seed/seed.txt")).unwrap();
    std::fs::write(inputs.join("seed.txt"), &seed).unwrap();
    std::fs::write(
        inputs.join("co.txt"),
        "CERD/C/ATL/CO/18-20\n\nConcluding observations on the eighteenth periodic report of Atlantis\n\n1. The Committee considered the report.\n",
    )
    .unwrap();
    std::fs::write(inputs.join("blank.txt"), b"").unwrap();
    let whole = dir.join("whole");
    let first = batch_into(&inputs, &whole, &[]);
    let uninterrupted = story(&whole, &first);
    assert_eq!(
        uninterrupted.2,
        Some(2),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    // ok, empty, none, failed, skipped
    assert_eq!(uninterrupted.1, [1, 1, 0, 1, 0]);

    // Resumed over a finished run: nothing read again but the failure.
    let again = batch_into(&inputs, &whole, &["--resume"]);
    assert_eq!(story(&whole, &again), uninterrupted);
    let m = manifest(&whole);
    let resumed = |m: &serde_json::Value, name: &str| entry(m, name)["resumed"] == true;
    assert!(resumed(&m, "seed.txt") && resumed(&m, "co.txt"));
    assert!(!resumed(&m, "blank.txt"), "a failed input is read again");
    assert_eq!(m["resumed"], 2);

    // Interrupted after one document (its log holds only that line), then
    // resumed: the same story as the uninterrupted run.
    let cut = dir.join("cut");
    batch_into(&inputs, &cut, &[]);
    let log = std::fs::read_to_string(cut.join("manifest.jsonl")).unwrap();
    let kept: String = log
        .lines()
        .filter(|l| l.contains("co.txt"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(kept.lines().count(), 1);
    std::fs::write(cut.join("manifest.jsonl"), kept).unwrap();
    std::fs::remove_file(cut.join("manifest.json")).unwrap();
    let resumed_run = batch_into(&inputs, &cut, &["--resume"]);
    assert_eq!(story(&cut, &resumed_run), uninterrupted);
    assert_eq!(manifest(&cut)["resumed"], 1);
    assert_eq!(result(&cut).0, result(&whole).0);

    // A run over some of the inputs, resumed once the others are there.
    let part = dir.join("part/in");
    std::fs::create_dir_all(&part).unwrap();
    std::fs::copy(inputs.join("co.txt"), part.join("co.txt")).unwrap();
    let grown = dir.join("grown");
    let partial = batch_into(&part, &grown, &[]);
    assert_eq!(partial.status.code(), Some(2));
    let resumed_run = batch_into(&inputs, &grown, &["--resume"]);
    assert_eq!(story(&grown, &resumed_run), uninterrupted);

    // A failure that has passed: the input is read again and is ok.
    std::fs::write(inputs.join("blank.txt"), &seed).unwrap();
    std::fs::write(inputs.join("co.txt"), &seed).unwrap();
    let fixed = batch_into(&inputs, &whole, &["--resume"]);
    let (_, counts, code) = story(&whole, &fixed);
    assert_eq!((counts, code), (vec![3, 0, 0, 0, 0], Some(0)));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The rows of a CSV output by id, with the columns a review's join fills.
fn joined_columns(csv_text: &str) -> BTreeMap<String, Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let columns = [
        "text",
        "response",
        "response_source",
        "response_explanation",
        "themes",
        "sdgs",
        "affected_persons",
    ]
    .map(at);
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[at("id")].to_string(),
                columns.iter().map(|&c| r[c].to_string()).collect(),
            )
        })
        .collect()
}

/// `extract REPORT --responses ADDENDUM [--index LIST] -f csv`.
fn extract_joined(report: &Path, addendum: &Path, list: Option<&Path>) -> String {
    let mut args = vec![
        "extract",
        report.to_str().unwrap(),
        "--responses",
        addendum.to_str().unwrap(),
        "-f",
        "csv",
        "-q",
    ];
    if let Some(list) = list {
        args.extend(["--index", list.to_str().unwrap()]);
    }
    let run = unrec(&args);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    String::from_utf8(run.stdout).unwrap()
}

fn joined_keys(entry: &serde_json::Value) -> Vec<String> {
    entry["joined"].as_array().map_or(Vec::new(), |a| {
        a.iter().map(|j| j["key"].as_str().unwrap().to_string()).collect()
    })
}

/// A batch over a review's report and addendum writes the report's units
/// with their responses, as `extract REPORT --responses ADDENDUM` does;
/// the manifest names what was joined; an addendum whose report is not
/// among the inputs says so; `--reconcile` counts the review and writes
/// the same joined report; a report resumed once its addendum is there is
/// joined.
#[test]
fn a_batch_joins_a_review_as_extract_does() {
    let dir = temp("review");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let report = root().join("fixtures/upr-report-labels/upr-report-labels.txt");
    let addendum = root().join("fixtures/upr-addendum-labels/upr-addendum-labels.txt");
    std::fs::copy(&report, inputs.join("report.txt")).unwrap();
    // Another review's addendum, with no report among the inputs.
    let other = std::fs::read_to_string(&addendum)
        .unwrap()
        .replace("A/HRC/99/9", "A/HRC/98/7");
    std::fs::write(inputs.join("other-addendum.txt"), other).unwrap();
    let alone = dir.join("alone");
    let first = batch_into(&inputs, &alone, &[]);
    assert_eq!(
        first.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    std::fs::copy(&addendum, inputs.join("addendum.txt")).unwrap();

    let out = dir.join("out");
    let run = batch_into(&inputs, &out, &["--jobs", "2"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let batch_rows =
        joined_columns(&std::fs::read_to_string(out.join("documents/in/report.txt.csv")).unwrap());
    let extract_rows = joined_columns(&extract_joined(&report, &addendum, None));
    assert_eq!(batch_rows.len(), 15);
    assert_eq!(batch_rows, extract_rows);
    let responded = batch_rows.values().filter(|r| !r[1].is_empty()).count();
    assert_eq!(responded, 15);
    let m = manifest(&out);
    assert_eq!(joined_keys(entry(&m, "/report.txt")), ["in/addendum.txt"]);
    assert_eq!(joined_keys(entry(&m, "/addendum.txt")), ["in/report.txt"]);
    assert_eq!(entry(&m, "/report.txt")["review"], "A/HRC/99/9");
    let lone = entry(&m, "other-addendum.txt");
    assert_eq!(lone["status"], "ok");
    assert!(joined_keys(lone).is_empty());
    assert!(lone["note"].as_str().unwrap().contains("A/HRC/98/7"), "{lone}");
    // The addendum keeps its own entry and output.
    assert!(out.join("documents/in/addendum.txt.csv").is_file());

    // The combined output holds the joined rows, for any number of jobs.
    let one_job = dir.join("one-job");
    batch_into(&inputs, &one_job, &["--jobs", "1"]);
    assert_eq!(result(&one_job), result(&out));

    // Reconciled: the review counted as `reconcile` counts it, the same
    // joined report written.
    let reconciled = dir.join("reconciled");
    let run = batch_into(&inputs, &reconciled, &["--reconcile"]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(reconciled.join("reconcile.json")).unwrap()).unwrap();
    let review = &r["reviews"][0];
    assert_eq!(review["report"], "in/report.txt");
    assert_eq!(review["addendum"], "in/addendum.txt");
    assert_eq!(review["responded"], 15);
    assert_eq!(review["supported"], 9);
    assert_eq!(review["noted"], 6);
    assert_eq!(
        std::fs::read_to_string(reconciled.join("documents/in/report.txt.csv")).unwrap(),
        std::fs::read_to_string(out.join("documents/in/report.txt.csv")).unwrap()
    );
    assert_eq!(
        joined_keys(entry(&manifest(&reconciled), "/report.txt")),
        ["in/addendum.txt"]
    );

    // The run without the addendum, resumed once it is there: the report
    // is joined, as in the uninterrupted run.
    let resumed = batch_into(&inputs, &alone, &["--resume"]);
    assert_eq!(resumed.status.code(), Some(0));
    assert_eq!(result(&alone), result(&out));
    let m = manifest(&alone);
    assert_eq!(m["resumed"], 1, "the other addendum only");
    assert_eq!(joined_keys(entry(&m, "/report.txt")), ["in/addendum.txt"]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Slovenia's two reviews (reports, addenda, thematic lists) in one batch:
/// each report's units get the responses, themes and SDGs `extract REPORT
/// --responses ADDENDUM --index LIST` gives them.
#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn a_batch_over_real_reviews_joins_as_extract_does() {
    let (upr, real) = (crate::shared("upr-thematic"), crate::shared("real"));
    let reviews = [
        (
            real.join("A_HRC_28_15__g1423930.pdf"),
            upr.join("A_HRC_28_15_Add.1__g1504261.pdf"),
            upr.join("UPR20_SVN_thematic-list__A_HRC_28_15.docx"),
            163,
        ),
        (
            upr.join("A_HRC_59_15__g2502644.pdf"),
            upr.join("A_HRC_59_15_Add.1__g2505828.pdf"),
            upr.join("UPR48_SVN_thematic-list__A_HRC_59_15.docx"),
            254,
        ),
    ];
    let dir = temp("real-reviews");
    let out = dir.join("out");
    let mut args = vec!["batch".to_string()];
    for (report, addendum, list, _) in &reviews {
        for path in [report, addendum, list] {
            args.push(path.to_str().unwrap().to_string());
        }
    }
    args.extend(["-o", out.to_str().unwrap(), "-q"].map(str::to_string));
    let run = unrec(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    for (report, addendum, list, units) in &reviews {
        let name = |p: &Path| p.file_name().unwrap().to_str().unwrap().to_string();
        let batch_rows = joined_columns(
            &std::fs::read_to_string(out.join(format!("documents/{}.csv", name(report)))).unwrap(),
        );
        let extract_rows = joined_columns(&extract_joined(report, addendum, Some(list)));
        assert_eq!(batch_rows.len(), *units);
        assert_eq!(batch_rows, extract_rows, "{}", name(report));
        let responded = batch_rows.values().filter(|r| !r[1].is_empty()).count();
        let themed = batch_rows
            .values()
            .filter(|r| r[4] != "[]" && !r[4].is_empty())
            .count();
        println!(
            "{}: {units} units, {responded} with a response, {themed} with themes",
            name(report)
        );
        assert_eq!((responded, themed), (*units, *units));
        assert_eq!(
            joined_keys(entry(&m, &name(report))),
            [name(addendum), name(list)]
        );
        assert_eq!(joined_keys(entry(&m, &name(list))), [name(report)]);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Regression: a resumed run took a document as done when its records were
/// there but its diagnostics file was not, and the combined
/// `diagnostics.jsonl` then lacked that document's diagnostics unsaid. Now
/// the document is read again.
#[test]
fn a_resumed_run_reads_again_a_document_whose_diagnostics_file_is_gone() {
    let inputs = temp("resume-diagnostics-in");
    std::fs::copy(
        root().join("fixtures/broken-skipped-number/broken-skipped-number.txt"),
        inputs.join("broken.txt"),
    )
    .unwrap();
    let out = temp("resume-diagnostics-out");
    let first = batch_into(&inputs, &out, &[]);
    assert_ne!(first.status.code(), Some(2));
    let combined = std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap();
    assert!(combined.contains("numbering_gap"), "{combined}");
    let own = entry(&manifest(&out), "broken.txt")["output"]
        .as_str()
        .unwrap()
        .replace(".txt.csv", ".txt.diagnostics.jsonl");
    std::fs::remove_file(out.join(&own)).unwrap_or_else(|e| panic!("{own}: {e}"));
    let resumed = batch_into(&inputs, &out, &["--resume"]);
    assert_ne!(
        resumed.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&resumed.stderr)
    );
    assert_ne!(entry(&manifest(&out), "broken.txt")["resumed"], true);
    assert_eq!(
        std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap(),
        combined
    );
    // With both files there, the next resumed run takes it as done.
    let again = batch_into(&inputs, &out, &["--resume"]);
    assert_ne!(again.status.code(), Some(2));
    assert_eq!(entry(&manifest(&out), "broken.txt")["resumed"], true);
    assert_eq!(
        std::fs::read_to_string(out.join("diagnostics.jsonl")).unwrap(),
        combined
    );
    for dir in [inputs, out] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}
