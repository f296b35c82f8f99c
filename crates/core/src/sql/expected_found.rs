//! Expected vs found for a partial index the run expects, term by term: the terms both
//! have, those missing, those in excess, and those on the same column with another
//! condition. `index-predicate` puts it in its result's detail; the gate card shows it
//! beside the one-line message.

use sqlparser::ast::{BinaryOperator, Expr};

use crate::gate::PredicateTerms;
use crate::sql::predicate::{canonical, column_name, conjuncts, strip};

/// The expected predicate `wanted` against the found index `index`'s predicate `have`
/// (`None`: a full index), term by term.
pub fn predicate_terms(index: &str, wanted: &Expr, have: Option<&Expr>) -> PredicateTerms {
    let want = keyed(Some(wanted));
    let have = keyed(have);
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
    PredicateTerms {
        index: index.to_string(),
        same,
        missing: texts(&missing),
        extra: texts(&extra),
        different,
    }
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
    use crate::gate::{Detail, GateId};
    use crate::sql::rules::test_support::{expectations, results};

    /// The terms `index-predicate`'s result carries for the index `index_where` ends.
    fn terms_of(index_where: &str) -> PredicateTerms {
        let sql = format!(
            "CREATE TABLE payments (provider text, external_ref text, direction text, status text);\n\
             CREATE UNIQUE INDEX rn_idx ON payments (provider, external_ref) {index_where};"
        );
        let e = expectations(
            r#"{"indexes":[{"table":"payments","columns":["provider","external_ref"],"unique":true,
            "where":"provider = 'rn' AND direction = 'in' AND status = 'pending'"}]}"#,
        );
        let r = results(&sql, Some(&e), GateId::IndexPredicate);
        assert_eq!(r.len(), 1);
        match r[0].detail.clone() {
            Some(Detail::PredicateTerms(terms)) => terms,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_missing_term_is_named_beside_the_ones_in_place() {
        let t = terms_of("WHERE direction = 'in' AND \"payments\".provider = 'rn'::text");
        assert_eq!(t.index, "rn_idx");
        assert_eq!(t.same, ["direction = 'in'", "provider = 'rn'"]);
        assert_eq!(t.missing, ["status = 'pending'"]);
        assert!(t.extra.is_empty() && t.different.is_empty());
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
