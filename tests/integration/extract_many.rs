//! `extract` of several inputs: one output over all of them (CSV under one
//! header, one JSON array, JSONL lines), an input that fails reported while
//! the others still go out, and one input's output unchanged.

use crate::batch_support::unrec;

const SEED: &str = "fixtures/seed/seed.txt";
const MEETING: &str = "fixtures/meeting-report-1/meeting-report-1.txt";
const BROKEN: &str = "fixtures/broken-skipped-number/broken-skipped-number.txt";

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn one_input_writes_what_its_golden_files_hold() {
    for (format, expected) in [("csv", "expected.csv"), ("json", "expected.json")] {
        let out = unrec(&["extract", SEED, "-f", format]);
        assert!(out.status.success());
        let golden =
            std::fs::read(crate::batch_support::root().join("fixtures/seed").join(expected)).unwrap();
        assert_eq!(out.stdout, golden, "{format}");
    }
}

#[test]
fn several_inputs_share_one_csv_header() {
    let one = |path| text(&unrec(&["extract", path]).stdout);
    let (seed, meeting) = (one(SEED), one(MEETING));
    let out = unrec(&["extract", SEED, MEETING]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let all = text(&out.stdout);
    let header = seed.lines().next().unwrap();
    assert_eq!(all.lines().filter(|l| *l == header).count(), 1);
    // The second input's rows follow the first's, without its header.
    let rest = meeting.split_once("\r\n").unwrap().1;
    assert_eq!(all, format!("{seed}{rest}"));
}

#[test]
fn several_inputs_in_json_are_one_array_and_in_jsonl_lines() {
    let out = unrec(&["extract", SEED, MEETING, "-f", "json"]);
    assert!(out.status.success());
    let array: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let documents = array.as_array().unwrap();
    assert_eq!(documents.len(), 2);
    for (document, path) in documents.iter().zip([SEED, MEETING]) {
        let single: serde_json::Value =
            serde_json::from_slice(&unrec(&["extract", path, "-f", "json"]).stdout).unwrap();
        assert_eq!(document, &single, "{path}");
    }
    let lines = |args: &[&str]| text(&unrec(args).stdout);
    assert_eq!(
        lines(&["extract", SEED, MEETING, "-f", "jsonl"]),
        lines(&["extract", SEED, "-f", "jsonl"]) + &lines(&["extract", MEETING, "-f", "jsonl"])
    );
}

#[test]
fn a_failing_input_is_reported_and_the_others_go_out() {
    let dir = crate::batch_support::temp("extract-many");
    let file = dir.join("out.csv");
    let out = unrec(&[
        "extract",
        SEED,
        "fixtures/no-such-file.txt",
        MEETING,
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("fixtures/no-such-file.txt"), "{stderr}");
    let written = std::fs::read_to_string(&file).unwrap();
    let expected = text(&unrec(&["extract", SEED, MEETING]).stdout);
    assert_eq!(written, expected);
    // Records carry their file.
    let mut reader = csv::Reader::from_reader(written.as_bytes());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "document_key")
        .unwrap();
    let files: std::collections::BTreeSet<String> = reader
        .records()
        .map(|r| r.unwrap().get(column).unwrap().to_string())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn strict_counts_findings_of_any_input_and_failure_wins() {
    assert_eq!(
        unrec(&["extract", SEED, BROKEN, "--strict", "-q"]).status.code(),
        Some(1)
    );
    assert_eq!(unrec(&["extract", SEED, BROKEN, "-q"]).status.code(), Some(0));
    let failing = unrec(&["extract", BROKEN, "fixtures/no-such-file.txt", "--strict", "-q"]);
    assert_eq!(failing.status.code(), Some(2));
    // Standard input is read once.
    assert_eq!(unrec(&["extract", "-", "-"]).status.code(), Some(2));
}
