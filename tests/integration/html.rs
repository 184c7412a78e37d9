//! The findings page (`-f html`) of `reconcile` and `crosscheck`: one
//! self-contained UTF-8 page with no script and nothing fetched, holding a
//! section per finding of the JSON report; and a real browser renders it.

use crate::batch_support::{temp, unrec};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

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

/// `chromium` or `chromium-browser` on PATH.
fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Run the browser headless on `url` with `flags`, its standard output to
/// `stdout`; it is killed past two minutes.
fn headless(browser: &Path, profile: &Path, flags: &[&str], url: &str, stdout: &Path) {
    let log = stdout.with_extension("log");
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(flags)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(stdout).unwrap())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{} {flags:?} ran past two minutes", browser.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        status.success(),
        "{} {flags:?}: {status}\n{}",
        browser.display(),
        std::fs::read_to_string(&log).unwrap_or_default()
    );
}

/// Headless Chromium loads the reconciliation's page: its DOM holds the
/// finding sections and a screenshot is a PNG. Without a browser the test
/// fails, unless `UNREC_NO_BROWSER=1` says to skip it.
#[test]
fn a_browser_renders_the_findings_page() {
    let Some(browser) = chromium() else {
        if std::env::var("UNREC_NO_BROWSER").as_deref() == Ok("1") {
            eprintln!("skipped: no chromium on PATH, and UNREC_NO_BROWSER=1");
            return;
        }
        panic!(
            "no `chromium` or `chromium-browser` on PATH: install it (Debian: apt-get install chromium), \
             or set UNREC_NO_BROWSER=1 to skip this test"
        );
    };
    let dir = temp("html-browser");
    let page = dir.join("page.html");
    let mut args = vec!["reconcile"];
    args.extend(SESSION);
    let (_, findings) = page_and_findings(&args, &page);
    let url = format!("file://{}", page.display());
    let profile = dir.join("profile");
    let dom = dir.join("dom.html");
    headless(&browser, &profile, &["--dump-dom"], &url, &dom);
    let dom = std::fs::read_to_string(&dom).unwrap();
    assert!(dom.contains("<h1>Reconciliation of seed.txt"), "{dom}");
    assert_eq!(dom.matches("class=\"finding\"").count(), findings, "{dom}");
    let png = dir.join("page.png");
    let screenshot = format!("--screenshot={}", png.display());
    headless(
        &browser,
        &profile,
        &[screenshot.as_str(), "--window-size=1200,900"],
        &url,
        &dir.join("screenshot.out"),
    );
    let image = std::fs::read(&png).unwrap();
    assert!(image.len() > 1000, "{} bytes", image.len());
    assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"));
    let _ = std::fs::remove_dir_all(&dir);
}
