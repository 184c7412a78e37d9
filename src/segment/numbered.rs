//! Numbered recommendations with lettered sub-items, as meetings adopt
//! them: what the compilation and the meeting report share.
//!
//! `12. ...` (or `12) ...`, `Recommendation 12: ...`) opens a
//! recommendation and `(k) ...` a sub-item of the last one; `(i)` after
//! `(a)` belongs to the sub-item before it; an unnumbered paragraph
//! continues the unit before it (a number alone takes the paragraph after
//! it as its text).

use super::{leading_number, line_after, spaced_line};
use crate::clean::{Block, Evidence};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Label, Unit, unit_id};

/// A numbered recommendation's number and text, when a block opens one:
/// `12. Text`, `3) Text`, `Recommendation 2: Text`, `Rec. 4 Text`, or the
/// opener alone (read by code: the texts are whole paragraphs, and a
/// pattern's captures walked each of them).
pub fn recommendation(text: &str) -> Option<(u32, &str)> {
    let named = text
        .strip_prefix("Recommendation")
        .or_else(|| text.strip_prefix("Rec."));
    let (digits, body) = match named {
        Some(after) => {
            let spaced = after.trim_start();
            (spaced.len() < after.len()).then_some(())?;
            let (digits, rest) = leading_number(spaced, 6)?;
            // A closing `.`, `:` or `)`, perhaps after spaces, is taken
            // when what follows it reads; else the number stands alone.
            let closed = rest
                .trim_start()
                .strip_prefix(['.', ':', ')'])
                .and_then(line_after);
            (digits, closed.or_else(|| line_after(rest))?)
        }
        None => {
            let (digits, rest) = leading_number(text, 6)?;
            (digits, line_after(rest.strip_prefix(['.', ')'])?)?)
        }
    };
    Some((digits.parse().unwrap_or(0), body.unwrap_or_default()))
}

/// A lettered sub-item's letter and text: `(k) Text`.
fn sub_item(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('(')?;
    let n = inner.bytes().take_while(u8::is_ascii_lowercase).count();
    if !(1..=3).contains(&n) {
        return None;
    }
    let rest = inner.get(n..)?.strip_prefix(')')?;
    Some((inner.get(..n)?, spaced_line(rest)?))
}

/// Where text goes when a block continues the unit before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Recommendation,
    SubItem,
}

/// What became of a block offered to [`Recommendations::take`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// It opened a recommendation or sub-item, or continued one.
    Unit,
    /// It is no part of a unit: a paragraph before the first recommendation,
    /// or after a heading.
    Outside,
}

/// The recommendations of one meeting, as its blocks come.
pub struct Recommendations<'a> {
    evidence: &'a Evidence,
    prefix: &'a str,
    /// The meeting's label (`m5`), when known.
    meeting: Option<Label>,
    /// How messages name the meeting: `Fifth meeting, Vienna, 4 and 5 July 2018`.
    title: String,
    /// The group new units fall under.
    group: usize,
    open: Open,
    /// The last recommendation, by index into the units.
    last: Option<usize>,
    /// The last sub-item of it.
    last_item: Option<usize>,
}

impl<'a> Recommendations<'a> {
    pub fn new(
        evidence: &'a Evidence,
        prefix: &'a str,
        meeting: Option<Label>,
        title: String,
        group: usize,
    ) -> Self {
        Recommendations {
            evidence,
            prefix,
            meeting,
            title,
            group,
            open: Open::Nothing,
            last: None,
            last_item: None,
        }
    }

    /// New units fall under another group (a topic heading); the text after
    /// the heading belongs to no unit until a number opens one.
    pub fn set_group(&mut self, group: usize) {
        self.group = group;
        self.open = Open::Nothing;
    }

    /// Nothing is open: the next unnumbered paragraph belongs to no unit.
    pub fn close(&mut self) {
        self.open = Open::Nothing;
    }

    /// Whether any recommendation was read.
    pub fn any(&self) -> bool {
        self.last.is_some()
    }

    fn path(&self, number: u32) -> Vec<Label> {
        self.meeting
            .iter()
            .cloned()
            .chain([Label::Para(number)])
            .collect()
    }

    /// Read one block of the meeting.
    pub fn take(&mut self, block: &Block, units: &mut Vec<Unit>, diagnostics: &mut Vec<Diagnostic>) -> Taken {
        let text = block.text.as_str();
        if let Some((number, body)) = recommendation(text) {
            let path = self.path(number);
            units.push(self.unit(path, Some(self.group), None, body, block));
            self.last = Some(units.len() - 1);
            self.last_item = None;
            self.open = Open::Recommendation;
            return Taken::Unit;
        }
        if let Some((letter, body)) = sub_item(text) {
            return self.take_sub_item(block, letter, body, units, diagnostics);
        }
        self.continue_unit(block, units, diagnostics)
    }

    /// A unit of the meeting: a recommendation, or a sub-item of one.
    fn unit(
        &self,
        path: Vec<Label>,
        group: Option<usize>,
        parent: Option<usize>,
        body: &str,
        block: &Block,
    ) -> Unit {
        Unit {
            id: unit_id(self.prefix, &path),
            path,
            group,
            parent,
            text: body.to_string(),
            start: block.start.clone(),
            end: block.end().clone(),
            themes: Vec::new(),
            extension: crate::model::Extension::None,
        }
    }

    /// A lettered sub-item, `(k) Text`, of the last recommendation; `(i)`
    /// after `(a)` goes on with the sub-item before it.
    fn take_sub_item(
        &mut self,
        block: &Block,
        letter: &str,
        body: &str,
        units: &mut Vec<Unit>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Taken {
        let Some(parent) = self.last else {
            diagnostics.push(Diagnostic::new(
                Code::OrphanSubItem,
                block.start.clone(),
                format!(
                    "sub-item ({letter}) stands before any recommendation of the {}",
                    self.title
                ),
            ));
            return Taken::Outside;
        };
        let previous = self.last_item.and_then(|i| units.get(i)).and_then(Unit::letter);
        if is_nested_numeral(letter, previous)
            && let Some(item) = self.last_item.and_then(|i| units.get_mut(i))
        {
            // `(i)`, `(ii)` under a lettered item: part of that item.
            append(self.evidence, &mut item.text, &block.text);
            item.end = block.end().clone();
            if let Some(rec) = units.get_mut(parent) {
                rec.end = block.end().clone();
            }
            return Taken::Unit;
        }
        let Some(rec) = units.get_mut(parent) else {
            return Taken::Outside;
        };
        rec.end = block.end().clone();
        let mut path = rec.path.clone();
        path.push(Label::Letter(letter.to_string()));
        let group = rec.group;
        units.push(self.unit(path, group, Some(parent), body, block));
        self.last_item = Some(units.len() - 1);
        self.open = Open::SubItem;
        Taken::Unit
    }

    /// An unnumbered paragraph: it continues the unit before it, the open
    /// sub-item or recommendation.
    fn continue_unit(
        &mut self,
        block: &Block,
        units: &mut [Unit],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Taken {
        let Some(parent) = self.last else {
            diagnostics.push(Diagnostic::new(
                Code::TextBeforeFirstRecommendation,
                block.start.clone(),
                format!(
                    "paragraph before the first recommendation of the {} is not a recommendation",
                    self.title
                ),
            ));
            return Taken::Outside;
        };
        let target = match self.open {
            Open::SubItem => self.last_item,
            Open::Recommendation => Some(parent),
            Open::Nothing => None,
        };
        let Some(target) = target else {
            diagnostics.push(Diagnostic::new(
                Code::UnattachedParagraph,
                block.start.clone(),
                format!(
                    "paragraph in the {} follows a subheading and belongs to no recommendation",
                    self.title
                ),
            ));
            return Taken::Outside;
        };
        let mut own_text = false;
        if let Some(unit) = units.get_mut(target) {
            // A number alone on its line (`Recommendation 12`) takes the
            // paragraph that follows as its text.
            own_text = unit.text.is_empty();
            append(self.evidence, &mut unit.text, &block.text);
            unit.end = block.end().clone();
        }
        let mut number = 0;
        if let Some(rec) = units.get_mut(parent) {
            rec.end = block.end().clone();
            number = rec.number().unwrap_or(0);
        }
        if !own_text {
            diagnostics.push(Diagnostic::new(
                Code::ParagraphJoined,
                block.start.clone(),
                format!(
                    "unnumbered paragraph joined to {} {number} of the {}",
                    if self.open == Open::SubItem {
                        "a sub-item of recommendation"
                    } else {
                        "recommendation"
                    },
                    self.title
                ),
            ));
        }
        Taken::Unit
    }
}

fn append(evidence: &Evidence, target: &mut String, text: &str) {
    if target.is_empty() {
        *target = text.to_string();
    } else {
        evidence.push(target, text);
    }
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
    fn nested_numerals() {
        assert!(is_nested_numeral("i", Some("a")));
        assert!(!is_nested_numeral("i", Some("h")));
        assert!(is_nested_numeral("ii", Some("i")));
        assert!(!is_nested_numeral("b", Some("a")));
        assert!(!is_nested_numeral("i", None));
    }

    #[test]
    fn openers_read_as_the_patterns_did() {
        let pieces = [
            "Recommendation",
            "Rec.",
            "12",
            "1234567",
            ".",
            ":",
            ")",
            " ",
            "\n",
            "x",
        ];
        let n = crate::pattern::assert_reads_as(
            &pieces,
            5,
            r"^(?:(?:Recommendation|Rec\.)\s+(?P<named>[0-9]{1,6})(?:\s*[.:)])?|(?P<number>[0-9]{1,6})[.)])(?:\s+(?P<text>\S.*))?$",
            |c| {
                c.map(|c| {
                    let number = c.name("number").or_else(|| c.name("named"));
                    let number = number.map_or(0, |m| m.as_str().parse::<u32>().unwrap());
                    (number, c.name("text").map_or("", |m| m.as_str()).to_string())
                })
            },
            |t| recommendation(t).map(|(n, body)| (n, body.to_string())),
        );
        assert_eq!(n, 111_111);
        let n = crate::pattern::assert_reads_as(
            &["(", ")", "a", "abcd", " ", "\u{a0}", "\n", "x", "A", "1"],
            5,
            r"^\((?P<letter>[a-z]{1,3})\)\s+(?P<text>\S.*)$",
            |c| c.map(|c| (c["letter"].to_string(), c["text"].to_string())),
            |t| sub_item(t).map(|(l, body)| (l.to_string(), body.to_string())),
        );
        assert_eq!(n, 111_111);
    }

    #[test]
    fn recommendation_forms() {
        assert_eq!(recommendation("12. States act."), Some((12, "States act.")));
        assert_eq!(recommendation("3) States act."), Some((3, "States act.")));
        assert_eq!(recommendation("Recommendation 2: Share."), Some((2, "Share.")));
        assert_eq!(recommendation("Recommendation 1"), Some((1, "")));
        assert_eq!(recommendation("States act."), None);
        // Regression: numbers from 1000 were merged into 999's text.
        assert_eq!(recommendation("1002. States act."), Some((1002, "States act.")));
    }
}
