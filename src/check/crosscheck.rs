//! Cross-check: a compilation against an index of the same recommendations.
//!
//! Every citation of the index is resolved to a unit of the document (years
//! name meetings through the meetings' dates); what cannot be resolved is
//! an `unknown_reference`. A unit is covered when it is cited, or when it has
//! sub-items and every one of them is cited; what is not covered is
//! `missing_from_index`. The same unit cited twice under one theme is a
//! `duplicate_citation`; meetings whose numbers of recommendations differ
//! get a `count_mismatch`; quoted text is graded against the document
//! ([`super::compare`]), and a different text is `text_different`.
//! Each finding names both places. The themes each unit is cited under come
//! out as well.

use super::compare::{self, Agreement};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{Document, Group};
use crate::segment::citation::{Citation, MeetingRef};
use crate::segment::index::{Index, IndexEntry};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Recommendations per meeting, on each side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingCount {
    pub meeting: u32,
    pub title: String,
    /// Recommendations in the document.
    pub document: usize,
    /// Distinct recommendation numbers the index cites for the meeting.
    pub index: usize,
}

/// How many quotations fell in each grade.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grades {
    pub exact: usize,
    pub whitespace_punctuation: usize,
    pub abbreviated: usize,
    pub different: usize,
    /// Entries that give no text, or cite several units at once.
    pub not_compared: usize,
}

/// How an index entry's quotation agrees with the unit it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Grade {
    Exact,
    WhitespacePunctuation,
    Abbreviated,
    Different,
    /// The entry gives no text, or cites several units at once.
    NotCompared,
}

/// What one index entry cites and how its quotation agrees.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntryResult {
    pub location: Location,
    pub theme: String,
    /// Ids of the units the entry cites that the document has.
    pub units: Vec<String>,
    pub grade: Grade,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// The entry's quotation, for a report that shows what stands at each
    /// place; the JSON report names the place and leaves the text to the
    /// index.
    #[serde(skip)]
    pub quotation: Option<String>,
}

/// The result of a cross-check.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CrossCheck {
    pub counts: Vec<MeetingCount>,
    pub grades: Grades,
    pub entries: Vec<EntryResult>,
    /// Theme paths by unit id, in index order.
    pub themes: BTreeMap<String, Vec<String>>,
    pub findings: Vec<Diagnostic>,
}

/// A meeting of the document, with its index among the groups.
#[derive(Clone, Copy)]
struct Meeting<'d> {
    group: &'d Group,
    index: usize,
}

impl Meeting<'_> {
    fn ordinal(&self) -> u32 {
        self.group.ordinal.unwrap_or(0)
    }
}

/// A unit of the document that a citation resolved to.
#[derive(Clone, Copy)]
struct Unit<'d> {
    doc: &'d Document,
    meeting: Meeting<'d>,
    /// The recommendation, by index into the units.
    rec: usize,
    /// The sub-item, by index into the units.
    sub_item: Option<usize>,
}

impl<'d> Unit<'d> {
    fn rec(&self) -> Option<&'d crate::model::Unit> {
        self.doc.units.get(self.rec)
    }

    fn item(&self) -> Option<&'d crate::model::Unit> {
        self.sub_item.and_then(|i| self.doc.units.get(i))
    }

    fn number(&self) -> u32 {
        self.rec().and_then(|r| r.number()).unwrap_or(0)
    }

    fn own(&self) -> Option<&'d crate::model::Unit> {
        self.item().or_else(|| self.rec())
    }

    fn id(&self) -> &'d str {
        self.own().map(|u| u.id.as_str()).unwrap_or_default()
    }

    fn location(&self) -> Location {
        self.own().map(|u| u.start.clone()).unwrap_or_default()
    }

    fn name(&self) -> String {
        match self.item().and_then(|i| i.letter()) {
            Some(letter) => format!(
                "{} meeting, recommendation {} ({letter})",
                ordinal_word(self.meeting.group),
                self.number()
            ),
            None => format!(
                "{} meeting, recommendation {}",
                ordinal_word(self.meeting.group),
                self.number()
            ),
        }
    }

    /// The text a full quotation of the unit reproduces.
    fn text(&self) -> String {
        match self.item() {
            Some(item) => item.text.clone(),
            None => {
                let mut text = self.rec().map(|r| r.text.clone()).unwrap_or_default();
                for (_, item) in self.doc.children(self.rec) {
                    text.push_str(&format!(" ({}) {}", item.letter().unwrap_or_default(), item.text));
                }
                text
            }
        }
    }
}

fn ordinal_word(meeting: &Group) -> String {
    meeting
        .title
        .split_whitespace()
        .next()
        .map(str::to_lowercase)
        .unwrap_or_else(|| meeting.ordinal.unwrap_or(0).to_string())
}

/// Cross-check a document against an index.
pub fn crosscheck(doc: &Document, index: &Index) -> CrossCheck {
    let mut out = CrossCheck::default();
    let meetings: Vec<Meeting> = doc
        .meetings()
        .map(|(index, group)| Meeting { group, index })
        .collect();
    let cited = resolve_entries(doc, &meetings, index, &mut out);
    coverage(doc, &meetings, &cited, &mut out);
    share_themes(doc, &mut out);
    out.themes.retain(|_, v| !v.is_empty());
    out.findings.sort_by_key(|d| {
        (
            d.location.file.clone(),
            d.location.page.unwrap_or(0),
            d.location.line,
        )
    });
    out
}

/// What the index cites, gathered from all its entries: the evidence the
/// coverage and count findings are made from.
#[derive(Default)]
struct Cited {
    /// (meeting, number) cited whole.
    whole: BTreeSet<(u32, u32)>,
    /// (meeting, number, letter) cited as a sub-item.
    letters: BTreeSet<(u32, u32, String)>,
    /// Distinct numbers cited per meeting.
    numbers: BTreeMap<u32, BTreeSet<u32>>,
    /// Where each meeting is first cited.
    first: HashMap<u32, Location>,
    /// Where the index first cites each (meeting, number): a unit it leaves
    /// out is shown beside its nearest cited neighbour.
    at: BTreeMap<(u32, u32), Location>,
}

/// Resolve every entry's citations to units: themes, duplicate citations,
/// unknown references and the grade of each quotation.
fn resolve_entries(doc: &Document, meetings: &[Meeting], index: &Index, out: &mut CrossCheck) -> Cited {
    let mut by_year: HashMap<u16, Vec<Meeting>> = HashMap::new();
    for m in meetings {
        if let Some(year) = m.group.year {
            by_year.entry(year).or_default().push(*m);
        }
    }
    let mut resolver = Resolver {
        doc,
        by_ordinal: meetings
            .iter()
            .filter_map(|m| m.group.ordinal.map(|o| (o, *m)))
            .collect(),
        by_year,
        cited: Cited::default(),
        seen_under_theme: HashMap::new(),
    };
    for entry in &index.entries {
        let resolved = resolver.citations(entry, out);
        let theme = entry.theme_path();
        for unit in &resolved {
            resolver.record(unit, entry, &theme, out);
        }
        let (grade, similarity) = grade(entry, &resolved, out);
        out.entries.push(EntryResult {
            location: entry.start.clone(),
            theme,
            units: resolved.iter().map(|u| u.id().to_string()).collect(),
            grade,
            similarity,
            quotation: entry.text.clone(),
        });
    }
    resolver.cited
}

/// What resolving an index's entries keeps: the document's meetings by
/// ordinal and year, what has been cited, and where.
struct Resolver<'d, 'i> {
    doc: &'d Document,
    by_ordinal: HashMap<u32, Meeting<'d>>,
    by_year: HashMap<u16, Vec<Meeting<'d>>>,
    cited: Cited,
    /// (theme, unit id) → the entry that first cited the unit under it.
    seen_under_theme: HashMap<(String, String), &'i IndexEntry>,
}

impl<'d, 'i> Resolver<'d, 'i> {
    /// The units an entry's citations name; a citation of a meeting or unit
    /// the document lacks is a finding.
    fn citations(&mut self, entry: &IndexEntry, out: &mut CrossCheck) -> Vec<Unit<'d>> {
        let mut resolved = Vec::new();
        for citation in &entry.citations {
            let Some(meeting) = resolve_meeting(
                citation,
                &self.by_ordinal,
                &self.by_year,
                entry,
                &mut out.findings,
            ) else {
                continue;
            };
            let cited = &mut self.cited;
            let key = (meeting.ordinal(), citation.number);
            cited.numbers.entry(key.0).or_default().insert(key.1);
            cited.at.entry(key).or_insert_with(|| entry.start.clone());
            cited.first.entry(key.0).or_insert_with(|| entry.start.clone());
            match resolve_unit(self.doc, meeting, citation) {
                Ok(unit) => resolved.push(unit),
                Err(why) => out.findings.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        entry.start.clone(),
                        format!(
                            "the index cites {}, which the background paper does not have: {why}",
                            cited_name(meeting.group, citation)
                        ),
                    )
                    .with_related(meeting.group.location.clone()),
                ),
            }
        }
        resolved
    }

    /// Record a unit an entry cites under its theme: cited whole or as a
    /// sub-item, the theme among the unit's, a second citation under the
    /// same theme a finding.
    fn record(&mut self, unit: &Unit, entry: &'i IndexEntry, theme: &str, out: &mut CrossCheck) {
        let place = (unit.meeting.ordinal(), unit.number());
        match unit.item() {
            Some(item) => {
                let letter = item.letter().unwrap_or_default().to_string();
                self.cited.letters.insert((place.0, place.1, letter));
            }
            None => {
                self.cited.whole.insert(place);
            }
        }
        let key = (theme.to_string(), unit.id().to_string());
        if let Some(first) = self.seen_under_theme.get(&key) {
            out.findings.push(
                Diagnostic::new(
                    Code::DuplicateCitation,
                    entry.start.clone(),
                    format!("{} is cited twice under the theme `{theme}`", unit.name()),
                )
                .with_related(first.start.clone())
                .with_related(unit.location()),
            );
        } else {
            self.seen_under_theme.insert(key, entry);
        }
        add_themes(&mut out.themes, unit, theme);
    }
}

/// Units the index leaves out (`missing_from_index`), and the number of
/// recommendations per meeting on each side (`count_mismatch`).
fn coverage(doc: &Document, meetings: &[Meeting], cited: &Cited, out: &mut CrossCheck) {
    for meeting in meetings {
        let ordinal = meeting.ordinal();
        let recs: Vec<(usize, &crate::model::Unit)> = doc.top_units_of(meeting.index).collect();
        for &(rec_index, rec) in &recs {
            let unit = Unit {
                doc,
                meeting: *meeting,
                rec: rec_index,
                sub_item: None,
            };
            left_out(&unit, rec, cited, &mut out.findings);
        }
        let count = cited.numbers.get(&ordinal).map_or(0, BTreeSet::len);
        out.counts.push(MeetingCount {
            meeting: ordinal,
            title: meeting.group.title.clone(),
            document: recs.len(),
            index: count,
        });
        if count != recs.len() {
            let mut finding = Diagnostic::new(
                Code::CountMismatch,
                meeting.group.location.clone(),
                format!(
                    "{} meeting: {} recommendations in the background paper, {} cited in the index",
                    ordinal_word(meeting.group),
                    recs.len(),
                    count
                ),
            );
            if let Some(at) = cited.first.get(&ordinal) {
                finding = finding.with_related(at.clone());
            }
            out.findings.push(finding);
        }
    }
}

/// A recommendation the index leaves out: not cited at all, or cited
/// through some of its sub-items but not others (each a finding). One cited
/// whole, or through every sub-item, is covered.
fn left_out(unit: &Unit, rec: &crate::model::Unit, cited: &Cited, findings: &mut Vec<Diagnostic>) {
    let (ordinal, number) = (unit.meeting.ordinal(), rec.number().unwrap_or(0));
    let items: Vec<(usize, &crate::model::Unit)> = unit.doc.children(unit.rec).collect();
    let letters: Vec<&str> = items
        .iter()
        .filter_map(|(_, s)| s.letter())
        .filter(|l| cited.letters.contains(&(ordinal, number, l.to_string())))
        .collect();
    if cited.whole.contains(&(ordinal, number)) || (!items.is_empty() && letters.len() == items.len()) {
        return;
    }
    if letters.is_empty() {
        let mut finding = Diagnostic::new(
            Code::MissingFromIndex,
            rec.start.clone(),
            format!("{} is not cited in the index", unit.name()),
        );
        if let Some(near) = neighbour(&cited.at, ordinal, number) {
            finding = finding.with_related(near);
        }
        findings.push(finding);
        return;
    }
    for &(item_index, item) in &items {
        if item.letter().is_some_and(|l| letters.contains(&l)) {
            continue;
        }
        let unit = Unit {
            sub_item: Some(item_index),
            ..*unit
        };
        let mut finding = Diagnostic::new(
            Code::MissingFromIndex,
            item.start.clone(),
            format!(
                "{} is not cited in the index, though other sub-items of it are",
                unit.name()
            ),
        );
        if let Some(near) = cited.at.get(&(ordinal, number)) {
            finding = finding.with_related(near.clone());
        }
        findings.push(finding);
    }
}

/// Sub-items of a recommendation cited whole carry its themes; a
/// recommendation cited only through its sub-items carries theirs.
fn share_themes(doc: &Document, out: &mut CrossCheck) {
    for (rec_index, rec) in doc.units.iter().enumerate().filter(|(_, u)| u.parent.is_none()) {
        let parent = out.themes.get(&rec.id).cloned().unwrap_or_default();
        let mut union = parent.clone();
        for (_, item) in doc.children(rec_index) {
            let own = out.themes.entry(item.id.clone()).or_default();
            for theme in &parent {
                if !own.contains(theme) {
                    own.push(theme.clone());
                }
            }
            for theme in own.iter() {
                if !union.contains(theme) {
                    union.push(theme.clone());
                }
            }
        }
        if !union.is_empty() {
            out.themes.insert(rec.id.clone(), union);
        }
    }
}

/// Where the index cites the nearest recommendation of the same meeting,
/// before the given number if it can, else after it.
fn neighbour(cited_at: &BTreeMap<(u32, u32), Location>, meeting: u32, number: u32) -> Option<Location> {
    cited_at
        .range((meeting, 0)..(meeting, number))
        .next_back()
        .or_else(|| cited_at.range((meeting, number + 1)..(meeting + 1, 0)).next())
        .map(|(_, at)| at.clone())
}

fn resolve_meeting<'d>(
    citation: &Citation,
    by_ordinal: &HashMap<u32, Meeting<'d>>,
    by_year: &HashMap<u16, Vec<Meeting<'d>>>,
    entry: &IndexEntry,
    findings: &mut Vec<Diagnostic>,
) -> Option<Meeting<'d>> {
    match citation.meeting {
        MeetingRef::Ordinal(n) => {
            let found = by_ordinal.get(&n).copied();
            if found.is_none() {
                findings.push(Diagnostic::new(Code::UnknownReference,
                    entry.start.clone(),
                    format!("the index cites meeting {n}, recommendation {}, but the background paper has no meeting {n}", citation.number),
                ));
            }
            found
        }
        MeetingRef::Year(year) => match by_year.get(&year).map(Vec::as_slice) {
            Some([one]) => Some(*one),
            Some(several) if several.len() > 1 => {
                findings.push(Diagnostic::new(
                    Code::AmbiguousYear,
                    entry.start.clone(),
                    format!(
                        "the index cites the {year} meeting, but {} meetings were held in {year}",
                        several.len()
                    ),
                ));
                None
            }
            _ => {
                findings.push(Diagnostic::new(Code::UnknownReference,
                    entry.start.clone(),
                    format!(
                        "the index cites {year}, recommendation {}, but no meeting of the background paper was held in {year}",
                        citation.number
                    ),
                ));
                None
            }
        },
    }
}

fn cited_name(meeting: &Group, citation: &Citation) -> String {
    match &citation.sub_item {
        Some(letter) => format!(
            "{} meeting, recommendation {} ({letter})",
            ordinal_word(meeting),
            citation.number
        ),
        None => format!(
            "{} meeting, recommendation {}",
            ordinal_word(meeting),
            citation.number
        ),
    }
}

/// Why a citation names no unit of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Unresolved {
    /// The meeting's recommendations run 1 to `last`.
    Number { meeting: String, last: u32 },
    /// The recommendation's sub-items run `first` to `last`.
    Letter {
        number: u32,
        first: String,
        last: String,
    },
    /// The recommendation has no sub-items.
    NoLetters { number: u32 },
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::Number { meeting, last } => {
                write!(f, "the {meeting} meeting has recommendations 1 to {last}")
            }
            Unresolved::Letter { number, first, last } => {
                write!(f, "recommendation {number} has sub-items ({first}) to ({last})")
            }
            Unresolved::NoLetters { number } => write!(f, "recommendation {number} has no sub-items"),
        }
    }
}

fn resolve_unit<'d>(
    doc: &'d Document,
    meeting: Meeting<'d>,
    citation: &Citation,
) -> Result<Unit<'d>, Unresolved> {
    let mut recs = doc.top_units_of(meeting.index);
    let Some((rec, _)) = recs.find(|(_, r)| r.number() == Some(citation.number)) else {
        let last = doc
            .top_units_of(meeting.index)
            .filter_map(|(_, r)| r.number())
            .max()
            .unwrap_or(0);
        return Err(Unresolved::Number {
            meeting: ordinal_word(meeting.group),
            last,
        });
    };
    let unit = Unit {
        doc,
        meeting,
        rec,
        sub_item: None,
    };
    let Some(letter) = &citation.sub_item else {
        return Ok(unit);
    };
    let items: Vec<(usize, &crate::model::Unit)> = doc.children(rec).collect();
    if let Some((i, _)) = items.iter().find(|(_, s)| s.letter() == Some(letter.as_str())) {
        return Ok(Unit {
            sub_item: Some(*i),
            ..unit
        });
    }
    match (items.first(), items.last()) {
        (Some((_, first)), Some((_, last))) => Err(Unresolved::Letter {
            number: unit.number(),
            first: first.letter().unwrap_or_default().to_string(),
            last: last.letter().unwrap_or_default().to_string(),
        }),
        _ => Err(Unresolved::NoLetters {
            number: unit.number(),
        }),
    }
}

fn add_themes(themes: &mut BTreeMap<String, Vec<String>>, unit: &Unit, theme: &str) {
    let list = themes.entry(unit.id().to_string()).or_default();
    if !list.iter().any(|t| t == theme) {
        list.push(theme.to_string());
    }
}

/// Grade the entry's quotation against the one unit it cites.
/// Grade the entry's quotation against the one unit it cites: the grade's
/// name and, for a different text, the similarity.
fn grade(entry: &IndexEntry, resolved: &[Unit], out: &mut CrossCheck) -> (Grade, Option<f64>) {
    let (Some(text), [unit]) = (entry.text.as_deref(), resolved) else {
        out.grades.not_compared += 1;
        return (Grade::NotCompared, None);
    };
    let original = unit.text();
    let quoted = strip_lead_in(unit, text);
    match compare::compare(&original, quoted) {
        Agreement::Exact => {
            out.grades.exact += 1;
            (Grade::Exact, None)
        }
        Agreement::Abbreviated => {
            out.grades.abbreviated += 1;
            (Grade::Abbreviated, None)
        }
        Agreement::WhitespacePunctuation => {
            out.grades.whitespace_punctuation += 1;
            out.findings.push(
                Diagnostic::new(
                    Code::TextWhitespacePunctuation,
                    entry.start.clone(),
                    format!(
                        "the index quotes {} with other spacing or punctuation",
                        unit.name()
                    ),
                )
                .with_related(unit.location())
                .with_compared(original, quoted),
            );
            (Grade::WhitespacePunctuation, None)
        }
        Agreement::Different { similarity, diff } => {
            out.grades.different += 1;
            out.findings.push(
                Diagnostic::new(
                    Code::TextDifferent,
                    entry.start.clone(),
                    format!(
                        "the index quotes {} differently (similarity {similarity:.2}): {diff}",
                        unit.name()
                    ),
                )
                .with_related(unit.location())
                .with_compared(original, quoted),
            );
            (Grade::Different, Some(similarity))
        }
    }
}

/// A sub-item may be quoted after its lead-in and letter:
/// `States parties should consider: (k) Reviewing …`.
fn strip_lead_in<'t>(unit: &Unit, text: &'t str) -> &'t str {
    let (Some(item), Some(rec)) = (unit.item(), unit.rec()) else {
        return text;
    };
    let rest = text
        .strip_prefix(rec.text.as_str())
        .map(str::trim_start)
        .unwrap_or(text);
    rest.strip_prefix(&format!("({})", item.letter().unwrap_or_default()))
        .map(str::trim_start)
        .unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use crate::{Config, extract, read_index};

    const DOC: &str = "I. First meeting, Vienna, 30 May to 1 June 2012\n1. States should ratify the Protocol.\n2. States should share information.\nII. Second meeting, Vienna, 11 to 13 November 2013\n1. States should consider:\n(a) Protecting migrants;\n(b) Training officials.\n2. States should cooperate.\n";

    fn check(entries: &str) -> (Vec<(&'static str, String)>, crate::Extraction) {
        let index = format!(
            "Index of recommendations\n\nI. Introduction\n\n1. Entries cite recommendations.\n\n{entries}"
        );
        let mut x = extract(
            "doc.txt",
            DOC.as_bytes(),
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        let index = read_index("index.txt", index.as_bytes(), &Config::default()).unwrap();
        x.cross_check(&index);
        let codes = x
            .diagnostics
            .iter()
            .map(|d| (d.code.name(), d.location.to_string()))
            .collect();
        (codes, x)
    }

    const CLEAN: &str = "II. Ratification\n\nStates should ratify the Protocol. (first meeting, recommendation 1)\n\nA. Sharing\n\nStates should share … (2012, rec. 2)\n\nIII. Protection\n\n(second meeting, recommendation 1 (a))\n\nStates should consider: (b) Training officials. (second meeting, recommendation 1 (b))\n\n(2013, rec. 2)\n";

    #[test]
    fn a_faithful_index_has_no_findings_and_gives_themes() {
        let (codes, x) = check(CLEAN);
        assert!(codes.is_empty(), "{codes:?}");
        let themes: Vec<(String, Vec<String>)> = crate::emit::rows(&x)
            .map(|r| {
                let themes = r.list("themes").iter().map(|t| t.to_string()).collect::<Vec<_>>();
                (r.text("id").unwrap().to_string(), themes)
            })
            .collect();
        assert_eq!(
            themes[0],
            ("doc-m1-r1".to_string(), vec!["Ratification".to_string()])
        );
        assert_eq!(themes[1].1, ["Ratification > Sharing"]);
        // A parent cited through its sub-items carries their themes.
        assert_eq!(themes[2].1, ["Protection"]);
        assert!(themes.iter().all(|(_, t)| !t.is_empty()));
        let summary = x.crosscheck.unwrap();
        assert_eq!(
            (
                summary.grades.exact,
                summary.grades.abbreviated,
                summary.grades.not_compared
            ),
            (2, 1, 2)
        );
        assert_eq!(
            summary
                .counts
                .iter()
                .map(|c| (c.document, c.index))
                .collect::<Vec<_>>(),
            [(2, 2), (2, 2)]
        );
    }

    #[test]
    fn each_planted_fault_gives_its_finding() {
        let left_out = CLEAN.replace("(2013, rec. 2)\n", "");
        let (codes, _) = check(&left_out);
        assert_eq!(
            codes,
            [
                ("count_mismatch", "doc.txt:4".to_string()),
                ("missing_from_index", "doc.txt:8".to_string())
            ]
        );

        let (codes, _) = check(&format!("{CLEAN}\n(first meeting, recommendation 3)\n"));
        assert_eq!(
            codes.iter().map(|c| c.0).collect::<Vec<_>>(),
            ["count_mismatch", "unknown_reference"]
        );

        let (codes, x) = check(&CLEAN.replace(
            "States should ratify the Protocol.",
            "States could ratify the Protocol.",
        ));
        assert_eq!(codes, [("text_different", "index.txt:9".to_string())]);
        assert_eq!(x.diagnostics[0].related[0].to_string(), "doc.txt:2");

        let (codes, x) = check(&CLEAN.replace("(2013, rec. 2)\n", "(2013, rec. 2)\n\n(2013, rec. 2)\n"));
        assert_eq!(codes, [("duplicate_citation", "index.txt:23".to_string())]);
        assert_eq!(x.diagnostics[0].related.len(), 2);

        let (codes, _) = check(&format!("{CLEAN}\n(second meeting, recommendation 1 (c))\n"));
        assert_eq!(
            codes.iter().map(|c| c.0).collect::<Vec<_>>(),
            ["unknown_reference"]
        );

        let (codes, _) = check(&CLEAN.replace(
            "(second meeting, recommendation 1 (a))",
            "(first meeting, recommendation 2)",
        ));
        assert_eq!(codes, [("missing_from_index", "doc.txt:6".to_string())]);
    }

    #[test]
    fn a_year_without_a_meeting_is_unknown() {
        let (codes, _) = check(&format!("{CLEAN}\n(2014, rec. 1)\n"));
        assert_eq!(
            codes.iter().map(|c| c.0).collect::<Vec<_>>(),
            ["unknown_reference"]
        );
    }

    #[test]
    fn a_year_with_two_meetings_is_ambiguous() {
        let doc =
            "I. First meeting, Vienna, 4 May 2012\n1. A.\nII. Second meeting, Vienna, 4 June 2012\n1. B.\n";
        let index = "Index\n\nII. Theme\n\n(2012, rec. 1)\n\n(first meeting, recommendation 1)\n\n(second meeting, recommendation 1)\n";
        let mut x = extract(
            "doc.txt",
            doc.as_bytes(),
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        x.cross_check(&read_index("index.txt", index.as_bytes(), &Config::default()).unwrap());
        let codes: Vec<&str> = x.diagnostics.iter().map(|d| d.code.name()).collect();
        assert_eq!(codes, ["ambiguous_year"]);
    }
}
