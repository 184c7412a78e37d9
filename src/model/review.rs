//! The Universal Periodic Review family (UPR reports, the State's addenda,
//! OHCHR's thematic lists): what it adds to a unit and to a document, and
//! the columns it declares.

use super::columns::{Column, ColumnType, Value};
use serde::Serialize;

/// The position a State under review takes on a block of recommendations,
/// as the report states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Position {
    /// They enjoy the State's support (or are already implemented).
    Supported,
    /// The State will examine them and respond later.
    ToExamine,
    /// They did not enjoy the State's support.
    NotSupported,
    /// The State noted them.
    Noted,
}

impl Position {
    pub fn name(self) -> &'static str {
        match self {
            Position::Supported => "supported",
            Position::ToExamine => "to_examine",
            Position::NotSupported => "not_supported",
            Position::Noted => "noted",
        }
    }
}

/// The State's response to a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Response {
    Supported,
    /// Supported, and considered already implemented or in the process of
    /// implementation.
    SupportedImplemented,
    Noted,
    /// Did not enjoy the State's support (reports of 2008 to 2011 say so
    /// where later ones say noted).
    NotSupported,
}

impl Response {
    pub fn name(self) -> &'static str {
        match self {
            Response::Supported => "supported",
            Response::SupportedImplemented => "supported_implemented",
            Response::Noted => "noted",
            Response::NotSupported => "not_supported",
        }
    }

    /// Supported or noted, as thematic lists and databases count them.
    pub fn broad(self) -> Response {
        match self {
            Response::SupportedImplemented => Response::Supported,
            Response::NotSupported => Response::Noted,
            other => other,
        }
    }

    /// The response a report's own block gives: none while the State
    /// examines its recommendations.
    pub fn decided(position: Position) -> Option<Response> {
        match position {
            Position::Supported => Some(Response::Supported),
            Position::Noted => Some(Response::Noted),
            Position::NotSupported => Some(Response::NotSupported),
            Position::ToExamine => None,
        }
    }
}

/// What a UPR recommendation carries beyond the common fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Review {
    /// The States that made the recommendation, in order, spelled as in
    /// the document.
    pub recommending_states: Vec<String>,
    /// The State's position on the block the unit stands in.
    pub position: Option<Position>,
    /// The State's response, from its addendum or a thematic list.
    pub response: Option<Response>,
    /// Where the response is stated: `A/HRC/59/15/Add.1 - Para.3`.
    pub response_source: Option<String>,
    /// The State's explanation of its response, where it gives one.
    pub response_explanation: Option<String>,
    /// Sustainable Development Goals a thematic list relates the unit to.
    pub sdgs: Vec<String>,
    /// Groups of persons a thematic list says the unit concerns.
    pub affected_persons: Vec<String>,
}

/// What a UPR document says of its review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReviewDocument {
    /// The State whose review the document belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_under_review: Option<String>,
    /// The totals an addendum states: recommendations received, supported, noted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stated_totals: Option<StatedTotals>,
    /// The day of the review, ISO 8601, as a report's introduction gives it
    /// (`The review of Slovenia was held at the 13th meeting, on 12
    /// November 2019`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_date: Option<String>,
}

/// The totals a UPR addendum states in its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatedTotals {
    pub recommendations: Option<usize>,
    pub supported: Option<usize>,
    pub noted: Option<usize>,
}

/// The family's columns, after the common ones.
#[rustfmt::skip]
pub static COLUMNS: &[Column] = &[
    Column::new("recommending_states", ColumnType::List { table: "unit_states", value: "state" },
        "the recommending States, as printed", |r| Value::list(r.unit.review().map(|x| &x.recommending_states[..]))),
    Column::new("position", ColumnType::Text,
        "the State's position on the unit's block: supported, to_examine, not_supported, noted",
        |r| Value::name(r.unit.review().and_then(|x| x.position).map(Position::name))),
    Column::new("state_under_review", ColumnType::Text, "the State whose review the document belongs to",
        |r| Value::text(r.doc.metadata.review().and_then(|x| x.state_under_review.as_deref()))),
    Column::new("review_date", ColumnType::Date, "the day of the review, from the report's introduction",
        |r| Value::text(r.doc.metadata.review().and_then(|x| x.review_date.as_deref()))),
    Column::new("response", ColumnType::Text,
        "the State's response: supported, supported_implemented, noted",
        |r| Value::name(r.unit.review().and_then(|x| x.response).map(Response::name))),
    Column::new("response_source", ColumnType::Text, "where the response is stated",
        |r| Value::text(r.unit.review().and_then(|x| x.response_source.as_deref()))),
    Column::new("response_explanation", ColumnType::Text, "the State's explanation of its response",
        |r| Value::text(r.unit.review().and_then(|x| x.response_explanation.as_deref()))),
    Column::new("sdgs", ColumnType::List { table: "unit_sdgs", value: "sdg" },
        "the Sustainable Development Goals a thematic list relates the unit to",
        |r| Value::list(r.unit.review().map(|x| &x.sdgs[..]))),
    Column::new("affected_persons", ColumnType::List { table: "unit_persons", value: "person" },
        "the groups of persons a thematic list names", |r| Value::list(r.unit.review().map(|x| &x.affected_persons[..]))),
];
