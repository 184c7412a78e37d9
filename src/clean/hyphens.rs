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

/// Count a word, lower-cased; a word met before costs no allocation.
fn count(counts: &mut HashMap<String, u32>, word: &str) {
    let lower: std::borrow::Cow<'_, str> = if word.chars().any(|c| c.is_alphabetic() && !c.is_lowercase()) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    };
    match counts.get_mut(lower.as_ref()) {
        Some(n) => *n += 1,
        None => {
            counts.insert(lower.into_owned(), 1);
        }
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
    words: HashMap<String, u32>,
    /// Hyphenated tokens the document writes, lowercase, with how often.
    compounds: HashMap<String, u32>,
    /// Whether the document breaks words at line ends (TeX does, Word
    /// seldom): then a hyphen with no evidence either way is typesetting.
    hyphenates: bool,
}

/// Prefixes that keep their hyphen when nothing in the document says otherwise.
const HYPHEN_PREFIXES: &[&str] = &[
    "non", "self", "cross", "anti", "multi", "inter", "ex", "co", "well", "post", "pre", "semi", "sub",
    "long", "short", "high", "low", "full", "part", "follow", "mid", "large", "small",
];

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

fn last_part(token: &str) -> &str {
    token.rsplit('-').next().unwrap_or(token)
}

fn first_part(token: &str) -> &str {
    token.split('-').next().unwrap_or(token)
}

impl Evidence {
    pub(super) fn new<'a>(lines: impl Iterator<Item = &'a str>) -> Evidence {
        let mut words: HashMap<String, u32> = HashMap::new();
        let mut compounds: HashMap<String, u32> = HashMap::new();
        let mut breaks: Vec<(String, String)> = Vec::new();
        let mut previous: Option<&str> = None;
        for line in lines {
            let broken = previous.and_then(|p| hyphen_parts(p, line));
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
                    count(&mut compounds, token);
                    for part in token.split('-') {
                        count(&mut words, part);
                    }
                } else if !token.is_empty() {
                    count(&mut words, token);
                }
            }
            if let Some(parts) = broken {
                breaks.push(parts);
            }
            previous = Some(line);
        }
        let mut joiner = Evidence {
            words,
            compounds,
            hyphenates: false,
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
        let broken = match (hyphen_parts(text, &line), split_hyphen(text)) {
            (Some(parts), Some((stem, hyphen))) => Some((parts, stem.len(), hyphen.to_string())),
            _ => None,
        };
        if let Some(((left, right), stem, hyphen)) = broken {
            // No typesetter breaks a word before a capitalised part:
            // `Inter-` / `Ministerial` is a compound, whatever else the
            // document writes (joined it would read `InterMinisterial`); an
            // acronym broken by TeX (`UN-` / `ODC`) is no capitalised part.
            let mut chars = line.chars();
            let compound =
                chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_lowercase);
            let keep = compound || self.keeps_hyphen(&left, &right);
            text.truncate(stem);
            if keep {
                text.push_str(&hyphen);
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
        let count = |map: &HashMap<String, u32>, key: &str| map.get(key).copied().unwrap_or(0);
        let hyphenated = count(&self.compounds, &format!("{l}-{r}"));
        let whole = count(&self.words, &joined) + count(&self.compounds, &joined);
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

    /// `l` and `r` are whole tokens, lowercase (`whole`, `of-government`).
    fn keeps_hyphen(&self, l: &str, r: &str) -> bool {
        if let Some(compound) = self.evidence(l, r) {
            return compound;
        }
        let (whole_l, whole_r) = (l, r);
        let (l, r) = (last_part(l), first_part(r));
        // The parts beside the break make a word the document writes:
        // `Inter-` / `net-based` where `Internet` stands elsewhere.
        if self.words.contains_key(&format!("{l}{r}")) {
            return false;
        }
        // Beside another hyphen, a break is at a hyphen of the text unless
        // the document hyphenates and neither part is a word of it (groff
        // breaks `whole-of-govern-` / `ment`; TeX does not).
        if whole_l.contains('-') || whole_r.contains('-') {
            return !self.hyphenates || self.words.contains_key(l) || self.words.contains_key(r);
        }
        // A prefix keeps its hyphen, unless the document hyphenates and
        // what follows is no word: `pre-` / `servation`.
        if HYPHEN_PREFIXES.contains(&l) && (!self.hyphenates || self.words.contains_key(r)) {
            return true;
        }
        if !self.hyphenates {
            return true;
        }
        let word = |w: &str| w.chars().count() >= MIN_COMPOUND_PART && self.words.contains_key(w);
        word(l) && word(r)
    }
}

#[cfg(test)]
mod tests {
    use crate::clean::tests::blocks;

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

    #[test]
    fn soft_hyphen_and_dash_joins() {
        let b = blocks("1. coop\u{ad}\neration from 11–\n13 May – and\nmore.");
        assert_eq!(b.blocks[0].text, "1. cooperation from 11–13 May – and more.");
    }
}
