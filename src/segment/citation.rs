//! Citations of recommendations, as indexes and cross-references write them.
//!
//! Forms read: `(first meeting, recommendation 12)`, `(fifth meeting,
//! recommendation 2 (k))`, `(2012, rec. 12)`, `2018/2 (k)`, ranges and lists
//! within one meeting (`recommendations 12–14`, `12 to 14`, `12, 14 and 16`,
//! `2 (a)–(d)`), with `para.`/`paras.`/`paragraph(s)` as synonyms of
//! `rec.`/`recs.`/`recommendation(s)`, and several citations in one
//! parenthesis separated by `;`.

use super::dates;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// Most units one range may name: more is a misreading, not a citation.
const MAX_RANGE: u32 = 300;

pub use crate::model::{Citation, MeetingRef};

/// Citations found in a text, with the byte span of each written form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub citations: Vec<Citation>,
    pub spans: Vec<Range<usize>>,
}

static PARENTHESIS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\(((?:[^()]|\([a-z]{1,3}\))+)\)").ok());
/// Longest parenthesis read as a citation, in bytes (checked after the
/// match: a bounded repetition makes the pattern slow to compile).
const MAX_PARENTHESIS_BYTES: usize = 400;
static MEETING_PART: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*(?:(?:the|its)\s+)?(?:(?P<ordinal>{})\s+meeting|(?P<year>(?:19|20)[0-9][0-9]))\s*,\s*(?P<units>.+?)\s*$",
        dates::ORDINAL_PATTERN
    ))
    .ok()
});
static UNITS_PART: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:recommendations?|recs?\.|paragraphs?|paras?\.)\s*(?P<list>[0-9].*)$").ok()
});
static SLASH_FORM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?P<year>\b(?:19|20)[0-9][0-9])/(?P<number>[0-9]{1,3})\b(?:\s*\((?P<sub>[a-z]{1,3})\))?")
        .ok()
});
/// A list of numbers as citations write them: `12`, `12–14`, `2 (k)`,
/// `1 (a)–(c)`, `2, 5 and 9`.
const LIST: &str = r"[0-9]{1,3}(?:\s*\([a-z]{1,3}\)(?:\s*(?:–|—|-|to)\s*\([a-z]{1,3}\))?)?(?:\s*(?:–|—|-|to|,\s*and|,|and)\s*[0-9]{1,3}(?:\s*\([a-z]{1,3}\)(?:\s*(?:–|—|-|to)\s*\([a-z]{1,3}\))?)?)*";
const UNIT_WORD: &str = r"(?:recommendations?|recs?\.|paragraphs?|paras?\.)";

/// `first meeting, recommendation 12` outside parentheses (a table cell).
static BARE_FORM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:{}\s+meeting|(?:19|20)[0-9][0-9])\s*,\s*{UNIT_WORD}\s*{LIST}",
        dates::ORDINAL_PATTERN
    ))
    .ok()
});
/// `recommendation 12 of the first meeting`, `recommendations 2 and 3, 2018`.
static REVERSED_FORM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<unit>{UNIT_WORD})\s*(?P<list>{LIST})\s*(?:,|of)\s*(?:(?:the|its)\s+)?(?P<meeting>{}\s+meeting|(?:19|20)[0-9][0-9])\b",
        dates::ORDINAL_PATTERN
    ))
    .ok()
});
static ITEM: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?P<n>[0-9]{1,3})(?:\s*\((?P<a>[a-z]{1,3})\)(?:\s*(?:–|—|-|to)\s*\((?P<b>[a-z]{1,3})\))?)?(?:\s*(?:–|—|-|to)\s*(?P<m>[0-9]{1,3}))?$",
    )
    .ok()
});

/// Whether a unit word (`recommendation`, `rec.`, `paras.`, …) is followed
/// by a number somewhere in `text`: what every form but `2018/2` needs.
/// Checked first, it spares most texts the patterns (and a short document
/// their compiling).
fn names_numbered_unit(text: &str) -> bool {
    unit_mentions(text).next().is_some()
}

/// Where each unit word followed by a number starts in `text`.
fn unit_mentions(text: &str) -> impl Iterator<Item = usize> + '_ {
    let lower = |b: u8| b.to_ascii_lowercase();
    let bytes = text.as_bytes();
    bytes.iter().enumerate().filter_map(move |(at, &b)| {
        let stem = match lower(b) {
            b'r' => 3,
            b'p' => 4,
            _ => return None,
        };
        let word = bytes.get(at..at + stem)?;
        if !(word.eq_ignore_ascii_case(b"rec") || word.eq_ignore_ascii_case(b"para")) {
            return None;
        }
        // The rest of the word (letters, `ſ`, the abbreviation's dot), the
        // space, then a digit.
        let rest = text.get(at + stem..).unwrap_or_default();
        let after_word = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic() || c == 'ſ' || c == '.');
        after_word
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
            .then_some(at)
    })
}

/// Whether `text` can name a meeting as citations do: the word `meeting`
/// (after an ordinal) or a year 1900–2099.
fn names_meeting(text: &str) -> bool {
    crate::pattern::contains_folded(text, "meeting")
        || text
            .as_bytes()
            .windows(4)
            .any(|w| matches!(w, [b'1', b'9', c, d] | [b'2', b'0', c, d] if c.is_ascii_digit() && d.is_ascii_digit()))
}

/// Whether a bare form (`first meeting, recommendation 12`) can stand in
/// `text`: a meeting, and a comma before a numbered unit word.
fn may_hold_bare_form(text: &str) -> bool {
    names_meeting(text)
        && unit_mentions(text).any(|at| {
            text.get(..at)
                .is_some_and(|before| before.trim_end().ends_with(','))
        })
}

/// Whether a reversed form (`recommendation 12 of the first meeting`) can
/// stand in `text`: a meeting named after a numbered unit word.
fn may_hold_reversed_form(text: &str) -> bool {
    unit_mentions(text).any(|at| text.get(at..).is_some_and(names_meeting))
}

/// Find every citation in a text.
pub fn find(text: &str) -> Found {
    let mut found = Found::default();
    if !names_numbered_unit(text) {
        slash_forms(text, &mut found);
        return found;
    }
    if let Some(re) = PARENTHESIS.as_ref() {
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(inner)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            if inner.len() > MAX_PARENTHESIS_BYTES {
                continue;
            }
            let mut citations = Vec::new();
            for part in inner.as_str().split(';') {
                match parse_meeting_part(part) {
                    Some(mut c) => citations.append(&mut c),
                    None => {
                        citations.clear();
                        break;
                    }
                }
            }
            if !citations.is_empty() {
                found.citations.append(&mut citations);
                found.spans.push(whole.range());
            }
        }
    }
    slash_forms(text, &mut found);
    let overlaps = |found: &Found, range: &Range<usize>| {
        found
            .spans
            .iter()
            .any(|s| s.start < range.end && range.start < s.end)
    };
    if may_hold_bare_form(text)
        && let Some(re) = BARE_FORM.as_ref()
    {
        for m in re.find_iter(text) {
            if overlaps(&found, &m.range()) {
                continue;
            }
            if let Some(mut citations) = parse_meeting_part(m.as_str()) {
                found.citations.append(&mut citations);
                found.spans.push(m.range());
            }
        }
    }
    if may_hold_reversed_form(text)
        && let Some(re) = REVERSED_FORM.as_ref()
    {
        for caps in re.captures_iter(text) {
            let (Some(whole), Some(unit), Some(list), Some(meeting)) = (
                caps.get(0),
                caps.name("unit"),
                caps.name("list"),
                caps.name("meeting"),
            ) else {
                continue;
            };
            if overlaps(&found, &whole.range()) {
                continue;
            }
            let normal = format!("{}, {} {}", meeting.as_str(), unit.as_str(), list.as_str());
            if let Some(mut citations) = parse_meeting_part(&normal) {
                found.citations.append(&mut citations);
                found.spans.push(whole.range());
            }
        }
    }
    found
}

/// Whether a year is followed by a slash somewhere in `text` (`2018/`),
/// as every `2018/2` form needs.
fn has_year_slash(text: &str) -> bool {
    text.as_bytes().windows(5).any(|w| {
        matches!(w, [b'1', b'9', c, d, b'/'] | [b'2', b'0', c, d, b'/'] if c.is_ascii_digit() && d.is_ascii_digit())
    })
}

/// `2018/2 (k)`, outside the spans already read.
fn slash_forms(text: &str, found: &mut Found) {
    if !has_year_slash(text) {
        return;
    }
    let Some(re) = SLASH_FORM.as_ref() else { return };
    for caps in re.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        if found
            .spans
            .iter()
            .any(|s| s.start <= whole.start() && whole.end() <= s.end)
        {
            continue;
        }
        let year = caps.name("year").and_then(|m| m.as_str().parse::<u16>().ok());
        let number = caps.name("number").and_then(|m| m.as_str().parse::<u32>().ok());
        if let (Some(year), Some(number)) = (year, number) {
            found.citations.push(Citation {
                meeting: MeetingRef::Year(year),
                number,
                sub_item: caps.name("sub").map(|m| m.as_str().to_string()),
            });
            found.spans.push(whole.range());
        }
    }
}

/// `first meeting, recommendations 12–14` or `2012, rec. 12`.
fn parse_meeting_part(part: &str) -> Option<Vec<Citation>> {
    if !names_numbered_unit(part) || !names_meeting(part) {
        return None;
    }
    let caps = MEETING_PART.as_ref()?.captures(part)?;
    let meeting = match (caps.name("ordinal"), caps.name("year")) {
        (Some(o), _) => MeetingRef::Ordinal(dates::ordinal(o.as_str())?),
        (_, Some(y)) => MeetingRef::Year(y.as_str().parse().ok()?),
        _ => return None,
    };
    let units = UNITS_PART.as_ref()?.captures(caps.name("units")?.as_str())?;
    let list = units.name("list")?.as_str();
    let mut out = Vec::new();
    for item in list
        .split(',')
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let item = item.strip_prefix("and ").unwrap_or(item);
        out.extend(parse_item(meeting, item)?);
    }
    (!out.is_empty()).then_some(out)
}

/// `12`, `12–14`, `2 (k)`, `2 (a)–(d)`.
fn parse_item(meeting: MeetingRef, item: &str) -> Option<Vec<Citation>> {
    let caps = ITEM.as_ref()?.captures(item)?;
    let n: u32 = caps.name("n")?.as_str().parse().ok()?;
    let cite = |number: u32, sub_item: Option<String>| Citation {
        meeting,
        number,
        sub_item,
    };
    match (caps.name("a"), caps.name("b"), caps.name("m")) {
        (None, None, None) => Some(vec![cite(n, None)]),
        (Some(a), None, None) => Some(vec![cite(n, Some(a.as_str().to_string()))]),
        (Some(a), Some(b), None) => {
            let (a, b) = (single_letter(a.as_str())?, single_letter(b.as_str())?);
            (a <= b && u32::from(b) - u32::from(a) < 26)
                .then(|| (a..=b).map(|l| cite(n, Some(l.to_string()))).collect())
        }
        (None, None, Some(m)) => {
            let m: u32 = m.as_str().parse().ok()?;
            (n <= m && m - n < MAX_RANGE).then(|| (n..=m).map(|k| cite(k, None)).collect())
        }
        _ => None,
    }
}

fn single_letter(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_lowercase() => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::MeetingRef::{Ordinal, Year};
    use super::*;

    /// (meeting, number, sub-item letter or "").
    fn cites(text: &str) -> Vec<(MeetingRef, u32, String)> {
        find(text)
            .citations
            .into_iter()
            .map(|c| (c.meeting, c.number, c.sub_item.unwrap_or_default()))
            .collect()
    }

    fn c(meeting: MeetingRef, number: u32, sub: &str) -> (MeetingRef, u32, String) {
        (meeting, number, sub.to_string())
    }

    #[test]
    fn the_guards_turn_away_no_text_a_form_matches() {
        let pieces = [
            ", ",
            "Recommendation ",
            "paras. ",
            "12",
            "(a)",
            " and ",
            "first MEETING",
            "2018",
            " of the ",
            "x",
        ];
        let texts = crate::pattern::generated_texts(&pieces, 5);
        let (mut bare, mut reversed, mut part) = (0, 0, 0);
        for text in &texts {
            if BARE_FORM.as_ref().unwrap().is_match(text) {
                assert!(may_hold_bare_form(text), "{text:?}");
                bare += 1;
            }
            if REVERSED_FORM.as_ref().unwrap().is_match(text) {
                assert!(may_hold_reversed_form(text), "{text:?}");
                reversed += 1;
            }
            if MEETING_PART.as_ref().unwrap().is_match(text) && names_numbered_unit(text) {
                assert!(names_meeting(text), "{text:?}");
                part += 1;
            }
        }
        assert_eq!(texts.len(), 111_111);
        // Each form matched often enough for the check to mean something.
        assert!(
            bare > 50 && reversed > 50 && part > 50,
            "{bare} {reversed} {part}"
        );
        // The guards turn away what cannot match.
        assert!(!may_hold_bare_form("recommendation 12 of resolution 5/1"));
        assert!(!may_hold_reversed_form("in 2012, paragraph 12"));
    }

    #[test]
    fn a_year_before_a_slash_opens_the_slash_form() {
        assert!(has_year_slash("see 2018/2 (k)"));
        assert!(has_year_slash("1999/12"));
        assert!(!has_year_slash("resolution 60/251 and PRST/8/1"));
        assert!(!has_year_slash("2018 / 2"));
    }

    #[test]
    fn a_unit_word_before_a_number_opens_the_patterns() {
        for cited in [
            "(first meeting, recommendation 12)",
            "(2012, Rec.3)",
            "paras. 12 to 13",
            "PARAGRAPH\u{a0}5",
            "recommendationſ 4",
        ] {
            assert!(names_numbered_unit(cited), "{cited}");
        }
        for uncited in ["the recommendations and conclusions 1", "records", "para", ""] {
            assert!(!names_numbered_unit(uncited), "{uncited}");
        }
    }

    #[test]
    fn meeting_forms() {
        assert_eq!(
            cites("Text. (first meeting, recommendation 12)"),
            [c(Ordinal(1), 12, "")]
        );
        assert_eq!(
            cites("(fifth meeting, recommendation 2 (k))"),
            [c(Ordinal(5), 2, "k")]
        );
        assert_eq!(cites("(Twenty-first meeting, para. 3)"), [c(Ordinal(21), 3, "")]);
        assert_eq!(
            cites("(second meeting, recommendations 17–19)"),
            [
                c(Ordinal(2), 17, ""),
                c(Ordinal(2), 18, ""),
                c(Ordinal(2), 19, "")
            ]
        );
        assert_eq!(
            cites("(first meeting, paras. 12 to 13)"),
            [c(Ordinal(1), 12, ""), c(Ordinal(1), 13, "")]
        );
        assert_eq!(
            cites("(third meeting, recommendations 2, 5 and 9)"),
            [c(Ordinal(3), 2, ""), c(Ordinal(3), 5, ""), c(Ordinal(3), 9, "")]
        );
        assert_eq!(
            cites("(fifth meeting, recommendation 1 (a)–(c))"),
            [
                c(Ordinal(5), 1, "a"),
                c(Ordinal(5), 1, "b"),
                c(Ordinal(5), 1, "c")
            ]
        );
    }

    #[test]
    fn year_forms() {
        assert_eq!(cites("(2012, rec. 12)"), [c(Year(2012), 12, "")]);
        assert_eq!(cites("(2018, rec. 2 (k))"), [c(Year(2018), 2, "k")]);
        assert_eq!(cites("(2013, recs. 17–19)").len(), 3);
        assert_eq!(cites("(2015, paragraph 4)"), [c(Year(2015), 4, "")]);
        assert_eq!(
            cites("2018/2 (k) Reviewing domestic procedures"),
            [c(Year(2018), 2, "k")]
        );
        assert_eq!(cites("See 2012/12."), [c(Year(2012), 12, "")]);
    }

    #[test]
    fn several_in_one_parenthesis_and_spans() {
        let text = "Text (first meeting, recommendation 2; 2018, rec. 3).";
        let f = find(text);
        assert_eq!(f.citations.len(), 2);
        assert_eq!(
            &text[f.spans[0].clone()],
            "(first meeting, recommendation 2; 2018, rec. 3)"
        );
    }

    #[test]
    fn bare_and_reversed_forms() {
        assert_eq!(
            cites("First meeting, recommendation 12   States parties should act."),
            [c(Ordinal(1), 12, "")]
        );
        assert_eq!(
            cites("States act. Fifth meeting, recommendation 2 (k)"),
            [c(Ordinal(5), 2, "k")]
        );
        assert_eq!(
            cites("2013, recs. 17–18"),
            [c(Year(2013), 17, ""), c(Year(2013), 18, "")]
        );
        assert_eq!(
            cites("(recommendation 12 of the first meeting)"),
            [c(Ordinal(1), 12, "")]
        );
        assert_eq!(
            cites("see recommendations 2 and 3, 2018."),
            [c(Year(2018), 2, ""), c(Year(2018), 3, "")]
        );
        // Counted once, not once per form.
        assert_eq!(cites("(first meeting, recommendation 12)").len(), 1);
    }

    #[test]
    fn prose_is_not_a_citation() {
        assert!(find("(UNODC)").citations.is_empty());
        assert!(find("held from 2012 to 2018 (see annex)").citations.is_empty());
        assert!(
            find("article 6, paragraph 3, of the Protocol")
                .citations
                .is_empty()
        );
        assert!(find("(first meeting)").citations.is_empty());
        assert!(
            find("(first meeting, recommendations 14–12)")
                .citations
                .is_empty()
        );
        assert!(
            find("(first meeting, recommendations 1–9999)")
                .citations
                .is_empty()
        );
    }
}
