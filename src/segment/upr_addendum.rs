//! The UPR-addendum profile: the State's "Views on conclusions and/or
//! recommendations, voluntary commitments and replies presented by the
//! State under review" (`A/HRC/<session>/<n>/Add.1`).
//!
//! The addendum says which recommendations the State supports, supports as
//! already implemented (or in the process of implementation), and notes:
//! as lists and ranges of numbers in its paragraphs (`140.7, 140.8, …`,
//! `1–5, 14–16`, `140.11-14`), under headings that name the category, and
//! it may explain a response (`Rec. 18 We consider …`, `140.11-14` above a
//! paragraph). Its totals (`of which 217 are supported and 37 noted`) are
//! kept for the reconciliation. Each recommendation named is a unit whose
//! id is the report's (the addendum's symbol less `/Add.1`); a number without
//! its paragraph (`1–5`) is labelled by itself until a report gives the
//! paragraph.

use super::{Body, Check, Outline, Profile, Score};
use crate::clean::Block;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    DocumentExtension, Extension, Label, Response, Review, ReviewDocument, Unit, slug, unit_id,
};
use crate::pattern::{Guarded, captures};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// How far into the document the title may stand.
const TITLE_BLOCKS: usize = 40;
/// Widest range read: more is a misreading.
const MAX_RANGE: u32 = 400;

static TITLE: Guarded = Guarded::new(&["views", "conclusions"], || {
    Regex::new(r"(?i)views\s+on\s+conclusions\s+and\s*/?\s*(?:or\s+)?recommendations").ok()
});
/// A heading or sentence naming a category.
static IMPLEMENTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)already\s+implemented|in\s+(?:the\s+)?process\s+of\s+(?:being\s+)?implement").ok()
});
static NOTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:takes?\s+note|noted\s+recommendations|notes\s+(?:the\s+)?(?:following\s+)?recommendations?|notes\s+[0-9]+\s+recommendations|not\s+supported|does\s+not\s+(?:accept|support))").ok()
});
static SUPPORTED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:accepts?|supports?|accepted\s+recommendations|supported\s+recommendations)\b").ok()
});
/// A recommendation number or range: `140.7`, `1–5`, `140.11-14`, `150 – 152`.
static NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s,;:(])(?:(?P<p>[0-9]{1,3})\.)?(?P<a>[0-9]{1,3})(?:\s*[-–—]\s*(?:(?P<q>[0-9]{1,3})\.)?(?P<b>[0-9]{1,3}))?").ok()
});
/// An explanation's head: `Rec. 18`, `Recommendation 140.7`, `140.11-14` alone.
static EXPLANATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:Rec\.|Recommendations?)\s*)?(?:(?P<p>[0-9]{1,3})\.)?(?P<a>[0-9]{1,3})(?:\s*[-–—]\s*(?:[0-9]{1,3}\.)?(?P<b>[0-9]{1,3}))?(?:\s+(?P<text>\S.*))?$").ok()
});
/// `of which 217 are supported and 37 noted`, `accepts 142 recommendations`,
/// `notes 21 recommendations`, `contains 163 recommendations`.
static SUPPORTED_TOTAL: Guarded = Guarded::any(&["support", "accept"], || {
    Regex::new(r"(?i)(?:(?P<a>[0-9]{1,4})\s+(?:are\s+|were\s+)?(?:supported|accepted)|(?:accepts|supports)\s+(?P<b>[0-9]{1,4})\s+recommendations)").ok()
});
static NOTED_TOTAL: Guarded = Guarded::new(&["note"], || {
    Regex::new(
        r"(?i)(?:(?P<a>[0-9]{1,4})\s+(?:are\s+|were\s+)?noted|notes\s+(?P<b>[0-9]{1,4})\s+recommendations)",
    )
    .ok()
});
static ALL_TOTAL: Guarded = Guarded::new(&["recommendations"], || {
    Regex::new(r"(?i)(?:received|contains|made)\s+(?P<n>[0-9]{1,4})\s+recommendations").ok()
});

/// The totals an addendum states.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub all: Option<usize>,
    pub supported: Option<usize>,
    pub noted: Option<usize>,
}

/// The totals stated in an addendum's text.
pub fn totals(blocks: &[Block]) -> Totals {
    let mut out = Totals::default();
    let first = |re: &Guarded, text: &str| {
        re.captures(text)
            .and_then(|c| c.name("a").or_else(|| c.name("b")).or_else(|| c.name("n")))
            .and_then(|m| m.as_str().parse::<usize>().ok())
    };
    for b in blocks.iter().take(TITLE_BLOCKS) {
        out.all = out.all.or_else(|| first(&ALL_TOTAL, &b.text));
        out.supported = out.supported.or_else(|| first(&SUPPORTED_TOTAL, &b.text));
        out.noted = out.noted.or_else(|| first(&NOTED_TOTAL, &b.text));
    }
    out
}

/// The category a heading or paragraph names, if it names one.
fn category(text: &str) -> Option<Response> {
    if captures(&IMPLEMENTED, text).is_some() {
        Some(Response::SupportedImplemented)
    } else if captures(&NOTED, text).is_some() {
        Some(Response::Noted)
    } else if captures(&SUPPORTED, text).is_some() {
        Some(Response::Supported)
    } else {
        None
    }
}

/// The recommendations a text lists, as (paragraph, number).
pub fn numbers(text: &str) -> Vec<(Option<u32>, u32)> {
    let mut out = Vec::new();
    let Some(re) = NUMBER.as_ref() else {
        return out;
    };
    // The regex crate has no look-ahead: the end of a match is checked by
    // hand, one position at a time.
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let Some(c) = re.captures_at(text, at) else {
            break;
        };
        let whole = c.get(0).map_or(at..at + 1, |m| m.range());
        at = whole.end.max(at + 1);
        let parse = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (p, a, q, b) = (parse("p"), parse("a"), parse("q"), parse("b"));
        // Part of a longer token (`2025`, `2nd`), or a count or date before
        // a word (`217 are`, `254 recommendations`, `4 November`): none.
        let next = bytes.get(whole.end).copied();
        if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let after = text
            .get(whole.end..)
            .unwrap_or_default()
            .trim_start_matches(['.', ',', ';', ':', ')'])
            .trim_start();
        let word: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
        // The last of a list may end its sentence: `…, 157, 163. The`.
        let ends_list = text
            .get(..whole.start + 1)
            .is_some_and(|before| before.trim_end().ends_with(','))
            && text.get(whole.end..).is_some_and(|rest| rest.starts_with('.'));
        if !word.is_empty() && !["and", "to"].contains(&word.as_str()) && !ends_list {
            continue;
        }
        let Some(a) = a else { continue };
        match b {
            Some(b) if b >= a && b - a <= MAX_RANGE && q.is_none_or(|q| Some(q) == p) => {
                out.extend((a..=b).map(|n| (p, n)));
            }
            Some(_) => out.push((p, a)),
            None => out.push((p, a)),
        }
    }
    out
}

/// The UPR-addendum profile.
pub struct UprAddendum;

fn title(blocks: &[Block]) -> Option<usize> {
    blocks
        .iter()
        .take(TITLE_BLOCKS)
        .position(|b| b.text.chars().count() < 400 && TITLE.captures(&b.text).is_some())
}

impl Profile for UprAddendum {
    fn detect(&self, outline: &Outline) -> Score {
        if title(outline.blocks()).is_some() {
            Score::NAMED
        } else {
            Score::NONE
        }
    }

    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let Some(title_at) = title(blocks) else {
            return Body::default();
        };
        let mut metadata = super::metadata::read_masthead(
            blocks.get(..title_at + 1).unwrap_or_default(),
            &outline.blocks.furniture,
        );
        let stated = totals(blocks);
        metadata.extension = DocumentExtension::Review(ReviewDocument {
            state_under_review: None,
            stated_totals: Some(crate::model::StatedTotals {
                recommendations: stated.all,
                supported: stated.supported,
                noted: stated.noted,
            }),
        });
        // The report's symbol names the records: `A/HRC/59/15/Add.1` → `A/HRC/59/15`.
        let report_symbol = metadata
            .symbol
            .as_deref()
            .map(|s| s.split("/Add.").next().unwrap_or(s).to_string());
        let prefix = match &report_symbol {
            Some(symbol) => slug(symbol),
            None => slug(
                outline
                    .file()
                    .rsplit_once('.')
                    .map_or(outline.file(), |(stem, _)| stem),
            ),
        };
        let source_symbol = metadata
            .symbol
            .clone()
            .unwrap_or_else(|| outline.file().to_string());
        let mut responses: BTreeMap<Vec<Label>, (Response, String, crate::diagnostic::Location)> =
            BTreeMap::new();
        let mut explanations: BTreeMap<Vec<Label>, String> = BTreeMap::new();
        let mut current: Option<Response> = None;
        let mut explaining: Vec<Vec<Label>> = Vec::new();
        let mut last_listing = false;
        for block in blocks.iter().skip(title_at + 1) {
            let text = block.text.as_str();
            // A heading names the category of what follows.
            let short = text.chars().count() < 160 && !text.ends_with(['.', ':']);
            if short && let Some(c) = category(text) {
                current = Some(c);
                explaining.clear();
                continue;
            }
            // An explanation's head: `Rec. 18 We consider …` or `140.11-14`.
            if let Some(c) = captures(&EXPLANATION, text)
                && !responses.is_empty()
            {
                let parse = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
                let (p, a, b) = (parse("p"), parse("a"), parse("b"));
                if let Some(a) = a {
                    let b = b.filter(|b| *b >= a && b - a <= MAX_RANGE).unwrap_or(a);
                    explaining = (a..=b).map(|n| path(p, n)).collect();
                    if explaining.iter().all(|k| responses.contains_key(k)) {
                        if let Some(rest) = c.name("text") {
                            for key in &explaining {
                                explanations.insert(key.clone(), rest.as_str().to_string());
                            }
                        }
                        continue;
                    }
                    explaining.clear();
                }
            }
            // A numbered paragraph listing recommendations, or the rest of
            // one after a page break (nothing but numbers).
            let listed = numbers(text);
            let numbered = text.split_whitespace().next().is_some_and(|w| {
                w.ends_with('.') && w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())
            });
            let only_numbers = text
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_whitespace() || ".,;–-—and".contains(c));
            let listing = !listed.is_empty()
                && ((numbered && text.to_lowercase().contains("recommendation"))
                    || (only_numbers && last_listing));
            last_listing = listing;
            // A paragraph that only says it accepts, under a heading of
            // those already implemented, is of the heading's kind.
            let own = match (category(text), current) {
                (Some(Response::Supported), Some(Response::SupportedImplemented)) => current,
                (own, current) => own.or(current),
            };
            if listing && let Some(c) = own {
                let paragraph = text
                    .split_whitespace()
                    .next()
                    .filter(|w| {
                        w.ends_with('.') && w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|w| w.trim_end_matches('.').to_string());
                // The paragraph's own number (`3.`) is none of the list.
                let skip_own = paragraph.as_ref().and_then(|p| p.parse::<u32>().ok());
                let source = match &paragraph {
                    Some(p) => format!("{source_symbol} - Para.{p}"),
                    None => source_symbol.clone(),
                };
                for (i, (p, n)) in listed.into_iter().enumerate() {
                    if i == 0 && p.is_none() && Some(n) == skip_own {
                        continue;
                    }
                    let key = path(p, n);
                    if let Some((before, _, at)) = responses.get(&key)
                        && *before != c
                    {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::ResponseConflict,
                                block.start.clone(),
                                format!(
                                    "recommendation {} is listed as {} here and as {} before",
                                    label(&key),
                                    c.name(),
                                    before.name()
                                ),
                            )
                            .with_related(at.clone()),
                        );
                        continue;
                    }
                    responses
                        .entry(key)
                        .or_insert((c, source.clone(), block.start.clone()));
                }
                explaining.clear();
                continue;
            }
            // Text under an explanation's head.
            if !explaining.is_empty() {
                for key in &explaining {
                    let entry = explanations.entry(key.clone()).or_default();
                    if entry.is_empty() {
                        *entry = crate::clean::collapse(text);
                    } else {
                        outline.evidence().push(entry, text);
                    }
                }
            }
        }
        let units = responses
            .into_iter()
            .map(|(key, (response, source, at))| {
                let text = explanations.get(&key).cloned().unwrap_or_default();
                let mut unit = Unit::new(unit_id(&prefix, &key), key.clone(), text, at.clone(), at);
                unit.extension = Extension::Review(Box::new(Review {
                    response: Some(response),
                    response_source: Some(source),
                    response_explanation: explanations.get(&key).cloned(),
                    ..Review::default()
                }));
                unit
            })
            .collect();
        Body {
            metadata,
            groups: Vec::new(),
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[]
    }

    fn expects(&self) -> &'static str {
        "the State's views on the recommendations: lists of the numbers it supports and notes"
    }
}

/// A recommendation's label path: `[Paragraph(140), Item(7)]`, or
/// `[Item(7)]` when the addendum gives no paragraph.
fn path(paragraph: Option<u32>, number: u32) -> Vec<Label> {
    match paragraph {
        Some(p) => vec![Label::Paragraph(p), Label::Item(number)],
        None => vec![Label::Item(number)],
    }
}

fn label(path: &[Label]) -> String {
    crate::model::paragraph_label(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_lists_and_ranges() {
        assert_eq!(
            numbers("recommendations: 140.7, 140.8, 140.35. 140.36 and 140.11-14."),
            [
                (Some(140), 7),
                (Some(140), 8),
                (Some(140), 35),
                (Some(140), 36),
                (Some(140), 11),
                (Some(140), 12),
                (Some(140), 13),
                (Some(140), 14)
            ]
        );
        assert_eq!(
            numbers("accepts the recommendations 1–3, 14– 16, 150 – 151."),
            [
                (None, 1),
                (None, 2),
                (None, 3),
                (None, 14),
                (None, 15),
                (None, 16),
                (None, 150),
                (None, 151)
            ]
        );
        // Years and counts are no recommendations.
        assert!(numbers("in 2025 there were 217 are").len() <= 1);
    }

    #[test]
    fn an_addendum_lists_responses_and_explanations() {
        let text = "United Nations\n\nA/HRC/59/15/Add.1\n\nViews on conclusions and/or recommendations, voluntary commitments and replies presented by the State under review\n\n2. Slovenia received 5 recommendations, of which 3 are supported and 2 noted.\n\nI. Accepted recommendations\n\n3. The Government accepts the following recommendations: 140.1, 140.2.\n\nII. Accepted recommendations that Slovenia considers already implemented\n\n4. The Government accepts the following recommendations: 140.3.\n\n140.3\n\nThe Convention was ratified in 2025.\n\nIII. Noted recommendations\n\n5. The Government takes note of recommendations 140.4-5.\n";
        let x = crate::extract("add.txt", text.as_bytes(), &crate::Config::default()).unwrap();
        assert_eq!(x.document.kind, crate::model::Kind::UprAddendum);
        let got: Vec<(String, &str, String)> = x
            .document
            .units
            .iter()
            .map(|u| {
                (
                    u.id.clone(),
                    u.review().unwrap().response.map_or("-", |r| r.name()),
                    u.review().unwrap().response_source.clone().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "a-hrc-59-15-140-1".into(),
                    "supported",
                    "A/HRC/59/15/Add.1 - Para.3".into()
                ),
                (
                    "a-hrc-59-15-140-2".into(),
                    "supported",
                    "A/HRC/59/15/Add.1 - Para.3".into()
                ),
                (
                    "a-hrc-59-15-140-3".into(),
                    "supported_implemented",
                    "A/HRC/59/15/Add.1 - Para.4".into()
                ),
                (
                    "a-hrc-59-15-140-4".into(),
                    "noted",
                    "A/HRC/59/15/Add.1 - Para.5".into()
                ),
                (
                    "a-hrc-59-15-140-5".into(),
                    "noted",
                    "A/HRC/59/15/Add.1 - Para.5".into()
                ),
            ]
        );
        assert_eq!(
            x.document
                .units
                .get(2)
                .and_then(|u| u.review().unwrap().response_explanation.as_deref()),
            Some("The Convention was ratified in 2025.")
        );
    }
}
