//! The meeting-report profile: the report a body adopts at the end of one
//! meeting.
//!
//! After the masthead and the title (`Report on the meeting of the Working
//! Group on the Smuggling of Migrants held in Vienna from 30 May to 1 June
//! 2012`), and perhaps a table of contents, the section `I. Recommendations`
//! holds the numbered recommendations, sometimes under topic headings
//! (`A. Criminalization`, which become the units' group) and sometimes after
//! an unnumbered lead-in sentence. The report's paragraph numbering then runs
//! on into the sections that follow (summary of deliberations, organization
//! of the meeting, adoption of the report), which are not recommendations:
//! the units end where the next section begins.
//!
//! The meeting's place and dates come from the title (or the masthead); its
//! ordinal from the text where it says so (`held its fifth meeting`), found
//! anywhere in the document, else it stays unknown until the session's other
//! documents are reconciled with the report. Ids are the compilation's for
//! the same recommendation, so that the two documents' records join.

use super::dates::{self, ORDINAL_PATTERN};
use super::numbered::{self, Recommendations};
use super::{Body, Check, Outline, Profile, Score};
use crate::clean::{self, Block};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Group, GroupKind};
use crate::pattern::{Anchor, Guarded, Phrases, captures};
use regex::Regex;
use std::sync::LazyLock;

/// Headings longer than this are sentences.
const MAX_HEADING_CHARS: usize = 160;
/// Longest block a title is looked for in: a masthead run together with
/// its title (a plain-text printout without blank lines) is one block.
const MAX_TITLE_BLOCK: usize = 1500;
/// How far into the document the title may stand.
const TITLE_BLOCKS: usize = 40;

/// `Report on the meeting of …`, `Report of the Working Group … on its
/// meeting held …`: `report on|of`, then `meeting` within
/// [`TITLE_WORDS`] words.
static REPORT_ON: Phrases = Phrases::new(Anchor::Space, &["report on|of"]);
/// The most words between `Report of` and `meeting` (an optional `the`
/// beyond them).
const TITLE_WORDS: usize = 14;
static MEETING: Phrases = Phrases::new(Anchor::Text, &["meeting"]);

/// Where the first `Report on|of … meeting` in `text` begins.
fn title_start(text: &str) -> Option<usize> {
    REPORT_ON.find_each(text).find_map(|m| {
        let after = text.get(m.end..).filter(|a| a.starts_with(char::is_whitespace))?;
        let mut words = after.split(char::is_whitespace).filter(|w| !w.is_empty());
        let first = words.next()?;
        let within = TITLE_WORDS + usize::from(first.eq_ignore_ascii_case("the"));
        std::iter::once(first)
            .chain(words)
            .take(within + 1)
            .any(|w| MEETING.is_match(w))
            .then_some(m.start)
    })
}

/// Whether a text opens with a title that follows the recommendations in a
/// report, when a producer leaves out their numerals: `Summary of
/// deliberations`, `Organization of the meeting`, `Annexes`, in any case.
fn is_later_section(text: &str) -> bool {
    use dates::read_date::word;
    fn maybe_the(s: &str) -> &str {
        word(s, "the ").unwrap_or(s)
    }
    let summary = word(text, "summary of ").and_then(|s| word(maybe_the(s), "deliberations"));
    let organization = word(text, "organization of ")
        .map(maybe_the)
        .and_then(|s| ["meeting", "session", "work"].iter().find_map(|w| word(s, w)));
    let fixed = ["adoption of the report", "attendance", "opening of the meeting"]
        .iter()
        .find_map(|w| word(text, w));
    let ends = |rest: &str| !rest.chars().next().is_some_and(clean::is_word_char);
    let annex = word(text, "annex").is_some_and(|rest| word(rest, "es").is_some_and(ends) || ends(rest));
    summary.is_some() || organization.is_some() || fixed.is_some() || annex
}
/// A recommendations section's title: `Recommendations`, `Conclusions
/// and recommendations`, `Recommendations adopted at …` (to the text's
/// end, on its line).
fn is_recommendations_title(text: &str) -> bool {
    static TITLE: Phrases = Phrases::new(
        Anchor::Text,
        &["recommendations", "conclusions|decisions and recommendations"],
    );
    static GOES_ON: Phrases = Phrases::new(Anchor::Text, &["adopted|of|made"]);
    let Some(rest) = TITLE.find(text).and_then(|m| text.get(m.end..)) else {
        return false;
    };
    let after = rest.trim_start_matches(char::is_whitespace);
    rest.is_empty()
        || (after.len() < rest.len()
            && GOES_ON
                .find(after)
                .and_then(|m| after.get(m.end..))
                .is_some_and(|line| !line.contains('\n')))
}
/// A topic heading inside the section: `A. Criminalization`.
static TOPIC: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<letter>[A-Z])\.\s+(?P<title>\p{Lu}.*)$").ok());
/// Where the text says which meeting it reports, strongest first.
static ORDINAL_STATEMENTS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        format!(r"(?i)\bheld\s+its\s+(?P<ordinal>{ORDINAL_PATTERN})\s+meeting\b"),
        format!(
            r"(?i)\bthe\s+(?P<ordinal>{ORDINAL_PATTERN})\s+meeting\s+of\s+the\s+[^.]{{0,120}}?\b(?:was|is)\s+(?:held|opened|convened)\b"
        ),
        format!(r"(?i)\b(?:at|during)\s+its\s+(?P<ordinal>{ORDINAL_PATTERN})\s+meeting,?\s+held\s+(?:in|at|from|on)\b"),
        format!(r"(?i)\bon\s+its\s+(?P<ordinal>{ORDINAL_PATTERN})\s+meeting\b"),
    ]
    .iter()
    .filter_map(|p| Regex::new(p).ok())
    .collect()
});
/// `at its fifth meeting`: weaker, since the deliberations may recall an
/// earlier meeting; trusted in the title and the recommendations' lead-in.
static AT_ITS: Guarded = Guarded::new(&["its", "meeting"], || {
    Regex::new(&format!(
        r"(?i)\b(?:at|during)\s+its\s+(?P<ordinal>{ORDINAL_PATTERN})\s+meeting\b"
    ))
    .ok()
});
/// `held in Vienna from …` / `held in Vienna on …`.
static HELD_IN: Guarded = Guarded::new(&["held"], || {
    Regex::new(r"(?i)\bheld\s+(?:in|at)\s+(?P<place>[\p{Lu}][^,]{0,60}?)\s+(?:from|on)\s").ok()
});

/// The meeting-report profile.
pub struct MeetingReport;

/// The parts of a report the profile finds.
struct Shape {
    /// The title block.
    title: Option<usize>,
    /// The heading of the recommendations section.
    heading: usize,
    /// The block after the section's last.
    end: usize,
}

/// A table-of-contents line: dot leaders, or a page number at the end.
pub(super) fn is_contents_line(text: &str) -> bool {
    let (digits, before) = super::trailing_digits(text);
    super::has_leaders(text) || ((1..=3).contains(&digits) && before.ends_with(char::is_whitespace))
}

/// A section heading's numeral and title.
fn section(text: &str) -> Option<(Option<&str>, &str)> {
    if text.chars().count() > MAX_HEADING_CHARS || text.ends_with(['.', ';', ':']) || is_contents_line(text) {
        return None;
    }
    if let Some((numeral, title)) = super::roman_heading(text).filter(|(_, title)| !title.contains('\n')) {
        dates::roman(numeral)?;
        return Some((Some(numeral), title));
    }
    (is_recommendations_title(text) || is_later_section(text)).then_some((None, text))
}

fn shape(blocks: &[Block]) -> Option<Shape> {
    let title = blocks
        .iter()
        .take(TITLE_BLOCKS)
        .position(|b| b.text.chars().count() < MAX_TITLE_BLOCK && title_text(&b.text).is_some());
    let heading = blocks
        .iter()
        .enumerate()
        .skip(title.unwrap_or(0))
        .find_map(|(i, b)| {
            let (_, name) = section(&b.text)?;
            // The section's own heading, not an entry of the contents: units follow it.
            let opens = blocks
                .get(i + 1..)?
                .iter()
                .take_while(|next| section(&next.text).is_none())
                .any(|next| numbered::recommendation(&next.text).is_some());
            (is_recommendations_title(name) && !super::compilation::is_meeting_heading(&b.text) && opens)
                .then_some(i)
        })?;
    let numeral = blocks
        .get(heading)
        .and_then(|b| section(&b.text))
        .and_then(|(n, _)| n)
        .and_then(dates::roman);
    let end = blocks
        .iter()
        .enumerate()
        .skip(heading + 1)
        .find(|(_, b)| match section(&b.text) {
            // `C. Prevention` is a topic heading, not section 100: a
            // one-letter numeral ends the section only as the next number.
            Some((Some(n), _)) => match (numeral, dates::roman(n)) {
                (Some(current), Some(v)) => v > current && (n.len() > 1 || v == current + 1),
                _ => n.len() > 1,
            },
            Some((None, name)) => is_later_section(name),
            None => false,
        })
        .map_or(blocks.len(), |(i, _)| i);
    Some(Shape { title, heading, end })
}

/// The meeting's ordinal as the text states it, searched in the whole
/// document: the strongest statement wins, the first of equals.
fn stated_ordinal(blocks: &[Block], shape: &Shape) -> Option<u32> {
    let find = |re: &Regex, text: &str| {
        re.captures(text)
            .and_then(|c| c.name("ordinal"))
            .and_then(|m| dates::ordinal(m.as_str()))
    };
    for re in ORDINAL_STATEMENTS.iter() {
        if let Some(n) = blocks.iter().find_map(|b| find(re, &b.text)) {
            return Some(n);
        }
    }
    // `at its fifth meeting` in the title or the lead-in before the units.
    let trusted = shape
        .title
        .into_iter()
        .chain(shape.heading..shape.end.min(shape.heading + 3));
    trusted
        .filter_map(|i| blocks.get(i))
        .find_map(|b| AT_ITS.for_text(&b.text).and_then(|re| find(re, &b.text)))
}

/// The title in a block: from `Report` to the block's end, or to the end
/// of the first dates after it (a masthead run together with the title).
fn title_text(text: &str) -> Option<&str> {
    let rest = text.get(title_start(text)?..)?;
    let end = dates::find_range(rest).map_or(rest.len(), |(_, span)| span.end);
    // A sentence that names a report of a meeting is no title.
    let title = rest.get(..end)?;
    (!title.contains(". ") && title.chars().count() < 400).then_some(title)
}

/// The meeting group: place and dates from the title, else the masthead.
fn meeting_group(outline: &Outline, shape: &Shape, metadata: &super::Metadata) -> Group {
    let blocks = outline.blocks();
    let title = shape.title.and_then(|i| blocks.get(i));
    let location = title
        .or_else(|| blocks.get(shape.heading))
        .map(|b| b.start.clone())
        .unwrap_or_else(|| outline.first_location());
    let mut group = Group::new(GroupKind::Meeting, String::new(), location);
    let mut written_dates = None;
    if let Some(text) = title.and_then(|b| title_text(&b.text))
        && let Some((range, span)) = dates::find_range(text)
    {
        group.start_date = Some(range.start.iso());
        group.end_date = Some(range.end.iso());
        group.year = Some(range.start.year);
        written_dates = text.get(span).map(str::to_string);
        group.city = HELD_IN
            .captures(text)
            .and_then(|c| c.name("place").map(|m| m.as_str().to_string()));
    }
    if group.start_date.is_none() {
        group.start_date = metadata.session_start.clone();
        group.end_date = metadata.session_end.clone();
        group.year = metadata
            .session_start
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok());
    }
    if group.city.is_none() {
        group.city = metadata.session_venue.clone();
    }
    group.ordinal = stated_ordinal(blocks, shape);
    let dates_text = written_dates.or_else(|| match (&group.start_date, &group.end_date) {
        (Some(s), Some(e)) if s != e => Some(format!("{s} to {e}")),
        (Some(s), _) => Some(s.clone()),
        _ => None,
    });
    let name = match group.ordinal {
        Some(n) => format!("{} meeting", ordinal_word(n)),
        None => "Meeting".to_string(),
    };
    group.title = [Some(name), group.city.clone(), dates_text]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    group
}

/// `Fifth` for 5: how a compilation's heading names the meeting.
fn ordinal_word(n: u32) -> String {
    const WORDS: [&str; 20] = [
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
        "Twelfth",
        "Thirteenth",
        "Fourteenth",
        "Fifteenth",
        "Sixteenth",
        "Seventeenth",
        "Eighteenth",
        "Nineteenth",
        "Twentieth",
    ];
    match usize::try_from(n)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| WORDS.get(i))
    {
        Some(word) => (*word).to_string(),
        None => {
            let suffix = match (n % 10, n % 100) {
                (1, 11) | (2, 12) | (3, 13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
    }
}

impl Profile for MeetingReport {
    /// A title that calls the document a report of a meeting, and a
    /// recommendations section with numbered units.
    fn detect(&self, outline: &Outline) -> Score {
        let blocks = outline.blocks();
        let Some(shape) = shape(blocks) else {
            return Score::NONE;
        };
        // A compilation names several meetings in its headings.
        let meeting_headings = blocks
            .iter()
            .filter(|b| super::compilation::is_meeting_heading(&b.text))
            .count();
        if meeting_headings >= 2 {
            return Score::NONE;
        }
        // Without a title naming a meeting, a recommendations section is
        // any report's: no meeting report.
        if shape.title.is_some() {
            Score::NAMED
        } else {
            Score::NONE
        }
    }

    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let Some(shape) = shape(blocks) else {
            let metadata = super::metadata::read_masthead(
                blocks.get(..blocks.len().min(TITLE_BLOCKS)).unwrap_or_default(),
                &outline.blocks.furniture,
            );
            return Body {
                metadata,
                ..Body::default()
            };
        };
        let front_end = shape.title.map_or(shape.heading, |t| (t + 1).min(shape.heading));
        let mut metadata = super::metadata::read_masthead(
            blocks.get(..front_end).unwrap_or_default(),
            &outline.blocks.furniture,
        );
        if let Some(title) = shape
            .title
            .and_then(|i| blocks.get(i))
            .and_then(|b| title_text(&b.text))
            && metadata
                .title
                .as_deref()
                .is_none_or(|t| t.len() > title.len() || !t.contains("eport"))
        {
            metadata.title = Some(title.to_string());
        }
        let prefix = metadata.id_prefix(outline.file());
        let meeting = meeting_group(outline, &shape, &metadata);
        if meeting.ordinal.is_none() {
            diagnostics.push(Diagnostic::new(
                Code::MeetingOrdinalUnknown,
                meeting.location.clone(),
                format!(
                    "the report does not say which meeting it reports (`held its fifth meeting`); its ids carry the year{} until `unrec reconcile` matches it with the session's compilation",
                    meeting.year.map(|y| format!(" ({y})")).unwrap_or_default()
                ),
            ));
        }
        let mut groups = vec![meeting];
        let mut units = Vec::new();
        let title = groups.first().map(|g| g.title.clone()).unwrap_or_default();
        let label = groups.first().and_then(Group::meeting_label);
        let mut reader = Recommendations::new(outline.evidence(), &prefix, label, title.clone(), 0);
        for block in blocks.get(shape.heading + 1..shape.end).unwrap_or_default() {
            if outline.units_full(units.len()) {
                break;
            }
            let text = block.text.as_str();
            if numbered::recommendation(text).is_none()
                && text.chars().count() < MAX_HEADING_CHARS
                && !text.ends_with(['.', ';', ':'])
                && let Some(c) = captures(&TOPIC, text)
            {
                let mut topic = Group::new(
                    GroupKind::Topic,
                    c.name("title").map(|m| m.as_str()).unwrap_or(text),
                    block.start.clone(),
                );
                topic.numeral = c.name("letter").map(|m| m.as_str().to_string());
                topic.parent = Some(0);
                reader.set_group(groups.len());
                groups.push(topic);
                continue;
            }
            reader.take(block, &mut units, diagnostics);
        }
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::Numbering, Check::Text]
    }

    fn expects(&self) -> &'static str {
        "a report of one meeting with a section `I. Recommendations` of numbered recommendations"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The section titles and the report's title found in code read every
    /// generated text as the case-insensitive patterns they replace.
    #[test]
    fn titles_read_as_the_patterns_did() {
        type Ours = fn(&str) -> bool;
        let later: &[&str] = &[
            "Summary of ",
            "ORGANIZATION of ",
            "the ",
            "deliberations",
            "seſſion",
            "work",
            "Annex",
            "es",
            "x",
            " ",
            "Attendance",
            "adoption of the report",
        ];
        let recommendations: &[&str] = &[
            "Recommendations",
            "Conclusions and ",
            "decisions ",
            "and ",
            " ",
            "\n",
            "adopted",
            "of",
            "made",
            "x",
            "s",
            "é",
        ];
        let cases: [(&[&str], usize, &str, Ours); 2] = [
            (
                later,
                4,
                r"(?i)^(?:summary of (?:the )?deliberations|organization of (?:the )?(?:meeting|session|work)|adoption of the report|attendance|opening of the meeting|annex(?:es)?\b)",
                is_later_section,
            ),
            (
                recommendations,
                5,
                r"(?i)^(?:(?:conclusions|decisions)\s+and\s+)?recommendations\b(?:\s+(?:adopted|of|made)\b.*)?$",
                is_recommendations_title,
            ),
        ];
        let mut checked = 0;
        for (pieces, len, pattern, ours) in cases {
            checked += crate::pattern::assert_reads_as(pieces, len, pattern, |c| c.is_some(), ours);
        }
        let title: &[&str] = &[
            "Report ",
            "of ",
            "on",
            " ",
            "the ",
            "x ",
            "Meeting",
            "s",
            ",",
            "\u{a0}",
            "(",
            "a b c d e f g ",
        ];
        checked += crate::pattern::assert_reads_as(
            title,
            5,
            r"(?i)(?:^|\s)report\s+(?:on|of)\s+(?:the\s+)?(?:\S+\s+){0,14}?meeting\b",
            |c| {
                c.and_then(|c| c.get(0))
                    .map(|m| m.end() - m.as_str().trim_start().len())
            },
            title_start,
        );
        assert_eq!(checked, 22_621 + 2 * 271_453);
        // Fourteen words and `the` between `of` and `meeting`, and fifteen.
        let words = "w ".repeat(TITLE_WORDS);
        assert_eq!(title_start(&format!("Report of the {words}meeting")), Some(0));
        assert_eq!(title_start(&format!("Report of w {words}meeting")), None);
    }

    use crate::{Config, extract};

    const REPORT: &str = "\
United Nations\n\nCTOC/COP/WG.7/2018/4\n\nDistr.: General\n9 July 2018\n\nOriginal: English\n\n\
Report on the meeting of the Working Group on the Smuggling of Migrants held in Vienna on 4 and 5 July 2018\n\n\
Contents\n\nI. Recommendations .......... 2\nII. Organization of the meeting .......... 4\n\n\
I. Recommendations\n\n\
At its meeting, the Working Group adopted the following recommendations:\n\n\
A. Prevention\n\n\
1. States parties should act.\n\n\
2. States parties should consider:\n\n(a) Training;\n\n(b) Sharing.\n\n\
B. Protection\n\n\
3. States parties should protect migrants.\n\n\
II. Organization of the meeting\n\n\
4. The Working Group held its fifth meeting in Vienna on 4 and 5 July 2018.\n\n\
5. The agenda was as follows:\n\n\
1. Organizational matters.\n\n\
III. Adoption of the report\n\n\
6. On 5 July 2018, the Working Group adopted the present report.\n";

    #[test]
    fn units_end_with_the_recommendations_section() {
        let x = extract("r.txt", REPORT.as_bytes(), &Config::default()).unwrap();
        let doc = &x.document;
        assert_eq!(doc.kind, crate::model::Kind::MeetingReport);
        let ids: Vec<&str> = doc.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "ctoc-cop-wg7-m5-r1",
                "ctoc-cop-wg7-m5-r2",
                "ctoc-cop-wg7-m5-r2-a",
                "ctoc-cop-wg7-m5-r2-b",
                "ctoc-cop-wg7-m5-r3"
            ]
        );
        let topics: Vec<Option<&str>> = doc
            .units
            .iter()
            .map(|u| doc.topic(u).map(|g| g.title.as_str()))
            .collect();
        assert_eq!(
            topics,
            [
                Some("Prevention"),
                Some("Prevention"),
                Some("Prevention"),
                Some("Prevention"),
                Some("Protection")
            ]
        );
        let meeting = doc.meetings().next().map(|(_, m)| m).unwrap();
        assert_eq!(meeting.title, "Fifth meeting, Vienna, 4 and 5 July 2018");
        assert_eq!(meeting.start_date.as_deref(), Some("2018-07-04"));
        let codes: Vec<&str> = x
            .diagnostics
            .iter()
            .filter(|d| d.severity > crate::diagnostic::Severity::Note)
            .map(|d| d.code.name())
            .collect();
        assert!(codes.is_empty(), "{codes:?}");
    }

    #[test]
    fn a_report_that_names_no_meeting_keeps_the_year() {
        let text = REPORT.replace("held its fifth meeting in", "met in");
        let x = extract("r.txt", text.as_bytes(), &Config::default()).unwrap();
        assert_eq!(
            x.document.units.first().map(|u| u.id.as_str()),
            Some("ctoc-cop-wg7-y2018-r1")
        );
        assert!(
            x.diagnostics
                .iter()
                .any(|d| d.code == Code::MeetingOrdinalUnknown)
        );
    }

    #[test]
    fn ordinal_statements() {
        assert_eq!(ordinal_word(5), "Fifth");
        assert_eq!(ordinal_word(23), "23rd");
        assert_eq!(ordinal_word(11), "Eleventh");
        assert_eq!(ordinal_word(111), "111th");
    }
}
