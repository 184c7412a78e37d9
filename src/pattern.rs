//! Regular expressions compiled once, at first use.
//!
//! A pattern is a `LazyLock<Option<Regex>>`: one that failed to compile (a
//! programming error the tests catch) matches nothing instead of panicking
//! on a document.

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
