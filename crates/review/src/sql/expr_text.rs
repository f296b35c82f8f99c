//! A SQL expression of the schema model (a CHECK constraint, an index's WHERE) kept as
//! the text sqlparser prints for it. The model travels in the review from the worker to
//! the page, which only shows it: as text it carries no syntax tree, so reading,
//! comparing or copying a review links no SQL parser. The checks that need the
//! expression's structure parse it back when they need it (the core's
//! `sql::expr_text::parse`), and treat text that does not parse back as nothing they
//! can vouch for.

use std::fmt;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExprText(String);

impl ExprText {
    /// The text sqlparser printed for an expression (the core's `sql::expr_text::of`).
    pub fn printed(text: String) -> Self {
        ExprText(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
