//! How batch takes its inputs: paths listed on standard input (`-`) or in
//! a file (`--files-from`).

use crate::batch::{manifest, root, temp, unrec};
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
    let run = unrec(&[
        "batch",
        seed.to_str().unwrap(),
        "--files-from",
        list.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
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
