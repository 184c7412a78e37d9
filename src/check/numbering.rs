//! Numbering: recommendations run 1, 2, 3 … in each meeting, sub-items run
//! (a), (b), (c) … under each recommendation, meetings run first, second …
//! and their dates move forward.

use crate::diagnostic::{Code, Diagnostic};
use crate::segment::{Document, Meeting};

/// Check the numbering of meetings, recommendations and sub-items.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    meetings(document, &mut out);
    let mut last: Option<u32> = None;
    for meeting in &document.meetings {
        recommendations(meeting, last, &mut out);
        last = meeting.recommendations.iter().map(|r| r.number).max().or(last);
    }
    out
}

fn meetings(document: &Document, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<&Meeting> = None;
    for meeting in &document.meetings {
        let expected = previous.map(|p| p.ordinal + 1).unwrap_or(1);
        if meeting.ordinal != expected {
            let what = if previous.is_some_and(|p| p.ordinal == meeting.ordinal) {
                "repeats the meeting before it"
            } else {
                "breaks the sequence"
            };
            out.push(Diagnostic::new(
                Code::MeetingOrdinal,
                meeting.location.clone(),
                format!(
                    "{} {what}: expected meeting {expected}, found meeting {}",
                    meeting.title, meeting.ordinal
                ),
            ));
        }
        if let Some(numeral) = meeting.numeral.as_deref()
            && !numeral_fits(numeral, meeting.ordinal)
        {
            out.push(Diagnostic::new(
                Code::MeetingNumeral,
                meeting.location.clone(),
                format!(
                    "heading number {numeral} does not match the {} (meeting {})",
                    meeting.title, meeting.ordinal
                ),
            ));
        }
        if let (Some(start), Some(end)) = (&meeting.start_date, &meeting.end_date)
            && start > end
        {
            out.push(Diagnostic::new(
                Code::MeetingDates,
                meeting.location.clone(),
                format!("the {} ends ({end}) before it starts ({start})", meeting.title),
            ));
        }
        if let Some(p) = previous
            && let (Some(before), Some(start)) =
                (p.end_date.as_ref().or(p.start_date.as_ref()), &meeting.start_date)
            && start < before
        {
            out.push(Diagnostic::new(
                Code::MeetingDates,
                meeting.location.clone(),
                format!(
                    "the {} starts ({start}) before the {} ends ({before})",
                    meeting.title, p.title
                ),
            ));
        }
        if meeting.recommendations.is_empty() {
            out.push(Diagnostic::new(
                Code::MeetingEmpty,
                meeting.location.clone(),
                format!("no recommendations found under the {}", meeting.title),
            ));
        }
        previous = Some(meeting);
    }
}

/// Whether a heading's number agrees with the meeting's ordinal: `IV` or
/// `D` for the fourth meeting.
fn numeral_fits(numeral: &str, ordinal: u32) -> bool {
    let roman = crate::segment::dates::roman(numeral) == Some(ordinal);
    let mut chars = numeral.chars();
    let letter = match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_uppercase() => u32::from(c) - u32::from('A') + 1 == ordinal,
        _ => false,
    };
    roman || letter
}

fn recommendations(meeting: &Meeting, continues_from: Option<u32>, out: &mut Vec<Diagnostic>) {
    let recs = &meeting.recommendations;
    let mut previous: Option<u32> = None;
    for (i, rec) in recs.iter().enumerate() {
        let where_ = format!("in the {}", meeting.title);
        let next = recs.get(i + 1).map(|r| r.number);
        match previous {
            // Numbers that run on from the meeting before: the document
            // numbers its recommendations throughout.
            None if rec.number != 1 && continues_from.is_some_and(|last| rec.number == last + 1) => {
                out.push(Diagnostic::new(
                    Code::NumberingContinues,
                    rec.start.clone(),
                    format!(
                        "numbering {where_} runs on from the meeting before, at {}",
                        rec.number
                    ),
                ))
            }
            None if rec.number != 1 => out.push(Diagnostic::new(
                Code::NumberingStart,
                rec.start.clone(),
                format!("numbering {where_} starts at {} instead of 1", rec.number),
            )),
            Some(p) if rec.number == p => {
                // `19, 19, 21`: the second 19 stands where 20 belongs.
                let misnumbered = next == Some(p + 2);
                let message = if misnumbered {
                    format!(
                        "recommendation {p} appears twice {where_} and {} is missing: this {p} is probably {}",
                        p + 1,
                        p + 1
                    )
                } else {
                    format!("recommendation {p} appears twice {where_}")
                };
                out.push(Diagnostic::new(
                    Code::NumberingDuplicate,
                    rec.start.clone(),
                    message,
                ));
                if misnumbered {
                    previous = Some(p + 1);
                    sub_items(meeting, rec, out);
                    continue;
                }
            }
            Some(p) if rec.number > p + 1 => out.push(Diagnostic::new(
                Code::NumberingGap,
                rec.start.clone(),
                format!(
                    "recommendation {} follows {p} {where_}: {} missing",
                    rec.number,
                    missing(p + 1, rec.number - 1)
                ),
            )),
            Some(p) if rec.number < p => out.push(Diagnostic::new(
                Code::NumberingOrder,
                rec.start.clone(),
                format!(
                    "recommendation {} follows {p} {where_}: numbers go backwards",
                    rec.number
                ),
            )),
            _ => {}
        }
        previous = Some(previous.map_or(rec.number, |p| p.max(rec.number)));
        sub_items(meeting, rec, out);
    }
}

fn missing(from: u32, to: u32) -> String {
    if from == to {
        format!("{from} is")
    } else {
        format!("{from} to {to} are")
    }
}

fn sub_items(meeting: &Meeting, rec: &crate::segment::Recommendation, out: &mut Vec<Diagnostic>) {
    let mut expected = 'a';
    let mut seen: Vec<&str> = Vec::new();
    for item in &rec.sub_items {
        let letter = item.letter.as_str();
        let first = letter.chars().next().unwrap_or('a');
        let context = format!("recommendation {} of the {}", rec.number, meeting.title);
        if seen.contains(&letter) {
            out.push(Diagnostic::new(
                Code::SubitemDuplicate,
                item.start.clone(),
                format!("sub-item ({letter}) appears twice in {context}"),
            ));
        } else if letter.chars().count() != 1 || first != expected {
            let code = if first > expected {
                Code::SubitemGap
            } else {
                Code::SubitemOrder
            };
            let detail = if first > expected && letter.chars().count() == 1 {
                let last = char::from_u32(first as u32 - 1).unwrap_or(expected);
                if last == expected {
                    format!("({expected}) is missing")
                } else {
                    format!("({expected}) to ({last}) are missing")
                }
            } else {
                format!("expected ({expected})")
            };
            out.push(Diagnostic::new(
                code,
                item.start.clone(),
                format!("sub-item ({letter}) in {context}: {detail}"),
            ));
        }
        seen.push(letter);
        if letter.chars().count() == 1 && first >= expected {
            expected = char::from_u32(first as u32 + 1).unwrap_or('z');
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, extract};

    fn codes(text: &str) -> Vec<(&'static str, u32)> {
        let x = extract("t.txt", text.as_bytes(), &Config::default()).unwrap();
        x.diagnostics
            .iter()
            .map(|d| (d.code.name(), d.location.line))
            .collect()
    }

    const HEAD: &str = "I. First meeting, Vienna, 4 and 5 July 2018\n";

    #[test]
    fn clean_numbering_has_no_findings() {
        assert_eq!(codes(&format!("{HEAD}1. A.\n2. B:\n(a) x;\n(b) y.\n3. C.")), []);
    }

    #[test]
    fn numbering_findings() {
        assert_eq!(codes(&format!("{HEAD}2. A.\n3. B.")), [("numbering_start", 2)]);
        assert_eq!(
            codes(&format!("{HEAD}1. A.\n2. B.\n4. D.")),
            [("numbering_gap", 4)]
        );
        assert_eq!(
            codes(&format!("{HEAD}1. A.\n1. B.")),
            [("numbering_duplicate", 3)]
        );
        // A duplicate that stands where the missing number belongs is one finding.
        assert_eq!(
            codes(&format!("{HEAD}1. A.\n1. B.\n3. C.")),
            [("numbering_duplicate", 3)]
        );
        assert_eq!(
            codes(&format!("{HEAD}1. A.\n2. B.\n1. C.")),
            [("numbering_order", 4)]
        );
    }

    #[test]
    fn sub_item_findings() {
        let base = format!("{HEAD}1. Lead:\n");
        assert_eq!(codes(&format!("{base}(a) x;\n(c) z.")), [("subitem_gap", 4)]);
        assert_eq!(codes(&format!("{base}(b) x;\n(c) z.")), [("subitem_gap", 3)]);
        assert_eq!(
            codes(&format!("{base}(a) x;\n(a) z.")),
            [("subitem_duplicate", 4)]
        );
        assert_eq!(
            codes(&format!("{base}(a) x;\n(c) y;\n(b) z.")),
            [("subitem_gap", 4), ("subitem_order", 5)]
        );
    }

    #[test]
    fn meeting_findings() {
        let m = |n: &str, dates: &str| format!("{n} meeting, Vienna, {dates}\n1. A.\n");
        let two = format!(
            "{}{}",
            m("I. First", "4 July 2018"),
            m("III. Third", "4 July 2019")
        );
        assert_eq!(codes(&two), [("meeting_ordinal", 3)]);
        let back = format!(
            "{}{}",
            m("I. First", "4 July 2018"),
            m("II. Second", "4 July 2017")
        );
        assert_eq!(codes(&back), [("meeting_dates", 3)]);
        let numeral = format!(
            "{}{}",
            m("I. First", "4 July 2018"),
            m("III. Second", "4 July 2019")
        );
        assert_eq!(codes(&numeral), [("meeting_numeral", 3)]);
        let letters = format!(
            "{}{}",
            m("A. First", "4 July 2018"),
            m("B. Second", "4 July 2019")
        );
        assert_eq!(codes(&letters), []);
        let continuous = format!(
            "{}{}",
            m("I. First", "4 July 2018"),
            "II. Second meeting, Vienna, 4 July 2019\n2. B.\n"
        );
        assert_eq!(codes(&continuous), [("numbering_continues", 4)]);

        assert_eq!(
            codes("I. First meeting, Vienna, 4 July 2018\nII. Second meeting, Vienna, 5 July 2018\n1. A."),
            [("meeting_empty", 1)]
        );
    }
}
