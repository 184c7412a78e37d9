//! Numbering: the numbered units of each meeting run 1, 2, 3 …, the
//! sub-items under each unit run (a), (b), (c) …, meetings run first,
//! second … and their dates move forward. Runs are read from the record
//! model: the top-level units of a meeting, and the children of a unit.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Document, Group, Label, Unit};
use crate::segment::{roman_numeral, roman_value};

/// A meeting or section (or the whole document, when it has none) and its
/// top-level units.
struct Run<'d> {
    title: &'d str,
    units: Vec<(usize, &'d Unit)>,
    /// Whether its numbers must start at 1 (a meeting's) or may start
    /// anywhere (a report's section numbers on from the paragraphs before).
    from_one: bool,
    /// How messages name a unit: `recommendation`, `paragraph`.
    noun: &'static str,
}

fn runs(document: &Document) -> Vec<Run<'_>> {
    let meetings: Vec<(usize, &Group)> = document.meetings().collect();
    if meetings.is_empty() {
        let units: Vec<(usize, &Unit)> = document
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.parent.is_none() && u.number().is_some())
            .collect();
        return vec![Run {
            title: document.name(),
            units,
            from_one: true,
            noun: "recommendation",
        }];
    }
    meetings
        .into_iter()
        .map(|(i, meeting)| Run {
            title: &meeting.title,
            units: document.top_units_of(i).collect(),
            from_one: true,
            noun: "recommendation",
        })
        .collect()
}

/// Units with their indices in the document.
type Units<'d> = Vec<(usize, &'d Unit)>;

/// Check the numbered paragraphs of each section: they run on by one from
/// wherever the section starts, their sub-items run (a), (b) … and those
/// sub-items' own (i), (ii) ….
pub fn check_sections(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Each section (by group index) with its top-level numbered units.
    let mut sections: Vec<(Option<usize>, Units)> = Vec::new();
    for (i, unit) in document.units.iter().enumerate() {
        if unit.parent.is_some() || unit.numbers().next().is_none() {
            continue;
        }
        let key = document.section_index(unit);
        match sections.last_mut() {
            Some((k, units)) if *k == key => units.push((i, unit)),
            _ => sections.push((key, vec![(i, unit)])),
        }
    }
    for (key, units) in sections {
        let title = key
            .and_then(|k| document.groups.get(k))
            .map_or(document.name(), |g| g.title.as_str());
        let run = Run {
            title,
            units,
            from_one: false,
            noun: "paragraph",
        };
        numbers(document, &run, None, &mut out);
    }
    out
}

/// Check the numbering of units and sub-items.
pub fn check(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut last: Option<u32> = None;
    for run in runs(document) {
        numbers(document, &run, last, &mut out);
        last = run.units.iter().filter_map(|(_, u)| u.number()).max().or(last);
    }
    out
}

/// Check that meetings run first, second, third …, with dates that move forward.
pub fn check_meetings(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous: Option<&Group> = None;
    for (i, meeting) in document.meetings() {
        let ordinal = meeting.ordinal.unwrap_or(0);
        let expected = previous.and_then(|p| p.ordinal).map(|o| o + 1).unwrap_or(1);
        if ordinal != expected {
            let what = if previous.is_some_and(|p| p.ordinal == meeting.ordinal) {
                "repeats the meeting before it"
            } else {
                "breaks the sequence"
            };
            out.push(Diagnostic::new(
                Code::MeetingOrdinal,
                meeting.location.clone(),
                format!(
                    "{} {what}: expected meeting {expected}, found meeting {ordinal}",
                    meeting.title
                ),
            ));
        }
        if let Some(numeral) = meeting.numeral.as_deref()
            && !numeral_fits(numeral, ordinal)
        {
            out.push(Diagnostic::new(
                Code::MeetingNumeral,
                meeting.location.clone(),
                format!(
                    "heading number {numeral} does not match the {} (meeting {ordinal})",
                    meeting.title
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
        if document.top_units_of(i).next().is_none() {
            out.push(Diagnostic::new(
                Code::MeetingEmpty,
                meeting.location.clone(),
                format!("no recommendations found under the {}", meeting.title),
            ));
        }
        previous = Some(meeting);
    }
    out
}

/// Check that the items under each paragraph run 1, 2, 3 …: gaps,
/// duplicates and numbers that go backwards, named `131.16`.
pub fn check_items(document: &Document) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut previous: Option<(Vec<Label>, u32)> = None;
    for unit in &document.units {
        let Some((Label::Item(n), prefix)) = unit.path.split_last() else {
            continue;
        };
        let n = *n;
        let para = unit.paragraph().unwrap_or_default();
        let stem = para
            .rsplit_once('.')
            .map_or(para.as_str(), |(s, _)| s)
            .to_string();
        let last = match &previous {
            Some((p, last)) if p.as_slice() == prefix => Some(*last),
            _ => None,
        };
        match last {
            None if n != 1 => out.push(Diagnostic::new(
                Code::NumberingStart,
                unit.start.clone(),
                format!("the items of paragraph {stem} start at {para} instead of {stem}.1"),
            )),
            Some(l) if n == l => out.push(Diagnostic::new(
                Code::NumberingDuplicate,
                unit.start.clone(),
                format!("recommendation {para} appears twice"),
            )),
            Some(l) if n > l + 1 => out.push(Diagnostic::new(
                Code::NumberingGap,
                unit.start.clone(),
                format!(
                    "recommendation {para} follows {stem}.{l}: {} missing",
                    if n == l + 2 {
                        format!("{stem}.{} is", l + 1)
                    } else {
                        format!("{stem}.{} to {stem}.{} are", l + 1, n - 1)
                    }
                ),
            )),
            Some(l) if n < l => out.push(Diagnostic::new(
                Code::NumberingOrder,
                unit.start.clone(),
                format!("recommendation {para} follows {stem}.{l}: numbers go backwards"),
            )),
            _ => {}
        }
        let high = last.map_or(n, |l| l.max(n));
        previous = Some((prefix.to_vec(), high));
    }
    out
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

fn numbers(document: &Document, run: &Run, continues_from: Option<u32>, out: &mut Vec<Diagnostic>) {
    let where_ = format!("in the {}", run.title);
    let noun = run.noun;
    let mut previous: Option<u32> = None;
    for (i, &(index, rec)) in run.units.iter().enumerate() {
        let Some(number) = rec.numbers().next() else {
            continue;
        };
        let next = run.units.get(i + 1).and_then(|(_, u)| u.numbers().next());
        match previous {
            None if !run.from_one => {}
            // Numbers that run on from the meeting before: the document
            // numbers its recommendations throughout.
            None if number != 1 && continues_from.is_some_and(|last| number == last + 1) => {
                out.push(Diagnostic::new(
                    Code::NumberingContinues,
                    rec.start.clone(),
                    format!("numbering {where_} runs on from the meeting before, at {number}"),
                ))
            }
            None if number != 1 => out.push(Diagnostic::new(
                Code::NumberingStart,
                rec.start.clone(),
                format!("numbering {where_} starts at {number} instead of 1"),
            )),
            Some(p) if number == p => {
                // `19, 19, 21`: the second 19 stands where 20 belongs.
                let misnumbered = next == Some(p + 2);
                let message = if misnumbered {
                    format!(
                        "{noun} {p} appears twice {where_} and {} is missing: this {p} is probably {}",
                        p + 1,
                        p + 1
                    )
                } else {
                    format!("{noun} {p} appears twice {where_}")
                };
                out.push(Diagnostic::new(
                    Code::NumberingDuplicate,
                    rec.start.clone(),
                    message,
                ));
                if misnumbered {
                    previous = Some(p + 1);
                    sub_items(document, run, index, number, out);
                    continue;
                }
            }
            Some(p) if number > p + 1 => out.push(Diagnostic::new(
                Code::NumberingGap,
                rec.start.clone(),
                format!(
                    "{noun} {number} follows {p} {where_}: {} missing",
                    missing(p + 1, number - 1)
                ),
            )),
            Some(p) if number < p => out.push(Diagnostic::new(
                Code::NumberingOrder,
                rec.start.clone(),
                format!("{noun} {number} follows {p} {where_}: numbers go backwards"),
            )),
            _ => {}
        }
        previous = Some(previous.map_or(number, |p| p.max(number)));
        sub_items(document, run, index, number, out);
    }
}

fn missing(from: u32, to: u32) -> String {
    if from == to {
        format!("{from} is")
    } else {
        format!("{from} to {to} are")
    }
}

fn sub_items(document: &Document, run: &Run, parent: usize, number: u32, out: &mut Vec<Diagnostic>) {
    let context = format!("{} {number} of the {}", run.noun, run.title);
    let mut letters = Letters {
        expected: 'a',
        seen: Vec::new(),
    };
    for (at, item) in document.children(parent) {
        if item.roman().is_some() {
            continue;
        }
        if let Some(letter) = item.letter()
            && let Some(finding) = letters.next(letter, item, &context)
        {
            out.push(finding);
        }
        romans(document, run, at, item, number, out);
    }
}

/// The letters of a run of sub-items so far.
struct Letters<'d> {
    expected: char,
    seen: Vec<&'d str>,
}

impl<'d> Letters<'d> {
    /// Take the next sub-item's letter: a finding when it repeats one, or
    /// is not the letter expected (a gap or a step back).
    fn next(&mut self, letter: &'d str, item: &Unit, context: &str) -> Option<Diagnostic> {
        let expected = self.expected;
        let first = letter.chars().next().unwrap_or('a');
        let single = letter.chars().count() == 1;
        let finding = if self.seen.contains(&letter) {
            Some(Diagnostic::new(
                Code::SubitemDuplicate,
                item.start.clone(),
                format!("sub-item ({letter}) appears twice in {context}"),
            ))
        } else if !single || first != expected {
            let code = if first > expected {
                Code::SubitemGap
            } else {
                Code::SubitemOrder
            };
            let detail = if first > expected && single {
                let last = char::from_u32(first as u32 - 1).unwrap_or(expected);
                if last == expected {
                    format!("({expected}) is missing")
                } else {
                    format!("({expected}) to ({last}) are missing")
                }
            } else {
                format!("expected ({expected})")
            };
            Some(Diagnostic::new(
                code,
                item.start.clone(),
                format!("sub-item ({letter}) in {context}: {detail}"),
            ))
        } else {
            None
        };
        self.seen.push(letter);
        if single && first >= expected {
            self.expected = char::from_u32(first as u32 + 1).unwrap_or('z');
        }
        finding
    }
}

/// A sub-item's own sub-items run (i), (ii), (iii) …: a numeral out of
/// its place is a gap, a repeat or a step back.
fn romans(
    document: &Document,
    run: &Run,
    parent: usize,
    item: &Unit,
    number: u32,
    out: &mut Vec<Diagnostic>,
) {
    let letter = item.letter().unwrap_or_default();
    let mut expected = 1;
    for (_, sub) in document.children(parent) {
        let Some(numeral) = sub.roman() else { continue };
        let value = roman_value(numeral).unwrap_or(0);
        let context = format!("{} {number} ({letter}) of the {}", run.noun, run.title);
        let code = match value {
            v if v == expected => {
                expected += 1;
                continue;
            }
            v if v > expected => Code::SubitemGap,
            v if v + 1 == expected => Code::SubitemDuplicate,
            _ => Code::SubitemOrder,
        };
        out.push(Diagnostic::new(
            code,
            sub.start.clone(),
            format!(
                "sub-item ({numeral}) in {context}: expected ({})",
                roman_numeral(expected)
            ),
        ));
        expected = expected.max(value + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, extract};

    fn codes(text: &str) -> Vec<(&'static str, u32)> {
        let x = extract(
            "t.txt",
            text.as_bytes(),
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        // The id suffix a repeated number gets is a note of its own.
        x.diagnostics
            .iter()
            .filter(|d| d.code != crate::diagnostic::Code::IdRepeated)
            .map(|d| (d.code.name(), d.location.line))
            .collect()
    }

    const HEAD: &str = "I. First meeting, Vienna, 4 and 5 July 2018\n";

    /// A section's paragraphs start anywhere and run on by one; letters
    /// and roman numerals under them run in order.
    #[test]
    fn section_numbering() {
        use crate::diagnostic::Location;
        use crate::model::{Document, Group, GroupKind, Label, Metadata, Unit};
        let mut groups = vec![Group::new(
            GroupKind::Section,
            "Concerns and recommendations",
            Location::default(),
        )];
        let mut topic = Group::new(GroupKind::Topic, "Statistics", Location::default());
        topic.parent = Some(0);
        groups.push(topic);
        let labels: [&[&str]; 8] = [
            &["5"],
            &["6"],
            &["6", "a"],
            &["6", "c"],
            &["6", "c", "i"],
            &["6", "c", "iii"],
            &["8"],
            &["9"],
        ];
        let mut units: Vec<Unit> = Vec::new();
        for (line, label) in labels.iter().enumerate() {
            let mut path = vec![Label::Paragraph(label[0].parse().unwrap())];
            path.extend(label.get(1).map(|l| Label::Letter(l.to_string())));
            path.extend(label.get(2).map(|l| Label::Roman(l.to_string())));
            let mut unit = Unit::new(
                label.join("-"),
                path,
                "t.".into(),
                Location::new("d", None, line as u32 + 1),
                Location::default(),
            );
            unit.group = Some(1);
            unit.parent = match label.len() {
                1 => None,
                2 => units.iter().rposition(|u| u.path.len() == 1),
                _ => units.iter().rposition(|u| u.path.len() == 2),
            };
            units.push(unit);
        }
        let doc = Document {
            source: crate::read::Source {
                file: "d".into(),
                format: crate::read::SourceFormat::Text,
            },
            kind: crate::model::Kind::Unknown,
            metadata: Metadata::default(),
            groups,
            units,
            diagnostics: Vec::new(),
            guesses: Vec::new(),
            truncated: false,
        };
        let found: Vec<(&str, u32)> = super::check_sections(&doc)
            .iter()
            .map(|d| (d.code.name(), d.location.line))
            .collect();
        assert_eq!(
            found,
            [("subitem_gap", 4), ("subitem_gap", 6), ("numbering_gap", 7)]
        );
    }

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
    fn a_repeated_number_keeps_ids_unique() {
        let x = extract(
            "t.txt",
            format!("{HEAD}1. A:\n(a) x;\n1. B.").as_bytes(),
            &Config::of_kind(crate::model::Kind::Compilation),
        )
        .unwrap();
        let ids: Vec<&str> = x.document.units.iter().map(|u| u.id.as_str()).collect();
        assert_eq!(ids, ["t-m1-r1", "t-m1-r1-a", "t-m1-r1-2"]);
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
