//! Reconcile: a session's documents held against each other.
//!
//! Meeting reports adopt the recommendations, the compilation reprints them
//! by meeting and the index cites them by theme. Each report's meeting is
//! matched with the compilation's (by ordinal, or by its dates when the
//! report does not say which meeting it was, which then gives the report its
//! ordinal and its ids); within a meeting, units are matched by their label
//! path. A unit one side lacks is `missing_from_report` or
//! `missing_from_compilation`; a text given in other words is
//! `text_different` (in other spacing or punctuation, a note). Every
//! compilation is cross-checked against every index. Each finding names
//! both documents' places.

use super::compare::{self, Agreement};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Document, Group, Kind, Label, Response, Unit};
use crate::segment::index::Index;
use serde::Serialize;
use std::collections::BTreeMap;

/// One meeting across the session's documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeetingRow {
    pub ordinal: Option<u32>,
    pub title: String,
    /// Recommendations (top-level units) in the compilation, when it has the meeting.
    pub compilation: Option<usize>,
    /// Recommendations in the meeting's report, when there is one.
    pub report: Option<usize>,
    /// Distinct recommendations the index cites for the meeting.
    pub index: Option<usize>,
    /// The report's file, when there is one.
    pub report_file: Option<String>,
    /// How the report's meeting was matched: `ordinal` or `dates`.
    pub matched_by: Option<&'static str>,
    /// Units whose texts agree exactly, in whitespace or punctuation only, or not.
    pub exact: usize,
    pub whitespace_punctuation: usize,
    pub different: usize,
}

/// A UPR report held against its addendum and thematic list.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ReviewRow {
    pub report: String,
    pub recommendations: usize,
    /// The addendum and the thematic list held against it, by file.
    pub addendum: Option<String>,
    pub thematic_list: Option<String>,
    /// Recommendations each covers.
    pub in_addendum: usize,
    pub in_thematic_list: usize,
    /// Recommendations with a response, supported and noted.
    pub responded: usize,
    pub supported: usize,
    pub noted: usize,
    /// What the addendum says of itself.
    pub stated_recommendations: Option<usize>,
    pub stated_supported: Option<usize>,
    pub stated_noted: Option<usize>,
}

/// What a reconciliation found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reconciliation {
    /// Each document: file and kind.
    pub documents: Vec<(String, Kind)>,
    pub meetings: Vec<MeetingRow>,
    /// Each UPR report with its responses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<ReviewRow>,
    /// The documents' own warnings and errors, then the findings of the
    /// comparison, each naming both places.
    pub findings: Vec<Diagnostic>,
}

impl Reconciliation {
    /// The most serious finding.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|d| d.severity).max()
    }
}

/// A unit's place within its meeting: its path without the meeting label.
fn key(unit: &Unit) -> Vec<Label> {
    unit.path
        .iter()
        .filter(|l| !matches!(l, Label::Meeting(_) | Label::MeetingYear(_)))
        .cloned()
        .collect()
}

/// How findings name a unit: `fifth meeting, recommendation 5 (b)`.
fn name(meeting: &Group, unit: &Unit) -> String {
    let meeting = match meeting.ordinal {
        Some(n) => format!("meeting {n}"),
        None => meeting.title.clone(),
    };
    let number = unit.number().unwrap_or(0);
    match unit.letter() {
        Some(l) => format!("{meeting}, recommendation {number} ({l})"),
        None => format!("{meeting}, recommendation {number}"),
    }
}

/// The meeting of `compilation` that a report's meeting is: by ordinal, else
/// by its first day.
fn find_meeting<'d>(compilation: &'d Document, report: &Group) -> Option<(usize, &'d Group, &'static str)> {
    let mut meetings = compilation.meetings();
    if let Some(n) = report.ordinal {
        return meetings
            .find(|(_, m)| m.ordinal == Some(n))
            .map(|(i, m)| (i, m, "ordinal"));
    }
    let start = report.start_date.as_ref()?;
    meetings
        .find(|(_, m)| m.start_date.as_ref() == Some(start))
        .map(|(i, m)| (i, m, "dates"))
}

/// Units of a meeting keyed by their place in it, with a unit's text as a
/// whole quotation gives it (a lead-in with its sub-items is compared unit
/// by unit, so each keeps its own text).
fn units_of(doc: &Document, meeting: usize) -> BTreeMap<Vec<Label>, &Unit> {
    let mut out = BTreeMap::new();
    for (i, unit) in doc.top_units_of(meeting) {
        out.entry(key(unit)).or_insert(unit);
        for (_, item) in doc.children(i) {
            out.entry(key(item)).or_insert(item);
        }
    }
    out
}

/// Reconcile the documents of a session. Reports whose meeting is matched
/// by dates are given the compilation's ordinal (their ids follow).
pub fn reconcile(documents: &mut [Document], indexes: &[Index]) -> Reconciliation {
    let mut out = Reconciliation {
        documents: documents
            .iter()
            .map(|d| (d.source.file.clone(), d.kind))
            .chain(indexes.iter().map(|i| (i.source.file.clone(), Kind::Index)))
            .collect(),
        ..Reconciliation::default()
    };
    let compilation_at = documents.iter().position(|d| d.kind == Kind::Compilation);

    // Give reports their ordinals from the compilation, by dates.
    let mut dated: Vec<String> = Vec::new();
    if let Some(c) = compilation_at {
        let assignments: Vec<(usize, usize, u32)> = documents
            .iter()
            .enumerate()
            .filter(|(_, d)| d.kind == Kind::MeetingReport)
            .filter_map(|(r, report)| {
                let compilation = documents.get(c)?;
                let (gi, group) = report.meetings().next()?;
                if group.ordinal.is_some() {
                    return None;
                }
                let (_, found, _) = find_meeting(compilation, group)?;
                Some((r, gi, found.ordinal?))
            })
            .collect();
        for (r, gi, ordinal) in assignments {
            if let Some(report) = documents.get_mut(r) {
                dated.push(report.source.file.clone());
                report.assign_ordinal(gi, ordinal);
                report
                    .diagnostics
                    .retain(|d| d.code != Code::MeetingOrdinalUnknown);
            }
        }
    }

    // Each document's own warnings and errors.
    for doc in documents.iter() {
        out.findings.extend(
            doc.diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .cloned(),
        );
    }
    for index in indexes {
        out.findings.extend(
            index
                .diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .cloned(),
        );
    }

    let compilation = compilation_at.and_then(|c| documents.get(c));
    let mut rows: Vec<MeetingRow> = Vec::new();
    if let Some(compilation) = compilation {
        for (i, m) in compilation.meetings() {
            rows.push(MeetingRow {
                ordinal: m.ordinal,
                title: m.title.clone(),
                compilation: Some(compilation.top_units_of(i).count()),
                report: None,
                index: None,
                report_file: None,
                matched_by: None,
                exact: 0,
                whitespace_punctuation: 0,
                different: 0,
            });
        }
    }

    let mut seen_reports: BTreeMap<u32, String> = BTreeMap::new();
    for report in documents.iter().filter(|d| d.kind == Kind::MeetingReport) {
        let Some((ri, rmeeting)) = report.meetings().next() else {
            continue;
        };
        let report_count = report.top_units_of(ri).count();
        let Some(compilation) = compilation else {
            rows.push(MeetingRow {
                ordinal: rmeeting.ordinal,
                title: rmeeting.title.clone(),
                compilation: None,
                report: Some(report_count),
                index: None,
                report_file: Some(report.source.file.clone()),
                matched_by: None,
                exact: 0,
                whitespace_punctuation: 0,
                different: 0,
            });
            continue;
        };
        let Some((ci, cmeeting, how)) = find_meeting(compilation, rmeeting) else {
            out.findings.push(
                Diagnostic::new(
                    Code::MeetingUnmatched,
                    rmeeting.location.clone(),
                    format!(
                        "{} reports the {}, which {} does not hold (by ordinal or dates)",
                        report.name(),
                        rmeeting.title,
                        compilation.name()
                    ),
                )
                .with_related(
                    compilation
                        .meetings()
                        .next()
                        .map(|(_, m)| m.location.clone())
                        .unwrap_or_default(),
                ),
            );
            continue;
        };
        if let Some(ordinal) = cmeeting.ordinal {
            if let Some(first) = seen_reports.get(&ordinal) {
                out.findings.push(Diagnostic::new(
                    Code::DuplicateDocument,
                    rmeeting.location.clone(),
                    format!(
                        "{} reports meeting {ordinal} again, after {first}; it is not compared",
                        report.name()
                    ),
                ));
                continue;
            }
            seen_reports.insert(ordinal, report.name().to_string());
        }
        let mut row = MeetingRow {
            ordinal: cmeeting.ordinal,
            title: cmeeting.title.clone(),
            compilation: Some(compilation.top_units_of(ci).count()),
            report: Some(report_count),
            index: None,
            report_file: Some(report.source.file.clone()),
            matched_by: Some(if dated.contains(&report.source.file) {
                "dates"
            } else {
                how
            }),
            exact: 0,
            whitespace_punctuation: 0,
            different: 0,
        };
        compare_meeting(compilation, ci, report, ri, &mut row, &mut out.findings);
        match rows
            .iter_mut()
            .find(|r| r.ordinal == cmeeting.ordinal && r.report.is_none())
        {
            Some(existing) => *existing = row,
            None => rows.push(row),
        }
    }

    // Every UPR report against its addendum and its thematic list.
    for report in documents.iter().filter(|d| d.kind == Kind::UprReport) {
        let prefix = report
            .units
            .first()
            .map(|u| u.id.rsplitn(3, '-').nth(2).unwrap_or_default().to_string());
        let belongs = |other: &Document| {
            other
                .units
                .first()
                .zip(prefix.as_deref())
                .is_some_and(|(u, p)| u.id.starts_with(&format!("{p}-")))
        };
        let mut joined = report.clone();
        let mut row = ReviewRow {
            report: report.source.file.clone(),
            recommendations: report.units.len(),
            ..ReviewRow::default()
        };
        for kind in [Kind::UprAddendum, Kind::UprThematicList] {
            for other in documents.iter().filter(|d| d.kind == kind && belongs(d)) {
                let result = super::responses::join(&mut joined, other);
                match kind {
                    Kind::UprAddendum => {
                        row.addendum = Some(other.source.file.clone());
                        row.in_addendum = result.covered;
                        if let Some(t) = other.metadata.review().and_then(|r| r.stated_totals) {
                            row.stated_recommendations = t.recommendations;
                            row.stated_supported = t.supported;
                            row.stated_noted = t.noted;
                        }
                    }
                    _ => {
                        row.thematic_list = Some(other.source.file.clone());
                        row.in_thematic_list = result.covered;
                    }
                }
                out.findings.extend(result.findings);
            }
        }
        let broad: Vec<Response> = joined
            .units
            .iter()
            .filter_map(|u| u.review().and_then(|r| r.response).map(Response::broad))
            .collect();
        row.responded = broad.len();
        row.supported = broad.iter().filter(|r| **r == Response::Supported).count();
        row.noted = broad.iter().filter(|r| **r == Response::Noted).count();
        let anchor = joined.units.first().map(|u| u.start.clone()).unwrap_or_default();
        for (what, stated, counted) in [
            ("recommendations", row.stated_recommendations, row.recommendations),
            ("supported", row.stated_supported, row.supported),
            ("noted", row.stated_noted, row.noted),
        ] {
            if let Some(stated) = stated.filter(|n| *n != counted) {
                out.findings.push(Diagnostic::new(
                    Code::CountMismatch,
                    anchor.clone(),
                    format!(
                        "the addendum {} states {stated} {what}; the documents give {counted}",
                        row.addendum.as_deref().unwrap_or_default()
                    ),
                ));
            }
        }
        out.reviews.push(row);
    }

    // Every compilation against every index.
    for index in indexes {
        for doc in documents.iter().filter(|d| d.kind == Kind::Compilation) {
            let result = super::crosscheck::crosscheck(doc, index);
            for count in &result.counts {
                if let Some(row) = rows.iter_mut().find(|r| r.ordinal == Some(count.meeting)) {
                    row.index = Some(count.index);
                }
            }
            out.findings.extend(result.findings);
        }
    }
    out.meetings = rows;
    out
}

fn compare_meeting(
    compilation: &Document,
    ci: usize,
    report: &Document,
    ri: usize,
    row: &mut MeetingRow,
    findings: &mut Vec<Diagnostic>,
) {
    let Some(cmeeting) = compilation.groups.get(ci) else {
        return;
    };
    let theirs = units_of(compilation, ci);
    let ours = units_of(report, ri);
    for (place, unit) in &theirs {
        match ours.get(place) {
            None => {
                let mut finding = Diagnostic::new(
                    Code::MissingFromReport,
                    unit.start.clone(),
                    format!(
                        "{} of {} is not in the meeting's report {}",
                        name(cmeeting, unit),
                        compilation.name(),
                        report.name()
                    ),
                );
                // The report's nearest unit before the missing one.
                if let Some((_, near)) = ours.range(..place.clone()).next_back() {
                    finding = finding.with_related(near.start.clone());
                }
                findings.push(finding);
            }
            Some(mine) => match compare::compare(&unit.text, &mine.text) {
                Agreement::Exact => row.exact += 1,
                Agreement::WhitespacePunctuation => {
                    row.whitespace_punctuation += 1;
                    findings.push(
                        Diagnostic::new(
                            Code::TextWhitespacePunctuation,
                            mine.start.clone(),
                            format!(
                                "{} gives {} with other spacing or punctuation than {}",
                                report.name(),
                                name(cmeeting, unit),
                                compilation.name()
                            ),
                        )
                        .with_related(unit.start.clone()),
                    );
                }
                other => {
                    row.different += 1;
                    let (similarity, diff) = match other {
                        Agreement::Different { similarity, diff } => (similarity, diff),
                        _ => (0.0, "the report gives only part of the text".to_string()),
                    };
                    findings.push(
                        Diagnostic::new(
                            Code::TextDifferent,
                            mine.start.clone(),
                            format!(
                                "{} gives {} differently from {} (similarity {similarity:.2}): {diff}",
                                report.name(),
                                name(cmeeting, unit),
                                compilation.name()
                            ),
                        )
                        .with_related(unit.start.clone()),
                    );
                }
            },
        }
    }
    for (place, unit) in &ours {
        if !theirs.contains_key(place) {
            let mut finding = Diagnostic::new(
                Code::MissingFromCompilation,
                unit.start.clone(),
                format!(
                    "{} of the report {} is not in {}",
                    name(cmeeting, unit),
                    report.name(),
                    compilation.name()
                ),
            );
            if let Some((_, near)) = theirs.range(..place.clone()).next_back() {
                finding = finding.with_related(near.start.clone());
            }
            findings.push(finding);
        }
    }
}
