//! JSON: one object per document: source, metadata, counts, meetings with
//! their recommendations and sub-items (units outside meetings in `units`),
//! and every diagnostic. Each unit carries every column of the CSV, under
//! the same names, with its start and end places.

use super::{EmitError, Fields, Record, Sink};
use crate::Extraction;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Document, Group, GroupKind, Kind, Label, Unit};
use crate::read::Source;
use crate::segment::Metadata;
use serde::Serialize;
use std::io::Write;

pub struct JsonSink<W: Write> {
    out: W,
    /// Documents written so far, when they go into one array.
    array: Option<usize>,
}

impl<W: Write> JsonSink<W> {
    /// Each document an object of its own.
    pub fn new(out: W) -> Self {
        JsonSink { out, array: None }
    }

    /// Every document an element of one array, laid out as a batch's
    /// combined `recommendations.json` is: `[`, the objects separated by
    /// `,`, `]`, each bracket on a line of its own.
    pub fn array(out: W) -> Self {
        JsonSink { out, array: Some(0) }
    }
}

#[derive(Serialize)]
struct DocumentView<'a> {
    document: &'a str,
    source: &'a Source,
    kind: Kind,
    metadata: &'a Metadata,
    counts: Counts,
    meetings: Vec<MeetingView<'a>>,
    /// Units that fall in no meeting (index entries).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    units: Vec<EntryView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    crosscheck: Option<&'a crate::CrossCheckSummary>,
    diagnostics: &'a [Diagnostic],
}

#[derive(Serialize)]
struct Counts {
    meetings: usize,
    recommendations: usize,
    sub_items: usize,
    units: usize,
}

#[derive(Serialize)]
struct MeetingView<'a> {
    ordinal: Option<u32>,
    numeral: Option<&'a str>,
    title: &'a str,
    city: Option<&'a str>,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    year: Option<u16>,
    location: &'a Location,
    /// Topic headings the meeting's units fall under.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    topics: Vec<TopicView<'a>>,
    recommendations: Vec<NestedView<'a>>,
}

#[derive(Serialize)]
struct TopicView<'a> {
    numeral: Option<&'a str>,
    title: &'a str,
    location: &'a Location,
}

/// A unit of a meeting: its fields (every column), its place, and the
/// units it holds (a recommendation's sub-items, a sub-item's own).
#[derive(Serialize)]
struct NestedView<'a> {
    #[serde(flatten)]
    fields: Fields<'a>,
    start: &'a Location,
    end: &'a Location,
    /// A recommendation's sub-items (always present, as in earlier
    /// versions); a sub-item's own only when it has some.
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_items: Option<Vec<NestedView<'a>>>,
}

/// How deep sub-items nest in the JSON (a recommendation, its sub-item,
/// the sub-item's own): a malformed parent chain ends there.
const MAX_NESTING: usize = 4;

fn nested<'a>(doc: &'a Document, index: usize, unit: &'a Unit, depth: usize) -> NestedView<'a> {
    let sub_items: Vec<NestedView> = if depth < MAX_NESTING {
        doc.children(index)
            .map(|(i, s)| nested(doc, i, s, depth + 1))
            .collect()
    } else {
        Vec::new()
    };
    let sub_items = (depth == 0 || !sub_items.is_empty()).then_some(sub_items);
    NestedView {
        fields: Fields(Record { doc, unit }),
        start: &unit.start,
        end: &unit.end,
        sub_items,
    }
}

/// A unit that falls in no meeting (an index entry, a report's
/// recommendation): its fields, label path and place.
#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    fields: Fields<'a>,
    path: &'a [Label],
    start: &'a Location,
    end: &'a Location,
    /// The lead-in paragraph of the block, as worded.
    #[serde(skip_serializing_if = "Option::is_none")]
    position_wording: Option<&'a str>,
}

fn meeting<'a>(doc: &'a Document, index: usize, m: &'a Group) -> MeetingView<'a> {
    MeetingView {
        ordinal: m.ordinal,
        numeral: m.numeral.as_deref(),
        title: &m.title,
        city: m.city.as_deref(),
        start_date: m.start_date.as_deref(),
        end_date: m.end_date.as_deref(),
        year: m.year,
        location: &m.location,
        topics: doc
            .groups
            .iter()
            .filter(|g| g.kind == GroupKind::Topic && doc.meeting_index(g.parent) == Some(index))
            .map(|g| TopicView {
                numeral: g.numeral.as_deref(),
                title: &g.title,
                location: &g.location,
            })
            .collect(),
        recommendations: doc
            .top_units_of(index)
            .map(|(i, u)| nested(doc, i, u, 0))
            .collect(),
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        let doc = &extraction.document;
        let meetings: Vec<MeetingView> = doc.meetings().map(|(i, m)| meeting(doc, i, m)).collect();
        // Recommendations are the units that are part of no other.
        let recommendations = doc.units.iter().filter(|u| u.parent.is_none()).count();
        let units: Vec<EntryView> = doc
            .units
            .iter()
            .filter(|u| doc.meeting(u).is_none())
            .map(|u| EntryView {
                fields: Fields(Record { doc, unit: u }),
                path: &u.path,
                start: &u.start,
                end: &u.end,
                position_wording: doc.block_of(u).map(|g| g.title.as_str()),
            })
            .collect();
        let view = DocumentView {
            document: doc.name(),
            source: &doc.source,
            kind: doc.kind,
            metadata: &doc.metadata,
            counts: Counts {
                meetings: meetings.len(),
                recommendations,
                sub_items: doc.unit_count() - recommendations,
                units: doc.unit_count(),
            },
            meetings,
            units,
            crosscheck: extraction.crosscheck.as_ref(),
            diagnostics: &extraction.diagnostics,
        };
        match &mut self.array {
            None => {
                serde_json::to_writer_pretty(&mut self.out, &view)?;
                self.out.write_all(b"\n")?;
            }
            Some(written) => {
                self.out.write_all(if *written == 0 { b"[\n" } else { b",\n" })?;
                *written += 1;
                serde_json::to_writer_pretty(&mut self.out, &view)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        match self.array {
            Some(0) => self.out.write_all(b"[\n\n]\n")?,
            Some(_) => self.out.write_all(b"\n]\n")?,
            None => {}
        }
        self.out.flush()?;
        Ok(())
    }
}
