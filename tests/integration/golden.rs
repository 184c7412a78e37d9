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
        report.cases.len() == 47,
        "expected 47 fixture cases, found {}",
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
