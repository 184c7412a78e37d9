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

use super::{Body, Check, Metadata, Outline, Profile, Score};
use crate::clean::{Block, Evidence};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::model::{
    DocumentExtension, Extension, Label, Response, Review, ReviewDocument, Unit, unit_id,
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
        let metadata = document_metadata(outline, title_at);
        // The report's symbol names the records: `A/HRC/59/15/Add.1` → `A/HRC/59/15`.
        let report_symbol = metadata
            .symbol
            .as_deref()
            .map(|s| s.split("/Add.").next().unwrap_or(s).to_string());
        let prefix = super::upr_report::record_prefix(report_symbol.as_deref(), outline.file());
        let source_symbol = metadata
            .symbol
            .clone()
            .unwrap_or_else(|| outline.file().to_string());
        let mut reading = Reading::new(outline.evidence(), source_symbol);
        for block in blocks.iter().skip(title_at + 1) {
            reading.read(block, diagnostics);
        }
        Body {
            metadata,
            groups: Vec::new(),
            units: reading.units(&prefix),
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[]
    }

    fn expects(&self) -> &'static str {
        "the State's views on the recommendations: lists of the numbers it supports and notes"
    }
}

/// The masthead up to the title, with the totals the addendum states.
fn document_metadata(outline: &Outline, title_at: usize) -> Metadata {
    let blocks = outline.blocks();
    let mut metadata = super::metadata::read_masthead(
        blocks.get(..title_at + 1).unwrap_or_default(),
        &outline.blocks.furniture,
    );
    let stated = totals(blocks);
    metadata.extension = DocumentExtension::Review(ReviewDocument {
        state_under_review: super::upr_report::state_named(blocks, title_at + 1)
            .filter(|s| !s.eq_ignore_ascii_case("addendum")),
        stated_totals: Some(crate::model::StatedTotals {
            recommendations: stated.all,
            supported: stated.supported,
            noted: stated.noted,
        }),
        review_date: None,
    });
    metadata
}

/// The paragraph number a text opens with (`3.` gives `3`).
fn paragraph_number(text: &str) -> Option<&str> {
    text.split_whitespace()
        .next()
        .filter(|w| w.ends_with('.') && w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.trim_end_matches('.'))
}

/// The reading of the blocks after the title: the responses and
/// explanations found so far, and what the blocks before opened.
struct Reading<'a> {
    evidence: &'a Evidence,
    /// What a response's source names: the addendum's symbol, else the file.
    source_symbol: String,
    /// Each recommendation's response, its source and where it was listed.
    responses: BTreeMap<Vec<Label>, (Response, String, Location)>,
    explanations: BTreeMap<Vec<Label>, String>,
    /// The category the last heading named.
    current: Option<Response>,
    /// The recommendations whose explanation the text now read gives.
    explaining: Vec<Vec<Label>>,
    /// Whether the block before listed recommendations.
    last_listing: bool,
}

impl<'a> Reading<'a> {
    fn new(evidence: &'a Evidence, source_symbol: String) -> Self {
        Reading {
            evidence,
            source_symbol,
            responses: BTreeMap::new(),
            explanations: BTreeMap::new(),
            current: None,
            explaining: Vec::new(),
            last_listing: false,
        }
    }

    /// Read one block: a heading, an explanation's head, a list of
    /// recommendations, or text explaining a response.
    fn read(&mut self, block: &Block, diagnostics: &mut Vec<Diagnostic>) {
        let text = block.text.as_str();
        // A heading names the category of what follows.
        let short = text.chars().count() < 160 && !text.ends_with(['.', ':']);
        if short && let Some(c) = category(text) {
            self.current = Some(c);
            self.explaining.clear();
            return;
        }
        if self.explanation_head(text) || self.listing(block, diagnostics) {
            return;
        }
        // Text under an explanation's head.
        for key in &self.explaining {
            let entry = self.explanations.entry(key.clone()).or_default();
            if entry.is_empty() {
                *entry = crate::clean::collapse(text);
            } else {
                self.evidence.push(entry, text);
            }
        }
    }

    /// An explanation's head, `Rec. 18 We consider …` or `140.11-14`, of
    /// recommendations already listed: whether the text is one. The
    /// recommendations it names are those the text after it explains.
    fn explanation_head(&mut self, text: &str) -> bool {
        let Some(c) = captures(&EXPLANATION, text).filter(|_| !self.responses.is_empty()) else {
            return false;
        };
        let parse = |name: &str| c.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let (p, a, b) = (parse("p"), parse("a"), parse("b"));
        let Some(a) = a else {
            return false;
        };
        let b = b.filter(|b| *b >= a && b - a <= MAX_RANGE).unwrap_or(a);
        self.explaining = (a..=b).map(|n| path(p, n)).collect();
        if !self.explaining.iter().all(|k| self.responses.contains_key(k)) {
            self.explaining.clear();
            return false;
        }
        if let Some(rest) = c.name("text") {
            for key in &self.explaining {
                self.explanations.insert(key.clone(), rest.as_str().to_string());
            }
        }
        true
    }

    /// A numbered paragraph listing recommendations, or the rest of one
    /// after a page break (nothing but numbers): whether the block is one
    /// whose category is known, and then its responses are recorded.
    fn listing(&mut self, block: &Block, diagnostics: &mut Vec<Diagnostic>) -> bool {
        let text = block.text.as_str();
        let listed = numbers(text);
        let paragraph = paragraph_number(text);
        let only_numbers = text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace() || ".,;–-—and".contains(c));
        let listing = !listed.is_empty()
            && ((paragraph.is_some() && text.to_lowercase().contains("recommendation"))
                || (only_numbers && self.last_listing));
        self.last_listing = listing;
        // A paragraph that only says it accepts, under a heading of
        // those already implemented, is of the heading's kind.
        let own = match (category(text), self.current) {
            (Some(Response::Supported), Some(Response::SupportedImplemented)) => self.current,
            (own, current) => own.or(current),
        };
        let Some(response) = own.filter(|_| listing) else {
            return false;
        };
        self.record(block, paragraph, listed, response, diagnostics);
        self.explaining.clear();
        true
    }

    /// Record the response of each recommendation a paragraph lists; one
    /// listed before under another category is a conflict.
    fn record(
        &mut self,
        block: &Block,
        paragraph: Option<&str>,
        listed: Vec<(Option<u32>, u32)>,
        response: Response,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        // The paragraph's own number (`3.`) is none of the list.
        let skip_own = paragraph.and_then(|p| p.parse::<u32>().ok());
        let source = match paragraph {
            Some(p) => format!("{} - Para.{p}", self.source_symbol),
            None => self.source_symbol.clone(),
        };
        for (i, (p, n)) in listed.into_iter().enumerate() {
            if i == 0 && p.is_none() && Some(n) == skip_own {
                continue;
            }
            let key = path(p, n);
            if let Some((before, _, at)) = self.responses.get(&key)
                && *before != response
            {
                diagnostics.push(
                    Diagnostic::new(
                        Code::ResponseConflict,
                        block.start.clone(),
                        format!(
                            "recommendation {} is listed as {} here and as {} before",
                            label(&key),
                            response.name(),
                            before.name()
                        ),
                    )
                    .with_related(at.clone()),
                );
                continue;
            }
            self.responses
                .entry(key)
                .or_insert((response, source.clone(), block.start.clone()));
        }
    }

    /// A unit for each recommendation with a response, in label order.
    fn units(self, prefix: &str) -> Vec<Unit> {
        let explanations = self.explanations;
        self.responses
            .into_iter()
            .map(|(key, (response, source, at))| {
                let text = explanations.get(&key).cloned().unwrap_or_default();
                let mut unit = Unit::new(unit_id(prefix, &key), key.clone(), text, at.clone(), at);
                unit.extension = Extension::Review(Box::new(Review {
                    response: Some(response),
                    response_source: Some(source),
                    response_explanation: explanations.get(&key).cloned(),
                    ..Review::default()
                }));
                unit
            })
            .collect()
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
