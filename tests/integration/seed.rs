//! The reference document: its 174 units, from every text variant.
//!
//! The expected units are read from the seed with a separate, line-based
//! reading that relies on the seed's own format (one paragraph per line),
//! so the pipeline is compared with the document, not with itself.

use std::path::{Path, PathBuf};
use unrec::diagnostic::Severity;
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
        .map(|r| {
            (
                r.integer("meeting").unwrap_or(0) as u32,
                r.integer("number").unwrap_or(0) as u32,
                r.text("subitem").unwrap_or_default().to_string(),
                r.text("text").unwrap_or_default().to_string(),
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
        ("seed-pdftotext-libreoffice", "seed-pdftotext-libreoffice.txt"),
        ("seed-pdftotext-pdflatex", "seed-pdftotext-pdflatex.txt"),
        ("seed-html", "seed.html"),
    ] {
        let x = extract(&fixture(case, file));
        let got = units(&x);
        assert_eq!(got.len(), reference.len(), "{case}");
        for (g, r) in got.iter().zip(&reference) {
            assert_eq!(g, r, "{case}");
        }
        // Same ids too: they do not depend on the file.
        let ids: Vec<String> = emit::rows(&x)
            .map(|r| r.text("id").unwrap().to_string())
            .collect();
        let ref_ids: Vec<String> = emit::rows(&extract(&fixture("seed", "seed.txt")))
            .map(|r| r.text("id").unwrap().to_string())
            .collect();
        assert_eq!(ids, ref_ids, "{case}");
    }
}

#[test]
fn poppler_text_copies_have_no_findings() {
    // Regression: the page-1 asterisk footnote, which pdftotext prints
    // without its rule, stood between a paragraph and its continuation on
    // the next page.
    for (case, file) in [
        ("seed-pdftotext-libreoffice", "seed-pdftotext-libreoffice.txt"),
        ("seed-pdftotext-pdflatex", "seed-pdftotext-pdflatex.txt"),
    ] {
        let x = extract(&fixture(case, file));
        assert!(x.diagnostics.is_empty(), "{case}: {:#?}", x.diagnostics);
    }
}

#[test]
fn windows_1252_copy_is_flagged() {
    let x = extract(&fixture("seed-cp1252", "seed-cp1252.txt"));
    let codes: Vec<&str> = x.diagnostics.iter().map(|d| d.code.name()).collect();
    assert_eq!(codes, ["decoded_as_windows_1252"]);
}

#[test]
fn layout_copy_keeps_furniture_out_and_reads_the_masthead() {
    let x = extract(&fixture("seed-layout", "seed-layout.txt"));
    for row in emit::rows(&x) {
        for furniture in ["V.19-04998", "CTOC/COP/WG.7/2019/CRP.1", "*1904998*", "Distr."] {
            assert!(
                !row.text("text").unwrap_or_default().contains(furniture),
                "{} holds {furniture}",
                row.text("id").unwrap()
            );
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
            .map(|d| d.code.name())
            .collect();
        assert_eq!(errors, [code], "{case}: {:#?}", x.diagnostics);
        assert!(x.diagnostics.iter().all(|d| d.location.line > 0));
    }
}

/// (meeting, number, subitem) → (page_start, page_end) for a PDF fixture.
/// (meeting, number, subitem).
type Key = (u32, u32, String);
/// (page_start, page_end).
type Pages = (Option<u32>, Option<u32>);
/// A unit named by (meeting, number, subitem) and its expected first and last page.
type ExpectedPages<'a> = &'a [((u32, u32, &'a str), (u32, u32))];

fn pages(x: &Extraction) -> Vec<(Key, Pages)> {
    emit::rows(x)
        .map(|r| {
            (
                (
                    r.integer("meeting").unwrap_or(0) as u32,
                    r.integer("number").unwrap_or(0) as u32,
                    r.text("subitem").unwrap_or_default().to_string(),
                ),
                (
                    r.integer("page_start").map(|p| p as u32),
                    r.integer("page_end").map(|p| p as u32),
                ),
            )
        })
        .collect()
}

#[test]
fn pdf_renderings_yield_the_same_units_as_the_text() {
    let reference = units(&extract(&fixture("seed", "seed.txt")));
    for (case, file) in [
        ("seed-pdf-libreoffice", "seed-libreoffice.pdf"),
        ("seed-pdf-pdflatex", "seed-pdflatex.pdf"),
        ("seed-pdf-aes256", "seed-aes256.pdf"),
        ("seed-pdf-rc4", "seed-rc4.pdf"),
        ("seed-pdf-aes128", "seed-aes128.pdf"),
        ("seed-pdf-linearized", "seed-linearized.pdf"),
        ("pdf-chromium-soft-hyphens", "chromium-soft-hyphens.pdf"),
        (
            "pdf-docx-libreoffice-hyphenated",
            "docx-libreoffice-hyphenated.pdf",
        ),
        ("pdf-weasyprint-hyphenated", "weasyprint-hyphenated.pdf"),
        ("pdf-xelatex", "xelatex.pdf"),
    ] {
        let x = extract(&fixture(case, file));
        let got = units(&x);
        let differing: Vec<String> = got
            .iter()
            .zip(&reference)
            .filter(|(g, r)| g != r)
            .map(|(g, r)| format!("got      {g:?}\nexpected {r:?}"))
            .collect();
        assert!(
            differing.is_empty(),
            "{case}: {} differ:\n{}",
            differing.len(),
            differing.join("\n")
        );
        assert_eq!(got.len(), reference.len(), "{case}");
        let errors: Vec<_> = x
            .diagnostics
            .iter()
            .filter(|d| d.severity > Severity::Note)
            .collect();
        assert!(errors.is_empty(), "{case}: {errors:#?}");
    }
}

#[test]
fn docx_with_list_numbering_yields_the_seed_units() {
    // Its numbers, sub-item letters and meeting numerals exist only as Word
    // automatic numbering (numbering.xml, and a heading style's numbering).
    let x = extract(&fixture("seed-docx-numbered", "seed-numbered.docx"));
    let expected = seed_units();
    let got = units(&x);
    assert_eq!(got.len(), 174);
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g, e);
    }
    let ids: Vec<String> = emit::rows(&x)
        .map(|r| r.text("id").unwrap().to_string())
        .collect();
    let seed_ids: Vec<String> = emit::rows(&extract(&fixture("seed", "seed.txt")))
        .map(|r| r.text("id").unwrap().to_string())
        .collect();
    assert_eq!(ids, seed_ids);
    assert!(x.diagnostics.is_empty(), "{:#?}", x.diagnostics);
    // Word input has no printed pages to record.
    assert!(emit::rows(&x).all(|r| r.integer("page_start").is_none()));
    assert_eq!(x.document.source.format, unrec::read::SourceFormat::Docx);
}

#[test]
fn pdf_renderings_give_the_pages_poppler_gives() {
    // Pages of the meeting headings and of the units that cross a page
    // break, as poppler's pdftotext shows them (fixtures/README.md).
    let cases: [(&str, &str, ExpectedPages); 2] = [
        (
            "seed-pdf-libreoffice",
            "seed-libreoffice.pdf",
            &[
                ((1, 7, ""), (1, 2)),
                ((3, 23, ""), (8, 9)),
                ((4, 13, ""), (10, 11)),
                ((5, 2, "h"), (11, 12)),
                ((1, 1, ""), (1, 1)),
                ((5, 5, ""), (12, 12)),
            ],
        ),
        (
            "seed-pdf-pdflatex",
            "seed-pdflatex.pdf",
            &[
                ((1, 7, ""), (1, 2)),
                ((1, 20, ""), (2, 3)),
                ((3, 29, ""), (9, 10)),
                ((1, 1, ""), (1, 1)),
                ((5, 5, ""), (13, 13)),
            ],
        ),
    ];
    for (case, file, expected) in cases {
        let x = extract(&fixture(case, file));
        let got = pages(&x);
        for ((m, n, s), (first, last)) in expected {
            let key = (*m, *n, s.to_string());
            let found = got.iter().find(|(k, _)| *k == key).map(|(_, p)| *p);
            assert_eq!(found, Some((Some(*first), Some(*last))), "{case}: {key:?}");
        }
        let headings: Vec<u32> = x
            .document
            .meetings()
            .map(|(_, m)| m.location.page.unwrap_or(0))
            .collect();
        assert_eq!(headings, [1, 5, 7, 10, 11], "{case}");
        // Pages never go backwards.
        let starts: Vec<u32> = got.iter().filter_map(|(_, p)| p.0).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{case}");
    }
}

#[test]
fn password_protected_pdf_fails_with_one_line() {
    let path = fixture("seed-pdf-password", "seed-password.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let err = unrec::extract("seed-password.pdf", &bytes, &Config::default()).unwrap_err();
    assert_eq!(err.kind, unrec::read::ReadErrorKind::PasswordRequired);
    let message = err.to_string();
    assert!(
        message.starts_with("seed-password.pdf: ") && message.contains("password"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1);
}
