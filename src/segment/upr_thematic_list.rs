//! The UPR thematic-list profile: OHCHR's "thematic list of
//! recommendations" of one review, a Word table.
//!
//! Its header row names the columns (`Recommendation`, `Position`, the
//! themes, and since 2020 the SDGs); rows `Theme: …` group the entries under
//! a theme; each entry row holds the recommendation with its paragraph
//! number and States and the source of the position (`Source of position:
//! A/HRC/28/15/Add.1 - Para. 3`), the position (`Supported`, `Noted`), the
//! human rights themes with the groups of persons affected, and the SDGs.
//! Each entry is a unit with the report's id (its symbol from the source of
//! the position, less `/Add.1`), so that it joins the report's records.

use super::upr_report::{record_prefix, state_lists};
use super::{Body, Check, Outline, Profile, Score};
use crate::clean::Block;
use crate::diagnostic::Diagnostic;
use crate::model::{Extension, Group, GroupKind, Label, Response, Review, Unit, unit_id};
use crate::pattern::{Guarded, captures};
use regex::Regex;
use std::sync::LazyLock;

/// `131.16 Text …`.
static ENTRY: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^(?P<p>[0-9]{1,3})\.(?P<i>[0-9]{1,3})\.?\s+(?P<text>\S[\s\S]*)$").ok());
/// `Source of position: A/HRC/28/15/Add.1 - Para. 3`.
static SOURCE: Guarded = Guarded::new(&["source"], || {
    Regex::new(r"(?i)\bsource\s+of\s+position\s*:\s*(?P<source>.*)$").ok()
});
/// `Affected persons:`, `Groups of Persons:`.
static PERSONS: Guarded = Guarded::new(&["persons"], || {
    Regex::new(r"(?i)^(?:affected\s+persons|groups?\s+of\s+persons)\s*:\s*(?P<rest>.*)$").ok()
});
static THEME_ROW: Guarded = Guarded::new(&["theme"], || {
    Regex::new(r"(?i)^theme\s*:\s*(?P<theme>\S.*)$").ok()
});

/// What each column of the table holds, from its header row.
#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    recommendation: usize,
    position: Option<usize>,
    themes: Option<usize>,
    sdgs: Option<usize>,
}

/// The header row: one cell naming the recommendation, one the position.
fn columns(block: &Block) -> Option<Columns> {
    let cells = &block.lines.first()?.cells();
    if cells.len() < 2 {
        return None;
    }
    let find = |word: &str| cells.iter().position(|c| c.to_lowercase().contains(word));
    let recommendation = cells
        .iter()
        .position(|c| c.trim().to_lowercase().starts_with("recommendation"))?;
    let position = find("position");
    position?;
    Some(Columns {
        recommendation,
        position,
        themes: find("theme"),
        sdgs: find("sdg"),
    })
}

fn header(blocks: &[Block]) -> Option<(usize, Columns)> {
    blocks
        .iter()
        .take(60)
        .enumerate()
        .find_map(|(i, b)| columns(b).map(|c| (i, c)))
}

/// The items of a cell: its paragraphs, list dashes taken off.
fn items(cell: &str) -> Vec<String> {
    cell.split('\n')
        .map(|p| p.trim().trim_start_matches(['-', '–', '•']).trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

fn response(cell: &str) -> Option<Response> {
    let lower = cell.to_lowercase();
    if lower.contains("noted") || lower.contains("not supported") {
        Some(Response::Noted)
    } else if lower.contains("supported") || lower.contains("accepted") {
        Some(Response::Supported)
    } else {
        None
    }
}

/// The UPR thematic-list profile.
pub struct UprThematicList;

impl Profile for UprThematicList {
    /// A table whose header names the recommendation and the position, and
    /// entry rows numbered `131.16` under it.
    fn detect(&self, outline: &Outline) -> Score {
        let blocks = outline.blocks();
        let Some((at, c)) = header(blocks) else {
            return Score::NONE;
        };
        let entries = blocks
            .iter()
            .skip(at + 1)
            .take(50)
            .filter(|b| {
                b.lines
                    .first()
                    .and_then(|l| l.cells().get(c.recommendation))
                    .is_some_and(|cell| captures(&ENTRY, cell.trim()).is_some())
            })
            .count();
        if entries >= 1 { Score::NAMED } else { Score::NONE }
    }

    fn segment(&self, outline: &Outline, _diagnostics: &mut Vec<Diagnostic>) -> Body {
        let blocks = outline.blocks();
        let Some((at, columns)) = header(blocks) else {
            return Body::default();
        };
        let mut metadata =
            super::metadata::read_masthead(blocks.get(..at).unwrap_or_default(), &outline.blocks.furniture);
        let mut rows = Rows::new(columns);
        for block in blocks.iter().skip(at + 1) {
            rows.read(block);
        }
        if metadata.symbol.is_none() {
            metadata.symbol = rows
                .report_symbol
                .clone()
                .map(|s| format!("{s} (thematic list)"));
        }
        let prefix = record_prefix(rows.report_symbol.as_deref(), outline.file());
        let Rows {
            groups, mut units, ..
        } = rows;
        for unit in &mut units {
            unit.id = unit_id(&prefix, &unit.path);
        }
        Body {
            metadata,
            groups,
            units,
        }
    }

    fn checks(&self) -> &'static [Check] {
        &[Check::NonEmpty]
    }

    fn expects(&self) -> &'static str {
        "a table of recommendations `131.16 …` with their position, themes and SDGs"
    }
}

/// The reading of the table's rows: the themes and entries so far.
struct Rows {
    columns: Columns,
    groups: Vec<Group>,
    /// The entries, their ids given once the report's symbol is known.
    units: Vec<Unit>,
    /// The theme of the last theme row, by index into the groups.
    theme: Option<usize>,
    /// The report's symbol, from the first entry's source of position.
    report_symbol: Option<String>,
}

impl Rows {
    fn new(columns: Columns) -> Self {
        Rows {
            columns,
            groups: Vec::new(),
            units: Vec::new(),
            theme: None,
            report_symbol: None,
        }
    }

    /// Read one row: a theme row, an entry, or neither.
    fn read(&mut self, block: &Block) {
        let Some(line) = block.lines.first() else { return };
        let cells = line.cells();
        let first = cells.first().map(|s| s.trim()).unwrap_or_default();
        if let Some(t) = THEME_ROW
            .captures(first)
            .and_then(|c| c.name("theme").map(|m| m.as_str().trim().to_string()))
        {
            self.theme = Some(self.groups.len());
            self.groups.push(Group::new(GroupKind::Theme, t, block.start.clone()));
            return;
        }
        self.read_entry(block, cells);
    }

    /// An entry row, `131.16 Text … (States) Source of position: …`: a
    /// unit with its States, themes, persons affected, SDGs and position.
    fn read_entry(&mut self, block: &Block, cells: &[String]) {
        let c = self.columns;
        let Some(cell) = cells.get(c.recommendation) else {
            return;
        };
        let Some(entry) = captures(&ENTRY, cell.trim()) else {
            return;
        };
        let p: u32 = entry.name("p").and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let i: u32 = entry.name("i").and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let (body, source) = source_of_position(entry.name("text").map(|m| m.as_str()).unwrap_or_default());
        if self.report_symbol.is_none() {
            self.report_symbol = source
                .as_deref()
                .and_then(|s| s.split_whitespace().next())
                .map(|s| s.split("/Add.").next().unwrap_or(s).to_string());
        }
        let lists = state_lists(&crate::clean::collapse(body));
        let (themes, persons) = c
            .themes
            .and_then(|t| cells.get(t))
            .map(|cell| themes_and_persons(cell))
            .unwrap_or_default();
        let sdgs = c
            .sdgs
            .and_then(|s| cells.get(s))
            .map(|cell| items(cell))
            .unwrap_or_default();
        let path = vec![Label::Paragraph(p), Label::Item(i)];
        let mut unit = Unit::new(
            String::new(),
            path,
            lists.text,
            block.start.clone(),
            block.end.clone(),
        );
        unit.group = self.theme;
        unit.themes = themes;
        unit.extension = Extension::Review(Box::new(Review {
            recommending_states: lists.states,
            sdgs,
            affected_persons: persons,
            response: c
                .position
                .and_then(|p| cells.get(p))
                .and_then(|cell| response(cell)),
            response_source: source,
            ..Review::default()
        }));
        self.units.push(unit);
    }
}

/// The recommendation's text and the source of its position, which ends
/// the cell.
fn source_of_position(body: &str) -> (&str, Option<String>) {
    match SOURCE.captures(body) {
        Some(s) => (
            body.get(..s.get(0).map_or(body.len(), |m| m.start()))
                .unwrap_or(body),
            s.name("source").map(|m| crate::clean::collapse(m.as_str())),
        ),
        None => (body, None),
    }
}

/// The themes cell's items: the human rights themes, then, after
/// `Affected persons:`, the groups of persons affected.
fn themes_and_persons(cell: &str) -> (Vec<String>, Vec<String>) {
    let (mut themes, mut persons) = (Vec::new(), Vec::new());
    let mut in_persons = false;
    for item in items(cell) {
        if let Some(p) = PERSONS.captures(&item) {
            in_persons = true;
            let rest = p.name("rest").map(|m| m.as_str().trim()).unwrap_or_default();
            if !rest.is_empty() {
                persons.push(rest.to_string());
            }
            continue;
        }
        if in_persons {
            persons.push(item);
        } else {
            themes.push(item);
        }
    }
    (themes, persons)
}
