//! The Python module `unrec._unrec`: the library's extraction and batch,
//! their results handed over as the JSON the command line writes, which
//! the package `unrec` turns into Python values. No logic of its own.

use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use std::borrow::Cow;
use std::path::{Path, PathBuf};
use unrec::emit::Format;
use unrec::segment::Kind;
use unrec::{Companion, Config};

pyo3::create_exception!(_unrec, ReadFailure, PyException);

/// A read failure as a Python exception: (message, file, cause, page).
fn read_failure(e: &unrec::read::ReadError) -> PyErr {
    let cause = serde_json::to_value(e.kind.cause())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    ReadFailure::new_err((e.to_string(), e.file.clone(), cause, e.page))
}

fn other_failure(message: String, file: &str, cause: &str) -> PyErr {
    ReadFailure::new_err((message, file.to_string(), cause.to_string(), None::<u32>))
}

/// The settings, with the kind named (or detected).
fn config(kind: Option<&str>) -> PyResult<Config> {
    match kind {
        None => Ok(Config::default()),
        Some(name) => Kind::from_name(name).map(Config::of_kind).ok_or_else(|| {
            let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            PyValueError::new_err(format!("unknown kind `{name}`: one of {}", known.join(", ")))
        }),
    }
}

/// A path's name for records and its bytes.
fn load(path: &Path, config: &Config) -> PyResult<(String, Vec<u8>)> {
    let bytes =
        unrec::read::read_bytes(path, config.read.limits.input_bytes).map_err(|e| read_failure(&e))?;
    Ok((unrec::read::file_name(path), bytes))
}

/// Extract one document (a path, or bytes named `name`), joined with its
/// companions (indexes, addenda, thematic lists). Returns the document as
/// JSON, its units as JSON lines, its diagnostics as a JSON array and its
/// units as a Parquet file (the typed table `to_arrow` reads).
#[pyfunction]
#[pyo3(signature = (path=None, data=None, name=None, kind=None, companions=Vec::new()))]
fn extract(
    py: Python<'_>,
    path: Option<PathBuf>,
    data: Option<Vec<u8>>,
    name: Option<String>,
    kind: Option<String>,
    companions: Vec<PathBuf>,
) -> PyResult<(String, String, String, Cow<'static, [u8]>)> {
    let config = config(kind.as_deref())?;
    let (name, bytes) = match (path, data) {
        (Some(path), _) => load(&path, &config)?,
        (None, Some(data)) => (name.unwrap_or_else(|| "bytes".to_string()), data),
        (None, None) => return Err(PyValueError::new_err("a path or bytes to read")),
    };
    let mut joined = Vec::new();
    for companion in &companions {
        let (file, bytes) = load(companion, &config)?;
        joined.push(Companion::read(&file, &bytes, &config).map_err(|e| read_failure(&e))?);
    }
    py.detach(move || {
        let mut extraction = unrec::extract(&name, bytes, &config).map_err(|e| read_failure(&e))?;
        for companion in &joined {
            extraction.attach(companion);
        }
        let text = |format| {
            unrec::emit::to_bytes(format, &extraction)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .map_err(|e| other_failure(e.to_string(), &name, "output"))
        };
        let diagnostics = serde_json::to_string(&extraction.diagnostics)
            .map_err(|e| other_failure(e.to_string(), &name, "output"))?;
        let parquet = unrec::emit::to_bytes(Format::Parquet, &extraction)
            .map_err(|e| other_failure(e.to_string(), &name, "output"))?;
        Ok((
            text(Format::Json)?,
            text(Format::Jsonl)?,
            diagnostics,
            Cow::Owned(parquet),
        ))
    })
}

/// Run a batch into `out` as `unrec batch` does (in this process), and
/// return its manifest as JSON.
#[pyfunction]
#[pyo3(signature = (inputs, out, format="csv", jobs=None, index=None, reconcile=false, resume=false, force=false, kind=None))]
#[allow(clippy::too_many_arguments)]
fn batch(
    py: Python<'_>,
    inputs: Vec<PathBuf>,
    out: PathBuf,
    format: &str,
    jobs: Option<usize>,
    index: Option<PathBuf>,
    reconcile: bool,
    resume: bool,
    force: bool,
    kind: Option<String>,
) -> PyResult<String> {
    let config = config(kind.as_deref())?;
    let format = Format::from_extension(format).ok_or_else(|| {
        let known: Vec<&str> = Format::ALL.iter().map(|f| f.extension()).collect();
        PyValueError::new_err(format!("unknown format `{format}`: {}", known.join(", ")))
    })?;
    let mut companions = Vec::new();
    if let Some(index) = &index {
        let (file, bytes) = load(index, &config)?;
        companions.push(Companion::read(&file, &bytes, &config).map_err(|e| read_failure(&e))?);
    }
    let options = unrec::batch::Options {
        format,
        jobs,
        resume,
        force,
        reconcile,
        ..Default::default()
    };
    py.detach(move || {
        let failed =
            |e: unrec::batch::BatchError| other_failure(e.to_string(), &out.display().to_string(), "batch");
        let plan = unrec::batch::plan(&inputs, &unrec::batch::Selection::default()).map_err(failed)?;
        let summary =
            unrec::batch::run(&plan, &out, &options, &config, &companions, &|_| {}).map_err(failed)?;
        serde_json::to_string(&summary.manifest)
            .map_err(|e| other_failure(e.to_string(), "manifest", "output"))
    })
}

/// The kinds of document, by name.
#[pyfunction]
fn kinds() -> Vec<&'static str> {
    Kind::ALL.iter().map(|k| k.name()).collect()
}

#[pymodule]
fn _unrec(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ReadFailure", m.py().get_type::<ReadFailure>())?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(batch, m)?)?;
    m.add_function(wrap_pyfunction!(kinds, m)?)?;
    Ok(())
}
