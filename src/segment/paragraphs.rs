//! Numbered paragraphs under headings, as UN reports print them: what a
//! report's recommendations section and a concluding observation's parts
//! share.
//!
//! `12. Text` opens a paragraph (the numbers run through the document),
//! `(a) Text` a lettered sub-item of the last paragraph, `(i) Text` a roman
//! sub-sub-item of the last lettered one; an unnumbered paragraph continues
//! the unit before it. Headings are told by their numbering style: a
//! heading of the section's own level or a higher one (`IV.` under `III.`,
//! `D.` after `C.`) is a part, given back to the caller to end the section
//! or open another; a lower one is a topic, lettered clusters (`A. General
//! measures …`) over unnumbered subheadings (`Legislation`), and units fall
//! under the innermost.

use super::{leading_number, roman_heading, roman_value, spaced_line};
use crate::clean::{Block, Evidence};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Group, GroupKind, Label, Unit, unit_id};

/// Most words a heading without a number may have.
const MAX_HEADING_WORDS: usize = 16;
/// Most words a longer heading may have, read after a paragraph that ends
/// a sentence.
const MAX_LONG_HEADING_WORDS: usize = 60;

/// How a heading is numbered, highest level first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `IV. Implementation and reporting`.
    Roman,
    /// `C. Concerns and recommendations`.
    Capital,
    /// `Legislation`.
    Unnumbered,
}

/// A heading: its level, its numeral (`IV`, `C`) and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading<'a> {
    pub level: Level,
    pub numeral: Option<&'a str>,
    pub title: &'a str,
}

/// What a block of the body is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    Paragraph(u32, &'a str),
    Letter(&'a str, &'a str),
    /// A parenthesised letter group that may be a roman numeral: `(i)`,
    /// `(v)`; the reader decides by what is open.
    LetterOrRoman(&'a str, &'a str),
    Heading(Heading<'a>),
    /// `• Text`: a bullet and its text.
    Bullet(&'a str),
    Text(&'a str),
}

/// The marks that open a bullet.
const BULLETS: [char; 8] = ['•', '▪', '◦', '‣', '⁃', '●', '■', '\u{f0b7}'];

/// `• Text`: a bullet's text (a dash opens one before a capital letter).
fn bullet(text: &str) -> Option<&str> {
    let mut chars = text.chars();
    let mark = chars.next()?;
    let rest = chars.as_str();
    let body = rest.trim_start();
    let spaced = body.len() < rest.len() && !body.is_empty();
    let dash = matches!(mark, '–' | '-') && body.starts_with(char::is_uppercase);
    (spaced && (BULLETS.contains(&mark) || dash)).then_some(body)
}

/// `12. Text`: a paragraph's number and text.
fn paragraph(text: &str) -> Option<(u32, &str)> {
    let (digits, rest) = leading_number(text, 4)?;
    let body = spaced_line(rest.strip_prefix('.')?)?;
    Some((digits.parse().ok()?, body))
}

/// `(k) Text`, or `k. Text` as some reports print it: a lower-case label
/// and its text.
fn parenthesised(text: &str) -> Option<(&str, &str)> {
    let (inner, close) = match text.strip_prefix('(') {
        Some(inner) => (inner, ')'),
        None => (text, '.'),
    };
    let n = inner.bytes().take_while(u8::is_ascii_lowercase).count();
    if !(1..=4).contains(&n) {
        return None;
    }
    let rest = inner.get(n..)?.strip_prefix(close)?;
    Some((inner.get(..n)?, spaced_line(rest)?))
}

/// `D. Other recommendations`: a capital letter, a dot, a title (`I.`,
/// `V.` and `X.` read as roman numerals first).
fn capital_heading(text: &str) -> Option<(&str, &str)> {
    let mut chars = text.chars();
    chars.next().filter(char::is_ascii_uppercase)?;
    let title = chars.as_str().strip_prefix(". ")?.trim_start();
    let opens = title.chars().next().is_some_and(char::is_uppercase);
    opens.then(|| Some((text.get(..1)?, title))).flatten()
}

/// The heading level of a numeral `roman_heading` read: `C` and `L` are
/// letters (no UN document has a hundredth part).
fn numeral_level(numeral: &str) -> Level {
    match numeral {
        "C" | "L" => Level::Capital,
        _ => Level::Roman,
    }
}

/// Whether a title reads as a heading, not a sentence: short, no closing
/// sentence punctuation.
fn heading_title(title: &str) -> bool {
    let words = title.split_whitespace().count();
    (1..=MAX_HEADING_WORDS * 2).contains(&words) && !title.ends_with(['.', ';', ':', ','])
}

/// What a block is, read by its opening.
pub fn line(text: &str) -> Line<'_> {
    if let Some((n, body)) = paragraph(text) {
        return Line::Paragraph(n, body);
    }
    if let Some(body) = bullet(text) {
        return Line::Bullet(body);
    }
    if let Some((label, body)) = parenthesised(text) {
        return if roman_value(label).is_some() {
            Line::LetterOrRoman(label, body)
        } else {
            Line::Letter(label, body)
        };
    }
    let numbered = roman_heading(text)
        .map(|(n, t)| (numeral_level(n), n, t))
        .or_else(|| capital_heading(text).map(|(n, t)| (Level::Capital, n, t)));
    if let Some((level, numeral, title)) = numbered.filter(|(_, _, t)| heading_title(t)) {
        return Line::Heading(Heading {
            level,
            numeral: Some(numeral),
            title,
        });
    }
    let words = text.split_whitespace().count();
    let capital = text.chars().next().is_some_and(char::is_uppercase);
    if capital && words <= MAX_HEADING_WORDS && heading_title(text) && !text.contains(". ") {
        return Line::Heading(Heading {
            level: Level::Unnumbered,
            numeral: None,
            title: text,
        });
    }
    Line::Text(text)
}

/// Whether a unit's text ends a sentence: a full stop (perhaps inside a
/// closing quote or parenthesis), a question or an exclamation mark.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['”', '’', '"', ')'])
        .ends_with(['.', '?', '!'])
}

/// Where continuing text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    Paragraph,
    Letter,
    Roman,
    Bullet,
}

/// The units of one or more sections, as their blocks come.
pub struct Paragraphs<'a> {
    evidence: &'a Evidence,
    prefix: &'a str,
    pub groups: Vec<Group>,
    pub units: Vec<Unit>,
    pub diagnostics: Vec<Diagnostic>,
    /// The section new units fall under, by index into the groups.
    section: Option<usize>,
    /// The level of the section's own heading: higher ones end it.
    section_level: Level,
    /// The lettered cluster and the unnumbered topic under it.
    cluster: Option<usize>,
    /// The letter of the last lettered heading: after `H.`, `I.` is a
    /// letter, not a roman one.
    last_capital: Option<char>,
    topic: Option<usize>,
    open: Open,
    paragraph: Option<usize>,
    letter: Option<usize>,
    /// Whether bullets are units (a section of bullets only), and how
    /// many the section has had; else a bullet is text of the unit before.
    bullets_are_units: bool,
    bullets: u32,
    /// How many units there were when the section opened.
    section_start: Option<usize>,
}

impl<'a> Paragraphs<'a> {
    pub fn new(evidence: &'a Evidence, prefix: &'a str, groups: Vec<Group>) -> Self {
        Paragraphs {
            evidence,
            prefix,
            groups,
            units: Vec::new(),
            diagnostics: Vec::new(),
            section: None,
            section_level: Level::Roman,
            cluster: None,
            last_capital: None,
            topic: None,
            open: Open::Nothing,
            paragraph: None,
            letter: None,
            bullets_are_units: false,
            bullets: 0,
            section_start: None,
        }
    }

    /// Bullets are units from here on (a section of bullets only), or text
    /// of the unit before them.
    pub fn set_bullets_are_units(&mut self, units: bool) {
        self.bullets_are_units = units;
    }

    /// The level a heading stands at here: `I.`, `V.` or `X.` right after
    /// the letter before it is a letter.
    pub fn level(&self, heading: &Heading) -> Level {
        let follows = |c: char| {
            self.last_capital
                .and_then(|l| char::from_u32(l as u32 + 1))
                .is_some_and(|next| next == c)
        };
        match heading.numeral {
            Some(n @ ("I" | "V" | "X")) if n.chars().next().is_some_and(follows) => Level::Capital,
            _ => heading.level,
        }
    }

    /// Open a section under `heading`: units from here on fall under it.
    pub fn open_section(&mut self, heading: &Heading, block: &Block) {
        let mut group = Group::new(GroupKind::Section, heading.title, block.start.clone());
        group.numeral = heading.numeral.map(str::to_string);
        self.groups.push(group);
        self.section = Some(self.groups.len() - 1);
        self.section_level = self.level(heading);
        self.note_capital(heading);
        self.cluster = None;
        self.topic = None;
        self.open = Open::Nothing;
        self.bullets = 0;
        self.section_start = Some(self.units.len());
    }

    /// Close the section: what follows belongs to no unit until the next
    /// section opens.
    pub fn close_section(&mut self) {
        self.open = Open::Nothing;
        self.paragraph = None;
        self.letter = None;
    }

    /// Whether a heading is of the section's level or higher: a part of its
    /// own, not a topic inside the section. Under an unnumbered section
    /// heading, whose level the text does not show, an unnumbered heading
    /// before the section's first unit, or one that names whom the units
    /// are for (`To the Government`), is a topic.
    pub fn is_part(&self, heading: &Heading) -> bool {
        let level = self.level(heading);
        if self.section_level == Level::Unnumbered && level == Level::Unnumbered {
            let addressed = ["To ", "For ", "Addressed to "]
                .iter()
                .any(|w| heading.title.starts_with(w));
            let first_unit = self.section_start.is_none_or(|start| self.units.len() <= start);
            return !(first_unit || addressed);
        }
        level <= self.section_level
    }

    fn note_capital(&mut self, heading: &Heading) {
        if self.level(heading) == Level::Capital {
            self.last_capital = heading.numeral.and_then(|n| n.chars().next());
        }
    }

    /// Take a block of the section's body; a heading of the section's level
    /// or higher is given back, for the caller to end the section or open
    /// another.
    pub fn take(&mut self, block: &'a Block) -> Option<Heading<'a>> {
        let read = match line(&block.text) {
            Line::Text(text) if self.follows_whole_unit(text) => Line::Heading(Heading {
                level: Level::Unnumbered,
                numeral: None,
                title: text,
            }),
            other => other,
        };
        match read {
            Line::Paragraph(n, text) => self.paragraph(n, text, block),
            Line::Letter(label, text) => self.letter(label, text, block),
            Line::LetterOrRoman(label, text) => {
                if self.roman_follows(label) {
                    self.roman(label, text, block);
                } else {
                    self.letter(label, text, block);
                }
            }
            Line::Heading(heading) if self.is_part(&heading) => return Some(heading),
            Line::Heading(heading) => self.heading(&heading, block),
            Line::Bullet(text) if self.bullets_are_units => self.bullet(text, block),
            // A bullet inside a paragraph is its text, mark and all.
            Line::Bullet(_) => self.continue_unit(&block.text, block),
            Line::Text(text) => self.continue_unit(text, block),
        }
        None
    }

    /// Whether unnumbered text after a unit that ends as a sentence does is
    /// a heading too long for [`line`] to tell (`Discussion on the theme
    /// “…” (item 3)`): it opens with a capital and ends with no sentence
    /// punctuation.
    fn follows_whole_unit(&self, text: &str) -> bool {
        let ended = self.open != Open::Nothing && self.units.last().is_some_and(|u| ends_sentence(&u.text));
        let words = text.split_whitespace().count();
        ended
            && words <= MAX_LONG_HEADING_WORDS
            && text.starts_with(char::is_uppercase)
            && !text.ends_with(['.', ';', ':', ',', '”'])
            && !text.contains(". ")
    }

    /// A topic heading inside the section: a lettered cluster resets the
    /// unnumbered topic under it.
    fn heading(&mut self, heading: &Heading, block: &Block) {
        let level = self.level(heading);
        self.note_capital(heading);
        let parent = match level {
            Level::Unnumbered => self.cluster.or(self.section),
            _ => self.section,
        };
        let mut group = Group::new(GroupKind::Topic, heading.title, block.start.clone());
        group.numeral = heading.numeral.map(str::to_string);
        group.parent = parent;
        self.groups.push(group);
        let index = self.groups.len() - 1;
        if level == Level::Unnumbered {
            self.topic = Some(index);
        } else {
            self.cluster = Some(index);
            self.topic = None;
        }
        self.open = Open::Nothing;
    }

    /// The group a new unit falls under: the innermost heading.
    fn group(&self) -> Option<usize> {
        self.topic.or(self.cluster).or(self.section)
    }

    fn push(&mut self, path: Vec<Label>, text: &str, block: &Block, parent: Option<usize>) -> usize {
        let mut unit = Unit::new(
            unit_id(self.prefix, &path),
            path,
            text.to_string(),
            block.start.clone(),
            block.end().clone(),
        );
        unit.group = self.group();
        unit.parent = parent;
        self.units.push(unit);
        self.units.len() - 1
    }

    fn paragraph(&mut self, n: u32, text: &str, block: &Block) {
        let at = self.push(vec![Label::Paragraph(n)], text, block, None);
        self.paragraph = Some(at);
        self.letter = None;
        self.open = Open::Paragraph;
    }

    fn bullet(&mut self, text: &str, block: &Block) {
        self.bullets += 1;
        self.push(vec![Label::Bullet(self.bullets)], text, block, None);
        self.paragraph = None;
        self.letter = None;
        self.open = Open::Bullet;
    }

    /// A lettered item: a sub-item of the open paragraph, or with none
    /// open (after a lead-in or a heading), an item of its own: letters
    /// restart under each heading, which tells them apart.
    fn letter(&mut self, label: &str, text: &str, block: &Block) {
        let parent = self.paragraph.filter(|_| self.open != Open::Nothing);
        let mut path = parent
            .and_then(|p| self.units.get(p))
            .map(|u| u.path.clone())
            .unwrap_or_default();
        path.push(Label::Letter(label.to_string()));
        self.letter = Some(self.push(path, text, block, parent));
        if parent.is_none() {
            // The letters that follow are items of their own too.
            self.paragraph = None;
        }
        self.open = Open::Letter;
    }

    fn roman(&mut self, label: &str, text: &str, block: &Block) {
        let Some(parent) = self.letter else {
            return self.letter(label, text, block);
        };
        let mut path = self.units.get(parent).map(|u| u.path.clone()).unwrap_or_default();
        path.push(Label::Roman(label.to_string()));
        self.push(path, text, block, Some(parent));
        self.open = Open::Roman;
    }

    /// Whether `(i)`, `(v)` … is a roman sub-sub-item here: a lettered
    /// sub-item is open and the label is not the letter that would follow
    /// it (`(i)` after `(h)` is a letter), or a roman run is going on.
    fn roman_follows(&self, label: &str) -> bool {
        if self.open == Open::Roman {
            return true;
        }
        let Some(letter) = self.letter.and_then(|i| self.units.get(i)).and_then(Unit::letter) else {
            return false;
        };
        let next = letter
            .chars()
            .next()
            .and_then(|c| char::from_u32(c as u32 + 1))
            .map(String::from);
        self.open == Open::Letter && next.as_deref() != Some(label)
    }

    /// An unnumbered paragraph: it continues the unit before it (a list or
    /// a sentence that unit leaves open; a note says so), or belongs to
    /// none (after a heading, or after a unit that ends a sentence: in UN
    /// style every paragraph of its own is numbered, and an unnumbered one
    /// is a lead-in or a transition).
    fn continue_unit(&mut self, text: &str, block: &Block) {
        let open = match self.open {
            Open::Nothing => None,
            _ => self.units.len().checked_sub(1),
        };
        if open
            .and_then(|i| self.units.get(i))
            .is_some_and(|u| ends_sentence(&u.text))
        {
            self.outside(block, "an unnumbered paragraph after one that ends a sentence");
            self.open = Open::Nothing;
            return;
        }
        let Some(unit) = open.and_then(|i| self.units.get_mut(i)) else {
            self.outside(block, "a paragraph after a heading that no number opens");
            return;
        };
        self.evidence.push(&mut unit.text, text);
        unit.end = block.end().clone();
        self.diagnostics.push(Diagnostic::new(
            Code::ParagraphJoined,
            block.start.clone(),
            format!("an unnumbered paragraph joins {}", unit.id),
        ));
    }

    /// A block that belongs to no unit.
    fn outside(&mut self, block: &Block, what: &str) {
        self.diagnostics.push(Diagnostic::new(
            Code::UnattachedParagraph,
            block.start.clone(),
            format!("{what}: no unit"),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_by_their_opening() {
        assert_eq!(
            line("12. The Committee recommends:"),
            Line::Paragraph(12, "The Committee recommends:")
        );
        assert_eq!(line("(b) Adopt a plan;"), Line::Letter("b", "Adopt a plan;"));
        assert_eq!(line("(ii) Spending;"), Line::LetterOrRoman("ii", "Spending;"));
        assert_eq!(line("b. Adopt a plan;"), Line::Letter("b", "Adopt a plan;"));
        assert_eq!(line("e.g. a plan"), Line::Text("e.g. a plan"));
        let heading = |level, numeral, title| {
            Line::Heading(Heading {
                level,
                numeral,
                title,
            })
        };
        assert_eq!(
            line("III. Main areas of concern and recommendations"),
            heading(
                Level::Roman,
                Some("III"),
                "Main areas of concern and recommendations"
            )
        );
        assert_eq!(
            line("A. General measures of implementation (arts. 4, 42 and 44 (6))"),
            heading(
                Level::Capital,
                Some("A"),
                "General measures of implementation (arts. 4, 42 and 44 (6))"
            )
        );
        assert_eq!(
            line("Legislation"),
            heading(Level::Unnumbered, None, "Legislation")
        );
        assert_eq!(line("The Committee notes."), Line::Text("The Committee notes."));
        assert_eq!(
            line("and the rest of a sentence"),
            Line::Text("and the rest of a sentence")
        );
        // `I.` is the roman one, not a capital letter.
        assert_eq!(
            line("I. Introduction"),
            heading(Level::Roman, Some("I"), "Introduction")
        );
    }
}
