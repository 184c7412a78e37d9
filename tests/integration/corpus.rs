//! Genuine UN PDFs (Human Rights Council, 2008–2021, Word and Acrobat
//! Distiller) read page by page and compared with poppler's `pdftotext`
//! output: the multiset of words on each page must agree to 99 % once the
//! lines we mark as furniture are set aside on both sides. The files are not
//! part of the project; without `../shared/corpus/real` the test says so and
//! passes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use unrec::read::{self, ReadErrorKind};

const REQUIRED: f64 = 0.99;

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "notice: {} is absent; the real-document test is skipped",
            dir.display()
        );
        None
    }
}

/// Words as both sides should spell them: ligatures expanded.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split_whitespace().map(|w| {
        w.replace('\u{fb01}', "fi")
            .replace('\u{fb02}', "fl")
            .replace('\u{fb00}', "ff")
            .replace('\u{fb03}', "ffi")
            .replace('\u{fb04}', "ffl")
    })
}

fn bag<I: Iterator<Item = String>>(items: I) -> HashMap<String, i64> {
    let mut out = HashMap::new();
    for w in items {
        *out.entry(w).or_insert(0) += 1;
    }
    out
}

fn size(bag: &HashMap<String, i64>) -> i64 {
    bag.values().filter(|v| **v > 0).sum()
}

/// Per page: (agreement, words we read, words pdftotext read, examples of
/// words only one side has).
pub fn compare(pdf: &Path, reference: &str) -> Vec<(u32, f64, i64, i64, String)> {
    let bytes = std::fs::read(pdf).unwrap();
    let name = read::file_name(pdf);
    let layout = read::read(&name, &bytes, Default::default()).unwrap();
    let blocks = unrec::clean::clean(&layout);
    let pages: Vec<&str> = reference.split('\u{c}').collect();
    let mut out = Vec::new();
    for page in &layout.pages {
        let furniture: Vec<&str> = blocks
            .furniture
            .iter()
            .filter(|f| f.location.page == Some(page.number))
            .map(|f| f.text.as_str())
            .collect();
        let ours = bag(page
            .lines
            .iter()
            .filter(|l| {
                !blocks
                    .furniture
                    .iter()
                    .any(|f| f.location.page == Some(page.number) && f.location.line == l.number)
            })
            .flat_map(|l| words(&l.text).collect::<Vec<_>>()));
        let mut theirs = bag(words(
            pages.get(page.number as usize - 1).copied().unwrap_or_default(),
        ));
        for w in furniture.iter().flat_map(|f| words(f).collect::<Vec<_>>()) {
            if let Some(n) = theirs.get_mut(&w) {
                *n -= 1;
            }
        }
        let common: i64 = ours
            .iter()
            .map(|(w, n)| (*n).min(theirs.get(w).copied().unwrap_or(0).max(0)))
            .sum();
        let (a, b) = (size(&ours), size(&theirs));
        let agreement = if a.max(b) == 0 {
            1.0
        } else {
            common as f64 / a.max(b) as f64
        };
        let mut only: Vec<String> = ours
            .iter()
            .filter(|(w, n)| **n > theirs.get(*w).copied().unwrap_or(0))
            .map(|(w, _)| format!("+{w}"))
            .chain(
                theirs
                    .iter()
                    .filter(|(w, n)| **n > ours.get(*w).copied().unwrap_or(0))
                    .map(|(w, _)| format!("-{w}")),
            )
            .take(12)
            .collect();
        only.sort();
        out.push((page.number, agreement, a, b, only.join(" ")));
    }
    out
}

#[test]
fn real_pdfs_agree_with_pdftotext_on_every_page() {
    let Some(dir) = corpus() else { return };
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "pdf") && !p.to_string_lossy().contains("DAMAGED"))
        .collect();
    pdfs.sort();
    assert!(!pdfs.is_empty());
    let mut failures = Vec::new();
    let mut lowest = (1.0f64, String::new());
    for pdf in &pdfs {
        let reference_path = pdf.with_extension("pdftotext.txt");
        let reference = std::fs::read_to_string(&reference_path).unwrap();
        let pages = compare(pdf, &reference);
        let min = pages.iter().map(|p| p.1).fold(1.0, f64::min);
        let mean = pages.iter().map(|p| p.1).sum::<f64>() / pages.len().max(1) as f64;
        println!(
            "{}: {} pages, lowest page agreement {:.4}, mean {:.4}",
            read::file_name(pdf),
            pages.len(),
            min,
            mean
        );
        for (number, agreement, ours, theirs, only) in &pages {
            if *agreement < lowest.0 {
                lowest = (*agreement, format!("{} page {number}", read::file_name(pdf)));
            }
            if *agreement < REQUIRED {
                failures.push(format!(
                    "{} page {number}: {agreement:.4} ({ours} words read, {theirs} by pdftotext): {only}",
                    read::file_name(pdf)
                ));
            }
        }
    }
    println!("lowest page agreement: {:.4} ({})", lowest.0, lowest.1);
    assert!(
        failures.is_empty(),
        "pages below {REQUIRED}:\n{}",
        failures.join("\n")
    );
}

#[test]
fn damaged_pdf_is_a_clear_error() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("A_HRC_WG.6_7_SVN_2__DAMAGED__g0917123.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let err = read::read("damaged.pdf", &bytes, Default::default()).unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::NoPages);
    assert!(err.to_string().starts_with("damaged.pdf: "), "{err}");
}
