//! Segmentation: [`Blocks`] to a [`Document`] of the record model.
//!
//! Each kind of document has a [`Profile`] in a file of its own: how to
//! tell the kind from its title and structure (a score), how to build its
//! groups and units, and which checks apply. [`segment`] scores every
//! registered profile (or takes the kind it is told) and runs the best.
//! The masthead (symbol, body, distribution, date, session, agenda item,
//! title) is read the same way for every kind.
//!
//! Adding a kind: a new file implementing [`Profile`], and one line in
//! [`PROFILES`].

pub mod citation;
pub mod compilation;
pub mod dates;
pub mod index;
pub mod meeting_report;
pub mod metadata;
pub mod numbered;
pub mod states;
pub mod upr_addendum;
pub mod upr_report;
pub mod upr_thematic_list;

use crate::clean::{Block, Blocks, Evidence};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::limits::{Limit, Limits};
use crate::model::{Document, Group, Kind, Unit};

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
    /// Every unit has text that ends as a sentence or list item does.
    Text,
    /// Every unit has text (for kinds whose texts lose their closing mark).
    NonEmpty,
}

/// The blocks of a document with the evidence the clean stage gathered:
/// what every profile reads.
pub struct Outline<'b> {
    pub blocks: &'b Blocks,
}

impl<'b> Outline<'b> {
    pub fn new(blocks: &'b Blocks) -> Self {
        Outline { blocks }
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
    /// The kind this profile reads.
    fn kind(&self) -> Kind;

    /// How strongly the document looks like this kind: 0 not at all; a
    /// document's title naming its kind scores higher than structure alone.
    fn detect(&self, outline: &Outline) -> u32;

    /// Build the document's groups and units; findings go to `diagnostics`.
    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body;

    /// The checks that apply to documents of this kind.
    fn checks(&self) -> &'static [Check];

    /// What a document of this kind holds, for messages: `meeting headings
    /// with numbered recommendations`.
    fn expects(&self) -> &'static str;
}

/// Every profile, in the order ties are broken.
pub static PROFILES: &[&dyn Profile] = &[
    &upr_report::UprReport,
    &upr_addendum::UprAddendum,
    &upr_thematic_list::UprThematicList,
    &meeting_report::MeetingReport,
    &compilation::Compilation,
    &index::IndexProfile,
];

/// The profile of a kind.
pub fn profile(kind: Kind) -> Option<&'static dyn Profile> {
    PROFILES.iter().copied().find(|p| p.kind() == kind)
}

/// The profile that scores highest on a document, with its score.
pub fn detect(outline: &Outline) -> Option<(&'static dyn Profile, u32)> {
    let mut best: Option<(&'static dyn Profile, u32)> = None;
    for profile in PROFILES.iter().copied() {
        let score = profile.detect(outline);
        if score > 0 && best.is_none_or(|(_, s)| score > s) {
            best = Some((profile, score));
        }
    }
    best
}

/// Run the segment stage: the kind given, or the one detected.
/// Keep at most the `units` limit of units; the rest are dropped with an
/// error naming the first dropped and how many.
fn cap_units(body: &mut Body, limits: &Limits, diagnostics: &mut Vec<Diagnostic>) {
    let max = limits.count(Limit::Units);
    let Some(first) = body.units.get(max) else { return };
    // Notes on what is dropped (a paragraph joined to a dropped unit) are
    // counted in the error, not said one by one: past a limit they could
    // be as many as the document's lines.
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
            "the document holds {} units, over the limit units={} (`--limit units=N` raises it); the {} from `{}` on are dropped{with_notes}",
            body.units.len(),
            limits.units,
            body.units.len() - max,
            first.id
        ),
    ));
    body.units.truncate(max);
}

pub fn segment(blocks: &Blocks, kind: Option<Kind>, limits: &Limits) -> Document {
    let outline = Outline::new(blocks);
    let mut diagnostics = blocks.diagnostics.clone();
    let chosen = match kind {
        Some(kind) => profile(kind),
        None => detect(&outline).map(|(p, _)| p),
    };
    let Some(profile) = chosen else {
        diagnostics.push(Diagnostic::new(
            Code::UnknownKind,
            outline.first_location(),
            format!(
                "no profile recognised the document (looked for: {}); nothing extracted: `--kind` names one",
                PROFILES
                    .iter()
                    .map(|p| format!("{}: {}", p.kind(), p.expects()))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
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
        };
    };
    let mut body = profile.segment(&outline, &mut diagnostics);
    cap_units(&mut body, limits, &mut diagnostics);
    unique_ids(&mut body.units, &mut diagnostics);
    if body.units.is_empty() {
        diagnostics.push(Diagnostic::new(
            Code::NoUnits,
            outline.first_location(),
            format!(
                "read as a {} but found no unit in it (expected {}); nothing extracted",
                profile.kind(),
                profile.expects()
            ),
        ));
    }
    Document {
        source: blocks.source.clone(),
        kind: profile.kind(),
        metadata: body.metadata,
        groups: body.groups,
        units: body.units,
        diagnostics,
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
