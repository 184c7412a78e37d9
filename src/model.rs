//! The record model: one shape for the units of every kind of document.
//!
//! A [`Document`] has a [`Kind`], masthead [`Metadata`], [`Group`]s
//! (meetings, topic headings, sections) and [`Unit`]s in document order.
//! A unit is placed by its label path (meeting 3 → recommendation 12 →
//! sub-item (b)), carries its text, themes and provenance, and one typed
//! [`Extension`] that its kind's family fills (an index entry's citations;
//! a UPR recommendation's States, position and response). A family's
//! document-wide facts are a [`DocumentExtension`] of the metadata.
//!
//! Every output is a table of [`columns`]: the common columns, then each
//! family's own, each declared once with its name, type and how to read it
//! from a unit. CSV, JSON, JSONL and SQLite (and its schema) derive from
//! that table, so every format carries the same fields. Profiles build
//! documents; checks and writers read them without knowing the kind that
//! made them.

pub mod citations;
pub mod columns;
pub mod observation;
pub mod review;

use crate::diagnostic::{Diagnostic, Location};
use crate::read::Source;
use serde::Serialize;

pub use crate::segment::Kind;
pub use citations::{Citation, IndexEntry, MeetingRef};
pub use observation::{Observation, ObservationsDocument};
pub use review::{Position, Response, Review, ReviewDocument, StatedTotals};

/// One step of a unit's label path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
#[non_exhaustive]
pub enum Label {
    /// A meeting by its ordinal: 5 for the fifth meeting.
    Meeting(u32),
    /// A meeting known only by the year it was held in.
    MeetingYear(u16),
    /// A numbered paragraph or recommendation.
    Para(u32),
    /// A lettered sub-item: `k`.
    Letter(String),
    /// An index entry, by its place in the index.
    Entry(u32),
    /// A numbered paragraph of a report: `131` of `131.16`.
    Paragraph(u32),
    /// A numbered item under a paragraph: `16` of `131.16`.
    Item(u32),
    /// A roman-numbered sub-sub-item: `ii` of `62(a)(ii)`.
    Roman(String),
    /// A bullet of a section of bullets, counted through the section: `•3`.
    Bullet(u32),
}

impl Label {
    /// The label's part of a record id: `m5`, `r2`, `k`.
    fn id_part(&self) -> String {
        match self {
            Label::Meeting(n) => format!("m{n}"),
            Label::MeetingYear(y) => format!("y{y}"),
            Label::Para(n) => format!("r{n}"),
            Label::Letter(l) | Label::Roman(l) => l.clone(),
            Label::Entry(n) => format!("e{n}"),
            Label::Paragraph(n) | Label::Item(n) => n.to_string(),
            Label::Bullet(n) => format!("b{n}"),
        }
    }
}

/// A label path's report paragraph, `131.16` (empty when it has none).
pub fn paragraph_label(path: &[Label]) -> String {
    path.iter()
        .filter_map(|l| match l {
            Label::Paragraph(n) | Label::Item(n) => Some(n.to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The label path as the document prints it: `12`, `12(b)`, `131.10`,
/// `62(a)(ii)`. Meetings and index entries print no label of their own
/// and are left out; `None` when nothing is left.
pub fn printed_label(path: &[Label]) -> Option<String> {
    let mut out = String::new();
    for label in path {
        match label {
            Label::Para(n) | Label::Paragraph(n) => out.push_str(&n.to_string()),
            Label::Item(n) => {
                // An addendum may name an item without its paragraph.
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&n.to_string());
            }
            Label::Letter(l) | Label::Roman(l) => {
                out.push('(');
                out.push_str(l);
                out.push(')');
            }
            Label::Bullet(n) => {
                out.push('•');
                out.push_str(&n.to_string());
            }
            Label::Meeting(_) | Label::MeetingYear(_) | Label::Entry(_) => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A record id: the series prefix and the label path,
/// `ctoc-cop-wg7-m5-r2-k`.
pub fn unit_id(prefix: &str, path: &[Label]) -> String {
    let mut id = prefix.to_string();
    for label in path {
        id.push('-');
        id.push_str(&label.id_part());
    }
    id
}

/// What a group is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupKind {
    /// A meeting and what it adopted.
    Meeting,
    /// A topic heading over some of a meeting's units: `A. Criminalization`.
    Topic,
    /// A section of an index naming a theme.
    Theme,
    /// A block of a report's recommendations under one lead-in paragraph
    /// (those the State supports, those it will examine, …).
    Block,
    /// A part of a document that holds units: a report's recommendations
    /// section (`V. Recommendations`), a concluding observation's
    /// `Concerns and recommendations`.
    Section,
}

/// A meeting, topic heading or section that units fall under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub kind: GroupKind,
    /// The enclosing group, by index into [`Document::groups`].
    pub parent: Option<usize>,
    /// A meeting's ordinal: 5 for the fifth meeting, when known.
    pub ordinal: Option<u32>,
    /// The heading's own number or letter, `V` or `A`, when it has one.
    pub numeral: Option<String>,
    /// The heading without its number: `Fifth meeting, Vienna, 4 and 5 July 2018`.
    pub title: String,
    pub city: Option<String>,
    /// ISO 8601.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// The year the meeting was held, from its dates or a year alone.
    pub year: Option<u16>,
    pub location: Location,
}

impl Group {
    /// A group with a title and nothing else known yet.
    pub fn new(kind: GroupKind, title: impl Into<String>, location: Location) -> Self {
        Group {
            kind,
            parent: None,
            ordinal: None,
            numeral: None,
            title: title.into(),
            city: None,
            start_date: None,
            end_date: None,
            year: None,
            location,
        }
    }

    /// The label a meeting gives its units: its ordinal, else its year.
    pub fn meeting_label(&self) -> Option<Label> {
        match (self.ordinal, self.year) {
            (Some(n), _) => Some(Label::Meeting(n)),
            (None, Some(y)) => Some(Label::MeetingYear(y)),
            (None, None) => None,
        }
    }
}

/// What a kind family adds to a unit: one typed extension, its columns
/// declared once in its module.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Extension {
    /// Nothing beyond the common fields (WG.7 compilations and reports).
    #[default]
    None,
    /// An index entry: what it cites.
    Index(Box<IndexEntry>),
    /// A recommendation of a Universal Periodic Review.
    Review(Box<Review>),
    /// A paragraph of a treaty body's concluding observations.
    Observation(Box<Observation>),
}

impl Extension {
    /// Whether the unit has nothing beyond the common fields.
    pub fn is_none(&self) -> bool {
        matches!(self, Extension::None)
    }
}

/// What a kind family adds to a document's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DocumentExtension {
    #[default]
    None,
    /// The review a UPR document belongs to.
    Review(ReviewDocument),
    /// A treaty body's concluding observations on a State party's report.
    Observations(ObservationsDocument),
}

impl DocumentExtension {
    /// Whether the document has nothing beyond the common metadata.
    pub fn is_none(&self) -> bool {
        matches!(self, DocumentExtension::None)
    }
}

/// One record: a recommendation, a sub-item, an index entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// Stable record id, unique within the document.
    pub id: String,
    pub path: Vec<Label>,
    /// The innermost group the unit falls under.
    pub group: Option<usize>,
    /// The unit this one is part of (a sub-item's recommendation), by
    /// index into [`Document::units`].
    pub parent: Option<usize>,
    /// The text, whitespace collapsed; a recommendation with sub-items
    /// carries its lead-in.
    pub text: String,
    pub start: Location,
    pub end: Location,
    /// Theme paths (`Section > Subsection`), from an index or a thematic list.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// What the unit's kind family adds, boxed: a unit without it stays small.
    #[serde(skip_serializing_if = "Extension::is_none")]
    pub extension: Extension,
}

impl Unit {
    /// A unit with its place, text and provenance, and nothing else yet.
    pub fn new(id: String, path: Vec<Label>, text: String, start: Location, end: Location) -> Unit {
        Unit {
            id,
            path,
            group: None,
            parent: None,
            text,
            start,
            end,
            themes: Vec::new(),
            extension: Extension::None,
        }
    }

    /// A UPR recommendation's fields, when the unit is one.
    pub fn review(&self) -> Option<&Review> {
        match &self.extension {
            Extension::Review(review) => Some(review),
            _ => None,
        }
    }

    /// A UPR recommendation's fields, to fill: a unit with no extension
    /// gets an empty one; a unit of another family gives `None`.
    pub fn review_mut(&mut self) -> Option<&mut Review> {
        if self.extension.is_none() {
            self.extension = Extension::Review(Box::default());
        }
        match &mut self.extension {
            Extension::Review(review) => Some(review),
            _ => None,
        }
    }

    /// A paragraph of concluding observations' fields, when the unit is one.
    pub fn observation(&self) -> Option<&Observation> {
        match &self.extension {
            Extension::Observation(observation) => Some(observation),
            _ => None,
        }
    }

    /// What an index entry cites (nothing for other units).
    pub fn citations(&self) -> &[Citation] {
        match &self.extension {
            Extension::Index(entry) => &entry.citations,
            _ => &[],
        }
    }

    /// The label as the document prints it: `12(b)`, `131.10`.
    pub fn label(&self) -> Option<String> {
        printed_label(&self.path)
    }

    /// A report's paragraph label, `131.16` (or `131` for a paragraph
    /// alone), when the unit has one.
    pub fn paragraph(&self) -> Option<String> {
        let label = paragraph_label(&self.path);
        (!label.is_empty()).then_some(label)
    }

    /// The paragraph or recommendation number of the unit (a sub-item
    /// carries its parent's).
    pub fn number(&self) -> Option<u32> {
        self.path.iter().rev().find_map(|l| match l {
            Label::Para(n) => Some(*n),
            _ => None,
        })
    }

    /// The label's numeric levels in order: `[131, 10]` for `131.10`,
    /// `[12]` for `12(b)`.
    pub fn numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.path.iter().filter_map(|l| match l {
            Label::Para(n) | Label::Paragraph(n) | Label::Item(n) | Label::Bullet(n) => Some(*n),
            _ => None,
        })
    }

    /// A sub-sub-item's roman numeral: `ii`.
    pub fn roman(&self) -> Option<&str> {
        match self.path.last() {
            Some(Label::Roman(r)) => Some(r),
            _ => None,
        }
    }

    /// A sub-item's letter (a sub-sub-item carries its parent's).
    pub fn letter(&self) -> Option<&str> {
        self.path.iter().rev().find_map(|l| match l {
            Label::Letter(l) => Some(l.as_str()),
            _ => None,
        })
    }
}

/// The report's symbol in a symbol or a source of position: its first
/// word, less an `/Add.…`, `/Corr.…` or `/Rev.…` after it
/// (`A/HRC/28/15/Add.1 - Para.3` → `A/HRC/28/15`); `None` for a word that
/// is no symbol.
pub fn report_symbol(text: &str) -> Option<String> {
    let mut symbol = text.split_whitespace().next()?;
    // `…/Add.1/Corr.1`: two parts at most to take off.
    for _ in 0..2 {
        if let Some((before, last)) = symbol.rsplit_once('/') {
            let last = last.to_ascii_lowercase();
            if ["add.", "corr.", "rev."].iter().any(|p| last.starts_with(p)) {
                symbol = before;
            }
        }
    }
    symbol.contains('/').then(|| symbol.to_string())
}

/// A symbol as two are compared: letter case and spaces aside
/// (`a/hrc/28/15` is `A/HRC/28/15`).
pub fn folded_symbol(symbol: &str) -> String {
    symbol
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The output of the segment stage: one document of a known kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub source: Source,
    pub kind: Kind,
    pub metadata: Metadata,
    pub groups: Vec<Group>,
    pub units: Vec<Unit>,
    /// Findings of the read, clean and segment stages.
    pub diagnostics: Vec<Diagnostic>,
    /// For a document of no known kind: the kinds whose structure it
    /// partly has, and what of it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub guesses: Vec<Guess>,
    /// Whether the document holds more units than the `units` limit: those
    /// past it were neither read nor kept (a `limit_exceeded` error names
    /// the first).
    #[serde(skip)]
    pub truncated: bool,
}

/// A kind a document of no known kind came near: what of the kind's
/// structure it has, and why that was not enough.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Guess {
    pub kind: Kind,
    pub clue: String,
}

impl Document {
    /// The name records carry in their `document` field: the symbol when the
    /// document states one, else the file name.
    pub fn name(&self) -> &str {
        self.metadata.symbol.as_deref().unwrap_or(&self.source.file)
    }

    /// The symbol of the UPR report a document belongs to (`A/HRC/28/15`):
    /// a UPR report's own, an addendum's less `/Add.…`, and for a thematic
    /// list the report its entries' sources of position name, else its own
    /// symbol's. `None` for other kinds.
    pub fn review_symbol(&self) -> Option<String> {
        let own = || self.metadata.symbol.as_deref().and_then(report_symbol);
        match self.kind {
            Kind::UprReport | Kind::UprAddendum => own(),
            Kind::UprThematicList => self
                .units
                .iter()
                .find_map(|u| u.review().and_then(|r| r.response_source.as_deref()))
                .and_then(report_symbol)
                .or_else(own),
            _ => None,
        }
    }

    /// Number of units.
    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// The index of the meeting a group falls in (itself, when it is one).
    pub fn meeting_index(&self, group: Option<usize>) -> Option<usize> {
        let mut at = group?;
        // Groups nest a few levels; the bound stops a malformed chain.
        for _ in 0..16 {
            let g = self.groups.get(at)?;
            if g.kind == GroupKind::Meeting {
                return Some(at);
            }
            at = g.parent?;
        }
        None
    }

    /// The meeting a group falls in (itself, when it is one).
    pub fn meeting_of_group(&self, group: Option<usize>) -> Option<&Group> {
        self.groups.get(self.meeting_index(group)?)
    }

    /// The meeting a unit falls in.
    pub fn meeting(&self, unit: &Unit) -> Option<&Group> {
        self.meeting_of_group(unit.group)
    }

    /// The block (lead-in paragraph) a unit falls in.
    pub fn block_of(&self, unit: &Unit) -> Option<&Group> {
        let mut at = unit.group;
        for _ in 0..16 {
            let g = self.groups.get(at?)?;
            if g.kind == GroupKind::Block {
                return Some(g);
            }
            at = g.parent;
        }
        None
    }

    /// The section a unit stands in: the nearest section among its group
    /// and the groups above it, by index into [`Document::groups`].
    pub fn section_index(&self, unit: &Unit) -> Option<usize> {
        let mut at = unit.group?;
        // Groups nest a few levels; the bound stops a malformed chain.
        for _ in 0..16 {
            let g = self.groups.get(at)?;
            if g.kind == GroupKind::Section {
                return Some(at);
            }
            at = g.parent?;
        }
        None
    }

    /// The section a unit stands in.
    pub fn section(&self, unit: &Unit) -> Option<&Group> {
        self.groups.get(self.section_index(unit)?)
    }

    /// The topic heading a unit falls under, when it is not its meeting.
    pub fn topic(&self, unit: &Unit) -> Option<&Group> {
        self.groups
            .get(unit.group?)
            .filter(|g| g.kind == GroupKind::Topic)
    }

    /// The meetings, in document order, with their indices.
    pub fn meetings(&self) -> impl Iterator<Item = (usize, &Group)> {
        self.groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.kind == GroupKind::Meeting)
    }

    /// The top-level units of a meeting (recommendations, not their sub-items).
    pub fn top_units_of(&self, meeting: usize) -> impl Iterator<Item = (usize, &Unit)> {
        self.units
            .iter()
            .enumerate()
            .filter(move |(_, u)| u.parent.is_none() && self.meeting_index(u.group) == Some(meeting))
    }

    /// How messages name a unit: `recommendation 12 of the First meeting,
    /// Vienna, 30 May to 1 June 2012`, `sub-item (b) of recommendation 3 …`.
    pub fn describe(&self, unit: &Unit) -> String {
        let place = match self.meeting(unit) {
            Some(meeting) => format!(" of the {}", meeting.title),
            None => String::new(),
        };
        if let Some(number) = unit.number() {
            return match unit.letter() {
                Some(letter) => format!("sub-item ({letter}) of recommendation {number}{place}"),
                None => format!("recommendation {number}{place}"),
            };
        }
        // A report's paragraph, `131.16` or `36(b)`.
        match (unit.paragraph(), unit.label()) {
            (Some(_), Some(label)) if unit.path.iter().any(|l| matches!(l, Label::Item(_))) => {
                format!("recommendation {label}")
            }
            (Some(_), Some(label)) => format!("paragraph {label}"),
            (None, Some(label)) => format!("item {label}"),
            _ => format!("unit {}", unit.id),
        }
    }

    /// The units directly under a unit, in order.
    pub fn children(&self, parent: usize) -> impl Iterator<Item = (usize, &Unit)> {
        // A unit's children follow it directly.
        self.units
            .iter()
            .enumerate()
            .skip(parent.saturating_add(1))
            .take_while(move |(_, u)| u.parent == Some(parent))
    }

    /// Give a meeting its ordinal (learned from another document of its
    /// session): the meeting and the ids and paths of its units follow.
    pub fn assign_ordinal(&mut self, meeting: usize, ordinal: u32) {
        let Some(group) = self.groups.get_mut(meeting) else {
            return;
        };
        let old = group.meeting_label();
        group.ordinal = Some(ordinal);
        let new = Label::Meeting(ordinal);
        let prefix = self.metadata.id_prefix(&self.source.file);
        for unit in &mut self.units {
            if let (Some(first), Some(old)) = (unit.path.first_mut(), &old)
                && first == old
            {
                *first = new.clone();
                unit.id = unit_id(&prefix, &unit.path);
            }
        }
    }
}

/// What the masthead says. Every field is optional: documents differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Metadata {
    /// The document's own symbol, `CTOC/COP/WG.7/2019/4`.
    pub symbol: Option<String>,
    /// The symbol series of the body, `CTOC/COP/WG.7`: from the symbol, or
    /// from the symbols of the same session the document cites.
    pub series: Option<String>,
    /// The body above the issuing body, as the masthead names it.
    pub parent_body: Option<String>,
    /// The issuing body, `Working Group on the Smuggling of Migrants`.
    pub body: Option<String>,
    /// `General`, `Limited` or `Restricted`.
    pub distribution: Option<String>,
    /// Date of distribution, ISO 8601.
    pub date: Option<String>,
    pub original_language: Option<String>,
    /// The session as printed: `Forty-third session`, `Sixth meeting`.
    pub session: Option<String>,
    /// The session's number: 43 of `Forty-third session` (none for a
    /// meeting, or words without a number).
    pub session_number: Option<u32>,
    pub session_venue: Option<String>,
    pub session_start: Option<String>,
    pub session_end: Option<String>,
    /// The agenda item's number, `4`.
    pub agenda_item: Option<String>,
    pub agenda_title: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// What the kind's family knows of the whole document (a UPR
    /// document's State under review), flattened into the metadata.
    #[serde(flatten)]
    pub extension: DocumentExtension,
}

impl Metadata {
    /// The review a UPR document belongs to, when it is one.
    pub fn review(&self) -> Option<&ReviewDocument> {
        match &self.extension {
            DocumentExtension::Review(review) => Some(review),
            _ => None,
        }
    }

    /// What concluding observations say of themselves, when they are some.
    pub fn observations(&self) -> Option<&ObservationsDocument> {
        match &self.extension {
            DocumentExtension::Observations(observations) => Some(observations),
            _ => None,
        }
    }

    /// The prefix of record ids: the symbol series made URL-safe
    /// (`CTOC/COP/WG.7` → `ctoc-cop-wg7`), else the body's name, else the
    /// file name.
    pub fn id_prefix(&self, file: &str) -> String {
        let base = match (&self.series, &self.body) {
            (Some(series), _) => series.clone(),
            (None, Some(body)) => body.clone(),
            (None, None) => file
                .rsplit_once('.')
                .map(|(stem, _)| stem)
                .unwrap_or(file)
                .to_string(),
        };
        slug(&base)
    }
}

/// Lowercase ASCII letters and digits, runs of anything else as one `-`;
/// dots vanish so that `WG.7` reads `wg7`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| *c != '.') {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "doc".to_string() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document holds a unit per recommendation, and archives hold
    /// documents of hundreds of thousands: a unit's family fields are boxed
    /// (it was 344 bytes with them inline).
    #[test]
    fn a_unit_stays_small() {
        let size = std::mem::size_of::<Unit>();
        assert!(size <= 216, "{size}");
        let mut unit = Unit::new(
            "a".into(),
            vec![Label::Para(1)],
            "t".into(),
            Location::default(),
            Location::default(),
        );
        assert!(unit.review().is_none());
        unit.review_mut().unwrap().sdgs.push("16".into());
        assert_eq!(unit.review().unwrap().sdgs, ["16"]);
        unit.extension = Extension::Index(Box::default());
        assert!(
            unit.review_mut().is_none(),
            "an index entry is no UPR recommendation"
        );
    }

    #[test]
    fn labels_print_as_the_document_prints_them() {
        let print = |path: &[Label]| printed_label(path);
        assert_eq!(print(&[Label::Meeting(5), Label::Para(12)]), Some("12".into()));
        assert_eq!(
            print(&[Label::Meeting(5), Label::Para(12), Label::Letter("b".into())]),
            Some("12(b)".into())
        );
        assert_eq!(
            print(&[Label::Paragraph(131), Label::Item(10)]),
            Some("131.10".into())
        );
        assert_eq!(
            print(&[
                Label::Para(62),
                Label::Letter("a".into()),
                Label::Roman("ii".into())
            ]),
            Some("62(a)(ii)".into())
        );
        assert_eq!(print(&[Label::Entry(3)]), None);
        assert_eq!(print(&[Label::Item(135)]), Some("135".into()));
    }
}
