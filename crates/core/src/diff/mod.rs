//! Review over time: the difference between a base run and a newer one
//! ([`secondlook_review::diff`], re-exported here), with the schemas' changes, which read
//! SQL expressions, worked out here.

mod schema;

pub use secondlook_review::diff::{
    Change, FindingChange, FindingState, Fingerprint, GateChange, ObjectKind, RunDiff,
    SchemaChange, fingerprint,
};

use crate::review::Review;

pub fn diff(base: &Review, run: &Review) -> RunDiff {
    RunDiff::between(base, run, schema::diff(base, run))
}
