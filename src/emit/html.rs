//! The findings page: a reconciliation or a cross-check as one HTML page
//! that needs nothing else to be read. Its style is inline, it has no
//! script, and it fetches nothing (a content security policy forbids it,
//! should a document's text ever slip through as markup).
//!
//! Tables of counts come first: the documents, their meetings (or
//! reviews), the findings per code. Then each finding in a
//! `<section class="finding">` with its code, severity and message, and its
//! places side by side with the text that stands at each. Where a finding
//! compared two texts, the words one has and the other lacks are marked
//! (`<del>` in the original, `<ins>` in the quotation).
//!
//! Every text from a document or a file name goes through [`escape`]; the
//! page's own markup is fixed text.

use crate::check::compare::{self, Step};
use crate::check::crosscheck::{EntryResult, Grades, MeetingCount};
use crate::check::reconcile::{MeetingRow, ReviewRow};
use crate::diagnostic::{Code, Diagnostic, Location, Severity};
use crate::model::{Document, Kind};
use crate::segment::index::Index;
use crate::{Extraction, Session};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

/// The page's whole style: readable in any browser and on paper, with
/// the system's fonts.
const STYLE: &str = "\
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1b1b1b;background:#fff}
main{max-width:1180px;margin:0 auto;padding:1em 1.5em 3em}
h1{font-size:1.45em;margin:.4em 0}
h2{font-size:1.15em;margin:1.6em 0 .4em;padding-bottom:.2em;border-bottom:1px solid #d0d0d0}
h3{font-size:1em;margin:0 0 .3em}
table{border-collapse:collapse;margin:.3em 0 1em}
caption{text-align:left;font-weight:600;padding:.2em 0}
th,td{border:1px solid #d0d0d0;padding:.2em .6em;text-align:left;vertical-align:top}
th{background:#f2f2f2}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.differs td{background:#fff3d1}
code{font-size:.92em}
.finding{border:1px solid #d0d0d0;border-left:.45em solid #8a8a8a;border-radius:4px;margin:1em 0;padding:.6em 1em}
.finding[data-severity=error]{border-left-color:#c62828}
.finding[data-severity=warning]{border-left-color:#e08600}
.finding[data-severity=note]{border-left-color:#1e6bb8}
.number{color:#666;text-decoration:none;margin-right:.4em}
.sev{font-weight:700;text-transform:uppercase;font-size:.8em;letter-spacing:.03em;margin-right:.4em}
.message{margin:.2em 0 .6em;overflow-wrap:anywhere}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(20em,1fr));gap:.8em}
.side{background:#f6f6f6;border-radius:3px;padding:.4em .7em}
.place{font-size:.85em;color:#444;margin:0 0 .3em;overflow-wrap:anywhere}
.role{font-weight:600;margin-right:.4em}
.text{margin:0;white-space:pre-wrap;overflow-wrap:anywhere}
.none{color:#777;font-style:italic}
del{background:#ffd8d4;color:#82071e}
ins{background:#cdf0d6;color:#0a5a20}
.legend{color:#444;font-size:.9em}
";

/// Input files named in a title before the rest are counted.
const TITLE_FILES: usize = 8;

/// The page of a session's reconciliation: its documents, meetings and
/// reviews, then every finding.
pub fn reconcile_html(session: &Session) -> String {
    let r = &session.reconciliation;
    let mut passages = Passages::default();
    for document in &session.documents {
        passages.document(document);
    }
    for index in &session.indexes {
        passages.index(index);
    }
    let files: Vec<&str> = r.documents.iter().map(|(file, _)| file.as_str()).collect();
    let mut page = Page::open(&format!("Reconciliation of {}", listed(&files)));
    let rows = session
        .documents
        .iter()
        .map(DocumentRow::of_document)
        .chain(session.indexes.iter().map(DocumentRow::of_index));
    page.documents(rows, &r.findings);
    page.meetings(&r.meetings);
    page.reviews(&r.reviews);
    page.counts(&r.findings);
    page.findings(&r.findings, &passages);
    page.close()
}

/// The page of a cross-check, or `None` when the extraction was not
/// cross-checked. Its findings are every diagnostic, as in the text report.
pub fn crosscheck_html(extraction: &Extraction) -> Option<String> {
    let summary = extraction.crosscheck.as_ref()?;
    let document = &extraction.document;
    let mut passages = Passages::default();
    passages.document(document);
    passages.entries(&summary.entry_results);
    let mut page = Page::open(&format!(
        "Cross-check of {} against {}",
        document.source.file, summary.index
    ));
    let index = DocumentRow {
        file: &summary.index,
        kind: Kind::Index,
        symbol: summary.index_symbol.as_deref(),
        records: summary.entries,
    };
    let findings = &extraction.diagnostics;
    page.documents([DocumentRow::of_document(document), index], findings);
    page.meeting_counts(&summary.counts);
    page.grades(&summary.grades);
    page.counts(findings);
    page.findings(findings, &passages);
    Some(page.close())
}

/// `text` for an HTML text node or a quoted attribute value: markup
/// characters as references, and characters HTML does not allow (controls
/// other than whitespace, noncharacters) as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() || is_noncharacter(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// U+FDD0 to U+FDEF and the last two code points of every plane.
fn is_noncharacter(c: char) -> bool {
    let n = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
}

/// Up to [`TITLE_FILES`] names, then how many more: `a, b and c`.
fn listed(files: &[&str]) -> String {
    let shown: Vec<&str> = files.iter().take(TITLE_FILES).copied().collect();
    let rest = files.len() - shown.len();
    match (shown.split_last(), rest) {
        (None, _) => "no documents".to_string(),
        (Some((last, [])), 0) => (*last).to_string(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), more) => format!("{} and {more} more", shown.join(", ")),
    }
}

/// The text that stands at each place a finding may point at: a unit's
/// start, a heading, an index entry. A place holding several (a
/// recommendation and its first sub-item on one line) gives the first.
#[derive(Default)]
struct Passages<'a> {
    at: HashMap<&'a Location, &'a str>,
}

impl<'a> Passages<'a> {
    fn document(&mut self, document: &'a Document) {
        for unit in &document.units {
            self.at.entry(&unit.start).or_insert(&unit.text);
        }
        for group in &document.groups {
            self.at.entry(&group.location).or_insert(&group.title);
        }
    }

    fn index(&mut self, index: &'a Index) {
        for entry in &index.entries {
            if let Some(text) = &entry.text {
                self.at.entry(&entry.start).or_insert(text);
            }
        }
    }

    fn entries(&mut self, entries: &'a [EntryResult]) {
        for entry in entries {
            if let Some(text) = &entry.quotation {
                self.at.entry(&entry.location).or_insert(text);
            }
        }
    }

    fn get(&self, place: &Location) -> Option<&'a str> {
        self.at.get(place).copied()
    }
}

/// One input in the table of documents.
struct DocumentRow<'a> {
    file: &'a str,
    kind: Kind,
    symbol: Option<&'a str>,
    /// Units of a document, entries of an index.
    records: usize,
}

impl<'a> DocumentRow<'a> {
    fn of_document(document: &'a Document) -> Self {
        DocumentRow {
            file: &document.source.file,
            kind: document.kind,
            symbol: document.metadata.symbol.as_deref(),
            records: document.units.len(),
        }
    }

    fn of_index(index: &'a Index) -> Self {
        DocumentRow {
            file: &index.source.file,
            kind: Kind::Index,
            symbol: index.metadata.symbol.as_deref(),
            records: index.entries.len(),
        }
    }
}

/// A table cell: text (escaped when written) or a number (right-aligned).
enum Cell {
    Text(String),
    Number(usize),
    /// A count one side does not have: `–`.
    Absent,
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

impl From<usize> for Cell {
    fn from(n: usize) -> Self {
        Cell::Number(n)
    }
}

impl From<Option<usize>> for Cell {
    fn from(n: Option<usize>) -> Self {
        n.map_or(Cell::Absent, Cell::Number)
    }
}

/// A table row, marked when its counts disagree.
struct TableRow {
    cells: Vec<Cell>,
    differs: bool,
}

/// What a place is to a finding, said above its text.
#[derive(Clone, Copy)]
enum Role {
    /// The finding's own place.
    Here,
    /// Another place it concerns.
    Related,
    /// The text a quotation was compared with.
    Original,
    /// The quotation, at the finding's place.
    Quotation,
}

impl Role {
    fn label(self) -> &'static str {
        match self {
            Role::Here => "at",
            Role::Related => "related",
            Role::Original => "original",
            Role::Quotation => "quotation",
        }
    }
}

/// One place of a finding with what stands there, as HTML.
struct Side<'a> {
    role: Role,
    place: Option<&'a Location>,
    /// Escaped and maybe marked; `None` when no text is known there.
    html: Option<String>,
}

/// The two texts of a comparison as HTML, each word the other text lacks
/// marked (`<del>` in the original, `<ins>` in the quotation); `None` when
/// they are too long to walk word by word (see [`compare::word_steps`]).
fn marked(original: &str, quotation: &str) -> Option<(String, String)> {
    let a: Vec<&str> = original.split_whitespace().collect();
    let b: Vec<&str> = quotation.split_whitespace().collect();
    let steps = compare::word_steps(&a, &b)?;
    let mut left = Marker::new("del");
    let mut right = Marker::new("ins");
    for step in steps {
        match step {
            Step::Keep(word) => {
                left.word(word, false);
                right.word(word, false);
            }
            Step::Remove(word) => left.word(word, true),
            Step::Add(word) => right.word(word, true),
        }
    }
    Some((left.finish(), right.finish()))
}

/// Words written one after another, a run of marked ones in one element.
struct Marker {
    tag: &'static str,
    html: String,
    open: bool,
    words: usize,
}

impl Marker {
    fn new(tag: &'static str) -> Self {
        Marker {
            tag,
            html: String::new(),
            open: false,
            words: 0,
        }
    }

    fn word(&mut self, word: &str, mark: bool) {
        if self.open && !mark {
            let _ = write!(self.html, "</{}>", self.tag);
            self.open = false;
        }
        if self.words > 0 {
            self.html.push(' ');
        }
        if mark && !self.open {
            let _ = write!(self.html, "<{}>", self.tag);
            self.open = true;
        }
        push_escaped(&mut self.html, word);
        self.words += 1;
    }

    fn finish(mut self) -> String {
        if self.open {
            let _ = write!(self.html, "</{}>", self.tag);
        }
        self.html
    }
}

/// The sides of a finding: the compared texts, marked, when it has them;
/// else its place and each related place with the text standing there.
fn sides<'a>(finding: &'a Diagnostic, passages: &Passages) -> Vec<Side<'a>> {
    let plain = |role, place: &'a Location| Side {
        role,
        place: Some(place),
        html: passages.get(place).map(escape),
    };
    let Some(compared) = &finding.compared else {
        let mut out = vec![plain(Role::Here, &finding.location)];
        out.extend(finding.related.iter().map(|place| plain(Role::Related, place)));
        return out;
    };
    let (original, quotation) = marked(&compared.original, &compared.quotation)
        .unwrap_or_else(|| (escape(&compared.original), escape(&compared.quotation)));
    let mut out = vec![
        Side {
            role: Role::Original,
            place: finding.related.first(),
            html: Some(original),
        },
        Side {
            role: Role::Quotation,
            place: Some(&finding.location),
            html: Some(quotation),
        },
    ];
    out.extend(
        finding
            .related
            .iter()
            .skip(1)
            .map(|place| plain(Role::Related, place)),
    );
    out
}

/// The page as it is written, section by section.
struct Page {
    out: String,
}

impl Page {
    /// The head and the title.
    fn open(title: &str) -> Self {
        let mut out = String::from(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Findings: ",
        );
        push_escaped(&mut out, title);
        out.push_str("</title>\n<style>\n");
        out.push_str(STYLE);
        out.push_str("</style>\n</head>\n<body>\n<main>\n<h1>");
        push_escaped(&mut out, title);
        out.push_str("</h1>\n");
        Page { out }
    }

    fn close(mut self) -> String {
        self.out.push_str("</main>\n</body>\n</html>\n");
        self.out
    }

    fn heading(&mut self, text: &str) {
        self.out.push_str("<h2>");
        push_escaped(&mut self.out, text);
        self.out.push_str("</h2>\n");
    }

    /// A table with a header row; a row whose counts disagree is marked,
    /// by colour and by a `≠` that needs none.
    fn table(&mut self, caption: &str, head: &[&str], rows: impl IntoIterator<Item = TableRow>) {
        self.out.push_str("<table>\n<caption>");
        push_escaped(&mut self.out, caption);
        self.out.push_str("</caption>\n<thead><tr>");
        for name in head {
            self.out.push_str("<th scope=\"col\">");
            push_escaped(&mut self.out, name);
            self.out.push_str("</th>");
        }
        self.out.push_str("</tr></thead>\n<tbody>\n");
        for row in rows {
            self.out.push_str(if row.differs {
                "<tr class=\"differs\">"
            } else {
                "<tr>"
            });
            for cell in row.cells {
                match cell {
                    Cell::Text(text) => {
                        self.out.push_str("<td>");
                        push_escaped(&mut self.out, &text);
                    }
                    Cell::Number(n) => {
                        let _ = write!(self.out, "<td class=\"n\">{n}");
                    }
                    Cell::Absent => self.out.push_str("<td class=\"n\">–"),
                }
                self.out.push_str("</td>");
            }
            self.out.push_str("</tr>\n");
        }
        self.out.push_str("</tbody>\n</table>\n");
    }

    /// Each input: its kind, symbol, records, and the findings at its places.
    fn documents<'a>(&mut self, rows: impl IntoIterator<Item = DocumentRow<'a>>, findings: &[Diagnostic]) {
        self.heading("Documents");
        let rows = rows.into_iter().map(|d| TableRow {
            cells: vec![
                d.file.into(),
                d.kind.name().into(),
                d.symbol.unwrap_or("–").into(),
                d.records.into(),
                findings
                    .iter()
                    .filter(|f| &*f.location.file == d.file)
                    .count()
                    .into(),
            ],
            differs: false,
        });
        self.table(
            "Units of each document (entries of an index), and the findings placed in it",
            &["file", "kind", "symbol", "units", "findings"],
            rows,
        );
    }

    /// A reconciliation's meetings: the recommendations each document
    /// gives, and how the units' texts agree.
    fn meetings(&mut self, meetings: &[MeetingRow]) {
        if meetings.is_empty() {
            return;
        }
        self.heading("Meetings");
        let rows = meetings.iter().map(|m| {
            let known: Vec<usize> = [m.compilation, m.report, m.index].into_iter().flatten().collect();
            let differs = !known.windows(2).all(|w| w.first() == w.last());
            let compared = m.report.is_some() && m.compilation.is_some();
            let texts = |n: usize| if compared { Cell::Number(n) } else { Cell::Absent };
            let report = match (&m.report_file, m.matched_by) {
                (Some(file), Some("dates")) => format!("{file} (matched by its dates)"),
                (Some(file), _) => file.clone(),
                (None, _) => "–".to_string(),
            };
            TableRow {
                cells: vec![
                    m.title.as_str().into(),
                    m.compilation.into(),
                    m.report.into(),
                    m.index.into(),
                    (if differs { "≠" } else { "" }).into(),
                    texts(m.exact),
                    texts(m.whitespace_punctuation),
                    texts(m.different),
                    report.as_str().into(),
                ],
                differs,
            }
        });
        self.table(
            "Recommendations per meeting in each document, and how the units' texts agree \
             (a sub-item counted as a unit of its own)",
            &[
                "meeting",
                "compilation",
                "report",
                "index",
                "",
                "same text",
                "other spacing or punctuation",
                "other words",
                "report file",
            ],
            rows,
        );
    }

    /// A reconciliation's UPR reviews: what each document covers and the
    /// responses against the totals the addendum states.
    fn reviews(&mut self, reviews: &[ReviewRow]) {
        if reviews.is_empty() {
            return;
        }
        self.heading("Reviews");
        let rows = reviews.iter().map(|v| {
            let stated = [
                (v.stated_recommendations, v.recommendations),
                (v.stated_supported, v.supported),
                (v.stated_noted, v.noted),
            ];
            TableRow {
                cells: vec![
                    v.report.as_str().into(),
                    v.recommendations.into(),
                    v.stated_recommendations.into(),
                    v.addendum.as_deref().unwrap_or("–").into(),
                    v.in_addendum.into(),
                    v.thematic_list.as_deref().unwrap_or("–").into(),
                    v.in_thematic_list.into(),
                    v.responded.into(),
                    v.supported.into(),
                    v.stated_supported.into(),
                    v.noted.into(),
                    v.stated_noted.into(),
                ],
                differs: stated.iter().any(|(s, n)| s.is_some_and(|s| s != *n)),
            }
        });
        self.table(
            "Each UPR report with its addendum and thematic list, and the responses",
            &[
                "report",
                "recommendations",
                "stated",
                "addendum",
                "in addendum",
                "thematic list",
                "in list",
                "responded",
                "supported",
                "stated",
                "noted",
                "stated",
            ],
            rows,
        );
    }

    /// A cross-check's meetings: the recommendations on each side.
    fn meeting_counts(&mut self, counts: &[MeetingCount]) {
        self.heading("Meetings");
        let total = counts
            .iter()
            .fold((0, 0), |(d, i), c| (d + c.document, i + c.index));
        let row = |title: &str, document: usize, index: usize| TableRow {
            cells: vec![
                title.into(),
                document.into(),
                index.into(),
                (if document == index { "" } else { "≠" }).into(),
            ],
            differs: document != index,
        };
        let rows = counts
            .iter()
            .map(|c| row(&c.title, c.document, c.index))
            .chain([row("total", total.0, total.1)]);
        self.table(
            "Recommendations per meeting in the document, and those the index cites",
            &["meeting", "document", "index", ""],
            rows,
        );
    }

    /// How the index's quotations agree with the document.
    fn grades(&mut self, g: &Grades) {
        let row = TableRow {
            cells: vec![
                g.exact.into(),
                g.whitespace_punctuation.into(),
                g.abbreviated.into(),
                g.different.into(),
                g.not_compared.into(),
            ],
            differs: g.different > 0,
        };
        self.table(
            "The index's quotations against the document's texts",
            &[
                "exact",
                "spacing or punctuation",
                "abbreviated",
                "different",
                "not compared",
            ],
            [row],
        );
    }

    /// Findings per code, the most serious first.
    fn counts(&mut self, findings: &[Diagnostic]) {
        self.heading("Findings per code");
        let mut per_code: BTreeMap<(std::cmp::Reverse<Severity>, Code), usize> = BTreeMap::new();
        for f in findings {
            *per_code
                .entry((std::cmp::Reverse(f.severity), f.code))
                .or_insert(0) += 1;
        }
        if per_code.is_empty() {
            self.out.push_str("<p>No findings.</p>\n");
            return;
        }
        let rows = per_code.into_iter().map(|((severity, code), n)| TableRow {
            cells: vec![
                severity.0.to_string().as_str().into(),
                code.name().into(),
                n.into(),
                code.description().into(),
            ],
            differs: false,
        });
        self.table(
            &format!("{} finding(s)", findings.len()),
            &["severity", "code", "findings", "meaning"],
            rows,
        );
    }

    /// Every finding in a section of its own.
    fn findings(&mut self, findings: &[Diagnostic], passages: &Passages) {
        self.heading("Findings");
        if findings.is_empty() {
            self.out.push_str("<p>No findings: the documents agree.</p>\n");
            return;
        }
        self.out.push_str(
            "<p class=\"legend\">Where a quotation and its original stand side by side, \
             <del>struck</del> words are only in the original and <ins>underlined</ins> \
             words only in the quotation.</p>\n",
        );
        for (n, finding) in findings.iter().enumerate() {
            self.finding(n + 1, finding, passages);
        }
    }

    /// One finding: its number, severity, code and message, then its places.
    fn finding(&mut self, n: usize, finding: &Diagnostic, passages: &Passages) {
        let _ = write!(
            self.out,
            "<section class=\"finding\" id=\"finding-{n}\" data-severity=\"{}\" data-code=\"{}\">\n\
             <h3><a class=\"number\" href=\"#finding-{n}\">{n}.</a><span class=\"sev\">{}</span><code>{}</code></h3>\n\
             <p class=\"message\">",
            finding.severity, finding.code, finding.severity, finding.code
        );
        push_escaped(&mut self.out, &finding.message);
        self.out.push_str("</p>\n<div class=\"sides\">\n");
        for side in sides(finding, passages) {
            self.side(&side);
        }
        self.out.push_str("</div>\n</section>\n");
    }

    fn side(&mut self, side: &Side) {
        let _ = write!(
            self.out,
            "<div class=\"side\">\n<p class=\"place\"><span class=\"role\">{}</span>",
            side.role.label()
        );
        match side.place {
            Some(place) => {
                self.out.push_str("<span class=\"file\">");
                push_escaped(&mut self.out, &place.file);
                self.out.push_str("</span>");
                if let Some(page) = place.page {
                    let _ = write!(self.out, ", page {page}");
                }
                let _ = write!(self.out, ", line {}", place.line);
            }
            None => self.out.push_str("place not known"),
        }
        self.out.push_str("</p>\n");
        match &side.html {
            Some(html) => {
                let _ = writeln!(self.out, "<p class=\"text\">{html}</p>");
            }
            None => self
                .out
                .push_str("<p class=\"text none\">no text of its own at this place</p>\n"),
        }
        self.out.push_str("</div>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Config, extract, read_index};

    const DOC: &str = "I. First meeting, Vienna, 30 May to 1 June 2012\n1. States should ratify the Protocol <script>alert(1)</script> & more.\n2. States should share information.\nII. Second meeting, Vienna, 11 to 13 November 2013\n1. States should cooperate.\n";

    /// The document cross-checked against an index that rewords one
    /// recommendation, leaves one out and cites one the document lacks.
    fn crosschecked() -> Extraction {
        let index = "Index of recommendations\n\nI. Introduction\n\n1. Entries cite recommendations.\n\nII. Ratification\n\nStates must ratify the Protocol <script>alert(1)</script> & more. (first meeting, recommendation 1)\n\nStates should share information. (first meeting, recommendation 2)\n\n(second meeting, recommendation 7)\n";
        let mut x = extract("doc.txt", DOC.as_bytes(), &Config::of_kind(Kind::Compilation)).unwrap();
        let index = read_index("index.txt", index.as_bytes(), &Config::default()).unwrap();
        x.cross_check(&index);
        x
    }

    #[test]
    fn markup_in_a_text_is_escaped() {
        assert_eq!(
            escape("<script>a & \"b\" 'c'</script>\u{0}\u{FFFF}"),
            "&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;\u{FFFD}\u{FFFD}"
        );
        let page = crosscheck_html(&crosschecked()).unwrap();
        assert!(!page.contains("<script"), "{page}");
        assert!(
            page.contains("Protocol &lt;script&gt;alert(1)&lt;/script&gt; &amp; more."),
            "{page}"
        );
    }

    #[test]
    fn the_word_diff_marks_an_inserted_and_a_deleted_word() {
        let (original, quotation) = marked(
            "States should ratify the Protocol <now>.",
            "States must ratify the whole Protocol <now>.",
        )
        .unwrap();
        assert_eq!(
            original,
            "States <del>should</del> ratify the Protocol &lt;now&gt;."
        );
        assert_eq!(
            quotation,
            "States <ins>must</ins> ratify the <ins>whole</ins> Protocol &lt;now&gt;."
        );
        let (original, quotation) = marked("a b c d", "a x y d").unwrap();
        assert_eq!(original, "a <del>b c</del> d");
        assert_eq!(quotation, "a <ins>x y</ins> d");
    }

    #[test]
    fn a_long_text_is_shown_without_marks() {
        let long: Vec<String> = (0..4000).map(|i| format!("w{i}")).collect();
        let original = long.join(" ");
        let quotation = original.replace("w17 ", "changed ");
        assert!(marked(&original, &quotation).is_none());
        let finding = Diagnostic::new(Code::TextDifferent, Location::new("a.txt", None, 1), "long")
            .with_related(Location::new("b.txt", None, 2))
            .with_compared(original.as_str(), quotation.as_str());
        let shown = sides(&finding, &Passages::default());
        assert_eq!(shown.len(), 2);
        for side in &shown {
            let html = side.html.as_deref().unwrap();
            assert!(!html.contains("<del>") && !html.contains("<ins>"));
        }
        assert!(
            shown
                .iter()
                .any(|s| s.html.as_deref() == Some(quotation.as_str()))
        );
    }

    #[test]
    fn each_finding_is_one_section_with_both_places() {
        let x = crosschecked();
        let page = crosscheck_html(&x).unwrap();
        let codes: Vec<&str> = x.diagnostics.iter().map(|d| d.code.name()).collect();
        assert!(codes.contains(&"text_different"), "{codes:?}");
        assert!(codes.contains(&"unknown_reference"), "{codes:?}");
        assert_eq!(page.matches("class=\"finding\"").count(), x.diagnostics.len());
        assert!(page.contains("<del>should</del>") && page.contains("<ins>must</ins>"));
        assert!(page.contains("<span class=\"file\">index.txt</span>, line "));
        assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
        assert!(page.contains("<title>Findings: Cross-check of doc.txt against index.txt</title>"));
    }

    #[test]
    fn a_reconciliation_page_counts_its_findings() {
        let fixture = |name: &str, text: &str| (name.to_string(), text.as_bytes().to_vec());
        let inputs = vec![
            fixture("seed.txt", include_str!("../../fixtures/seed/seed.txt")),
            fixture(
                "report.txt",
                include_str!("../../fixtures/reconcile-reworded-left-out/meeting-report-4-broken.txt"),
            ),
        ];
        let session = crate::reconcile(&inputs, &Config::default()).unwrap();
        let findings = &session.reconciliation.findings;
        assert!(
            findings.iter().any(|f| f.code == Code::TextDifferent),
            "{findings:#?}"
        );
        let page = reconcile_html(&session);
        assert_eq!(page.matches("class=\"finding\"").count(), findings.len());
        assert!(page.contains("<title>Findings: Reconciliation of seed.txt and report.txt</title>"));
        assert!(page.contains("<del>best</del>") && page.contains("<ins>better</ins>"));
    }

    #[test]
    fn titles_name_the_inputs() {
        assert_eq!(listed(&["a"]), "a");
        assert_eq!(listed(&["a", "b", "c"]), "a, b and c");
        let many = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
        assert_eq!(listed(&many), "a, b, c, d, e, f, g, h and 2 more");
    }
}
