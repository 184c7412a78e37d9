//! The content-stream lexer: inflated page content to operations, without
//! copying.
//!
//! A page's content is a long run of operands followed by an operator
//! (`1 0 0 1 72 720 Tm`, `[(Wo) 80 (rd)] TJ`). The lexer hands out one
//! operation at a time: the operator as the bytes it is written with, the
//! operands in a stack the caller reuses, strings and names borrowed from
//! the stream unless they hold escapes. Inline images (`BI … ID … EI`) are
//! passed over. Arrays and dictionaries nested deeper than a limit are
//! skipped as one operand and counted, so that the rest of the page is still
//! read; an operation's operands are bounded too.

use std::borrow::Cow;

/// Operands kept for one operation; more are counted and dropped.
pub const MAX_OPERANDS: usize = 4096;
/// Elements kept in one array or dictionary.
const MAX_ELEMENTS: usize = 1 << 16;

/// One operand.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Number(f32),
    Name(Cow<'a, [u8]>),
    String(Cow<'a, [u8]>),
    /// A hex string's digits as written (`<48 69>`), decoded when shown.
    HexString(&'a [u8]),
    Array(Vec<Operand<'a>>),
    Dictionary(Vec<(Cow<'a, [u8]>, Operand<'a>)>),
    Bool(bool),
    Null,
    /// A structure nested past the limit, passed over.
    Skipped,
}

impl Operand<'_> {
    /// The operand as a number, when it is a finite one.
    pub fn number(&self) -> Option<f32> {
        match self {
            Operand::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    pub fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The operand's bytes, when it is a string (a hex string decoded).
    pub fn string(&self) -> Option<Cow<'_, [u8]>> {
        match self {
            Operand::String(s) => Some(Cow::Borrowed(s)),
            Operand::HexString(digits) => {
                let mut bytes = Vec::with_capacity(digits.len() / 2);
                decode_hex(digits, &mut bytes);
                Some(Cow::Owned(bytes))
            }
            _ => None,
        }
    }

    /// A dictionary's value for a key.
    pub fn get(&self, key: &[u8]) -> Option<&Operand<'_>> {
        match self {
            Operand::Dictionary(entries) => entries.iter().find(|(k, _)| k.as_ref() == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// What the lexer passed over, for the page's diagnostics.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Skipped {
    /// Arrays or dictionaries nested past [`MAX_NESTING`].
    pub deep: usize,
    /// Operands past [`MAX_OPERANDS`] for one operation.
    pub operands: usize,
    /// Bytes that read as nothing (a stray `)`, `>`, `}`).
    pub stray: usize,
}

/// Reads operations from content bytes.
pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
    /// Arrays and dictionaries open at once that are read; deeper ones are
    /// skipped whole.
    max_nesting: usize,
    pub skipped: Skipped,
    /// Emptied arrays of earlier operations, reused: a page shows text by
    /// thousands of `TJ` arrays.
    pool: Vec<Vec<Operand<'a>>>,
}

/// Arrays kept for reuse.
const POOLED_ARRAYS: usize = 16;

/// PDF white-space bytes.
pub(super) fn is_white(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// PDF delimiter bytes.
pub(super) fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

/// A hexadecimal digit's value.
pub(super) fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// A number as PDF writes it (`12`, `-3.5`, `.5`, `4.`); lenient about
/// what producers get wrong (`--5`, `1.2.3` read as far as they parse).
fn parse_number(token: &[u8]) -> Option<f32> {
    let mut sign = 1.0f32;
    let mut rest = token;
    while let [c @ (b'+' | b'-'), tail @ ..] = rest {
        if *c == b'-' {
            sign = -sign;
        }
        rest = tail;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale = 1.0f64;
    let mut seen_digit = false;
    let mut in_fraction = false;
    for &c in rest {
        match c {
            b'0'..=b'9' => {
                seen_digit = true;
                let d = f64::from(c - b'0');
                if in_fraction {
                    scale /= 10.0;
                    frac += d * scale;
                } else {
                    int = int * 10.0 + d;
                }
            }
            b'.' if !in_fraction => in_fraction = true,
            _ => break,
        }
    }
    seen_digit.then_some(sign * (int + frac) as f32)
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8], max_nesting: usize) -> Lexer<'a> {
        Lexer {
            data,
            pos: 0,
            max_nesting,
            skipped: Skipped::default(),
            pool: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(b) = self.peek() {
                    if b == b'\n' || b == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_token(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        self.data.get(start..self.pos).unwrap_or_default()
    }

    /// The next operation: its operator, with its operands left in
    /// `operands` (cleared first). `None` at the end of the data.
    pub fn next_operation(&mut self, operands: &mut Vec<Operand<'a>>) -> Option<&'a [u8]> {
        for operand in operands.drain(..) {
            if let Operand::Array(mut items) = operand
                && self.pool.len() < POOLED_ARRAYS
            {
                items.clear();
                self.pool.push(items);
            }
        }
        loop {
            self.skip_white();
            let b = self.peek()?;
            if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                let token = self.regular_token();
                let operand = match token {
                    b"true" => Operand::Bool(true),
                    b"false" => Operand::Bool(false),
                    b"null" => Operand::Null,
                    b"BI" => {
                        self.skip_inline_image();
                        return Some(b"EI");
                    }
                    _ => return Some(token),
                };
                self.push(operands, operand);
                continue;
            }
            match self.operand(0) {
                Some(operand) => self.push(operands, operand),
                None => {
                    // A stray closing delimiter: passed over.
                    self.pos += 1;
                    self.skipped.stray += 1;
                }
            }
        }
    }

    fn push(&mut self, operands: &mut Vec<Operand<'a>>, operand: Operand<'a>) {
        if operands.len() < MAX_OPERANDS {
            operands.push(operand);
        } else {
            self.skipped.operands += 1;
        }
    }

    /// One operand starting at the current byte; `None` for a byte that
    /// begins none (a closing delimiter).
    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        let b = self.peek()?;
        match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.name()))
            }
            b'(' => Some(Operand::String(self.literal_string())),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(self.dictionary(depth + 1))
            }
            b'<' => Some(Operand::HexString(self.hex_string())),
            b'[' => {
                self.pos += 1;
                Some(self.array(depth + 1))
            }
            b'{' => {
                // PostScript calculator braces do not belong in content;
                // read past them as a structure.
                self.pos += 1;
                self.skip_structure(1);
                Some(Operand::Skipped)
            }
            b')' | b'>' | b']' | b'}' => None,
            _ => {
                let token = self.regular_token();
                Some(match token {
                    b"true" => Operand::Bool(true),
                    b"false" => Operand::Bool(false),
                    b"null" => Operand::Null,
                    _ => parse_number(token).map_or(Operand::Null, Operand::Number),
                })
            }
        }
    }

    fn name(&mut self) -> Cow<'a, [u8]> {
        let raw = self.regular_token();
        if !raw.contains(&b'#') {
            return Cow::Borrowed(raw);
        }
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while let Some(&c) = raw.get(i) {
            if c == b'#'
                && let (Some(h), Some(l)) = (
                    raw.get(i + 1).and_then(|&b| hex(b)),
                    raw.get(i + 2).and_then(|&b| hex(b)),
                )
            {
                out.push(h << 4 | l);
                i += 3;
            } else {
                out.push(c);
                i += 1;
            }
        }
        Cow::Owned(out)
    }

    /// A `( … )` string, borrowed when it has no escapes.
    fn literal_string(&mut self) -> Cow<'a, [u8]> {
        self.pos += 1;
        let start = self.pos;
        let mut depth = 1usize;
        let mut escaped = false;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => {
                    escaped = true;
                    self.pos += 1;
                }
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
        let raw = self
            .data
            .get(start..self.pos.min(self.data.len()))
            .unwrap_or_default();
        self.pos = (self.pos + 1).min(self.data.len());
        if !escaped {
            return Cow::Borrowed(raw);
        }
        Cow::Owned(unescape(raw))
    }

    /// A hex string's digits, up to its `>` (or the end of the data).
    fn hex_string(&mut self) -> &'a [u8] {
        self.pos += 1;
        let rest = self.data.get(self.pos..).unwrap_or_default();
        let len = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
        self.pos += (len + 1).min(rest.len());
        rest.get(..len).unwrap_or_default()
    }

    /// Whether a structure just opened lies past the nesting limit; if so,
    /// it has been passed over.
    fn past_nesting_limit(&mut self, depth: usize) -> bool {
        if depth <= self.max_nesting {
            return false;
        }
        self.skip_structure(1);
        self.skipped.deep += 1;
        true
    }

    fn array(&mut self, depth: usize) -> Operand<'a> {
        if self.past_nesting_limit(depth) {
            return Operand::Skipped;
        }
        let mut items = self.pool.pop().unwrap_or_default();
        loop {
            self.skip_white();
            match self.peek() {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b) if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') => {
                    // An operator inside an array: the array is broken;
                    // end it here and let the operator be read.
                    let token_start = self.pos;
                    let token = self.regular_token();
                    match token {
                        b"true" | b"false" | b"null" => {
                            self.pos = token_start;
                            if let Some(o) = self.operand(depth) {
                                push_bounded(&mut items, o);
                            }
                        }
                        _ => {
                            self.pos = token_start;
                            break;
                        }
                    }
                }
                Some(_) => match self.operand(depth) {
                    Some(o) => push_bounded(&mut items, o),
                    None => {
                        self.pos += 1;
                        self.skipped.stray += 1;
                    }
                },
            }
        }
        Operand::Array(items)
    }

    fn dictionary(&mut self, depth: usize) -> Operand<'a> {
        if self.past_nesting_limit(depth) {
            return Operand::Skipped;
        }
        let mut entries = Vec::new();
        loop {
            self.skip_white();
            match self.peek() {
                None => break,
                Some(b'>') => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                    }
                    break;
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name();
                    self.skip_white();
                    let value = match self.peek() {
                        Some(b'>') | None => Operand::Null,
                        Some(_) => self.operand(depth).unwrap_or(Operand::Null),
                    };
                    if entries.len() < MAX_ELEMENTS {
                        entries.push((key, value));
                    }
                }
                Some(_) => {
                    // A value without a key: read and dropped.
                    if self.operand(depth).is_none() {
                        self.pos += 1;
                        self.skipped.stray += 1;
                    }
                }
            }
        }
        Operand::Dictionary(entries)
    }

    /// Pass over the rest of a structure already `open` levels deep, in one
    /// linear scan: brackets, braces and `<<`/`>>` counted, strings skipped.
    fn skip_structure(&mut self, mut open: usize) {
        while let Some(b) = self.peek() {
            match b {
                b'(' => {
                    self.literal_string();
                    continue;
                }
                b'[' | b'{' => open += 1,
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                    open += 1;
                    self.pos += 1;
                }
                b'>' if self.data.get(self.pos + 1) == Some(&b'>') => {
                    open -= 1;
                    self.pos += 1;
                }
                b']' | b'}' => open -= 1,
                _ => {}
            }
            self.pos += 1;
            if open == 0 {
                return;
            }
        }
    }

    /// Pass over an inline image: its dictionary up to `ID`, then its data
    /// up to an `EI` standing alone.
    fn skip_inline_image(&mut self) {
        loop {
            self.skip_white();
            let Some(b) = self.peek() else { return };
            if is_regular(b) && !matches!(b, b'+' | b'-' | b'.' | b'0'..=b'9') {
                let token = self.regular_token();
                if token == b"ID" {
                    break;
                }
                continue;
            }
            // The image dictionary's values are read and dropped.
            if self.operand(0).is_none() {
                self.pos += 1;
            }
        }
        // One white byte ends `ID`; the data follow.
        self.pos += 1;
        while self.pos < self.data.len() {
            let before = self.pos.checked_sub(1).and_then(|p| self.data.get(p)).copied();
            let here = self.data.get(self.pos..self.pos + 2);
            let after = self.data.get(self.pos + 2).copied();
            if here == Some(b"EI")
                && before.is_none_or(is_white)
                && after.is_none_or(|a| is_white(a) || is_delimiter(a))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
    }
}

fn push_bounded<'a>(items: &mut Vec<Operand<'a>>, operand: Operand<'a>) {
    if items.len() < MAX_ELEMENTS {
        items.push(operand);
    }
}

/// A literal string's bytes with its escapes resolved.
/// Append a hex string's bytes to `out`: pairs of hex digits, anything
/// else passed over, a last odd digit read as followed by 0.
pub fn decode_hex(digits: &[u8], out: &mut Vec<u8>) {
    let mut high: Option<u8> = None;
    for v in digits.iter().filter_map(|&b| hex(b)) {
        match high.take() {
            Some(h) => out.push(h << 4 | v),
            None => high = Some(v),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
}

fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        i += 1;
        if c != b'\\' {
            // An end of line in a string reads as a line feed.
            if c == b'\r' {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push(b'\n');
            } else {
                out.push(c);
            }
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0c),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operations(data: &[u8]) -> Vec<(String, Vec<Operand<'_>>)> {
        let mut lexer = Lexer::new(data, 32);
        let mut operands = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = lexer.next_operation(&mut operands) {
            out.push((String::from_utf8_lossy(op).into_owned(), operands.clone()));
        }
        out
    }

    #[test]
    fn operators_with_their_operands() {
        let ops = operations(b"BT /F1 12 Tf 1 0 0 1 72.5 -.5 Tm (Hi) Tj ET");
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Tm", "Tj", "ET"]);
        assert_eq!(
            ops[1].1,
            vec![Operand::Name(Cow::Borrowed(b"F1")), Operand::Number(12.0)]
        );
        assert_eq!(ops[2].1[4], Operand::Number(72.5));
        assert_eq!(ops[2].1[5], Operand::Number(-0.5));
        assert_eq!(ops[3].1[0].string().as_deref(), Some(b"Hi".as_slice()));
    }

    #[test]
    fn strings_escapes_and_hex() {
        let ops = operations(b"(a\\(b\\)c\\101\\\nd (nested)) Tj <48 6 5> Tj <4869 Tj");
        assert_eq!(
            ops[0].1[0].string().as_deref(),
            Some(b"a(b)cAd (nested)".as_slice())
        );
        assert_eq!(ops[1].1[0].string().as_deref(), Some(b"He".as_slice()));
        // An unclosed hex string runs to the end of the data.
        assert_eq!(ops.len(), 2);
        let mut odd = Vec::new();
        decode_hex(b"4869 7", &mut odd);
        assert_eq!(odd, b"Hip");
    }

    #[test]
    fn arrays_and_dictionaries() {
        let ops = operations(b"[(A) -120 (B)] TJ /Span <</ActualText (x) /MCID 3>> BDC EMC");
        assert!(matches!(&ops[0].1[0], Operand::Array(items) if items.len() == 3));
        assert_eq!(
            ops[1].1[1]
                .get(b"ActualText")
                .and_then(Operand::string)
                .as_deref(),
            Some(b"x".as_slice())
        );
        assert_eq!(ops[2].0, "EMC");
    }

    #[test]
    fn deep_nesting_is_skipped_and_the_rest_read() {
        let mut data = Vec::new();
        data.extend(std::iter::repeat_n(b'[', 100_000));
        data.extend(std::iter::repeat_n(b']', 100_000));
        data.extend(b" pop BT (after) Tj ET");
        let mut lexer = Lexer::new(&data, 32);
        let mut operands = Vec::new();
        let mut ops = Vec::new();
        while let Some(op) = lexer.next_operation(&mut operands) {
            ops.push((op.to_vec(), operands.clone()));
        }
        assert_eq!(lexer.skipped.deep, 1);
        let shown: Vec<Vec<u8>> = ops
            .iter()
            .filter(|(o, _)| o == b"Tj")
            .filter_map(|(_, a)| a[0].string().map(|s| s.to_vec()))
            .collect();
        assert_eq!(shown, [b"after".to_vec()]);
    }

    #[test]
    fn inline_images_are_passed_over() {
        let ops = operations(b"BI /W 2 /H 2 /BPC 8 ID \x00EI\xffxx EI Q (t) Tj");
        let names: Vec<&str> = ops.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["EI", "Q", "Tj"]);
    }

    #[test]
    fn garbage_never_loops() {
        let ops = operations(b")))>>]]}} 1 2 3 re");
        assert_eq!(ops.len(), 1);
        assert_eq!(ops[0].1.len(), 3);
        let ops = operations(b"(unterminated");
        assert!(ops.is_empty());
    }

    #[test]
    fn lenient_numbers() {
        assert_eq!(parse_number(b"--5"), Some(5.0));
        assert_eq!(parse_number(b"4."), Some(4.0));
        assert_eq!(parse_number(b"1.2.3"), Some(1.2));
        assert_eq!(parse_number(b"-"), None);
    }
}
