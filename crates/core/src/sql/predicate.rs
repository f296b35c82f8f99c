//! Compares predicates as logic, not text: a predicate becomes the set of its top-level
//! AND terms, each printed in one canonical form (no redundant parentheses, table
//! qualifiers or quoting; no casts of literals or casts to text and enum types; the
//! operands of `=`, `<>`, `AND`, `OR` and `IN` lists in a fixed order).

use std::collections::BTreeSet;

use super::lexer::{Kind, significant};
use sqlparser::ast::{BinaryOperator, DataType, Expr, InTarget, UnaryOperator};
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Tokenizer;

use super::names::fold;

/// Parses a predicate written in the run's expectations.
pub fn parse(text: &str) -> Result<Expr, String> {
    let dialect = PostgreSqlDialect {};
    let message = |e: &dyn std::fmt::Display| {
        e.to_string()
            .trim_start_matches("sql parser error: ")
            .to_string()
    };
    let tokens = Tokenizer::new(&dialect, text)
        .tokenize_with_location()
        .map_err(|e| message(&e))?;
    if let Some(token) = super::chain::too_long(&tokens) {
        return Err(format!(
            "the predicate chains more than {} terms and operators (column {}); too deep to check",
            super::chain::MAX_CHAIN,
            token.span.start.column
        ));
    }
    Parser::new(&dialect)
        .with_tokens_with_locations(tokens)
        .parse_expr()
        .map_err(|e| message(&e))
}

/// The canonical AND terms of a predicate.
/// Keywords written before a parenthesis that are no function.
const SYNTAX_BEFORE_PARENTHESES: &[&str] = &[
    "and", "or", "not", "in", "any", "all", "some", "array", "cast", "is", "between", "like",
    "ilike",
];

/// The first construct in `expr` that the comparisons here do not model, if any: a
/// function call or a CASE. A term written with one may mean what another term means
/// (`lower(status) = 'pending'`), so a difference it makes is undecided, never a
/// demonstration that the property does not hold.
pub fn unmodelled(expr: &Expr) -> Option<String> {
    // Printed, an OR of parenthesised branches reads `… OR (…)`: keywords before a
    // parenthesis are told apart from calls by name.
    let text = expr.to_string();
    let tokens: Vec<(Kind, String)> = significant(&text, 0..text.len()).collect();
    tokens.windows(2).find_map(|pair| match pair {
        [(Kind::Word, word), _] if word == "case" => Some("CASE".to_string()),
        [(Kind::Word, word), (Kind::Other(b'('), _)]
            if !SYNTAX_BEFORE_PARENTHESES.contains(&word.as_str()) =>
        {
            Some(format!("{word}()"))
        }
        _ => None,
    })
}

pub fn terms(expr: &Expr) -> BTreeSet<String> {
    let mut out = Vec::new();
    conjuncts(expr, &mut out);
    out.into_iter().map(canonical).collect()
}

/// The top-level AND terms, through parentheses.
pub fn conjuncts<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    match strip(expr) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => {
            conjuncts(left, out);
            conjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// The top-level OR terms, through parentheses.
pub fn disjuncts<'a>(expr: &'a Expr, out: &mut Vec<&'a Expr>) {
    match strip(expr) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => {
            disjuncts(left, out);
            disjuncts(right, out);
        }
        other => out.push(other),
    }
}

/// Drops parentheses and the casts that do not change a comparison's meaning.
pub fn strip(expr: &Expr) -> &Expr {
    match expr {
        Expr::Nested(inner) => strip(inner),
        Expr::Cast {
            expr: inner,
            data_type,
            ..
        } if harmless_cast(inner, data_type) => strip(inner),
        other => other,
    }
}

fn harmless_cast(inner: &Expr, data_type: &DataType) -> bool {
    matches!(strip(inner), Expr::Value(_))
        || matches!(
            data_type,
            DataType::Text
                | DataType::Varchar(_)
                | DataType::CharacterVarying(_)
                | DataType::Custom(..)
        )
}

/// A column reference's folded name without its table, if `expr` is one.
pub fn column_name(expr: &Expr) -> Option<String> {
    match strip(expr) {
        Expr::Identifier(ident) => Some(fold(ident)),
        Expr::CompoundIdentifier(parts) => parts.last().map(fold),
        _ => None,
    }
}

fn is_literal(expr: &Expr) -> bool {
    matches!(strip(expr), Expr::Value(_))
}

/// Orders two operands: columns before literals, then by text.
fn ordered(a: String, a_lit: bool, b: String, b_lit: bool) -> (String, String) {
    if (a_lit, &a) <= (b_lit, &b) {
        (a, b)
    } else {
        (b, a)
    }
}

fn flipped(op: &BinaryOperator) -> Option<BinaryOperator> {
    Some(match op {
        BinaryOperator::Eq => BinaryOperator::Eq,
        BinaryOperator::NotEq => BinaryOperator::NotEq,
        BinaryOperator::Lt => BinaryOperator::Gt,
        BinaryOperator::Gt => BinaryOperator::Lt,
        BinaryOperator::LtEq => BinaryOperator::GtEq,
        BinaryOperator::GtEq => BinaryOperator::LtEq,
        _ => return None,
    })
}

/// One canonical text per logically equal term (for the forms this module knows;
/// anything else keeps sqlparser's printing, which can only make terms differ).
pub fn canonical(expr: &Expr) -> String {
    let expr = strip(expr);
    if let Some(name) = column_name(expr) {
        return name;
    }
    match expr {
        Expr::BinaryOp { left, op, right } => match op {
            BinaryOperator::And | BinaryOperator::Or => {
                let mut parts = Vec::new();
                if *op == BinaryOperator::And {
                    conjuncts(expr, &mut parts)
                } else {
                    disjuncts(expr, &mut parts)
                }
                let set: BTreeSet<String> = parts
                    .into_iter()
                    .map(|p| format!("({})", canonical(p)))
                    .collect();
                set.into_iter().collect::<Vec<_>>().join(&format!(" {op} "))
            }
            _ => {
                let (l, r) = (canonical(left), canonical(right));
                match flipped(op) {
                    Some(flip) => {
                        let (l_lit, r_lit) = (is_literal(left), is_literal(right));
                        let (first, second) = ordered(l.clone(), l_lit, r.clone(), r_lit);
                        let op = if first == l { op.clone() } else { flip };
                        format!("{first} {op} {second}")
                    }
                    None => format!("{l} {op} {r}"),
                }
            }
        },
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => format!("NOT ({})", canonical(expr)),
        Expr::IsNull(inner) => format!("{} IS NULL", canonical(inner)),
        Expr::IsNotNull(inner) => format!("{} IS NOT NULL", canonical(inner)),
        Expr::IsTrue(inner) => format!("{} IS TRUE", canonical(inner)),
        Expr::IsFalse(inner) => format!("{} IS FALSE", canonical(inner)),
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            ..
        } => in_list(expr, list, *negated),
        // PostgreSQL stores `x IN (...)` as `x = ANY (ARRAY[...])` and `x NOT IN (...)`
        // as `x <> ALL (ARRAY[...])`: pg_dump prints them so.
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } if array_items(right).is_some() => {
            in_list(left, array_items(right).unwrap_or_default(), false)
        }
        Expr::AllOp {
            left,
            compare_op: BinaryOperator::NotEq,
            right,
        } if array_items(right).is_some() => {
            in_list(left, array_items(right).unwrap_or_default(), true)
        }
        Expr::Value(v) => v.to_string(),
        other => other.to_string(),
    }
}

/// The two sides of an equality in any form PostgreSQL takes as one: `a = b`,
/// `a IN (b)`, `a = ANY (ARRAY[b])`.
pub fn equality(expr: &Expr) -> Option<(&Expr, &Expr)> {
    match strip(expr) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => Some((left, right)),
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated: false,
            ..
        } => match list.as_slice() {
            [one] => Some((expr, one)),
            _ => None,
        },
        Expr::AnyOp {
            left,
            compare_op: BinaryOperator::Eq,
            right,
            ..
        } => match array_items(right)? {
            [one] => Some((left, one)),
            _ => None,
        },
        _ => None,
    }
}

/// `expr [NOT] IN (list)`; a one-item list is the (in)equality PostgreSQL takes it for.
fn in_list(expr: &Expr, list: &[Expr], negated: bool) -> String {
    if let [one] = list {
        let op = if negated {
            BinaryOperator::NotEq
        } else {
            BinaryOperator::Eq
        };
        return canonical(&Expr::BinaryOp {
            left: Box::new(expr.clone()),
            op,
            right: Box::new(one.clone()),
        });
    }
    let items: BTreeSet<String> = list.iter().map(canonical).collect();
    let not = if negated { "NOT " } else { "" };
    format!(
        "{} {not}IN ({})",
        canonical(expr),
        items.into_iter().collect::<Vec<_>>().join(", ")
    )
}

/// The items of an `ARRAY[...]` literal, through parentheses and casts.
fn array_items(expr: &Expr) -> Option<&[Expr]> {
    match expr {
        Expr::Nested(inner) | Expr::Cast { expr: inner, .. } => array_items(inner),
        Expr::Array(array) => Some(&array.elem),
        _ => None,
    }
}

/// How an index's predicate differs from the expected one: the terms it lacks and the
/// terms it has in excess. Both empty: the same logic.
pub struct Difference {
    pub lacking: Vec<String>,
    pub extra: Vec<String>,
}

pub fn compare(expected: &Expr, actual: Option<&Expr>) -> Difference {
    let want = terms(expected);
    let have = actual.map(terms).unwrap_or_default();
    Difference {
        lacking: want.difference(&have).cloned().collect(),
        extra: have.difference(&want).cloned().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        terms(&parse(a).unwrap()) == terms(&parse(b).unwrap())
    }

    #[test]
    fn reordered_terms_with_casts_and_qualifiers_are_the_same() {
        assert!(same(
            "provider = 'request.network' AND direction = 'in' AND status = 'pending'",
            "((\"payments\".\"status\" = 'pending'::payment_status) AND ('in'::text = (direction)::text)) \
             AND (payments.provider)::text = 'request.network'::text",
        ));
        assert!(same("a IS NOT NULL", "(\"t\".\"a\" IS NOT NULL)"));
        assert!(same("x IN ('b', 'a')", "x IN ('a', 'b')"));
        assert!(same("5 < amount", "amount > 5"));
        // PostgreSQL: `x IN ('a')` is `x = 'a'`; IN is stored as `= ANY (ARRAY[...])`.
        assert!(same("status IN ('pending')", "status = 'pending'"));
        assert!(same("status NOT IN ('x')", "status <> 'x'"));
        assert!(same(
            "status IN ('a', 'b')",
            "(status = ANY (ARRAY['b'::text, 'a'::text]))"
        ));
        assert!(same("s NOT IN ('a', 'b')", "s <> ALL (ARRAY['a', 'b'])"));
        assert!(!same("s = ANY (ARRAY['a', 'b'])", "s IN ('a')"));
    }

    #[test]
    fn a_missing_or_different_term_is_named() {
        let expected =
            parse("provider = 'rn' AND direction = 'in' AND status = 'pending'").unwrap();
        let actual = parse("provider = 'rn' AND direction = 'in'").unwrap();
        let diff = compare(&expected, Some(&actual));
        assert_eq!(diff.lacking, ["status = 'pending'"]);
        assert!(diff.extra.is_empty());
        let other = parse("provider = 'rn' AND direction = 'out' AND status = 'pending'").unwrap();
        let diff = compare(&expected, Some(&other));
        assert_eq!(
            (diff.lacking, diff.extra),
            (
                vec!["direction = 'in'".to_string()],
                vec!["direction = 'out'".to_string()]
            )
        );
    }

    #[test]
    fn casts_that_change_meaning_are_kept() {
        assert!(!same("amount::integer > 0", "amount > 0"));
        assert!(!same("a = 1 OR b = 2", "a = 1 AND b = 2"));
    }
}
