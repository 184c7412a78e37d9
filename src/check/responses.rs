//! A UPR report joined with the documents that answer and classify its
//! recommendations: the State's addendum (responses) and OHCHR's thematic
//! list (positions, themes, groups of persons, SDGs).
//!
//! Units join by label path (`140.7`); a number the other document gives
//! without its paragraph (`1–5`) takes the report's paragraph when the
//! report has one. The report's units take the other document's
//! attributes; what one side has and the other lacks, texts that differ (a
//! thematic list quotes each recommendation) and responses that disagree are
//! findings naming both places.

use super::compare::{self, Agreement};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Document, Kind, Label, Response, Unit};
use serde::Serialize;
use std::collections::HashMap;

/// What a join found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Join {
    /// The report's units the other document covers.
    pub covered: usize,
    /// The report's units.
    pub units: usize,
    pub findings: Vec<Diagnostic>,
}

/// The other document's paths in the report's terms: `[Item(3)]` becomes
/// `[Paragraph(115), Item(3)]` when the report's items all stand under 115.
fn resolve(report: &Document, path: &[Label]) -> Vec<Label> {
    if let [Label::Item(n)] = path {
        let mut paragraphs = report.units.iter().filter_map(|u| match u.path.first() {
            Some(Label::Paragraph(p)) => Some(*p),
            _ => None,
        });
        if let Some(first) = paragraphs.next()
            && paragraphs.all(|p| p == first)
        {
            return vec![Label::Paragraph(first), Label::Item(*n)];
        }
    }
    path.to_vec()
}

fn label(path: &[Label]) -> String {
    crate::model::paragraph_label(path)
}

fn what(kind: Kind) -> &'static str {
    match kind {
        Kind::UprAddendum => "the addendum",
        Kind::UprThematicList => "the thematic list",
        _ => "the other document",
    }
}

/// Take the other document's response into the report's unit (and its
/// explanation, when the unit has none): the first response stands, a
/// later one that disagrees is a finding; `supported` becomes
/// `supported_implemented` when the other says so.
fn take_response(mine: &mut Unit, theirs: &Unit, source: &str, path: &[Label]) -> Option<Diagnostic> {
    let ours = mine.review().cloned().unwrap_or_default();
    let other = theirs.review()?;
    let review = mine.review_mut()?;
    if review.response_explanation.is_none() {
        review.response_explanation = other.response_explanation.clone();
    }
    let response = other.response?;
    match ours.response {
        Some(before) if before.broad() != response.broad() => Some(
            Diagnostic::new(
                Code::ResponseConflict,
                theirs.start.clone(),
                format!(
                    "{source} gives recommendation {} as {}, but {} gives it as {}",
                    label(path),
                    response.name(),
                    ours.response_source.as_deref().unwrap_or("another document"),
                    before.name()
                ),
            )
            .with_related(mine.start.clone()),
        ),
        Some(before) => {
            if before == Response::Supported && response == Response::SupportedImplemented {
                review.response = Some(response);
            }
            None
        }
        None => {
            review.response = Some(response);
            review.response_source = other.response_source.clone();
            None
        }
    }
}

/// Join `other` (an addendum or a thematic list) into `report`: fill the
/// report's units and give the findings.
pub fn join(report: &mut Document, other: &Document) -> Join {
    let mut out = Join {
        units: report.units.len(),
        ..Join::default()
    };
    let by_path: HashMap<Vec<Label>, usize> = report
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.path.clone(), i))
        .collect();
    let source = what(other.kind);
    let mut seen = vec![false; report.units.len()];
    for theirs in &other.units {
        let path = resolve(report, &theirs.path);
        let Some(&i) = by_path.get(&path) else {
            out.findings.push(
                Diagnostic::new(
                    Code::UnknownReference,
                    theirs.start.clone(),
                    format!(
                        "{source} names recommendation {}, which the report {} does not have",
                        label(&path),
                        report.name()
                    ),
                )
                .with_related(report.units.first().map(|u| u.start.clone()).unwrap_or_default()),
            );
            continue;
        };
        let Some(mine) = report.units.get_mut(i) else {
            continue;
        };
        if let Some(flag) = seen.get_mut(i) {
            *flag = true;
        }
        // Responses: the addendum's is the State's own; a list's must agree.
        if let Some(finding) = take_response(mine, theirs, source, &path) {
            out.findings.push(finding);
        }
        if other.kind == Kind::UprThematicList
            && let Some(finding) = take_list(mine, theirs, source, &path)
        {
            out.findings.push(finding);
        }
    }
    out.covered = seen.iter().filter(|s| **s).count();
    out.findings.extend(uncovered(report, other, &seen));
    out
}

/// Give `other`'s units (an addendum's or a thematic list's) the paths and
/// ids of the report's units they answer: an addendum numbering `1–5` under
/// a report whose items stand under 115 then gives `a-hrc-28-15-115-1`, so
/// that its records join the report's. Units the report lacks keep theirs.
pub fn rekey(other: &mut Document, report: &Document) {
    let by_path: HashMap<&[Label], &str> = report
        .units
        .iter()
        .map(|u| (u.path.as_slice(), u.id.as_str()))
        .collect();
    let resolved: Vec<Option<(Vec<Label>, String)>> = other
        .units
        .iter()
        .map(|u| {
            let path = resolve(report, &u.path);
            by_path
                .get(path.as_slice())
                .map(|id| (path.clone(), id.to_string()))
        })
        .collect();
    for (unit, found) in other.units.iter_mut().zip(resolved) {
        if let Some((path, id)) = found {
            unit.path = path;
            unit.id = id;
        }
    }
}

/// What a thematic list gives a unit (themes, SDGs, groups of persons),
/// and how its quotation of the text agrees: a finding unless exact.
fn take_list(mine: &mut Unit, theirs: &Unit, source: &str, path: &[Label]) -> Option<Diagnostic> {
    mine.themes = theirs.themes.clone();
    if let (Some(review), Some(list)) = (mine.review_mut(), theirs.review()) {
        review.sdgs = list.sdgs.clone();
        review.affected_persons = list.affected_persons.clone();
    }
    let (code, message) = match compare::compare(&mine.text, &theirs.text) {
        Agreement::Exact => return None,
        Agreement::WhitespacePunctuation => (
            Code::TextWhitespacePunctuation,
            format!(
                "{source} quotes recommendation {} with other spacing or punctuation",
                label(path)
            ),
        ),
        Agreement::Different { similarity, diff } => (
            Code::TextDifferent,
            format!(
                "{source} quotes recommendation {} differently (similarity {similarity:.2}): {diff}",
                label(path)
            ),
        ),
        Agreement::Abbreviated => (
            Code::TextDifferent,
            format!(
                "{source} quotes recommendation {} differently: a part of it",
                label(path)
            ),
        ),
    };
    Some(Diagnostic::new(code, theirs.start.clone(), message).with_related(mine.start.clone()))
}

/// The report's units the other document does not cover: a missing
/// response (an addendum) or a unit the list leaves out.
fn uncovered<'a>(
    report: &'a Document,
    other: &'a Document,
    seen: &'a [bool],
) -> impl Iterator<Item = Diagnostic> + 'a {
    let code = match other.kind {
        Kind::UprAddendum => Code::ResponseMissing,
        _ => Code::MissingFromIndex,
    };
    let source = what(other.kind);
    let related = other.units.first().map(|u| u.start.clone()).unwrap_or_default();
    // An addendum answers what the report left pending: a unit the report
    // itself decided (supported, noted) is not missing from it.
    let answered = move |unit: &Unit| {
        other.kind == Kind::UprAddendum
            && unit
                .review()
                .and_then(|r| r.position)
                .and_then(Response::decided)
                .is_some()
    };
    report
        .units
        .iter()
        .zip(seen)
        .filter(move |(unit, covered)| !**covered && !answered(unit))
        .map(move |(unit, _)| {
            Diagnostic::new(
                code,
                unit.start.clone(),
                format!(
                    "recommendation {} of the report is not in {source} {}",
                    unit.paragraph().unwrap_or_default(),
                    other.name()
                ),
            )
            .with_related(related.clone())
        })
}
