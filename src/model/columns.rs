//! The one column table every output derives from: the common columns of
//! every unit, then each kind family's own, each declared once with its
//! name, its type and how to read it from a unit in its document.
//!
//! CSV and JSONL write a row per unit in this order; JSON writes each unit
//! as an object with these keys; SQLite's `units` table has these columns
//! (and a link table per list column), and its schema is generated from
//! them. A family adds columns by declaring them in its module and naming
//! them in [`FAMILIES`].

use super::{Document, Unit, citations, observation, review};
use std::borrow::Cow;

/// A column's type, as every format renders it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ColumnType {
    Text,
    Integer,
    /// ISO 8601, `2019-06-21`.
    Date,
    Boolean,
    /// Several texts in order: an array in JSON, a JSON array in a CSV cell
    /// (which round-trips any value), and in SQL both a JSON array in the
    /// `units` table and a row per value, with its position, in a link
    /// table `table (unit_key, seq, value)`.
    List {
        table: &'static str,
        value: &'static str,
    },
}

impl ColumnType {
    /// The SQL type, for SQLite and PostgreSQL alike.
    pub fn sql(self) -> &'static str {
        match self {
            ColumnType::Text => "TEXT",
            ColumnType::Integer => "INTEGER",
            ColumnType::Date => "DATE",
            ColumnType::Boolean => "BOOLEAN",
            ColumnType::List { .. } => "JSONB",
        }
    }
}

/// One unit in its document: what a column reads.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub doc: &'a Document,
    pub unit: &'a Unit,
}

/// One field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Text(Cow<'a, str>),
    Integer(i64),
    Boolean(bool),
    List(Vec<Cow<'a, str>>),
}

impl<'a> Value<'a> {
    /// A text, or NULL (an empty text too: no format tells them apart).
    pub fn text(text: Option<&'a str>) -> Value<'a> {
        text.filter(|t| !t.is_empty())
            .map_or(Value::Null, |t| Value::Text(Cow::Borrowed(t)))
    }

    /// An owned text, or NULL (an empty text too).
    pub fn owned(text: Option<String>) -> Value<'a> {
        text.filter(|t| !t.is_empty())
            .map_or(Value::Null, |t| Value::Text(Cow::Owned(t)))
    }

    /// A fixed name (an enum's), or NULL.
    pub fn name(name: Option<&'static str>) -> Value<'a> {
        name.map_or(Value::Null, |t| Value::Text(Cow::Borrowed(t)))
    }

    /// A number, or NULL.
    pub fn integer(n: Option<u32>) -> Value<'a> {
        n.map_or(Value::Null, |n| Value::Integer(i64::from(n)))
    }

    /// A list (empty when the unit has none: a list is never NULL).
    pub fn list(items: Option<&'a [String]>) -> Value<'a> {
        Value::List(
            items
                .unwrap_or_default()
                .iter()
                .map(|s| Cow::Borrowed(s.as_str()))
                .collect(),
        )
    }

    /// The value as JSON: `null`, a string, a number, a boolean, an array.
    pub fn json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Text(t) => serde_json::Value::String(t.to_string()),
            Value::Integer(n) => (*n).into(),
            Value::Boolean(b) => (*b).into(),
            Value::List(items) => items
                .iter()
                .map(|s| serde_json::Value::from(s.as_ref()))
                .collect(),
        }
    }

    /// The value as a CSV cell: empty for NULL, `true`/`false`, a list as
    /// its JSON array (`["a;b","c"]`), so that any value, `;`, quotes and
    /// line breaks included, comes back whole.
    pub fn csv(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(t) => t.to_string(),
            Value::Integer(n) => n.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::List(_) => self.json().to_string(),
        }
    }
}

/// A value serialises as its JSON form.
impl serde::Serialize for Value<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_none(),
            Value::Text(t) => s.serialize_str(t),
            Value::Integer(n) => s.serialize_i64(*n),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::List(items) => s.collect_seq(items.iter().map(AsRef::<str>::as_ref)),
        }
    }
}

/// A unit as one object whose keys are the columns, in order: a JSONL line,
/// and the fields of a unit in the JSON document.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a>(pub Record<'a>);

impl serde::Serialize for Fields<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        for column in all() {
            map.serialize_entry(column.name, &(column.value)(&self.0))?;
        }
        map.end()
    }
}

/// A column: its name, type, meaning and how to read it.
pub struct Column {
    pub name: &'static str,
    pub ty: ColumnType,
    /// What it holds, for the schema's comments and the README.
    pub doc: &'static str,
    pub value: for<'a> fn(&Record<'a>) -> Value<'a>,
}

impl Column {
    pub const fn new(
        name: &'static str,
        ty: ColumnType,
        doc: &'static str,
        value: for<'a> fn(&Record<'a>) -> Value<'a>,
    ) -> Column {
        Column { name, ty, doc, value }
    }
}

impl std::fmt::Debug for Column {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Column")
            .field("name", &self.name)
            .field("ty", &self.ty)
            .finish()
    }
}

/// The meeting a unit falls in, read by several columns.
fn meeting<'a>(r: &Record<'a>) -> Option<&'a super::Group> {
    r.doc.meeting(r.unit)
}

/// The columns every unit has, in order.
#[rustfmt::skip]
pub static COMMON: &[Column] = &[
    Column::new("id", ColumnType::Text, "stable record id, unique in its document",
        |r| Value::text(Some(&r.unit.id))),
    Column::new("key", ColumnType::Text, "document_key#id: unique across every document of a run",
        |r| Value::owned(Some(format!("{}#{}", r.doc.source.file, r.unit.id)))),
    Column::new("document_key", ColumnType::Text, "the input's name in its run",
        |r| Value::text(Some(&r.doc.source.file))),
    Column::new("document", ColumnType::Text, "the document's symbol, else its file name",
        |r| Value::text(Some(r.doc.name()))),
    Column::new("kind", ColumnType::Text, "the kind the document was read as",
        |r| Value::name(Some(r.doc.kind.name()))),
    Column::new("body", ColumnType::Text, "the issuing body, from the masthead",
        |r| Value::text(r.doc.metadata.body.as_deref())),
    Column::new("session", ColumnType::Integer, "the session's number, from the masthead: 43 of Forty-third session",
        |r| Value::integer(r.doc.metadata.session_number)),
    Column::new("date", ColumnType::Date, "the document's date, from the masthead (Distr.: General 7 July 2014)",
        |r| Value::text(r.doc.metadata.date.as_deref())),
    Column::new("label", ColumnType::Text, "the label as printed: 12, 12(b), 131.10, 62(a)(ii)",
        |r| Value::owned(r.unit.label())),
    Column::new("meeting", ColumnType::Integer, "the meeting's ordinal: 5 for the fifth meeting",
        |r| Value::integer(meeting(r).and_then(|m| m.ordinal))),
    Column::new("meeting_title", ColumnType::Text, "the meeting heading without its number",
        |r| Value::text(meeting(r).map(|m| m.title.as_str()))),
    Column::new("city", ColumnType::Text, "the meeting's city",
        |r| Value::text(meeting(r).and_then(|m| m.city.as_deref()))),
    Column::new("start_date", ColumnType::Date, "the meeting's first day",
        |r| Value::text(meeting(r).and_then(|m| m.start_date.as_deref()))),
    Column::new("end_date", ColumnType::Date, "the meeting's last day",
        |r| Value::text(meeting(r).and_then(|m| m.end_date.as_deref()))),
    Column::new("section", ColumnType::Text, "the heading of the part of the document the unit stands in",
        |r| Value::text(r.doc.section(r.unit).map(|g| g.title.as_str()))),
    Column::new("topic", ColumnType::Text, "the heading the unit falls under within its section",
        |r| Value::text(r.doc.topic(r.unit).map(|g| g.title.as_str()))),
    Column::new("number", ColumnType::Integer, "the label's first number: 12 of 12(b), 131 of 131.10",
        |r| Value::integer(r.unit.numbers().next())),
    Column::new("item", ColumnType::Integer, "the label's second number: 10 of 131.10",
        |r| Value::integer(r.unit.numbers().nth(1))),
    Column::new("subitem", ColumnType::Text, "the sub-item's letter: b of 12(b)",
        |r| Value::text(r.unit.letter())),
    Column::new("subsubitem", ColumnType::Text, "the sub-sub-item's numeral: ii of 62(a)(ii)",
        |r| Value::text(r.unit.roman())),
    Column::new("parent_id", ColumnType::Text, "the id of the unit this one is part of",
        |r| Value::text(r.unit.parent.and_then(|p| r.doc.units.get(p)).map(|p| p.id.as_str()))),
    Column::new("text", ColumnType::Text, "the text, whitespace collapsed",
        |r| Value::text(Some(&r.unit.text))),
    Column::new("page_start", ColumnType::Integer, "the PDF page of the first line",
        |r| Value::integer(r.unit.start.page)),
    Column::new("page_end", ColumnType::Integer, "the PDF page of the last line",
        |r| Value::integer(r.unit.end.page)),
    Column::new("themes", ColumnType::List { table: "unit_themes", value: "theme" },
        "theme paths from an index or a thematic list", |r| Value::list(Some(&r.unit.themes))),
    Column::new("source", ColumnType::Text, "where the unit starts: file:line or file:p<page>:<line>",
        |r| Value::owned(Some(r.unit.start.to_string()))),
];

/// Each family's columns, in the order they follow the common ones.
pub static FAMILIES: &[&[Column]] = &[citations::COLUMNS, review::COLUMNS, observation::COLUMNS];

/// Every column, in order: the common ones, then each family's.
pub fn all() -> impl Iterator<Item = &'static Column> {
    COMMON.iter().chain(FAMILIES.iter().flat_map(|f| f.iter()))
}

/// The column names, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    all().map(|c| c.name)
}

/// The values of one unit, in column order.
pub fn values(record: Record<'_>) -> impl Iterator<Item = Value<'_>> {
    all().map(move |c| (c.value)(&record))
}

/// One unit's values by column name: what a caller reads without going
/// through a format.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub values: Vec<(&'static str, Value<'a>)>,
}

impl<'a> Row<'a> {
    /// The row of one unit.
    pub fn new(record: Record<'a>) -> Row<'a> {
        Row {
            values: all().map(|c| (c.name, (c.value)(&record))).collect(),
        }
    }

    /// A column's value (`None` for a name that is no column).
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// A text column's value; `None` when NULL or not text.
    pub fn text(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Value::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// An integer column's value; `None` when NULL or not an integer.
    pub fn integer(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(Value::Integer(n)) => Some(*n),
            _ => None,
        }
    }

    /// A list column's values (empty for a name that is no list).
    pub fn list(&self, name: &str) -> Vec<&str> {
        match self.get(name) {
            Some(Value::List(items)) => items.iter().map(AsRef::as_ref).collect(),
            _ => Vec::new(),
        }
    }
}

/// The rows of a document, one per unit in document order.
pub fn rows(doc: &Document) -> impl Iterator<Item = Row<'_>> + '_ {
    records(doc).map(Row::new)
}

/// The records of a document, one per unit in document order.
pub fn records(doc: &Document) -> impl Iterator<Item = Record<'_>> + '_ {
    doc.units.iter().map(move |unit| Record { doc, unit })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lists_have_their_own_tables() {
        let names: Vec<&str> = names().collect();
        let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        let tables: Vec<&str> = all()
            .filter_map(|c| match c.ty {
                ColumnType::List { table, .. } => Some(table),
                _ => None,
            })
            .collect();
        let unique: std::collections::HashSet<&str> = tables.iter().copied().collect();
        assert_eq!(unique.len(), tables.len(), "{tables:?}");
    }

    #[test]
    fn a_list_cell_round_trips_any_value() {
        let items = [
            "Children: definition; general principles; protection",
            "a|b",
            "say \"no\"",
            "two\nlines",
            "",
        ];
        let owned: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        let cell = Value::list(Some(&owned)).csv();
        let back: Vec<String> = serde_json::from_str(&cell).unwrap();
        assert_eq!(back, owned);
        assert_eq!(Value::list(None).csv(), "[]");
    }
}
