//! How batch takes its inputs: paths listed on standard input (`-`) or in
//! a file (`--files-from`).

use crate::batch_support::{batch_into, manifest, root, temp, unrec};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Run the binary with `input` on its standard input.
pub(crate) fn unrec_fed(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Assert a run's exit code, showing its standard error when it differs.
pub(crate) fn exits(run: &Output, code: i32) {
    let said = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(code), "{said}");
}

/// Two fixture documents copied into `dir`: their paths.
pub(crate) fn two_documents(dir: &Path) -> [PathBuf; 2] {
    let seed = dir.join("seed.txt");
    let meeting = dir.join("meeting.txt");
    std::fs::copy(root().join("fixtures/seed/seed.txt"), &seed).unwrap();
    std::fs::copy(
        root().join("fixtures/meeting-report-1/meeting-report-1.txt"),
        &meeting,
    )
    .unwrap();
    [seed, meeting]
}

/// The manifest's (key, status) pairs.
pub(crate) fn keyed(m: &serde_json::Value) -> Vec<(String, String)> {
    crate::batch::statuses_by(m, "key")
}

#[test]
fn paths_piped_to_batch_dash_are_its_inputs() {
    let dir = temp("stdin-list");
    let [seed, meeting] = two_documents(&dir);
    let out = dir.join("out");
    let list = format!("{}\n\n   \n{}\r\n", seed.display(), meeting.display());
    let run = unrec_fed(
        &["batch", "-", "-o", out.to_str().unwrap(), "-q"],
        list.as_bytes(),
    );
    exits(&run, 0);
    let expected = [("meeting.txt", "ok"), ("seed.txt", "ok")].map(|(k, s)| (k.to_string(), s.to_string()));
    assert_eq!(keyed(&manifest(&out)), expected);
    // An empty list is refused: no run without inputs.
    let empty = unrec_fed(&["batch", "-", "-o", dir.join("none").to_str().unwrap()], b"\n");
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no inputs"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn files_from_adds_the_paths_of_a_list() {
    let dir = temp("files-from");
    let [seed, meeting] = two_documents(&dir);
    let list = dir.join("inputs.list");
    std::fs::write(&list, format!("\n{}\n", meeting.display())).unwrap();
    let out = dir.join("out");
    let run = batch_into(&seed, &out, &["--files-from", list.to_str().unwrap()]);
    exits(&run, 0);
    assert_eq!(keyed(&manifest(&out)).len(), 2);
    // The list alone, from standard input.
    let out = dir.join("out-stdin");
    let listed = format!("{}\n{}\n", seed.display(), meeting.display());
    let args = ["batch", "--files-from", "-", "-o", out.to_str().unwrap(), "-q"];
    let run = unrec_fed(&args, listed.as_bytes());
    exits(&run, 0);
    assert_eq!(keyed(&manifest(&out)).len(), 2);
    // A list that cannot be read stops the run before it starts.
    let missing = unrec(&[
        "batch",
        "--files-from",
        "/no/such/list",
        "-o",
        dir.join("x").to_str().unwrap(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(!dir.join("x").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A folder holding a PDF, the text pdftotext made of it, and another text.
fn folder_with_a_text_copy(dir: &Path) -> PathBuf {
    let folder = dir.join("reports");
    std::fs::create_dir_all(&folder).unwrap();
    let pdf = "fixtures/meeting-report-1-pdf-pdflatex/meeting-report-1-pdflatex.pdf";
    std::fs::copy(root().join(pdf), folder.join("report.pdf")).unwrap();
    let text = "fixtures/meeting-report-1/meeting-report-1.txt";
    std::fs::copy(root().join(text), folder.join("report.pdftotext.txt")).unwrap();
    std::fs::copy(root().join("fixtures/seed/seed.txt"), folder.join("seed.txt")).unwrap();
    folder
}

#[test]
fn a_text_copy_beside_its_pdf_is_passed_over_unless_all_copies() {
    let dir = temp("text-copy");
    let folder = folder_with_a_text_copy(&dir);
    let out = dir.join("out");
    let run = batch_into(&folder, &out, &[]);
    exits(&run, 0);
    let m = manifest(&out);
    let expected = [
        ("reports/report.pdf", "ok"),
        ("reports/seed.txt", "ok"),
        ("", "skipped"),
    ];
    assert_eq!(keyed(&m), expected.map(|(k, s)| (k.to_string(), s.to_string())));
    let copy = &m["entries"][2];
    assert_eq!(copy["reason"], "text_copy");
    assert!(copy["input"].as_str().unwrap().ends_with("report.pdftotext.txt"));
    let message = copy["message"].as_str().unwrap();
    assert!(message.contains("reports/report.pdf"), "{message}");
    let out = dir.join("out-all");
    let run = batch_into(&folder, &out, &["--all-copies"]);
    exits(&run, 0);
    assert_eq!(manifest(&out)["ok"], 3);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn glob_and_exclude_choose_the_files_of_folders() {
    let dir = temp("globs");
    let folder = folder_with_a_text_copy(&dir);
    let run_with = |name: &str, patterns: &[&str]| {
        let out = dir.join(name);
        exits(&batch_into(&folder, &out, patterns), 0);
        keyed(&manifest(&out))
    };
    let only = |key: &str| vec![(key.to_string(), "ok".to_string())];
    assert_eq!(run_with("pdf", &["--glob", "*.pdf"]), only("reports/report.pdf"));
    assert_eq!(
        run_with("seed", &["--glob", "s*", "--glob", "*.html"]),
        only("reports/seed.txt")
    );
    // The PDF excluded, its text copy is read.
    let texts = run_with("texts", &["--exclude", "*.pdf", "--exclude", "seed.txt"]);
    assert_eq!(texts, only("reports/report.pdftotext.txt"));
    // A broken pattern is refused before the run starts.
    let broken = batch_into(&folder, &dir.join("x"), &["--glob", "[a"]);
    exits(&broken, 2);
    assert!(!dir.join("x").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_input_is_a_failed_entry_and_the_run_goes_on() {
    let dir = temp("missing-input");
    let [seed, _] = two_documents(&dir);
    let gone = dir.join("gone.pdf");
    let out = dir.join("out");
    let list = format!("{}\n{}\n", gone.display(), seed.display());
    let run = unrec_fed(
        &["batch", "-", "-o", out.to_str().unwrap(), "-q"],
        list.as_bytes(),
    );
    exits(&run, 2);
    let m = manifest(&out);
    assert_eq!((m["ok"].as_u64(), m["failed"].as_u64()), (Some(1), Some(1)));
    let failed = &m["entries"][1];
    assert_eq!(failed["input"], gone.to_str().unwrap());
    assert_eq!(
        (failed["status"].as_str(), failed["reason"].as_str()),
        (Some("failed"), Some("missing"))
    );
    assert!(failed["message"].as_str().unwrap().starts_with("cannot read: "));
    assert!(out.join("documents/seed.txt.csv").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}
