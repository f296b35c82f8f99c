//! A SQL expression of the schema model (a CHECK constraint, an index's WHERE) kept as
//! the text sqlparser prints for it. The model travels in the review from the worker to
//! the page, which only shows it: as text it carries no syntax tree, so reading,
//! comparing or copying a review links no SQL parser. The checks that need the
//! expression's structure parse it back when they need it, and treat text that does not
//! parse back as nothing they can vouch for.

use std::fmt;

use serde::{Deserialize, Serialize};
use sqlparser::ast::Expr;

use super::predicate;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExprText(String);

impl ExprText {
    /// `expr` as sqlparser prints it.
    pub fn of(expr: &Expr) -> Self {
        ExprText(expr.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The expression read back. An error must make the caller's result not verified
    /// (or no match), never a pass.
    pub fn parse(&self) -> Result<Expr, String> {
        predicate::parse(&self.0)
            .map_err(|e| format!("the SQL expression {:?} does not parse back: {e}", self.0))
    }
}

impl fmt::Display for ExprText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_back_to_the_expression_it_was_printed_from() {
        let expr = predicate::parse("(\"t\".status = 'pending'::text) AND amount > 0").unwrap();
        let text = ExprText::of(&expr);
        assert_eq!(
            text.as_str(),
            "(\"t\".status = 'pending'::TEXT) AND amount > 0"
        );
        assert_eq!(text.parse(), Ok(expr));
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#""(\"t\".status = 'pending'::TEXT) AND amount > 0""#
        );
    }

    #[test]
    fn text_that_does_not_parse_back_is_an_error_naming_it() {
        let error = ExprText("amount >".into()).parse().unwrap_err();
        assert!(
            error.contains("\"amount >\" does not parse back"),
            "{error}"
        );
    }
}
