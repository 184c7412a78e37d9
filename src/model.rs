//! The record model: one shape for the units of every kind of document.
//!
//! A [`Document`] has a [`Kind`], masthead [`Metadata`], [`Group`]s
//! (meetings, topic headings, sections) and [`Unit`]s in document order.
//! A unit is placed by its label path (meeting 3 → recommendation 12 →
//! sub-item (b)), carries its text and provenance, and has typed
//! [`Attrs`] that a kind may fill. Profiles build documents; checks and
//! writers read them without knowing the kind that made them.

use crate::diagnostic::{Diagnostic, Location};
use crate::read::Source;
use serde::Serialize;
use std::fmt;

/// The kinds of document unrec knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// The recommendations of several meetings, in order, under meeting
    /// headings (the Secretariat's background paper).
    Compilation,
    /// The report of one meeting: the recommendations it adopted in its
    /// first section, then deliberations, organization and adoption.
    MeetingReport,
    /// Recommendations quoted and cited by theme.
    Index,
    /// The report of the Working Group on the Universal Periodic Review of
    /// one State: recommendations made by other States.
    UprReport,
    /// OHCHR's thematic list of a review's recommendations: each with its
    /// position, themes, groups of persons and SDGs.
    UprThematicList,
    /// The State's addendum to its review: which recommendations it
    /// supports and which it notes.
    UprAddendum,
    /// No profile recognised the document.
    Unknown,
}

impl Kind {
    /// The name used in output and by `--kind`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Compilation => "compilation",
            Kind::MeetingReport => "meeting-report",
            Kind::Index => "index",
            Kind::UprReport => "upr-report",
            Kind::UprThematicList => "upr-thematic-list",
            Kind::UprAddendum => "upr-addendum",
            Kind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

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
}

impl Label {
    /// The label's part of a record id: `m5`, `r2`, `k`.
    fn id_part(&self) -> String {
        match self {
            Label::Meeting(n) => format!("m{n}"),
            Label::MeetingYear(y) => format!("y{y}"),
            Label::Para(n) => format!("r{n}"),
            Label::Letter(l) => l.clone(),
            Label::Entry(n) => format!("e{n}"),
            Label::Paragraph(n) | Label::Item(n) => n.to_string(),
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

/// The position a State under review takes on a block of recommendations,
/// as the report states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Position {
    /// They enjoy the State's support (or are already implemented).
    Supported,
    /// The State will examine them and respond later.
    ToExamine,
    /// They did not enjoy the State's support.
    NotSupported,
    /// The State noted them.
    Noted,
}

impl Position {
    pub fn name(self) -> &'static str {
        match self {
            Position::Supported => "supported",
            Position::ToExamine => "to_examine",
            Position::NotSupported => "not_supported",
            Position::Noted => "noted",
        }
    }
}

/// Attributes a kind may fill.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Attrs {
    /// Theme paths (`Section > Subsection`), from an index.
    pub themes: Vec<String>,
    /// What an index entry cites.
    pub citations: Vec<Citation>,
    /// The States that made the recommendation, in order, spelled as in
    /// the document.
    pub recommending_states: Vec<String>,
    /// The State's position on the block the unit stands in.
    pub position: Option<Position>,
    /// Sustainable Development Goals a thematic list relates the unit to.
    pub sdgs: Vec<String>,
    /// Groups of persons a thematic list says the unit concerns.
    pub affected_persons: Vec<String>,
    /// The State's response, from its addendum or a thematic list.
    pub response: Option<Response>,
    /// Where the response is stated: `A/HRC/59/15/Add.1 - Para.3`.
    pub response_source: Option<String>,
    /// The State's explanation of its response, where it gives one.
    pub response_explanation: Option<String>,
}

/// The State's response to a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Response {
    Supported,
    /// Supported, and considered already implemented or in the process of
    /// implementation.
    SupportedImplemented,
    Noted,
}

impl Response {
    pub fn name(self) -> &'static str {
        match self {
            Response::Supported => "supported",
            Response::SupportedImplemented => "supported_implemented",
            Response::Noted => "noted",
        }
    }

    /// Supported or noted, as thematic lists and databases count them.
    pub fn broad(self) -> Response {
        match self {
            Response::SupportedImplemented => Response::Supported,
            other => other,
        }
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
    /// Attributes beyond the text, boxed and only when some are known:
    /// most kinds fill none, and a unit without them stays small.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attrs: Option<Box<Attrs>>,
}

impl Attrs {
    /// The attributes as a unit holds them: none when all are empty.
    pub fn boxed(self) -> Option<Box<Attrs>> {
        (self != NO_ATTRS).then(|| Box::new(self))
    }
}

/// The attributes of a unit that has none.
static NO_ATTRS: Attrs = Attrs {
    themes: Vec::new(),
    citations: Vec::new(),
    recommending_states: Vec::new(),
    position: None,
    sdgs: Vec::new(),
    affected_persons: Vec::new(),
    response: None,
    response_source: None,
    response_explanation: None,
};

impl Unit {
    /// The unit's attributes (all empty when it has none).
    pub fn attrs(&self) -> &Attrs {
        self.attrs.as_deref().unwrap_or(&NO_ATTRS)
    }

    /// The unit's attributes, to fill.
    pub fn attrs_mut(&mut self) -> &mut Attrs {
        self.attrs.get_or_insert_with(Box::default)
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

    /// A sub-item's letter.
    pub fn letter(&self) -> Option<&str> {
        match self.path.last() {
            Some(Label::Letter(l)) => Some(l),
            _ => None,
        }
    }
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
}

impl Document {
    /// The name records carry in their `document` field: the symbol when the
    /// document states one, else the file name.
    pub fn name(&self) -> &str {
        self.metadata.symbol.as_deref().unwrap_or(&self.source.file)
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
        let number = unit.number().map(|n| n.to_string()).unwrap_or_default();
        match (unit.letter(), unit.paragraph()) {
            (Some(letter), _) => format!("sub-item ({letter}) of recommendation {number}{place}"),
            (None, _) if unit.number().is_some() => format!("recommendation {number}{place}"),
            (None, Some(paragraph)) => format!("recommendation {paragraph}"),
            (None, None) => format!("unit {}", unit.id),
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
    /// `Sixth meeting`, `Forty-third session`.
    pub session: Option<String>,
    pub session_venue: Option<String>,
    pub session_start: Option<String>,
    pub session_end: Option<String>,
    /// The agenda item's number, `4`.
    pub agenda_item: Option<String>,
    pub agenda_title: Option<String>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    /// The State whose review a UPR report records.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_under_review: Option<String>,
    /// The totals a UPR addendum states: recommendations received, supported, noted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_totals: Option<StatedTotals>,
}

/// The totals a UPR addendum states in its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatedTotals {
    pub recommendations: Option<usize>,
    pub supported: Option<usize>,
    pub noted: Option<usize>,
}

impl Metadata {
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

/// How a citation names its meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum MeetingRef {
    /// `fifth meeting`.
    Ordinal(u32),
    /// `2018`: the meeting held in that year.
    Year(u16),
}

/// One cited unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Citation {
    pub meeting: MeetingRef,
    pub number: u32,
    pub sub_item: Option<String>,
}

impl std::fmt::Display for Citation {
    /// `meeting 1, recommendation 12 (b)`, `2018, recommendation 2`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.meeting {
            MeetingRef::Ordinal(n) => write!(f, "meeting {n}, recommendation {}", self.number)?,
            MeetingRef::Year(y) => write!(f, "{y}, recommendation {}", self.number)?,
        }
        if let Some(letter) = &self.sub_item {
            write!(f, " ({letter})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A document holds a unit per recommendation, and archives hold
    /// documents of hundreds of thousands: a unit without attributes must
    /// not pay for them (it was 344 bytes with them inline).
    #[test]
    fn a_unit_without_attributes_stays_small() {
        assert!(
            std::mem::size_of::<Unit>() <= 192,
            "{}",
            std::mem::size_of::<Unit>()
        );
        let unit = Unit {
            id: "a".into(),
            path: vec![Label::Para(1)],
            group: None,
            parent: None,
            text: "t".into(),
            start: Location::default(),
            end: Location::default(),
            attrs: Attrs::default().boxed(),
        };
        assert!(unit.attrs.is_none());
        assert!(unit.attrs().themes.is_empty());
        let mut unit = unit;
        unit.attrs_mut().themes.push("T".into());
        assert_eq!(unit.attrs().themes, ["T"]);
    }
}
