//! CMaps: the `/ToUnicode` maps of fonts (character code to Unicode text) and
//! the embedded `/Encoding` CMaps of composite fonts (character code to CID).
//!
//! A CMap is a small PostScript program; only its data sections matter here:
//! `codespacerange` (how many bytes each code takes), `bfchar` and `bfrange`
//! (codes to UTF-16BE text), `cidchar` and `cidrange` (codes to CIDs), and the
//! name given to `usecmap`. Everything else is skipped, and so is anything
//! malformed, so that a damaged map still yields what it can. Every table is
//! bounded, and ranges are kept as ranges rather than expanded, so a hostile
//! map costs at most its own size.

use super::encoding;
use super::font::GlyphText;
use super::lexer::{hex, is_delimiter, is_white};
use std::collections::HashMap;

/// Codespace ranges kept; real CMaps have a handful.
const MAX_CODESPACE_RANGES: usize = 256;
/// `bfrange` or `cidrange` entries kept, each.
const MAX_RANGES: usize = 65_536;
/// `bfchar` or `cidchar` entries kept, each.
const MAX_CHARS: usize = 262_144;
/// Codes one range may cover; longer ranges are cut.
pub(super) const MAX_SPAN: u32 = 65_536;
/// Bytes kept of one string token; targets are a few characters long.
const MAX_STRING_BYTES: usize = 512;
/// `bfrange`s shorter than this are spelled out code by code when read.
const EXPANDED_RANGE: u32 = 256;
/// Ranges looked at when searching back past overlapping ones.
const MAX_OVERLAP_SCAN: usize = 64;

/// A parsed CMap. Lookups take the code's numeric value and its length in
/// bytes; when nothing is defined for that length, an entry of another
/// length with the same value is used (producers do mix them up).
#[derive(Debug, Clone, Default)]
pub struct CMap {
    codespace: Vec<Codespace>,
    chars: HashMap<(u8, u32), GlyphText>,
    ranges: Intervals<Target>,
    cid_chars: HashMap<(u8, u32), u32>,
    cid_ranges: Intervals<u32>,
    base: Option<String>,
    truncated: bool,
}

/// One codespace range: a code of `len` bytes belongs to it when each of its
/// bytes lies between the corresponding bytes of `lo` and `hi`.
#[derive(Debug, Clone, Copy)]
struct Codespace {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() >= self.len
            && (0..self.len).all(|i| match (bytes.get(i), self.lo.get(i), self.hi.get(i)) {
                (Some(b), Some(lo), Some(hi)) => lo <= b && b <= hi,
                _ => false,
            })
    }
}

/// What a `bfrange` maps to.
#[derive(Debug, Clone)]
enum Target {
    /// UTF-16 units of the first code's text; each further code adds one to
    /// the last unit.
    Start(Vec<u16>),
    /// One text per code, in order.
    Each(Vec<Option<GlyphText>>),
}

impl CMap {
    /// Parse a CMap program. Never fails: unreadable parts are skipped.
    pub fn parse(bytes: &[u8]) -> CMap {
        let mut parser = Parser {
            cmap: CMap::default(),
            section: None,
            operands: Vec::new(),
        };
        let mut lexer = Lexer { bytes, pos: 0 };
        while let Some(token) = lexer.next_token() {
            parser.token(token, &mut lexer);
        }
        let mut cmap = parser.cmap;
        cmap.ranges.finish();
        cmap.cid_ranges.finish();
        cmap
    }

    /// How many bytes the code at the start of `bytes` takes, by the
    /// codespace ranges: the shortest range that matches, else (a code
    /// outside every range) the shortest range whose first byte matches,
    /// else the shortest range. `None` when there are no ranges or no bytes.
    pub fn code_length(&self, bytes: &[u8]) -> Option<usize> {
        if bytes.is_empty() || self.codespace.is_empty() {
            return None;
        }
        let exact = (1..=4).find(|&n| self.codespace.iter().any(|c| c.len == n && c.matches(bytes)));
        let len = exact
            .or_else(|| {
                let first = bytes.first()?;
                self.codespace
                    .iter()
                    .filter(|c| c.lo.first().is_some_and(|lo| lo <= first))
                    .filter(|c| c.hi.first().is_some_and(|hi| first <= hi))
                    .map(|c| c.len)
                    .min()
            })
            .or_else(|| self.codespace.iter().map(|c| c.len).min())?;
        Some(len.min(bytes.len()))
    }

    /// The Unicode text of a code of `len` bytes.
    pub fn lookup(&self, code: u32, len: usize) -> Option<GlyphText> {
        let len = u8::try_from(len).ok()?;
        if let Some(text) = self.chars.get(&(len, code)) {
            return Some(text.clone());
        }
        if let Some(range) = self.ranges.find(code, Some(len)) {
            let offset = code.checked_sub(range.lo)?;
            return match &range.value {
                Target::Start(units) => offset_text(units, offset),
                Target::Each(texts) => texts.get(usize::try_from(offset).ok()?).cloned().flatten(),
            };
        }
        (1..=4u8)
            .filter(|&l| l != len)
            .find_map(|l| self.chars.get(&(l, code)).cloned())
    }

    /// The CID of a code of `len` bytes, from `cidchar` and `cidrange`.
    pub fn cid(&self, code: u32, len: usize) -> Option<u32> {
        let len = u8::try_from(len).ok()?;
        if let Some(cid) = self.cid_chars.get(&(len, code)) {
            return Some(*cid);
        }
        if let Some(range) = self.cid_ranges.find(code, Some(len)) {
            return range.value.checked_add(code.checked_sub(range.lo)?);
        }
        (1..=4u8)
            .filter(|&l| l != len)
            .find_map(|l| self.cid_chars.get(&(l, code)).copied())
    }

    /// Whether the map has codespace ranges.
    pub fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Whether the map gives any Unicode text.
    pub fn has_unicode(&self) -> bool {
        !self.chars.is_empty() || !self.ranges.is_empty()
    }

    /// Whether the map gives any CIDs.
    pub fn has_cids(&self) -> bool {
        !self.cid_chars.is_empty() || !self.cid_ranges.is_empty()
    }

    /// The CMap named by `usecmap`, which this one extends.
    pub fn base_name(&self) -> Option<&str> {
        self.base.as_deref()
    }

    /// Whether entries were dropped for going over a size limit.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

/// UTF-16 units to text; `None` for broken surrogates or text that is only
/// NULs (some producers map unused codes to U+0000).
fn decode_units(units: &[u16]) -> Option<String> {
    let text: String = char::decode_utf16(units.iter().copied())
        .collect::<Result<_, _>>()
        .ok()?;
    if text.chars().all(|c| c == '\0') {
        None
    } else {
        Some(text)
    }
}

/// A `bfchar` or `bfrange` destination string: UTF-16BE, one byte taken as
/// a unit of its own when the count is odd.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    let (pairs, rest) = bytes.split_at(bytes.len() - bytes.len() % 2);
    let mut units: Vec<u16> = pairs
        .chunks_exact(2)
        .map(|p| match p {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            _ => 0,
        })
        .collect();
    units.extend(rest.iter().map(|&b| u16::from(b)));
    units
}

/// The numeric value of a code given as a string of 1 to 4 bytes.
fn code_value(bytes: &[u8]) -> Option<(u8, u32)> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    let value = bytes.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
    Some((u8::try_from(bytes.len()).ok()?, value))
}

/// Sorted ranges of codes, each with a value; later definitions win over
/// earlier ones that start at the same code.
#[derive(Debug, Clone)]
pub(super) struct Intervals<T> {
    items: Vec<Interval<T>>,
    /// For each item, the highest `hi` among it and the items before it.
    reach: Vec<u32>,
}

impl<T> Default for Intervals<T> {
    fn default() -> Self {
        Intervals {
            items: Vec::new(),
            reach: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Interval<T> {
    pub(super) lo: u32,
    pub(super) hi: u32,
    /// Code length in bytes, 0 when it does not matter.
    pub(super) len: u8,
    pub(super) value: T,
}

impl<T> Intervals<T> {
    pub(super) fn len(&self) -> usize {
        self.items.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Add a range; call [`Intervals::finish`] before searching.
    pub(super) fn push(&mut self, lo: u32, hi: u32, len: u8, value: T) {
        self.items.push(Interval { lo, hi, len, value });
    }

    pub(super) fn finish(&mut self) {
        self.items.sort_by_key(|i| i.lo);
        let mut reach = 0;
        self.reach = self
            .items
            .iter()
            .map(|i| {
                reach = reach.max(i.hi);
                reach
            })
            .collect();
    }

    /// The range holding `code`, preferring one of code length `len`.
    pub(super) fn find(&self, code: u32, len: Option<u8>) -> Option<&Interval<T>> {
        let end = self.items.partition_point(|i| i.lo <= code);
        let mut other = None;
        for index in (0..end).rev().take(MAX_OVERLAP_SCAN) {
            if self.reach.get(index).is_none_or(|&r| r < code) {
                break;
            }
            let Some(item) = self.items.get(index) else { break };
            if item.hi >= code {
                if len.is_none_or(|l| l == item.len) {
                    return Some(item);
                }
                other = other.or(Some(item));
            }
        }
        other
    }
}

/// The data sections of a CMap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Codespace,
    BfChar,
    BfRange,
    CidChar,
    CidRange,
    /// `notdefchar` and `notdefrange`: read and dropped.
    Other(usize),
}

impl Section {
    /// Operands per entry.
    fn arity(self) -> usize {
        match self {
            Section::Codespace | Section::BfChar | Section::CidChar => 2,
            Section::BfRange | Section::CidRange => 3,
            Section::Other(n) => n,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    String(Vec<u8>),
    Number(i64),
    Name(String),
    Keyword(String),
    ArrayStart,
    ArrayEnd,
    /// Tokens with no meaning here: real numbers, dictionary brackets, braces.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    String(Vec<u8>),
    Number(i64),
    Name(String),
    Array(Vec<Operand>),
}

struct Parser {
    cmap: CMap,
    section: Option<Section>,
    operands: Vec<Operand>,
}

impl Parser {
    fn token(&mut self, token: Token, lexer: &mut Lexer<'_>) {
        let mut after_array = None;
        let operand = match token {
            Token::String(s) => Operand::String(s),
            Token::Number(n) => Operand::Number(n),
            Token::Name(n) => Operand::Name(n),
            Token::ArrayStart => {
                let (items, keyword) = read_array(lexer);
                after_array = keyword;
                Operand::Array(items)
            }
            Token::Keyword(word) => return self.keyword(&word),
            Token::ArrayEnd | Token::Other => return,
        };
        self.operands.push(operand);
        if let Some(word) = after_array {
            // The array lost its `]`: drop the entry, obey the keyword.
            return self.keyword(&word);
        }
        match self.section {
            Some(section) if self.operands.len() >= section.arity() => {
                let operands = std::mem::take(&mut self.operands);
                self.entry(section, operands);
            }
            // Outside a section only the operand of `usecmap` matters.
            None if self.operands.len() > 4 => {
                self.operands.remove(0);
            }
            _ => {}
        }
    }

    fn keyword(&mut self, word: &str) {
        let section = match word {
            "begincodespacerange" => Some(Section::Codespace),
            "beginbfchar" => Some(Section::BfChar),
            "beginbfrange" => Some(Section::BfRange),
            "begincidchar" => Some(Section::CidChar),
            "begincidrange" => Some(Section::CidRange),
            "beginnotdefchar" => Some(Section::Other(2)),
            "beginnotdefrange" => Some(Section::Other(3)),
            _ => None,
        };
        if word == "usecmap"
            && let Some(Operand::Name(name)) = self.operands.last()
        {
            self.cmap.base = Some(name.clone());
        }
        // Any keyword ends a section's entry: a stray one inside a section
        // drops the half-read entry so the next one starts in step.
        self.section = section;
        self.operands.clear();
    }

    fn entry(&mut self, section: Section, operands: Vec<Operand>) {
        let cmap = &mut self.cmap;
        match (section, operands.as_slice()) {
            (Section::Codespace, [Operand::String(lo), Operand::String(hi)]) => cmap.add_codespace(lo, hi),
            (Section::BfChar, [Operand::String(src), dst]) => cmap.add_bf_char(src, dst),
            (Section::BfRange, [Operand::String(lo), Operand::String(hi), dst]) => {
                cmap.add_bf_range(lo, hi, dst)
            }
            (Section::CidChar, [Operand::String(src), Operand::Number(cid)]) => cmap.add_cid_char(src, *cid),
            (Section::CidRange, [Operand::String(lo), Operand::String(hi), Operand::Number(cid)]) => {
                cmap.add_cid_range(lo, hi, *cid);
            }
            _ => {}
        }
    }
}

/// The entries of the data sections, each dropped when malformed and
/// counted as truncated past its table's bound.
impl CMap {
    fn add_codespace(&mut self, lo: &[u8], hi: &[u8]) {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return;
        }
        if self.codespace.len() >= MAX_CODESPACE_RANGES {
            self.truncated = true;
            return;
        }
        let mut range = Codespace {
            len: lo.len(),
            lo: [0; 4],
            hi: [0; 4],
        };
        for (slot, b) in range.lo.iter_mut().zip(lo) {
            *slot = *b;
        }
        for (slot, b) in range.hi.iter_mut().zip(hi) {
            *slot = *b;
        }
        self.codespace.push(range);
    }

    fn add_bf_char(&mut self, src: &[u8], dst: &Operand) {
        let Some(key) = code_value(src) else { return };
        if let Some(text) = operand_text(dst) {
            if self.chars.len() >= MAX_CHARS && !self.chars.contains_key(&key) {
                self.truncated = true;
                return;
            }
            self.chars.insert(key, GlyphText::from(text));
        }
    }

    fn add_bf_range(&mut self, lo: &[u8], hi: &[u8], dst: &Operand) {
        let Some((len, lo, hi)) = range_bounds(lo, hi, &mut self.truncated) else {
            return;
        };
        let Some(target) = range_target(lo, hi, dst) else {
            return;
        };
        if self.ranges.len() >= MAX_RANGES {
            self.truncated = true;
            return;
        }
        self.ranges.push(lo, hi, len, target);
    }

    fn add_cid_char(&mut self, src: &[u8], cid: i64) {
        let (Some(key), Ok(cid)) = (code_value(src), u32::try_from(cid)) else {
            return;
        };
        if self.cid_chars.len() >= MAX_CHARS && !self.cid_chars.contains_key(&key) {
            self.truncated = true;
            return;
        }
        self.cid_chars.insert(key, cid);
    }

    fn add_cid_range(&mut self, lo: &[u8], hi: &[u8], cid: i64) {
        let Some((len, lo, hi)) = range_bounds(lo, hi, &mut self.truncated) else {
            return;
        };
        let Ok(cid) = u32::try_from(cid) else { return };
        if self.cid_ranges.len() >= MAX_RANGES {
            self.truncated = true;
            return;
        }
        self.cid_ranges.push(lo, hi, len, cid);
    }
}

/// What the codes `lo` to `hi` of a `bfrange` map to, from its destination
/// (a string or an array of them); `None` when there is none.
fn range_target(lo: u32, hi: u32, dst: &Operand) -> Option<Target> {
    Some(match dst {
        // A short range is spelled out once here, so that each glyph shown
        // shares its text instead of making it anew.
        Operand::String(bytes) if !bytes.is_empty() && hi - lo < EXPANDED_RANGE => {
            let first = utf16_units(bytes);
            Target::Each((0..=hi - lo).map(|offset| offset_text(&first, offset)).collect())
        }
        Operand::String(bytes) if !bytes.is_empty() => Target::Start(utf16_units(bytes)),
        Operand::Array(items) => Target::Each(
            items
                .iter()
                .take(usize::try_from(hi - lo + 1).unwrap_or(0))
                .map(operand_text)
                .map(|t| t.map(GlyphText::from))
                .collect(),
        ),
        _ => return None,
    })
}

/// The text of a `bfchar` destination or an item of a `bfrange` array: a
/// UTF-16BE string or a glyph name.
fn operand_text(operand: &Operand) -> Option<String> {
    match operand {
        Operand::String(bytes) => decode_units(&utf16_units(bytes)),
        Operand::Name(name) => encoding::glyph_text(name),
        _ => None,
    }
}

/// The text `offset` codes after a range's first, whose text is `first`:
/// its last UTF-16 unit moved on by `offset`.
fn offset_text(first: &[u16], offset: u32) -> Option<GlyphText> {
    let mut units = first.to_vec();
    let last = units.last_mut()?;
    *last = u16::try_from(u32::from(*last).checked_add(offset)?).ok()?;
    decode_units(&units).map(GlyphText::from)
}

/// The length and values of a range's ends, the span cut to [`MAX_SPAN`].
fn range_bounds(lo: &[u8], hi: &[u8], truncated: &mut bool) -> Option<(u8, u32, u32)> {
    let (len, lo) = code_value(lo)?;
    let (_, hi) = code_value(hi)?;
    if hi < lo {
        return None;
    }
    let cap = lo.saturating_add(MAX_SPAN - 1);
    if hi > cap {
        *truncated = true;
    }
    Some((len, lo, hi.min(cap)))
}

/// The operands of an array whose `[` was just read, up to its `]`; nested
/// arrays are flattened, and the count is bounded by [`MAX_SPAN`]. A keyword
/// before the `]` ends the array and is handed back.
fn read_array(lexer: &mut Lexer<'_>) -> (Vec<Operand>, Option<String>) {
    let mut items = Vec::new();
    let mut depth = 1usize;
    while let Some(token) = lexer.next_token() {
        let item = match token {
            Token::ArrayStart => {
                depth += 1;
                continue;
            }
            Token::ArrayEnd => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
                continue;
            }
            Token::String(s) => Operand::String(s),
            Token::Number(n) => Operand::Number(n),
            Token::Name(n) => Operand::Name(n),
            Token::Keyword(word) => return (items, Some(word)),
            Token::Other => continue,
        };
        if items.len() < MAX_SPAN as usize {
            items.push(item);
        }
    }
    (items, None)
}

/// PostScript tokens, as far as CMaps use them.
struct Lexer<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn next_token(&mut self) -> Option<Token> {
        loop {
            let b = self.bump()?;
            match b {
                b if is_white(b) => {}
                b'%' => {
                    while let Some(c) = self.bump() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                    }
                }
                b'[' => return Some(Token::ArrayStart),
                b']' => return Some(Token::ArrayEnd),
                b'<' if self.peek() == Some(b'<') => {
                    self.pos += 1;
                    return Some(Token::Other);
                }
                b'<' => return Some(Token::String(self.hex_string())),
                b'>' => {
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    return Some(Token::Other);
                }
                b'(' => return Some(Token::String(self.literal_string())),
                b')' | b'{' | b'}' => return Some(Token::Other),
                b'/' => {
                    let word = self.regular_run();
                    return Some(Token::Name(String::from_utf8_lossy(word).into_owned()));
                }
                _ => {
                    self.pos -= 1;
                    let word = self.regular_run();
                    return Some(classify(word));
                }
            }
        }
    }

    fn regular_run(&mut self) -> &[u8] {
        let start = self.pos;
        while self.peek().is_some_and(|b| !is_white(b) && !is_delimiter(b)) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }

    /// After `<`: hex digits up to `>`, other bytes ignored, an odd last
    /// digit taken as followed by 0.
    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.bump() {
            if b == b'>' {
                break;
            }
            let Some(v) = hex(b) else { continue };
            match high.take() {
                None => high = Some(v),
                Some(h) => {
                    if out.len() < MAX_STRING_BYTES {
                        out.push(h << 4 | v);
                    }
                }
            }
        }
        if let Some(h) = high
            && out.len() < MAX_STRING_BYTES
        {
            out.push(h << 4);
        }
        out
    }

    /// After `(`: a literal string with balanced parentheses and escapes.
    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.bump() {
            let byte = match b {
                b'(' => {
                    depth += 1;
                    b
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    b
                }
                b'\\' => match self.bump() {
                    Some(b'n') => b'\n',
                    Some(b'r') => b'\r',
                    Some(b't') => b'\t',
                    Some(b'b') => 0x08,
                    Some(b'f') => 0x0c,
                    Some(b'\r') => {
                        if self.peek() == Some(b'\n') {
                            self.pos += 1;
                        }
                        continue;
                    }
                    Some(b'\n') => continue,
                    Some(d @ b'0'..=b'7') => {
                        let mut value = u32::from(d - b'0');
                        for _ in 0..2 {
                            match self.peek() {
                                Some(d @ b'0'..=b'7') => {
                                    value = value * 8 + u32::from(d - b'0');
                                    self.pos += 1;
                                }
                                _ => break,
                            }
                        }
                        (value & 0xff) as u8
                    }
                    Some(other) => other,
                    None => break,
                },
                other => other,
            };
            if out.len() < MAX_STRING_BYTES {
                out.push(byte);
            }
        }
        out
    }
}

fn classify(word: &[u8]) -> Token {
    if word.is_empty() {
        return Token::Other;
    }
    let text = String::from_utf8_lossy(word);
    if let Ok(n) = text.parse::<i64>() {
        return Token::Number(n);
    }
    if word
        .iter()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return Token::Other;
    }
    Token::Keyword(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CMap {
        CMap::parse(text.as_bytes())
    }

    const HEADER: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
        /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
        /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n";

    #[test]
    fn bfchar_maps_codes_to_text() {
        let cmap = parse(&format!(
            "{HEADER}1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n\
             3 beginbfchar\n<0003> <0020>\n<0024> <0041>\n<00B5> <00E9>\nendbfchar\nendcmap"
        ));
        assert_eq!(cmap.lookup(0x24, 2).as_deref(), Some("A"));
        assert_eq!(cmap.lookup(0x03, 2).as_deref(), Some(" "));
        assert_eq!(cmap.lookup(0xB5, 2).as_deref(), Some("é"));
        assert_eq!(cmap.lookup(0x25, 2), None);
        assert!(cmap.has_unicode());
        assert!(!cmap.has_cids());
    }

    #[test]
    fn bfrange_string_form_increments_the_last_unit() {
        let cmap = parse(
            "1 begincodespacerange <00> <FF> endcodespacerange\n\
             2 beginbfrange\n<41> <5A> <0061>\n<61> <63> <D835DC00>\nendbfrange",
        );
        assert_eq!(cmap.lookup(0x41, 1).as_deref(), Some("a"));
        assert_eq!(cmap.lookup(0x5A, 1).as_deref(), Some("z"));
        assert_eq!(cmap.lookup(0x5B, 1), None);
        // A surrogate pair: the low surrogate is the unit that counts up.
        assert_eq!(cmap.lookup(0x61, 1).as_deref(), Some("\u{1D400}"));
        assert_eq!(cmap.lookup(0x63, 1).as_deref(), Some("\u{1D402}"));
    }

    #[test]
    fn bfrange_array_form_gives_each_code_its_text() {
        let cmap = parse(
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
             1 beginbfrange\n<0010> <0013> [<0066006C> <FB01> <D83DDE00> <0078>]\nendbfrange",
        );
        assert_eq!(cmap.lookup(0x10, 2).as_deref(), Some("fl"));
        assert_eq!(cmap.lookup(0x11, 2).as_deref(), Some("\u{FB01}"));
        assert_eq!(cmap.lookup(0x12, 2).as_deref(), Some("😀"));
        assert_eq!(cmap.lookup(0x13, 2).as_deref(), Some("x"));
        assert_eq!(cmap.lookup(0x14, 2), None);
    }

    #[test]
    fn multi_char_targets_and_surrogate_pairs_in_bfchar() {
        let cmap = parse("beginbfchar <01> <00660069> <02> <D83DDE00> <03> <D83D> <04> <0000> endbfchar");
        assert_eq!(cmap.lookup(1, 1).as_deref(), Some("fi"));
        assert_eq!(cmap.lookup(2, 1).as_deref(), Some("😀"));
        // A lone surrogate and a NUL map to nothing.
        assert_eq!(cmap.lookup(3, 1), None);
        assert_eq!(cmap.lookup(4, 1), None);
    }

    #[test]
    fn mixed_length_codespace() {
        let cmap = parse("2 begincodespacerange\n<00> <80>\n<8140> <9FFC>\nendcodespacerange");
        assert_eq!(cmap.code_length(b"\x41\x42"), Some(1));
        assert_eq!(cmap.code_length(b"\x81\x40\x41"), Some(2));
        assert_eq!(cmap.code_length(b"\x9F\xFC"), Some(2));
        // Second byte outside the range: still two bytes by the first byte.
        assert_eq!(cmap.code_length(b"\x81\x20"), Some(2));
        // Outside every range: the shortest length.
        assert_eq!(cmap.code_length(b"\xFF\xFF"), Some(1));
        assert_eq!(cmap.code_length(b""), None);
        // Never more than what is left.
        assert_eq!(cmap.code_length(b"\x81"), Some(1));
    }

    #[test]
    fn four_byte_codespace_and_lookup() {
        let cmap = parse(
            "begincodespacerange <00000000> <FFFFFFFF> endcodespacerange\n\
             beginbfchar <00010203> <0041> endbfchar",
        );
        assert_eq!(cmap.code_length(b"\x00\x01\x02\x03"), Some(4));
        assert_eq!(cmap.lookup(0x0001_0203, 4).as_deref(), Some("A"));
    }

    #[test]
    fn no_codespace_gives_no_length() {
        let cmap = parse("beginbfchar <01> <0041> endbfchar");
        assert_eq!(cmap.code_length(b"\x01"), None);
        assert!(!cmap.has_codespace());
    }

    #[test]
    fn length_mismatch_falls_back_to_same_value() {
        // One-byte codespace but two-byte entries, as some producers write.
        let cmap = parse(
            "begincodespacerange <00> <FF> endcodespacerange\n\
             beginbfchar <0041> <0061> endbfchar",
        );
        assert_eq!(cmap.lookup(0x41, 1).as_deref(), Some("a"));
    }

    #[test]
    fn comments_odd_whitespace_usecmap_and_names() {
        let cmap = parse(
            "%!PS-Adobe-3.0 Resource-CMap\n/Identity-H usecmap % base map\n\
             begincodespacerange\r<00>\t<FF>\x0cendcodespacerange\n\
             beginbfchar\n< 4 1 > % a comment\n<0041>\n<42> /B <43> (\\000C) endbfchar",
        );
        assert_eq!(cmap.base_name(), Some("Identity-H"));
        assert_eq!(cmap.lookup(0x41, 1).as_deref(), Some("A"));
        assert_eq!(cmap.lookup(0x42, 1).as_deref(), Some("B"));
        assert_eq!(cmap.lookup(0x43, 1).as_deref(), Some("C"));
    }

    #[test]
    fn garbage_gives_an_empty_map() {
        let junk: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let cmap = CMap::parse(&junk);
        assert!(!cmap.has_unicode());
        let cmap = parse("beginbfrange <0000> <FFFF> endbfrange beginbfchar <01> endbfchar ] [ >> << )");
        assert!(!cmap.has_unicode());
        assert_eq!(cmap.lookup(1, 1), None);
    }

    #[test]
    fn unclosed_array_does_not_swallow_the_next_section() {
        let cmap =
            parse("beginbfrange <01> <02> [<0041> <0042> endbfrange beginbfchar <05> <0045> endbfchar");
        assert_eq!(cmap.lookup(1, 1), None);
        assert_eq!(cmap.lookup(5, 1).as_deref(), Some("E"));
        // What follows the lost `]` is outside any section.
        let cmap = parse("beginbfrange <01> <02> [<0041> endbfrange <05> <06> <0045>");
        assert_eq!(cmap.lookup(5, 1), None);
    }

    #[test]
    fn stray_keyword_resynchronises_a_section() {
        let cmap = parse("beginbfchar <01> junk <02> <0042> endbfchar");
        assert_eq!(cmap.lookup(1, 1), None);
        assert_eq!(cmap.lookup(2, 1), None);
        let cmap = parse("beginbfchar <01> <0041> <02> <0042> endbfchar");
        assert_eq!(cmap.lookup(2, 1).as_deref(), Some("B"));
    }

    #[test]
    fn long_ranges_are_cut() {
        let cmap = parse("beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange");
        assert!(cmap.is_truncated());
        assert_eq!(cmap.lookup(0, 4).as_deref(), Some("A"));
        assert_eq!(cmap.lookup(MAX_SPAN, 4), None);
        // The last unit may not run past 0xFFFF.
        let cmap = parse("beginbfrange <0000> <00FF> <FFFE> endbfrange");
        assert_eq!(cmap.lookup(1, 2).as_deref(), Some("\u{FFFF}"));
        assert_eq!(cmap.lookup(2, 2), None);
    }

    #[test]
    fn cid_ranges_and_chars() {
        let cmap = parse(
            "begincodespacerange <0000> <FFFF> endcodespacerange\n\
             begincidrange <0020> <007E> 1 endcidrange\nbegincidchar <0100> 500 endcidchar",
        );
        assert_eq!(cmap.cid(0x20, 2), Some(1));
        assert_eq!(cmap.cid(0x41, 2), Some(34));
        assert_eq!(cmap.cid(0x100, 2), Some(500));
        assert_eq!(cmap.cid(0x7F, 2), None);
        assert!(cmap.has_cids());
    }

    #[test]
    fn later_range_wins_over_an_earlier_one_at_the_same_start() {
        let cmap = parse("beginbfrange <00> <10> <0041> endbfrange beginbfrange <00> <05> <0061> endbfrange");
        assert_eq!(cmap.lookup(2, 1).as_deref(), Some("c"));
        assert_eq!(cmap.lookup(8, 1).as_deref(), Some("I"));
    }

    #[test]
    fn many_overlapping_ranges_stay_bounded() {
        let mut text = String::from("beginbfrange <0000> <FFFF> <0041>\n");
        for i in 1..5000u32 {
            text.push_str(&format!("<{i:04X}> <{i:04X}> <0042>\n"));
        }
        text.push_str("endbfrange");
        let cmap = parse(&text);
        // Far from every small range, found through the reach of the big one
        // or not at all, but quickly and without a panic.
        let _ = cmap.lookup(0x9000, 2);
        assert_eq!(cmap.lookup(0x10, 2).as_deref(), Some("B"));
    }
}
