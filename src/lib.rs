//! unrec: exact, checked, database-ready records of the recommendations in
//! United Nations documents.
//!
//! The library is a pipeline of named stages, each a function from one typed
//! value to the next:
//!
//! 1. [`read`]: bytes to a [`read::Layout`] (pages of positioned lines);
//! 2. [`clean`]: layout to [`clean::Blocks`] (furniture set aside, lines joined);
//! 3. [`segment`]: blocks to a [`segment::Document`] (metadata, meetings,
//!    recommendations, sub-items);
//! 4. [`check`]: document to diagnostics;
//! 5. [`emit`]: document to CSV, JSON or JSONL through one sink trait.
//!
//! [`extract`] runs them all.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod clean;
pub mod diagnostic;
pub mod read;
