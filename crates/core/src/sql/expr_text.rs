//! The schema model's expressions as text ([`ExprText`]): printed from sqlparser's
//! syntax tree, and read back by the checks that need their structure.

use sqlparser::ast::Expr;

pub use secondlook_review::sql::expr_text::ExprText;

use super::predicate;

/// `expr` as sqlparser prints it.
pub fn of(expr: &Expr) -> ExprText {
    ExprText::printed(expr.to_string())
}

/// The expression read back. An error must make the caller's result not verified (or
/// no match), never a pass.
pub fn parse(text: &ExprText) -> Result<Expr, String> {
    predicate::parse(text.as_str()).map_err(|e| {
        format!(
            "the SQL expression {:?} does not parse back: {e}",
            text.as_str()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn it_reads_back_to_the_expression_it_was_printed_from() {
        let expr = predicate::parse("(\"t\".status = 'pending'::text) AND amount > 0").unwrap();
        let text = of(&expr);
        assert_eq!(
            text.as_str(),
            "(\"t\".status = 'pending'::TEXT) AND amount > 0"
        );
        assert_eq!(parse(&text), Ok(expr));
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            r#""(\"t\".status = 'pending'::TEXT) AND amount > 0""#
        );
    }

    #[test]
    fn text_that_does_not_parse_back_is_an_error_naming_it() {
        let error = parse(&ExprText::printed("amount >".into())).unwrap_err();
        assert!(
            error.contains("\"amount >\" does not parse back"),
            "{error}"
        );
    }
}
