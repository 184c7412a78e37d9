//! What the batch tests share: running the program or a batch, a folder of
//! their own, reading a run's manifest and finding an entry in it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh folder for one test, named after it and this process.
pub(crate) fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("unrec-batch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub(crate) fn unrec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unrec"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// `unrec batch INPUTS -o OUT -q EXTRA…`.
pub(crate) fn batch_into(inputs: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "batch",
        inputs.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    unrec(&args)
}

/// A run's `manifest.json`.
pub(crate) fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The first entry whose key or input ends in `name`.
pub(crate) fn entry<'m>(m: &'m serde_json::Value, name: &str) -> &'m serde_json::Value {
    m["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"].as_str().unwrap().ends_with(name) || e["input"].as_str().unwrap().ends_with(name))
        .unwrap_or_else(|| panic!("no entry for {name}: {m}"))
}
