//! Regular expressions compiled once, at first use.
//!
//! A pattern is a `LazyLock<Option<Regex>>`: one that failed to compile (a
//! programming error the tests catch) matches nothing instead of panicking
//! on a document.
//!
//! Compiling is most of the work on a short document (a case-insensitive
//! list of ordinals takes half a millisecond), so a [`Guarded`] pattern
//! names the words every match holds: a text without them is answered
//! without compiling or running the pattern, and a document that never
//! holds them never compiles it.

use regex::{Captures, Regex};
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
    let folded: String = text
        .chars()
        .map(|c| match c {
            'ſ' => 's',
            '\u{212A}' => 'k',
            c => c,
        })
        .collect();
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

    static MEETING: Guarded = Guarded::new(&["meeting"], || Regex::new(r"(?i)\bmeeting\b").ok());

    #[test]
    fn a_guarded_pattern_answers_only_texts_with_its_words() {
        assert!(MEETING.for_text("no such word").is_none());
        let re = MEETING.for_text("Fifth Meeting");
        assert!(re.is_some_and(|re| re.is_match("Fifth Meeting")));
    }
}
