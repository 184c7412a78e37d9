//! Concluding observations: the synthetic documents of four committees
//! (`scripts/make-concluding-observations`), as text and as PDF, against
//! their truth files: every paragraph and sub-item, its role, section and
//! topic, the follow-up and priority flags, and the document's committee,
//! State party, adoption date and session.

use serde_json::Value;
use std::path::Path;
use unrec::emit;

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
}

/// Every unit as the truth writes it: label, role, section, topic,
/// follow_up, priority, text.
fn units_of(x: &unrec::Extraction) -> Vec<Value> {
    emit::rows(x)
        .map(|r| {
            let flag = |name: &str| match r.get(name) {
                Some(emit::Value::Boolean(b)) => Value::Bool(*b),
                _ => Value::Null,
            };
            serde_json::json!({
                "label": r.text("label"),
                "role": r.text("role"),
                "text": r.text("text"),
                "section": r.text("section"),
                "topic": r.text("topic"),
                "follow_up": flag("follow_up"),
                "priority": flag("priority"),
            })
        })
        .collect()
}

/// (case, truth units, found units, document fields differing).
fn score(case: &str, form: &str) -> (usize, Vec<String>) {
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join(format!("co-truth/{case}.truth.json"))).unwrap(),
    )
    .unwrap();
    let (folder, file) = match form {
        "txt" => (case.to_string(), format!("{case}.txt")),
        _ => (format!("{case}-pdf"), format!("{case}.pdf")),
    };
    let bytes = std::fs::read(fixtures().join(&folder).join(&file)).unwrap();
    let x = unrec::extract(&file, &bytes, &unrec::Config::default()).unwrap();
    assert_eq!(
        x.document.kind,
        unrec::model::Kind::ConcludingObservations,
        "{file}"
    );
    let mut differences = Vec::new();
    let got = units_of(&x);
    let want = truth["units"].as_array().unwrap();
    if got.len() != want.len() {
        differences.push(format!("{} units, truth {}", got.len(), want.len()));
    }
    for (g, w) in got.iter().zip(want) {
        for field in [
            "label",
            "role",
            "text",
            "section",
            "topic",
            "follow_up",
            "priority",
        ] {
            if g[field] != w[field] {
                differences.push(format!(
                    "{}: {field} {} (truth {})",
                    w["label"], g[field], w[field]
                ));
            }
        }
    }
    let row = emit::rows(&x).next().unwrap();
    for (column, key) in [
        ("committee", "committee"),
        ("state_party", "state_party"),
        ("adopted", "adopted"),
    ] {
        let found = row.text(column).map(Value::from).unwrap_or(Value::Null);
        if found != truth[key] {
            differences.push(format!("{column} {found} (truth {})", truth[key]));
        }
    }
    // The session's words stay in the metadata; the column is their number.
    let words = x
        .document
        .metadata
        .session
        .as_deref()
        .map(Value::from)
        .unwrap_or(Value::Null);
    if words != truth["session"] {
        differences.push(format!("session {words} (truth {})", truth["session"]));
    }
    if row.integer("session").is_none() {
        differences.push("session: no number".to_string());
    }
    (want.len(), differences)
}

#[test]
fn synthetic_concluding_observations_match_their_truth() {
    let mut units = 0;
    let mut failures = Vec::new();
    for case in ["co-cerd", "co-crc", "co-cedaw", "co-ccpr"] {
        for form in ["txt", "pdf"] {
            let (n, differences) = score(case, form);
            println!("{case}.{form}: {n} units, {} differences", differences.len());
            units += n;
            failures.extend(differences.into_iter().map(|d| format!("{case}.{form}: {d}")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Four documents, each read twice.
    assert_eq!(units, 2 * (32 + 18 + 26 + 14));
}

/// A follow-up paragraph that names a paragraph the document does not have
/// is a finding naming both places; the paragraphs it does name are still
/// flagged.
#[test]
fn a_reference_to_a_missing_paragraph_is_a_finding() {
    let text = std::fs::read_to_string(fixtures().join("co-cedaw/co-cedaw.txt")).unwrap();
    let broken = text.replace(
        "paragraphs 5 (a) and 7 (b) and (c)",
        "paragraphs 5 (a) and 71 (b) and (c)",
    );
    assert_ne!(broken, text, "the follow-up paragraph changed");
    let x = unrec::extract("co.txt", broken.as_bytes(), &unrec::Config::default()).unwrap();
    let unknown: Vec<&unrec::diagnostic::Diagnostic> = x
        .diagnostics
        .iter()
        .filter(|d| d.code == unrec::diagnostic::Code::UnknownReference)
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:#?}");
    assert!(
        unknown[0].message.contains("paragraph 71 (b)"),
        "{}",
        unknown[0].message
    );
    assert!(!unknown[0].related.is_empty());
    let flagged: Vec<String> = units_of(&x)
        .iter()
        .filter(|u| u["follow_up"] == Value::Bool(true))
        .map(|u| u["label"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(flagged, ["5(a)"]);
}
