//! Concluding observations of the treaty bodies (CERD, CRC, CEDAW, CCPR,
//! CESCR, CAT, CRPD, CMW, CED) on a State party's report.
//!
//! The document names its kind, by its symbol (`CERD/C/BRA/CO/18-20`,
//! `E/C.12/GBR/CO/7`) or its title (`Concluding observations on the … report
//! of <State>`). Its units are every numbered paragraph from the part of
//! concerns and recommendations (`C. Concerns and recommendations`,
//! `III. Main areas of concern and recommendations`, older `Principal
//! subjects of concern …`) to the end, the parts after it included (`Other
//! recommendations`, dissemination, follow-up, next report), with their
//! sub-items; each part is a section, the thematic subheadings are topics.
//! Each paragraph's role comes from its operative verb; the paragraphs the
//! follow-up procedure names (`paragraphs 17 (a), 19 (c) and 36 (a)–(d)`)
//! are `follow_up`, those of particular importance or needing urgent
//! measures (`(para. 19)`) `priority`; a reference to a paragraph or
//! sub-item the document does not have is a finding.

use super::paragraphs::{self, Heading, Line, Paragraphs};
use super::{Body, Check, Outline, Profile, Score, dates};
use crate::clean::{Block, FurnitureKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::observation::{Observation, ObservationsDocument, Role};
use crate::model::{DocumentExtension, Extension, Group, Label, Metadata, Unit, slug};

/// How far into the document the title may stand.
const TITLE_BLOCKS: usize = 40;

/// The concluding-observations profile.
pub struct ConcludingObservations;

/// Whether a symbol is a treaty body's concluding observations:
/// `CERD/C/BRA/CO/18-20`, `E/C.12/GBR/CO/7`, `CRC/C/OPAC/GBR/CO/1`.
pub fn is_symbol(symbol: &str) -> bool {
    let parts: Vec<&str> = symbol.split('/').collect();
    let treaty = matches!(parts.get(1), Some(&"C")) || symbol.starts_with("E/C.12/");
    treaty && parts.iter().skip(2).any(|p| *p == "CO")
}

/// The committee's acronym, from the symbol or the body's name.
fn committee(metadata: &Metadata) -> Option<String> {
    if let Some(symbol) = metadata.symbol.as_deref() {
        if symbol.starts_with("E/C.12/") {
            return Some("CESCR".into());
        }
        if let Some(first) = symbol.split('/').next().filter(|p| p.len() >= 3) {
            return Some(first.to_string());
        }
    }
    const BODIES: [(&str, &str); 9] = [
        ("Racial Discrimination", "CERD"),
        ("Rights of the Child", "CRC"),
        ("Discrimination against Women", "CEDAW"),
        ("Human Rights Committee", "CCPR"),
        ("Economic, Social and Cultural", "CESCR"),
        ("against Torture", "CAT"),
        ("Persons with Disabilities", "CRPD"),
        ("Migrant Workers", "CMW"),
        ("Enforced Disappearances", "CED"),
    ];
    let body = metadata.body.as_deref()?;
    BODIES
        .iter()
        .find(|(name, _)| body.contains(name))
        .map(|(_, acronym)| acronym.to_string())
}

/// The title block: `Concluding observations on the … report(s) of …`.
fn title(blocks: &[Block]) -> Option<usize> {
    blocks
        .iter()
        .take(TITLE_BLOCKS)
        .position(|b| b.text.len() < 400 && b.text.starts_with("Concluding observations"))
}

/// The State party a title names: what follows `report(s) of`, without a
/// footnote mark, and without `the` unless the name keeps it.
fn state_party(title: &str) -> Option<String> {
    let at = title.rfind("report of ").map(|i| i + "report of ".len()).or_else(|| {
        title
            .rfind("reports of ")
            .map(|i| i + "reports of ".len())
    })?;
    let name = title.get(at..)?.trim().trim_end_matches(['*', '∗', '.']).trim();
    let bare = name.strip_prefix("the ").unwrap_or(name);
    let kept = if super::states::is_state(name) && !super::states::is_state(bare) {
        name
    } else {
        bare
    };
    (!kept.is_empty()).then(|| kept.to_string())
}

/// The day of adoption: the `held on <date>` of the meeting at which the
/// sentence saying `adopted the present concluding observations` places it.
fn adopted(blocks: &[Block]) -> Option<String> {
    for block in blocks.iter().take(TITLE_BLOCKS + 20) {
        for sentence in block.text.split(". ") {
            let Some(at) = sentence.find("adopted the present concluding observations") else {
                continue;
            };
            let (before, after) = sentence.split_at(at);
            let held = after
                .find("held on ")
                .and_then(|i| after.get(i..))
                .or_else(|| before.rfind("held on ").and_then(|i| before.get(i..)));
            if let Some((range, _)) = held.and_then(dates::find_range) {
                return Some(range.start.iso());
            }
        }
    }
    None
}

/// The session the footnote names: `Adopted by the Committee at its
/// ninety-seventh session (8–26 May 2031)` gives `Ninety-seventh session`.
fn session(outline: &Outline) -> Option<String> {
    let notes = outline.blocks.furniture.iter().map(|f| f.text.as_str());
    let texts = outline.blocks().iter().take(TITLE_BLOCKS).map(|b| b.text.as_str());
    notes.chain(texts).find_map(|text| {
        let at = text.find("Adopted by the Committee at its ")? + "Adopted by the Committee at its ".len();
        let rest = text.get(at..)?;
        let end = rest.find(" session")? + " session".len();
        let session = rest.get(..end)?;
        let mut chars = session.chars();
        let first = chars.next()?;
        Some(first.to_uppercase().chain(chars).collect())
    })
}

/// Whether a heading opens the part of concerns and recommendations.
fn opens_units(title: &str) -> bool {
    let lower = title.to_lowercase();
    lower.contains("concern") && lower.contains("recommendation")
}

impl Profile for ConcludingObservations {
    fn detect(&self, outline: &Outline) -> Score {
        // The symbol stands in the masthead, or in the running heads that
        // the clean stage sets aside; a footnote citing another State's
        // observations names no kind.
        let front = outline.blocks().iter().take(8).map(|b| b.text.as_str());
        let furniture = outline
            .blocks
            .furniture
            .iter()
            .filter(|f| f.kind == FurnitureKind::Header)
            .map(|f| f.text.as_str());
        let named = title(outline.blocks()).is_some()
            || front.chain(furniture).any(|t| t.split_whitespace().any(is_symbol));
        if named { Score::NAMED } else { Score::NONE }
    }

    fn segment(&self, outline: &Outline, diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let front_end = title(blocks).map_or(0, |t| t + 1);
        let mut metadata =
            super::metadata::read_masthead(blocks.get(..front_end).unwrap_or_default(), &outline.blocks.furniture);
        let title_text = title(blocks).and_then(|t| blocks.get(t)).map(|b| b.text.clone());
        if metadata.title.is_none() {
            metadata.title = title_text.clone();
        }
        if metadata.session.is_none()
            && let Some(words) = session(outline)
        {
            super::metadata::set_session(&mut metadata, &words);
        }
        metadata.extension = DocumentExtension::Observations(ObservationsDocument {
            committee: committee(&metadata),
            state_party: title_text.as_deref().and_then(state_party),
            adopted: adopted(blocks),
        });
        let prefix = match &metadata.symbol {
            Some(symbol) => slug(symbol),
            None => metadata.id_prefix(outline.file()),
        };
        let body = blocks.get(front_end..).unwrap_or_default();
        let (groups, mut units) = read_parts(body, outline, &prefix, diagnostics);
        give_roles(&mut units);
        flag_references(&mut units, diagnostics);
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::SectionNumbering, Check::NonEmpty]
    }

    fn expects(&self) -> &'static str {
        "a part `Concerns and recommendations` (or `Principal subjects of concern and recommendations`) of numbered paragraphs"
    }
}

/// Read the units: from the heading that opens the part of concerns and
/// recommendations to the end of the body (or an annex), each part after it
/// a section of its own.
fn read_parts(
    body: &[Block],
    outline: &Outline,
    prefix: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Group>, Vec<Unit>) {
    let mut reader = Paragraphs::new(outline.evidence(), prefix, Vec::new());
    let start = body.iter().position(|b| match paragraphs::line(&b.text) {
        Line::Heading(h) => h.numeral.is_some() && opens_units(h.title),
        _ => false,
    });
    let Some(start) = start else {
        return (Vec::new(), Vec::new());
    };
    let mut blocks = body.iter().skip(start);
    if let Some(first) = blocks.next()
        && let Line::Heading(heading) = paragraphs::line(&first.text)
    {
        reader.open_section(&heading, first);
    }
    for block in blocks {
        if outline.units_full(reader.units.len()) {
            break;
        }
        if let Some(part) = reader.take(block) {
            if is_annex(&part) {
                break;
            }
            reader.open_section(&part, block);
        }
    }
    diagnostics.append(&mut reader.diagnostics);
    (reader.groups, reader.units)
}

/// An annex ends the body.
fn is_annex(heading: &Heading) -> bool {
    heading.title.starts_with("Annex") || heading.title.starts_with("Appendix")
}

/// The role of a paragraph by its operative verb, its sub-items taking
/// their paragraph's.
fn give_roles(units: &mut [Unit]) {
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(units.len());
    for unit in units.iter() {
        let role = match unit.parent {
            Some(p) => roles.get(p).copied().flatten(),
            None => Some(role(&unit.text)),
        };
        roles.push(role);
    }
    for (unit, role) in units.iter_mut().zip(roles) {
        unit.extension = Extension::Observation(Box::new(Observation {
            role,
            follow_up: false,
            priority: false,
        }));
    }
}

/// Verbs by which the Committee addresses the State party.
const ADDRESSING: [&str; 7] = ["recommends", "urges", "encourages", "requests", "invites", "calls upon", "calls on"];

/// The words that may stand right before such a verb when the Committee
/// is its subject: `the Committee recommends`, `It also urges`, `… and
/// requests`, `strongly encourages` (and any adverb in `-ly`).
const BEFORE_VERB: [&str; 7] = ["committee", "it", "and", "also", "further", "again", "therefore"];

/// Words after which `requests` and the like are nouns: `requests for
/// asylum`.
const NOUN_AFTER: [&str; 4] = ["for ", "from ", "of ", "by "];

/// Whether the Committee addresses the State party in a text: one of its
/// verbs after one of its subjects, or the State party `should`, `is
/// requested to`, or the Committee reiterates a recommendation.
fn addresses(lower: &str) -> bool {
    let verb = ADDRESSING.iter().any(|verb| {
        lower.match_indices(verb).any(|(at, _)| {
            let before = lower.get(..at).unwrap_or_default();
            let after = lower.get(at + verb.len()..).unwrap_or_default();
            let word_ends = after.starts_with(' ');
            let noun = NOUN_AFTER.iter().any(|w| after.trim_start().starts_with(w));
            let previous = before.trim_end().rsplit(' ').next().unwrap_or_default();
            let subject = BEFORE_VERB.contains(&previous) || (previous.len() > 4 && previous.ends_with("ly"));
            let committee = before.contains("committee") || before.trim_start().starts_with("it ");
            word_ends && !noun && subject && committee
        })
    });
    verb || lower.contains("state party should")
        || ["requested", "encouraged", "invited", "urged", "recommended"]
            .iter()
            .any(|v| lower.contains(&format!("state party is {v} to")))
        || lower.contains("reiterates its recommendation")
        || lower.contains("reiterates its previous recommendation")
}

/// What a paragraph is, by its operative verb: a recommendation outranks
/// a concern in the same paragraph, and either outranks procedure.
pub fn role(text: &str) -> Role {
    let lower = text.to_lowercase();
    if addresses(&lower) {
        return Role::Recommendation;
    }
    const CONCERN: [&str; 9] = [
        " concerned ",
        " concerned that",
        " concerned at",
        " concerned about",
        "with concern",
        "regrets",
        "deplores",
        "is alarmed",
        "expresses concern",
    ];
    if CONCERN.iter().any(|w| lower.contains(w)) && lower.contains("committee") {
        return Role::Concern;
    }
    const PROCESS: [&str; 8] = [
        "periodic report",
        "list of issues",
        "review cycle",
        "rules of procedure",
        "common core document",
        "(para.",
        "particular importance",
        "urgent measures",
    ];
    if PROCESS.iter().any(|w| lower.contains(w)) {
        Role::Procedure
    } else {
        Role::Observation
    }
}

/// A place a paragraph names: a paragraph, or one of its sub-items.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    paragraph: u32,
    letter: Option<String>,
}

/// The paragraphs and sub-items a text names after `paragraph(s)`,
/// `para(s).`: `17 (a) (racial profiling), 19 (a) and (b) (…) and 36
/// (a)–(d)`. Subjects in parentheses are passed over.
fn references(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = ["paragraphs ", "paragraph ", "paras. ", "para. "]
        .iter()
        .filter_map(|k| rest.find(k).map(|i| (i, k.len())))
        .min()
    {
        rest = rest.get(at.0 + at.1..).unwrap_or_default();
        rest = reference_list(rest, &mut out);
    }
    out
}

/// Read a list of references from the start of `text`; give what follows.
/// A list that goes on `of the …` names another instrument's paragraphs
/// (`rule 75, paragraph 1, of the Committee's rules of procedure`): none.
fn reference_list<'t>(mut text: &'t str, out: &mut Vec<Reference>) -> &'t str {
    let mut found = Vec::new();
    while let Some((digits, after)) = super::leading_number(text.trim_start(), 3) {
        let paragraph: u32 = digits.parse().unwrap_or(0);
        let (letters, after) = letter_groups(after);
        if letters.is_empty() {
            found.push(Reference { paragraph, letter: None });
        }
        found.extend(letters.into_iter().map(|l| Reference {
            paragraph,
            letter: Some(l),
        }));
        text = after;
        let next = [", and ", ", ", " and "].iter().find_map(|s| text.strip_prefix(s));
        match next {
            Some(n) if n.starts_with(|c: char| c.is_ascii_digit()) => text = n,
            _ => break,
        }
    }
    if !(text.starts_with(", of ") || text.starts_with(" of ")) {
        out.extend(found);
    }
    text
}

/// The sub-item letters after a paragraph number: `(a)`, `(a) and (b)`,
/// `(a), (b) and (c)`, `(a)–(d)`, each perhaps followed by a subject in
/// parentheses, which is passed over.
fn letter_groups(mut text: &str) -> (Vec<String>, &str) {
    let mut letters = Vec::new();
    loop {
        let spaced = text.trim_start();
        // `and (b)`, `, (c)`: more letters of the same paragraph.
        let joined = [" and ", ", "]
            .iter()
            .find_map(|s| text.strip_prefix(s))
            .filter(|rest| !letters.is_empty() && letter_group(rest).is_some());
        let group = if spaced.starts_with('(') { spaced } else if let Some(rest) = joined { rest } else {
            return (letters, text);
        };
        let Some(inner) = group.strip_prefix('(') else { return (letters, text) };
        let Some(close) = inner.find(')') else { return (letters, text) };
        let label = inner.get(..close).unwrap_or_default();
        text = inner.get(close + 1..).unwrap_or_default();
        if letter_group(group).is_none() {
            // A subject, `(racial profiling)`: passed over.
            continue;
        }
        match range_end(text) {
            Some((end, rest)) => {
                letters.extend(letter_range(label, end));
                text = rest;
            }
            None => letters.push(label.to_string()),
        }
    }
}

/// The letter of a group `(b)` that opens `text`.
fn letter_group(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('(')?;
    let close = inner.find(')')?;
    let label = inner.get(..close)?;
    ((1..=2).contains(&label.len()) && label.bytes().all(|b| b.is_ascii_lowercase())).then_some(label)
}

/// `–(d)` after a letter: the range's last letter and what follows.
fn range_end(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix('–')
        .or_else(|| text.strip_prefix('-'))
        .or_else(|| text.strip_prefix(" to "))?;
    let inner = rest.trim_start().strip_prefix('(')?;
    let close = inner.find(')')?;
    let end = inner.get(..close)?;
    (end.len() == 1 && end.bytes().all(|b| b.is_ascii_lowercase())).then(|| Some((end, inner.get(close + 1..)?))).flatten()
}

/// The letters from `a` to `b`, both included.
fn letter_range(a: &str, b: &str) -> Vec<String> {
    let (Some(a), Some(b)) = (a.chars().next(), b.chars().next()) else {
        return Vec::new();
    };
    (a..=b).map(String::from).collect()
}

/// Whether a paragraph is the follow-up one: it asks for information
/// within a time (`within one year`, `within 24 months`, `by 28 July 2036`).
fn asks_follow_up(text: &str) -> bool {
    let lower = text.to_lowercase();
    let within = ["within one year", "within two years", "within 1 year", "within 2 years", "within 12 months", "within 18 months", "within 24 months", "within three years"]
        .iter()
        .any(|w| lower.contains(w));
    let by_date = text
        .match_indices(" by ")
        .any(|(i, _)| text.get(i + 4..).and_then(dates::find_range).is_some_and(|(_, r)| r.start == 0));
    lower.contains("information") && (within || by_date)
}

/// Whether a paragraph names paragraphs of particular importance or
/// needing urgent measures.
fn names_priorities(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("particular importance") || lower.contains("urgent measures")
}

/// Flag the units the follow-up and priority paragraphs name; a name with
/// no unit is a finding naming both places.
fn flag_references(units: &mut [Unit], diagnostics: &mut Vec<Diagnostic>) {
    let mut flags: Vec<(usize, bool)> = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        if unit.parent.is_some() {
            continue;
        }
        let follow = asks_follow_up(&unit.text);
        if !follow && !names_priorities(&unit.text) {
            continue;
        }
        for reference in references(&unit.text) {
            match find(units, &reference) {
                Some(at) => flags.push((at, follow)),
                None => diagnostics.push(unknown(units, i, &reference)),
            }
        }
    }
    for (at, follow) in flags {
        if let Some(Extension::Observation(o)) = units.get_mut(at).map(|u| &mut u.extension) {
            if follow {
                o.follow_up = true;
            } else {
                o.priority = true;
            }
        }
    }
}

/// The unit a reference names.
fn find(units: &[Unit], reference: &Reference) -> Option<usize> {
    units.iter().position(|u| match (u.path.as_slice(), &reference.letter) {
        ([Label::Paragraph(n)], None) => *n == reference.paragraph,
        ([Label::Paragraph(n), Label::Letter(l)], Some(letter)) => *n == reference.paragraph && l == letter,
        _ => false,
    })
}

/// A reference to a paragraph or sub-item the document does not have.
fn unknown(units: &[Unit], at: usize, reference: &Reference) -> Diagnostic {
    let named = match &reference.letter {
        Some(l) => format!("paragraph {} ({l})", reference.paragraph),
        None => format!("paragraph {}", reference.paragraph),
    };
    let unit = units.get(at);
    let mut finding = Diagnostic::new(
        Code::UnknownReference,
        unit.map(|u| u.start.clone()).unwrap_or_default(),
        format!(
            "{} names {named}, which the concluding observations do not have",
            unit.and_then(Unit::label).map_or("a paragraph".to_string(), |l| format!("paragraph {l}"))
        ),
    );
    let near = units.iter().rev().find(|u| u.path.first() <= Some(&Label::Paragraph(reference.paragraph)));
    if let Some(near) = near {
        finding = finding.with_related(near.start.clone());
    }
    finding
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_of_concluding_observations() {
        for symbol in ["CERD/C/BRA/CO/18-20", "CRC/C/GBR/CO/6-7", "E/C.12/GBR/CO/7", "CRC/C/OPAC/GBR/CO/1", "CCPR/C/GBR/CO/8"] {
            assert!(is_symbol(symbol), "{symbol}");
        }
        for symbol in ["A/HRC/43/2", "CERD/C/BRA/18-20", "CO/2025/1", "S/2025/42"] {
            assert!(!is_symbol(symbol), "{symbol}");
        }
    }

    /// Regression: a study whose footnote cites `CERD/C/PER/CO/22-23` was
    /// taken for concluding observations and failed as one with no unit.
    #[test]
    fn a_symbol_in_a_footnote_names_no_kind() {
        use crate::clean::Furniture;
        use crate::diagnostic::Location;
        let text = "Draft study by the Expert Mechanism\n\nI. Introduction\n\n1. Data matter.\n";
        let layout = crate::read::read("s.txt", text.as_bytes(), Default::default()).unwrap();
        let mut blocks = crate::clean::clean(&layout, &crate::limits::Limits::default());
        let cited = |kind| Furniture {
            kind,
            text: "CERD/C/PER/CO/22-23, para. 5.".to_string(),
            location: Location::new("s.txt", Some(2), 40),
        };
        blocks.furniture.push(cited(FurnitureKind::Footnote));
        assert_eq!(ConcludingObservations.detect(&Outline::new(&blocks)), Score::NONE);
        blocks.furniture.push(cited(FurnitureKind::Header));
        assert_eq!(ConcludingObservations.detect(&Outline::new(&blocks)), Score::NAMED);
    }

    #[test]
    fn references_with_subjects_letters_and_ranges() {
        let text = "information on its implementation of the recommendations contained in paragraphs 17 (a) (racial profiling), 19 (a) and (b) (hate speech) and 36 (a)–(c) (…).";
        let got: Vec<String> = references(text)
            .iter()
            .map(|r| format!("{}{}", r.paragraph, r.letter.as_deref().unwrap_or("")))
            .collect();
        assert_eq!(got, ["17a", "19a", "19b", "36a", "36b", "36c"]);
        let urgent = "non-discrimination (para. 19), violence against children (para. 24) and child justice (para. 47).";
        let got: Vec<u32> = references(urgent).iter().map(|r| r.paragraph).collect();
        assert_eq!(got, [19, 24, 47]);
        let plain = references("recommendations contained in paragraphs 14 and 54 above.");
        assert_eq!(plain.iter().map(|r| r.paragraph).collect::<Vec<_>>(), [14, 54]);
    }

    #[test]
    fn roles_by_operative_verb() {
        assert_eq!(role("The Committee recommends that the State party:"), Role::Recommendation);
        assert_eq!(role("The State party should:"), Role::Recommendation);
        assert_eq!(role("Recalling its general recommendation No. 35, the Committee urges the State party to:"), Role::Recommendation);
        assert_eq!(role("The Committee is concerned at the backlog of requests for asylum."), Role::Concern);
        assert_eq!(role("The Committee regrets the lack of data."), Role::Concern);
        assert_eq!(role("The Committee notes the increase in the representation of women."), Role::Observation);
        assert_eq!(
            role("In line with the Committee's predictable review cycle, the State party will receive the list of issues."),
            Role::Procedure
        );
    }

    #[test]
    fn state_party_from_the_title() {
        assert_eq!(
            state_party("Concluding observations on the combined sixth and seventh periodic reports of the United Kingdom of Great Britain and Northern Ireland*").as_deref(),
            Some("United Kingdom of Great Britain and Northern Ireland")
        );
        assert_eq!(state_party("Concluding observations on the fourth periodic report of Elbonia").as_deref(), Some("Elbonia"));
    }
}
