//! A batch run as one session (`--reconcile`): every document is held until
//! all are read, the session's documents are reconciled (reports given the
//! compilation's ordinals by their dates, UPR reviews counted as
//! `reconcile` counts them), each UPR report is joined with its review's
//! addenda and thematic lists, and only then are their outputs written,
//! with the findings of the reconciliation among their diagnostics.

use super::BatchError;
use super::document::{Done, Shared};
use super::manifest::{Counts, Entry, Reason, Status};
use super::output::write_atomic;
use super::plan::Input;
use crate::check::reconcile::{self, Reconciliation};
use crate::segment::index::Index;
use crate::{Extraction, emit};

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
    // The reports joined with their reviews' addenda and lists once the
    // session is reconciled (which joins copies of its own).
    let (mut entries, mut extractions): (Vec<Entry>, Vec<Option<Extraction>>) =
        outcomes.into_iter().map(|d| (d.entry, d.extraction)).unzip();
    super::review::join_held(shared, &mut entries, &mut extractions);
    for ((input, entry), x) in inputs.iter().zip(&mut entries).zip(extractions) {
        if let Some(x) = x {
            entry.diagnostics = Counts::of(&x);
            if let Err(e) = shared.write_document(input, &x, entry) {
                entry.status = Status::Failed;
                entry.reason = Some(Reason::Output);
                entry.message = Some(e.to_string());
            }
        }
        shared.log.append(entry);
    }
    let json = emit::report::reconcile_json(&result).map_err(emit::EmitError::from)?;
    write_atomic(shared.dir, "reconcile.json", format!("{json}\n").as_bytes())?;
    Ok((entries, result))
}
