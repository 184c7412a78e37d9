//! Emission: an [`Extraction`] to CSV, JSON, JSONL, Parquet or SQLite, and the
//! cross-check and reconcile reports (text and JSON in [`report`], the
//! findings page in [`html`]).
//!
//! Every record format implements [`Sink`], and every format writes a
//! unit's fields from the one column table of [`crate::model::columns`], so
//! the same content reaches every format. The reports are one piece of
//! text for a whole check, not records of a document, so they are
//! functions rather than sinks.

pub mod csv;
pub mod file;
pub mod html;
pub mod json;
pub mod jsonl;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod report;
pub mod sqlite;

use crate::Extraction;
use std::fmt;
use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    Csv,
    Json,
    Jsonl,
    /// Typed columns (cargo feature `parquet`, on by default).
    #[cfg(feature = "parquet")]
    Parquet,
}

impl Format {
    /// The file extension of the format, also used for `expected.*` files.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            #[cfg(feature = "parquet")]
            Format::Parquet => "parquet",
        }
    }

    /// The text formats: those of the goldens' `expected.*` files.
    pub const TEXT: [Format; 3] = [Format::Csv, Format::Json, Format::Jsonl];

    /// Every format this build writes.
    #[cfg(feature = "parquet")]
    pub const ALL: &'static [Format] = &[Format::Csv, Format::Json, Format::Jsonl, Format::Parquet];
    /// Every format this build writes.
    #[cfg(not(feature = "parquet"))]
    pub const ALL: &'static [Format] = &[Format::Csv, Format::Json, Format::Jsonl];

    /// The format of an extension (`csv`, `parquet`), if this build writes it.
    pub fn from_extension(name: &str) -> Option<Format> {
        Format::ALL.iter().copied().find(|f| f.extension() == name)
    }

    /// Whether the format is bytes rather than text, not for a terminal.
    pub fn is_binary(self) -> bool {
        !Format::TEXT.contains(&self)
    }
}

/// Why output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    #[error("cannot write output: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Csv(#[from] ::csv::Error),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("cannot write SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[cfg(feature = "parquet")]
    #[error("cannot write Parquet: {0}")]
    Parquet(#[from] ::parquet::errors::ParquetError),
}

/// Where extracted documents go.
pub trait Sink {
    /// Write one document.
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError>;
    /// Flush whatever is buffered.
    fn finish(&mut self) -> Result<(), EmitError>;
}

/// A sink for a format over a writer.
pub fn sink<'w, W: Write + 'w>(format: Format, out: W) -> Box<dyn Sink + 'w> {
    match format {
        Format::Csv => Box::new(csv::CsvSink::new(out)),
        Format::Json => Box::new(json::JsonSink::new(out)),
        Format::Jsonl => Box::new(jsonl::JsonlSink::new(out)),
        #[cfg(feature = "parquet")]
        Format::Parquet => Box::new(parquet::ParquetSink::new(out)),
    }
}

/// A sink for the documents of one output: CSV rows under one header,
/// JSONL lines, and in JSON one object for one document or, for several,
/// one array of them (as a batch's combined output holds them).
pub fn sink_for<'w, W: Write + 'w>(format: Format, out: W, documents: usize) -> Box<dyn Sink + 'w> {
    match format {
        Format::Json if documents > 1 => Box::new(json::JsonSink::array(out)),
        _ => sink(format, out),
    }
}

/// Write one extraction to a byte vector.
pub fn to_bytes(format: Format, extraction: &Extraction) -> Result<Vec<u8>, EmitError> {
    to_bytes_with(format, extraction, false)
}

/// Write one extraction to a byte vector; `csv_safe` keeps spreadsheets
/// from running CSV cells as formulas (see [`csv::spreadsheet_safe`]).
pub fn to_bytes_with(format: Format, extraction: &Extraction, csv_safe: bool) -> Result<Vec<u8>, EmitError> {
    let mut buffer = Vec::new();
    {
        let mut sink: Box<dyn Sink + '_> = match format {
            Format::Csv => Box::new(csv::CsvSink::new(&mut buffer).spreadsheet_safe(csv_safe)),
            _ => sink(format, &mut buffer),
        };
        sink.write(extraction)?;
        sink.finish()?;
    }
    Ok(buffer)
}

pub use crate::model::columns::{self, Column, ColumnType, Fields, Record, Row, Value};

/// The rows of an extraction's document, one per unit in document order.
pub fn rows(extraction: &Extraction) -> impl Iterator<Item = Row<'_>> + '_ {
    columns::rows(&extraction.document)
}

/// The column names, in order: the header of CSV and the keys of JSONL.
pub fn header() -> Vec<&'static str> {
    columns::names().collect()
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}
