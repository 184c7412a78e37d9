//! Every example command README.md and the `--help` texts give runs and
//! succeeds, so that neither can drift from the program.
//!
//! An example is a command line that starts with `unrec` (or `cargo run
//! --release --`, which builds then runs it) and holds no synopsis
//! placeholder (`[…]`, `...`, `a|b` alternatives, an upper-case name such
//! as `INPUT`). Each runs in `bash` in a fresh folder where the files the
//! examples name stand for fixtures: `background-paper.pdf` is the
//! reference document as a PDF, `index.pdf` an index, `archive/` a few
//! documents, and so on.

use crate::batch_support::root;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The example commands of README.md: indented lines, a line ending in
/// `\` joined with the next.
fn readme_examples() -> Vec<String> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut examples = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(mut command) = line.strip_prefix("    ").map(|l| l.trim().to_string()) else {
            continue;
        };
        while command.ends_with('\\') {
            command.pop();
            command.push_str(lines.next().unwrap_or_default().trim());
        }
        examples.push(command);
    }
    examples.into_iter().filter_map(|c| runnable(&c)).collect()
}

/// The commands of the `Examples:` sections of `unrec --help` and of each
/// command's `--help`.
fn help_examples() -> Vec<String> {
    let mut texts = vec![help(&["--help"])];
    let top = texts[0].clone();
    let commands = top
        .split("Commands:")
        .nth(1)
        .unwrap_or_default()
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help");
    for command in commands {
        texts.push(help(&[command, "--help"]));
    }
    let mut examples = Vec::new();
    for text in &texts {
        let section = text.split("Examples:").nth(1).unwrap_or_default();
        let lines = section.lines().skip(1).take_while(|l| l.starts_with("  "));
        for example in lines.filter_map(|l| runnable(l.trim())) {
            // A command's help repeats the top level's examples.
            if !examples.contains(&example) {
                examples.push(example);
            }
        }
    }
    examples
}

fn help(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "unrec {args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The command as it is run, if it is an example rather than a synopsis.
fn runnable(line: &str) -> Option<String> {
    let command = match line.strip_prefix("cargo run --release -- ") {
        Some(rest) => format!("unrec {rest}"),
        None => line.to_string(),
    };
    let unrec = command.starts_with("unrec ") || command.contains("| unrec ");
    let placeholder = command.contains('[')
        || command.contains("...")
        || command.split_whitespace().any(|w| {
            w.contains('|') && w.len() > 1 || w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase())
        });
    (unrec && !placeholder).then_some(command)
}

/// A folder holding the files the examples name, standing for fixtures.
fn sandbox(n: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unrec-examples-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let fixture = |path: &str| root().join("fixtures").join(path);
    let copies = [
        (
            "background-paper.pdf",
            "seed-pdf-libreoffice/seed-libreoffice.pdf",
        ),
        ("paper-2019.pdf", "seed-pdf-libreoffice/seed-libreoffice.pdf"),
        ("paper-2021.pdf", "seed-pdf-pdflatex/seed-pdflatex.pdf"),
        ("index.pdf", "crosscheck-pdf/index-style-a.pdf"),
        (
            "report-2018.pdf",
            "meeting-report-1-pdf-libreoffice/meeting-report-1-libreoffice.pdf",
        ),
        (
            "report.pdf",
            "meeting-report-2-pdf-libreoffice/meeting-report-2-libreoffice.pdf",
        ),
        ("paper.txt", "seed/seed.txt"),
        ("seed.txt", "seed/seed.txt"),
        ("index.txt", "crosscheck-style-a/index-style-a.txt"),
        ("meeting-report-1.txt", "meeting-report-1/meeting-report-1.txt"),
        ("meeting-report-2.txt", "meeting-report-2/meeting-report-2.txt"),
        ("session-documents/seed.txt", "seed/seed.txt"),
        (
            "session-documents/meeting-report-1.txt",
            "meeting-report-1/meeting-report-1.txt",
        ),
        ("archive/seed.txt", "seed/seed.txt"),
        ("archive/report-sg.txt", "report-sg/report-sg.txt"),
        ("archive/co-crc.txt", "co-crc/co-crc.txt"),
        ("my-cases/seed/seed.txt", "seed/seed.txt"),
        ("my-cases/seed/expected.csv", "seed/expected.csv"),
        ("my-cases/seed/expected.json", "seed/expected.json"),
    ];
    for (name, from) in copies {
        let to = dir.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixture(from), &to).unwrap_or_else(|e| panic!("{from}: {e}"));
    }
    std::fs::write(dir.join("reports.list"), "seed.txt\nreport.pdf\n").unwrap();
    std::os::unix::fs::symlink(root().join("fixtures"), dir.join("fixtures")).unwrap();
    std::fs::create_dir_all(dir.join("docs")).unwrap();
    dir
}

/// Run one example in its own sandbox; its exit code and what it said.
fn run(n: usize, command: &str) -> (Option<i32>, String) {
    let dir = sandbox(n);
    let bin = Path::new(env!("CARGO_BIN_EXE_unrec")).parent().unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let output = Command::new("bash")
        .args(["-c", command])
        .current_dir(&dir)
        .env("PATH", path)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stderr)
        .chars()
        .take(2000)
        .collect();
    std::fs::remove_dir_all(&dir).unwrap();
    (output.status.code(), said)
}

#[cfg(unix)]
#[test]
fn every_example_of_readme_and_help_runs() {
    let readme = readme_examples();
    let help = help_examples();
    println!("{} README examples, {} --help examples", readme.len(), help.len());
    assert_eq!((readme.len(), help.len()), (5, 16), "{readme:#?}\n{help:#?}");
    let failed: Vec<String> = readme
        .iter()
        .chain(&help)
        .enumerate()
        .filter_map(|(n, command)| {
            let (code, said) = run(n, command);
            (code != Some(0)).then(|| format!("{command}\n  exit {code:?}: {said}"))
        })
        .collect();
    assert!(failed.is_empty(), "examples that fail:\n{}", failed.join("\n"));
}

#[test]
fn a_synopsis_is_not_an_example() {
    assert_eq!(runnable("unrec extract INPUT... [--index INDEX]"), None);
    assert_eq!(runnable("unrec completions bash|zsh|fish"), None);
    assert_eq!(runnable("unrec blocks INPUT"), None);
    assert_eq!(
        runnable("cargo run --release -- extract seed.txt -f csv").as_deref(),
        Some("unrec extract seed.txt -f csv")
    );
    assert_eq!(
        runnable("ls *.pdf | unrec batch - -o records/").as_deref(),
        Some("ls *.pdf | unrec batch - -o records/")
    );
    assert_eq!(runnable("sqlite3 all.sqlite \"SELECT 1\""), None);
    // A failing example is seen as failing.
    assert_eq!(run(1000, "unrec extract no-such-file.txt").0, Some(2));
}
