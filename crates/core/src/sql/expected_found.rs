//! Expected vs found for each partial index the run expects, term by term: the terms
//! both have, those missing, those in excess, and those on the same column with another
//! condition. The gate card shows it beside `index-predicate`'s one-line message.

use serde::{Deserialize, Serialize};
use sqlparser::ast::{BinaryOperator, Expr};

use crate::gate::Evidence;
use crate::run::expectations::Expectations;
use crate::sql::expr_text::ExprText;
use crate::sql::model::Schema;
use crate::sql::predicate::{canonical, column_name, conjuncts, parse, strip};
use crate::sql::rules::evidence;
use crate::sql::rules::expected_index::find;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PredicateTerms {
    /// The index found for the expectation.
    pub index: String,
    /// Where it is created: the place `index-predicate` gives as evidence.
    pub evidence: Evidence,
    pub same: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// (expected, found) for a column both constrain, each differently.
    pub different: Vec<(String, String)>,
}

/// One comparison per expected index that has a `where` (parsing) and was found.
pub fn predicate_terms(
    schema: &Schema,
    expectations: Option<&Expectations>,
) -> Vec<PredicateTerms> {
    let indexes = expectations.and_then(|e| e.indexes.as_ref());
    indexes
        .into_iter()
        .flatten()
        .filter_map(|expected| {
            let wanted = parse(expected.predicate.as_deref()?).ok()?;
            let found = find(schema, expected)?;
            // A found predicate that does not parse back has no terms to show:
            // `index-predicate` says it is not verified.
            let have = found.predicate.map(ExprText::parse).transpose().ok()?;
            let want = keyed(Some(&wanted));
            let have = keyed(have.as_ref());
            let texts = |terms: &[(Option<String>, String)]| -> Vec<String> {
                terms.iter().map(|(_, t)| t.clone()).collect()
            };
            let (want_texts, have_texts) = (texts(&want), texts(&have));
            let same = want_texts
                .iter()
                .filter(|t| have_texts.contains(t))
                .cloned()
                .collect();
            let mut missing: Vec<_> = want
                .into_iter()
                .filter(|(_, t)| !have_texts.contains(t))
                .collect();
            let mut extra: Vec<_> = have
                .into_iter()
                .filter(|(_, t)| !want_texts.contains(t))
                .collect();
            let mut different = Vec::new();
            missing.retain(|(subject, want)| {
                let paired = subject.as_ref().and_then(|s| {
                    extra
                        .iter()
                        .position(|(other, _)| other.as_ref() == Some(s))
                });
                match paired {
                    Some(at) => {
                        different.push((want.clone(), extra.remove(at).1));
                        false
                    }
                    None => true,
                }
            });
            Some(PredicateTerms {
                index: found.name,
                evidence: evidence(found.span),
                same,
                missing: texts(&missing),
                extra: texts(&extra),
                different,
            })
        })
        .collect()
}

/// The predicate's canonical AND terms, each with the column it constrains if plain.
fn keyed(predicate: Option<&Expr>) -> Vec<(Option<String>, String)> {
    let mut terms = Vec::new();
    if let Some(predicate) = predicate {
        conjuncts(predicate, &mut terms);
    }
    let mut out: Vec<(Option<String>, String)> = terms
        .into_iter()
        .map(|term| (subject(term), canonical(term)))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn subject(term: &Expr) -> Option<String> {
    match strip(term) {
        Expr::BinaryOp { left, op, right } if op != &BinaryOperator::Or => {
            column_name(left).or_else(|| column_name(right))
        }
        Expr::IsNull(e) | Expr::IsNotNull(e) => column_name(e),
        Expr::In { expr, .. } => column_name(expr),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::SqlFile;
    use crate::sql::rules::test_support::expectations;

    fn terms_of(index_where: &str) -> PredicateTerms {
        let sql = format!(
            "CREATE TABLE payments (provider text, external_ref text, direction text, status text);\n\
             CREATE UNIQUE INDEX rn_idx ON payments (provider, external_ref) {index_where};"
        );
        let e = expectations(
            r#"{"indexes":[{"table":"payments","columns":["provider","external_ref"],"unique":true,
            "where":"provider = 'rn' AND direction = 'in' AND status = 'pending'"}]}"#,
        );
        let files = [SqlFile {
            path: "m.sql".into(),
            tool: None,
            text: Ok(sql),
        }];
        let check = crate::sql::check(&files, Some(&e));
        let mut found = predicate_terms(&check.schema, Some(&e));
        assert_eq!(found.len(), 1);
        found.remove(0)
    }

    #[test]
    fn a_missing_term_is_named_beside_the_ones_in_place() {
        let t = terms_of("WHERE direction = 'in' AND \"payments\".provider = 'rn'::text");
        assert_eq!(t.index, "rn_idx");
        assert_eq!(t.same, ["direction = 'in'", "provider = 'rn'"]);
        assert_eq!(t.missing, ["status = 'pending'"]);
        assert!(t.extra.is_empty() && t.different.is_empty());
        assert_eq!(
            t.evidence,
            Evidence::Sql {
                file: "m.sql".into(),
                line: 2,
                column: 1
            }
        );
    }

    #[test]
    fn a_term_on_the_same_column_reads_as_different_and_others_as_extra() {
        let t = terms_of(
            "WHERE provider = 'rn' AND direction = 'out' AND status = 'pending' AND external_ref IS NOT NULL",
        );
        assert_eq!(
            t.different,
            [(
                "direction = 'in'".to_string(),
                "direction = 'out'".to_string()
            )]
        );
        assert_eq!(t.extra, ["external_ref IS NOT NULL"]);
        assert!(t.missing.is_empty());
    }

    #[test]
    fn a_full_index_misses_every_term() {
        let t = terms_of("");
        assert_eq!(t.missing.len(), 3);
        assert!(t.same.is_empty());
    }
}
