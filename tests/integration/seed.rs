//! The reference document: its 174 units, from every text variant.
//!
//! The expected units are read from the seed with a separate, line-based
//! reading that relies on the seed's own format (one paragraph per line),
//! so the pipeline is compared with the document, not with itself.

use std::path::{Path, PathBuf};
use unrec::{Config, Extraction, emit};

fn fixture(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(case)
        .join(file)
}

fn extract(path: &Path) -> Extraction {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    unrec::extract(&unrec::read::file_name(path), &bytes, &Config::default()).unwrap()
}

/// (meeting, number, subitem, text) of a unit.
type Unit = (u32, u32, String, String);

fn units(extraction: &Extraction) -> Vec<Unit> {
    emit::rows(extraction)
        .into_iter()
        .map(|r| {
            (
                r.meeting,
                r.number,
                r.subitem.unwrap_or_default().to_string(),
                r.text.to_string(),
            )
        })
        .collect()
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The seed's units, read line by line.
fn seed_units() -> Vec<Unit> {
    let text = std::fs::read_to_string(fixture("seed", "seed.txt")).unwrap();
    let link = regex::Regex::new(r"\[([^\]]+)\]\(#\)").unwrap();
    let emphasis = regex::Regex::new(r"\*([^*\s][^*]*)\*").unwrap();
    let heading = regex::Regex::new(r"^[IVX]+\. (\w+) meeting, ").unwrap();
    let numbered = regex::Regex::new(r"^(\d+)\. (.*)$").unwrap();
    let lettered = regex::Regex::new(r"^(?:- )?\(([a-z])\) (.*)$").unwrap();
    let ordinals = ["First", "Second", "Third", "Fourth", "Fifth"];
    let mut out: Vec<Unit> = Vec::new();
    let mut meeting = 0u32;
    let mut number = 0u32;
    for raw in text.lines() {
        let line = emphasis
            .replace_all(&link.replace_all(raw.trim(), "$1"), "$1")
            .into_owned();
        if line.is_empty() {
            continue;
        }
        if let Some(c) = heading.captures(&line) {
            meeting = ordinals.iter().position(|o| *o == &c[1]).unwrap() as u32 + 1;
        } else if meeting == 0 {
        } else if let Some(c) = numbered.captures(&line) {
            number = c[1].parse().unwrap();
            out.push((meeting, number, String::new(), words(&c[2])));
        } else if let Some(c) = lettered.captures(&line) {
            out.push((meeting, number, c[1].to_string(), words(&c[2])));
        } else {
            // The one paragraph split by a page break.
            let last = out.last_mut().unwrap();
            last.3 = words(&format!("{} {}", last.3, line));
        }
    }
    out
}

#[test]
fn seed_yields_its_174_units_exactly() {
    let expected = seed_units();
    assert_eq!(expected.len(), 174);
    let got = units(&extract(&fixture("seed", "seed.txt")));
    assert_eq!(got.len(), 174);
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    let per_meeting: Vec<usize> = (1..=5)
        .map(|m| got.iter().filter(|u| u.0 == m && u.2.is_empty()).count())
        .collect();
    assert_eq!(per_meeting, [55, 33, 41, 15, 5]);
    assert_eq!(got.iter().filter(|u| !u.2.is_empty()).count(), 25);
}

#[test]
fn seed_has_no_findings() {
    let x = extract(&fixture("seed", "seed.txt"));
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
}

#[test]
fn text_variants_yield_identical_units() {
    let reference = units(&extract(&fixture("seed", "seed.txt")));
    for (case, file) in [
        ("seed-crlf-bom", "seed-crlf-bom.txt"),
        ("seed-cp1252", "seed-cp1252.txt"),
        ("seed-layout", "seed-layout.txt"),
    ] {
        let x = extract(&fixture(case, file));
        let got = units(&x);
        assert_eq!(got.len(), reference.len(), "{case}");
        for (g, r) in got.iter().zip(&reference) {
            assert_eq!(g, r, "{case}");
        }
        // Same ids too: they do not depend on the file.
        let ids: Vec<String> = emit::rows(&x).iter().map(|r| r.id.to_string()).collect();
        let ref_ids: Vec<String> = emit::rows(&extract(&fixture("seed", "seed.txt")))
            .iter()
            .map(|r| r.id.to_string())
            .collect();
        assert_eq!(ids, ref_ids, "{case}");
    }
}

#[test]
fn windows_1252_copy_is_flagged() {
    let x = extract(&fixture("seed-cp1252", "seed-cp1252.txt"));
    let codes: Vec<&str> = x.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["decoded_as_windows_1252"]);
}

#[test]
fn layout_copy_keeps_furniture_out_and_reads_the_masthead() {
    let x = extract(&fixture("seed-layout", "seed-layout.txt"));
    for row in emit::rows(&x) {
        for furniture in ["V.19-04998", "CTOC/COP/WG.7/2019/CRP.1", "*1904998*", "Distr."] {
            assert!(!row.text.contains(furniture), "{} holds {furniture}", row.id);
        }
    }
    // Regression: a paragraph continued on the next page with a capital
    // (`Crime` / `Convention`) was joined only by the segmenter, with a note.
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    let meta = &x.document.metadata;
    assert_eq!(meta.symbol.as_deref(), Some("CTOC/COP/WG.7/2019/CRP.1"));
    assert_eq!(
        meta.body.as_deref(),
        Some("Working Group on the Smuggling of Migrants")
    );
    assert_eq!(meta.date.as_deref(), Some("2019-06-21"));
}

#[test]
fn broken_copies_yield_their_findings() {
    let cases = [
        ("broken-skipped-number", "numbering_gap"),
        ("broken-duplicate-number", "numbering_duplicate"),
        ("broken-subitem-gap", "subitem_gap"),
    ];
    for (case, code) in cases {
        let x = extract(&fixture(case, &format!("{case}.txt")));
        let errors: Vec<&str> = x
            .diagnostics
            .iter()
            .filter(|d| d.severity == unrec::diagnostic::Severity::Error)
            .map(|d| d.code)
            .collect();
        assert_eq!(errors, [code], "{case}: {:#?}", x.diagnostics);
        assert!(x.diagnostics.iter().all(|d| d.location.line > 0));
    }
}
