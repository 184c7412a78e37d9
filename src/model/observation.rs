//! The treaty-body family (concluding observations of CERD, CRC, CEDAW,
//! CCPR, CESCR, CAT, CRPD, CMW, CED): what a paragraph is to the Committee
//! (a recommendation, a concern, an observation, a word on procedure),
//! whether the follow-up procedure or a call for urgent measures names it,
//! and the document's committee, State party and adoption date.

use super::columns::{Column, ColumnType, Value};
use serde::Serialize;

/// What a paragraph of concluding observations is, by its operative verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// The Committee recommends, urges, encourages, requests or invites
    /// the State party (or: the State party should, is requested to).
    Recommendation,
    /// The Committee is concerned, regrets, deplores.
    Concern,
    /// The reporting and follow-up process: the review cycle, the
    /// paragraphs named for follow-up or urgent measures.
    Procedure,
    /// Anything else the Committee notes, welcomes or recalls.
    Observation,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Recommendation => "recommendation",
            Role::Concern => "concern",
            Role::Procedure => "procedure",
            Role::Observation => "observation",
        }
    }
}

/// What a paragraph (or sub-item) of concluding observations carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Observation {
    pub role: Option<Role>,
    /// Named in the follow-up paragraph: the State party reports on it
    /// within a year or two.
    pub follow_up: bool,
    /// Named as of particular importance or as needing urgent measures.
    pub priority: bool,
}

/// What concluding observations say of themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ObservationsDocument {
    /// The committee's acronym: `CERD`, `CRC`, `CESCR`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub committee: Option<String>,
    /// The State party whose report the Committee considered, as the title
    /// names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_party: Option<String>,
    /// The day the Committee adopted them, ISO 8601, when the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adopted: Option<String>,
}

/// A boolean of the family's units, NULL for other units.
fn flag(value: Option<bool>) -> Value<'static> {
    value.map_or(Value::Null, Value::Boolean)
}

/// The family's columns, after the common ones.
#[rustfmt::skip]
pub static COLUMNS: &[Column] = &[
    Column::new("committee", ColumnType::Text, "the treaty body whose concluding observations these are: CERD, CRC, …",
        |r| Value::text(r.doc.metadata.observations().and_then(|x| x.committee.as_deref()))),
    Column::new("state_party", ColumnType::Text, "the State party whose report the concluding observations concern",
        |r| Value::text(r.doc.metadata.observations().and_then(|x| x.state_party.as_deref()))),
    Column::new("adopted", ColumnType::Date, "the day the Committee adopted the concluding observations",
        |r| Value::text(r.doc.metadata.observations().and_then(|x| x.adopted.as_deref()))),
    Column::new("role", ColumnType::Text, "what the paragraph is: recommendation, concern, procedure, observation",
        |r| Value::name(r.unit.observation().and_then(|x| x.role).map(Role::name))),
    Column::new("follow_up", ColumnType::Boolean, "named in the follow-up paragraph (to report on within one or two years)",
        |r| flag(r.unit.observation().map(|x| x.follow_up))),
    Column::new("priority", ColumnType::Boolean, "named as of particular importance or as needing urgent measures",
        |r| flag(r.unit.observation().map(|x| x.priority))),
];
