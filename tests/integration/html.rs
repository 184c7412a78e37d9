//! The findings page (`-f html`) of `reconcile` and `crosscheck`: one
//! self-contained UTF-8 page with no script and nothing fetched, holding a
//! section per finding of the JSON report.

use crate::batch_support::{temp, unrec};
use std::path::Path;

/// The session of `reports.rs` with report 4 reworded and one recommendation
/// left out: a numbering gap, a text different, a unit missing.
const SESSION: [&str; 7] = [
    "fixtures/seed/seed.txt",
    "fixtures/meeting-report-1/meeting-report-1.txt",
    "fixtures/meeting-report-2/meeting-report-2.txt",
    "fixtures/meeting-report-3/meeting-report-3.txt",
    "fixtures/reconcile-reworded-left-out/meeting-report-4-broken.txt",
    "fixtures/meeting-report-5/meeting-report-5.txt",
    "fixtures/crosscheck-style-a/index-style-a.txt",
];

/// Cross-check cases of the seed whose indexes hold findings, and one clean.
const INDEXES: [&str; 6] = [
    "fixtures/crosscheck-word-changed/index-word-changed.txt",
    "fixtures/crosscheck-duplicate/index-duplicate.txt",
    "fixtures/crosscheck-left-out/index-left-out.txt",
    "fixtures/crosscheck-unknown-number/index-unknown-number.txt",
    "fixtures/crosscheck-unknown-subitem/index-unknown-subitem.txt",
    "fixtures/crosscheck-style-b/index-style-b.txt",
];

/// The command's page, written with `-o`, and the number of findings its
/// JSON report gives.
fn page_and_findings(args: &[&str], out: &Path) -> (String, usize) {
    let mut html = args.to_vec();
    html.extend(["-f", "html", "-o", out.to_str().unwrap()]);
    let run = unrec(&html);
    assert!(
        matches!(run.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let page = String::from_utf8(std::fs::read(out).unwrap()).expect("the page is UTF-8");
    let mut json = args.to_vec();
    json.extend(["-f", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&unrec(&json).stdout).unwrap();
    (page, report["findings"].as_array().unwrap().len())
}

/// What makes the page stand alone: a document, no script, no resource
/// from the network, no link but within the page.
fn assert_self_contained(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.trim_end().ends_with("</html>"));
    let lower = page.to_lowercase();
    assert!(!lower.contains("<script"), "a script");
    assert!(!lower.contains("src="), "a resource");
    assert!(
        !lower.contains("url(") && !lower.contains("@import"),
        "a style resource"
    );
    for link in lower.split("href=").skip(1) {
        assert!(
            link.starts_with("\"#"),
            "a link out of the page: {}",
            &link[..40.min(link.len())]
        );
    }
    for scheme in ["\"http://", "\"https://", "'http://", "'https://", "=http"] {
        assert!(!lower.contains(scheme), "a network reference {scheme}");
    }
}

#[test]
fn reconcile_page_has_a_section_per_finding() {
    let dir = temp("html-reconcile");
    let mut args = vec!["reconcile"];
    args.extend(SESSION);
    let (page, findings) = page_and_findings(&args, &dir.join("page.html"));
    assert_self_contained(&page);
    assert_eq!(findings, 3);
    assert_eq!(page.matches("class=\"finding\"").count(), findings);
    for name in ["seed.txt", "meeting-report-4-broken.txt", "index-style-a.txt"] {
        assert!(page.contains(name), "{name}");
    }
    assert!(page.contains("<del>best</del>") && page.contains("<ins>better</ins>"));
    assert!(page.contains("data-code=\"missing_from_report\""));
}

#[test]
fn crosscheck_pages_have_a_section_per_finding() {
    let dir = temp("html-crosscheck");
    for index in INDEXES {
        let args = ["crosscheck", "fixtures/seed/seed.txt", index];
        let (page, findings) = page_and_findings(&args, &dir.join("page.html"));
        assert_self_contained(&page);
        assert_eq!(page.matches("class=\"finding\"").count(), findings, "{index}");
        let clean = index.ends_with("style-b.txt");
        assert_eq!(findings == 0, clean, "{index}: {findings} findings");
        let name = Path::new(index).file_name().unwrap().to_str().unwrap();
        assert!(
            page.contains(&format!("<h1>Cross-check of seed.txt against {name}</h1>")),
            "{index}"
        );
    }
}
