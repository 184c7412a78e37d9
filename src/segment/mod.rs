//! Segmentation: [`Blocks`] to a [`Document`] of the record model.
//!
//! Each kind of document has a [`Profile`] in a file of its own: how to
//! tell the kind from its title and structure (a score), how to build its
//! groups and units, and which checks apply. [`segment`] scores every
//! registered profile (or takes the kind it is told) and runs the best.
//! The masthead (symbol, body, distribution, date, session, agenda item,
//! title) is read the same way for every kind.
//!
//! Adding a kind: a new file implementing [`Profile`], and one line in the
//! registry ([`kinds!`] below), which makes its [`Kind`], its module and its
//! place among the [`PROFILES`]; `--kind`, the README's table of kinds and
//! the `unknown_kind` message all read the registry.

pub mod citation;
pub mod dates;
pub mod metadata;
pub mod numbered;
pub mod paragraphs;
pub mod states;

use crate::clean::{Block, Blocks, Evidence};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::limits::{Limit, Limits};
use crate::model::{Document, Group, Guess, Unit};

/// The registry: for each kind its [`Kind`] variant (with its doc), its
/// name in output and on the command line, and its profile's module and
/// type. It declares the modules, the [`Kind`] enum (and `Kind::Unknown`)
/// and [`PROFILES`], in this order, which breaks ties between equal scores.
macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal => $module:ident :: $profile:ident,)*) => {
        $(pub mod $module;)*

        /// The kinds of document unrec knows, in the registry's order.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
        )]
        #[non_exhaustive]
        pub enum Kind {
            $($(#[$doc])* #[serde(rename = $name)] $variant,)*
            /// No profile recognised the document.
            #[serde(rename = "unknown")]
            Unknown,
        }

        impl Kind {
            /// Every kind a profile reads, in the registry's order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            /// The name used in output and by `--kind`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                    Kind::Unknown => "unknown",
                }
            }
        }

        /// Every kind's profile, in the registry's order.
        pub static PROFILES: &[(Kind, &dyn Profile)] = &[$((Kind::$variant, &$module::$profile)),*];
    };
}

kinds! {
    /// The report of the Working Group on the Universal Periodic Review of
    /// one State: recommendations made by other States.
    UprReport = "upr-report" => upr_report::UprReport,
    /// OHCHR's thematic list of a review's recommendations: each with its
    /// position, themes, groups of persons and SDGs.
    UprThematicList = "upr-thematic-list" => upr_thematic_list::UprThematicList,
    /// The State's addendum to its review: which recommendations it
    /// supports and which it notes.
    UprAddendum = "upr-addendum" => upr_addendum::UprAddendum,
    /// The report of one meeting: the recommendations it adopted in its
    /// first section, then deliberations, organization and adoption.
    MeetingReport = "meeting-report" => meeting_report::MeetingReport,
    /// The recommendations of several meetings, in order, under meeting
    /// headings (the Secretariat's background paper).
    Compilation = "compilation" => compilation::Compilation,
    /// Recommendations quoted and cited by theme.
    Index = "index" => index::IndexProfile,
    /// A treaty body's concluding observations on a State party's report:
    /// concerns, recommendations and the paragraphs named for follow-up.
    ConcludingObservations = "concluding-observations" => concluding_observations::ConcludingObservations,
    /// Any report with recommendations sections: numbered paragraphs,
    /// lettered sub-items or bullets under a heading that names them.
    Report = "report" => report::Report,
}

impl Kind {
    /// The kind a name (`upr-report`) stands for.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// What a document of the kind holds, from its profile.
    pub fn expects(self) -> &'static str {
        profile(self).map_or("nothing unrec reads", |p| p.expects())
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How strongly a document looks like a kind: one scale for every profile.
///
/// | score | what the profile found |
/// |---|---|
/// | [`Score::NONE`] | nothing of the kind: the profile is not run |
/// | [`Score::shape`]`(1..=99)` | the kind's structure alone (numbered units under the kind's headings, citations running through the text), graded by how much of it |
/// | [`Score::NAMED`] | the document names its kind: a title, a symbol or a table header that only the kind has |
///
/// A document that names its kind outscores structure alone; two profiles
/// with equal scores are ordered by the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    /// Nothing of the kind.
    pub const NONE: Score = Score(0);
    /// The document names its kind.
    pub const NAMED: Score = Score(100);

    /// The kind's structure alone, graded 1 to 99 (clamped).
    pub const fn shape(points: u32) -> Score {
        Score(if points == 0 {
            1
        } else if points > 99 {
            99
        } else {
            points as u8
        })
    }

    /// Whether the profile found anything of its kind.
    pub fn found(self) -> bool {
        self > Score::NONE
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Score::NONE => f.write_str("none"),
            Score::NAMED => f.write_str("named"),
            Score(points) => write!(f, "shape {points}"),
        }
    }
}

pub use metadata::Metadata;

/// A check a profile may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Check {
    /// Meetings run first, second, third …, with dates moving forward.
    MeetingSequence,
    /// Numbered units run 1, 2, 3 … in each meeting; sub-items (a), (b) ….
    Numbering,
    /// A report's items run 1, 2, 3 … under each paragraph (`131.1`, `131.2`).
    ItemNumbering,
    /// The numbered paragraphs of each section run on by one from wherever
    /// it starts; sub-items (a), (b) …, their own (i), (ii) ….
    SectionNumbering,
    /// Every unit has text that ends as a sentence or list item does.
    Text,
    /// Every unit has text (for kinds whose texts lose their closing mark).
    NonEmpty,
}

/// The blocks of a document with the evidence the clean stage gathered:
/// what every profile reads.
pub struct Outline<'b> {
    pub blocks: &'b Blocks,
    /// Whether the running text says `recommend…` anywhere, found once.
    recommends: std::cell::OnceCell<bool>,
    /// The `units` limit: a profile stops reading units once it holds one
    /// more than this (the one that says there were more).
    max_units: usize,
}

impl<'b> Outline<'b> {
    pub fn new(blocks: &'b Blocks) -> Self {
        Outline {
            blocks,
            recommends: std::cell::OnceCell::new(),
            max_units: usize::MAX - 1,
        }
    }

    /// The outline with the `units` limit that stops segmentation.
    pub fn with_units_limit(self, max_units: usize) -> Self {
        Outline {
            max_units: max_units.min(usize::MAX - 1),
            ..self
        }
    }

    /// Whether a profile holding `units` units has read past the `units`
    /// limit and reads no more: units past it are never built.
    pub fn units_full(&self, units: usize) -> bool {
        units > self.max_units
    }

    /// Whether the document says `recommend`, `recommendation(s)` anywhere
    /// (in any letter case): a document that never does holds none, and no
    /// profile reads its numbered paragraphs as such.
    pub fn mentions_recommendations(&self) -> bool {
        *self.recommends.get_or_init(|| {
            self.blocks.blocks.iter().any(|b| {
                let text = b.text.as_bytes();
                memchr::memmem::find_iter(text, b"ecommend")
                    .any(|at| at > 0 && text.get(at - 1).is_some_and(|c| c.eq_ignore_ascii_case(&b'r')))
                    || memchr::memmem::find(text, b"RECOMMEND").is_some()
            })
        })
    }

    /// The running text's blocks, in order.
    pub fn blocks(&self) -> &'b [Block] {
        &self.blocks.blocks
    }

    /// Document-wide evidence for joining text.
    pub fn evidence(&self) -> &'b Evidence {
        &self.blocks.evidence
    }

    /// The file the blocks come from.
    pub fn file(&self) -> &'b str {
        &self.blocks.source.file
    }

    /// Where the document starts.
    pub fn first_location(&self) -> Location {
        self.blocks
            .blocks
            .first()
            .map(|b| b.start.clone())
            .unwrap_or_else(|| Location::new(self.file(), None, 1))
    }
}

/// What a profile makes of a document.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub metadata: Metadata,
    pub groups: Vec<Group>,
    pub units: Vec<Unit>,
}

/// One kind of document: how to recognise it and how to read its units.
pub trait Profile: Sync {
    /// How strongly the document looks like this kind, on the one scale of
    /// [`Score`].
    fn detect(&self, outline: &Outline) -> Score;

    /// Build the document's groups and units; findings go to `diagnostics`.
    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body;

    /// The checks that apply to documents of this kind.
    fn checks(&self) -> &'static [Check];

    /// What a document of this kind holds, for messages: `meeting headings
    /// with numbered recommendations`.
    fn expects(&self) -> &'static str;

    /// What of this kind's structure a document has that was not enough to
    /// take it for the kind (a heading naming recommendations with nothing
    /// numbered under it): said when no kind is found.
    fn clue(&self, _outline: &Outline) -> Option<String> {
        None
    }
}

/// The message for a document of no known kind: the clues found, else what
/// each kind holds.
fn unknown_message(guesses: &[Guess]) -> String {
    if guesses.is_empty() {
        let kinds: Vec<String> = PROFILES
            .iter()
            .map(|(k, p)| format!("{k}: {}", p.expects()))
            .collect();
        return format!(
            "no profile recognised the document (looked for: {}); nothing extracted: `--kind` names one",
            kinds.join("; ")
        );
    }
    let clues: Vec<String> = guesses
        .iter()
        .map(|g| format!("{}: {}", g.kind, g.clue))
        .collect();
    format!(
        "no profile recognised the document; nearest: {}; nothing extracted: `--kind` names one",
        clues.join("; ")
    )
}

/// The clues each profile found in a document of no known kind, in the
/// registry's order.
pub fn guesses(outline: &Outline) -> Vec<Guess> {
    PROFILES
        .iter()
        .filter_map(|(kind, profile)| profile.clue(outline).map(|clue| Guess { kind: *kind, clue }))
        .collect()
}

/// The profile of a kind.
pub fn profile(kind: Kind) -> Option<&'static dyn Profile> {
    PROFILES.iter().find(|(k, _)| *k == kind).map(|(_, p)| *p)
}

/// The kind whose profile scores highest on a document, with its score;
/// the registry's order breaks ties.
pub fn detect(outline: &Outline) -> Option<(Kind, Score)> {
    let mut best: Option<(Kind, Score)> = None;
    for (kind, profile) in PROFILES {
        let score = profile.detect(outline);
        if score.found() && best.is_none_or(|(_, s)| score > s) {
            best = Some((*kind, score));
        }
    }
    best
}

/// Keep at most the `units` limit of units; past it the profile stopped
/// reading (it holds one more, which says there were more), and the rest
/// are dropped with an error naming the first dropped. How many more the
/// document holds is not counted: that would mean reading them. Returns
/// whether units were dropped.
fn cap_units(body: &mut Body, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let max = limits.count(Limit::Units);
    let Some(first) = body.units.get(max) else {
        return false;
    };
    // Notes on what is dropped (a paragraph joined to a dropped unit) are
    // counted in the error, not said one by one.
    let cut = (first.start.page.unwrap_or(0), first.start.line);
    let before = diagnostics.len();
    diagnostics.retain(|d| {
        d.code.severity() != crate::diagnostic::Severity::Note
            || (d.location.page.unwrap_or(0), d.location.line) < cut
    });
    let notes = before - diagnostics.len();
    let with_notes = match notes {
        0 => String::new(),
        1 => ", with the note on them".to_string(),
        n => format!(", with the {n} notes on them"),
    };
    diagnostics.push(Diagnostic::new(
        Code::LimitExceeded,
        first.start.clone(),
        format!(
            "the document holds more than {max} units, over the limit units={} (`--limit units=N` raises it); reading stopped there and the units from `{}` on are dropped{with_notes}",
            limits.units, first.id
        ),
    ));
    body.units.truncate(max);
    true
}

/// Run the segment stage: the kind given, or the one detected.
pub fn segment(blocks: &Blocks, kind: Option<Kind>, limits: &Limits) -> Document {
    let outline = Outline::new(blocks).with_units_limit(limits.count(Limit::Units));
    let mut diagnostics = blocks.diagnostics.clone();
    let chosen = match kind {
        Some(kind) => Some(kind),
        None => detect(&outline).map(|(k, _)| k),
    };
    let Some((kind, profile)) = chosen.and_then(|k| Some((k, profile(k)?))) else {
        let guesses = guesses(&outline);
        diagnostics.push(Diagnostic::new(
            Code::UnknownKind,
            outline.first_location(),
            unknown_message(&guesses),
        ));
        return Document {
            source: blocks.source.clone(),
            kind: Kind::Unknown,
            metadata: metadata::read_masthead(
                blocks.blocks.get(..front_guess(blocks)).unwrap_or_default(),
                &blocks.furniture,
            ),
            groups: Vec::new(),
            units: Vec::new(),
            diagnostics,
            guesses,
            truncated: false,
        };
    };
    let mut body = profile.segment(&outline, &mut diagnostics);
    let truncated = cap_units(&mut body, limits, &mut diagnostics);
    unique_ids(&mut body.units, &mut diagnostics);
    if body.units.is_empty() {
        diagnostics.push(Diagnostic::new(
            Code::NoUnits,
            outline.first_location(),
            format!(
                "read as a {} but found no unit in it (expected {}); nothing extracted",
                kind,
                profile.expects()
            ),
        ));
    }
    Document {
        source: blocks.source.clone(),
        kind,
        metadata: body.metadata,
        groups: body.groups,
        units: body.units,
        diagnostics,
        guesses: Vec::new(),
        truncated,
    }
}

/// Make every unit's id unique in its document: a number the document
/// repeats (`19, 19, 21`) gives its second unit `…-r19-2` (the numbering
/// check says why), so that (document, id) is a key.
fn unique_ids(units: &mut [Unit], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
    for i in 0..units.len() {
        let Some(unit) = units.get(i) else { continue };
        let count = seen.entry(unit.id.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            continue;
        }
        let (old, n) = (unit.id.clone(), *count);
        let new = format!("{old}-{n}");
        diagnostics.push(Diagnostic::new(
            Code::IdRepeated,
            unit.start.clone(),
            format!("the id `{old}` stands for an earlier unit too: this one is `{new}`"),
        ));
        // The unit's own sub-items follow it and take the new id as stem.
        for (j, later) in units.iter_mut().enumerate().skip(i) {
            if j == i {
                later.id = new.clone();
            } else if later.parent == Some(i) {
                later.id = later.id.replacen(&old, &new, 1);
            } else {
                break;
            }
        }
        seen.insert(new, 1);
    }
}

/// Where the masthead of a document of no known kind probably ends: at its
/// first roman-numbered section, or after a dozen blocks.
fn front_guess(blocks: &Blocks) -> usize {
    blocks
        .blocks
        .iter()
        .position(|b| compilation::is_section_heading(&b.text))
        .unwrap_or(blocks.blocks.len().min(12))
}

/// Whether a table-of-contents line's dot leaders or ellipses stand in
/// `text`: four dots in a row, each perhaps followed by a space (`. . . .`),
/// or two ellipses (`……`).
pub(crate) fn has_leaders(text: &str) -> bool {
    if text.contains("……") {
        return true;
    }
    text.char_indices().any(|(at, c)| {
        if c != '.' {
            return false;
        }
        let mut rest = text.get(at..).unwrap_or_default();
        let mut dots = 0;
        while let Some(after) = rest.strip_prefix('.') {
            dots += 1;
            let mut chars = after.chars();
            rest = match chars.next() {
                Some(space) if space.is_whitespace() => chars.as_str(),
                _ => after,
            };
        }
        dots >= 4
    })
}

/// A heading opening with a roman numeral: `IV. Annex` gives (`IV`,
/// `Annex`): one to seven of `IVXLC`, a dot, a space, then a title.
pub(crate) fn roman_heading(text: &str) -> Option<(&str, &str)> {
    let numeral_len = text.bytes().take_while(|b| b"IVXLC".contains(b)).count();
    if !(1..=7).contains(&numeral_len) {
        return None;
    }
    let after = text.get(numeral_len..)?.strip_prefix('.')?;
    let title = after.trim_start_matches(char::is_whitespace);
    let opens = title.len() < after.len() && !title.is_empty();
    opens.then(|| Some((text.get(..numeral_len)?, title))).flatten()
}

/// The value of a lower-case roman numeral up to 39 (`xxxix`).
pub fn roman_value(numeral: &str) -> Option<u32> {
    (1..40).find(|n| roman_numeral(*n) == numeral)
}

/// A number up to 39 as a lower-case roman numeral.
pub fn roman_numeral(n: u32) -> String {
    let tens = "x".repeat((n / 10) as usize);
    let ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    format!("{tens}{}", ones.get((n % 10) as usize).unwrap_or(&""))
}

/// The number of ASCII digits `text` ends with, and what stands before them.
pub(crate) fn trailing_digits(text: &str) -> (usize, &str) {
    let n = text.bytes().rev().take_while(u8::is_ascii_digit).count();
    (n, text.get(..text.len() - n).unwrap_or_default())
}

/// The leading ASCII digits of `text` and what follows them, when there
/// are one to `max` of them: a pattern's `^[0-9]{1,max}` before anything
/// that is no digit.
pub(crate) fn leading_number(text: &str, max: usize) -> Option<(&str, &str)> {
    let n = text.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max {
        return None;
    }
    Some((text.get(..n)?, text.get(n..)?))
}

/// The text of one line after spaces, as `\s+(?P<text>\S.*)$` reads it: at
/// least one space, then a text that holds no line break.
pub(crate) fn spaced_line(rest: &str) -> Option<&str> {
    dates::read_date::spaces(rest).and_then(line_text)
}

/// `rest` when it is a text of one line (`\S.*$`): it opens with no space
/// and holds no line break.
pub(crate) fn line_text(text: &str) -> Option<&str> {
    let opens = text.chars().next().is_some_and(|c| !c.is_whitespace());
    (opens && !text.contains('\n')).then_some(text)
}

/// What an opener is followed by, as `(?:\s+(?P<text>\S.*))?$` reads it:
/// `Some(None)` at the end of the text, `Some(Some(text))` for a line of
/// text after spaces, `None` for anything else.
pub(crate) fn line_after(rest: &str) -> Option<Option<&str>> {
    if rest.is_empty() {
        return Some(None);
    }
    spaced_line(rest).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_outscores_any_shape_and_none_finds_nothing() {
        assert!(Score::NAMED > Score::shape(1000));
        assert!(Score::shape(0) > Score::NONE, "a shape found is something");
        assert!(Score::shape(60) > Score::shape(45));
        assert!(!Score::NONE.found());
        assert_eq!(Score::shape(500), Score::shape(99));
    }

    #[test]
    fn every_kind_has_its_profile_and_name() {
        assert_eq!(PROFILES.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert!(profile(*kind).is_some(), "{kind}");
            assert_eq!(Kind::from_name(kind.name()), Some(*kind));
        }
        assert_eq!(Kind::from_name("unknown"), None);
        assert!(profile(Kind::Unknown).is_none());
    }

    /// Regression: numbered paragraphs under meeting or session headings in
    /// a document that never says `recommend` (a programme plan, a letter
    /// citing `resolution 2018/2`) were read as a compilation or an index.
    #[test]
    fn a_document_that_never_recommends_gets_no_units() {
        let text = "Proposed programme plan\n\nI. First session, New York, 4 and 5 July 2030\n\n\
                    1. The plan covers the year.\n\n2. The Office will act.\n\n\
                    II. Second session, Geneva, 1 and 2 July 2031\n\n1. Resolution 2018/2 (k) applies.\n\n\
                    2. See resolutions 2019/3 and 2020/4.\n";
        let layout = crate::read::read("p.txt", text.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &Limits::default());
        let outline = Outline::new(&blocks);
        assert!(!outline.mentions_recommendations());
        assert_eq!(detect(&outline), None);
        // What it came near is said, in the message and as values.
        let meetings = text.replace("session", "meeting");
        let layout = crate::read::read("p.txt", meetings.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &Limits::default());
        let doc = segment(&blocks, None, &Limits::default());
        let kinds: Vec<Kind> = doc.guesses.iter().map(|g| g.kind).collect();
        assert_eq!(kinds, [Kind::Compilation]);
        assert!(
            doc.guesses
                .iter()
                .all(|g| g.clue.contains("never says recommend")),
            "{:?}",
            doc.guesses
        );
        assert!(
            doc.diagnostics
                .iter()
                .any(|d| d.code == Code::UnknownKind && d.message.contains("nearest: compilation"))
        );
        let with = text.replace("The Office will act.", "The Office recommends action.");
        let layout = crate::read::read("p.txt", with.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &Limits::default());
        assert!(Outline::new(&blocks).mentions_recommendations());
    }

    /// A titled index outscores a compilation's structure: it scored 60 to
    /// 110 by the share of its blocks that cite, and lost to a compilation's
    /// 90 below a 60 % share.
    #[test]
    fn a_document_that_names_its_kind_wins() {
        let mut text = String::from("Index of recommendations adopted by the Working Group\n\n");
        // Ten meetings with a recommendation each: a compilation's top score.
        for (i, ordinal) in [
            "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
        ]
        .iter()
        .enumerate()
        {
            text.push_str(&format!(
                "{}. {ordinal} meeting, Vienna, 4 July 20{}\n\n",
                ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][i],
                10 + i
            ));
            text.push_str("1. States should act.\n\n");
        }
        for n in 1..=6 {
            text.push_str(&format!("Border control (first meeting, recommendation {n})\n\n"));
        }
        let layout = crate::read::read("i.txt", text.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &Limits::default());
        let outline = Outline::new(&blocks);
        let compilation = compilation::Compilation.detect(&outline);
        assert_eq!(compilation, Score::shape(90));
        assert_eq!(detect(&outline), Some((Kind::Index, Score::NAMED)));
    }

    /// Regression: the units limit was applied after every unit was built
    /// (two million units for two million paragraphs, then truncated).
    #[test]
    fn the_units_limit_stops_segmentation() {
        let mut text = String::from(
            "The Working Group adopted these recommendations.\n\nI. First meeting, Vienna, 4 July 2018\n\n",
        );
        for n in 1..=30 {
            text.push_str(&format!("{n}. States should act.\n\n"));
        }
        let layout = crate::read::read("u.txt", text.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &Limits::default());
        let limits = Limits {
            units: 10,
            ..Limits::default()
        };
        // The profile stops one unit past the limit: the one that says
        // there were more.
        let outline = Outline::new(&blocks).with_units_limit(10);
        let body = compilation::Compilation.segment(&outline, &mut Vec::new());
        assert_eq!(body.units.len(), 11);
        let doc = segment(&blocks, Some(Kind::Compilation), &limits);
        assert_eq!(doc.units.len(), 10);
        assert!(doc.truncated);
        let errors: Vec<&Diagnostic> = doc
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::LimitExceeded)
            .collect();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.contains("more than 10 units"),
            "{}",
            errors[0].message
        );
        // At the limit exactly, nothing is dropped.
        let exact = Limits {
            units: 30,
            ..Limits::default()
        };
        let doc = segment(&blocks, Some(Kind::Compilation), &exact);
        assert_eq!((doc.units.len(), doc.truncated), (30, false));
    }

    #[test]
    fn roman_headings_read_as_the_pattern_did() {
        let re = regex::Regex::new(r"^(?P<numeral>[IVXLC]{1,7})\.\s+(?P<title>\S.*)$").unwrap();
        let opening = regex::Regex::new(r"^(?P<n>[IVXLC]{1,7})\.\s+\S").unwrap();
        let pieces = ["IV", "C", "IVXL", ".", " ", "\u{a0}", "Annex", "\n", "x", "i"];
        let texts = crate::pattern::generated_texts(&pieces, 5);
        for text in &texts {
            let by_pattern = re
                .captures(text)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            let one_line = roman_heading(text).filter(|(_, title)| !title.contains('\n'));
            assert_eq!(one_line, by_pattern, "{text:?}");
            let numeral = opening.captures(text).map(|c| c.get(1).unwrap().as_str());
            assert_eq!(roman_heading(text).map(|(n, _)| n), numeral, "{text:?}");
        }
        assert_eq!(texts.len(), 111_111);
    }

    #[test]
    fn contents_lines_read_as_the_patterns_did() {
        let texts =
            crate::pattern::generated_texts(&[".", " ", "…", "1", "12", "1234", "-", "–", "x", "\u{a0}"], 6);
        let [meeting, upr] = [
            r"(?:\.\s?){4,}|…{2,}|\s[0-9]{1,3}$",
            r"(?:\.\s?){4,}|…{2,}|[0-9]\s*[-–]\s*[0-9]{1,3}\s+[0-9]{1,3}$",
        ]
        .map(|p| regex::Regex::new(p).unwrap());
        for text in &texts {
            assert_eq!(
                meeting_report::is_contents_line(text),
                meeting.is_match(text),
                "{text:?}"
            );
            assert_eq!(upr_report::is_contents_line(text), upr.is_match(text), "{text:?}");
        }
        assert_eq!(texts.len(), 1_111_111);
    }
}
