//! Gate results of two runs, paired by fingerprint.

use serde::{Deserialize, Serialize};

use super::fingerprint::{Fingerprint, fingerprint};
use crate::gate::{GateResult, Severity, Status};
use crate::review::Review;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Does not pass now; passed in the base or was not there.
    New,
    /// Did not pass in the base and does not pass now, with another status.
    Changed,
    /// In the base, not in the newer run at all: not a fix, the check is gone.
    Gone,
    /// Did not pass in the base, passes now.
    Fixed,
    /// Passes now and was not in the base.
    Added,
    /// The same status in both.
    Unchanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Gone => "gone",
            Change::Fixed => "fixed",
            Change::Added => "added",
            Change::Unchanged => "unchanged",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GateChange {
    pub fingerprint: Fingerprint,
    /// Where the result is in the newer review's `gates`; `None` when it is gone.
    pub index: Option<usize>,
    pub change: Change,
    pub severity: Severity,
    /// `None`: not in that run.
    pub base_status: Option<Status>,
    pub status: Option<Status>,
    /// The newer run's message, or the base's when the result is gone.
    pub message: String,
}

fn change(base: Option<Status>, now: Option<Status>) -> Change {
    let failing = |s: Option<Status>| s.is_some_and(|s| s != Status::Pass);
    match (base, now) {
        (b, n) if b == n => Change::Unchanged,
        (b, n) if failing(n) && !failing(b) => Change::New,
        (b, Some(Status::Pass)) if failing(b) => Change::Fixed,
        (_, None) => Change::Gone,
        (None, Some(_)) => Change::Added,
        _ => Change::Changed,
    }
}

fn keyed(review: &Review) -> Vec<(Fingerprint, &GateResult)> {
    let expectations = review.run().and_then(|run| run.expectations.as_ref());
    review
        .gates
        .iter()
        .map(|g| (fingerprint(g, expectations), g))
        .collect()
}

pub fn diff(base: &Review, run: &Review) -> Vec<GateChange> {
    let mut unmatched = keyed(base);
    let mut out = Vec::new();
    for (index, (print, now)) in keyed(run).into_iter().enumerate() {
        // Pairs in order, so that two results with one fingerprint pair one to one.
        let before = unmatched
            .iter()
            .position(|(p, _)| p == &print)
            .map(|at| unmatched.remove(at).1);
        out.push(GateChange {
            index: Some(index),
            change: change(before.map(|b| b.status), Some(now.status)),
            severity: now.severity,
            base_status: before.map(|b| b.status),
            status: Some(now.status),
            message: now.message.clone(),
            fingerprint: print,
        });
    }
    out.extend(unmatched.into_iter().map(|(print, before)| GateChange {
        index: None,
        change: change(Some(before.status), None),
        severity: before.severity,
        base_status: Some(before.status),
        status: None,
        message: before.message.clone(),
        fingerprint: print,
    }));
    out.sort_by_key(|g| g.change);
    out
}
