//! The cross-check of the background paper against its index: the faithful
//! reconstructions agree, in text and PDF and in both citation styles, and
//! each mutated copy yields exactly the finding planted in it.

use std::path::{Path, PathBuf};
use std::process::Command;
use unrec::{Config, Extraction, emit};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Extract the case's document and cross-check it against the case's index.
fn run(case: &str) -> Extraction {
    let folder = fixtures().join(case);
    let pointer = std::fs::read_to_string(folder.join("document.path")).unwrap();
    let document = folder.join(pointer.trim());
    let index = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| unrec::read::file_name(p).starts_with("index"))
        .unwrap();
    let name = |p: &Path| unrec::read::file_name(p);
    let mut x = unrec::extract(
        &name(&document),
        std::fs::read(&document).unwrap(),
        &Config::default(),
    )
    .unwrap();
    let index =
        unrec::read_index(&name(&index), &std::fs::read(&index).unwrap(), &Config::default()).unwrap();
    x.cross_check(&index);
    x
}

fn themes(x: &Extraction) -> Vec<(String, Vec<String>)> {
    emit::rows(x)
        .map(|r| {
            let themes = r.list("themes").iter().map(|t| t.to_string()).collect::<Vec<_>>();
            (r.text("id").unwrap().to_string(), themes)
        })
        .collect()
}

#[test]
fn reconstructions_agree_in_every_form_and_give_every_unit_a_theme() {
    let reference = themes(&run("crosscheck-style-a"));
    assert_eq!(reference.len(), 174);
    for case in [
        "crosscheck-style-a",
        "crosscheck-style-b",
        "crosscheck-pdf",
        "crosscheck-style-b-pdf",
    ] {
        let x = run(case);
        assert!(x.diagnostics.is_empty(), "{case}: {:#?}", x.diagnostics);
        let got = themes(&x);
        assert!(
            got.iter().all(|(_, t)| !t.is_empty()),
            "{case}: a unit without a theme"
        );
        assert_eq!(
            got, reference,
            "{case}: themes differ from the text reconstruction"
        );
        let summary = x.crosscheck.unwrap();
        assert_eq!(
            summary.index_symbol.as_deref(),
            Some("CTOC/COP/WG.7/2019/4"),
            "{case}"
        );
        assert!(summary.counts.iter().all(|c| c.document == c.index), "{case}");
        assert_eq!(summary.grades.different, 0, "{case}");
        assert!(
            summary.grades.exact > 100 && summary.grades.abbreviated > 40,
            "{case}: {:?}",
            summary.grades
        );
    }
    // Some units stand under two themes.
    assert!(reference.iter().filter(|(_, t)| t.len() > 1).count() >= 20);
}

/// (code, location, words the message must hold) of each finding.
fn findings(x: &Extraction) -> Vec<(&'static str, String, String)> {
    x.diagnostics
        .iter()
        .map(|d| (d.code.name(), d.location.to_string(), d.message.clone()))
        .collect()
}

#[test]
fn each_mutated_index_yields_its_planted_findings_and_nothing_else() {
    let cases: [(&str, &[(&str, &str)]); 5] = [
        (
            "crosscheck-left-out",
            &[
                ("count_mismatch", "fourth meeting: 15 recommendations"),
                ("missing_from_index", "fourth meeting, recommendation 2 is"),
            ],
        ),
        (
            "crosscheck-unknown-number",
            &[
                ("count_mismatch", "third meeting: 41 recommendations"),
                ("unknown_reference", "third meeting, recommendation 42"),
            ],
        ),
        (
            "crosscheck-word-changed",
            &[("text_different", "fourth meeting, recommendation 14 differently")],
        ),
        (
            "crosscheck-duplicate",
            &[(
                "duplicate_citation",
                "first meeting, recommendation 28 is cited twice",
            )],
        ),
        (
            "crosscheck-unknown-subitem",
            &[("unknown_reference", "fifth meeting, recommendation 2 (l)")],
        ),
    ];
    for (case, expected) in cases {
        let x = run(case);
        let got = findings(&x);
        assert_eq!(got.len(), expected.len(), "{case}: {got:#?}");
        for ((code, _, message), (want_code, want_words)) in got.iter().zip(expected.iter()) {
            assert_eq!(code, want_code, "{case}");
            assert!(message.contains(want_words), "{case}: {message}");
        }
        // Every finding names both documents.
        for d in &x.diagnostics {
            let places: Vec<&unrec::diagnostic::Location> = d.related.iter().chain([&d.location]).collect();
            assert!(places.iter().any(|l| l.file.starts_with("index")), "{case}: {d}");
            assert!(places.iter().any(|l| &*l.file == "seed.txt"), "{case}: {d}");
        }
    }
    let changed = run("crosscheck-word-changed");
    assert!(
        changed.diagnostics[0].message.contains("[-should-]{+could+}"),
        "{}",
        changed.diagnostics[0].message
    );
}

fn unrec(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn crosscheck_command_reports_and_strict_exits_1() {
    let clean = unrec(&[
        "crosscheck",
        "fixtures/seed/seed.txt",
        "fixtures/crosscheck-style-b/index-style-b.txt",
        "--strict",
    ]);
    assert_eq!(clean.status.code(), Some(0));
    let report = String::from_utf8(clean.stdout).unwrap();
    assert!(
        report.contains("Fifth meeting, Vienna, 4 and 5 July 2018"),
        "{report}"
    );
    assert!(report.contains("no findings"), "{report}");
    let changed = unrec(&[
        "crosscheck",
        "fixtures/seed/seed.txt",
        "fixtures/crosscheck-word-changed/index-word-changed.txt",
        "--strict",
        "-f",
        "json",
    ]);
    assert_eq!(changed.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&changed.stdout).unwrap();
    assert_eq!(json["findings"][0]["code"], "text_different");
    assert_eq!(json["findings"][0]["related"][0]["file"], "seed.txt");
    let missing = unrec(&[
        "crosscheck",
        "fixtures/seed/seed.txt",
        "fixtures/no-such-index.txt",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        String::from_utf8(missing.stderr)
            .unwrap()
            .contains("no-such-index.txt")
    );
}

#[test]
fn extract_with_index_fills_the_themes_column() {
    let out = unrec(&[
        "extract",
        "fixtures/seed/seed.txt",
        "--index",
        "fixtures/crosscheck-style-a/index-style-a.txt",
    ]);
    assert!(out.status.success());
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let column = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "themes")
        .unwrap();
    // A list cell is a JSON array.
    let themes: Vec<Vec<String>> = reader
        .records()
        .map(|r| serde_json::from_str(&r.unwrap()[column]).unwrap())
        .collect();
    assert_eq!(themes.len(), 174);
    assert!(themes.iter().all(|t| !t.is_empty()));
    assert!(themes.iter().any(|t| t.len() > 1), "some unit under two themes");
}

/// A session's index is read once: the index made from the extraction's
/// own blocks is the one `read_index` makes.
#[test]
fn an_index_read_with_its_extraction_is_the_index_read_alone() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for path in [
        "fixtures/crosscheck-style-a/index-style-a.txt",
        "fixtures/crosscheck-pdf/index-style-a.pdf",
    ] {
        let bytes = std::fs::read(root.join(path)).unwrap();
        let config = unrec::Config::default();
        let (x, index) = unrec::extract_with_index("i", &bytes, &config).unwrap();
        assert_eq!(x.document.kind, unrec::model::Kind::Index, "{path}");
        assert_eq!(
            index,
            Some(unrec::read_index("i", &bytes, &config).unwrap()),
            "{path}"
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
    // A document that is no index gives none.
    let seed = std::fs::read(root.join("fixtures/seed/seed.txt")).unwrap();
    let (_, index) = unrec::extract_with_index("s", &seed, &unrec::Config::default()).unwrap();
    assert!(index.is_none());
}

/// An index's own diagnostics are capped as a document's are: the first
/// 100 of a code and one that counts the rest, through `--index` (a
/// companion held against the document) and `read_index`.
#[test]
fn an_index_says_at_most_100_diagnostics_of_a_code_and_counts_the_rest() {
    let mut text = String::from(
        "CTOC/COP/WG.7/2019/4\n\nIndex of recommendations\n\nNote by the Secretariat\n\nI. Introduction\n\n",
    );
    // Each a citation before any theme: `citation_outside_theme`.
    for n in 1..=150 {
        text.push_str(&format!("{n}. As (first meeting, recommendation {n}) shows.\n\n"));
    }
    text.push_str("II. Theme\n\nStates should act. (first meeting, recommendation 2)\n");
    let config = Config::default();
    let outside = |diagnostics: &[unrec::diagnostic::Diagnostic]| -> Vec<String> {
        diagnostics
            .iter()
            .filter(|d| d.code.name() == "citation_outside_theme")
            .map(|d| d.message.clone())
            .collect()
    };
    let index = unrec::read_index("index.txt", text.as_bytes(), &config).unwrap();
    let said = outside(&index.diagnostics);
    assert_eq!(said.len(), 101, "{said:?}");
    assert!(
        said[100].starts_with("50 more `citation_outside_theme`"),
        "{}",
        said[100]
    );
    let companion = unrec::Companion::read("index.txt", text.as_bytes(), &config).unwrap();
    let seed = std::fs::read(fixtures().join("seed/seed.txt")).unwrap();
    let x = unrec::extract_with("seed.txt", &seed, &[companion], &config).unwrap();
    let said = outside(&x.diagnostics);
    assert_eq!(said.len(), 101, "{said:?}");
    assert!(said[100].starts_with("50 more"), "{}", said[100]);
}
