//! What a result knows beyond its sentence, as data a view can lay out: today the
//! expected and found terms of a partial index's predicate. It travels with the result
//! to the page, so no view has to find it again by comparing evidence.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    /// `index-predicate`: the expected `where` against the found index's, term by term.
    PredicateTerms(PredicateTerms),
}

/// Expected vs found for one partial index: the terms both have, those missing, those
/// in excess, and those on the same column with another condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PredicateTerms {
    /// The index found for the expectation.
    pub index: String,
    pub same: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// (expected, found) for a column both constrain, each differently.
    pub different: Vec<(String, String)>,
}
