//! Shapes of short texts read by hand: enumerators (`12.`, `124.35`,
//! `(a)`, `IV.`, `Article 5`), page numbers, job numbers, bar codes and
//! footnote marks.
//!
//! They are asked of every line of every document, so they are code, not
//! patterns: each pattern took longer to compile (0.2 to 0.5 ms, for its
//! Unicode classes) than a page takes to read. The tests hold the patterns
//! they replace and check both agree on every text of a generated set.

use regex_syntax::hir::{Class, HirKind};
use std::sync::LazyLock;

/// A Unicode general category as sorted ranges of chars, from the same
/// tables the patterns use; building it costs a small part of compiling the
/// class into a pattern.
fn category(name: &str) -> Vec<(char, char)> {
    class(&format!(r"\p{{{name}}}"))
}

/// A class of a pattern (`\p{Lu}`, `\w`) as sorted ranges of chars.
fn class(pattern: &str) -> Vec<(char, char)> {
    let Ok(hir) = regex_syntax::parse(pattern) else {
        return Vec::new();
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            class.ranges().iter().map(|r| (r.start(), r.end())).collect()
        }
        _ => Vec::new(),
    }
}

static UPPERCASE_LETTERS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| category("Lu"));
static LOWERCASE_LETTERS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| category("Ll"));
static LETTERS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| category("L"));
static WORD_CHARS: LazyLock<Vec<(char, char)>> = LazyLock::new(|| class(r"\w"));

/// Whether `c` is an uppercase letter (general category Lu); the table is
/// built only for a letter outside ASCII.
pub fn is_uppercase_letter(c: char) -> bool {
    in_category(c, char::is_ascii_uppercase, &UPPERCASE_LETTERS)
}

/// Whether `c` is a lowercase letter (general category Ll).
fn is_ll(c: char) -> bool {
    in_category(c, char::is_ascii_lowercase, &LOWERCASE_LETTERS)
}

/// Whether `c` is a word character, as a pattern's `\w` and `\b` read one.
pub fn is_word_char(c: char) -> bool {
    in_category(c, |c| c.is_ascii_alphanumeric() || *c == '_', &WORD_CHARS)
}

/// Whether `c` is a letter (general category L), as a pattern's `\p{L}`.
pub fn is_letter(c: char) -> bool {
    in_category(c, char::is_ascii_alphabetic, &LETTERS)
}

fn in_category(c: char, ascii: fn(&char) -> bool, ranges: &[(char, char)]) -> bool {
    if c.is_ascii() {
        return ascii(&c);
    }
    ranges
        .binary_search_by(|&(start, end)| {
            if end < c {
                std::cmp::Ordering::Less
            } else if start > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// The leading run of chars satisfying `f`: its length in chars and the rest.
fn run(s: &str, f: impl Fn(char) -> bool) -> (usize, &str) {
    let mut n = 0;
    for (at, c) in s.char_indices() {
        if !f(c) {
            return (n, s.get(at..).unwrap_or_default());
        }
        n += 1;
    }
    (n, "")
}

fn digits(s: &str) -> (usize, &str) {
    run(s, |c| c.is_ascii_digit())
}

fn spaces(s: &str) -> (usize, &str) {
    run(s, char::is_whitespace)
}

/// `s` without its first char when that char satisfies `f`.
fn one(s: &str, f: impl Fn(char) -> bool) -> Option<&str> {
    let mut chars = s.chars();
    chars.next().filter(|&c| f(c)).map(|_| chars.as_str())
}

/// Whether `s` is empty or opens with a space.
fn ends_word(s: &str) -> bool {
    s.is_empty() || s.starts_with(char::is_whitespace)
}

/// The single enumerators, each followed by `rest`: `12.` `12)`, a
/// four-digit number that is no year 1900–2099 with `.` or `)`, `(a)` to
/// `(abcd)`, `(12)`, a roman numeral with `.`, a capital with `.`.
fn after_simple_enumerators(text: &str) -> impl Iterator<Item = &str> {
    let close = |c: char| c == '.' || c == ')';
    let (n, rest) = digits(text);
    let number = text.get(..n).and_then(|d| d.parse::<u32>().ok()).unwrap_or(0);
    let numbered = ((1..=3).contains(&n) || (n == 4 && ((1000..=1899).contains(&number) || number >= 2100)))
        .then(|| one(rest, close))
        .flatten();
    let in_parentheses = one(text, |c| c == '(').and_then(|inner| {
        let (letters, after_letters) = run(inner, |c| c.is_ascii_lowercase());
        let (numbers, after_numbers) = digits(inner);
        let after = if (1..=4).contains(&letters) {
            after_letters
        } else if (1..=3).contains(&numbers) {
            after_numbers
        } else {
            return None;
        };
        one(after, |c| c == ')')
    });
    let (numerals, after_numerals) = run(text, |c| "IVXLC".contains(c));
    let roman = (1..=7)
        .contains(&numerals)
        .then(|| one(after_numerals, |c| c == '.'))
        .flatten();
    let capital = one(text, |c| c.is_ascii_uppercase()).and_then(|r| one(r, |c| c == '.'));
    [numbered, in_parentheses, roman, capital].into_iter().flatten()
}

/// A dotted number `124.35`, `1.2.3.4` (one to three dotted parts), and
/// what follows it.
fn after_dotted_number(text: &str) -> Option<&str> {
    let (n, mut rest) = digits(text);
    if !(1..=3).contains(&n) {
        return None;
    }
    let mut parts = 0;
    while let Some(after_dot) = rest.strip_prefix('.') {
        let (n, after) = digits(after_dot);
        if n == 0 {
            break;
        }
        if n > 3 || parts == 3 {
            return None;
        }
        parts += 1;
        rest = after;
    }
    (parts > 0).then_some(rest)
}

/// Whether a text opens with an enumerator: a single one followed by a
/// space or nothing, a dotted number followed by a capital (after a dot or
/// a space) or nothing, or a label word and a number (`Recommendation 12:`,
/// `Rec. 3.`, `Article 5`) whose word is under `max_label_chars` letters.
pub fn starts_with_enumerator(text: &str, max_label_chars: usize) -> bool {
    after_simple_enumerators(text).any(ends_word)
        || after_dotted_number(text).is_some_and(|rest| {
            let undotted = rest.strip_prefix('.');
            let (gap, after_gap) = spaces(undotted.unwrap_or(rest));
            (gap > 0 && one(after_gap, is_uppercase_letter).is_some())
                || undotted.is_some_and(|r| one(r, is_uppercase_letter).is_some())
                || undotted.unwrap_or(rest).is_empty()
        })
        || named_enumerator(text, max_label_chars)
}

/// `Recommendation 12:`, `Rec. 3.`, `Article 5`, `Annex 1`.
fn named_enumerator(text: &str, max_label_chars: usize) -> bool {
    let Some(rest) = one(text, is_uppercase_letter) else {
        return false;
    };
    let (letters, rest) = run(rest, is_ll);
    if letters < 2 || letters >= max_label_chars {
        return false;
    }
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let (gap, rest) = spaces(rest);
    let (n, rest) = digits(rest);
    if gap == 0 || !(1..=3).contains(&n) {
        return false;
    }
    if rest.is_empty() {
        return true;
    }
    let (_, rest) = spaces(rest);
    one(rest, |c| ".:)".contains(c)).is_some_and(ends_word)
}

/// Whether a whole text is an enumerator and nothing else: `12.`, `(a)`,
/// `124.35`, `124.35.`, `IV.`.
pub fn is_lone_enumerator(text: &str) -> bool {
    after_simple_enumerators(text).any(str::is_empty)
        || after_dotted_number(text).is_some_and(|rest| rest.is_empty() || rest == ".")
}

/// Whether a text is a page number: `12`, `- 12 -`, `3/12`, `Page 3`,
/// `page 3 of 12` (at most four digits each).
pub fn is_page_number(text: &str) -> bool {
    fn number(s: &str) -> Option<&str> {
        let (n, rest) = digits(s);
        (1..=4).contains(&n).then_some(rest)
    }
    let dashed = text.strip_prefix('-').and_then(|r| {
        let r = number(spaces(r).1)?;
        Some(spaces(r).1 == "-")
    });
    let of_pages = number(text).is_some_and(|r| {
        r.is_empty() || {
            let r = spaces(r).1;
            r.strip_prefix('/')
                .and_then(|r| number(spaces(r).1))
                .is_some_and(str::is_empty)
        }
    });
    let worded = text
        .get(..4)
        .filter(|w| w.eq_ignore_ascii_case("page"))
        .and_then(|_| {
            let (gap, r) = spaces(text.get(4..)?);
            let r = number(r).filter(|_| gap > 0)?;
            if r.is_empty() {
                return Some(true);
            }
            let (gap, r) = spaces(r);
            let of = r.get(..2).filter(|w| w.eq_ignore_ascii_case("of") && gap > 0)?;
            let (gap, r) = spaces(r.get(of.len()..)?);
            Some(gap > 0 && number(r).is_some_and(str::is_empty))
        });
    dashed == Some(true) || of_pages || worded == Some(true)
}

/// Whether a text is a job number as the UN prints it at a page's foot:
/// `GE.20-04483 (E)`, `V.19-01234`, `GE.20-04483(E) 120320 130320`,
/// with at most one short word at the end.
pub fn is_job_number(text: &str) -> bool {
    let (letters, rest) = run(text, |c| c.is_ascii_uppercase());
    if !(1..=3).contains(&letters) {
        return false;
    }
    let Some(rest) = rest.strip_prefix('.') else {
        return false;
    };
    let (n, rest) = digits(rest);
    let Some(rest) = rest.strip_prefix('-').filter(|_| n == 2) else {
        return false;
    };
    let (n, rest) = digits(rest);
    if !(4..=6).contains(&n) {
        return false;
    }
    let language = one(spaces(rest).1, |c| c == '(')
        .and_then(|r| one(r, |c| c.is_ascii_uppercase()))
        .and_then(|r| one(r, |c| c == ')'));
    job_number_tail(rest) || language.is_some_and(job_number_tail)
}

/// Six-digit dates, each after a space, then perhaps one word of at most
/// twelve chars.
fn job_number_tail(mut rest: &str) -> bool {
    loop {
        if rest.is_empty() {
            return true;
        }
        let (gap, after_gap) = spaces(rest);
        if gap == 0 {
            return false;
        }
        let (chars, after_word) = run(after_gap, |c| !c.is_whitespace());
        let word = after_gap
            .get(..after_gap.len() - after_word.len())
            .unwrap_or_default();
        if word.len() == 6 && word.bytes().all(|b| b.is_ascii_digit()) {
            rest = after_word;
        } else {
            return after_word.is_empty() && (1..=12).contains(&chars);
        }
    }
}

/// The length in chars of the leading run of `set` chars.
fn marks<'t>(text: &'t str, set: &[char]) -> (usize, &'t str) {
    run(text, |c| set.contains(&c))
}

/// A bar-code line: `*1904998*` (six digits or more between asterisks).
pub fn is_bar_code(text: &str) -> bool {
    text.strip_prefix('*')
        .and_then(|t| t.strip_suffix('*'))
        .is_some_and(|digits| digits.len() >= 6 && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// A footnote opening with one to three asterisks and a space: `* CTOC/…`.
pub fn is_asterisk_footnote(text: &str) -> bool {
    let (n, rest) = marks(text, &['*', '∗']);
    let (gap, rest) = spaces(rest);
    (1..=3).contains(&n) && gap > 0 && !rest.is_empty()
}

/// A footnote whose mark touches its text (`*CTOC/COP/WG.7/2019/1.`), and
/// no other mark after: not emphasis closed by a mark.
pub fn is_unspaced_footnote(text: &str) -> bool {
    let (n, rest) = marks(text, &['*', '∗']);
    (1..=3).contains(&n) && one(rest, |c| !c.is_whitespace()).is_some() && !rest.contains(['*', '∗'])
}

/// A footnote mark alone: `*`, `**`, `†`, `‡`, `§`.
pub fn is_lone_mark(text: &str) -> bool {
    let (n, rest) = marks(text, &['*', '†', '‡', '§']);
    (1..=3).contains(&n) && rest.is_empty()
}

/// A rule drawn in characters: five or more `_`, `-`, `–` or `—`, perhaps
/// set apart by spaces.
pub fn is_separator(text: &str) -> bool {
    // Dashes only, perhaps set apart by spaces (a closing rule `- - - --`).
    let dash = |c: char| matches!(c, '_' | '-' | '–' | '—');
    text.chars().all(|c| dash(c) || c == ' ') && text.chars().filter(|c| dash(*c)).count() >= 5
}

/// `12. ` opening a line: a paragraph number and a space.
pub fn opens_paragraph_number(text: &str) -> bool {
    let (n, rest) = digits(text);
    (1..=3).contains(&n) && rest.strip_prefix('.').is_some_and(|r| spaces(r).0 > 0)
}

/// `IV. ` opening a line: a section numeral and a space.
pub fn opens_section_number(text: &str) -> bool {
    let (n, rest) = run(text, |c| "IVXLC".contains(c));
    (1..=7).contains(&n) && rest.strip_prefix('.').is_some_and(|r| spaces(r).0 > 0)
}

/// The number of a footnote opening with one or two digits, a space and
/// text: `12 See …` gives `12`.
pub fn footnote_number(text: &str) -> Option<&str> {
    let (n, rest) = digits(text);
    let (gap, rest) = spaces(rest);
    ((1..=2).contains(&n) && gap > 0 && !rest.is_empty())
        .then(|| text.get(..n))
        .flatten()
}

/// A document symbol alone: `A/HRC/43/15`, `CTOC/COP/WG.7/2019/4`.
pub fn is_symbol(text: &str) -> bool {
    let (letters, mut rest) = run(text, |c| c.is_ascii_uppercase());
    if !(1..=8).contains(&letters) {
        return false;
    }
    let mut parts = 0;
    while let Some(part) = rest.strip_prefix('/') {
        let Some(after_first) = one(part, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) else {
            return false;
        };
        let (_, after) = run(after_first, |c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        parts += 1;
        rest = after;
    }
    (1..=8).contains(&parts) && rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// The patterns these functions replace, as they were.
    const ENUMERATOR: &str = r"^(?:(?:[0-9]{1,3}[.)]|(?:1[0-8][0-9][0-9]|2[1-9][0-9][0-9]|[3-9][0-9][0-9][0-9])[.)]|\([a-z]{1,4}\)|\([0-9]{1,3}\)|[IVXLC]{1,7}\.|[A-Z]\.)(?:\s|$)|[0-9]{1,3}(?:\.[0-9]{1,3}){1,3}(?:\.?\s+\p{Lu}|\.\p{Lu}|\.?$))";
    const NAMED_ENUMERATOR: &str = r"^\p{Lu}(?P<rest>\p{Ll}{2,})\.?\s+[0-9]{1,3}(?:\s*[.:)](?:\s|$)|$)";
    const LONE_ENUMERATOR: &str = r"^(?:[0-9]{1,3}[.)]|(?:1[0-8][0-9][0-9]|2[1-9][0-9][0-9]|[3-9][0-9][0-9][0-9])[.)]|[0-9]{1,3}(?:\.[0-9]{1,3}){1,3}\.?|\([a-z]{1,4}\)|\([0-9]{1,3}\)|[IVXLC]{1,7}\.|[A-Z]\.)$";
    const PAGE_NUMBER: &str = r"(?i)^(?:-\s*[0-9]{1,4}\s*-|[0-9]{1,4}(?:\s*/\s*[0-9]{1,4})?|page\s+[0-9]{1,4}(?:\s+of\s+[0-9]{1,4})?)$";
    const JOB_NUMBER: &str =
        r"^[A-Z]{1,3}\.[0-9]{2}-[0-9]{4,6}(?:\s*\([A-Z]\))?(?:\s+[0-9]{6})*(?:\s+\S{1,12})?$";
    const MAX_LABEL: usize = 16;

    fn agree(name: &str, pattern: &str, ours: impl Fn(&str) -> bool, cases: &[String]) -> usize {
        let re = Regex::new(pattern).unwrap();
        for text in cases {
            assert_eq!(ours(text), re.is_match(text), "{name}: {text:?}");
        }
        cases.len()
    }

    #[test]
    fn enumerators_read_as_the_patterns_did() {
        let pieces = [
            "1",
            "12",
            "124",
            "1234",
            "1900",
            "2100",
            "0123",
            ".",
            ")",
            "(",
            " ",
            "\u{a0}",
            "a",
            "ab",
            "A",
            "É",
            "IV",
            "C",
            "x",
            "é",
            "Rec",
            "ommendation",
            ":",
            "35",
        ];
        let cases = crate::pattern::generated_texts(&pieces, 4);
        let named = Regex::new(NAMED_ENUMERATOR).unwrap();
        let enumerator = Regex::new(ENUMERATOR).unwrap();
        for text in &cases {
            let by_pattern = enumerator.is_match(text)
                || named
                    .captures(text)
                    .and_then(|c| c.name("rest"))
                    .is_some_and(|rest| rest.as_str().chars().count() < MAX_LABEL);
            assert_eq!(starts_with_enumerator(text, MAX_LABEL), by_pattern, "{text:?}");
        }
        let n = agree("lone", LONE_ENUMERATOR, is_lone_enumerator, &cases);
        // The categories as the patterns read them, over the first planes.
        let (lu, ll) = (Regex::new(r"^\p{Lu}$").unwrap(), Regex::new(r"^\p{Ll}$").unwrap());
        let (l, w) = (Regex::new(r"^\p{L}$").unwrap(), Regex::new(r"^\w$").unwrap());
        for c in '\0'..='\u{2FFFF}' {
            let s = c.to_string();
            assert_eq!(
                (is_uppercase_letter(c), is_ll(c), is_letter(c), is_word_char(c)),
                (lu.is_match(&s), ll.is_match(&s), l.is_match(&s), w.is_match(&s)),
                "{c:?}"
            );
        }
        assert_eq!(n, 346_201);
    }

    #[test]
    fn furniture_shapes_read_as_the_patterns_did() {
        let pieces = [
            "*", "∗", "**", "†", "§", "1", "12", "123456", " ", "x", "CTOC", ".", "-", "–", "_", "IV", "/",
        ];
        let cases = crate::pattern::generated_texts(&pieces, 4);
        let mut n = 0;
        for (pattern, ours) in [
            (r"^\*[0-9]{6,}\*$", is_bar_code as fn(&str) -> bool),
            (r"^[*∗]{1,3}\s+\S", is_asterisk_footnote),
            (r"^[*∗]{1,3}[^\s*∗][^*∗]*$", is_unspaced_footnote),
            (r"^[*†‡§]{1,3}$", is_lone_mark),
            (r"^ *(?:[_\-–—] *){5,}$", is_separator),
            (r"^[0-9]{1,3}\.\s", opens_paragraph_number),
            (r"^[IVXLC]{1,7}\.\s", opens_section_number),
        ] {
            n += agree(pattern, pattern, ours, &cases);
        }
        let numbered = Regex::new(r"^(?P<n>[0-9]{1,2})\s+\S").unwrap();
        for text in &cases {
            let by_pattern = numbered
                .captures(text)
                .and_then(|c| c.name("n"))
                .map(|m| m.as_str());
            assert_eq!(footnote_number(text), by_pattern, "{text:?}");
        }
        assert_eq!(n, 7 * 88_741);
        let pieces = [
            "A",
            "HRC",
            "/",
            "43",
            ".",
            "-",
            "Add.1",
            "a",
            "ABCDEFGHI",
            " ",
            "/x",
        ];
        n = crate::pattern::assert_reads_as(
            &pieces,
            5,
            r"^[A-Z]{1,8}(?:/[A-Z0-9][A-Za-z0-9.\-]*){1,8}$",
            |c| c.is_some(),
            is_symbol,
        );
        assert_eq!(n, 177_156);
        // Eight parts after the first at most.
        assert!(is_symbol("A/B/C/D/E/F/G/H/I") && !is_symbol("A/B/C/D/E/F/G/H/I/J"));
    }

    #[test]
    fn page_and_job_numbers_read_as_the_patterns_did() {
        let pieces = [
            "1", "12345", "-", " ", "/", "Page", "pAGE", "of", "OF", "x", "\u{2003}",
        ];
        let n = crate::pattern::assert_reads_as(&pieces, 5, PAGE_NUMBER, |c| c.is_some(), is_page_number);
        assert_eq!(n, 177_156);
        let pieces = [
            "GE.20-04483",
            "V.1",
            "9-",
            "0448",
            "3",
            " ",
            "(E)",
            "(",
            ")",
            "120320",
            "abcdefghijklm",
            "é",
        ];
        let n = crate::pattern::assert_reads_as(&pieces, 5, JOB_NUMBER, |c| c.is_some(), is_job_number);
        assert_eq!(n, 271_453);
        for job in [
            "GE.20-04483 (E)",
            "GE.20-04483(E) 120320 130320",
            "V.19-01234",
            "GE.20-04483 (E)abc",
        ] {
            assert!(is_job_number(job), "{job}");
        }
    }
}
