//! A sqlparser `Expr` (a CHECK constraint, an index's WHERE) as its SQL text, for the
//! review sent from the worker to the page. sqlparser's own `serde` feature stays off
//! to keep the wasm download small; the text is parsed back with the dialect the
//! re-check reads with, which gives the same `Expr` (spans compare equal by design).

use serde::{Deserialize, Deserializer, Serializer, de::Error};
use sqlparser::ast::Expr;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

pub fn serialize<S: Serializer>(expr: &Expr, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(expr)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Expr, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(D::Error::custom)
}

fn parse(text: &str) -> Result<Expr, String> {
    Parser::new(&PostgreSqlDialect {})
        .try_with_sql(text)
        .and_then(|mut parser| parser.parse_expr())
        .map_err(|e| format!("the SQL expression {text:?} does not parse back: {e}"))
}

/// The same for an optional expression.
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(expr: &Option<Expr>, serializer: S) -> Result<S::Ok, S::Error> {
        match expr {
            Some(expr) => serializer.serialize_some(&expr.to_string()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Expr>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| parse(&text).map_err(D::Error::custom))
            .transpose()
    }
}
