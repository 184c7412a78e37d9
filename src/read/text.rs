//! Text input: bytes to a [`Layout`].
//!
//! Accepts UTF-8 with or without a byte-order mark and UTF-16 with a mark
//! (or with the NULs of mostly-ASCII text). A UTF-8 text with a few invalid
//! sequences stays UTF-8: each is replaced by U+FFFD and said with its place
//! (the first ten, then a count). Only a text whose invalid sequences
//! outnumber its valid characters beyond ASCII is read as Windows-1252 (with
//! a warning), since that is what office software writes when it says
//! "plain text"; reading a damaged UTF-8 text so would change every curly
//! quote and accented letter in it. Line ends may
//! be CRLF, CR or LF; a form feed starts a new page, as `pdftotext` writes
//! them. Markup left by conversion to markdown (`[X](#)`, `*X*`, `- (a)`) is
//! removed here, so that later stages see the document's own characters.
//!
//! Positions: `x` is the character column, `y` the line's index on its page.

use super::{Cell, Layout, Line, Page, ReadError, ReadErrorKind, Source, SourceFormat};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::limits::{Limit, Limits};
use regex::Regex;
use std::sync::LazyLock;

/// Runs of at least this many spaces separate cells of a line.
const CELL_GAP: usize = 3;
const TAB_WIDTH: usize = 8;

/// Read text bytes into a layout, under the default limits.
pub fn read(file: &str, bytes: &[u8]) -> Result<Layout, ReadError> {
    read_with(file, bytes, &Limits::default())
}

/// Read text bytes into a layout. A text longer than the `text-bytes` limit
/// or with a line longer than the `line-bytes` limit is an error naming it:
/// nothing in a real document comes near, and every later stage would pay
/// for it.
pub fn read_with(file: &str, bytes: &[u8], limits: &Limits) -> Result<Layout, ReadError> {
    if bytes.len() as u64 > limits.text_bytes {
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::LimitExceeded {
                limit: Limit::TextBytes,
                value: limits.text_bytes,
                what: format!("the text input is {} bytes", bytes.len()),
            },
        ));
    }
    let mut diagnostics = Vec::new();
    let text = match decode(bytes) {
        Decoded::Unicode(text) => text,
        Decoded::Repaired { text, invalid } => {
            diagnostics.extend(invalid_utf8_diagnostics(file, bytes, &invalid));
            std::borrow::Cow::Owned(text)
        }
        Decoded::Windows1252 { text, first_bad_line } => {
            diagnostics.push(Diagnostic::new(
                Code::DecodedAsWindows1252,
                Location::new(file, None, first_bad_line),
                "input is not UTF-8 (more invalid sequences than UTF-8 characters beyond ASCII); decoded as Windows-1252",
            ));
            std::borrow::Cow::Owned(text)
        }
    };
    if text.trim().is_empty() {
        return Err(ReadError::new(file, None, ReadErrorKind::Empty));
    }
    let text = if looks_like_html(&text) {
        std::borrow::Cow::Owned(html_to_text(&text))
    } else {
        text
    };
    if let Some((number, length)) = split_lines(&text)
        .enumerate()
        .find(|(_, line)| line.len() as u64 > limits.line_bytes)
    {
        return Err(ReadError::new(
            file,
            None,
            ReadErrorKind::LimitExceeded {
                limit: Limit::LineBytes,
                value: limits.line_bytes,
                what: format!("line {} is {} bytes long", number + 1, length.len()),
            },
        ));
    }
    let pages = paginate(&text);
    Ok(Layout {
        source: Source {
            file: file.to_string(),
            format: SourceFormat::Text,
        },
        pages,
        diagnostics,
    })
}

enum Decoded<'b> {
    /// Valid text: borrowed when the input is UTF-8 as it stands.
    Unicode(std::borrow::Cow<'b, str>),
    /// UTF-8 but for a few invalid sequences, each replaced by U+FFFD:
    /// `invalid` holds their byte offsets and lengths in the input.
    Repaired {
        text: String,
        invalid: Vec<(usize, usize)>,
    },
    Windows1252 {
        text: String,
        first_bad_line: u32,
    },
}

fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8(rest, 3);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return Decoded::Unicode(decode_utf16(rest, u16::from_le_bytes).into());
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return Decoded::Unicode(decode_utf16(rest, u16::from_be_bytes).into());
    }
    // UTF-16 without a mark: mostly ASCII text has a NUL in every other byte.
    match utf16_without_mark(bytes) {
        Some(true) => return Decoded::Unicode(decode_utf16(bytes, u16::from_le_bytes).into()),
        Some(false) => return Decoded::Unicode(decode_utf16(bytes, u16::from_be_bytes).into()),
        None => {}
    }
    decode_utf8(bytes, 0)
}

/// UTF-8 as it stands (borrowed); UTF-8 with its few invalid sequences
/// replaced; or, when invalid sequences outnumber the valid characters
/// beyond ASCII, Windows-1252: a text that office software saved in its code
/// page has an invalid sequence at nearly every accented letter or curly
/// quote and almost never a valid one, while a UTF-8 text damaged in a few
/// places keeps most of its characters valid. `skipped` is the length of a
/// byte-order mark before `bytes`, so that offsets are the file's.
fn decode_utf8(bytes: &[u8], skipped: usize) -> Decoded<'_> {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::Unicode(text.into());
    }
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut invalid = Vec::new();
    let (mut multibyte, mut at) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        // Lead bytes of multi-byte characters: one per character.
        multibyte += valid.bytes().filter(|&b| b >= 0xC0).count();
        text.push_str(valid);
        at += valid.len();
        if !chunk.invalid().is_empty() {
            invalid.push((skipped + at, chunk.invalid().len()));
            text.push(char::REPLACEMENT_CHARACTER);
            at += chunk.invalid().len();
        }
    }
    if invalid.len() > multibyte {
        let first = invalid.first().map_or(0, |&(at, _)| at - skipped);
        let valid = bytes.get(..first).unwrap_or_default();
        return Decoded::Windows1252 {
            text: bytes.iter().map(|&b| windows_1252(b)).collect(),
            first_bad_line: 1 + line_breaks(valid),
        };
    }
    Decoded::Repaired { text, invalid }
}

/// Line breaks in `bytes` as [`split_lines`] counts them: LF, CRLF or CR.
fn line_breaks(bytes: &[u8]) -> u32 {
    let lf = memchr::memchr_iter(b'\n', bytes).count();
    let lone_cr = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    u32::try_from(lf + lone_cr).unwrap_or(u32::MAX)
}

/// Invalid UTF-8 sequences said one by one, up to this many; the rest are
/// counted in one more warning.
const INVALID_UTF8_SAID: usize = 10;

/// Warnings for a repaired UTF-8 input: each invalid sequence with its
/// line, column (in bytes) and offset, the first [`INVALID_UTF8_SAID`] of
/// them, then how many more.
fn invalid_utf8_diagnostics(file: &str, bytes: &[u8], invalid: &[(usize, usize)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (mut line, mut line_start, mut scanned) = (1u32, 0usize, 0usize);
    for (i, &(at, len)) in invalid.iter().enumerate() {
        let seen = bytes.get(scanned..at).unwrap_or_default();
        line = line.saturating_add(line_breaks(seen));
        if let Some(last) = memchr::memrchr2(b'\n', b'\r', seen) {
            line_start = scanned + last + 1;
        }
        scanned = at;
        let location = Location::new(file, None, line);
        if i == INVALID_UTF8_SAID {
            out.push(Diagnostic::new(
                Code::InvalidUtf8,
                location,
                format!(
                    "{} more invalid UTF-8 sequences from here on, each replaced by U+FFFD",
                    invalid.len() - i
                ),
            ));
            break;
        }
        let shown: Vec<String> = bytes
            .get(at..at + len)
            .unwrap_or_default()
            .iter()
            .map(|b| format!("0x{b:02X}"))
            .collect();
        out.push(Diagnostic::new(
            Code::InvalidUtf8,
            location,
            format!(
                "invalid UTF-8 ({}) at line {line}, column {} (byte {at} of the input); replaced by U+FFFD",
                shown.join(" "),
                at - line_start + 1
            ),
        ));
    }
    out
}

/// `Some(true)` for little-endian UTF-16, `Some(false)` for big-endian, by
/// where the NULs of mostly-ASCII text fall in the first kilobytes.
fn utf16_without_mark(bytes: &[u8]) -> Option<bool> {
    let head = bytes.get(..bytes.len().min(4096))?;
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let odd_nuls = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even_nuls = head.iter().step_by(2).filter(|&&b| b == 0).count();
    if odd_nuls * 10 >= pairs * 7 && even_nuls * 10 < pairs {
        Some(true)
    } else if even_nuls * 10 >= pairs * 7 && odd_nuls * 10 < pairs {
        Some(false)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| match c {
        [a, b] => unit([*a, *b]),
        _ => unit([0, 0]),
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// Windows-1252 to Unicode. The five bytes the code page leaves undefined
/// map to the C1 controls of the same value, as browsers do.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::from(byte),
    }
}

/// Split decoded text into pages of lines.
fn paginate(text: &str) -> Vec<Page> {
    let mut pages = vec![Page::empty(1)];
    let mut row_on_page = 0usize;
    for (index, raw) in split_lines(text).enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let mut parts = raw.split('\u{c}');
        let first = parts.next().unwrap_or_default();
        let mut segments = vec![first];
        for later in parts {
            // Each form feed closes the page and the rest of the line opens
            // the next one.
            let next = u32::try_from(pages.len() + 1).unwrap_or(u32::MAX);
            push_segments(pages.last_mut(), &segments, row_on_page, number);
            segments.clear();
            pages.push(Page::empty(next));
            row_on_page = 0;
            segments.push(later);
        }
        push_segments(pages.last_mut(), &segments, row_on_page, number);
        row_on_page += 1;
    }
    super::finish_pages(&mut pages);
    pages
}

fn push_segments(page: Option<&mut Page>, segments: &[&str], row: usize, number: u32) {
    let Some(page) = page else { return };
    for segment in segments {
        let mut plain = String::with_capacity(segment.len());
        super::push_expanded(&mut plain, &strip_markdown(segment));
        let cells = cells(&plain);
        let right = cells
            .last()
            .map(|c| c.x + c.text.chars().count() as f32)
            .unwrap_or(0.0);
        if let Some(line) = Line::from_cells(cells, right, row as f32, 1.0, 1.0, number) {
            page.lines.push(line);
        }
    }
}

/// Lines ended by CRLF, CR or LF.
fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        // Bytes, not characters: a line break is ASCII, and this pass sees
        // every byte of the input.
        match memchr::memchr2(b'\r', b'\n', rest.as_bytes()) {
            Some(end) => {
                let line = rest.get(..end).unwrap_or_default();
                let after = rest.get(end..).unwrap_or_default();
                rest = after
                    .strip_prefix("\r\n")
                    .or_else(|| after.strip_prefix('\r'))
                    .or_else(|| after.strip_prefix('\n'))
                    .unwrap_or_default();
                Some(line)
            }
            None => {
                let line = rest;
                rest = "";
                Some(line)
            }
        }
    })
}

/// Split a line into cells at runs of spaces, expanding tabs and dropping
/// control characters.
fn cells(line: &str) -> Vec<Cell> {
    let mut out = Vec::new();
    let mut column = 0usize;
    let mut current = String::new();
    let mut start = 0usize;
    let mut spaces = 0usize;
    for ch in line.chars() {
        match ch {
            ' ' | '\t' => {
                let width = if ch == '\t' {
                    TAB_WIDTH - column % TAB_WIDTH
                } else {
                    1
                };
                spaces += width;
                column += width;
            }
            c if c.is_control() => {}
            c => {
                if !current.is_empty() && spaces >= CELL_GAP {
                    current.shrink_to_fit();
                    out.push(Cell {
                        x: start as f32,
                        text: std::mem::take(&mut current),
                    });
                } else if !current.is_empty() && spaces > 0 {
                    current.push(' ');
                }
                if current.is_empty() {
                    start = column;
                }
                spaces = 0;
                current.push(c);
                column += 1;
            }
        }
    }
    if !current.is_empty() {
        out.push(Cell {
            x: start as f32,
            text: current,
        });
    }
    out
}

/// Whether decoded text is an HTML page (saved from a browser or a word
/// processor): its first tag opens the document.
fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(64)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

static HTML_HIDDEN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?is)<(head|script|style|template)\b.*?</(head|script|style|template)\s*>|<!--.*?-->").ok()
});
static HTML_BLOCK: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)<br\s*/?>|</?(p|div|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|blockquote|dd|dt|hr|figure|figcaption|pre|caption|body|html)\b[^>]*>").ok()
});
static HTML_CELL: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"(?i)</?t[dh]\b[^>]*>").ok());
static HTML_TAG: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"<[^<>]*>").ok());
static GLUED_ENUMERATOR: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?m)^(\s*(?:[0-9]{1,3}\.|\([a-z]{1,3}\)|[IVXLC]{1,7}\.))(\p{L})").ok());

/// The text of an HTML page: hidden parts dropped, blocks on lines of their
/// own, table cells apart as columns, tags removed. A paragraph number set in
/// its own inline box (`<span>1.</span>States`) keeps a space before its
/// text. Entities are decoded with the rest of the markup.
fn html_to_text(html: &str) -> String {
    // Line breaks in the source are spaces on the page.
    let mut out = html.replace(['\r', '\n'], " ");
    for (pattern, with) in [
        (&HTML_HIDDEN, ""),
        (&HTML_BLOCK, "\n"),
        (&HTML_CELL, "    "),
        (&HTML_TAG, ""),
    ] {
        if let Some(re) = pattern.as_ref() {
            out = re.replace_all(&out, with).into_owned();
        }
    }
    // Line breaks inside a paragraph's source are spaces in the page.
    let mut lines: Vec<String> = Vec::new();
    for raw in out.split('\n') {
        lines.push(raw.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let mut text = lines.join("\n");
    if let Some(re) = GLUED_ENUMERATOR.as_ref() {
        text = re.replace_all(&text, "$1 $2").into_owned();
    }
    text
}

static LINK: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\[([^\[\]]+)\]\([^()\s]*\)").ok());
static EMPHASIS: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(\*\*|\*)([^*\s](?:[^*]*[^*\s])?)(\*\*|\*)").ok());
static LIST_MARKER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(\s*)[-+•*]\s+(\([A-Za-z0-9]{1,4}\)|[0-9]{1,3}\.)").ok());
static HEADING_MARKER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^(\s*)#{1,6}\s+").ok());
static ESCAPE: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\\([.()\[\]*_#+\-!])").ok());
static ENTITY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-z]{2,6});").ok());

/// The character an HTML entity stands for, for the entities converted
/// text carries.
fn entity(name: &str) -> Option<char> {
    if let Some(hex) = name.strip_prefix("#x") {
        return u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
    }
    if let Some(decimal) = name.strip_prefix('#') {
        return decimal.parse().ok().and_then(char::from_u32);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "hellip" => '…',
        _ => return None,
    })
}

/// Remove markdown left by conversion: links keep their text, emphasis loses
/// its asterisks, a list marker before an enumerator goes.
pub fn strip_markdown(line: &str) -> String {
    let mut out = line.to_string();
    // Each pattern runs only where its mark appears: most lines have none.
    if let Some(re) = LINK.as_ref().filter(|_| out.contains("](")) {
        out = re.replace_all(&out, "$1").into_owned();
    }
    if let Some(re) = EMPHASIS.as_ref().filter(|_| out.contains('*')) {
        out = re
            .replace_all(&out, |c: &regex::Captures| {
                let (open, close) = (&c[1], &c[3]);
                // `*1904998*` is a bar code, not emphasis.
                if open == close && c[2].chars().any(char::is_alphabetic) {
                    c[2].to_string()
                } else {
                    c[0].to_string()
                }
            })
            .into_owned();
    }
    if let Some(re) = LIST_MARKER.as_ref() {
        out = re.replace(&out, "$1$2").into_owned();
    }
    if let Some(re) = HEADING_MARKER.as_ref().filter(|_| out.contains('#')) {
        out = re.replace(&out, "$1").into_owned();
    }
    if let Some(re) = ESCAPE.as_ref().filter(|_| out.contains('\\')) {
        out = re.replace_all(&out, "$1").into_owned();
    }
    if let Some(re) = ENTITY.as_ref().filter(|_| out.contains('&')) {
        out = re
            .replace_all(&out, |c: &regex::Captures| match entity(&c[1]) {
                Some(ch) => ch.to_string(),
                None => c[0].to_string(),
            })
            .into_owned();
    }
    // Zero-width characters carry nothing a reader sees.
    out.retain(|c| !matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(layout: &Layout) -> Vec<Vec<String>> {
        layout
            .pages
            .iter()
            .map(|p| p.lines.iter().map(|l| l.text.clone()).collect())
            .collect()
    }

    #[test]
    fn line_ends_and_bom() {
        let a = read("a", b"one\ntwo\n\nthree").unwrap();
        let b = read("b", b"\xEF\xBB\xBFone\r\ntwo\r\n\r\nthree\r\n").unwrap();
        let c = read("c", b"one\rtwo\r\rthree").unwrap();
        assert_eq!(texts(&a), texts(&b));
        assert_eq!(texts(&a), texts(&c));
        assert_eq!(a.pages[0].lines[2].number, 4);
        assert_eq!(a.pages[0].lines[2].y, 3.0);
        assert!(a.diagnostics.is_empty() && b.diagnostics.is_empty());
    }

    #[test]
    fn windows_1252_fallback_warns() {
        let layout = read("w.txt", b"ok\n\x93quoted\x94 \x96 dash").unwrap();
        assert_eq!(texts(&layout), vec![vec!["ok", "“quoted” – dash"]]);
        assert_eq!(layout.diagnostics.len(), 1);
        assert_eq!(layout.diagnostics[0].code.name(), "decoded_as_windows_1252");
        assert_eq!(layout.diagnostics[0].location.line, 2);
    }

    /// Regression: one invalid byte in a UTF-8 text with curly quotes read
    /// the whole text as Windows-1252 (`’` became `â€™` on every line).
    #[test]
    fn one_invalid_byte_in_utf8_changes_only_that_byte() {
        let good = "“States” shall act.\nIt’s the State’s duty.\nOn and on.\n";
        let mut bytes = good.as_bytes().to_vec();
        let at = good.find("and").unwrap();
        bytes.insert(at, 0x92);
        let layout = read("u.txt", &bytes).unwrap();
        assert_eq!(
            texts(&layout),
            vec![vec![
                "“States” shall act.",
                "It’s the State’s duty.",
                "On \u{fffd}and on."
            ]]
        );
        assert_eq!(layout.diagnostics.len(), 1);
        let d = &layout.diagnostics[0];
        assert_eq!(d.code, Code::InvalidUtf8);
        assert_eq!(d.location.line, 3);
        assert!(d.message.contains("(0x92) at line 3, column 4"), "{}", d.message);
        assert!(d.message.contains(&format!("byte {at} ")), "{}", d.message);
    }

    #[test]
    fn invalid_utf8_is_said_ten_times_then_counted() {
        let mut bytes = "“a” ".repeat(30).into_bytes();
        for line in 0..15 {
            bytes.extend_from_slice(format!("\nline {line} ").as_bytes());
            bytes.push(0x85);
        }
        bytes.extend_from_slice(b"\r\xEF\xBB\xBF-");
        let layout = read("u.txt", &bytes).unwrap();
        let said: Vec<(u32, &str)> = layout
            .diagnostics
            .iter()
            .map(|d| (d.location.line, d.message.as_str()))
            .collect();
        assert_eq!(said.len(), 11, "{said:?}");
        assert!(layout.diagnostics.iter().all(|d| d.code == Code::InvalidUtf8));
        assert_eq!(said[0].0, 2);
        assert_eq!(said[9].0, 11);
        assert_eq!(
            said[10],
            (
                12,
                "5 more invalid UTF-8 sequences from here on, each replaced by U+FFFD"
            )
        );
        let lines = &texts(&layout)[0];
        assert_eq!(lines[1], "line 0 \u{fffd}");
        // A lone CR ends a line as split_lines reads it; a mark mid-text
        // is a zero-width character and goes.
        assert_eq!(lines.last().unwrap(), "-");
    }

    #[test]
    fn a_text_mostly_invalid_as_utf8_is_windows_1252() {
        // One valid UTF-8 pair (`Ã©` reads as `é`) among three code-page
        // quotes: Windows-1252 still.
        let layout = read("w.txt", b"\x93one\x94 \xC3\xA9 \x96").unwrap();
        assert_eq!(texts(&layout), vec![vec!["“one” Ã© –"]]);
        assert_eq!(layout.diagnostics[0].code, Code::DecodedAsWindows1252);
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "a–b".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(texts(&read("u", &bytes).unwrap()), vec![vec!["a–b"]]);
    }

    #[test]
    fn utf16_without_a_mark() {
        for little in [true, false] {
            let bytes: Vec<u8> = "I. First – meeting"
                .encode_utf16()
                .flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            assert_eq!(
                texts(&read("u", &bytes).unwrap()),
                vec![vec!["I. First – meeting"]]
            );
        }
    }

    #[test]
    fn form_feed_starts_a_page() {
        let layout = read("f", b"a\nb\n\x0cc\nd\x0c").unwrap();
        assert_eq!(texts(&layout), vec![vec!["a", "b"], vec!["c", "d"]]);
        assert_eq!(layout.pages[1].number, 2);
        assert_eq!(layout.pages[1].lines[0].number, 3);
        assert_eq!(layout.pages[1].lines[0].y, 0.0);
    }

    #[test]
    fn cells_split_at_wide_gaps() {
        let layout = read("c", b"   1.     States parties should\tact").unwrap();
        let line = &layout.pages[0].lines[0];
        assert_eq!(line.text, "1. States parties should act");
        assert_eq!(line.cell_count(), 2);
        assert_eq!(line.x, 3.0);
        assert_eq!(line.cells[1].x, 10.0);
    }

    #[test]
    fn markdown_removed() {
        assert_eq!(
            strip_markdown("see ([CTOC/COP/WG.7/2019/4](#)), x"),
            "see (CTOC/COP/WG.7/2019/4), x"
        );
        assert_eq!(
            strip_markdown("the *Digest of Cases* and **bold**"),
            "the Digest of Cases and bold"
        );
        assert_eq!(strip_markdown(" - (a) Smuggling"), " (a) Smuggling");
        assert_eq!(strip_markdown("- 12. Text"), "12. Text");
        // A lone footnote asterisk is the document's, not markup.
        assert_eq!(strip_markdown("provisional agenda*"), "provisional agenda*");
        assert_eq!(
            strip_markdown("* CTOC/COP/WG.7/2019/1."),
            "* CTOC/COP/WG.7/2019/1."
        );
        // Regression: the bar code under a job number lost its asterisks.
        assert_eq!(strip_markdown("*1904998*"), "*1904998*");

        // Hyphenated words are not list markers.
        assert_eq!(strip_markdown("well-being - (a)"), "well-being - (a)");
        assert_eq!(strip_markdown("## I. First meeting"), "I. First meeting");
        assert_eq!(strip_markdown("* (a) Item"), "(a) Item");
        assert_eq!(strip_markdown("12\\. States \\(UNODC\\)"), "12. States (UNODC)");
        assert_eq!(
            strip_markdown("Trafficking &amp; smuggling&nbsp;&#8211; &rsquo;&unknown;"),
            "Trafficking & smuggling\u{a0}– ’&unknown;"
        );
        assert_eq!(strip_markdown("zero\u{200b}width\u{feff}"), "zerowidth");
    }

    #[test]
    fn ligatures_expand() {
        // Regression: pdftotext keeps the ligatures xdvipdfmx maps.
        assert_eq!(
            texts(&read("l", "traﬀicking oﬃcials ﬁnal".as_bytes()).unwrap()),
            vec![vec!["trafficking officials final"]]
        );
    }

    #[test]
    fn html_pages_read_as_their_text() {
        let html = "<!DOCTYPE html>\n<html><head><title>x</title><style>p { margin: 0 }</style></head><body>\n<h3><span class=n>I.</span>First meeting, Vienna, 4 July 2018</h3>\n<p class=para><span class=n>1.</span>States parties\n  should act &amp; <em>cooperate</em>.</p><!-- note --><table><tr><td>V.19-04998</td><td>2/3</td></tr></table></body></html>";
        let layout = read("h.html", html.as_bytes()).unwrap();
        let lines: Vec<&str> = layout.pages[0].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            [
                "I. First meeting, Vienna, 4 July 2018",
                "1. States parties should act & cooperate.",
                "V.19-04998 2/3"
            ]
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        let err = read("e.txt", b" \n\n").unwrap_err();
        assert_eq!(err.kind, ReadErrorKind::Empty);
        assert!(err.to_string().starts_with("e.txt: "));
    }
}
