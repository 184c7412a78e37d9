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
    let listed = documents
        .iter()
        .map(|d| (d.source.file.clone(), d.kind))
        .chain(indexes.iter().map(|i| (i.source.file.clone(), Kind::Index)))
        .collect();
    let dated = ordinals_by_dates(documents);
    let mut findings = own_findings(documents, indexes);
    let mut meetings = meeting_rows(documents, &dated, &mut findings);
    let reviews = documents
        .iter()
        .filter(|d| d.kind == Kind::UprReport)
        .map(|report| review(report, documents, &mut findings))
        .collect();
    index_counts(documents, indexes, &mut meetings, &mut findings);
    Reconciliation {
        documents: listed,
        meetings,
        reviews,
        findings,
    }
}

/// Give reports that name no meeting ordinal the compilation's, matched by
/// their dates; the files of the reports so matched.
fn ordinals_by_dates(documents: &mut [Document]) -> Vec<String> {
    let mut dated = Vec::new();
    let Some(c) = documents.iter().position(|d| d.kind == Kind::Compilation) else {
        return dated;
    };
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
    dated
}

/// Each document's and index's own warnings and errors.
fn own_findings(documents: &[Document], indexes: &[Index]) -> Vec<Diagnostic> {
    documents
        .iter()
        .flat_map(|d| &d.diagnostics)
        .chain(indexes.iter().flat_map(|i| &i.diagnostics))
        .filter(|d| d.severity >= Severity::Warning)
        .cloned()
        .collect()
}

/// A meeting row with nothing compared yet.
fn row(ordinal: Option<u32>, title: &str) -> MeetingRow {
    MeetingRow {
        ordinal,
        title: title.to_string(),
        compilation: None,
        report: None,
        index: None,
        report_file: None,
        matched_by: None,
        exact: 0,
        whitespace_punctuation: 0,
        different: 0,
    }
}

/// A row per meeting of the compilation, each report's meeting compared
/// with the compilation's (or a row of its own when there is none).
fn meeting_rows(documents: &[Document], dated: &[String], findings: &mut Vec<Diagnostic>) -> Vec<MeetingRow> {
    let compilation = documents.iter().find(|d| d.kind == Kind::Compilation);
    let mut rows: Vec<MeetingRow> = compilation
        .into_iter()
        .flat_map(|c| {
            c.meetings().map(move |(i, m)| MeetingRow {
                compilation: Some(c.top_units_of(i).count()),
                ..row(m.ordinal, &m.title)
            })
        })
        .collect();
    let mut seen_reports: BTreeMap<u32, String> = BTreeMap::new();
    for report in documents.iter().filter(|d| d.kind == Kind::MeetingReport) {
        let Some((ri, rmeeting)) = report.meetings().next() else {
            continue;
        };
        let Some(compilation) = compilation else {
            rows.push(MeetingRow {
                report: Some(report.top_units_of(ri).count()),
                report_file: Some(report.source.file.clone()),
                ..row(rmeeting.ordinal, &rmeeting.title)
            });
            continue;
        };
        let matched = ReportMeeting {
            report,
            index: ri,
            meeting: rmeeting,
        };
        let Some(new) = matched.compare(compilation, dated, &mut seen_reports, findings) else {
            continue;
        };
        match rows
            .iter_mut()
            .find(|r| r.ordinal == new.ordinal && r.report.is_none())
        {
            Some(existing) => *existing = new,
            None => rows.push(new),
        }
    }
    rows
}

/// A meeting report's meeting.
struct ReportMeeting<'d> {
    report: &'d Document,
    index: usize,
    meeting: &'d Group,
}

impl ReportMeeting<'_> {
    /// Match the meeting with the compilation's and compare their units;
    /// `None` when it matches none or repeats an earlier report's meeting
    /// (each a finding).
    fn compare(
        &self,
        compilation: &Document,
        dated: &[String],
        seen: &mut BTreeMap<u32, String>,
        findings: &mut Vec<Diagnostic>,
    ) -> Option<MeetingRow> {
        let report = self.report;
        let Some((ci, cmeeting, how)) = find_meeting(compilation, self.meeting) else {
            let first = compilation.meetings().next().map(|(_, m)| m.location.clone());
            findings.push(
                Diagnostic::new(
                    Code::MeetingUnmatched,
                    self.meeting.location.clone(),
                    format!(
                        "{} reports the {}, which {} does not hold (by ordinal or dates)",
                        report.name(),
                        self.meeting.title,
                        compilation.name()
                    ),
                )
                .with_related(first.unwrap_or_default()),
            );
            return None;
        };
        if let Some(ordinal) = cmeeting.ordinal {
            if let Some(first) = seen.get(&ordinal) {
                findings.push(Diagnostic::new(
                    Code::DuplicateDocument,
                    self.meeting.location.clone(),
                    format!(
                        "{} reports meeting {ordinal} again, after {first}; it is not compared",
                        report.name()
                    ),
                ));
                return None;
            }
            seen.insert(ordinal, report.name().to_string());
        }
        let mut row = MeetingRow {
            compilation: Some(compilation.top_units_of(ci).count()),
            report: Some(report.top_units_of(self.index).count()),
            report_file: Some(report.source.file.clone()),
            matched_by: Some(if dated.contains(&report.source.file) {
                "dates"
            } else {
                how
            }),
            ..row(cmeeting.ordinal, &cmeeting.title)
        };
        compare_meeting(compilation, ci, report, self.index, &mut row, findings);
        Some(row)
    }
}

/// A UPR report held against the addenda and thematic lists of its review
/// (by their ids), with the responses counted and checked against the
/// addendum's stated totals.
fn review(report: &Document, documents: &[Document], findings: &mut Vec<Diagnostic>) -> ReviewRow {
    let prefix = report
        .units
        .first()
        .map(|u| u.id.rsplitn(3, '-').nth(2).unwrap_or_default().to_string());
    // By the report symbols they state, else by their records' ids.
    let belongs = |other: &Document| match (report.review_symbol(), other.review_symbol()) {
        (Some(mine), Some(theirs)) => mine == theirs,
        _ => other
            .units
            .first()
            .zip(prefix.as_deref())
            .is_some_and(|(u, p)| u.id.starts_with(&format!("{p}-"))),
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
            if kind == Kind::UprAddendum {
                row.addendum = Some(other.source.file.clone());
                row.in_addendum = result.covered;
                if let Some(t) = other.metadata.review().and_then(|r| r.stated_totals) {
                    row.stated_recommendations = t.recommendations;
                    row.stated_supported = t.supported;
                    row.stated_noted = t.noted;
                }
            } else {
                row.thematic_list = Some(other.source.file.clone());
                row.in_thematic_list = result.covered;
            }
            findings.extend(result.findings);
        }
    }
    count_responses(&joined, &mut row, findings);
    row
}

/// The responses of a joined report, counted and held against the totals
/// its addendum states.
fn count_responses(joined: &Document, row: &mut ReviewRow, findings: &mut Vec<Diagnostic>) {
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
            findings.push(Diagnostic::new(
                Code::CountMismatch,
                anchor.clone(),
                format!(
                    "the addendum {} states {stated} {what}; the documents give {counted}",
                    row.addendum.as_deref().unwrap_or_default()
                ),
            ));
        }
    }
}

/// Every compilation cross-checked against every index: the index's counts
/// go into the meeting rows, its findings among the others.
fn index_counts(
    documents: &[Document],
    indexes: &[Index],
    rows: &mut [MeetingRow],
    findings: &mut Vec<Diagnostic>,
) {
    for index in indexes {
        for doc in documents.iter().filter(|d| d.kind == Kind::Compilation) {
            let result = super::crosscheck::crosscheck(doc, index);
            for count in &result.counts {
                if let Some(row) = rows.iter_mut().find(|r| r.ordinal == Some(count.meeting)) {
                    row.index = Some(count.index);
                }
            }
            findings.extend(result.findings);
        }
    }
}

/// Compare a report's meeting with the compilation's, unit by unit: what
/// one side lacks, and how each text agrees (counted in the row).
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
    let pair = Pair {
        compilation,
        report,
        meeting: cmeeting,
    };
    for (place, unit) in &theirs {
        match ours.get(place) {
            None => findings.push(pair.missing(Code::MissingFromReport, unit, &ours, place)),
            Some(mine) => {
                if let Some(finding) = pair.texts(unit, mine, row) {
                    findings.push(finding);
                }
            }
        }
    }
    for (place, unit) in &ours {
        if !theirs.contains_key(place) {
            findings.push(pair.missing(Code::MissingFromCompilation, unit, &theirs, place));
        }
    }
}

/// A compilation and a report of one of its meetings.
struct Pair<'d> {
    compilation: &'d Document,
    report: &'d Document,
    meeting: &'d Group,
}

impl Pair<'_> {
    /// A unit one side has and the other lacks, pointing at the other's
    /// nearest unit before it.
    fn missing(
        &self,
        code: Code,
        unit: &Unit,
        other: &BTreeMap<Vec<Label>, &Unit>,
        place: &[Label],
    ) -> Diagnostic {
        let message = if code == Code::MissingFromReport {
            format!(
                "{} of {} is not in the meeting's report {}",
                name(self.meeting, unit),
                self.compilation.name(),
                self.report.name()
            )
        } else {
            format!(
                "{} of the report {} is not in {}",
                name(self.meeting, unit),
                self.report.name(),
                self.compilation.name()
            )
        };
        let finding = Diagnostic::new(code, unit.start.clone(), message);
        match other.range(..place.to_vec()).next_back() {
            Some((_, near)) => finding.with_related(near.start.clone()),
            None => finding,
        }
    }

    /// How the report's text of a unit agrees with the compilation's:
    /// counted in the row, and a finding unless exact.
    fn texts(&self, unit: &Unit, mine: &Unit, row: &mut MeetingRow) -> Option<Diagnostic> {
        let named = name(self.meeting, unit);
        let (code, message) = match compare::compare(&unit.text, &mine.text) {
            Agreement::Exact => {
                row.exact += 1;
                return None;
            }
            Agreement::WhitespacePunctuation => {
                row.whitespace_punctuation += 1;
                let message = format!(
                    "{} gives {named} with other spacing or punctuation than {}",
                    self.report.name(),
                    self.compilation.name()
                );
                (Code::TextWhitespacePunctuation, message)
            }
            other => {
                row.different += 1;
                let (similarity, diff) = match other {
                    Agreement::Different { similarity, diff } => (similarity, diff),
                    _ => (0.0, "the report gives only part of the text".to_string()),
                };
                let message = format!(
                    "{} gives {named} differently from {} (similarity {similarity:.2}): {diff}",
                    self.report.name(),
                    self.compilation.name()
                );
                (Code::TextDifferent, message)
            }
        };
        Some(
            Diagnostic::new(code, mine.start.clone(), message)
                .with_related(unit.start.clone())
                .with_compared(unit.text.as_str(), mine.text.as_str()),
        )
    }
}
