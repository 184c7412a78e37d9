//! Emission: an [`Extraction`] to CSV, JSON or JSONL.
//!
//! Every format implements [`Sink`], and the row-shaped formats share one
//! [`Row`], so the same content reaches every format.

pub mod csv;
pub mod json;
pub mod jsonl;
pub mod report;

use crate::Extraction;
use crate::diagnostic::Location;
use serde::Serialize;
use std::fmt;
use std::io::Write;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Format {
    Csv,
    Json,
    Jsonl,
}

impl Format {
    /// The file extension of the format, also used for `expected.*` files.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
        }
    }

    /// All formats.
    pub const ALL: [Format; 3] = [Format::Csv, Format::Json, Format::Jsonl];
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
    }
}

/// Write one extraction to a byte vector.
pub fn to_bytes(format: Format, extraction: &Extraction) -> Result<Vec<u8>, EmitError> {
    let mut buffer = Vec::new();
    {
        let mut sink = sink(format, &mut buffer);
        sink.write(extraction)?;
        sink.finish()?;
    }
    Ok(buffer)
}

/// The CSV columns, in order.
pub const COLUMNS: [&str; 16] = [
    "id",
    "document",
    "body",
    "meeting",
    "meeting_title",
    "city",
    "start_date",
    "end_date",
    "number",
    "subitem",
    "parent_id",
    "text",
    "page_start",
    "page_end",
    "themes",
    "source",
];

/// One recommendation or sub-item, flat: a CSV row or a JSONL line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row<'a> {
    pub id: &'a str,
    pub document: &'a str,
    pub body: Option<&'a str>,
    pub meeting: u32,
    pub meeting_title: &'a str,
    pub city: Option<&'a str>,
    pub start_date: Option<&'a str>,
    pub end_date: Option<&'a str>,
    pub number: u32,
    pub subitem: Option<&'a str>,
    pub parent_id: Option<&'a str>,
    pub text: &'a str,
    pub page_start: Option<u32>,
    pub page_end: Option<u32>,
    pub themes: &'a [String],
    pub source: String,
}

impl Row<'_> {
    /// The row as CSV fields, in [`COLUMNS`] order.
    pub fn fields(&self) -> [String; 16] {
        let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        [
            self.id.to_string(),
            self.document.to_string(),
            opt(self.body),
            self.meeting.to_string(),
            self.meeting_title.to_string(),
            opt(self.city),
            opt(self.start_date),
            opt(self.end_date),
            self.number.to_string(),
            opt(self.subitem),
            opt(self.parent_id),
            self.text.to_string(),
            num(self.page_start),
            num(self.page_end),
            self.themes.join(";"),
            self.source.clone(),
        ]
    }
}

/// The rows of a document: each recommendation, then its sub-items.
pub fn rows(extraction: &Extraction) -> Vec<Row<'_>> {
    let doc = &extraction.document;
    let page = |l: &Location| l.page;
    let mut out = Vec::with_capacity(doc.unit_count());
    for meeting in &doc.meetings {
        let base = |id, number, subitem, parent_id, text, themes, start: &Location, end: &Location| Row {
            id,
            document: doc.name(),
            body: doc.metadata.body.as_deref(),
            meeting: meeting.ordinal,
            meeting_title: &meeting.title,
            city: meeting.city.as_deref(),
            start_date: meeting.start_date.as_deref(),
            end_date: meeting.end_date.as_deref(),
            number,
            subitem,
            parent_id,
            text,
            page_start: page(start),
            page_end: page(end),
            themes,
            source: start.to_string(),
        };
        for rec in &meeting.recommendations {
            out.push(base(
                &rec.id,
                rec.number,
                None,
                None,
                &rec.text,
                &rec.themes,
                &rec.start,
                &rec.end,
            ));
            for item in &rec.sub_items {
                out.push(base(
                    &item.id,
                    rec.number,
                    Some(&item.letter),
                    Some(&rec.id),
                    &item.text,
                    &item.themes,
                    &item.start,
                    &item.end,
                ));
            }
        }
    }
    out
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}
