//! The index family (the WG.7 thematic index): what an index entry cites,
//! and the column it declares.

use super::columns::{Column, ColumnType, Value};
use serde::Serialize;

/// How a citation names its meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum MeetingRef {
    /// `fifth meeting`.
    Ordinal(u32),
    /// `2018`: the meeting held in that year.
    Year(u16),
}

/// One cited unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Citation {
    pub meeting: MeetingRef,
    pub number: u32,
    pub sub_item: Option<String>,
}

impl std::fmt::Display for Citation {
    /// `meeting 1, recommendation 12 (b)`, `2018, recommendation 2`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.meeting {
            MeetingRef::Ordinal(n) => write!(f, "meeting {n}, recommendation {}", self.number)?,
            MeetingRef::Year(y) => write!(f, "{y}, recommendation {}", self.number)?,
        }
        if let Some(letter) = &self.sub_item {
            write!(f, " ({letter})")?;
        }
        Ok(())
    }
}

/// What an index entry carries beyond the common fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// The units it cites, in the order it cites them.
    pub citations: Vec<Citation>,
}

/// The family's columns, after the common ones.
#[rustfmt::skip]
pub static COLUMNS: &[Column] = &[
    Column::new("cites", ColumnType::List { table: "unit_cites", value: "citation" },
        "what an index entry cites: `meeting 1, recommendation 12 (b)`",
        |r| Value::List(r.unit.citations().iter().map(|c| c.to_string().into()).collect())),
];
