//! Text agreement between a recommendation and its quotation elsewhere.
//!
//! Grades, from best to worst: the same text; the same words with other
//! spacing or punctuation; an abbreviation (a prefix of the text, or pieces
//! of it in order joined by ellipses); a different text, with a word-level
//! diff and a similarity score.

use serde::Serialize;

/// Longest texts (in words) a diff is computed for; longer ones are only
/// graded.
const MAX_DIFF_WORDS: usize = 3000;
/// Words of context shown around each change.
const CONTEXT: usize = 3;
/// Changes shown in a diff.
const MAX_CHANGES: usize = 4;

/// How a quotation agrees with the text it quotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "grade")]
pub enum Agreement {
    Exact,
    /// Only whitespace or punctuation differ.
    WhitespacePunctuation,
    /// A prefix, or pieces in order joined by an ellipsis.
    Abbreviated,
    Different {
        /// 2 × common words / all words, from 0 to 1.
        similarity: f64,
        /// The changes, `[-removed-]{+added+}` with some context.
        diff: String,
    },
}

/// Grade `quoted` against `original`.
pub fn compare(original: &str, quoted: &str) -> Agreement {
    let original = collapse(original);
    let quoted = collapse(quoted);
    if original == quoted {
        return Agreement::Exact;
    }
    let words_o = alphanumeric_words(&original);
    let words_q = alphanumeric_words(&quoted);
    if words_o == words_q {
        return Agreement::WhitespacePunctuation;
    }
    if is_abbreviation(&original, &quoted) {
        return Agreement::Abbreviated;
    }
    let a: Vec<&str> = original.split(' ').collect();
    let b: Vec<&str> = quoted.split(' ').collect();
    let (similarity, diff) = word_diff(&a, &b);
    Agreement::Different { similarity, diff }
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words without punctuation: what remains when spacing and punctuation are
/// set aside.
fn alphanumeric_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A quotation is an abbreviation when its pieces between ellipses are, in
/// order, pieces of the original (the first at its start unless the
/// quotation opens with an ellipsis, the last at its end unless it closes
/// with one), or when it is a shorter prefix of the original.
fn is_abbreviation(original: &str, quoted: &str) -> bool {
    let normalised = quoted.replace("...", "…");
    let pieces: Vec<Vec<&str>> = normalised.split('…').map(alphanumeric_words).collect();
    let words = alphanumeric_words(original);
    if pieces.len() == 1 {
        let q = pieces.first().map(Vec::as_slice).unwrap_or_default();
        return !q.is_empty() && q.len() < words.len() && words.starts_with(q);
    }
    let opens = normalised.trim_start().starts_with('…');
    let closes = normalised.trim_end().ends_with('…');
    let mut at = 0usize;
    let last = pieces.len() - 1;
    for (i, piece) in pieces.iter().enumerate() {
        if piece.is_empty() {
            continue;
        }
        let found = if i == 0 && !opens {
            words.starts_with(piece).then_some(0)
        } else if i == last && !closes {
            let start = words.len().checked_sub(piece.len());
            start.filter(|&s| s >= at && words.get(s..) == Some(piece.as_slice()))
        } else {
            (at..=words.len().saturating_sub(piece.len()))
                .find(|&s| words.get(s..s + piece.len()) == Some(piece.as_slice()))
        };
        match found {
            Some(start) => at = start + piece.len(),
            None => return false,
        }
    }
    pieces.iter().any(|p| !p.is_empty())
}

/// Similarity and a short diff of two word sequences.
fn word_diff(a: &[&str], b: &[&str]) -> (f64, String) {
    let Some(steps) = word_steps(a, b) else {
        return (0.0, String::from("(texts too long to compare word by word)"));
    };
    // The walk follows a longest common subsequence: its kept words are it.
    let common = steps.iter().filter(|s| matches!(s, Step::Keep(_))).count();
    let total = a.len() + b.len();
    let similarity = if total == 0 {
        1.0
    } else {
        2.0 * common as f64 / total as f64
    };
    (similarity, changes(&steps))
}

/// The word-by-word walk from `a` to `b` along a longest common
/// subsequence, or `None` when either is longer than [`MAX_DIFF_WORDS`]
/// words: the table costs both lengths multiplied, so long texts are only
/// graded.
pub fn word_steps<'w>(a: &[&'w str], b: &[&'w str]) -> Option<Vec<Step<'w>>> {
    if a.len() > MAX_DIFF_WORDS || b.len() > MAX_DIFF_WORDS {
        return None;
    }
    Some(steps(a, b, &common_lengths(a, b)))
}

/// The longest common subsequence's length from each pair of positions
/// (`table[i][j]` for `a[i..]` and `b[j..]`), filled by rows from the end.
// The table is (n + 1) × (m + 1), built before it is read; every index is
// `i ≤ n`, `j ≤ m` by the loops' bounds.
#[allow(clippy::indexing_slicing)]
fn common_lengths(a: &[&str], b: &[&str]) -> Vec<Vec<u16>> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let value = if a.get(i) == b.get(j) {
                table[i + 1][j + 1].saturating_add(1)
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
            table[i][j] = value;
        }
    }
    table
}

/// One step of the walk from one text to the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'w> {
    /// A word both texts have.
    Keep(&'w str),
    /// A word of the first text the second lacks.
    Remove(&'w str),
    /// A word of the second text the first lacks.
    Add(&'w str),
}

/// The table walked into kept, removed and added words.
fn steps<'w>(a: &[&'w str], b: &[&'w str], table: &[Vec<u16>]) -> Vec<Step<'w>> {
    let at = |i: usize, j: usize| table.get(i).and_then(|row| row.get(j)).copied().unwrap_or(0);
    let mut steps = Vec::new();
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                steps.push(Step::Keep(x));
                i += 1;
                j += 1;
            }
            (Some(x), Some(_)) if at(i + 1, j) >= at(i, j + 1) => {
                steps.push(Step::Remove(x));
                i += 1;
            }
            (_, Some(y)) => {
                steps.push(Step::Add(y));
                j += 1;
            }
            (Some(x), None) => {
                steps.push(Step::Remove(x));
                i += 1;
            }
            (None, None) => break,
        }
    }
    steps
}

/// The first [`MAX_CHANGES`] runs of changed words, each with up to
/// [`CONTEXT`] kept words around it: `… the [-old-]{+new+} text …`.
fn changes(steps: &[Step]) -> String {
    let mut changes: Vec<String> = Vec::new();
    let mut k = 0;
    while k < steps.len() && changes.len() < MAX_CHANGES {
        if matches!(steps.get(k), Some(Step::Keep(_))) {
            k += 1;
            continue;
        }
        let begin = k;
        while k < steps.len() && !matches!(steps.get(k), Some(Step::Keep(_))) {
            k += 1;
        }
        changes.push(change(steps, begin, k));
    }
    changes.join("; ")
}

/// A kept step's word.
fn kept<'w>(step: &Step<'w>) -> Option<&'w str> {
    if let Step::Keep(w) = step { Some(*w) } else { None }
}

/// The change of `steps[begin..end]`, with its context.
fn change(steps: &[Step], begin: usize, end: usize) -> String {
    let before: Vec<&str> = steps
        .get(begin.saturating_sub(CONTEXT)..begin)
        .unwrap_or_default()
        .iter()
        .filter_map(kept)
        .collect();
    let after: Vec<&str> = steps
        .get(end..(end + CONTEXT).min(steps.len()))
        .unwrap_or_default()
        .iter()
        .take_while(|s| matches!(s, Step::Keep(_)))
        .filter_map(kept)
        .collect();
    let region = steps.get(begin..end).unwrap_or_default();
    let removed: Vec<&str> = region
        .iter()
        .filter_map(|s| if let Step::Remove(w) = s { Some(*w) } else { None })
        .collect();
    let added: Vec<&str> = region
        .iter()
        .filter_map(|s| if let Step::Add(w) = s { Some(*w) } else { None })
        .collect();
    let mut change = String::new();
    if !before.is_empty() {
        change.push_str(&format!("… {} ", before.join(" ")));
    }
    if !removed.is_empty() {
        change.push_str(&format!("[-{}-]", removed.join(" ")));
    }
    if !added.is_empty() {
        change.push_str(&format!("{{+{}+}}", added.join(" ")));
    }
    if !after.is_empty() {
        change.push_str(&format!(" {} …", after.join(" ")));
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "States parties should ensure that they comply with the requirements under the Protocol.";

    #[test]
    fn grades() {
        assert_eq!(
            compare(
                TEXT,
                "States parties  should ensure that they comply with the requirements under the Protocol."
            ),
            Agreement::Exact
        );
        assert_eq!(
            compare(
                TEXT,
                "States parties should ensure, that they comply with the requirements under the Protocol"
            ),
            Agreement::WhitespacePunctuation
        );
        assert_eq!(
            compare(TEXT, "States parties should ensure that they comply …"),
            Agreement::Abbreviated
        );
        assert_eq!(
            compare(TEXT, "States parties should ensure that they comply ..."),
            Agreement::Abbreviated
        );
        assert_eq!(
            compare(TEXT, "States parties should … under the Protocol."),
            Agreement::Abbreviated
        );
        assert_eq!(
            compare(TEXT, "… comply with the requirements …"),
            Agreement::Abbreviated
        );
        assert_eq!(
            compare(TEXT, "States parties should ensure"),
            Agreement::Abbreviated
        );
    }

    #[test]
    fn a_changed_word_is_different_with_a_diff() {
        match compare(
            TEXT,
            "States parties could ensure that they comply with the requirements under the Protocol.",
        ) {
            Agreement::Different { similarity, diff } => {
                assert!((similarity - 12.0 / 13.0).abs() < 1e-9, "{similarity}");
                assert_eq!(diff, "… States parties [-should-]{+could+} ensure that they …");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn abbreviations_must_keep_order_and_ends() {
        assert!(matches!(
            compare(TEXT, "States parties … Protocol. … comply"),
            Agreement::Different { .. }
        ));
        assert!(matches!(
            compare(TEXT, "Parties should … under the Protocol."),
            Agreement::Different { .. }
        ));
        assert!(matches!(
            compare(TEXT, "States parties should … under the Convention."),
            Agreement::Different { .. }
        ));
    }
}
