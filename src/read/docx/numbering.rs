//! Paragraph styles (`word/styles.xml`, ECMA-376 Part 1, 17.7) and
//! automatic numbering (`word/numbering.xml`, 17.9), resolved into the
//! labels a reader sees.
//!
//! A paragraph is numbered by its own `w:numPr` or by the first style up its
//! `w:basedOn` chain that has one. A `w:num` names an abstract list
//! (`w:abstractNum`, possibly through a numbering style's `w:numStyleLink`)
//! and may override levels or their start values. Counters are kept as Word
//! keeps them: lists without overrides share the counters of their abstract
//! list, a list with overrides has its own; a level restarts when a higher
//! level advances (unless `w:lvlRestart` says otherwise). The label is the
//! level's `w:lvlText` with `%1` … `%9` replaced by the counters, each in
//! its level's `w:numFmt`; bullets give no label.

use super::xml::{self, Event, Xml};
use crate::read::ReadError;
use std::collections::HashMap;
use std::rc::Rc;

/// Levels of a list (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;
/// Longest `w:basedOn` chain followed (they may loop).
const MAX_CHAIN: usize = 64;
/// Numbering style links followed from one list.
const MAX_LINKS: usize = 4;
/// Lower- and upper-case letters repeat (`aa`, `bb`) at most this often.
const MAX_LETTER_REPEAT: u32 = 30;

/// A paragraph style.
#[derive(Debug, Default, Clone)]
struct Style {
    name: String,
    based_on: Option<String>,
    num: NumRef,
    outline: Option<u8>,
    /// A numbering style (`w:type="numbering"`), which only numbering links use.
    numbering: bool,
}

/// A `w:numPr`: list and level, each possibly left to a style.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NumRef {
    pub num_id: Option<u32>,
    pub ilvl: Option<u8>,
}

/// The styles of a document.
#[derive(Debug, Default)]
pub struct Styles {
    styles: HashMap<String, Style>,
    /// The default paragraph style, for paragraphs that name none.
    default: Option<String>,
}

/// What a paragraph takes from its style.
#[derive(Debug, Default, Clone)]
pub struct Inherited {
    pub num: NumRef,
    /// The style whose numbering it takes (for a level linked to a style).
    pub num_style: Option<String>,
    pub heading: bool,
}

impl Styles {
    pub fn parse(xml: &mut Xml<'_>) -> Result<Styles, ReadError> {
        let mut out = Styles::default();
        while let Some(event) = xml.next()? {
            let Event::Start(e) = event else { continue };
            match xml::name(&e) {
                "styles" => {}
                "style" => {
                    let kind = xml::attr(&e, "type");
                    let id = xml::attr(&e, "styleId").unwrap_or_default();
                    let default = xml::attr(&e, "default").is_some_and(|v| v == "1" || v == "true");
                    let mut style = style(xml)?;
                    style.numbering = kind.as_deref() == Some("numbering");
                    let paragraph = kind.as_deref().is_none_or(|k| k == "paragraph");
                    if paragraph && default && out.default.is_none() {
                        out.default = Some(id.clone());
                    }
                    if paragraph || style.numbering {
                        out.styles.entry(id).or_insert(style);
                    }
                }
                _ => xml.skip()?,
            }
        }
        Ok(out)
    }

    /// What a paragraph of style `id` (or of the default style) inherits.
    pub fn inherited(&self, id: Option<&str>) -> Inherited {
        let mut out = Inherited::default();
        let mut outline = None;
        let mut current = id.map(str::to_string).or_else(|| self.default.clone());
        for _ in 0..MAX_CHAIN {
            let Some(name) = current.take() else { break };
            let Some(style) = self.styles.get(&name) else {
                break;
            };
            if out.num.num_id.is_none() && style.num.num_id.is_some() {
                out.num = style.num;
                out.num_style = Some(name.clone());
            }
            if outline.is_none() {
                outline = style.outline;
            }
            out.heading |= is_heading_name(&name) || is_heading_name(&style.name);
            current = style.based_on.clone();
        }
        out.heading |= outline.is_some_and(|l| usize::from(l) < LEVELS);
        out
    }

    /// The list a numbering style stands for.
    fn numbering_style(&self, id: &str) -> Option<u32> {
        self.styles
            .get(id)
            .filter(|s| s.numbering)
            .and_then(|s| s.num.num_id)
    }
}

/// `Heading 1` … `Heading 9` and `Title` (by id or name, any case).
fn is_heading_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    folded == "title"
        || folded
            .strip_prefix("heading")
            .is_some_and(|n| n.len() == 1 && n.chars().all(|c| c.is_ascii_digit()))
}

fn style(xml: &mut Xml<'_>) -> Result<Style, ReadError> {
    let mut out = Style::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => match xml::name(&e) {
                "name" => {
                    out.name = xml::attr(&e, "val").unwrap_or_default();
                    xml.skip()?;
                }
                "basedOn" => {
                    out.based_on = xml::attr(&e, "val");
                    xml.skip()?;
                }
                "pPr" => paragraph_style(xml, &mut out)?,
                _ => xml.skip()?,
            },
        }
    }
    Ok(out)
}

fn paragraph_style(xml: &mut Xml<'_>, out: &mut Style) -> Result<(), ReadError> {
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => match xml::name(&e) {
                "numPr" => out.num = num_pr(xml)?,
                "outlineLvl" => {
                    out.outline = xml::number(&e, "val").and_then(|v| u8::try_from(v).ok());
                    xml.skip()?;
                }
                _ => xml.skip()?,
            },
        }
    }
    Ok(())
}

/// A `w:numPr`, read to its end.
pub fn num_pr(xml: &mut Xml<'_>) -> Result<NumRef, ReadError> {
    let mut out = NumRef::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => {
                match xml::name(&e) {
                    "numId" => out.num_id = xml::number(&e, "val").and_then(|v| u32::try_from(v).ok()),
                    "ilvl" => out.ilvl = xml::number(&e, "val").and_then(|v| u8::try_from(v).ok()),
                    _ => {}
                }
                xml.skip()?;
            }
        }
    }
    Ok(out)
}

/// How a level writes its counter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Format {
    #[default]
    Decimal,
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Ordinal,
    Bullet,
    None,
}

impl Format {
    fn parse(value: &str) -> Format {
        match value {
            "decimalZero" => Format::DecimalZero,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "ordinal" => Format::Ordinal,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // Everything else (and `decimal`) as decimal numbers.
            _ => Format::Decimal,
        }
    }

    fn write(self, n: u32) -> String {
        match self {
            Format::Decimal => n.to_string(),
            Format::DecimalZero => format!("{n:02}"),
            Format::LowerLetter => letters(n).unwrap_or_else(|| n.to_string()),
            Format::UpperLetter => letters(n)
                .map(|s| s.to_uppercase())
                .unwrap_or_else(|| n.to_string()),
            Format::LowerRoman => roman(n)
                .map(|s| s.to_lowercase())
                .unwrap_or_else(|| n.to_string()),
            Format::UpperRoman => roman(n).unwrap_or_else(|| n.to_string()),
            Format::Ordinal => {
                let suffix = match (n % 100, n % 10) {
                    (11..=13, _) => "th",
                    (_, 1) => "st",
                    (_, 2) => "nd",
                    (_, 3) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix}")
            }
            Format::Bullet | Format::None => String::new(),
        }
    }
}

/// `a` … `z`, then `aa`, `bb`, … as Word counts.
fn letters(n: u32) -> Option<String> {
    let index = n.checked_sub(1)?;
    let repeat = index / 26 + 1;
    if repeat > MAX_LETTER_REPEAT {
        return None;
    }
    let letter = char::from(b'a' + u8::try_from(index % 26).ok()?);
    Some(std::iter::repeat_n(letter, repeat as usize).collect())
}

fn roman(mut n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    Some(out)
}

/// One level of a list.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: Format,
    /// `w:lvlText`; `None` writes no label.
    text: Option<String>,
    /// `w:lvlRestart`: restart after a use of a level above this 1-based
    /// level (0: never); `None`: after any higher level.
    restart: Option<u32>,
    /// `w:isLgl`: every counter in the label as a decimal number.
    legal: bool,
    /// `w:pStyle`: the paragraph style this level belongs to.
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the list is defined by a numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Override {
    start: Option<u32>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<u32>,
    overrides: [Option<Override>; LEVELS],
}

/// Whose counters a paragraph advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(u32),
    Num(u32),
}

/// The definitions of `word/numbering.xml` and the counters of one story.
/// A list's levels with its overrides applied, and whose counters it uses.
type Resolved = Option<(ListKey, Rc<[Option<Level>; LEVELS]>)>;

#[derive(Debug, Default)]
pub struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
    counters: HashMap<ListKey, [Option<u32>; LEVELS]>,
    /// Resolved lists by `w:numId`, so that each is resolved once.
    resolved: HashMap<u32, Resolved>,
    /// Labels cut at [`MAX_LABEL_BYTES`].
    pub labels_cut: usize,
}

impl Numbering {
    pub fn parse(xml: &mut Xml<'_>) -> Result<Numbering, ReadError> {
        let mut out = Numbering::default();
        while let Some(event) = xml.next()? {
            let Event::Start(e) = event else { continue };
            match xml::name(&e) {
                "numbering" => {}
                "abstractNum" => {
                    let id = xml::number(&e, "abstractNumId").and_then(|v| u32::try_from(v).ok());
                    let list = abstract_num(xml)?;
                    if let Some(id) = id {
                        out.abstracts.entry(id).or_insert(list);
                    }
                }
                "num" => {
                    let id = xml::number(&e, "numId").and_then(|v| u32::try_from(v).ok());
                    let num = num(xml)?;
                    if let Some(id) = id {
                        out.nums.entry(id).or_insert(num);
                    }
                }
                _ => xml.skip()?,
            }
        }
        Ok(out)
    }

    /// The same definitions with fresh counters (for another story).
    pub fn fresh(&self) -> Numbering {
        Numbering {
            abstracts: self.abstracts.clone(),
            nums: self.nums.clone(),
            counters: HashMap::new(),
            resolved: HashMap::new(),
            labels_cut: 0,
        }
    }

    /// The label of a numbered paragraph, advancing the counters. `own` is
    /// the paragraph's `w:numPr`, `inherited` what its style gives.
    pub fn label(&mut self, own: NumRef, inherited: &Inherited, styles: &Styles) -> Option<String> {
        let num_id = own.num_id.or(inherited.num.num_id)?;
        // `w:numId="0"` takes away the numbering a style gives.
        if num_id == 0 {
            return None;
        }
        let (key, levels) = self.resolved(num_id, styles)?;
        let from_style = own.num_id.is_none() || own.num_id == inherited.num.num_id;
        let ilvl = own
            .ilvl
            .or(inherited.num.ilvl.filter(|_| from_style))
            .or_else(|| {
                // A level linked to the paragraph's style.
                let style = inherited.num_style.as_deref()?;
                levels
                    .iter()
                    .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
                    .and_then(|i| u8::try_from(i).ok())
            })
            .unwrap_or(0);
        let ilvl = usize::from(ilvl);
        let level = levels.get(ilvl)?.as_ref()?;
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        advance(counters, &levels, ilvl);
        if matches!(level.format, Format::Bullet) {
            return None;
        }
        let (label, cut) = written_label(level.text.as_deref()?, level, &levels, counters);
        if cut {
            self.labels_cut += 1;
        }
        label
    }

    /// A list's levels, resolved once for each `w:numId`.
    fn resolved(&mut self, num_id: u32, styles: &Styles) -> Resolved {
        match self.resolved.get(&num_id) {
            Some(r) => r.clone(),
            None => {
                let r = self.levels(num_id, styles).map(|(k, l)| (k, Rc::new(l)));
                self.resolved.insert(num_id, r.clone());
                r
            }
        }
    }

    /// The levels of a list, overrides applied, and whose counters it uses.
    fn levels(&self, num_id: u32, styles: &Styles) -> Option<(ListKey, [Option<Level>; LEVELS])> {
        let num = self.nums.get(&num_id)?;
        let mut abstract_id = num.abstract_id?;
        let mut list = self.abstracts.get(&abstract_id)?;
        for _ in 0..MAX_LINKS {
            let Some(link) = list.style_link.as_deref() else {
                break;
            };
            let Some(linked) = styles
                .numbering_style(link)
                .and_then(|id| self.nums.get(&id))
                .and_then(|n| n.abstract_id)
            else {
                break;
            };
            let Some(next) = self.abstracts.get(&linked) else {
                break;
            };
            abstract_id = linked;
            list = next;
        }
        let mut levels = list.levels.clone();
        let mut overridden = false;
        for (level, over) in levels.iter_mut().zip(&num.overrides) {
            let Some(over) = over else { continue };
            overridden = true;
            if let Some(replacement) = &over.level {
                *level = Some(replacement.clone());
            }
            if let (Some(start), Some(level)) = (over.start, level.as_mut()) {
                level.start = start;
            }
        }
        let key = if overridden {
            ListKey::Num(num_id)
        } else {
            ListKey::Abstract(abstract_id)
        };
        Some((key, levels))
    }
}

/// The start value of level `i` (0 when it is not defined).
fn level_start(levels: &[Option<Level>; LEVELS], i: usize) -> u32 {
    levels.get(i).and_then(Option::as_ref).map_or(0, |l| l.start)
}

/// Count a use of level `ilvl`: its counter moves on (or starts), and the
/// deeper levels that restart after it are reset.
fn advance(counters: &mut [Option<u32>; LEVELS], levels: &[Option<Level>; LEVELS], ilvl: usize) {
    let value = match counters.get(ilvl).copied().flatten() {
        Some(v) => v.saturating_add(1),
        None => level_start(levels, ilvl),
    };
    if let Some(slot) = counters.get_mut(ilvl) {
        *slot = Some(value);
    }
    for (deeper, slot) in counters.iter_mut().enumerate().skip(ilvl + 1) {
        let restart = levels
            .get(deeper)
            .and_then(Option::as_ref)
            .and_then(|l| l.restart);
        // `w:lvlRestart` n restarts after a use of levels 1 … n (1-based).
        let restarts = match restart {
            None => true,
            Some(0) => false,
            Some(n) => (ilvl as u32) < n,
        };
        if restarts {
            *slot = None;
        }
    }
}

/// Longest label written, in bytes. Real labels (`1.`, `12.3.4`, `(iv)`,
/// `Article 12`) are a few characters; a level text that repeats `%1`
/// 50,000 times must not cost 50,000 numbers for every paragraph.
pub const MAX_LABEL_BYTES: usize = 64;

/// A level's `w:lvlText` written out: each `%n` replaced by the counter of
/// level n in that level's format (decimal in a legal label), bullets
/// dropped, cut at [`MAX_LABEL_BYTES`] (and whether it was); `None` when
/// nothing but spaces is left.
fn written_label(
    text: &str,
    level: &Level,
    levels: &[Option<Level>; LEVELS],
    counters: &[Option<u32>; LEVELS],
) -> (Option<String>, bool) {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    let mut cut = false;
    while let Some(c) = chars.next() {
        if out.len() > MAX_LABEL_BYTES {
            cut = true;
            break;
        }
        let digit = chars
            .peek()
            .and_then(|d| d.to_digit(10))
            .filter(|d| (1..=9).contains(d));
        match (c, digit) {
            ('%', Some(d)) => {
                chars.next();
                let i = (d - 1) as usize;
                let n = counters
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| level_start(levels, i));
                let format = if level.legal {
                    Format::Decimal
                } else {
                    levels
                        .get(i)
                        .and_then(Option::as_ref)
                        .map_or(Format::Decimal, |l| l.format)
                };
                if format != Format::Bullet {
                    out.push_str(&format.write(n));
                }
            }
            _ => out.push(c),
        }
    }
    cut |= out.len() > MAX_LABEL_BYTES;
    let mut end = out.len().min(MAX_LABEL_BYTES);
    while !out.is_char_boundary(end) {
        end -= 1;
    }
    let out = out.get(..end).unwrap_or_default().trim();
    ((!out.is_empty()).then(|| out.to_string()), cut)
}

fn level_index(e: &quick_xml::events::BytesStart<'_>) -> Option<usize> {
    xml::number(e, "ilvl")
        .and_then(|v| usize::try_from(v).ok())
        .filter(|&i| i < LEVELS)
}

fn abstract_num(xml: &mut Xml<'_>) -> Result<Abstract, ReadError> {
    let mut out = Abstract::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => match xml::name(&e) {
                "lvl" => {
                    let index = level_index(&e);
                    let parsed = level(xml)?;
                    if let Some(slot) = index.and_then(|i| out.levels.get_mut(i)) {
                        *slot = Some(parsed);
                    }
                }
                "numStyleLink" => {
                    out.style_link = xml::attr(&e, "val");
                    xml.skip()?;
                }
                _ => xml.skip()?,
            },
        }
    }
    Ok(out)
}

fn level(xml: &mut Xml<'_>) -> Result<Level, ReadError> {
    let mut out = Level::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => {
                match xml::name(&e) {
                    "start" => out.start = count(xml::number(&e, "val")),
                    "numFmt" => out.format = Format::parse(&xml::attr(&e, "val").unwrap_or_default()),
                    "lvlText" => out.text = xml::attr(&e, "val"),
                    "lvlRestart" => out.restart = Some(count(xml::number(&e, "val"))),
                    "isLgl" => out.legal = xml::on(&e),
                    "pStyle" => out.style = xml::attr(&e, "val"),
                    _ => {}
                }
                xml.skip()?;
            }
        }
    }
    Ok(out)
}

/// A counter value from the document, clamped to what a counter holds.
fn count(value: Option<i64>) -> u32 {
    value.map_or(0, |v| u32::try_from(v.max(0)).unwrap_or(u32::MAX))
}

fn num(xml: &mut Xml<'_>) -> Result<Num, ReadError> {
    let mut out = Num::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => match xml::name(&e) {
                "abstractNumId" => {
                    out.abstract_id = xml::number(&e, "val").and_then(|v| u32::try_from(v).ok());
                    xml.skip()?;
                }
                "lvlOverride" => {
                    let index = level_index(&e);
                    let over = level_override(xml)?;
                    if let Some(slot) = index.and_then(|i| out.overrides.get_mut(i)) {
                        *slot = Some(over);
                    }
                }
                _ => xml.skip()?,
            },
        }
    }
    Ok(out)
}

fn level_override(xml: &mut Xml<'_>) -> Result<Override, ReadError> {
    let mut out = Override::default();
    while let Some(event) = xml.next()? {
        match event {
            Event::End => break,
            Event::Text(_) => {}
            Event::Start(e) => match xml::name(&e) {
                "startOverride" => {
                    out.start = Some(count(xml::number(&e, "val")));
                    xml.skip()?;
                }
                "lvl" => out.level = Some(level(xml)?),
                _ => xml.skip()?,
            },
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(Format::LowerLetter.write(1), "a");
        assert_eq!(Format::LowerLetter.write(26), "z");
        assert_eq!(Format::LowerLetter.write(27), "aa");
        assert_eq!(Format::LowerLetter.write(54), "bbb");
        assert_eq!(Format::UpperLetter.write(3), "C");
        assert_eq!(Format::LowerRoman.write(14), "xiv");
        assert_eq!(Format::UpperRoman.write(1994), "MCMXCIV");
        assert_eq!(Format::UpperRoman.write(0), "0");
        assert_eq!(Format::DecimalZero.write(7), "07");
        assert_eq!(Format::Ordinal.write(12), "12th");
        assert_eq!(Format::Ordinal.write(22), "22nd");
        assert_eq!(Format::LowerLetter.write(u32::MAX), u32::MAX.to_string());
    }

    #[test]
    fn heading_names() {
        assert!(is_heading_name("Heading 1"));
        assert!(is_heading_name("heading9"));
        assert!(is_heading_name("Title"));
        assert!(!is_heading_name("Heading Text"));
        assert!(!is_heading_name("Subtitle"));
    }
}
