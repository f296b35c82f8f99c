//! Review over time: what changed between a base run and a newer one. Gate results are
//! matched by their [`Fingerprint`], the schema by object name, report findings by
//! their ID. Pure data; the page, the CLI and SARIF's `baselineState` render it. The
//! schema's changes come from the core (`secondlook_core::diff`), which reads SQL.

mod findings;
mod fingerprint;
mod gates;
mod schema;

use serde::{Deserialize, Serialize};

pub use findings::{FindingChange, FindingState};
pub use fingerprint::{Fingerprint, fingerprint};
pub use gates::{Change, GateChange};
pub use schema::{ObjectKind, SchemaChange};

use crate::review::Review;
use crate::verdict::Verdict;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunDiff {
    /// `None` for a side without a readable run.
    pub base_verdict: Option<Verdict>,
    pub verdict: Option<Verdict>,
    /// Every result of either run, most in need of a look first (new, changed, gone,
    /// fixed, added, unchanged).
    pub gates: Vec<GateChange>,
    pub schema: Vec<SchemaChange>,
    /// Empty unless both sides have a report.
    pub findings: Vec<FindingChange>,
}

impl RunDiff {
    /// The difference between `base` and `run`, given what changed in their schemas.
    pub fn between(base: &Review, run: &Review, schema: Vec<SchemaChange>) -> RunDiff {
        let verdict = |r: &Review| r.decision.as_ref().map(|d| d.verdict);
        RunDiff {
            base_verdict: verdict(base),
            verdict: verdict(run),
            gates: gates::diff(base, run),
            schema,
            findings: match (&base.report, &run.report) {
                (Some(b), Some(r)) => findings::diff(&b.findings, &r.findings),
                _ => Vec::new(),
            },
        }
    }

    /// Anything but unchanged results: what a reviewer of the newer run must look at.
    pub fn has_changes(&self) -> bool {
        self.base_verdict != self.verdict
            || self.gates.iter().any(|g| g.change != Change::Unchanged)
            || !self.schema.is_empty()
            || !self.findings.is_empty()
    }

    /// The change of the newer review's result at `index` in its `gates`.
    pub fn change_at(&self, index: usize) -> Option<Change> {
        self.gates
            .iter()
            .find(|g| g.index == Some(index))
            .map(|g| g.change)
    }
}
