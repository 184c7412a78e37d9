//! Recommendations sections of real 2025 UN reports (`../shared/corpus/
//! reports`, and two of `../shared/corpus/un2025`) against their truth
//! files, made independently of unrec: every unit found, none extra, the
//! texts equal. Each difference the test accepts is listed below with its
//! reason; any other fails it. The documents are not part of the project.

use std::collections::BTreeMap;
use std::path::PathBuf;
use unrec::emit;

/// Whitespace collapsed, typographic quotes folded, trailing punctuation
/// dropped: the truth README scores texts so.
fn fold(text: &str) -> String {
    let folded: String = text
        .chars()
        .map(|c| match c {
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c => c,
        })
        .collect();
    let words: Vec<&str> = folded.split_whitespace().collect();
    words.join(" ").trim_end_matches(['.', ';', ':', ',']).to_string()
}

/// Differences that are the truth's or the document's, each with why.
const KNOWN: &[(&str, &str, &str)] = &[(
    "E_CN.5_2025_4",
    "108",
    "the PDF sets a word space inside `stated` (`stat ed`, which poppler reads too); the truth was corrected by hand",
)];

struct Score {
    truth: usize,
    found: usize,
    exact: usize,
    extra: Vec<String>,
    differences: Vec<(String, String)>,
}

fn score(truth_file: &PathBuf) -> (String, Score) {
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(truth_file).unwrap()).unwrap();
    let name = truth_file
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".truth.json", ".pdf");
    let corpus = truth_file.parent().unwrap();
    let pdf = [corpus.join(&name), corpus.join("../un2025").join(&name)]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{name}: no PDF"));
    let bytes = std::fs::read(&pdf).unwrap();
    let x = unrec::extract(&name, &bytes, &unrec::Config::default()).unwrap();
    let got: BTreeMap<String, String> = emit::rows(&x)
        .filter_map(|r| {
            Some((
                r.text("label")?.to_string(),
                r.text("text").unwrap_or_default().to_string(),
            ))
        })
        .collect();
    let mut out = Score {
        truth: 0,
        found: 0,
        exact: 0,
        extra: Vec::new(),
        differences: Vec::new(),
    };
    let mut wanted = Vec::new();
    for unit in truth["units"].as_array().unwrap() {
        let label = unit["label"].as_str().unwrap().to_string();
        let text = unit["text"].as_str().unwrap().to_string();
        out.truth += 1;
        wanted.push(label.clone());
        match got.get(&label) {
            Some(found) => {
                out.found += 1;
                if fold(found) == fold(&text) {
                    out.exact += 1;
                } else {
                    out.differences
                        .push((label, format!("text {found:?}\n      truth {text:?}")));
                }
            }
            None => out.differences.push((label, "missing".into())),
        }
    }
    out.extra = got.keys().filter(|l| !wanted.contains(l)).cloned().collect();
    (name, out)
}

#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn report_sections_match_their_truth() {
    let dir = crate::shared("reports");
    let mut truths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    assert_eq!(truths.len(), 12, "truth files");
    let (mut all, mut exact, mut failures) = (0, 0, Vec::new());
    for truth in &truths {
        let (name, s) = score(truth);
        println!(
            "{name}: {} units, {} found, {} extra, {} texts exact",
            s.truth,
            s.found,
            s.extra.len(),
            s.exact
        );
        all += s.truth;
        exact += s.exact;
        for extra in &s.extra {
            failures.push(format!("{name} {extra}: extra unit"));
        }
        for (label, what) in &s.differences {
            println!("  {label}: {what}");
            if !KNOWN.iter().any(|(f, l, _)| name.starts_with(f) && l == label) {
                failures.push(format!("{name} {label}: {what}"));
            }
        }
    }
    println!("reports: {all} units, {exact} texts exact");
    assert_eq!(all, 136);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The synthetic reports of `scripts/make-report-sections`, as text and as
/// PDF, against their truth: every unit's label, text, section and topic;
/// the Main Committee's report that embeds a draft resolution gives none.
#[test]
fn synthetic_report_sections_match_their_truth() {
    let fixtures = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"));
    let mut failures = Vec::new();
    let mut units = 0;
    for case in [
        "report-sg",
        "report-letter",
        "report-sections",
        "report-committee",
        "report-rapporteur",
    ] {
        let truth: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures.join(format!("report-truth/{case}.truth.json"))).unwrap(),
        )
        .unwrap();
        let want = truth["units"].as_array().unwrap();
        for (folder, file) in [
            (case.to_string(), format!("{case}.txt")),
            (format!("{case}-pdf"), format!("{case}.pdf")),
        ] {
            let bytes = std::fs::read(fixtures.join(&folder).join(&file)).unwrap();
            let x = unrec::extract(&file, &bytes, &unrec::Config::default()).unwrap();
            let got: Vec<serde_json::Value> = emit::rows(&x)
                .map(|r| {
                    serde_json::json!({
                        "label": r.text("label"),
                        "text": r.text("text"),
                        "section": r.text("section"),
                        "topic": r.text("topic"),
                    })
                })
                .collect();
            println!("{file}: {} units, truth {}", got.len(), want.len());
            units += want.len();
            if got.len() != want.len() {
                failures.push(format!("{file}: {} units, truth {}", got.len(), want.len()));
            }
            for (g, w) in got.iter().zip(want) {
                for field in ["label", "text", "section", "topic"] {
                    if g[field] != w[field] {
                        failures.push(format!(
                            "{file} {}: {field} {} (truth {})",
                            w["label"], g[field], w[field]
                        ));
                    }
                }
            }
            if want.is_empty() {
                assert_eq!(x.document.kind, unrec::model::Kind::Unknown, "{file}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(units, 2 * (10 + 5 + 7 + 7));
}
