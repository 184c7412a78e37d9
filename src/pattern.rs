//! Regular expressions compiled once, at first use, and fixed phrases
//! matched in code.
//!
//! A pattern is a `LazyLock<Option<Regex>>`: one that failed to compile (a
//! programming error the tests catch) matches nothing instead of panicking
//! on a document.
//!
//! Compiling is most of the work on a short document (a case-insensitive
//! list of ordinals takes half a millisecond), so a [`Guarded`] pattern
//! names the words every match holds: a text without them is answered
//! without compiling or running the pattern, and a document that never
//! holds them never compiles it. Where a pattern is only fixed words in any
//! letter case (`(?i)\bnot\s+(?:been\s+)?supported\b`), [`Phrases`] finds
//! them without compiling anything: a case-insensitive pattern of a few
//! phrases takes 0.2 to 1 ms to compile, as long as a short document's
//! whole segment stage.

use crate::clean::is_word_char as is_word;
use regex::{Captures, Regex};
use std::ops::Range;
use std::sync::LazyLock;

/// A lazily compiled regular expression.
pub type Pattern = LazyLock<Option<Regex>>;

/// Whether the pattern matches somewhere in `text`.
pub fn matches(pattern: &Pattern, text: &str) -> bool {
    pattern.as_ref().is_some_and(|re| re.is_match(text))
}

/// The pattern's first match in `text`, with its groups.
pub fn captures<'t>(pattern: &Pattern, text: &'t str) -> Option<Captures<'t>> {
    pattern.as_ref()?.captures(text)
}

/// A pattern behind the words every one of its matches holds.
pub struct Guarded {
    /// Lowercase ASCII words, found in any letter case.
    words: &'static [&'static str],
    /// Whether one of the words is enough (else each is required).
    any: bool,
    pattern: Pattern,
}

impl Guarded {
    /// `words` must be necessary: each in every match of the pattern.
    pub const fn new(words: &'static [&'static str], compile: fn() -> Option<Regex>) -> Self {
        Guarded {
            words,
            any: false,
            pattern: LazyLock::new(compile),
        }
    }

    /// `words` must be necessary together: one of them in every match.
    pub const fn any(words: &'static [&'static str], compile: fn() -> Option<Regex>) -> Self {
        Guarded {
            words,
            any: true,
            pattern: LazyLock::new(compile),
        }
    }

    /// The pattern, when `text` holds every word; compiled at first need.
    pub fn for_text(&self, text: &str) -> Option<&Regex> {
        let held = |w: &&str| contains_folded(text, w);
        let guard = if self.any {
            self.words.iter().any(held)
        } else {
            self.words.iter().all(held)
        };
        if guard { self.pattern.as_ref() } else { None }
    }

    /// The pattern's first match in `text`, with its groups.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.for_text(text)?.captures(text)
    }

    /// Whether the pattern matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.for_text(text).is_some_and(|re| re.is_match(text))
    }
}

/// Where a phrase of [`Phrases`] may begin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// At the start of the text only (`^`).
    Text,
    /// At the start of a word (`\b`).
    Word,
    /// At the start of the text or after white space (`(?:^|\s)`).
    Space,
}

/// Fixed phrases found in any letter case, as a case-insensitive pattern
/// of them would find them, without compiling one.
///
/// A phrase is elements separated by `' '` (one or more white-space
/// characters, `\s+`) or `'_'` (any white space, `\s*`); an element is
/// alternatives separated by `'|'`, tried in order. Lowercase ASCII letters
/// match in any case (and `ſ`, the Kelvin sign, for `s` and `k`, as Unicode
/// folds them); other characters match themselves. A phrase ends at the end
/// of a word (`\b`) unless it ends with `'*'`.
pub struct Phrases {
    anchor: Anchor,
    phrases: &'static [&'static str],
    /// The ASCII characters a match may begin with, as bits.
    first: u128,
    /// Whether a match may begin with a character outside ASCII.
    first_beyond_ascii: bool,
}

impl Phrases {
    /// Phrases beginning where `anchor` says.
    pub const fn new(anchor: Anchor, phrases: &'static [&'static str]) -> Self {
        let (first, first_beyond_ascii) = first_characters(phrases);
        Phrases {
            anchor,
            phrases,
            first,
            first_beyond_ascii,
        }
    }

    /// Whether a match may begin at byte `b`: most places are passed over
    /// here. A byte inside a character begins none.
    fn may_begin(&self, b: u8) -> bool {
        if b.is_ascii() {
            self.first >> b & 1 == 1
        } else {
            self.first_beyond_ascii && !(0x80..0xC0).contains(&b)
        }
    }

    /// The leftmost match in `text` (of the first phrase, where several
    /// begin there), without the white space [`Anchor::Space`] stands after.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_each(text).next()
    }

    /// A match at each place in `text` where one begins, left to right
    /// (the first phrase's, where several begin there).
    pub fn find_each<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let starts = match self.anchor {
            Anchor::Text => 0..text.len().min(1),
            Anchor::Word | Anchor::Space => 0..text.len(),
        };
        // Bytes, not characters: most are passed over by `may_begin`, and
        // only a candidate's character before it is decoded.
        starts
            .filter(move |&at| text.as_bytes().get(at).is_some_and(|&b| self.may_begin(b)))
            .filter_map(move |at| {
                let before = text.get(..at)?.chars().next_back();
                let opens = match self.anchor {
                    Anchor::Text => true,
                    Anchor::Word => before.is_none_or(|b| !is_word(b)),
                    Anchor::Space => before.is_none_or(char::is_whitespace),
                };
                opens.then(|| self.match_at(text, at)).flatten()
            })
    }

    /// Where the first phrase matching at `at` ends.
    fn match_at(&self, text: &str, at: usize) -> Option<Range<usize>> {
        self.phrases.iter().find_map(|phrase| {
            let (elements, bounded) = match phrase.strip_suffix('*') {
                Some(p) => (p, false),
                None => (*phrase, true),
            };
            elements_at(elements, bounded, text, at).map(|end| at..end)
        })
    }

    /// Whether one of the phrases is in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }
}

/// The ASCII letter Unicode's case folding puts `c` on when `c` lies
/// outside ASCII: `ſ` on `s`, the Kelvin sign on `k`.
fn folded_onto_ascii(c: char) -> Option<char> {
    match c {
        'ſ' => Some('s'),
        '\u{212A}' => Some('k'),
        _ => None,
    }
}

/// The first characters of `phrases`' alternatives: ASCII ones as bits
/// (a lowercase letter with its capital), and whether one may stand
/// outside ASCII (`ſ` and the Kelvin sign fold onto `s` and `k`).
const fn first_characters(phrases: &[&str]) -> (u128, bool) {
    let (mut ascii, mut beyond) = (0u128, false);
    let mut rest = phrases;
    while let Some((phrase, others)) = rest.split_first() {
        let mut bytes = phrase.as_bytes();
        let mut opens = true;
        while let Some((&b, after)) = bytes.split_first() {
            if b == b' ' || b == b'_' {
                break;
            }
            if opens && b.is_ascii() {
                ascii |= 1 << b;
                if b.is_ascii_lowercase() {
                    ascii |= 1 << b.to_ascii_uppercase();
                    beyond |= b == b's' || b == b'k';
                }
            } else if opens {
                beyond = true;
            }
            opens = b == b'|';
            bytes = after;
        }
        rest = others;
    }
    (ascii, beyond)
}

/// Where `elements` (a phrase, or what is left of one) matched from `at`
/// end, trying each element's alternatives in order.
fn elements_at(elements: &str, bounded: bool, text: &str, at: usize) -> Option<usize> {
    let (element, rest) = match elements.find([' ', '_']) {
        Some(k) => (elements.get(..k)?, elements.get(k..)),
        None => (elements, None),
    };
    for alternative in element.split('|') {
        let Some(end) = literal_at(alternative, text, at) else {
            continue;
        };
        let after = text.get(end..).unwrap_or_default();
        let Some(rest) = rest else {
            let ends_word = !alternative.ends_with(is_word) || !after.starts_with(is_word);
            if !bounded || ends_word {
                return Some(end);
            }
            continue;
        };
        let spaced = after.trim_start_matches(char::is_whitespace);
        if rest.starts_with(' ') && spaced.len() == after.len() {
            continue;
        }
        let next = end + (after.len() - spaced.len());
        if let Some(found) = elements_at(rest.get(1..)?, bounded, text, next) {
            return Some(found);
        }
    }
    None
}

/// Where `literal` matched at `at` ends: its lowercase ASCII letters in any
/// case, its other characters as they are.
fn literal_at(literal: &str, text: &str, at: usize) -> Option<usize> {
    let mut chars = text.get(at..)?.char_indices();
    for p in literal.chars() {
        let (_, c) = chars.next()?;
        let same = c == p
            || (p.is_ascii_lowercase() && (c.to_ascii_lowercase() == p || folded_onto_ascii(c) == Some(p)));
        if !same {
            return None;
        }
    }
    Some(at + chars.offset())
}

/// Whether `text` holds `word` (lowercase ASCII) in any letter case, as a
/// case-insensitive pattern finds it, including `ſ` for `s` and the Kelvin
/// sign for `k` (the two letters Unicode folds onto ASCII ones).
pub fn contains_folded(text: &str, word: &str) -> bool {
    let w = word.as_bytes();
    let Some(&first) = w.first() else { return true };
    let bytes = text.as_bytes();
    let found = memchr_either(bytes, first, first.to_ascii_uppercase()).any(|at| {
        bytes
            .get(at..at + w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    });
    if found || text.is_ascii() || !text.contains(['ſ', '\u{212A}']) {
        return found;
    }
    let folded: String = text.chars().map(|c| folded_onto_ascii(c).unwrap_or(c)).collect();
    contains_folded(&folded, word)
}

/// The positions of `a` or `b` in `bytes`.
fn memchr_either(bytes: &[u8], a: u8, b: u8) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(move |&(_, &c)| c == a || c == b)
        .map(|(i, _)| i)
}

/// Every text of up to `len` pieces from `pieces`, for checking code that
/// replaces a pattern against the pattern.
#[cfg(test)]
pub(crate) fn generated_texts(pieces: &[&str], len: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..len {
        let next: Vec<String> = last
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        all.extend(next.iter().cloned());
        last = next;
    }
    all
}

/// Check that `ours` reads every text of up to `len` pieces as `pattern`
/// did (`by_pattern` gives what was taken from its match); the number of
/// texts checked.
#[cfg(test)]
pub(crate) fn assert_reads_as<T: PartialEq + std::fmt::Debug>(
    pieces: &[&str],
    len: usize,
    pattern: &str,
    by_pattern: impl Fn(Option<Captures<'_>>) -> T,
    ours: impl Fn(&str) -> T,
) -> usize {
    let re = Regex::new(pattern).unwrap_or_else(|e| unreachable!("{e}"));
    let texts = generated_texts(pieces, len);
    for text in &texts {
        assert_eq!(ours(text), by_pattern(re.captures(text)), "{text:?}");
    }
    texts.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_found_in_any_case() {
        assert!(contains_folded("the Fifth MEETING", "meeting"));
        assert!(contains_folded("meeting", "meeting"));
        assert!(!contains_folded("meetin", "meeting"));
        assert!(!contains_folded("", "meeting"));
        // The letters a case-insensitive pattern folds onto `s` and `k`.
        assert!(contains_folded("ſeſſion", "session"));
        assert!(contains_folded("\u{212A}ey", "key"));
        assert!(contains_folded("Réunion meeting", "meeting"));
    }

    #[test]
    fn phrases_follow_their_grammar() {
        static P: Phrases = Phrases::new(Anchor::Word, &["can|could_not support", "under way*"]);
        assert_eq!(P.find("We cannot support it"), Some(3..17));
        assert_eq!(P.find("could \u{a0}not SUPPORT"), Some(0..19));
        // ' ' needs white space; the phrase ends a word unless it ends with '*'.
        assert!(!P.is_match("undermay underway"));
        assert!(!P.is_match("cannot supports"));
        assert!(P.is_match("under wayward"));
        // A phrase begins a word, and Unicode folds ſ onto s.
        assert!(!P.is_match("scannot support"));
        assert!(P.is_match("(cannot ſupport)"));
        static T: Phrases = Phrases::new(Anchor::Text, &["on|one recommendation"]);
        assert!(T.is_match("One recommendation"));
        assert!(!T.is_match(" on recommendation"));
        static S: Phrases = Phrases::new(Anchor::Space, &["report"]);
        assert_eq!(S.find("(report report"), Some(8..14));
        assert_eq!(S.find(""), None);
    }

    static MEETING: Guarded = Guarded::new(&["meeting"], || Regex::new(r"(?i)\bmeeting\b").ok());

    #[test]
    fn a_guarded_pattern_answers_only_texts_with_its_words() {
        assert!(MEETING.for_text("no such word").is_none());
        let re = MEETING.for_text("Fifth Meeting");
        assert!(re.is_some_and(|re| re.is_match("Fifth Meeting")));
    }
}
