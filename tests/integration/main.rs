//! Integration tests, one binary: the whole pipeline on fixture documents.

mod batch;
mod batch_inputs;
mod batch_support;
mod cli;
mod corpus;
mod crosscheck;
mod damaged;
#[cfg(unix)]
mod examples;
mod extract_many;
mod formats;
mod golden;
mod hostile;
mod hostile_batch;
mod html;
mod messages;
mod observations;
mod pdf;
mod pdfbuild;
mod readme;
mod reports;
mod reports_corpus;
mod seed;
mod sqlite;
mod upr;
mod upr_responses;

use std::path::{Path, PathBuf};

/// The reason every test that reads `../shared/corpus` is ignored: the
/// corpus is not part of the project. `.ci/run` runs them when it is there.
pub const NEEDS_SHARED: &str = "needs ../shared/corpus (run by .ci/run when present)";

/// A folder of the shared corpus, `real`, `upr`, …. A test that calls it is
/// `#[ignore]`d; run with `--include-ignored` and no corpus, it fails here
/// saying so rather than passing without looking at anything.
pub fn shared(dir: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(dir);
    assert!(
        path.is_dir(),
        "{} is absent: this test reads the shared corpus, which is not part of the project",
        path.display()
    );
    path
}
