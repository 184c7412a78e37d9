//! The UPR thematic-list profile: OHCHR's "thematic list of
//! recommendations" of one review, a Word table.
//!
//! Its header row names the columns, in words that differ from cycle to
//! cycle (`Recommendation`, `Full recommendation`, `Recommendation and
//! recommending State`; `Position`, `Response`; `Themes`, `Theme(s)`, `Full
//! list of themes`; `SDGs`, `Relevant SDGs`; `Affected persons`, `Groups of
//! persons`); rows `Theme: …` group the entries under a theme; each entry
//! row holds the recommendation with its paragraph number and States and the
//! source of the position (`Source of position: A/HRC/28/15/Add.1 - Para.
//! 3`), the position (`Supported`, `Noted`), the human rights themes, and
//! the SDGs and groups of persons affected, either in columns of their own
//! or as labelled sub-lists of the themes cell (`SDGs:`, `Affected
//! persons:`, `Groups of Persons:`), as the lists of 2017 to 2022 give them.
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
/// A label that opens a sub-list of a cell, alone on its line or before
/// its first value after a colon: `SDGs:`, `Sustainable Development Goals`,
/// `Affected persons:`, `Groups of Persons:`, `Persons affected`, `Themes:`.
static LABEL: Guarded = Guarded::any(&["sdg", "sustainable", "person", "group", "theme"], || {
    Regex::new(
        r"(?ix)^(?:
          (?P<sdgs>(?:relevant\s+)?(?:sdgs?|sdg\(s\)|sustainable\s+development\s+goals?(?:\s*\(sdgs?\))?))
        | (?P<persons>(?:affected\s+)?(?:persons?|person\(s\))\s+affected|affected\s+(?:persons?|person\(s\)|groups?)
            |(?:affected\s+)?groups?\s+of\s+(?:persons?|person\(s\))(?:\s+affected)?)
        | (?P<themes>(?:human\s+rights\s+)?(?:themes?|theme\(s\)))
        )\s*(?:$|:\s*(?P<rest>.*)$)",
    )
    .ok()
});
static THEME_ROW: Guarded = Guarded::new(&["theme"], || {
    Regex::new(r"(?i)^theme\s*:\s*(?P<theme>\S.*)$").ok()
});

/// What each column of the table holds, from its header row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Columns {
    recommendation: usize,
    position: Option<usize>,
    themes: Option<usize>,
    sdgs: Option<usize>,
    persons: Option<usize>,
}

/// What a header cell names, by the words it holds: `Full list of themes`,
/// `Human rights themes and groups of persons` and `Theme(s)` name the
/// themes, `Relevant SDGs` the SDGs, `Position of the State under review`
/// and `Response` the position, `Groups of persons` the persons; a column
/// of comments on implementation is none of them.
fn column_of(name: &str) -> Option<Field> {
    let has = |w: &str| name.contains(w);
    if has("theme") {
        Some(Field::Themes)
    } else if has("sdg") || has("sustainable development") {
        Some(Field::Sdgs)
    } else if has("position") || has("response") {
        Some(Field::Position)
    } else if has("person") || has("affected") || has("group") {
        Some(Field::Persons)
    } else {
        None
    }
}

/// Whether a header cell names the recommendation: `Recommendation`, `Full
/// recommendation`, `Recommendation and recommending State`; a short cell.
fn names_recommendation(name: &str) -> bool {
    name.split_whitespace().count() <= 8
        && name
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with("recommendation"))
}

/// The header row's columns: one naming the recommendation, and one the
/// position or the themes.
fn columns_of(cells: &[String]) -> Option<Columns> {
    if cells.len() < 2 {
        return None;
    }
    let names: Vec<String> = cells
        .iter()
        .map(|c| crate::clean::collapse(c).to_lowercase())
        .collect();
    // The cell that names the recommendation and nothing else, else the
    // first that names it (`Recommendation (source of position)`).
    let recommendation = names
        .iter()
        .position(|n| names_recommendation(n) && column_of(n).is_none())
        .or_else(|| names.iter().position(|n| names_recommendation(n)))?;
    let find = |field: Field| {
        names
            .iter()
            .enumerate()
            .position(|(i, n)| i != recommendation && column_of(n) == Some(field))
    };
    let columns = Columns {
        recommendation,
        position: find(Field::Position),
        themes: find(Field::Themes),
        sdgs: find(Field::Sdgs),
        persons: find(Field::Persons),
    };
    columns.position.or(columns.themes)?;
    Some(columns)
}

fn columns(block: &Block) -> Option<Columns> {
    columns_of(block.first_cells())
}

fn header(blocks: &[Block]) -> Option<(usize, Columns)> {
    blocks
        .iter()
        .take(60)
        .enumerate()
        .find_map(|(i, b)| columns(b).map(|c| (i, c)))
}

/// What a column, or a labelled sub-list of a cell, holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Position,
    Themes,
    Sdgs,
    Persons,
}

/// The marks a list item may open with: dashes, bullets.
const BULLETS: &[char] = &[
    '-', '‐', '‑', '‒', '–', '—', '−', '•', '◦', '▪', '‣', '⁃', '·', '*', '\u{f0b7}', '\u{f0a7}',
];

/// A value without the list marks it opens with.
fn unbulleted(value: &str) -> &str {
    value.trim().trim_start_matches(BULLETS).trim()
}

/// The items of a cell: its paragraphs, list marks taken off.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('\n').map(unbulleted).filter(|p| !p.is_empty())
}

/// A label, and what follows it on its line (list marks taken off).
fn label(item: &str) -> Option<(Field, &str)> {
    let c = LABEL.captures(item)?;
    let field = if c.name("sdgs").is_some() {
        Field::Sdgs
    } else if c.name("persons").is_some() {
        Field::Persons
    } else {
        Field::Themes
    };
    Some((field, c.name("rest").map_or("", |m| unbulleted(m.as_str()))))
}

/// The themes, SDGs and groups of persons of an entry.
#[derive(Debug, Default, PartialEq, Eq)]
struct Lists {
    themes: Vec<String>,
    sdgs: Vec<String>,
    persons: Vec<String>,
}

impl Lists {
    /// Add a value to a list, once; a position is no list's.
    fn push(&mut self, field: Field, value: &str) {
        let list = match field {
            Field::Themes => &mut self.themes,
            Field::Sdgs => &mut self.sdgs,
            Field::Persons => &mut self.persons,
            Field::Position => return,
        };
        if !value.is_empty() && !list.iter().any(|v| v == value) {
            list.push(value.to_string());
        }
    }

    /// Read a cell whose values are `field`'s until a label opens another
    /// sub-list: a themes cell `- D51 …`, `SDGs:`, `- 16 - PEACE …`,
    /// `Affected persons:`, `- general`. A label is never a value.
    fn read(&mut self, cell: &str, field: Field) {
        let mut field = field;
        for item in items(cell) {
            match label(item) {
                Some((to, rest)) => {
                    field = to;
                    self.push(field, rest);
                }
                None => self.push(field, item),
            }
        }
    }
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
    /// A table whose header names the recommendation and the position or
    /// the themes, and entry rows numbered `131.16` under it.
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
                b.first_cells()
                    .get(c.recommendation)
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
            if outline.units_full(rows.units.len()) {
                break;
            }
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
        let cells = block.first_cells();
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
        let states = state_lists(&crate::clean::collapse(body));
        let lists = entry_lists(c, cells);
        let path = vec![Label::Paragraph(p), Label::Item(i)];
        let mut unit = Unit::new(
            String::new(),
            path,
            states.text,
            block.start.clone(),
            block.end().clone(),
        );
        unit.group = self.theme;
        unit.themes = lists.themes;
        unit.extension = Extension::Review(Box::new(Review {
            recommending_states: states.states,
            sdgs: lists.sdgs,
            affected_persons: lists.persons,
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

/// An entry's themes, SDGs and groups of persons: from the themes cell
/// and its labelled sub-lists, then from the columns of SDGs and persons
/// where the table has them.
fn entry_lists(c: Columns, cells: &[String]) -> Lists {
    let mut lists = Lists::default();
    for (column, field) in [
        (c.themes, Field::Themes),
        (c.sdgs, Field::Sdgs),
        (c.persons, Field::Persons),
    ] {
        if let Some(cell) = column.and_then(|i| cells.get(i)) {
            lists.read(cell, field);
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(cell: &str, field: Field) -> Lists {
        let mut lists = Lists::default();
        lists.read(cell, field);
        lists
    }

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    /// Every label the lists write, in any letter case, with or without
    /// its colon.
    const LABELS: [&str; 14] = [
        "SDGs:",
        "SDGs",
        "SDG:",
        "sdg",
        "Sustainable Development Goals:",
        "Sustainable development goals",
        "Relevant SDGs:",
        "Affected persons:",
        "affected persons",
        "Groups of Persons:",
        "Groups of persons",
        "Persons affected:",
        "PERSONS AFFECTED",
        "Themes:",
    ];

    #[test]
    fn sdgs_and_persons_listed_in_the_themes_cell_are_no_themes() {
        let cell = "- D51 Administration of justice & fair trial\n- Enforced disappearances\nSDGs:\n\
                    - 16 - PEACE, JUSTICE AND STRONG INSTITUTIONS\nAffected persons:\n- Disappeared persons\n- general";
        let lists = read(cell, Field::Themes);
        assert_eq!(
            lists,
            Lists {
                themes: strings(&["D51 Administration of justice & fair trial", "Enforced disappearances"]),
                sdgs: strings(&["16 - PEACE, JUSTICE AND STRONG INSTITUTIONS"]),
                persons: strings(&["Disappeared persons", "general"]),
            }
        );
    }

    #[test]
    fn labels_in_every_spelling_open_their_sub_list() {
        for (spelling, field) in [
            ("SDGs:", Field::Sdgs),
            ("SDG", Field::Sdgs),
            ("sdg(s):", Field::Sdgs),
            ("Sustainable Development Goals", Field::Sdgs),
            ("Sustainable Development Goals (SDGs):", Field::Sdgs),
            ("Relevant SDGs", Field::Sdgs),
            ("Affected persons:", Field::Persons),
            ("AFFECTED PERSONS", Field::Persons),
            ("Groups of Persons: ", Field::Persons),
            ("Group of persons", Field::Persons),
            ("Persons affected:", Field::Persons),
            ("Affected person(s):", Field::Persons),
            ("Affected groups", Field::Persons),
            ("Theme(s):", Field::Themes),
            ("Human rights themes", Field::Themes),
        ] {
            let cell = format!("A12 Acceptance of international norms\n{spelling}\n- value");
            let lists = read(&cell, Field::Sdgs);
            let mut expected = Lists::default();
            expected.push(Field::Sdgs, "A12 Acceptance of international norms");
            expected.push(field, "value");
            assert_eq!(lists, expected, "{spelling}");
        }
    }

    #[test]
    fn a_value_on_the_labels_line_is_read() {
        let lists = read(
            "Acceptance of international norms\nSDGs: - 5 - GENDER EQUALITY\nAffected persons: general",
            Field::Themes,
        );
        assert_eq!(lists.sdgs, strings(&["5 - GENDER EQUALITY"]));
        assert_eq!(lists.persons, strings(&["general"]));
    }

    #[test]
    fn no_label_is_ever_a_value() {
        for first in [Field::Themes, Field::Sdgs, Field::Persons] {
            for label in LABELS {
                for cell in [label.to_string(), format!("- {label}"), format!("• {label}\n")] {
                    let lists = read(&cell, first);
                    assert_eq!(lists, Lists::default(), "{cell:?}");
                }
            }
            let all = LABELS.join("\n");
            assert_eq!(read(&all, first), Lists::default());
        }
    }

    #[test]
    fn list_marks_are_taken_off_every_value() {
        let cell = "- Women\n• Children\n– Migrants\n\u{f0b7} Persons with disabilities\n  -  general ";
        assert_eq!(
            read(cell, Field::Persons).persons,
            strings(&["Women", "Children", "Migrants", "Persons with disabilities", "general"])
        );
        // The dash inside an SDG's name stays.
        assert_eq!(
            read("- 1 - NO POVERTY", Field::Sdgs).sdgs,
            strings(&["1 - NO POVERTY"])
        );
    }

    #[test]
    fn names_that_begin_like_a_label_are_values() {
        let lists = read(
            "Persons affected by armed conflict\nGroups of persons with disabilities\nSDG targets",
            Field::Persons,
        );
        assert_eq!(
            lists.persons,
            strings(&["Persons affected by armed conflict", "Groups of persons with disabilities", "SDG targets"])
        );
    }

    #[test]
    fn theme_codes_stay_with_their_names() {
        let lists = read("A12 Acceptance of international norms\nB32 Racial discrimination", Field::Themes);
        assert_eq!(
            lists.themes,
            strings(&["A12 Acceptance of international norms", "B32 Racial discrimination"])
        );
    }

    #[test]
    fn a_value_the_themes_cell_and_a_column_both_give_is_kept_once() {
        let columns = Columns {
            recommendation: 0,
            position: Some(1),
            themes: Some(2),
            sdgs: Some(3),
            persons: None,
        };
        let cells = strings(&["131.1 Text", "Supported", "Acceptance of international norms\nSDGs:\n- 5 - GENDER EQUALITY", "- 5 - GENDER EQUALITY\n- 10 - REDUCED INEQUALITIES"]);
        let lists = entry_lists(columns, &cells);
        assert_eq!(lists.sdgs, strings(&["5 - GENDER EQUALITY", "10 - REDUCED INEQUALITIES"]));
        assert_eq!(lists.themes, strings(&["Acceptance of international norms"]));
    }

    #[test]
    fn header_rows_of_every_cycle_name_their_columns() {
        let cases: [(&[&str], Columns); 6] = [
            (
                &["Recommendation", "Position", "Full list of themes", "Assessment/comments on level of implementation"],
                Columns { recommendation: 0, position: Some(1), themes: Some(2), sdgs: None, persons: None },
            ),
            (
                &["Recommendation and recommending State", "Position of the State under review", "Human rights themes and groups of persons", "Relevant SDGs"],
                Columns { recommendation: 0, position: Some(1), themes: Some(2), sdgs: Some(3), persons: None },
            ),
            (
                &["Full recommendation", "Response", "Theme(s)", "SDGs", "Affected persons"],
                Columns { recommendation: 0, position: Some(1), themes: Some(2), sdgs: Some(3), persons: Some(4) },
            ),
            (
                &["No.", "Recommendations", "Themes", "Groups of persons", "Sustainable Development Goals", "Position"],
                Columns { recommendation: 1, position: Some(5), themes: Some(2), sdgs: Some(4), persons: Some(3) },
            ),
            (
                &["RECOMMENDATION (source of position)", "Theme(s)"],
                Columns { recommendation: 0, position: None, themes: Some(1), sdgs: None, persons: None },
            ),
            (
                &["Recommendation", "Assessment/comments on level of implementation", "Position"],
                Columns { recommendation: 0, position: Some(2), themes: None, sdgs: None, persons: None },
            ),
        ];
        for (cells, expected) in cases {
            assert_eq!(columns_of(&strings(cells)), Some(expected), "{cells:?}");
        }
        // A table that names neither the position nor the themes is none.
        assert_eq!(columns_of(&strings(&["Recommendation", "Assessment/comments on level of implementation"])), None);
        assert_eq!(columns_of(&strings(&["Paragraph", "Position", "Themes"])), None);
    }
}
