//! JSON: one object per document: source, metadata, counts, meetings with
//! their recommendations and sub-items, and every diagnostic.

use super::{EmitError, Sink};
use crate::Extraction;
use crate::diagnostic::{Diagnostic, Location};
use crate::read::Source;
use crate::segment::{DocumentKind, Meeting, Metadata, Recommendation, SubItem};
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
    kind: DocumentKind,
    metadata: &'a Metadata,
    counts: Counts,
    meetings: Vec<MeetingView<'a>>,
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
    ordinal: u32,
    numeral: Option<&'a str>,
    title: &'a str,
    city: Option<&'a str>,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    year: Option<u16>,
    location: &'a Location,
    recommendations: Vec<RecommendationView<'a>>,
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
    fn new(text: &'a str, themes: &'a [String], start: &'a Location, end: &'a Location) -> Self {
        UnitView {
            text,
            themes,
            page_start: start.page,
            page_end: end.page,
            start,
            end,
        }
    }
}

#[derive(Serialize)]
struct RecommendationView<'a> {
    id: &'a str,
    number: u32,
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

fn sub_item(s: &SubItem) -> SubItemView<'_> {
    SubItemView {
        id: &s.id,
        letter: &s.letter,
        unit: UnitView::new(&s.text, &s.themes, &s.start, &s.end),
    }
}

fn recommendation(r: &Recommendation) -> RecommendationView<'_> {
    RecommendationView {
        id: &r.id,
        number: r.number,
        unit: UnitView::new(&r.text, &r.themes, &r.start, &r.end),
        sub_items: r.sub_items.iter().map(sub_item).collect(),
    }
}

fn meeting(m: &Meeting) -> MeetingView<'_> {
    MeetingView {
        ordinal: m.ordinal,
        numeral: m.numeral.as_deref(),
        title: &m.title,
        city: m.city.as_deref(),
        start_date: m.start_date.as_deref(),
        end_date: m.end_date.as_deref(),
        year: m.year,
        location: &m.location,
        recommendations: m.recommendations.iter().map(recommendation).collect(),
    }
}

impl<W: Write> Sink for JsonSink<W> {
    fn write(&mut self, extraction: &Extraction) -> Result<(), EmitError> {
        let doc = &extraction.document;
        let recommendations = doc.meetings.iter().map(|m| m.recommendations.len()).sum();
        let units = doc.unit_count();
        let view = DocumentView {
            document: doc.name(),
            source: &doc.source,
            kind: doc.kind,
            metadata: &doc.metadata,
            counts: Counts {
                meetings: doc.meetings.len(),
                recommendations,
                sub_items: units - recommendations,
                units,
            },
            meetings: doc.meetings.iter().map(meeting).collect(),
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
