//! JSON: one object per document: source, metadata, counts, meetings with
//! their recommendations and sub-items, and every diagnostic.

use super::{EmitError, Sink};
use crate::Extraction;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{Document, Group, GroupKind, Kind, Label, Position, Unit};
use crate::read::Source;
use crate::segment::Metadata;
use serde::Serialize;
use std::io::Write;

pub struct JsonSink<W: Write> {
    out: W,
}

impl<W: Write> JsonSink<W> {
    pub fn new(out: W) -> Self {
        JsonSink { out }
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
    recommendations: Vec<RecommendationView<'a>>,
}

#[derive(Serialize)]
struct TopicView<'a> {
    numeral: Option<&'a str>,
    title: &'a str,
    location: &'a Location,
}

/// What recommendations and sub-items both carry.
#[derive(Serialize)]
struct UnitView<'a> {
    text: &'a str,
    themes: &'a [String],
    page_start: Option<u32>,
    page_end: Option<u32>,
    start: &'a Location,
    end: &'a Location,
}

impl<'a> UnitView<'a> {
    fn new(unit: &'a Unit) -> Self {
        UnitView {
            text: &unit.text,
            themes: &unit.attrs().themes,
            page_start: unit.start.page,
            page_end: unit.end.page,
            start: &unit.start,
            end: &unit.end,
        }
    }
}

#[derive(Serialize)]
struct RecommendationView<'a> {
    id: &'a str,
    number: Option<u32>,
    /// The topic heading it falls under.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(flatten)]
    unit: UnitView<'a>,
    sub_items: Vec<SubItemView<'a>>,
}

#[derive(Serialize)]
struct SubItemView<'a> {
    id: &'a str,
    letter: &'a str,
    #[serde(flatten)]
    unit: UnitView<'a>,
}

#[derive(Serialize)]
struct EntryView<'a> {
    id: &'a str,
    path: &'a [Label],
    /// A report's paragraph label, `131.16`.
    #[serde(skip_serializing_if = "Option::is_none")]
    paragraph: Option<String>,
    /// The group (a report's block or thematic heading) it falls under.
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(flatten)]
    unit: UnitView<'a>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    recommending_states: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<Position>,
    /// The lead-in paragraph of the block, as worded.
    #[serde(skip_serializing_if = "Option::is_none")]
    position_wording: Option<&'a str>,
    /// What the entry cites, as written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cites: Vec<String>,
}

fn recommendation<'a>(doc: &'a Document, index: usize, unit: &'a Unit) -> RecommendationView<'a> {
    RecommendationView {
        id: &unit.id,
        number: unit.number(),
        group: doc.topic(unit).map(|g| g.title.as_str()),
        unit: UnitView::new(unit),
        sub_items: doc
            .children(index)
            .map(|(_, s)| SubItemView {
                id: &s.id,
                letter: s.letter().unwrap_or_default(),
                unit: UnitView::new(s),
            })
            .collect(),
    }
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
            .map(|(i, u)| recommendation(doc, i, u))
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
                id: &u.id,
                path: &u.path,
                paragraph: u.paragraph(),
                group: doc.topic(u).map(|g| g.title.as_str()),
                unit: UnitView::new(u),
                recommending_states: &u.attrs().recommending_states,
                position: u.attrs().position,
                position_wording: doc.block_of(u).map(|g| g.title.as_str()),
                cites: u.attrs().citations.iter().map(|c| c.to_string()).collect(),
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
        serde_json::to_writer_pretty(&mut self.out, &view)?;
        self.out.write_all(b"\n")?;
        Ok(())
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        self.out.flush()?;
        Ok(())
    }
}
