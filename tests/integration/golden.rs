//! Golden files: every case under `fixtures/` must produce its `expected.*`
//! files byte for byte. `scripts/bless` rewrites them.

use std::path::Path;
use unrec::Config;
use unrec::regress::{self, Outcome};

#[test]
fn fixtures_match_their_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let report = regress::run(&dir, false, &Config::default()).unwrap();
    assert!(
        report.cases.len() == 68,
        "expected 68 fixture cases, found {}",
        report.cases.len()
    );
    let failures: Vec<String> = report
        .cases
        .iter()
        .filter(|c| c.outcome != Outcome::Passed)
        .map(|c| format!("{}\n{}", c.summary(), c.differences.join("\n")))
        .collect();
    assert!(
        failures.is_empty(),
        "golden differences:\n{}",
        failures.join("\n\n")
    );
}

/// The shared corpus's documents must produce the expected CSV kept for
/// each under `fixtures/shared/` (the documents stay outside the project).
#[test]
#[ignore = "needs ../shared/corpus (run by .ci/run when present)"]
fn shared_corpus_documents_match_their_golden_files() {
    crate::shared("real");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shared");
    let report = regress::run(&dir, false, &Config::default()).unwrap();
    assert_eq!(report.cases.len(), 80, "shared-corpus cases");
    let failures: Vec<String> = report
        .cases
        .iter()
        .filter(|c| c.outcome != Outcome::Passed)
        .map(|c| format!("{}\n{}", c.summary(), c.differences.join("\n")))
        .collect();
    assert!(
        failures.is_empty(),
        "golden differences:\n{}",
        failures.join("\n\n")
    );
}
