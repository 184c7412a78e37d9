//! The cross-check report: recommendations per meeting on both sides, how
//! the quoted texts agree, then every finding with both of its places.

use crate::Extraction;
use std::fmt::Write;

/// The report as text, or `None` when the extraction was not cross-checked.
/// Its findings are every diagnostic: the document's own, the index's, and
/// those of the cross-check.
pub fn crosscheck_text(extraction: &Extraction) -> Option<String> {
    let summary = extraction.crosscheck.as_ref()?;
    let doc = &extraction.document;
    let mut out = String::new();
    let index_name = match &summary.index_symbol {
        Some(symbol) => format!("{} ({symbol})", summary.index),
        None => summary.index.clone(),
    };
    let _ = writeln!(out, "Cross-check of {} against {index_name}", doc.name());
    let _ = writeln!(out, "{} index entries\n", summary.entries);
    let width = summary
        .counts
        .iter()
        .map(|c| c.title.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let _ = writeln!(out, "{:<width$}  {:>9}  {:>5}", "meeting", "document", "index");
    for c in &summary.counts {
        let mark = if c.document == c.index { "" } else { "  ≠" };
        let _ = writeln!(
            out,
            "{:<width$}  {:>9}  {:>5}{mark}",
            c.title, c.document, c.index
        );
    }
    let (d, i): (usize, usize) = summary
        .counts
        .iter()
        .fold((0, 0), |(d, i), c| (d + c.document, i + c.index));
    let _ = writeln!(out, "{:<width$}  {:>9}  {:>5}\n", "total", d, i);
    let g = &summary.grades;
    let _ = writeln!(
        out,
        "quoted texts: {} exact, {} whitespace/punctuation only, {} abbreviated, {} different, {} not compared\n",
        g.exact, g.whitespace_punctuation, g.abbreviated, g.different, g.not_compared
    );
    let findings = &extraction.diagnostics;
    if findings.is_empty() {
        let _ = writeln!(out, "no findings: the index and the document agree");
    } else {
        let _ = writeln!(out, "{} finding(s):\n", findings.len());
        for f in findings.iter() {
            let _ = writeln!(out, "{f}\n");
        }
    }
    Some(out)
}

/// The report as JSON, or `None` when the extraction was not cross-checked.
pub fn crosscheck_json(extraction: &Extraction) -> Option<Result<String, serde_json::Error>> {
    #[derive(serde::Serialize)]
    struct Report<'a> {
        document: &'a str,
        #[serde(flatten)]
        summary: &'a crate::CrossCheckSummary,
        findings: &'a [crate::diagnostic::Diagnostic],
    }
    let summary = extraction.crosscheck.as_ref()?;
    Some(serde_json::to_string_pretty(&Report {
        document: extraction.document.name(),
        summary,
        findings: &extraction.diagnostics,
    }))
}

/// The reconciliation of a session as a readable table per meeting, then
/// every finding with both of its places.
pub fn reconcile_text(r: &crate::check::reconcile::Reconciliation) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Reconciliation of {} document(s):", r.documents.len());
    for (file, kind) in &r.documents {
        let _ = writeln!(out, "  {:<15} {file}", kind.name());
    }
    let _ = writeln!(out);
    meeting_table(&mut out, &r.meetings);
    for v in &r.reviews {
        review_lines(&mut out, v);
    }
    let _ = writeln!(out);
    if r.findings.is_empty() {
        let _ = writeln!(out, "no findings: the documents agree");
    } else {
        let _ = writeln!(out, "{} finding(s):\n", r.findings.len());
        for f in &r.findings {
            let _ = writeln!(out, "{f}\n");
        }
    }
    out
}

/// A count, or `-` when the document is not there.
fn cell(n: Option<usize>) -> String {
    n.map_or("-".to_string(), |n| n.to_string())
}

/// Per meeting, the recommendations each document gives (`≠` where they
/// differ) and how the units' texts agree.
fn meeting_table(out: &mut String, meetings: &[crate::check::reconcile::MeetingRow]) {
    let width = meetings
        .iter()
        .map(|m| m.title.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    if !meetings.is_empty() {
        let _ = writeln!(
            out,
            "{:<width$}  {:>11}  {:>6}  {:>5}  units' texts (exact / spacing / different)",
            "meeting", "compilation", "report", "index"
        );
    }
    for m in meetings {
        let known: Vec<usize> = [m.compilation, m.report, m.index]
            .iter()
            .flatten()
            .copied()
            .collect();
        let mark = if known.windows(2).all(|w| w.first() == w.last()) {
            "  "
        } else {
            " ≠"
        };
        let texts = if m.report.is_some() && m.compilation.is_some() {
            format!("{} / {} / {}", m.exact, m.whitespace_punctuation, m.different)
        } else {
            "-".to_string()
        };
        let _ = writeln!(
            out,
            "{:<width$}  {:>11}  {:>6}  {:>5}{mark} {texts}",
            m.title,
            cell(m.compilation),
            cell(m.report),
            cell(m.index)
        );
        if let (Some(file), Some("dates")) = (&m.report_file, m.matched_by) {
            let _ = writeln!(out, "{:<width$}  (report {file} matched by its dates)", "");
        }
    }
}

/// A UPR review: what each document covers, and the responses against the
/// totals the addendum states.
fn review_lines(out: &mut String, v: &crate::check::reconcile::ReviewRow) {
    let _ = writeln!(
        out,
        "\nreview {}: {} recommendations (addendum states {}); {} in the addendum {}, {} in the thematic list {}",
        v.report,
        v.recommendations,
        cell(v.stated_recommendations),
        v.in_addendum,
        v.addendum.as_deref().unwrap_or("-"),
        v.in_thematic_list,
        v.thematic_list.as_deref().unwrap_or("-"),
    );
    let _ = writeln!(
        out,
        "  responses: {} of {}: {} supported (addendum states {}), {} noted (addendum states {})",
        v.responded,
        v.recommendations,
        v.supported,
        cell(v.stated_supported),
        v.noted,
        cell(v.stated_noted)
    );
}

/// The reconciliation as JSON: the same content as the text.
pub fn reconcile_json(r: &crate::check::reconcile::Reconciliation) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(r)
}
