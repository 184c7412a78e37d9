//! The binary: formats, exit codes, messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn unrec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn seed() -> PathBuf {
    Path::new("fixtures").join("seed").join("seed.txt")
}

#[test]
fn csv_has_header_and_174_rows() {
    let out = unrec(&["extract", seed().to_str().unwrap(), "-f", "csv"]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let columns: Vec<&str> = unrec::emit::header();
    assert_eq!(header, columns);
    assert_eq!(reader.records().count(), 174);
}

#[test]
fn jsonl_and_json_carry_the_same_units() {
    let jsonl = unrec(&["extract", seed().to_str().unwrap(), "-f", "jsonl"]);
    let lines: Vec<serde_json::Value> = String::from_utf8(jsonl.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 174);
    let json = unrec(&["extract", seed().to_str().unwrap(), "-f", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let mut texts = Vec::new();
    for meeting in doc["meetings"].as_array().unwrap() {
        for rec in meeting["recommendations"].as_array().unwrap() {
            texts.push(rec["text"].as_str().unwrap().to_string());
            for item in rec["sub_items"].as_array().unwrap() {
                texts.push(item["text"].as_str().unwrap().to_string());
            }
        }
    }
    let jsonl_texts: Vec<String> = lines
        .iter()
        .map(|l| l["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(texts, jsonl_texts);
    assert_eq!(doc["counts"]["units"], 174);
}

#[test]
fn stdin_and_output_file() {
    let dir = std::env::temp_dir().join(format!("unrec-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out_file = dir.join("out.csv");
    let mut child = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(["extract", "-", "-o", out_file.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(seed())).unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &bytes).unwrap();
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert_eq!(written.lines().count(), 175);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn strict_exits_1_on_findings_and_0_without() {
    let broken = "fixtures/broken-skipped-number/broken-skipped-number.txt";
    let out = unrec(&["extract", broken, "--strict"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("error[numbering_gap]"), "{stderr}");
    assert!(stderr.contains("--> broken-skipped-number.txt:"), "{stderr}");
    assert_eq!(unrec(&["extract", broken]).status.code(), Some(0));
    assert_eq!(
        unrec(&["extract", seed().to_str().unwrap(), "--strict"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn unreadable_input_exits_2_naming_the_file() {
    let out = unrec(&["extract", "fixtures/no-such-file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("fixtures/no-such-file.txt"), "{stderr}");
}

#[test]
fn regress_reports_differences_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("unrec-regress-{}", std::process::id()));
    let case = dir.join("case-one");
    std::fs::create_dir_all(&case).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(seed()),
        case.join("seed.txt"),
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    assert_eq!(
        unrec(&["regress", d]).status.code(),
        Some(1),
        "no expected files yet"
    );
    assert_eq!(unrec(&["regress", d, "--bless"]).status.code(), Some(0));
    assert!(case.join("expected.csv").exists() && case.join("expected.json").exists());
    assert_eq!(unrec(&["regress", d]).status.code(), Some(0));
    let csv = std::fs::read_to_string(case.join("expected.csv")).unwrap();
    std::fs::write(
        case.join("expected.csv"),
        csv.replacen("Smuggling of Migrants Protocol.", "Protocol.", 1),
    )
    .unwrap();
    let out = unrec(&["regress", d]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("FAILED  case-one") && stdout.contains("expected.csv"),
        "{stdout}"
    );
    assert!(stdout.contains("0 passed, 1 failed"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn timings_name_every_stage_on_stderr() {
    let out = unrec(&[
        "extract",
        seed().to_str().unwrap(),
        "-q",
        "--timings",
        "-o",
        "/dev/null",
    ]);
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    let line = err
        .lines()
        .find(|l| l.starts_with("timings: "))
        .unwrap_or_default();
    for stage in ["read", "clean", "segment", "check", "emit", "total"] {
        assert!(line.contains(&format!("{stage} ")), "{stage} missing: {err}");
    }
    // Without the flag, nothing is said.
    let out = unrec(&["extract", seed().to_str().unwrap(), "-q", "-o", "/dev/null"]);
    assert!(out.stderr.is_empty());
}

#[test]
fn a_limit_is_set_by_name_and_a_bad_one_refused() {
    let out = unrec(&[
        "extract",
        seed().to_str().unwrap(),
        "-q",
        "--limit",
        "units=10",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let out = unrec(&[
        "extract",
        seed().to_str().unwrap(),
        "--limit",
        "units=10",
        "--strict",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the limit units=10"));
    let out = unrec(&["extract", seed().to_str().unwrap(), "--limit", "bogus=1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`bogus` is no limit"));
}

/// Regression: past the units limit, every paragraph joined to a dropped
/// unit was a note of its own (a million of them on 2 million paragraphs).
/// Segmentation now stops at the limit: the dropped units are never read,
/// and neither are their notes.
#[test]
fn notes_on_units_past_the_limit_are_counted_in_its_error() {
    let dir = std::env::temp_dir().join(format!("unrec-past-limit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("past-limit.txt");
    let mut text = String::from(
        "The Working Group adopted these recommendations.\n\nI. First meeting, Vienna, 4 July 2018\n\n",
    );
    for i in 1..=30 {
        text.push_str(&format!("{i}. States should act.\n\nAnd more on {i}.\n\n"));
    }
    std::fs::write(&file, text).unwrap();
    let out = unrec(&[
        "extract",
        file.to_str().unwrap(),
        "--limit",
        "units=10",
        "-o",
        "/dev/null",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    let said = |code: &str| err.lines().filter(|l| l.contains(code)).count();
    assert_eq!(said("limit_exceeded"), 1, "{err}");
    // The ten kept units' joined paragraphs are said; reading stopped at
    // the eleventh unit, so nothing past it is read, said or counted.
    assert_eq!(said("paragraph_joined"), 10, "{err}");
    assert!(err.contains("more than 10 units"), "{err}");
    assert!(err.contains("from `"), "{err}");
    assert!(!err.contains("notes on them"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn lines_show_how_each_line_end_hyphen_is_read() {
    let pdf = Path::new("fixtures/meeting-report-1-pdf-pdflatex/meeting-report-1-pdflatex.pdf");
    let out = unrec(&["lines", "--hyphens", pdf.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let decisions: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with("\thyphen "))
        .map(|l| l.split('\t').collect())
        .collect();
    assert!(decisions.len() > 20, "{} decisions", decisions.len());
    // Regression: the rendering broke `money-laundering` at its hyphen,
    // and with no other occurrence it was read `moneylaundering`.
    assert!(
        decisions.iter().any(|d| d[1..]
            == [
                "hyphen kept",
                "money-laundering",
                "UN documents write the compound hyphenated"
            ]),
        "{decisions:?}"
    );
    assert!(
        decisions
            .iter()
            .any(|d| d[1] == "hyphen joined" && d[2] == "legislation")
    );
    // Without the flag, the lines alone.
    let plain = unrec(&["lines", pdf.to_str().unwrap()]);
    assert!(!String::from_utf8(plain.stdout).unwrap().contains("\thyphen "));
}

#[test]
fn lines_print_a_raised_mark_as_the_lines_note() {
    let dir = std::env::temp_dir().join(format!("unrec-note-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("note.pdf");
    std::fs::write(&pdf, crate::pdf::raised_mark_pdf()).unwrap();
    let out = unrec(&["lines", pdf.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].ends_with("\ttext\tthe Board b, and"), "{text}");
    assert_eq!(lines[1], "\tnote\tb\tx=139.2");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_dash_for_the_output_is_standard_output() {
    // Regression: `-o -` wrote a file named `-`.
    let dir = std::env::temp_dir().join(format!("unrec-dash-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(seed());
    let out = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(["extract", seed.to_str().unwrap(), "-f", "csv", "-o", "-"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 175);
    assert!(!dir.join("-").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Labels such as `131.10` survive a reader that guesses types: Python's
/// csv module gives them back as written, and the integer columns carry
/// each numeric level (pandas and csvkit read `131.10` as 131.1 when a
/// column holds nothing else).
#[test]
fn labels_survive_pythons_csv_reader() {
    let out = unrec(&[
        "extract",
        "fixtures/upr-report-labels/upr-report-labels.txt",
        "-f",
        "csv",
    ]);
    assert!(out.status.success());
    let script = "import csv, sys, json\n\
                  for r in csv.DictReader(sys.stdin):\n\
                  \x20   print(r['label'], r['number'], r['item'], len(json.loads(r['recommending_states'])))\n";
    let mut python = Command::new("python3")
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    use std::io::Write;
    python.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let read = python.wait_with_output().unwrap();
    assert!(read.status.success());
    let lines: Vec<String> = String::from_utf8(read.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let expected: Vec<String> = (1..=12)
        .map(|i| format!("131.{i} 131 {i} 2"))
        .chain((1..=3).map(|i| format!("132.{i} 132 {i} 1")))
        .collect();
    assert_eq!(lines, expected);
}

/// `--kind` takes every registered kind (it took three of six), and
/// the `unknown_kind` message offers each.
#[test]
fn kind_accepts_every_registered_kind() {
    for kind in unrec::model::Kind::ALL {
        let out = unrec(&["extract", "fixtures/seed/seed.txt", "--kind", kind.name(), "-q"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("invalid value"), "{kind}: {err}");
        assert!(
            out.status.code().is_some_and(|c| c == 0 || c == 2),
            "{kind}: {err}"
        );
    }
    let unknown = unrec(&["extract", "Cargo.toml"]);
    let err = String::from_utf8_lossy(&unknown.stderr);
    for kind in unrec::model::Kind::ALL {
        assert!(err.contains(&format!("{kind}: ")), "{kind} missing from: {err}");
    }
}

/// The second documents are told apart by their kind, in the library: an
/// addendum given to `batch` fills the responses of its report (batch read
/// every companion as an index), and a companion that does not fit the
/// document is a warning, not a silent no-op.
#[test]
fn companions_take_the_role_their_kind_gives_them() {
    let dir = std::env::temp_dir().join(format!("unrec-companions-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("out");
    let run = unrec(&[
        "batch",
        "fixtures/upr-report-labels/upr-report-labels.txt",
        "--index",
        "fixtures/upr-addendum-labels/upr-addendum-labels.txt",
        "-o",
        out.to_str().unwrap(),
        "-q",
    ]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let mut reader = csv::Reader::from_path(out.join("recommendations.csv")).unwrap();
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "response")
        .unwrap();
    let responses: Vec<String> = reader.records().map(|r| r.unwrap()[column].to_string()).collect();
    assert_eq!(responses.len(), 15);
    assert!(responses.iter().all(|r| !r.is_empty()), "{responses:?}");
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("with=upr-addendum-labels.txt@"), "{manifest}");
    std::fs::remove_dir_all(&dir).unwrap();

    let unfit = unrec(&[
        "extract",
        "fixtures/seed/seed.txt",
        "--responses",
        "fixtures/upr-addendum-labels/upr-addendum-labels.txt",
    ]);
    assert!(unfit.status.success());
    let err = String::from_utf8_lossy(&unfit.stderr);
    assert!(
        err.contains("warning[companion_unused]: upr-addendum-labels.txt is a UPR addendum"),
        "{err}"
    );
}

/// Regression: `text-bytes` was a limit `--limit` took but its help did
/// not name. Every limit is named in the help.
#[test]
fn the_limit_help_names_every_limit() {
    let out = unrec(&["extract", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    let named = unrec::limits::Limit::ALL
        .iter()
        .filter(|l| help.contains(l.name()))
        .count();
    assert_eq!(named, unrec::limits::Limit::ALL.len(), "{help}");
}
