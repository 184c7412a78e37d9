//! The index profile: a thematic index of recommendations, such as
//! CTOC/COP/WG.7/2019/4.
//!
//! After the masthead and an introduction, roman-numbered sections and
//! lettered subsections name themes; under them, each entry quotes a
//! recommendation (in full, shortened with an ellipsis, or not at all) and
//! cites it: `(first meeting, recommendation 12)`, `(2018, rec. 2 (k))`. An
//! entry whose quotation runs over several paragraphs (a lead-in and its
//! sub-items) carries its citation at the end of the last one.

use super::citation::{self, Citation, Found};
use super::dates;
use super::metadata::{self, Metadata};
use crate::clean::{Block, Blocks, Evidence, collapse};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::read::Source;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// Headings longer than this are sentences.
const MAX_HEADING_CHARS: usize = 200;
/// Longest heading without a number.
const MAX_UNNUMBERED_HEADING: usize = 100;
/// Paragraphs one entry may gather before its citation.
const MAX_ENTRY_BLOCKS: usize = 40;

/// One entry of the index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexEntry {
    /// Section and subsection titles, outermost first.
    pub theme: Vec<String>,
    #[serde(skip)]
    pub citations: Vec<Citation>,
    /// The citations as written.
    pub cited: Vec<String>,
    /// The quoted text without its citation; `None` for a bare citation.
    pub text: Option<String>,
    pub start: Location,
    pub end: Location,
}

impl IndexEntry {
    /// The theme path as one string: `Criminalization > Aggravating circumstances`.
    pub fn theme_path(&self) -> String {
        self.theme.join(" > ")
    }
}

/// The output of the index profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    pub source: Source,
    pub pdf_pages: bool,
    pub metadata: Metadata,
    pub entries: Vec<IndexEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

static SECTION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[IVXLC]{1,7})\.\s+(?P<title>\S.*)$").ok());
static SUBSECTION: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<n>[A-Z])\.\s+(?P<title>\S.*)$").ok());
static PARAGRAPH_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"^[0-9]{1,3}\.\s+").ok());
static SPACE_BEFORE_PUNCTUATION: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r"\s+([.,;:])").ok());

/// A heading's number and title.
fn heading(re: &LazyLock<Option<Regex>>, text: &str) -> Option<(String, String)> {
    if text.chars().count() > MAX_HEADING_CHARS || text.ends_with(['.', ';', ':']) {
        return None;
    }
    let caps = re.as_ref()?.captures(text)?;
    Some((
        caps.name("n")?.as_str().to_string(),
        caps.name("title")?.as_str().trim().to_string(),
    ))
}

fn heading_title(re: &LazyLock<Option<Regex>>, text: &str) -> Option<String> {
    heading(re, text).map(|(_, title)| title)
}

/// What a numbered heading is, given the numbering so far: `C.` is the
/// third subsection after `B.`, but section 100 nowhere.
#[derive(Debug, PartialEq, Eq)]
enum HeadingKind {
    Section(String),
    Subsection(String),
}

fn classify(text: &str, last_section: u32, last_subsection: Option<char>) -> Option<HeadingKind> {
    let next_letter = last_subsection.map_or(Some('A'), |c| char::from_u32(u32::from(c) + 1));
    if let Some((n, title)) = heading(&SUBSECTION, text) {
        let letter = n.chars().next();
        let as_roman = dates::roman(&n);
        if letter == next_letter || as_roman != Some(last_section + 1) {
            return Some(HeadingKind::Subsection(title));
        }
    }
    let (n, title) = heading(&SECTION, text)?;
    dates::roman(&n).map(|_| HeadingKind::Section(title))
}

/// A heading with no number: short, capitalised, no closing punctuation, no
/// enumerator.
fn unnumbered_heading(text: &str) -> bool {
    text.chars().count() <= MAX_UNNUMBERED_HEADING
        && text.starts_with(|c: char| c.is_uppercase())
        && !text.ends_with(['.', ';', ':', ',', '…'])
        && !crate::clean::starts_with_enumerator(text)
        && citation::find(text).citations.is_empty()
}

/// Read an index from cleaned blocks.
pub fn read(blocks: &Blocks) -> Index {
    let all = blocks.blocks.as_slice();
    let numbered = all.iter().position(|b| {
        heading_title(&SECTION, &b.text).is_some_and(|_| citation::find(&b.text).citations.is_empty())
    });
    let first_section = numbered.unwrap_or_else(|| first_unnumbered_theme(all));
    let metadata = metadata::read_masthead(all.get(..first_section).unwrap_or_default(), &blocks.furniture);
    // An entry ends with its citation: lines set one entry after another,
    // with no space between, are split there.
    let split: Vec<Block> = all
        .get(first_section..)
        .unwrap_or_default()
        .iter()
        .flat_map(|b| split_after_citations(b, &blocks.evidence))
        .collect();
    let mut entries = Entries::new(&blocks.evidence, numbered.is_some(), blocks.diagnostics.clone());
    for block in &split {
        entries.read(block);
    }
    // Bounded as a document's are: every reader of an index (`--index`,
    // a session, `read_index`) comes through here.
    let mut diagnostics = entries.diagnostics;
    crate::diagnostic::cap_per_code(&mut diagnostics);
    Index {
        source: blocks.source.clone(),
        pdf_pages: blocks.pdf_pages,
        metadata,
        entries: entries.entries,
        diagnostics,
    }
}

/// Where the themes start without numbered sections: at the short headings
/// that stand right before the first entry (themes stand between entries).
fn first_unnumbered_theme(all: &[Block]) -> usize {
    let first_entry = all
        .iter()
        .position(|b| !citation::find(&b.text).citations.is_empty())
        .unwrap_or(all.len());
    let mut start = first_entry;
    while start > 0 && all.get(start - 1).is_some_and(|b| unnumbered_heading(&b.text)) {
        start -= 1;
    }
    start
}

/// The reading of the thematic sections: the entries so far, the themes
/// they fall under and the paragraphs that wait for their citation.
struct Entries<'b> {
    evidence: &'b Evidence,
    /// Whether the sections are numbered (`I.`, `A.`).
    numbered: bool,
    entries: Vec<IndexEntry>,
    diagnostics: Vec<Diagnostic>,
    section: Option<String>,
    subsection: Option<String>,
    section_number: u32,
    subsection_letter: Option<char>,
    /// Whether the section is the introduction, which holds no entries.
    introduction: bool,
    /// The paragraphs of an entry whose citation is still to come.
    pending: Vec<&'b Block>,
    /// Whether the block before was a heading.
    after_heading: bool,
}

impl<'b> Entries<'b> {
    fn new(evidence: &'b Evidence, numbered: bool, diagnostics: Vec<Diagnostic>) -> Self {
        Entries {
            evidence,
            numbered,
            entries: Vec::new(),
            diagnostics,
            section: None,
            subsection: None,
            section_number: 0,
            subsection_letter: None,
            introduction: false,
            pending: Vec::new(),
            after_heading: false,
        }
    }

    /// Read one block: a heading, a paragraph of an entry, or its citation.
    fn read(&mut self, block: &'b Block) {
        let themed = self.section.is_some() && !self.introduction;
        let found = citation::find(&block.text);
        let kind = self.heading_kind(block, &found);
        self.after_heading = kind.is_some();
        match kind {
            Some(HeadingKind::Section(title)) => {
                self.orphan(themed);
                self.introduction = title.to_lowercase().starts_with("introduction");
                self.section_number = block
                    .text
                    .split('.')
                    .next()
                    .and_then(dates::roman)
                    .unwrap_or(self.section_number + 1);
                self.section = Some(title);
                self.subsection = None;
                self.subsection_letter = None;
                return;
            }
            Some(HeadingKind::Subsection(title)) => {
                self.orphan(themed);
                self.subsection_letter = block.text.chars().next();
                self.subsection = Some(title);
                return;
            }
            None => {}
        }
        if found.citations.is_empty() {
            if themed {
                if self.pending.len() >= MAX_ENTRY_BLOCKS {
                    self.orphan(themed);
                }
                self.pending.push(block);
            }
            return;
        }
        if !themed {
            self.diagnostics.push(Diagnostic::new(
                Code::CitationOutsideTheme,
                block.start.clone(),
                "a citation outside the thematic sections is not an index entry",
            ));
            self.pending.clear();
            return;
        }
        self.push_entry(block, found);
    }

    /// The heading a block is, if any: numbered, or without numbers a
    /// short heading (a section, or the subsection right under one).
    fn heading_kind(&self, block: &Block, found: &Found) -> Option<HeadingKind> {
        match (found.citations.is_empty(), self.numbered) {
            (false, _) => None,
            (true, true) => classify(&block.text, self.section_number, self.subsection_letter),
            (true, false) if unnumbered_heading(&block.text) => Some(if self.after_heading {
                HeadingKind::Subsection(block.text.clone())
            } else {
                HeadingKind::Section(block.text.clone())
            }),
            (true, false) => None,
        }
    }

    /// Drop the paragraphs waiting for a citation that never came; under a
    /// theme, that is told.
    fn orphan(&mut self, themed: bool) {
        if let (Some(first), true) = (self.pending.first(), themed) {
            self.diagnostics.push(Diagnostic::new(
                Code::IndexTextWithoutCitation,
                first.start.clone(),
                "paragraph under a theme cites no recommendation; it is not an entry",
            ));
        }
        self.pending.clear();
    }

    /// An entry from the waiting paragraphs and the block that cites.
    fn push_entry(&mut self, block: &Block, found: Found) {
        let mut own = block.text.clone();
        for span in found.spans.iter().rev() {
            if let Some(head) = own.get(..span.start) {
                own = format!("{head} {}", own.get(span.end..).unwrap_or_default());
            }
        }
        let mut parts: Vec<String> = self.pending.iter().map(|b| b.text.clone()).collect();
        parts.push(own);
        let text = tidy(&parts.iter().fold(String::new(), |mut text, part| {
            if text.is_empty() {
                part.clone()
            } else {
                self.evidence.push(&mut text, part);
                text
            }
        }));
        let start = self
            .pending
            .first()
            .map_or_else(|| block.start.clone(), |b| b.start.clone());
        self.pending.clear();
        let theme = self.section.iter().chain(self.subsection.iter()).cloned().collect();
        let cited = found
            .spans
            .iter()
            .filter_map(|s| block.text.get(s.clone()))
            .map(|s| s.trim_start_matches('(').trim_end_matches(')').to_string())
            .collect();
        self.entries.push(IndexEntry {
            theme,
            citations: found.citations,
            cited,
            text: (!text.is_empty()).then_some(text),
            start,
            end: block.end().clone(),
        });
    }
}

/// A block split after every line that ends with a citation (a final period
/// aside), so that entries set on consecutive lines come apart.
fn split_after_citations(block: &Block, joiner: &Evidence) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in block.lines().iter() {
        // A table row: the citation in a cell of its own on the row's first
        // line, the quotation running on below it. The row ends where the
        // next one begins.
        let cited_cell = line.cells().len() > 1
            && line.cells().last().is_some_and(|c| {
                citation::find(c)
                    .spans
                    .first()
                    .is_some_and(|s| s.start == 0 && s.end >= c.trim_end().len())
            });
        if cited_cell {
            out.extend(current.take());
            current = Some(Block::new(collapse(&line.text), vec![line.clone()]));
            continue;
        }
        let in_row = current.as_ref().is_some_and(|b| {
            let first = b.first_cells();
            first.len() > 1 && first.last().is_some_and(|c| !citation::find(c).citations.is_empty())
        });
        let piece = match current.take() {
            Some(mut b) => {
                joiner.push(&mut b.text, &line.text);
                b.push_line(line.clone());
                b
            }
            None => Block::new(collapse(&line.text), vec![line.clone()]),
        };
        let body = piece.text.trim_end().trim_end_matches('.');
        // `(fifth meeting, recommendation 4` / `(b))` is one citation.
        let ends_cited = !in_row
            && !crate::clean::ends_inside_parenthesis(&piece.text)
            && citation::find(&piece.text)
                .spans
                .last()
                .is_some_and(|s| s.end >= body.len());
        if ends_cited {
            out.push(piece);
        } else {
            current = Some(piece);
        }
    }
    out.extend(current);
    if out.len() == 1 {
        // Keep the block's own text, joined as the clean stage joined it.
        return vec![block.clone()];
    }
    out
}

/// The text of an entry with its citation taken out: no leading paragraph
/// number, no space before punctuation, single spaces.
fn tidy(text: &str) -> String {
    let mut out = collapse(text);
    if let Some(re) = PARAGRAPH_NUMBER.as_ref() {
        out = re.replace(&out, "").into_owned();
    }
    // A bullet before an entry is not part of the quotation.
    if let Some(rest) = ["• ", "- ", "– ", "* "].iter().find_map(|b| out.strip_prefix(b)) {
        out = rest.to_string();
    }
    // A citation in another form leaves its parentheses behind.
    out = out.replace("()", "").replace("( )", "");
    out = collapse(&out);
    if let Some(re) = SPACE_BEFORE_PUNCTUATION.as_ref() {
        out = re.replace_all(&out, "$1").into_owned();
    }
    out.trim().to_string()
}

/// The index profile: each entry a unit, with its theme and citations.
pub struct IndexProfile;

/// An index cites at least this many recommendations.
const MIN_CITATIONS: usize = 3;
/// Percentage of blocks an index with no title saying so must cite in.
const MIN_UNTITLED_SHARE: usize = 20;

impl super::Profile for IndexProfile {
    /// Blocks that cite recommendations; a title that calls itself an
    /// index counts for more.
    fn detect(&self, outline: &super::Outline) -> super::Score {
        if !outline.mentions_recommendations() {
            return super::Score::NONE;
        }
        let blocks = outline.blocks();
        let citing = blocks
            .iter()
            .filter(|b| !citation::find(&b.text).citations.is_empty())
            .count();
        if citing < MIN_CITATIONS {
            return super::Score::NONE;
        }
        let titled = blocks
            .iter()
            .take(40)
            .any(|b| b.text.len() < 300 && b.text.starts_with("Index of recommendations"));
        // A compilation or report may cite a few recommendations; an index
        // cites in most of its blocks.
        let share = citing * 100 / blocks.len().max(1);
        // Untitled, a document is taken for an index only when citations
        // run through it: a national report citing a few earlier
        // recommendations is none.
        if titled {
            return super::Score::NAMED;
        }
        if share < MIN_UNTITLED_SHARE {
            return super::Score::NONE;
        }
        super::Score::shape(20 + (share.min(100) as u32) / 2)
    }

    fn clue(&self, outline: &super::Outline) -> Option<String> {
        let blocks = outline.blocks();
        let mut citing = blocks.iter().filter(|b| !citation::find(&b.text).citations.is_empty());
        let first = citing.next()?;
        let count = 1 + citing.count();
        // A citation or two is any report's reference to earlier work.
        if count < MIN_CITATIONS {
            return None;
        }
        let why = if outline.mentions_recommendations() {
            format!("too few of its {} blocks for an untitled index", blocks.len())
        } else {
            "but the document never says recommend".to_string()
        };
        Some(format!("{count} blocks hold citations of the form an index uses (the first at {}), {why}", first.start))
    }

    fn segment(&self, outline: &super::Outline, diagnostics: &mut Vec<Diagnostic>) -> super::Body {
        let index = read(outline.blocks);
        diagnostics.extend(
            index
                .diagnostics
                .iter()
                .skip(outline.blocks.diagnostics.len())
                .cloned(),
        );
        let prefix = match &index.metadata.symbol {
            Some(symbol) => metadata::slug(symbol),
            None => format!("{}-index", index.metadata.id_prefix(outline.file())),
        };
        let units = index
            .entries
            .iter()
            .zip(1u32..)
            .map(|(entry, n)| {
                let path = vec![crate::model::Label::Entry(n)];
                let mut unit = crate::model::Unit::new(
                    crate::model::unit_id(&prefix, &path),
                    path,
                    entry.text.clone().unwrap_or_default(),
                    entry.start.clone(),
                    entry.end.clone(),
                );
                unit.themes = Some(entry.theme_path())
                    .filter(|t| !t.is_empty())
                    .into_iter()
                    .collect();
                unit.extension = crate::model::Extension::Index(Box::new(crate::model::IndexEntry {
                    citations: entry.citations.clone(),
                }));
                unit
            })
            .collect();
        super::Body {
            metadata: index.metadata,
            groups: Vec::new(),
            units,
        }
    }

    fn checks(&self) -> &'static [super::Check] {
        &[]
    }

    fn expects(&self) -> &'static str {
        "entries citing recommendations such as `(first meeting, recommendation 12)` under theme headings"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{clean, read::text};

    fn index(input: &str) -> Index {
        read(&clean::clean(
            &text::read("i.txt", input.as_bytes()).unwrap(),
            &crate::limits::Limits::default(),
        ))
    }

    const HEAD: &str = "CTOC/COP/WG.7/2019/4\n\nIndex of recommendations\n\nNote by the Secretariat\n\nI. Introduction\n\n1. The present index lists the recommendations adopted at the first meeting (see below).\n\n";

    #[test]
    fn entries_with_themes_texts_and_citations() {
        let x = index(&format!(
            "{HEAD}II. Criminalization\n\nA. Offences\n\nStates parties should act. (first meeting, recommendation 2)\n\nStates parties should … (2012, rec. 3)\n\n(second meeting, recommendations 17–19)\n\nIII. Cooperation\n\nStates parties should consider:\n\n(a) Protecting migrants;\n\n(b) Sharing information. (fifth meeting, recommendation 4)\n"
        ));
        assert_eq!(x.metadata.symbol.as_deref(), Some("CTOC/COP/WG.7/2019/4"));
        let summary: Vec<(String, usize, Option<String>)> = x
            .entries
            .iter()
            .map(|e| (e.theme_path(), e.citations.len(), e.text.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "Criminalization > Offences".into(),
                    1,
                    Some("States parties should act.".into())
                ),
                (
                    "Criminalization > Offences".into(),
                    1,
                    Some("States parties should …".into())
                ),
                ("Criminalization > Offences".into(), 3, None),
                (
                    "Cooperation".into(),
                    1,
                    Some(
                        "States parties should consider: (a) Protecting migrants; (b) Sharing information."
                            .into()
                    )
                ),
            ]
        );
        assert_eq!(x.entries[3].start.line, 23);
        assert_eq!(x.entries[0].cited, ["first meeting, recommendation 2"]);
        assert!(x.diagnostics.is_empty(), "{:?}", x.diagnostics);
    }

    #[test]
    fn letters_that_are_roman_numerals_are_subsections_in_sequence() {
        // Regression: `C. Liaison officers` was taken for section 100.
        let x = index(&format!(
            "{HEAD}II. Cooperation\n\nA. Formal\n\nT. (first meeting, recommendation 1)\n\nB. Informal\n\nT. (first meeting, recommendation 2)\n\nC. Liaison officers\n\nT. (first meeting, recommendation 3)\n\nD. Return\n\nT. (first meeting, recommendation 4)\n\nIII. Protection\n\nT. (first meeting, recommendation 5)\n\nIV. Prevention\n\nA. Root causes\n\nT. (first meeting, recommendation 6)\n\nV. Data\n\nT. (first meeting, recommendation 7)\n"
        ));
        let themes: Vec<String> = x.entries.iter().map(IndexEntry::theme_path).collect();
        assert_eq!(
            themes,
            [
                "Cooperation > Formal",
                "Cooperation > Informal",
                "Cooperation > Liaison officers",
                "Cooperation > Return",
                "Protection",
                "Prevention > Root causes",
                "Data"
            ]
        );
    }

    #[test]
    fn entries_on_consecutive_lines_come_apart() {
        let x = index(&format!(
            "{HEAD}II. Theme\n\nStates should act. (first meeting, recommendation 2)\nStates should … (first meeting,\nrecommendation 3)\nAnother text that runs\non. (first meeting, recommendation 4\n(b))\n"
        ));
        let texts: Vec<Option<String>> = x.entries.iter().map(|e| e.text.clone()).collect();
        assert_eq!(
            texts,
            [
                Some("States should act.".into()),
                Some("States should …".into()),
                Some("Another text that runs on.".into())
            ]
        );
        assert_eq!(x.entries[2].start.line, 16);
    }

    #[test]
    fn entries_set_as_table_rows() {
        let x = index(&format!(
            "{HEAD}II. Theme\n\nStates should act and        (first meeting, recommendation 2)\ncontinue to act.\nStates parties should …       2012/3\nAnother row that runs         (first meeting, recommendation 4)\nover two lines.\n"
        ));
        let got: Vec<(Option<String>, usize)> = x
            .entries
            .iter()
            .map(|e| (e.text.clone(), e.citations.len()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("States should act and continue to act.".into()), 1),
                (Some("States parties should …".into()), 1),
                (Some("Another row that runs over two lines.".into()), 1)
            ]
        );
    }

    #[test]
    fn headings_without_numbers() {
        let x = index(
            "CTOC/COP/WG.7/2019/4\n\nIndex of recommendations\n\nThe present note lists them by theme.\n\nCriminalization\n\nOffences\n\nStates should act. (first meeting, recommendation 2)\n\nStates should consider:\n\n(a) Protecting migrants; (fifth meeting, recommendation 4 (a))\n\nCooperation\n\nStates should share … (2012, rec. 3)\n",
        );
        let themes: Vec<String> = x.entries.iter().map(IndexEntry::theme_path).collect();
        assert_eq!(
            themes,
            [
                "Criminalization > Offences",
                "Criminalization > Offences",
                "Cooperation"
            ]
        );
        assert_eq!(
            x.entries[1].text.as_deref(),
            Some("States should consider: (a) Protecting migrants;")
        );
        assert_eq!(x.metadata.symbol.as_deref(), Some("CTOC/COP/WG.7/2019/4"));
    }

    #[test]
    fn citations_in_the_introduction_are_not_entries() {
        let x = index(&format!(
            "{HEAD}1. As (first meeting, recommendation 2) shows.\n\nII. Theme\n\nText. (first meeting, recommendation 3)\n"
        ));
        assert_eq!(x.entries.len(), 1);
        assert_eq!(x.diagnostics[0].code.name(), "citation_outside_theme");
    }
}
