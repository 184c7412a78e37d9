//! A run's UPR reviews: each report grouped with the addenda and thematic
//! lists among the inputs that name it (by symbol), so that the report's
//! outputs carry their responses, themes and SDGs as `extract REPORT
//! --responses ADDENDUM --index LIST` gives them. The join itself is the
//! library's ([`crate::Extraction::attach`]); this step only decides which
//! inputs go together and what the manifest says of them.

use super::document::Shared;
use super::manifest::{Entry, Joined, Status};
use super::plan::Input;
use crate::model::{Kind, folded_symbol, report_symbol};
use crate::{Companion, Extraction, Role};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};

/// One review among a run's entries, by their positions.
#[derive(Debug, Default)]
pub(super) struct Review {
    /// The report's symbol.
    pub symbol: String,
    pub reports: Vec<usize>,
    /// Addenda first, then thematic lists, each in key order: the order
    /// `extract --responses ADDENDUM --index LIST` joins them in.
    pub companions: Vec<usize>,
}

impl Review {
    /// What the review's reports are to be joined with, as their entries
    /// record it.
    pub fn wanted(&self, entries: &[Entry]) -> Vec<Joined> {
        self.companions
            .iter()
            .filter_map(|&i| entries.get(i))
            .map(Joined::of)
            .collect()
    }
}

/// The review of an entry read with units: its own, else what its symbol
/// names (an entry logged before reviews were recorded).
fn entry_review(entry: &Entry) -> Option<(String, bool)> {
    let report = match entry.kind? {
        Kind::UprReport => true,
        Kind::UprAddendum | Kind::UprThematicList => false,
        _ => return None,
    };
    if !matches!(entry.status, Status::Ok | Status::Truncated) {
        return None;
    }
    let symbol = entry
        .review
        .clone()
        .or_else(|| entry.symbol.as_deref().and_then(report_symbol))?;
    Some((symbol, report))
}

/// The run's reviews: every report and companion read with units, grouped
/// by their report's symbol. Companions whose bytes are those of a
/// companion given to the whole run (`--index`) are joined already and
/// left out.
pub(super) fn group(entries: &[Entry], run_wide: &HashSet<&str>) -> Vec<Review> {
    let mut reviews: BTreeMap<String, Review> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let Some((symbol, report)) = entry_review(entry) else {
            continue;
        };
        if !report && entry.sha256.as_deref().is_some_and(|s| run_wide.contains(s)) {
            continue;
        }
        let review = reviews.entry(folded_symbol(&symbol)).or_insert_with(|| Review {
            symbol: symbol.clone(),
            ..Review::default()
        });
        if report {
            review.reports.push(i);
        } else {
            review.companions.push(i);
        }
    }
    let key = |i: &usize| entries.get(*i).map(|e| e.key.clone());
    let rank = |i: &usize| {
        let addendum = entries.get(*i).and_then(|e| e.kind) == Some(Kind::UprAddendum);
        (!addendum, key(i))
    };
    let mut out: Vec<Review> = reviews.into_values().collect();
    for review in &mut out {
        review.reports.sort_by_key(key);
        review.companions.sort_by_key(rank);
    }
    out
}

/// What the manifest says of each companion: the reports it was joined
/// into, or that the run holds none of its review.
pub(super) fn mark_companions(entries: &mut [Entry], reviews: &[Review]) {
    for review in reviews {
        let reports: Vec<Joined> = review
            .reports
            .iter()
            .filter_map(|&i| entries.get(i))
            .map(Joined::of)
            .collect();
        for &i in &review.companions {
            let Some(entry) = entries.get_mut(i) else {
                continue;
            };
            entry.joined = reports.clone();
            entry.note = reports.is_empty().then(|| {
                format!(
                    "unjoined: no UPR report {} among the inputs, so nothing was joined with it",
                    review.symbol
                )
            });
        }
    }
}

/// The reviews of a run whose entries are all known: each companion's
/// entry names the reports it joins, and each report whose entry does not
/// name the companions its review has (every report read in this run, a
/// resumed one whose companions changed) is extracted again, joined with
/// them, its outputs written over and its entry logged again.
pub(super) fn join_reviews(shared: &Shared, inputs: &[Input], entries: &mut [Entry]) {
    let reviews = group(entries, &run_wide(shared));
    mark_companions(entries, &reviews);
    let mut work: Vec<(usize, &[usize])> = Vec::new();
    for review in &reviews {
        let wanted = review.wanted(entries);
        for &r in &review.reports {
            if entries.get(r).is_some_and(|e| e.joined != wanted) {
                work.push((r, review.companions.as_slice()));
            }
        }
    }
    let before: &[Entry] = entries;
    let redone: Vec<(usize, Entry)> = super::in_pool(shared.options.jobs, || {
        work.par_iter()
            .filter_map(|&(r, companions)| {
                let input = inputs.get(r)?;
                let review: Vec<Companion> = companions
                    .iter()
                    .filter_map(|&c| inputs.get(c).and_then(|i| read_companion(shared, i)))
                    .collect();
                let (entry, report) = shared.joined(input, &review);
                // The companions' records then carry the report's ids.
                let mut out = vec![(r, entry)];
                if let Some(report) = report {
                    for &c in companions {
                        if let Some(input) = inputs.get(c) {
                            let mut entry = shared.rekeyed(input, &report);
                            if let Some(old) = before.get(c) {
                                entry.joined.clone_from(&old.joined);
                                entry.note.clone_from(&old.note);
                            }
                            out.push((c, entry));
                        }
                    }
                }
                Some(out)
            })
            .flatten()
            .collect()
    });
    for (r, entry) in redone {
        shared.log.append(&entry);
        if let Some(slot) = entries.get_mut(r) {
            *slot = entry;
        }
    }
}

/// The digests of the companions given to the whole run.
fn run_wide<'a>(shared: &Shared<'a>) -> HashSet<&'a str> {
    shared.companions.iter().map(|c| c.sha256.as_str()).collect()
}

/// An addendum or thematic list read again to be joined: `None` when it
/// no longer reads (its report is then joined without it, and its entry
/// says so, which a resumed run sees).
fn read_companion(shared: &Shared, input: &Input) -> Option<Companion> {
    let limit = shared.config.read.limits.input_bytes;
    let bytes = crate::read::read_bytes(&input.path, limit).ok()?;
    let config = shared.config;
    let read = || Companion::read(&input.key, &bytes, config).ok();
    std::panic::catch_unwind(read).ok().flatten()
}

/// A reconciled run's reviews: each report's extraction joined with the
/// extractions of its review's addenda and thematic lists, held in memory
/// until all are read.
pub(super) fn join_held(shared: &Shared, entries: &mut [Entry], extractions: &mut [Option<Extraction>]) {
    let reviews = group(entries, &run_wide(shared));
    mark_companions(entries, &reviews);
    for review in &reviews {
        let companions: Vec<Companion> = review
            .companions
            .iter()
            .filter_map(|&c| {
                let x = extractions.get(c)?.as_ref()?;
                let mut document = x.document.clone();
                document.diagnostics = x.diagnostics.clone();
                Some(Companion {
                    role: Role::Review(document),
                    sha256: entries.get(c)?.sha256.clone().unwrap_or_default(),
                })
            })
            .collect();
        let wanted = review.wanted(entries);
        for &r in &review.reports {
            if let (Some(Some(x)), Some(entry)) = (extractions.get_mut(r), entries.get_mut(r)) {
                for companion in &companions {
                    x.attach(companion);
                }
                entry.joined = wanted.clone();
            }
        }
        // The companions' records carry the (first) report's ids.
        let report = review
            .reports
            .first()
            .and_then(|&r| extractions.get(r)?.as_ref())
            .map(|x| x.document.clone());
        for (&c, report) in review.companions.iter().zip(std::iter::repeat(report.as_ref())) {
            if let (Some(Some(x)), Some(report)) = (extractions.get_mut(c), report) {
                crate::check::responses::rekey(&mut x.document, report);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_symbols() {
        assert_eq!(report_symbol("A/HRC/28/15").as_deref(), Some("A/HRC/28/15"));
        assert_eq!(report_symbol("A/HRC/28/15/Add.1").as_deref(), Some("A/HRC/28/15"));
        assert_eq!(
            report_symbol("A/HRC/59/15/Add.1 - Para.3").as_deref(),
            Some("A/HRC/59/15")
        );
        assert_eq!(
            report_symbol("A/HRC/28/15 (thematic list)").as_deref(),
            Some("A/HRC/28/15")
        );
        assert_eq!(report_symbol("Supported"), None);
        assert_eq!(
            report_symbol("A/HRC/28/15/Add.1/Corr.1").as_deref(),
            Some("A/HRC/28/15")
        );
        assert_eq!(folded_symbol("a/hrc/28/15"), folded_symbol("A/HRC/28/15 "));
    }
}
