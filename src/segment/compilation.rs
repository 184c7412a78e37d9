//! The compilation profile: meetings under headings, each with numbered
//! recommendations and lettered sub-items.
//!
//! A meeting heading is an optional roman numeral, an ordinal word and
//! `meeting`, then the place and dates: `I. First meeting, Vienna, 30 May to
//! 1 June 2012`. Under it, `12. ...` opens a recommendation and `(k) ...` a
//! sub-item of the last one; an unnumbered paragraph continues the unit
//! before it; another roman-numbered heading closes the meeting.

use super::dates;
use super::numbered::Recommendations;
use super::{Body, Check, Outline, Profile, Score};
use crate::clean::{self, Block};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Group, GroupKind, Unit};
#[cfg(test)]
use crate::pattern::Guarded;
use crate::pattern::matches;
use regex::Regex;
use std::sync::LazyLock;

/// Headings longer than this are sentences that mention a meeting.
const MAX_HEADING_CHARS: usize = 200;
/// Words a heading may have before `at its` / `of the` and its ordinal.
const MAX_LEAD_WORDS: usize = 16;

#[cfg(test)]
static MEETING_HEADING: Guarded = Guarded::new(&["meeting"], || {
    Regex::new(&format!(
                r"(?i)^(?:(?P<numeral>[IVXLC]{{1,7}}|[A-Z])\.\s+)?(?:(?P<lead>(?:(?-i:[\p{{L}}-])+\s+)*?)(?:at|of)\s+(?:its|the)\s+)?(?P<ordinal>{})\s+meeting\b(?P<rest>.*)$",
        dates::ORDINAL_PATTERN
    ))
    .ok()
});
static SUBSECTION_HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[A-Z]\.\s+[A-Z]").ok());
/// A meeting heading's parts.
struct Heading {
    numeral: Option<String>,
    ordinal: u32,
    title: String,
    city: Option<String>,
    range: Option<dates::DateRange>,
    year: Option<u16>,
}

impl Heading {
    /// The meeting's group, opened at the heading's block.
    fn group(self, block: &Block) -> Group {
        let mut group = Group::new(GroupKind::Meeting, self.title, block.start.clone());
        group.ordinal = Some(self.ordinal);
        group.numeral = self.numeral;
        group.city = self.city;
        group.start_date = self.range.map(|r| r.start.iso());
        group.end_date = self.range.map(|r| r.end.iso());
        group.year = self.year;
        group
    }
}

/// The parts of a meeting heading as the text has them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HeadingParts<'t> {
    numeral: Option<&'t str>,
    lead: Option<&'t str>,
    ordinal: &'t str,
    rest: &'t str,
}

/// `I. First meeting, Vienna, …`, `Report of the fifth meeting …`,
/// `Recommendations adopted at its third meeting`: an optional numeral or
/// letter and a dot, optional words ending `at its` / `of the` (the fewest
/// that work), an ordinal, `meeting`, and the rest of the line. Read as
/// the pattern `MEETING_HEADING` did, in any letter case.
fn meeting_heading(text: &str) -> Option<HeadingParts<'_>> {
    use dates::read_date::{spaces, word};
    if !crate::pattern::contains_folded(text, "meeting") {
        return None;
    }
    // `meeting`, a word's end, then the rest of one line.
    fn tail(s: &str) -> Option<(&str, &str)> {
        let ordinal = dates::ordinal_prefix(s)?;
        let rest = word(spaces(s.get(ordinal.len()..)?)?, "meeting")?;
        let ends = !rest.chars().next().is_some_and(clean::is_word_char);
        (ends && !rest.contains('\n')).then_some((ordinal, rest))
    }
    let dotted = |n: usize| -> Option<(&str, &str)> {
        let after = spaces(text.get(n..)?.strip_prefix('.')?)?;
        Some((text.get(..n)?, after))
    };
    // The numeral (roman, then any letter), then none.
    let roman = text.chars().take_while(|c| "IVXLCivxlc".contains(*c)).count();
    let letter = text
        .chars()
        .next()
        .filter(|c| c.is_ascii_alphabetic() || *c == 'ſ' || *c == '\u{212A}')
        .map(char::len_utf8);
    let numerals = [
        (1..=7).contains(&roman).then(|| dotted(roman)).flatten(),
        letter.and_then(dotted),
    ];
    let starts = numerals
        .into_iter()
        .flatten()
        .map(|(n, after)| (Some(n), after))
        .chain([(None, text)]);
    for (numeral, after) in starts {
        // Lead words, as few as work, then `at|of` and `its|the`.
        let mut words = after;
        loop {
            let linked = ["at", "of"]
                .iter()
                .find_map(|w| word(words, w))
                .and_then(spaces)
                .and_then(|s| ["its", "the"].iter().find_map(|w| word(s, w)))
                .and_then(spaces);
            if let Some((ordinal, rest)) = linked.and_then(tail) {
                let lead = after.get(..after.len() - words.len());
                return Some(HeadingParts {
                    numeral,
                    lead,
                    ordinal,
                    rest,
                });
            }
            let word_end = words.trim_start_matches(|c: char| c == '-' || clean::is_letter(c));
            match spaces(word_end).filter(|_| word_end.len() < words.len()) {
                Some(next) => words = next,
                None => break,
            }
        }
        if let Some((ordinal, rest)) = tail(after) {
            return Some(HeadingParts {
                numeral,
                lead: None,
                ordinal,
                rest,
            });
        }
    }
    None
}

fn heading(text: &str) -> Option<Heading> {
    if text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    let parts = meeting_heading(text)?;
    // At most 16 words before `at its`/`of the`.
    if parts
        .lead
        .is_some_and(|lead| lead.split_whitespace().count() > MAX_LEAD_WORDS)
    {
        return None;
    }
    let numeral = parts.numeral.map(str::to_string);
    let ordinal = dates::ordinal(parts.ordinal)?;
    let rest = parts.rest;
    let found = dates::find_range(rest);
    let year = match &found {
        Some((range, _)) => Some(range.start.year),
        None => dates::first_year(rest),
    };
    // Without a numeral, only a heading that gives dates (or a year) is
    // taken: a sentence may begin with "Fifth meeting".
    if numeral.is_none() && year.is_none() {
        return None;
    }

    // Headings do not end as sentences do.
    if text.trim_end().ends_with(['.', ';']) {
        return None;
    }
    let city = found.as_ref().and_then(|(_, span)| {
        let before = rest.get(..span.start)?;
        let place = before
            .trim_matches(|c: char| c == ',' || c == ':' || c == '(' || c.is_whitespace())
            .trim_start_matches("held in ")
            .trim_end_matches(" from")
            .trim_end_matches(" on")
            .trim_matches(|c: char| c == ',' || c.is_whitespace());
        (!place.is_empty()).then(|| place.to_string())
    });
    let title = match &numeral {
        Some(n) => text
            .get(n.len()..)
            .unwrap_or(text)
            .trim_start_matches('.')
            .trim()
            .to_string(),
        None => text.trim().to_string(),
    };
    Some(Heading {
        numeral,
        ordinal,
        title,
        city,
        range: found.map(|(r, _)| r),
        year,
    })
}

/// Index of the first meeting heading, or the number of blocks.
pub fn front_matter_end(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .position(|b| heading(&b.text).is_some())
        .unwrap_or(blocks.len())
}

/// Whether a block is a meeting heading: `I. First meeting, Vienna, 30 May to 1 June 2012`.
pub fn is_meeting_heading(text: &str) -> bool {
    heading(text).is_some()
}

/// Whether a block is a roman-numbered section heading: `IV. Annex`.
pub fn is_section_heading(text: &str) -> bool {
    super::roman_heading(text).is_some() && text.chars().count() < MAX_HEADING_CHARS && !text.ends_with('.')
}

/// The compilation profile.
pub struct Compilation;

/// A compilation's structure: meeting headings, each with a numbered
/// recommendation under it.
fn structure(blocks: &[Block]) -> Score {
    let mut headings = 0u32;
    let mut with_units = 0u32;
    let mut under_heading = false;
    for block in blocks {
        if heading(&block.text).is_some() {
            headings += 1;
            under_heading = true;
        } else if under_heading && super::numbered::recommendation(&block.text).is_some() {
            with_units += 1;
            under_heading = false;
        }
    }
    match (headings, with_units) {
        (0, _) => Score::NONE,
        (_, 0) => Score::shape(10),
        (_, n) => Score::shape(40 + 5 * n.min(10)),
    }
}

impl Profile for Compilation {
    /// Meeting headings with numbered recommendations under them; more
    /// headings, more certainty.
    fn detect(&self, outline: &Outline) -> Score {
        if !outline.mentions_recommendations() {
            return Score::NONE;
        }
        structure(outline.blocks())
    }

    fn clue(&self, outline: &Outline) -> Option<String> {
        // Found on structure alone unless the document never recommends.
        if outline.mentions_recommendations() || !structure(outline.blocks()).found() {
            return None;
        }
        let first = outline.blocks().iter().find(|b| heading(&b.text).is_some())?;
        Some(format!(
            "meeting headings (`{}`, at {}) with numbered paragraphs, but the document never says recommend",
            first.text, first.start
        ))
    }


    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let split = front_matter_end(blocks);
        let front = blocks.get(..split).unwrap_or_default();
        let metadata = super::metadata::read_masthead(front, &outline.blocks.furniture);
        let prefix = metadata.id_prefix(outline.file());
        let body = blocks.get(split..).unwrap_or_default();
        let (groups, units) = meetings(body, outline, &prefix, diagnostics);
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::MeetingSequence, Check::Numbering, Check::Text]
    }

    fn expects(&self) -> &'static str {
        "meeting headings such as `I. First meeting, Vienna, 30 May to 1 June 2012` with numbered recommendations"
    }
}

/// Read the meetings from the blocks that start at the first heading.
/// Reading stops past the outline's `units` limit.
pub fn meetings(
    blocks: &[Block],
    outline: &Outline,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Group>, Vec<Unit>) {
    let evidence = outline.evidence();
    let mut groups: Vec<Group> = Vec::new();
    let mut units: Vec<Unit> = Vec::new();
    let mut current: Option<Recommendations> = None;
    let mut closed = true;
    for block in blocks {
        if outline.units_full(units.len()) {
            break;
        }
        let text = block.text.as_str();
        if let Some(h) = heading(text) {
            let group = h.group(block);
            current = Some(Recommendations::new(
                evidence,
                prefix,
                group.meeting_label(),
                group.title.clone(),
                groups.len(),
            ));
            groups.push(group);
            closed = false;
            continue;
        }
        let (Some(meeting), Some(reader)) = (groups.last_mut().filter(|_| !closed), current.as_mut()) else {
            continue;
        };
        // A heading's place and dates on a line of their own, right under it.
        if meeting.start_date.is_none()
            && !reader.any()
            && let Some((place, range)) = super::metadata::venue_and_dates(text.trim_matches(['(', ')']))
        {
            meeting.city = meeting.city.take().or(place);
            meeting.start_date = Some(range.start.iso());
            meeting.end_date = Some(range.end.iso());
            meeting.year = Some(range.start.year);
            meeting.title = format!("{}, {text}", meeting.title);
            *reader = Recommendations::new(
                evidence,
                prefix,
                meeting.meeting_label(),
                meeting.title.clone(),
                groups.len() - 1,
            );
            continue;
        }
        if closes_meeting(text, meeting.numeral.as_deref()) {
            // Another part of the document (annexes, other matters).
            closed = true;
            reader.close();
            continue;
        }
        if super::numbered::recommendation(text).is_none()
            && !text.starts_with('(')
            && matches(&SUBSECTION_HEADING, text)
            && text.chars().count() < MAX_HEADING_CHARS
            && !text.ends_with('.')
        {
            diagnostics.push(Diagnostic::new(
                Code::SubheadingSkipped,
                block.start.clone(),
                format!(
                    "subheading `{text}` inside the {} is not part of any recommendation",
                    meeting.title
                ),
            ));
            reader.close();
            continue;
        }
        reader.take(block, &mut units, diagnostics);
    }
    (groups, units)
}

/// A roman-numbered heading that is not a meeting closes the meeting when it
/// comes next in the numbering (`VI.` after `V. Fifth meeting`) or, without
/// a numeral to go by, when it is more than one letter: `C. Return` is a
/// subheading, not section 100.
fn closes_meeting(text: &str, numeral: Option<&str>) -> bool {
    let Some(n) = super::roman_heading(text).map(|(n, _)| n.to_string()) else {
        return false;
    };
    let value = dates::roman(&n);
    match numeral.and_then(dates::roman) {
        Some(current) => value.is_some_and(|v| v > current && (n.len() > 1 || v == current + 1)),
        None => n.len() > 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meeting_headings_read_as_the_pattern_did() {
        let re = MEETING_HEADING.for_text("meeting").unwrap();
        fn parts<'t>(c: &regex::Captures<'t>) -> (Option<&'t str>, Option<&'t str>, &'t str, &'t str) {
            let s = |n: &str| c.name(n).map(|m| m.as_str());
            (
                s("numeral"),
                s("lead"),
                s("ordinal").unwrap_or_default(),
                s("rest").unwrap_or_default(),
            )
        }
        let pieces = [
            "I. ", "Report ", "of ", "the ", "First ", "3rd ", "meeting", "\n", ",", "x",
        ];
        let mut texts = crate::pattern::generated_texts(&pieces, 6);
        texts.extend(
            [
                "I. First meeting, Vienna, 30 May to 1 June 2012",
                "IV. Twenty-first meeting",
                "iv. twenty first MEETING held in 2019",
                "A. Recommendations adopted at its third meeting",
                "ſ. Fifth meeting",
                "IVXLCIVX. First meeting",
                "Report on the work of the Working Group at its 43rd meeting, Vienna",
                "Report of the fifth meetings",
                "Report of the at the first meeting",
                "Fifth meeting_x",
                "Fifth\u{a0}meeting: 2019",
                "Meeting of the first meeting",
                "The seventeenth meeting\nnext",
            ]
            .map(String::from),
        );
        for text in &texts {
            let ours = meeting_heading(text).map(|p| (p.numeral, p.lead, p.ordinal, p.rest));
            assert_eq!(ours, re.captures(text).as_ref().map(parts), "{text:?}");
        }
        assert_eq!(texts.len(), 1_111_111 + 13);
    }

    #[test]
    fn heading_forms() {
        let h = heading("I. First meeting, Vienna, 30 May to 1 June 2012").unwrap();
        assert_eq!(
            (h.numeral.as_deref(), h.ordinal, h.city.as_deref()),
            (Some("I"), 1, Some("Vienna"))
        );
        assert_eq!(h.title, "First meeting, Vienna, 30 May to 1 June 2012");
        let r = h.range.unwrap();
        assert_eq!(
            (r.start.iso(), r.end.iso()),
            ("2012-05-30".into(), "2012-06-01".into())
        );
        let h = heading("Twenty-first meeting, held in Geneva on 4 and 5 July 2018").unwrap();
        assert_eq!((h.ordinal, h.city.as_deref()), (21, Some("Geneva")));
        assert!(heading("IV. Fourth meeting").is_some());
        assert!(heading("Fifth meeting of the Conference will consider this.").is_none());
        let h = heading("II. Recommendations adopted by the Working Group at its third meeting, Vienna, 18 to 20 November 2015").unwrap();
        assert_eq!((h.ordinal, h.city.as_deref()), (3, Some("Vienna")));
        assert!(heading("It was adopted at the fifth meeting, held on 4 and 5 July 2018.").is_none());
    }

    #[test]
    fn letter_headings_do_not_close_a_meeting() {
        assert!(!closes_meeting("C. Cooperation at sea", Some("V")));
        assert!(!closes_meeting("I. Information", Some("V")));
        assert!(closes_meeting("VI. Other matters", Some("V")));
        assert!(closes_meeting("VI. Other matters", Some("IV")));
        assert!(closes_meeting("X. Annex", Some("IX")));
    }
}

#[cfg(test)]
mod wording_tests {
    use crate::{Config, extract};

    /// (meeting, number, subitem, text) of every unit of a text.
    fn units(text: &str) -> Vec<(u32, u32, String, String)> {
        let x = extract("w.txt", text.as_bytes(), &Config::of_kind(crate::model::Kind::Compilation)).unwrap();
        crate::emit::rows(&x)
            .map(|r| {
                (
                    r.integer("meeting").unwrap_or(0) as u32,
                    r.integer("number").unwrap_or(0) as u32,
                    r.text("subitem").unwrap_or_default().to_string(),
                    r.text("text").unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn other_heading_wordings() {
        let forms = [
            "A. First meeting (Vienna, 30 May–1 June 2012)",
            "I. FIRST MEETING, VIENNA, 30 MAY TO 1 JUNE 2012",
            "Recommendations adopted by the Working Group on the Smuggling of Migrants at its first meeting, held in Vienna from 30 May to 1 June 2012",
            "1st meeting (2012)",
            "I. First meeting\n\nVienna, 30 May to 1 June 2012\n",
        ];
        for heading in forms {
            let got = units(&format!("{heading}\n1. States should act.\n"));
            assert_eq!(
                got,
                [(1, 1, String::new(), "States should act.".to_string())],
                "{heading}"
            );
        }
        let x = extract(
            "w.txt",
            b"I. First meeting\n\nVienna, 30 May to 1 June 2012\n\n1. A.\n",
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        let m = x.document.meetings().next().map(|(_, m)| m).unwrap();
        assert_eq!(
            (m.city.as_deref(), m.start_date.as_deref()),
            (Some("Vienna"), Some("2012-05-30"))
        );
        assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    }

    #[test]
    fn other_numbering_wordings() {
        let text = "I. First meeting, Vienna, 4 July 2018\nRecommendation 1\nStates should act.\nRecommendation 2: States should share.\n3) States should train.\n";
        let got: Vec<(u32, String)> = units(text).into_iter().map(|u| (u.1, u.3)).collect();
        assert_eq!(
            got,
            [
                (1, "States should act.".into()),
                (2, "States should share.".into()),
                (3, "States should train.".into())
            ]
        );
        let x = extract("w.txt", text.as_bytes(), &Config::of_kind(crate::model::Kind::Compilation)).unwrap();
        assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    }
}
