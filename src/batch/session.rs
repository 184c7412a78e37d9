//! A batch run as one session (`--reconcile`): every document is held until
//! all are read, the session's documents are reconciled (reports given the
//! compilation's ordinals by their dates), and only then are their outputs
//! written, with the findings of the reconciliation among their diagnostics.

use super::BatchError;
use super::document::{Done, Shared};
use super::manifest::{Counts, Entry, Reason, Status};
use super::output::write_atomic;
use super::plan::Input;
use crate::check::reconcile::{self, Reconciliation};
use crate::emit;
use crate::segment::index::Index;

/// Reconcile what the run read, write each document's outputs and log its
/// entry; give the entries and the reconciliation (also `reconcile.json`).
pub(super) fn reconcile_and_write(
    shared: &Shared,
    inputs: &[Input],
    results: Vec<Done>,
) -> Result<(Vec<Entry>, Reconciliation), BatchError> {
    let mut outcomes = results;
    let indexes: Vec<Index> = outcomes.iter().filter_map(|d| d.index.clone()).collect();
    // The documents that are no index, each with its diagnostics.
    let mut documents = Vec::new();
    let mut slots = Vec::new();
    for (i, done) in outcomes.iter().enumerate() {
        if let (Some(x), None) = (&done.extraction, &done.index) {
            let mut doc = x.document.clone();
            doc.diagnostics = x.diagnostics.clone();
            documents.push(doc);
            slots.push(i);
        }
    }
    let result = reconcile::reconcile(&mut documents, &indexes);
    for (mut doc, slot) in documents.into_iter().zip(slots) {
        if let Some(Done {
            extraction: Some(x), ..
        }) = outcomes.get_mut(slot)
        {
            x.diagnostics = std::mem::take(&mut doc.diagnostics);
            x.document = doc;
        }
    }
    let mut entries = Vec::with_capacity(outcomes.len());
    for (input, done) in inputs.iter().zip(outcomes) {
        let mut entry = done.entry;
        if let Some(x) = done.extraction {
            entry.diagnostics = Counts::of(&x);
            if let Err(e) = shared.write_document(input, &x, &mut entry) {
                entry.status = Status::Failed;
                entry.reason = Some(Reason::Output);
                entry.message = Some(e.to_string());
            }
        }
        shared.log.append(&entry);
        entries.push(entry);
    }
    let json = emit::report::reconcile_json(&result).map_err(emit::EmitError::from)?;
    write_atomic(shared.dir, "reconcile.json", format!("{json}\n").as_bytes())?;
    Ok((entries, result))
}
