//! A batch that one input cannot take down or stall, and writes that
//! cannot be torn or redirected: a FIFO among the inputs, a document over
//! the memory or time budget, units past the units limit, a full disk,
//! outputs that are links, names too long for a derived file name,
//! terminal escapes in file names, and a run stopped by a signal.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::batch_support::{batch_into as batch, entry, manifest, root, temp, unrec};

fn seed() -> PathBuf {
    root().join("fixtures/seed/seed.txt")
}

/// (status, reason) of an entry.
fn outcome(e: &serde_json::Value) -> (String, String) {
    (
        e["status"].as_str().unwrap().to_string(),
        e["reason"].as_str().unwrap_or("").to_string(),
    )
}

/// A text of numbered recommendations, about 45 MB: seconds of work and
/// hundreds of megabytes of memory.
fn large_document(path: &Path) {
    let mut text = String::from("Recommendations\n\n");
    for i in 1..=400_000 {
        text.push_str(&format!(
            "{i}. The State should take measure number {i} to protect the rights of everyone concerned in this matter.\n\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// Every temporary file left under a folder.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(temporaries(&path));
        } else if path.file_name().unwrap().to_string_lossy().starts_with(".tmp-") {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_fifo_among_the_inputs_is_listed_and_never_opened() {
    let dir = temp("hostile-fifo");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(seed(), inputs.join("a.txt")).unwrap();
    let made = Command::new("mkfifo")
        .arg(inputs.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink(inputs.join("pipe.txt"), dir.join("link.txt")).unwrap();
    let out = dir.join("out");
    // The FIFO named directly and through a link followed, and in a folder.
    let run = unrec(&[
        "batch",
        inputs.to_str().unwrap(),
        dir.join("link.txt").to_str().unwrap(),
        "--follow",
        "-o",
        out.to_str().unwrap(),
        "-q",
        "--timeout",
        "60",
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    assert_eq!(m["entries"].as_array().unwrap().len(), 3);
    assert_eq!(
        outcome(entry(&m, "in/pipe.txt")),
        ("skipped".into(), "not_a_file".into())
    );
    assert_eq!(
        outcome(entry(&m, "link.txt")),
        ("skipped".into(), "not_a_file".into())
    );
    assert_eq!(outcome(entry(&m, "a.txt")).0, "ok");
    assert!(!out.join(".unrec.lock").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_document_over_the_memory_limit_is_oom_and_the_run_goes_on() {
    let dir = temp("hostile-oom");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(seed(), inputs.join("a.txt")).unwrap();
    large_document(&inputs.join("large.txt"));
    let out = dir.join("out");
    let run = batch(
        &inputs,
        &out,
        &["--max-memory", "150M", "--limit", "text-bytes=1G"],
    );
    assert_eq!(
        run.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    assert_eq!(outcome(entry(&m, "large.txt")), ("failed".into(), "oom".into()));
    assert_eq!(outcome(entry(&m, "a.txt")).0, "ok");
    assert_eq!(entry(&m, "a.txt")["units"], 174);
    let combined = std::fs::read_to_string(out.join("recommendations.csv")).unwrap();
    assert_eq!(combined.lines().count(), 175);
    // Resumed, the run finishes again with its manifest: the document
    // done is kept, the one out of memory is tried again.
    let again = batch(
        &inputs,
        &out,
        &["--max-memory", "150M", "--limit", "text-bytes=1G", "--resume"],
    );
    assert_eq!(again.status.code(), Some(2));
    let m = manifest(&out);
    assert_eq!(outcome(entry(&m, "large.txt")), ("failed".into(), "oom".into()));
    assert_eq!(entry(&m, "a.txt")["resumed"], true);
    assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_timeout_stops_the_slow_document_and_the_others_stay_ok() {
    let dir = temp("hostile-timeout");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    for i in 0..4 {
        std::fs::copy(seed(), inputs.join(format!("a{i}.txt"))).unwrap();
    }
    large_document(&inputs.join("large.txt"));
    let out = dir.join("out");
    let started = Instant::now();
    let run = batch(
        &inputs,
        &out,
        &["--timeout", "1", "--jobs", "2", "--limit", "text-bytes=1G"],
    );
    let took = started.elapsed();
    assert_eq!(run.status.code(), Some(2));
    let m = manifest(&out);
    assert_eq!(
        outcome(entry(&m, "large.txt")),
        ("failed".into(), "timeout".into())
    );
    assert!(entry(&m, "large.txt")["seconds"].as_f64().unwrap() < 5.0);
    for i in 0..4 {
        assert_eq!(outcome(entry(&m, &format!("a{i}.txt"))).0, "ok");
    }
    // The work stopped with its worker: the run did not wait for it (its
    // extraction alone takes several seconds).
    assert!(took < Duration::from_secs(20), "{took:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn units_past_the_units_limit_are_truncated_not_ok() {
    let dir = temp("hostile-truncated");
    let out = dir.join("out");
    let run = batch(&seed(), &out, &["--limit", "units=3"]);
    assert_eq!(run.status.code(), Some(2));
    let m = manifest(&out);
    assert_eq!(outcome(entry(&m, "seed.txt")).0, "truncated");
    assert_eq!((m["truncated"].as_i64(), m["ok"].as_i64()), (Some(1), Some(0)));
    assert!(
        entry(&m, "seed.txt")["message"]
            .as_str()
            .unwrap()
            .contains("units=3")
    );
    let all = batch(&seed(), &dir.join("all"), &[]);
    assert_eq!(all.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A file-size limit (a full disk's effect on one file) fails the
/// document whose output passes it, leaves no part of that output, and the
/// manifest is still written whole.
#[test]
fn a_full_disk_leaves_no_partial_output_and_a_manifest() {
    let dir = temp("hostile-full");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(seed(), inputs.join("big.txt")).unwrap();
    std::fs::copy(
        root().join("fixtures/report-committee/report-committee.txt"),
        inputs.join("small.txt"),
    )
    .unwrap();
    let out = dir.join("out");
    let exe = env!("CARGO_BIN_EXE_unrec");
    // 64 blocks of 512 bytes: the seed's CSV (94 kB) does not fit.
    let script = format!(
        "ulimit -f 64; trap '' XFSZ; \"{exe}\" batch \"{}\" -o \"{}\" -q; echo batch=$?; \"{exe}\" extract \"{}\" -o \"{}\" -q; echo extract=$?",
        inputs.display(),
        out.display(),
        inputs.join("big.txt").display(),
        dir.join("extract.csv").display()
    );
    let run = Command::new("sh").arg("-c").arg(&script).output().unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    assert!(said.contains("batch=2") && said.contains("extract=2"), "{said}");
    let m = manifest(&out);
    assert_eq!(outcome(entry(&m, "big.txt")), ("failed".into(), "output".into()));
    assert_eq!(outcome(entry(&m, "small.txt")).0, "none");
    assert!(!out.join("documents/in/big.txt.csv").exists());
    assert!(!dir.join("extract.csv").exists());
    assert!(temporaries(&dir).is_empty(), "{:?}", temporaries(&dir));
    for line in std::fs::read_to_string(out.join("manifest.jsonl"))
        .unwrap()
        .lines()
    {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn no_output_is_written_through_a_link() {
    let dir = temp("hostile-links");
    let victim = dir.join("victim.csv");
    let link = dir.join("out.csv");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let run = unrec(&["extract", seed().to_str().unwrap(), "-o", link.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("symbolic link"));
    assert!(!victim.exists());
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    // A batch's `documents/` a link: refused, nothing lands outside.
    let outside = dir.join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("documents")).unwrap();
    let run = batch(&seed(), &out, &["--force"]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    // The log and the manifest links under --force: refused, not followed.
    let out = dir.join("out2");
    std::fs::create_dir_all(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("manifest.jsonl")).unwrap();
    let run = batch(&seed(), &out, &["--force"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(!victim.exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_input_with_a_250_byte_name_is_read() {
    let dir = temp("hostile-long");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    let name = format!("{}.txt", "n".repeat(246));
    assert_eq!(name.len(), 250);
    std::fs::copy(seed(), inputs.join(&name)).unwrap();
    let out = dir.join("out");
    let run = batch(&inputs, &out, &[]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let m = manifest(&out);
    let e = entry(&m, &name);
    assert_eq!(outcome(e).0, "ok");
    assert!(out.join(e["output"].as_str().unwrap()).is_file());
    // The output and the diagnostics file, each name shortened to fit.
    let folder = out
        .join(e["output"].as_str().unwrap())
        .parent()
        .unwrap()
        .to_path_buf();
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.iter().all(|n| n.len() <= 255 && n.starts_with("nnnn")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_escape_in_a_file_name_is_printed_escaped() {
    let dir = temp("hostile-escape");
    let input = dir.join("a\u{1b}[31mred\u{202e}.txt");
    std::fs::copy(seed(), &input).unwrap();
    let run = unrec(&["extract", input.to_str().unwrap(), "--limit", "units=3"]);
    let said = String::from_utf8_lossy(&run.stderr);
    assert!(said.contains("a\\u{1b}[31mred\\u{202e}.txt"), "{said}");
    assert!(!run.stderr.contains(&0x1b));
    assert!(!said.contains('\u{202e}'));
    let run = batch(&input, &dir.join("out"), &["--limit", "units=3"]);
    // `-q` prints nothing; without it the summary names the input escaped.
    assert!(run.stderr.is_empty());
    let loud = unrec(&[
        "batch",
        input.to_str().unwrap(),
        "-o",
        dir.join("out2").to_str().unwrap(),
        "--limit",
        "units=3",
    ]);
    assert!(!loud.stderr.contains(&0x1b));
    assert!(String::from_utf8_lossy(&loud.stderr).contains("\\u{1b}"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A log whose last line a kill tore is read without it, and the resumed
/// run's lines start on lines of their own.
#[test]
fn a_torn_log_line_is_passed_over_on_resume() {
    let dir = temp("hostile-torn");
    let out = dir.join("out");
    assert_eq!(batch(&seed(), &out, &[]).status.code(), Some(0));
    let log = out.join("manifest.jsonl");
    let mut text = std::fs::read_to_string(&log).unwrap();
    text.push_str("{\"input\":\"torn");
    std::fs::write(&log, text).unwrap();
    assert_eq!(batch(&seed(), &out, &["--resume"]).status.code(), Some(0));
    let lines: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    // The first run's line and the resumed run's, the torn one gone.
    assert_eq!(lines.len(), 2, "{lines:?}");
    for line in &lines {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    assert_eq!(entry(&manifest(&out), "seed.txt")["resumed"], true);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `unrec batch INPUTS -o OUT -q --jobs 1 --limit text-bytes=1G` sent
/// `kill -SIGNAL` once its lock is taken and its first document (the
/// large one) has had a second to start: the run's exit code and how long
/// it took to end after the signal.
fn stopped_run(inputs: &Path, out: &Path, signal: &str) -> (Option<i32>, Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(["batch", inputs.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["-q", "--jobs", "1", "--limit", "text-bytes=1G"])
        .spawn()
        .unwrap();
    let lock = out.join(".unrec.lock");
    let waiting = Instant::now();
    while !lock.exists() {
        assert!(waiting.elapsed() < Duration::from_secs(30), "no lock taken");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_secs(1));
    let sent = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let stopped = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), stopped.elapsed());
        }
        if stopped.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("the run did not end after SIG{signal}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// SIGINT (Ctrl-C) or SIGTERM stops a run cleanly: the running worker is
/// stopped, no document is started after, the manifest says what
/// finished and what did not (`interrupted`), the lock is gone and the
/// run exits 2; `--resume` then reads what was not finished.
#[test]
fn a_run_stopped_by_a_signal_leaves_its_manifest_and_no_lock() {
    let dir = temp("hostile-stopped");
    let inputs = dir.join("in");
    std::fs::create_dir_all(&inputs).unwrap();
    // First in key order, and seconds of work: running when the signal comes.
    large_document(&inputs.join("0-large.txt"));
    for i in 0..20 {
        std::fs::copy(seed(), inputs.join(format!("a{i:02}.txt"))).unwrap();
    }
    for (signal, out) in [("INT", dir.join("out-int")), ("TERM", dir.join("out-term"))] {
        let (code, took) = stopped_run(&inputs, &out, signal);
        assert_eq!(code, Some(2), "SIG{signal}");
        // The large document's extraction alone takes several seconds.
        assert!(took < Duration::from_secs(3), "SIG{signal}: {took:?}");
        assert!(!out.join(".unrec.lock").exists(), "SIG{signal}");
        let m = manifest(&out);
        assert_eq!(m["entries"].as_array().unwrap().len(), 21, "{m}");
        assert_eq!(
            (m["skipped"].as_i64(), m["ok"].as_i64()),
            (Some(21), Some(0)),
            "{m}"
        );
        let large = entry(&m, "0-large.txt");
        assert_eq!(outcome(large), ("skipped".into(), "interrupted".into()));
        assert!(
            large["message"]
                .as_str()
                .unwrap()
                .contains("its worker was stopped"),
            "{large}"
        );
        assert_eq!(
            outcome(entry(&m, "a07.txt")),
            ("skipped".into(), "interrupted".into())
        );
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
    }
    // Resumed without the large document, the run finishes.
    std::fs::remove_file(inputs.join("0-large.txt")).unwrap();
    let out = dir.join("out-int");
    let resumed = batch(&inputs, &out, &["--resume"]);
    let said = String::from_utf8_lossy(&resumed.stderr);
    assert!(resumed.status.success(), "{said}");
    let m = manifest(&out);
    assert_eq!(m["ok"], 20, "{m}");
    std::fs::remove_dir_all(&dir).unwrap();
}
