//! What the binary says on standard error and how: batch's per-document
//! lines (short, the path once; whole under `--verbose`).

use crate::batch_inputs::exits;
use crate::batch_support::{temp, unrec};
use std::path::{Path, PathBuf};

/// A folder with a document cut short by the units limit, a letter (of no
/// known kind) and binary data named `.pdf`.
fn troubled_folder(dir: &Path) -> PathBuf {
    let folder = dir.join("in");
    std::fs::create_dir_all(&folder).unwrap();
    let seed = crate::batch_support::root().join("fixtures/seed/seed.txt");
    std::fs::copy(seed, folder.join("seed.txt")).unwrap();
    std::fs::write(
        folder.join("letter.txt"),
        "United Nations\n\nS/2031/12\n\nSecurity Council\n\nLetter dated 2 January 2031\n\nI have the honour to transmit the statement.\n",
    )
    .unwrap();
    std::fs::write(folder.join("bin.pdf"), b"\x00\x01\x02binary\xff\xfe").unwrap();
    folder
}

/// The lines of standard error that speak of a document.
fn document_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.starts_with("unrec: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn batch_says_a_short_line_per_document_and_all_under_verbose() {
    let dir = temp("messages");
    let folder = troubled_folder(&dir);
    let run = |name: &str, more: &[&str]| {
        let out = dir.join(name);
        let mut args = vec!["batch", folder.to_str().unwrap(), "-o", out.to_str().unwrap()];
        args.extend(["--limit", "units=5"]);
        args.extend(more);
        let run = unrec(&args);
        exits(&run, 2);
        run
    };
    let short = run("short", &[]);
    let lines = document_lines(&short.stderr);
    assert_eq!(lines.len(), 2, "{lines:?}");
    for (line, path) in lines.iter().zip(["in/bin.pdf", "in/seed.txt"]) {
        assert!(
            line.chars().count() <= 200,
            "{} characters: {line}",
            line.chars().count()
        );
        assert_eq!(line.matches(path).count(), 1, "{line}");
    }
    assert!(
        lines[0].contains("failed (not_a_document): not a text or PDF file"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("truncated: the document holds more than 5 units"),
        "{}",
        lines[1]
    );
    assert!(!lines[1].contains("raises it"), "an aside dropped: {}", lines[1]);
    let summary = String::from_utf8_lossy(&short.stderr);
    assert!(
        summary.contains("--verbose gives the messages whole"),
        "{summary}"
    );
    // Whole, and the letter of no known kind too, with what was looked for.
    let verbose = document_lines(&run("verbose", &["--verbose"]).stderr);
    assert_eq!(verbose.len(), 3, "{verbose:?}");
    let letter = verbose.iter().find(|l| l.contains("in/letter.txt")).unwrap();
    assert!(
        letter.contains("none: no profile recognised the document (looked for: "),
        "{letter}"
    );
    assert_eq!(letter.matches("in/letter.txt").count(), 1, "{letter}");
    assert!(
        verbose
            .iter()
            .any(|l| l.contains("(`--limit units=N` raises it)")),
        "{verbose:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

const BROKEN: &str = "fixtures/broken-skipped-number/broken-skipped-number.txt";

#[test]
fn color_paints_the_severity_word_only_when_asked_or_on_a_terminal() {
    let stderr = |args: &[&str]| String::from_utf8(unrec(args).stderr).unwrap();
    let always = stderr(&["extract", BROKEN, "--color", "always"]);
    assert!(
        always.contains("\x1b[1;31merror\x1b[0m[numbering_gap]: "),
        "{always:?}"
    );
    assert_eq!(
        always.matches('\x1b').count(),
        2 * always.matches("[numbering_gap]").count()
    );
    // Standard error is a pipe here: `auto` does not colour.
    for args in [&["extract", BROKEN][..], &["extract", BROKEN, "--color", "never"]] {
        let plain = stderr(args);
        assert!(
            plain.contains("error[numbering_gap]: ") && !plain.contains('\x1b'),
            "{plain:?}"
        );
    }
}

#[test]
fn completions_name_the_subcommands_for_every_shell() {
    let bash = unrec(&["completions", "bash"]);
    exits(&bash, 0);
    let script = String::from_utf8(bash.stdout).unwrap();
    for command in [
        "extract",
        "batch",
        "crosscheck",
        "reconcile",
        "regress",
        "completions",
        "man",
    ] {
        assert!(script.contains(command), "{command}");
    }
    assert!(!script.contains("__work"), "the worker stays hidden");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let out = unrec(&["completions", shell]);
        exits(&out, 0);
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("extract"),
            "{shell}"
        );
    }
    exits(&unrec(&["completions", "tcsh"]), 2);
}

#[test]
fn man_writes_a_manual_page() {
    let out = unrec(&["man"]);
    exits(&out, 0);
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains("\n.TH "),
        "{}",
        &page[..200.min(page.len())]
    );
    assert!(page.contains(".TH unrec"), "{}", &page[..200.min(page.len())]);
    assert!(page.contains("extract") && page.contains("batch"));
}

/// Every line of standard error, each a JSON object.
fn json_lines(stderr: &[u8]) -> Vec<serde_json::Value> {
    let text = String::from_utf8(stderr.to_vec()).unwrap();
    let parse = |l: &str| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}"));
    text.lines().map(parse).collect()
}

#[test]
fn json_messages_are_the_lines_of_batch_diagnostics() {
    let out = unrec(&["extract", BROKEN, "--message-format", "json"]);
    exits(&out, 0);
    let lines = json_lines(&out.stderr);
    let gap = lines.iter().find(|l| l["code"] == "numbering_gap").unwrap();
    assert_eq!(gap["severity"], "error");
    assert_eq!(gap["document_key"], "broken-skipped-number.txt");
    assert_eq!(gap["location"]["file"], "broken-skipped-number.txt");
    assert!(gap["location"]["line"].as_u64().unwrap() > 0);
    assert!(gap["message"].as_str().unwrap().contains("is missing"));
    // Byte for byte what a batch of the same document writes.
    let dir = temp("json-messages");
    let run = unrec(&["batch", BROKEN, "-o", dir.join("out").to_str().unwrap(), "-q"]);
    exits(&run, 0);
    let written = std::fs::read(dir.join("out/diagnostics.jsonl")).unwrap();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        String::from_utf8(written).unwrap()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn json_messages_on_every_command() {
    let missing = "fixtures/no-such-file.txt";
    let commands: [&[&str]; 6] = [
        &["extract", missing],
        &["crosscheck", missing, BROKEN],
        &["reconcile", missing],
        &["lines", missing],
        &["blocks", missing],
        &["regress", "fixtures/no-such-folder"],
    ];
    for args in commands {
        let mut args = args.to_vec();
        args.extend(["--message-format", "json"]);
        let out = unrec(&args);
        exits(&out, 2);
        let lines = json_lines(&out.stderr);
        assert_eq!(lines.len(), 1, "{args:?}");
        assert_eq!(lines[0]["severity"], "error", "{args:?}");
        assert!(
            lines[0]["message"].as_str().unwrap().contains("no-such-"),
            "{args:?}"
        );
    }
    // Batch: each document that failed as its manifest line, then the tally.
    let dir = temp("json-batch");
    let folder = troubled_folder(&dir);
    let out = dir.join("out");
    let args = ["batch", folder.to_str().unwrap(), "-o", out.to_str().unwrap()];
    let run = unrec(&[&args[..], &["--message-format", "json", "--limit", "units=5"]].concat());
    exits(&run, 2);
    let lines = json_lines(&run.stderr);
    let statuses: Vec<&str> = lines.iter().filter_map(|l| l["status"].as_str()).collect();
    assert_eq!(statuses, ["failed", "truncated"]);
    let tally = lines.last().unwrap();
    assert_eq!(tally["severity"], "note");
    assert!(
        tally["message"].as_str().unwrap().starts_with("3 inputs: "),
        "{tally}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_names_the_kinds_of_input_and_batch_the_extensions_it_searches() {
    let help = |args: &[&str]| {
        let out = unrec(args);
        exits(&out, 0);
        String::from_utf8(out.stdout).unwrap()
    };
    for flag in ["--help", "-h"] {
        let extract = help(&["extract", flag]);
        assert!(extract.contains("PDF, Word (.docx), text or HTML"), "{extract}");
        let batch = help(&["batch", flag]);
        for extension in unrec::batch::EXTENSIONS {
            assert!(batch.contains(&format!("`.{extension}`")), "{extension}: {batch}");
        }
        assert!(batch.contains("`.docx`"), "{batch}");
    }
}
