//! Line-end hyphens, and the document-wide [`Evidence`] that decides them.
//!
//! A hyphen at the end of a line is the typesetter's (`coopera-` / `tion`)
//! or the text's (`capacity-` / `building`), and the line alone cannot tell
//! which. So the whole document is read once for how often it writes each
//! word and each hyphenated compound, and for whether it hyphenates at line
//! ends at all: it does when at least two, and three in ten, of its breaks
//! are ones its own words do not back (it writes the joined form more often,
//! or a part is no word it writes).
//! Joining a broken word then follows the form the document writes more
//! often; with no such form, the parts beside the break decide: a word the
//! document writes when they are joined, a hyphen already in the token, a
//! prefix such as `non-`, and whether the document hyphenates. Soft hyphens
//! are dropped, and one ending a line joins the word; an unspaced dash or
//! slash ending a line joins without a space.

use serde::Serialize;
use std::collections::HashMap;

/// Lowercase tokens with how often the document writes each. A token of
/// digits alone (a paragraph number: one a paragraph) is kept as a number,
/// not a string: two million numbered paragraphs would otherwise hold two
/// million strings here for the whole run.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Counts {
    text: HashMap<Box<str>, u32>,
    /// Tokens of up to 17 digits by [`number_key`], with their counts:
    /// sorted and merged up to `merged`, then as met (each counted once).
    /// Merged whenever the tail outgrows the sorted part, which keeps the
    /// whole within twice the distinct numbers without a hash table's room.
    numbers: Vec<(u64, u32)>,
    merged: usize,
}

/// Bits of a number's key that hold its number of digits.
const DIGIT_BITS: u32 = 5;

/// A token of up to 17 digits as one integer: its value, then its number of
/// digits (`007` is not `7`). Longer tokens count as words.
fn number_key(word: &str) -> Option<u64> {
    if word.is_empty() || word.len() > 17 || !word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: u64 = word.parse().ok()?;
    Some((value << DIGIT_BITS) | word.len() as u64)
}

impl Counts {
    /// Count a word, lower-cased; a word met before costs no allocation.
    fn add(&mut self, word: &str) {
        if let Some(key) = number_key(word) {
            self.numbers.push((key, 1));
            if self.numbers.len() >= 2 * self.merged.max(1024) {
                self.merge_numbers();
            }
            return;
        }
        let lower: std::borrow::Cow<'_, str> = if word.chars().any(|c| c.is_alphabetic() && !c.is_lowercase())
        {
            std::borrow::Cow::Owned(word.to_lowercase())
        } else {
            std::borrow::Cow::Borrowed(word)
        };
        match self.text.get_mut(lower.as_ref()) {
            Some(n) => *n += 1,
            None => {
                self.text.insert(lower.into(), 1);
            }
        }
    }

    /// The numbers sorted by key, each key once with its count summed.
    fn merge_numbers(&mut self) {
        self.numbers.sort_unstable_by_key(|&(key, _)| key);
        self.numbers.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same {
                kept.1 = kept.1.saturating_add(later.1);
            }
            same
        });
        self.merged = self.numbers.len();
    }

    /// Done counting: the numbers merged, with no spare room.
    fn finish(&mut self) {
        self.merge_numbers();
        self.numbers.shrink_to_fit();
    }

    /// How often the document writes `word` (lowercase).
    fn get(&self, word: &str) -> u32 {
        match number_key(word) {
            Some(key) => {
                // Only the merged part is sorted; a tail not yet merged is
                // summed as it stands (it is empty once counting is done).
                let merged = self.numbers.get(..self.merged).unwrap_or_default();
                let tail = self.numbers.get(self.merged..).unwrap_or_default();
                let sorted = merged
                    .binary_search_by_key(&key, |&(k, _)| k)
                    .ok()
                    .and_then(|at| merged.get(at))
                    .map_or(0, |&(_, n)| n);
                tail.iter()
                    .filter(|&&(k, _)| k == key)
                    .fold(sorted, |sum, &(_, n)| sum.saturating_add(n))
            }
            None => self.text.get(word).copied().unwrap_or(0),
        }
    }

    fn contains_key(&self, word: &str) -> bool {
        self.get(word) > 0
    }

    /// Every token with its count; numbers as digits.
    fn iter(&self) -> impl Iterator<Item = (std::borrow::Cow<'_, str>, u32)> {
        let text = self
            .text
            .iter()
            .map(|(w, &n)| (std::borrow::Cow::Borrowed(w.as_ref()), n));
        let numbers = self.numbers.iter().map(|&(key, n)| {
            let (value, width) = (key >> DIGIT_BITS, (key & ((1 << DIGIT_BITS) - 1)) as usize);
            (std::borrow::Cow::Owned(format!("{value:0width$}")), n)
        });
        text.chain(numbers)
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// Collapse runs of whitespace to single spaces and trim.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.shrink_to_fit();
    out
}

/// Document-wide evidence for joining text broken over lines, paragraphs
/// and pages: the words and compounds the document writes, and whether it
/// hyphenates at line ends. The clean stage measures it once; the segment
/// stage is handed it to join continuation paragraphs.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Evidence {
    /// Tokens the document writes, lowercase, with how often.
    words: Counts,
    /// Hyphenated tokens the document writes, lowercase, with how often.
    compounds: Counts,
    /// Whether the document breaks words at line ends (TeX does, Word
    /// seldom): then a hyphen with no evidence either way is typesetting.
    hyphenates: bool,
    /// Whether the document is in English, so that the English word list
    /// may decide what its own words do not.
    english: bool,
}

/// How a line-end hyphen was decided, strongest evidence first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HyphenReason {
    /// A suspended hyphen: the next line opens with `and`, `or` or `to`
    /// before a compound (`troop-` / `and police-contributing`), and the
    /// hyphen keeps its space.
    Suspended,
    /// The next line opens with a capitalised part (`Inter-` / `Ministerial`).
    CapitalisedPart,
    /// The document writes the compound hyphenated at least as often as joined.
    DocumentWritesCompound,
    /// The document writes the joined form more often.
    DocumentWritesJoined,
    /// The parts beside the break join to a word the document writes.
    DocumentWritesWord,
    /// The document hyphenates, both parts are words, and UN documents
    /// write the compound hyphenated at least as often as joined.
    CorpusWritesCompound,
    /// The document hyphenates, both parts are words, and UN documents
    /// write the word joined more often (`ongoing`, `cooperation`).
    CorpusWritesJoined,
    /// Both parts are English words and the joined form is none (`high-profile`).
    WordListParts,
    /// Both parts are English words and the second is shorter than a
    /// typesetter leaves after a break (`follow-` / `up`).
    ShortEnd,
    /// A prefix such as `non-` or `self-`.
    Prefix,
    /// The joined form is an English word and a part is none (`capac-ity`);
    /// in a document that does not hyphenate, neither part is one.
    WordListWord,
    /// The token holds another hyphen (`whole-of-govern-` / `ment`).
    BesideHyphen,
    /// The document does not hyphenate at line ends: the hyphen is the text's.
    NoHyphenation,
    /// The document hyphenates, and both parts are words it writes.
    DocumentWritesParts,
    /// The document hyphenates and nothing backs the hyphen: typesetting.
    Typesetting,
}

impl std::fmt::Display for HyphenReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            HyphenReason::Suspended => "a suspended hyphen before `and`, `or` or `to` and a compound",
            HyphenReason::CapitalisedPart => "the next part is capitalised",
            HyphenReason::DocumentWritesCompound => "the document writes the compound",
            HyphenReason::DocumentWritesJoined => "the document writes the word joined",
            HyphenReason::DocumentWritesWord => "the parts join to a word the document writes",
            HyphenReason::CorpusWritesCompound => "UN documents write the compound hyphenated",
            HyphenReason::CorpusWritesJoined => "UN documents write the word joined",
            HyphenReason::WordListParts => "both parts are English words, the joined form is none",
            HyphenReason::ShortEnd => {
                "both parts are English words, the second too short for a typesetter's break"
            }
            HyphenReason::Prefix => "a prefix that keeps its hyphen",
            HyphenReason::WordListWord => "the joined form is an English word, a part is none",
            HyphenReason::BesideHyphen => "the token holds another hyphen",
            HyphenReason::NoHyphenation => "the document does not hyphenate at line ends",
            HyphenReason::DocumentWritesParts => "both parts are words the document writes",
            HyphenReason::Typesetting => "the document hyphenates and nothing backs the hyphen",
        })
    }
}

/// A line-end hyphen and its decision, for the `lines --hyphens` view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HyphenDecision {
    /// The tokens beside the break, lowercase (`high`, `profile`).
    pub left: String,
    pub right: String,
    /// Whether the hyphen stays (`high-profile`) or goes (`capacity`).
    pub kept: bool,
    pub reason: HyphenReason,
}

/// Prefixes that keep their hyphen when nothing in the document says otherwise.
const HYPHEN_PREFIXES: &[&str] = &[
    "non", "self", "cross", "anti", "multi", "inter", "ex", "co", "well", "post", "pre", "semi", "sub",
    "long", "short", "high", "low", "full", "part", "follow", "mid", "large", "small",
];

/// Prefixes long enough that, before an English word, they keep their
/// hyphen even in a document that breaks words (`multi-` / `party`); a
/// short one (`ex-` / `pressed`) is too often a typesetter's break.
const MIN_FREE_PREFIX: usize = 4;

/// Fewest times UN documents must write a form for their usage to decide.
const MIN_CORPUS_USES: u32 = 2;

/// How often UN documents write `form` inside a line (`multi-lateral`,
/// `multilateral`): the table `scripts/make-compounds` counts.
fn corpus_uses(form: &str) -> u32 {
    let table = super::compounds_data::CORPUS_FORMS;
    table
        .binary_search_by(|(f, _)| (*f).cmp(form))
        .ok()
        .and_then(|i| table.get(i))
        .map_or(0, |(_, n)| *n)
}

/// What UN documents say of `l` and `r` broken at a hyphen, when they
/// write either form often enough: `Some(true)` hyphenated at least as
/// often as joined, `Some(false)` joined more often.
fn corpus_evidence(l: &str, r: &str) -> Option<bool> {
    let hyphenated = corpus_uses(&format!("{l}-{r}"));
    let joined = corpus_uses(&format!("{l}{r}"));
    (hyphenated + joined >= MIN_CORPUS_USES).then_some(hyphenated >= joined)
}

/// Fewest letters typesetters leave after a break.
const MIN_LETTERS_AFTER_BREAK: usize = 3;

/// Shortest part of a compound a hyphenating document is trusted to keep.
const MIN_COMPOUND_PART: usize = 4;

/// The tokens on either side of a line-end hyphen, lowercase, without the
/// hyphen and outer punctuation: `whole-` + `of-government,` gives
/// (`whole`, `of-government`).
fn hyphen_parts(before: &str, after: &str) -> Option<(String, String)> {
    let (stem, _) = split_hyphen(before)?;
    let left = stem
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let right = after
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    (right.starts_with(char::is_alphabetic) && !left.is_empty()).then(|| {
        (
            plain_hyphens(&left.to_lowercase()),
            plain_hyphens(&right.to_lowercase()),
        )
    })
}

/// Text that ends in a hyphen after a letter, split into the text and the
/// hyphen. A hyphen one space after its word counts too: converters set
/// the flush-right hyphen of LibreOffice apart (`com -` / `plement`).
fn split_hyphen(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let stem = trimmed.strip_suffix(LINE_END_HYPHENS)?;
    let hyphen = trimmed.get(stem.len()..)?;
    let stem = match stem.strip_suffix(' ') {
        Some(word) if word.ends_with(char::is_alphabetic) => word,
        _ => stem,
    };
    stem.ends_with(char::is_alphabetic).then_some((stem, hyphen))
}

/// Characters that end a line broken at a hyphen: the hyphen-minus, the
/// Unicode hyphens typesetters draw, and the minus sign some encodings
/// put for a hyphen.
const LINE_END_HYPHENS: [char; 4] = ['-', '\u{2010}', '\u{2011}', '\u{2212}'];

/// A token with every kind of hyphen written `-`, for comparing evidence.
fn plain_hyphens(token: &str) -> String {
    token.replace(['\u{2010}', '\u{2011}', '\u{2212}'], "-")
}

/// Text without soft hyphens, but for one that ends it (a line-end break).
pub(super) fn drop_soft_hyphens(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\u{ad}') {
        return std::borrow::Cow::Borrowed(text.trim_end());
    }
    let trimmed = text.trim_end();
    let (body, end) = match trimmed.strip_suffix('\u{ad}') {
        Some(body) => (body, "\u{ad}"),
        None => (trimmed, ""),
    };
    let mut out: String = body.chars().filter(|&c| c != '\u{ad}').collect();
    out.push_str(end);
    std::borrow::Cow::Owned(out)
}

/// Whether a line after a line-end hyphen continues a suspended one:
/// `and`, `or`, `nor` or `to`, then a compound within three words
/// (`and police-contributing`, `or long-term`).
fn is_suspension(line: &str) -> bool {
    let mut words = line.split_whitespace();
    let opens = words
        .next()
        .is_some_and(|w| matches!(w, "and" | "or" | "nor" | "to"));
    opens
        && words.take(3).any(|w| {
            w.trim_matches(|c: char| !c.is_alphabetic() && c != '-')
                .contains('-')
        })
}

fn last_part(token: &str) -> &str {
    token.rsplit('-').next().unwrap_or(token)
}

fn first_part(token: &str) -> &str {
    token.split('-').next().unwrap_or(token)
}

impl Evidence {
    /// The evidence of the lines, read once in order (each is held only
    /// until the next is read).
    pub(super) fn new<'a>(lines: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Evidence {
        let mut words = Counts::default();
        let mut compounds = Counts::default();
        let mut breaks: Vec<(String, String)> = Vec::new();
        let mut previous: Option<std::borrow::Cow<'a, str>> = None;
        for line in lines {
            let broken = previous.as_deref().and_then(|p| hyphen_parts(p, &line));
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let last = tokens.len().saturating_sub(1);
            for (i, token) in tokens.iter().enumerate() {
                let token = plain_hyphens(token);
                let token = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
                // Fragments at either side of a line-end hyphen are no
                // evidence (with `le -`, the word before a lone hyphen).
                let lone_hyphen_next =
                    i + 1 == last && tokens.get(last).is_some_and(|t| plain_hyphens(t) == "-");
                if (i == last && token.ends_with('-')) || lone_hyphen_next || (i == 0 && broken.is_some()) {
                    continue;
                }
                if token.contains('-') {
                    compounds.add(token);
                    for part in token.split('-') {
                        words.add(part);
                    }
                } else if !token.is_empty() {
                    words.add(token);
                }
            }
            if let Some(parts) = broken {
                breaks.push(parts);
            }
            previous = Some(line);
        }
        // Numbers count among the words, and are none of the function words.
        let english = super::words::is_english_document(
            words
                .text
                .iter()
                .map(|(w, &n)| (w.as_ref(), n))
                .chain(words.numbers.iter().map(|&(_, n)| ("", n))),
        );
        words.finish();
        compounds.finish();
        let mut joiner = Evidence {
            words,
            compounds,
            hyphenates: false,
            english,
        };
        let typesetting = breaks
            .iter()
            .filter(|(l, r)| {
                let (l, r) = (last_part(l), first_part(r));
                joiner.evidence(l, r) == Some(false)
                    || !joiner.words.contains_key(l)
                    || !joiner.words.contains_key(r)
            })
            .count();
        joiner.hyphenates = typesetting >= 2 && typesetting * 10 >= breaks.len() * 3;
        joiner
    }

    /// Join a line (or paragraph) to the text before it.
    pub fn join(&self, before: &str, line: &str) -> String {
        let mut text = before.to_string();
        self.push(&mut text, line);
        text
    }

    /// Join a line (or paragraph) to the text before it, in place: only
    /// the end of the text is looked at and nothing before it is copied, so
    /// a paragraph of many lines is joined in linear time.
    pub fn push(&self, text: &mut String, line: &str) {
        let line = collapse(&drop_soft_hyphens(line));
        let kept = text.trim_end().len();
        text.truncate(kept);
        if text.ends_with('\u{ad}') {
            text.pop();
            text.push_str(&line);
            return;
        }
        let broken = match split_hyphen(text) {
            Some((stem, hyphen)) => self
                .decide(text, &line)
                .map(|d| (d.kept, stem.len(), hyphen.to_string())),
            None => None,
        };
        if let Some((keep, stem, hyphen)) = broken {
            text.truncate(stem);
            if keep {
                text.push_str(&hyphen);
            }
            if is_suspension(&line) {
                text.push(' ');
            }
            text.push_str(&line);
            return;
        }
        if text.ends_with(['–', '—', '/']) && !text.ends_with(" –") && !text.ends_with(" —") {
            text.push_str(&line);
            return;
        }
        text.push(' ');
        text.push_str(&line);
    }

    /// What the rest of the document says of the tokens `l` and `r` broken
    /// at a hyphen: `Some(true)` it writes them hyphenated, `Some(false)`
    /// joined, `None` neither.
    fn evidence(&self, l: &str, r: &str) -> Option<bool> {
        let joined = format!("{l}{r}");
        let hyphenated = self.compounds.get(&format!("{l}-{r}"));
        let whole = self.words.get(&joined) + self.compounds.get(&joined);
        // The form the document writes more often: `cooperation` nineteen
        // times outweighs one `Co-operation` in an organization's name.
        match (hyphenated, whole) {
            (0, 0) => None,
            // Written both ways as often: the compound, as the document
            // has it hyphenated at least once outside a line end.
            (h, w) if h >= w => Some(true),
            _ => Some(false),
        }
    }

    /// How the hyphen ending `before` is read when `line` follows it:
    /// `None` when `before` ends in no hyphen after a word or `line` opens
    /// with no letter.
    pub fn decide(&self, before: &str, line: &str) -> Option<HyphenDecision> {
        let (left, right) = hyphen_parts(before, line)?;
        // No typesetter breaks a word before a capitalised part:
        // `Inter-` / `Ministerial` is a compound, whatever else the
        // document writes (joined it would read `InterMinisterial`); an
        // acronym broken by TeX (`UN-` / `ODC`) is no capitalised part.
        let mut chars = line.trim_start().chars();
        let capitalised =
            chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase);
        let (kept, reason) = if is_suspension(line) {
            (true, HyphenReason::Suspended)
        } else if capitalised {
            (true, HyphenReason::CapitalisedPart)
        } else {
            self.keeps_hyphen(&left, &right)
        };
        Some(HyphenDecision {
            left,
            right,
            kept,
            reason,
        })
    }

    /// `l` and `r` are whole tokens, lowercase (`whole`, `of-government`):
    /// the document's evidence first, then the word list, then whether the
    /// document hyphenates.
    fn keeps_hyphen(&self, l: &str, r: &str) -> (bool, HyphenReason) {
        use HyphenReason::*;
        if let Some(compound) = self.evidence(l, r) {
            return (
                compound,
                if compound {
                    DocumentWritesCompound
                } else {
                    DocumentWritesJoined
                },
            );
        }
        let (whole_l, whole_r) = (l, r);
        let (l, r) = (last_part(l), first_part(r));
        let joined = format!("{l}{r}");
        // The parts beside the break make a word the document writes:
        // `Inter-` / `net-based` where `Internet` stands elsewhere.
        if self.words.contains_key(&joined) {
            return (false, DocumentWritesWord);
        }
        // What the document cannot tell, the word list may, when only one
        // reading is made of words: `high-` / `profile` (no `highprofile`),
        // `capac-` / `ity` (no `capac`). `follow-up` is both (`followup`
        // is a word too) and left to the rules below.
        // Each word looked up once: every lookup pages in some of the list.
        let english = |w: &str| self.english && super::words::is_english(w);
        let (l_english, r_english) = (english(l), self.english && english(r));
        let parts_english = l_english && r_english;
        // In a document that breaks words, a break between two words (or
        // a prefix and a word) is the text's or the typesetter's as UN
        // documents write it: `on-` / `going` joins (`ongoing` 112 times,
        // `on-going` never), `co-` / `operation` too.
        let prefix = HYPHEN_PREFIXES.contains(&l);
        let corpus = (self.hyphenates && (l_english || prefix) && r_english)
            .then(|| corpus_evidence(l, r))
            .flatten();
        if let Some(compound) = corpus {
            let reason = if compound {
                CorpusWritesCompound
            } else {
                CorpusWritesJoined
            };
            return (compound, reason);
        }
        let joined_english = english(&joined);
        if parts_english && !joined_english {
            return (true, WordListParts);
        }
        // Typesetters leave at least three letters after a break (TeX's
        // rule; LibreOffice's default is two): `follow-` / `up` is the
        // text's hyphen, though `followup` is a word too.
        if parts_english && r.chars().count() < MIN_LETTERS_AFTER_BREAK {
            return (true, ShortEnd);
        }
        // A prefix keeps its hyphen, unless the document hyphenates and
        // what follows is no word: `pre-` / `servation`.
        let free_prefix = l.chars().count() >= MIN_FREE_PREFIX && r_english;
        let prefixed = prefix && (!self.hyphenates || self.words.contains_key(r) || free_prefix);
        if prefixed && !whole_l.contains('-') && !whole_r.contains('-') {
            return (true, Prefix);
        }
        // A document that does not hyphenate writes its line-end hyphens
        // (`socio-` / `economic`), unless neither side is a word.
        let no_part_english = !l_english && !r_english;
        if joined_english && !parts_english && (self.hyphenates || no_part_english) {
            return (false, WordListWord);
        }
        // Beside another hyphen, a break is at a hyphen of the text unless
        // the document hyphenates and neither part is a word of it (groff
        // breaks `whole-of-govern-` / `ment`; TeX does not).
        if whole_l.contains('-') || whole_r.contains('-') {
            let kept = !self.hyphenates || self.words.contains_key(l) || self.words.contains_key(r);
            return (kept, BesideHyphen);
        }
        if !self.hyphenates {
            return (true, NoHyphenation);
        }
        let word = |w: &str| w.chars().count() >= MIN_COMPOUND_PART && self.words.contains_key(w);
        if word(l) && word(r) {
            (true, DocumentWritesParts)
        } else {
            (false, Typesetting)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::clean::tests::blocks;

    /// Numbers are counted by value and width, merged as they come, and
    /// read back the same whether merged or not.
    #[test]
    fn numbers_counted_in_a_merged_list() {
        let mut counts = super::Counts::default();
        for n in 0..5000u32 {
            counts.add(&(n % 700).to_string());
        }
        counts.add("007");
        counts.add("12345678901234567890");
        assert_eq!(counts.get("7"), 8, "before the last merge");
        counts.finish();
        assert_eq!((counts.get("7"), counts.get("007"), counts.get("699")), (8, 1, 7));
        assert_eq!(
            counts.get("12345678901234567890"),
            1,
            "a long number counts as a word"
        );
        assert_eq!(counts.numbers.len(), 701);
        let listed: std::collections::HashMap<String, u32> =
            counts.iter().map(|(w, n)| (w.into_owned(), n)).collect();
        assert_eq!((listed["007"], listed["7"]), (1, 8));
    }

    #[test]
    fn hyphens_on_evidence() {
        let b = blocks(
            "Use capacity-building now and cooperation too, being ready.\n\n1. More capacity-\nbuilding and coopera-\ntion and well-\nbeing and smug-\ngling.",
        );
        assert_eq!(
            b.blocks[1].text,
            "1. More capacity-building and cooperation and well-being and smuggling."
        );
    }

    #[test]
    fn hyphenating_documents_lose_unsupported_hyphens() {
        // Regression: `through-` / `out` was kept because both halves are
        // words, in a document that hyphenates everywhere.
        let text = "Words: ten tion out through money laundering capacity building.\n\n1. coopera-\ntion and regula-\ntion and through-\nout and money-\nlaundering and capacity-\nbuilding.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. cooperation and regulation and throughout and money-laundering and capacity-building."
        );
    }

    #[test]
    fn compound_evidence_spans_the_whole_token() {
        // Regression: `whole-` / `of-government,` lost its hyphen in a
        // hyphenating document although `whole-of-government` stands elsewhere.
        let text = "Use a whole-of-government approach; regula-\ntion and coopera-\ntion and cooperation.\n\n1. a whole-\nof-government, response.";
        assert_eq!(blocks(text).blocks[1].text, "1. a whole-of-government, response.");
        // With no evidence, a break beside another hyphen is at a hyphen
        // when a part beside it is a word.
        let text = "Words: regula-\ntion and coopera-\ntion and cooperation of all.\n\n1. a whole-\nof-society response.";
        assert_eq!(blocks(text).blocks[1].text, "1. a whole-of-society response.");
    }

    #[test]
    fn unicode_hyphens_and_soft_hyphens() {
        // Regression: WeasyPrint and Chromium draw U+2010 when they
        // hyphenate; Skia leaves soft hyphens inside words.
        let b = blocks(
            "Use cooperation, capacity-building and legislation.\n\n1. More legis\u{2010}\nlation and coopera\u{2010}\ntion and capacity\u{2010}\nbuilding in meet\u{ad}ing rooms.",
        );
        assert_eq!(
            b.blocks[1].text,
            "1. More legislation and cooperation and capacity\u{2010}building in meeting rooms."
        );
    }

    #[test]
    fn the_form_written_more_often_decides_a_line_end_hyphen() {
        // Regression: one `Co-operation` in an organization's name made
        // `co-` / `operation` keep its hyphen where the document writes
        // `cooperation` everywhere else.
        let text = "Words: regula-\ntion and coopera-\ntion. Cooperation and cooperation with the Organization for Security and Co-operation in Europe.\n\n1. effective international co-\noperation, and more.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. effective international cooperation, and more."
        );
    }

    #[test]
    fn a_break_before_a_capital_keeps_its_hyphen() {
        // Regression: `Inter-` / `Ministerial` lost its hyphen in a report
        // that hyphenates nothing else.
        let b =
            blocks("Words: regula-\ntion and coopera-\ntion.\n\n1. its Inter-\nMinisterial Working Group.");
        assert_eq!(b.blocks[1].text, "1. its Inter-Ministerial Working Group.");
    }

    #[test]
    fn hyphen_one_space_after_its_word() {
        let b = blocks("Use legislation and supplement.\n\n1. More le -\ngislation and a com -\nplement.");
        assert_eq!(b.blocks[1].text, "1. More legislation and a complement.");
    }

    #[test]
    fn breaks_inside_compounds_in_hyphenating_documents() {
        // Regression: groff hyphenates inside words that have hyphens.
        let text = "Use the Internet, cooperation, legislation and government as a whole of society.\n\n1. Inter-\nnet-based and coopera-\ntion and legisla-\ntion and whole-of-govern-\nment, and whole-\nof-society.";
        assert_eq!(
            blocks(text).blocks[1].text,
            "1. Internet-based and cooperation and legislation and whole-of-government, and whole-of-society."
        );
    }

    #[test]
    fn documents_that_do_not_hyphenate_keep_line_end_hyphens() {
        let text = "Words: out through.\n\n1. socio-\neconomic and through-\nout.";
        assert_eq!(blocks(text).blocks[1].text, "1. socio-economic and through-out.");
    }

    /// The first numbered paragraph of `text`, joined, and the reading of
    /// the hyphen ending `before` when `after` follows it.
    fn read(text: &str, before: &str, after: &str) -> (String, Option<(bool, super::HyphenReason)>) {
        let b = blocks(text);
        let decision = b.evidence.decide(before, after).map(|d| (d.kept, d.reason));
        (b.blocks[1].text.clone(), decision)
    }

    #[test]
    fn the_word_list_decides_what_the_document_cannot() {
        use super::HyphenReason::*;
        // A hyphenating document (three of its breaks are typesetting) with
        // no other occurrence of the words broken at its line ends.
        let hyphenating = "Words: the report.\n\n1. The coopera-\ntion and legisla-\ntion and the govern-\nment in a high-\nprofile capac-\nity and capacity-\nbuilding and follow-\nup of the report.";
        assert_eq!(
            read(hyphenating, "a high-", "profile capac-"),
            (
                "1. The cooperation and legislation and the government in a high-profile capacity and capacity-building and follow-up of the report.".to_string(),
                Some((true, CorpusWritesCompound))
            )
        );
        // Two words UN documents never write as one: the word list decides.
        assert_eq!(
            read(hyphenating, "a fast-", "moving").1,
            Some((true, WordListParts))
        );
        assert_eq!(
            read(hyphenating, "and follow-", "up").1,
            Some((true, CorpusWritesCompound))
        );
        assert_eq!(read(hyphenating, "a set-", "up").1, Some((true, ShortEnd)));
        assert_eq!(read(hyphenating, "capac-", "ity").1, Some((false, WordListWord)));
        // Not hyphenating: a broken word whose parts are no words is joined,
        // a compound's hyphen stays.
        let plain = "Words: the report, cross border.\n\n1. The capac-\nity and cross-\nborder report.";
        assert_eq!(read(plain, "", "").0, "1. The capacity and cross-border report.");
        // French: the English list has no say.
        let french = "Le rapport du groupe de travail sur les recommandations adoptées.\n\n1. Le par-\ntie du rapport.";
        assert_eq!(
            read(french, "Le par-", "tie du"),
            (
                "1. Le par-tie du rapport.".to_string(),
                Some((true, NoHyphenation))
            )
        );
    }

    #[test]
    fn compounds_of_two_words_follow_un_usage_in_hyphenating_documents() {
        use super::HyphenReason::*;
        // Regression: in a report that breaks words, `multi-` / `party` was
        // joined (the word list has `multiparty`, and the report writes no
        // `party` elsewhere); `on-` / `going` and `co-` / `operation` follow
        // how UN documents write them.
        let text = "Words: the report.\n\n1. The coopera-\ntion and legisla-\ntion and the govern-\nment of a multi-\nparty system, an on-\ngoing review and co-\noperation and multi-\nlateral talks.";
        let (joined, multi_party) = read(text, "of a multi-", "party system");
        assert_eq!(
            joined,
            "1. The cooperation and legislation and the government of a multi-party system, an ongoing review and cooperation and multilateral talks."
        );
        assert_eq!(multi_party, Some((true, Prefix)));
        assert_eq!(read(text, "an on-", "going").1, Some((false, CorpusWritesJoined)));
        assert_eq!(
            read(text, "and co-", "operation").1,
            Some((false, CorpusWritesJoined))
        );
        assert_eq!(
            read(text, "a well-", "being").1,
            Some((true, CorpusWritesCompound))
        );
        // A short prefix before a word is still a typesetter's break.
        assert_eq!(read(text, "were ex-", "pressed").1.map(|d| d.0), Some(false));
        // A document that does not break words keeps its hyphens whatever
        // UN documents write.
        let plain = "Words: the report.\n\n1. an on-\ngoing review.";
        assert_eq!(read(plain, "", "").0, "1. an on-going review.");
    }

    #[test]
    fn soft_hyphen_and_dash_joins() {
        let b = blocks("1. coop\u{ad}\neration from 11–\n13 May – and\nmore.");
        assert_eq!(b.blocks[0].text, "1. cooperation from 11–13 May – and more.");
    }
}
