//! Any UN report with recommendations sections: Secretary-General's
//! reports, special rapporteurs, Security Council panels and monitoring
//! teams, executive boards, expert mechanisms, visiting missions.
//!
//! A recommendations section is a part of the body under a heading that
//! names recommendations (`V. Recommendations`, `VI. Conclusions and
//! recommendations`, `IX. Observations and recommendations`,
//! `Recommendations for Member States`, an unnumbered `Key
//! recommendations`); not a sentence that begins with the word, a contents
//! line, or a heading about other bodies' recommendations (`Status of
//! implementation of the recommendations of …`). It ends at the next heading
//! of its level or a higher one (a heading that names recommendations
//! opening the next section), at an annex, or at the end of the body. Its
//! units are numbered paragraphs with their lettered and roman sub-items, or
//! in a section of bullets only, the bullets (`•1`, `•2`, …); an unnumbered
//! lead-in (`The Monitoring Team recommends:`) is no unit. When the body is
//! a covering letter or note and the report is annexed, the annex is read.
//!
//! The kind is known by its structure only, so it scores below every kind
//! that names itself or has a more particular structure.

use super::paragraphs::{self, Heading, Level, Line, Paragraphs};
use super::{Body, Check, Outline, Profile, Score, has_leaders};
use crate::clean::Block;
use crate::diagnostic::Diagnostic;
use crate::model::{Group, Unit, slug};

/// The report profile.
pub struct Report;

/// Whether a heading's title names recommendations: `Recommendations`,
/// `Conclusions and recommendations`, `Findings, conclusions and
/// recommendations`, `Key recommendations`, `Recommendations for Member
/// States`, `Recommendations of the Permanent Forum`.
pub fn names_recommendations(title: &str) -> bool {
    let lower = title.trim_end_matches(['.', ':']).to_lowercase();
    let Some(at) = lower.find("recommendations") else {
        return false;
    };
    let (before, after) = (lower.get(..at).unwrap_or_default(), lower.get(at + 15..).unwrap_or_default());
    // What may stand before: a few words naming what comes with them.
    let lead = before
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .all(|w| ["main", "key", "general", "final", "and", "findings", "observations", "conclusions", "summary", "of", "overall", "specific"].contains(&w));
    // What may follow: whom they are for, or whose they are.
    let tail = after.is_empty()
        || ["for ", "to ", "of the ", "addressed to ", "on "]
            .iter()
            .any(|w| after.trim_start().starts_with(w));
    lead && tail && !lower.starts_with("summary of")
}

/// A heading block and what it says, when a block is one.
fn heading(block: &Block) -> Option<Heading<'_>> {
    match paragraphs::line(&block.text) {
        Line::Heading(h) if !has_leaders(&block.text) && !ends_in_page_number(h.title) => Some(h),
        _ => None,
    }
}

/// Whether a block goes on with a heading that ends in a word no title
/// ends with (`Conclusions and`): a short line with no sentence
/// punctuation.
fn continues_heading(title: &str, next: &str) -> bool {
    let last = title.rsplit(' ').next().unwrap_or_default();
    let open_end = ["and", "of", "on", "for", "to", "the", "in", "with", "AND", "OF", "ON", "FOR", "TO", "THE"].contains(&last);
    open_end && next.split_whitespace().count() <= 12 && !next.ends_with(['.', ';', ':']) && matches!(paragraphs::line(next), Line::Heading(_) | Line::Text(_))
}

/// A contents line without leaders: `V. Recommendations 17`.
fn ends_in_page_number(title: &str) -> bool {
    let (n, before) = super::trailing_digits(title);
    n > 0 && before.ends_with(' ')
}

/// Whether a block opens an annex: `Annex`, `Annex I`, `Annexes`,
/// `Annex. Key recommendations and management response`, `Appendix`.
fn is_annex(text: &str) -> bool {
    ["Annex", "ANNEX", "Appendix", "APPENDIX"].iter().any(|word| {
        text.trim()
            .strip_prefix(word)
            .map(|rest| rest.strip_prefix("es").unwrap_or(rest))
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric) && rest.len() < 200)
    }) && !text.trim_end().ends_with(['.', ';', ','])
}

/// The blocks to read: the body after the masthead, up to the first annex;
/// or, when that body is only a covering letter or note (no section of its
/// own), the annex it transmits, up to the annex's own annexes.
fn body(blocks: &[Block]) -> &[Block] {
    let first_annex = blocks.iter().position(|b| is_annex(&b.text));
    let Some(annex) = first_annex else {
        return blocks;
    };
    let (before, after) = blocks.split_at(annex);
    let sectioned = before.iter().any(|b| heading(b).is_some_and(|h| h.level == Level::Roman));
    let recommends = before.iter().any(|b| heading(b).is_some_and(|h| names_recommendations(h.title)));
    if sectioned || recommends {
        return before;
    }
    // A covering letter: the report is the first annex.
    let annexed = after.get(1..).unwrap_or_default();
    let end = annexed.iter().position(|b| is_annex(&b.text)).unwrap_or(annexed.len());
    annexed.get(..end).unwrap_or_default()
}

/// Where the masthead ends: at the first heading, numbered paragraph or
/// letter's opening, or after a dozen blocks.
fn front_end(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .position(|b| matches!(paragraphs::line(&b.text), Line::Paragraph(..)) || heading(b).is_some_and(|h| h.numeral.is_some()))
        .unwrap_or(blocks.len())
        .min(12)
}

/// The symbol of a UPR working group's pre-session document
/// (`A/HRC/WG.6/7/SVN/1`, `/2`, `/3`, their corrigenda), when the document
/// is one: its `Specific recommendations for follow-up` retell other
/// bodies' requests.
fn review_input(outline: &Outline) -> Option<String> {
    let blocks = outline.blocks();
    let front = blocks.get(..front_end(blocks)).unwrap_or_default();
    let symbol = super::metadata::read_masthead(front, &outline.blocks.furniture).symbol?;
    let parts: Vec<&str> = symbol.split('/').collect();
    let input = matches!(parts.get(..6), Some(["A", "HRC", "WG.6", _, _, "1" | "2" | "3"]));
    input.then_some(symbol)
}

impl Profile for Report {
    fn detect(&self, outline: &Outline) -> Score {
        let (_, units) = read_sections(body(outline.blocks()), outline, "");
        // The masthead is read only for a document with sections.
        match units.len() {
            0 => Score::NONE,
            _ if review_input(outline).is_some() => Score::NONE,
            // Below a compilation's structure (45 and up) and an index's.
            n => Score::shape(10 + n.min(9) as u32),
        }
    }

    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let front = blocks.get(..front_end(blocks)).unwrap_or_default();
        let metadata = super::metadata::read_masthead(front, &outline.blocks.furniture);
        let prefix = match &metadata.symbol {
            Some(symbol) => slug(symbol),
            None => metadata.id_prefix(outline.file()),
        };
        let (groups, units) = read_sections_noted(body(blocks), outline, &prefix, diagnostics);
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::SectionNumbering, Check::NonEmpty]
    }

    fn clue(&self, outline: &Outline) -> Option<String> {
        if let Some(symbol) = review_input(outline) {
            return Some(format!(
                "{symbol} is a UPR working group's pre-session document (national report, compilation of UN information or summary of stakeholders' submissions), which reports recommendations made elsewhere and makes none"
            ));
        }
        let blocks = body(outline.blocks());
        let (at, title) = blocks
            .iter()
            .enumerate()
            .find_map(|(i, b)| heading(b).filter(|h| names_recommendations(h.title)).map(|h| (i, h.title)))?;
        let after = blocks.get(at + 1..).unwrap_or_default();
        let what = if after.iter().any(|b| embeds_resolution(&b.text)) {
            "over a draft resolution it proposes for adoption, not recommendations of its own"
        } else {
            "with no numbered paragraph or bullet of its own under it"
        };
        let start = blocks.get(at).map(|b| b.start.to_string()).unwrap_or_default();
        Some(format!("a heading that names recommendations (`{title}`, at {start}) {what}"))
    }

    fn expects(&self) -> &'static str {
        "a section whose heading names recommendations (`V. Recommendations`, `Conclusions and recommendations`) with numbered paragraphs or bullets"
    }
}

/// The sections' groups and units, the reader's notes dropped (for
/// detection).
fn read_sections(body: &[Block], outline: &Outline, prefix: &str) -> (Vec<Group>, Vec<Unit>) {
    read_sections_noted(body, outline, prefix, &mut Vec::new())
}

/// Read every recommendations section of the body.
fn read_sections_noted(
    body: &[Block],
    outline: &Outline,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Group>, Vec<Unit>) {
    let mut reader = Paragraphs::new(outline.evidence(), prefix, Vec::new());
    let mut open = false;
    let mut skip = false;
    for (i, block) in body.iter().enumerate() {
        if outline.units_full(reader.units.len()) {
            break;
        }
        if std::mem::take(&mut skip) {
            continue;
        }
        if !open {
            let Some(h) = heading(block) else { continue };
            // A heading set on two lines that became two blocks: `VI.
            // Conclusions and` / `recommendations`.
            let next = body.get(i + 1).filter(|n| continues_heading(h.title, &n.text));
            let joined = next.map(|n| format!("{} {}", h.title, n.text));
            let title = joined.as_deref().unwrap_or(h.title);
            if names_recommendations(title) {
                let whole = Heading { title, ..h };
                let rest = body.get(i + 1 + usize::from(next.is_some())..).unwrap_or_default();
                open = open_section(&mut reader, &whole, block, rest);
                skip = open && next.is_some();
            }
            continue;
        }
        if is_annex(&block.text) {
            break;
        }
        if let Some(part) = reader.take(block) {
            reader.close_section();
            open = names_recommendations(part.title)
                && open_section(&mut reader, &part, block, body.get(i + 1..).unwrap_or_default());
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    (reader.groups, reader.units)
}

/// Open a section, unless it embeds a draft resolution (a Main Committee's
/// `Recommendations of the … Committee` holds the resolutions it proposes,
/// which are no recommendations of the report's): its bullets are units
/// when it holds no numbered paragraph before its end. Whether it opened.
fn open_section<'a>(reader: &mut Paragraphs<'a>, title: &Heading, block: &'a Block, rest: &[Block]) -> bool {
    let level = reader.level(title);
    let within: Vec<&Block> = rest
        .iter()
        .take_while(|b| !is_annex(&b.text) && heading(b).is_none_or(|h| h.level > level))
        .collect();
    if within.iter().any(|b| embeds_resolution(&b.text)) {
        return false;
    }
    reader.open_section(title, block);
    let numbered = within
        .iter()
        .any(|b| matches!(paragraphs::line(&b.text), Line::Paragraph(..)));
    reader.set_bullets_are_units(!numbered);
    true
}

/// A draft resolution or decision's heading, or the body that opens its
/// preamble: `DRAFT RESOLUTION I`, `Draft decision`, `The General
/// Assembly,`.
fn embeds_resolution(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    lower.starts_with("draft resolution")
        || lower.starts_with("draft decision")
        || (lower.starts_with("the ") && lower.ends_with(',') && lower.split_whitespace().count() <= 6 && {
            ["general assembly,", "security council,", "economic and social council,", "human rights council,"]
                .iter()
                .any(|body| lower.ends_with(body))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_that_name_recommendations() {
        for title in [
            "Recommendations",
            "Conclusions and recommendations",
            "Observations and recommendations",
            "Findings, conclusions and recommendations",
            "Main conclusions and recommendations",
            "Key recommendations",
            "Recommendations for Member States",
            "Recommendations of the Permanent Forum",
            "Recommendations for the United Nations system",
        ] {
            assert!(names_recommendations(title), "{title}");
        }
        for title in [
            "Status of implementation of the recommendations of the Board of Auditors",
            "Implementation of the recommendations",
            "Recommendations adopted by the Working Group at its first five meetings",
            "Adoption of the recommendations",
            "Summary of recommendations and management responses",
        ] {
            assert!(!names_recommendations(title), "{title}");
        }
    }

    /// Regression: after a lead-in, lettered items are items of their own;
    /// the second and third were read as sub-items of the last numbered
    /// paragraph of the section before.
    /// A heading that names recommendations over prose only is no report,
    /// and the miss says where the heading is.
    #[test]
    fn a_recommendations_heading_over_prose_is_a_clue() {
        let text = "Report of the Committee\n\nI. Introduction\n\n1. The Committee met.\n\n\
                    II. Recommendations\n\nThe Committee has no recommendation to make this year.\n";
        let layout = crate::read::read("r.txt", text.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &crate::limits::Limits::default());
        let outline = Outline::new(&blocks);
        assert_eq!(Report.detect(&outline), Score::NONE);
        let clue = Report.clue(&outline).unwrap_or_default();
        assert!(clue.contains("`Recommendations`, at r.txt:7"), "{clue}");
    }

    /// Regression: an OHCHR compilation for a review gave its `Specific
    /// recommendations for follow-up` (other bodies' requests) as units.
    #[test]
    fn a_review_s_pre_session_document_is_no_report() {
        let text = "A/HRC/WG.6/7/SVN/2\n\nCompilation prepared by the Office\n\nI. Background\n\n1. Slovenia ratified.\n\n\
                    B. Specific recommendations for follow-up\n\n44. In 2005, the Committee requested Slovenia to report.\n";
        let layout = crate::read::read("c.txt", text.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &crate::limits::Limits::default());
        let outline = Outline::new(&blocks);
        assert_eq!(Report.detect(&outline), Score::NONE);
        assert!(Report.clue(&outline).is_some_and(|c| c.starts_with("A/HRC/WG.6/7/SVN/2 is")));
        let outcome = text.replace("WG.6/7/SVN/2", "7/11");
        let layout = crate::read::read("c.txt", outcome.as_bytes(), Default::default()).unwrap();
        let blocks = crate::clean::clean(&layout, &crate::limits::Limits::default());
        assert!(Report.detect(&Outline::new(&blocks)).found());
    }

    #[test]
    fn lettered_items_after_a_lead_in_stay_top_level() {
        let text = "A/HRC/1/2\n\nII. Conclusions and recommendations\n\nA. Conclusions\n\n\
                    3. The shortage falls hardest on older persons.\n\nB. Recommendations\n\n\
                    The Special Rapporteur recommends that the Government:\n\n\
                    (a) Adopt a moratorium;\n\n(b) Guarantee tenure;\n\n(c) Raise the budget.\n";
        let config = crate::Config::of_kind(crate::model::Kind::Report);
        let x = crate::extract("t.txt", text.as_bytes(), &config).unwrap();
        let labels: Vec<String> = x.document.units.iter().filter_map(|u| u.label()).collect();
        assert_eq!(labels, ["3", "(a)", "(b)", "(c)"]);
        assert!(x.document.units.iter().skip(1).all(|u| u.parent.is_none()));
    }
}
