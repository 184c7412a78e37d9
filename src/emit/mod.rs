//! Emission: an [`Extraction`] to CSV, JSON or JSONL.
//!
//! Every format implements [`Sink`], and the row-shaped formats share one
//! [`Row`], so the same content reaches every format.

pub mod csv;
pub mod json;
pub mod jsonl;
pub mod report;
pub mod sqlite;

use crate::Extraction;
use crate::model::Kind;
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
    #[error("cannot write SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
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

/// One unit, flat: a CSV row or a JSONL line.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub id: &'a str,
    /// Unique across a batch: the document key and the id, `a/report.txt#ctoc-cop-wg7-m1-r2`.
    pub key: String,
    /// The input's name in its run (in a batch, its path relative to its
    /// input root): unique per input, unlike a symbol.
    pub document_key: &'a str,
    pub document: &'a str,
    pub kind: Kind,
    pub body: Option<&'a str>,
    pub meeting: Option<u32>,
    pub meeting_title: Option<&'a str>,
    pub city: Option<&'a str>,
    pub start_date: Option<&'a str>,
    pub end_date: Option<&'a str>,
    /// The topic heading the unit falls under.
    pub topic: Option<&'a str>,
    pub number: Option<u32>,
    pub subitem: Option<&'a str>,
    pub parent_id: Option<&'a str>,
    /// A report's paragraph label, `131.16`.
    pub paragraph: Option<String>,
    pub text: &'a str,
    pub recommending_states: &'a [String],
    pub position: Option<&'static str>,
    pub state_under_review: Option<&'a str>,
    pub session: Option<&'a str>,
    pub response: Option<&'static str>,
    pub response_source: Option<&'a str>,
    pub sdgs: &'a [String],
    pub affected_persons: &'a [String],
    pub page_start: Option<u32>,
    pub page_end: Option<u32>,
    pub themes: &'a [String],
    pub source: String,
}

/// One field's value, typed so that CSV and JSONL each render it their way.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Text(Option<&'a str>),
    Number(Option<u32>),
    List(&'a [String]),
}

impl Value<'_> {
    /// The CSV field: empty for a missing value, a list joined with `;`.
    pub fn csv(&self) -> String {
        match self {
            Value::Text(t) => t.unwrap_or_default().to_string(),
            Value::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
            Value::List(items) => items.join(";"),
        }
    }

    /// The JSON value: `null` for a missing value, a list as an array.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Text(t) => t.map_or(serde_json::Value::Null, |t| t.into()),
            Value::Number(n) => n.map_or(serde_json::Value::Null, |n| n.into()),
            Value::List(items) => items
                .iter()
                .map(|s| serde_json::Value::from(s.as_str()))
                .collect(),
        }
    }
}

/// A column of the row formats: its name and how to read it from a row.
pub struct Column {
    pub name: &'static str,
    pub value: for<'a> fn(&'a Row<'a>) -> Value<'a>,
}

/// The columns of CSV and JSONL, in order: one table for the header and
/// the fields.
#[rustfmt::skip]
pub static COLUMNS: &[Column] = &[
    Column { name: "id",                  value: |r| Value::Text(Some(r.id)) },
    Column { name: "key",                 value: |r| Value::Text(Some(&r.key)) },
    Column { name: "document_key",        value: |r| Value::Text(Some(r.document_key)) },
    Column { name: "document",            value: |r| Value::Text(Some(r.document)) },
    Column { name: "kind",                value: |r| Value::Text(Some(r.kind.name())) },
    Column { name: "body",                value: |r| Value::Text(r.body) },
    Column { name: "meeting",             value: |r| Value::Number(r.meeting) },
    Column { name: "meeting_title",       value: |r| Value::Text(r.meeting_title) },
    Column { name: "city",                value: |r| Value::Text(r.city) },
    Column { name: "start_date",          value: |r| Value::Text(r.start_date) },
    Column { name: "end_date",            value: |r| Value::Text(r.end_date) },
    Column { name: "topic",               value: |r| Value::Text(r.topic) },
    Column { name: "number",              value: |r| Value::Number(r.number) },
    Column { name: "subitem",             value: |r| Value::Text(r.subitem) },
    Column { name: "parent_id",           value: |r| Value::Text(r.parent_id) },
    Column { name: "paragraph",           value: |r| Value::Text(r.paragraph.as_deref()) },
    Column { name: "text",                value: |r| Value::Text(Some(r.text)) },
    Column { name: "recommending_states", value: |r| Value::List(r.recommending_states) },
    Column { name: "position",            value: |r| Value::Text(r.position) },
    Column { name: "state_under_review",  value: |r| Value::Text(r.state_under_review) },
    Column { name: "session",             value: |r| Value::Text(r.session) },
    Column { name: "response",            value: |r| Value::Text(r.response) },
    Column { name: "response_source",     value: |r| Value::Text(r.response_source) },
    Column { name: "sdgs",                value: |r| Value::List(r.sdgs) },
    Column { name: "affected_persons",    value: |r| Value::List(r.affected_persons) },
    Column { name: "page_start",          value: |r| Value::Number(r.page_start) },
    Column { name: "page_end",            value: |r| Value::Number(r.page_end) },
    Column { name: "themes",              value: |r| Value::List(r.themes) },
    Column { name: "source",              value: |r| Value::Text(Some(&r.source)) },
];

impl Row<'_> {
    /// The row as CSV fields, in [`COLUMNS`] order.
    pub fn fields(&self) -> Vec<String> {
        COLUMNS.iter().map(|c| (c.value)(self).csv()).collect()
    }

    /// The row as one JSON object, keys in [`COLUMNS`] order.
    pub fn json(&self) -> String {
        let mut out = String::from("{");
        for (i, column) in COLUMNS.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // Names and values serialise infallibly; an empty string stands
            // in should that ever change.
            out.push_str(&serde_json::to_string(column.name).unwrap_or_default());
            out.push(':');
            out.push_str(&serde_json::to_string(&(column.value)(self).json()).unwrap_or_default());
        }
        out.push('}');
        out
    }
}

/// The rows of a document, one per unit in document order (a
/// recommendation, then its sub-items). Made one at a time, so that a
/// writer holds one row, not a document's worth.
pub fn rows(extraction: &Extraction) -> impl Iterator<Item = Row<'_>> + '_ {
    let doc = &extraction.document;
    doc.units.iter().map(|unit| {
        let meeting = doc.meeting(unit);
        Row {
            id: &unit.id,
            key: format!("{}#{}", doc.source.file, unit.id),
            document_key: &doc.source.file,
            document: doc.name(),
            kind: doc.kind,
            body: doc.metadata.body.as_deref(),
            meeting: meeting.and_then(|m| m.ordinal),
            meeting_title: meeting.map(|m| m.title.as_str()),
            city: meeting.and_then(|m| m.city.as_deref()),
            start_date: meeting.and_then(|m| m.start_date.as_deref()),
            end_date: meeting.and_then(|m| m.end_date.as_deref()),
            topic: doc.topic(unit).map(|g| g.title.as_str()),
            number: unit.number(),
            subitem: unit.letter(),
            parent_id: unit.parent.and_then(|p| doc.units.get(p)).map(|p| p.id.as_str()),
            paragraph: unit.paragraph(),
            text: &unit.text,
            recommending_states: &unit.attrs().recommending_states,
            position: unit.attrs().position.map(|p| p.name()),
            state_under_review: doc.metadata.state_under_review.as_deref(),
            session: (doc.kind == Kind::UprReport)
                .then_some(doc.metadata.session.as_deref())
                .flatten(),
            response: unit.attrs().response.map(|r| r.name()),
            response_source: unit.attrs().response_source.as_deref(),
            sdgs: &unit.attrs().sdgs,
            affected_persons: &unit.attrs().affected_persons,
            page_start: unit.start.page,
            page_end: unit.end.page,
            themes: &unit.attrs().themes,
            source: unit.start.to_string(),
        }
    })
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}
