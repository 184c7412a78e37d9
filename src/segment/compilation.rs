//! The compilation profile: meetings under headings, each with numbered
//! recommendations and lettered sub-items.
//!
//! A meeting heading is an optional roman numeral, an ordinal word and
//! `meeting`, then the place and dates: `I. First meeting, Vienna, 30 May to
//! 1 June 2012`. Under it, `12. ...` opens a recommendation and `(k) ...` a
//! sub-item of the last one; an unnumbered paragraph continues the unit
//! before it; another roman-numbered heading closes the meeting.

use super::dates;
use super::{Meeting, Recommendation, SubItem};
use crate::clean::{Block, Joiner};
use crate::diagnostic::{Code, Diagnostic};
use crate::pattern::{captures, matches};
use regex::Regex;
use std::sync::LazyLock;

/// Headings longer than this are sentences that mention a meeting.
const MAX_HEADING_CHARS: usize = 200;

static MEETING_HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
                r"(?i)^(?:(?P<numeral>[IVXLC]{{1,7}}|[A-Z])\.\s+)?(?:(?:[\p{{L}}-]+\s+){{0,16}}?(?:at|of)\s+(?:its|the)\s+)?(?P<ordinal>{})\s+meeting\b(?P<rest>.*)$",
        dates::ORDINAL_PATTERN
    ))
    .ok()
});
static SECTION_HEADING: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[IVXLC]{1,7})\.\s+\S").ok());
static SUBSECTION_HEADING: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[A-Z]\.\s+[A-Z]").ok());
static RECOMMENDATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:Recommendation|Rec\.)\s+(?P<named>\d{1,3})(?:\s*[.:)])?|(?P<number>\d{1,3})[.)])(?:\s+(?P<text>\S.*))?$",
    )
    .ok()
});
static YEAR: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\b(?:19|20)\d\d\b").ok());
static SUB_ITEM: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\((?P<letter>[a-z]{1,3})\)\s+(?P<text>\S.*)$").ok());

/// A meeting heading's parts.
struct Heading {
    numeral: Option<String>,
    ordinal: u32,
    title: String,
    city: Option<String>,
    range: Option<dates::DateRange>,
    year: Option<u16>,
}

fn heading(text: &str) -> Option<Heading> {
    if text.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    let caps = MEETING_HEADING.as_ref()?.captures(text)?;
    let numeral = caps.name("numeral").map(|m| m.as_str().to_string());
    let ordinal = dates::ordinal(caps.name("ordinal")?.as_str())?;
    let rest = caps.name("rest").map(|m| m.as_str()).unwrap_or_default();
    let found = dates::find_range(rest);
    let year = match &found {
        Some((range, _)) => Some(range.start.year),
        None => captures(&YEAR, rest)
            .and_then(|c| c.get(0))
            .and_then(|m| m.as_str().parse().ok()),
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

/// Where text goes when a block continues the unit before it.
enum Open {
    Nothing,
    Recommendation,
    SubItem,
}

/// Read the meetings from the blocks that start at the first heading.
pub fn meetings(
    blocks: &[Block],
    joiner: &Joiner,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Meeting> {
    let mut meetings: Vec<Meeting> = Vec::new();
    let mut open = Open::Nothing;
    let mut closed = true;
    for block in blocks {
        let text = block.text.as_str();
        if let Some(h) = heading(text) {
            meetings.push(Meeting {
                ordinal: h.ordinal,
                numeral: h.numeral,
                title: h.title,
                city: h.city,
                start_date: h.range.map(|r| r.start.iso()),
                end_date: h.range.map(|r| r.end.iso()),
                year: h.year,
                location: block.start.clone(),
                recommendations: Vec::new(),
            });
            open = Open::Nothing;
            closed = false;
            continue;
        }
        let Some(meeting) = meetings.last_mut().filter(|_| !closed) else {
            continue;
        };
        // A heading's place and dates on a line of their own, right under it.
        if meeting.start_date.is_none()
            && meeting.recommendations.is_empty()
            && let Some((place, range)) = super::metadata::venue_and_dates(text.trim_matches(['(', ')']))
        {
            meeting.city = meeting.city.take().or(place);
            meeting.start_date = Some(range.start.iso());
            meeting.end_date = Some(range.end.iso());
            meeting.year = Some(range.start.year);
            meeting.title = format!("{}, {text}", meeting.title);
            continue;
        }
        if closes_meeting(text, meeting) {
            // Another part of the document (annexes, other matters).
            closed = true;
            open = Open::Nothing;
            continue;
        }
        if let Some(c) = captures(&RECOMMENDATION, text) {
            let number = c
                .name("number")
                .or_else(|| c.name("named"))
                .and_then(|m| m.as_str().parse::<u32>().ok())
                .unwrap_or(0);

            let body = c.name("text").map(|m| m.as_str()).unwrap_or_default();
            meeting.recommendations.push(Recommendation {
                id: format!("{prefix}-m{}-r{number}", meeting.ordinal),
                number,
                text: body.to_string(),
                themes: Vec::new(),
                start: block.start.clone(),
                end: block.end.clone(),
                sub_items: Vec::new(),
            });
            open = Open::Recommendation;
            continue;
        }
        if let Some(c) = captures(&SUB_ITEM, text) {
            let letter = c.name("letter").map(|m| m.as_str()).unwrap_or_default();
            let body = c.name("text").map(|m| m.as_str()).unwrap_or_default();
            let Some(parent) = meeting.recommendations.last_mut() else {
                diagnostics.push(Diagnostic::new(
                    Code::OrphanSubItem,
                    block.start.clone(),
                    format!(
                        "sub-item ({letter}) stands before any recommendation of the {}",
                        meeting.title
                    ),
                ));
                continue;
            };
            if is_nested_numeral(letter, parent.sub_items.last().map(|s| s.letter.as_str())) {
                // `(i)`, `(ii)` under a lettered item: part of that item.
                if let Some(item) = parent.sub_items.last_mut() {
                    append(joiner, &mut item.text, text);
                    item.end = block.end.clone();
                    parent.end = block.end.clone();
                    continue;
                }
            }
            parent.sub_items.push(SubItem {
                id: format!("{}-{letter}", parent.id),
                letter: letter.to_string(),
                text: body.to_string(),
                themes: Vec::new(),
                start: block.start.clone(),
                end: block.end.clone(),
            });
            parent.end = block.end.clone();
            open = Open::SubItem;
            continue;
        }
        if matches(&SUBSECTION_HEADING, text)
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
            open = Open::Nothing;
            continue;
        }
        // An unnumbered paragraph continues the unit before it.
        let Some(parent) = meeting.recommendations.last_mut() else {
            diagnostics.push(Diagnostic::new(
                Code::TextBeforeFirstRecommendation,
                block.start.clone(),
                format!(
                    "paragraph before the first recommendation of the {} is not a recommendation",
                    meeting.title
                ),
            ));
            continue;
        };
        let target = match (&open, parent.sub_items.last_mut()) {
            (Open::SubItem, Some(item)) => {
                item.end = block.end.clone();
                &mut item.text
            }
            (Open::Recommendation, _) => &mut parent.text,
            _ => {
                diagnostics.push(Diagnostic::new(
                    Code::UnattachedParagraph,
                    block.start.clone(),
                    format!(
                        "paragraph in the {} follows a subheading and belongs to no recommendation",
                        meeting.title
                    ),
                ));
                continue;
            }
        };
        // A number alone on its line (`Recommendation 12`) takes the
        // paragraph that follows as its text.
        let own_text = target.is_empty();
        append(joiner, target, text);
        parent.end = block.end.clone();
        if own_text {
            continue;
        }
        diagnostics.push(Diagnostic::new(
            Code::ParagraphJoined,
            block.start.clone(),
            format!(
                "unnumbered paragraph joined to {} {} of the {}",
                if matches!(open, Open::SubItem) {
                    "a sub-item of recommendation"
                } else {
                    "recommendation"
                },
                parent.number,
                meeting.title
            ),
        ));
    }
    meetings
}

/// A roman-numbered heading that is not a meeting closes the meeting when it
/// comes next in the numbering (`VI.` after `V. Fifth meeting`) or, without
/// a numeral to go by, when it is more than one letter: `C. Return` is a
/// subheading, not section 100.
fn closes_meeting(text: &str, meeting: &Meeting) -> bool {
    let Some(n) = captures(&SECTION_HEADING, text).and_then(|c| c.name("n").map(|m| m.as_str().to_string()))
    else {
        return false;
    };
    let value = dates::roman(&n);
    match meeting.numeral.as_deref().and_then(dates::roman) {
        Some(current) => value.is_some_and(|v| v > current && (n.len() > 1 || v == current + 1)),
        None => n.len() > 1,
    }
}

fn append(joiner: &Joiner, target: &mut String, text: &str) {
    *target = if target.is_empty() {
        text.to_string()
    } else {
        joiner.join(target, text)
    };
}

/// `(i)` after `(a)` is a nested numeral; after `(h)` it is the letter i.
fn is_nested_numeral(label: &str, previous: Option<&str>) -> bool {
    let roman = !label.is_empty() && label.chars().all(|c| matches!(c, 'i' | 'v' | 'x'));
    if !roman {
        return false;
    }
    match previous {
        None => false,
        Some(prev) => !is_next_letter(prev, label),
    }
}

fn is_next_letter(previous: &str, label: &str) -> bool {
    let (mut p, mut l) = (previous.chars(), label.chars());
    match (p.next(), l.next(), p.next(), l.next()) {
        (Some(a), Some(b), None, None) => (a as u32) + 1 == b as u32,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let meeting = |numeral: &str| Meeting {
            ordinal: 5,
            numeral: Some(numeral.to_string()),
            title: String::new(),
            city: None,
            start_date: None,
            end_date: None,
            year: None,
            location: Default::default(),
            recommendations: Vec::new(),
        };
        assert!(!closes_meeting("C. Cooperation at sea", &meeting("V")));
        assert!(!closes_meeting("I. Information", &meeting("V")));
        assert!(closes_meeting("VI. Other matters", &meeting("V")));
        assert!(closes_meeting("VI. Other matters", &meeting("IV")));
        assert!(closes_meeting("X. Annex", &meeting("IX")));
    }

    #[test]
    fn nested_numerals() {
        assert!(is_nested_numeral("i", Some("a")));
        assert!(!is_nested_numeral("i", Some("h")));
        assert!(is_nested_numeral("ii", Some("i")));
        assert!(!is_nested_numeral("b", Some("a")));
        assert!(!is_nested_numeral("i", None));
    }
}

#[cfg(test)]
mod wording_tests {
    use crate::{Config, extract};

    /// (meeting, number, subitem, text) of every unit of a text.
    fn units(text: &str) -> Vec<(u32, u32, String, String)> {
        let x = extract("w.txt", text.as_bytes(), &Config::default()).unwrap();
        crate::emit::rows(&x)
            .into_iter()
            .map(|r| {
                (
                    r.meeting,
                    r.number,
                    r.subitem.unwrap_or_default().to_string(),
                    r.text.to_string(),
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
            &Config::default(),
        )
        .unwrap();
        let m = &x.document.meetings[0];
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
        let x = extract("w.txt", text.as_bytes(), &Config::default()).unwrap();
        assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    }
}
