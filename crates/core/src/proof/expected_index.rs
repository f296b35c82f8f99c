//! `expected-index` in PostgreSQL: `pg_index` has an index on the table with the
//! expected columns in order and the expected uniqueness; for a unique one, two rows
//! inside the expected predicate with the same key collide on it.
//!
//! The collision probe is shared with `index-predicate`, which adds rows just outside
//! the predicate.

use sqlparser::ast::{BinaryOperator, Expr};

use crate::gate::ProofResult;
use crate::run::expectations::{Expectations, ExpectedIndex};
use crate::sql::model::Schema;
use crate::sql::names::QName;
use crate::sql::predicate;
use crate::sql::rules::expected_index::describe;

use super::scaffold::{
    CONSTRAINTS_NOW, TRIGGERS_OFF, Value, insert, literal, others_than, sample, table_name,
};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

/// The steps every collision probe starts with; the rows come after them.
pub const CATALOG: usize = 0;
pub const FIRST: usize = 3;
pub const SECOND: usize = 4;

fn drafts(schema: &Schema, expectations: &Expectations) -> Vec<Draft> {
    expectations
        .indexes
        .iter()
        .flatten()
        .map(|expected| Draft {
            subject: describe(expected),
            steps: if expected.unique {
                collision(schema, expectations, expected, false)
            } else {
                Ok(vec![catalog(expected)])
            },
        })
        .collect()
}

/// The indexes on the table with the expected key columns in order (INCLUDE columns
/// are not keys; an expression makes another index) and the expected uniqueness: name,
/// predicate (empty without one), and the expected predicate, so the judge reads
/// everything it compares from the answer.
pub fn catalog(expected: &ExpectedIndex) -> String {
    let table = QName::from_expectation(&expected.table);
    format!(
        "SELECT c.relname::text, coalesce(pg_get_expr(i.indpred, i.indrelid), ''), {wanted}::text \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
         WHERE i.indrelid = to_regclass({relation}) AND i.indisunique = {unique} \
           AND (SELECT string_agg(a.attname, ',' ORDER BY k.ord) \
                FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, ord) \
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) = {columns} \
           AND NOT 0 = ANY (i.indkey::int2[]) \
         ORDER BY 1",
        wanted = expected
            .predicate
            .as_deref()
            .map(literal)
            .unwrap_or_else(|| "NULL".to_string()),
        relation = literal(&table_name(&table)),
        unique = expected.unique,
        columns = literal(&expected.columns.join(",")),
    )
}

/// The catalog query, then two rows inside the predicate with the same key
/// ([`FIRST`], [`SECOND`]); with `outside`, then one row per predicate term with that
/// term made false, the same key again.
pub fn collision(
    schema: &Schema,
    expectations: &Expectations,
    expected: &ExpectedIndex,
    outside: bool,
) -> Result<Vec<String>, String> {
    let table = QName::from_expectation(&expected.table);
    let types = |column: &str| -> Result<String, String> {
        schema
            .table(&table)
            .and_then(|t| t.column(column))
            .map(|c| c.data_type.clone())
            .ok_or_else(|| format!("the schema model has no column {}.{column}", expected.table))
    };
    let mut key: Vec<(String, Value)> = Vec::new();
    for column in &expected.columns {
        key.push((column.clone(), Some(sample(schema, &types(column)?, 1))));
    }
    let terms = match expected.predicate.as_deref() {
        Some(text) => {
            let expr = predicate::parse(text)
                .map_err(|e| format!("the expected predicate does not parse: {e}"))?;
            let mut parts = Vec::new();
            predicate::conjuncts(&expr, &mut parts);
            parts
                .into_iter()
                .map(|term| settable(term, schema, &types))
                .collect::<Result<Vec<_>, _>>()?
        }
        None => Vec::new(),
    };
    let with = |overrides: &[(String, Value)]| {
        let mut set = key.clone();
        for (column, value) in overrides {
            match set.iter_mut().find(|(c, _)| c == column) {
                Some(slot) => slot.1 = value.clone(),
                None => set.push((column.clone(), value.clone())),
            }
        }
        set
    };
    let inside: Vec<(String, Value)> = terms
        .iter()
        .map(|t| (t.column.clone(), t.inside.clone()))
        .collect();
    let mut steps = vec![
        catalog(expected),
        CONSTRAINTS_NOW.to_string(),
        TRIGGERS_OFF.to_string(),
        insert(schema, expectations, &table, 1, &with(&inside))?,
        insert(schema, expectations, &table, 2, &with(&inside))?,
    ];
    if outside {
        let mut n = 3;
        for (i, term) in terms.iter().enumerate() {
            for value in &term.outside {
                let mut set = inside.clone();
                if let Some(slot) = set.get_mut(i) {
                    slot.1 = value.clone();
                }
                steps.push(insert(schema, expectations, &table, n, &with(&set))?);
                n += 1;
            }
        }
    }
    Ok(steps)
}

/// A predicate term as a column value that makes it true, and the values that make it
/// false: every one of them where the column's type has few (an enum's other labels).
struct Term {
    column: String,
    inside: Value,
    outside: Vec<Value>,
}

fn settable(
    term: &Expr,
    schema: &Schema,
    types: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Term, String> {
    let unsupported = || format!("no row can be written for the predicate term {term}");
    match predicate::strip(term) {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => {
            let (column, value) =
                match (predicate::column_name(left), predicate::column_name(right)) {
                    (Some(c), None) => (c, right),
                    (None, Some(c)) => (c, left),
                    _ => return Err(unsupported()),
                };
            let Expr::Value(value) = predicate::strip(value) else {
                return Err(unsupported());
            };
            let value = value.to_string();
            let outside = others_than(schema, &types(&column)?, &value);
            if outside.is_empty() {
                return Err(unsupported());
            }
            Ok(Term {
                column,
                inside: Some(value),
                outside: outside.into_iter().map(Some).collect(),
            })
        }
        Expr::IsNotNull(inner) | Expr::IsNull(inner) => {
            let column = predicate::column_name(inner).ok_or_else(unsupported)?;
            let present = Some(sample(schema, &types(&column)?, 1));
            let not_null = matches!(predicate::strip(term), Expr::IsNotNull(_));
            let (inside, outside) = if not_null {
                (present, None)
            } else {
                (None, present)
            };
            Ok(Term {
                column,
                inside,
                outside: vec![outside],
            })
        }
        _ => Err(unsupported()),
    }
}

fn judge(probe: &Probe, answers: &[Answer]) -> Outcome {
    if probe.steps.len() == 1 {
        return exists(probe, answers);
    }
    match collides(probe, answers, HOW_UNIQUE) {
        Ok(observed) => Outcome::new(ProofResult::Confirmed, HOW_UNIQUE, observed),
        Err(outcome) => outcome,
    }
}

const HOW_EXISTS: &str = "looked in pg_index for an index on the table with these columns in this order and this uniqueness";
const HOW_UNIQUE: &str = "looked in pg_index for the index, then inserted two rows inside the expected predicate with the same key (foreign keys and triggers off while inserting)";

fn exists(probe: &Probe, answers: &[Answer]) -> Outcome {
    match matching(probe, answers, HOW_EXISTS) {
        Ok(names) => Outcome::new(
            ProofResult::Confirmed,
            HOW_EXISTS,
            format!("pg_index has {}", names.join(", ")),
        ),
        Err(outcome) => outcome,
    }
}

/// The names of the matching indexes the catalog step found; none refutes.
pub fn matching(probe: &Probe, answers: &[Answer], how: &str) -> Result<Vec<String>, Outcome> {
    let catalog = step(answers, CATALOG, how)?;
    if !catalog.ok {
        return Err(Outcome::new(
            ProofResult::Inconclusive,
            how,
            format!("the catalog query failed: {}", catalog.said()),
        ));
    }
    let names: Vec<String> = catalog
        .rows
        .iter()
        .filter_map(|r| r.first().cloned().flatten())
        .collect();
    if names.is_empty() {
        return Err(Outcome::new(
            ProofResult::Refuted,
            how,
            format!("PostgreSQL has no {}", probe.subject),
        ));
    }
    Ok(names)
}

/// Whether the second row inside the predicate collided on a matching index: `Ok`
/// with what was seen, or the refuting or inconclusive outcome.
pub fn collides(probe: &Probe, answers: &[Answer], how: &str) -> Result<String, Outcome> {
    let names = matching(probe, answers, how)?;
    let inconclusive = |observed: String| Outcome::new(ProofResult::Inconclusive, how, observed);
    for setup in CATALOG + 1..FIRST {
        let answer = step(answers, setup, how)?;
        if !answer.ok {
            return Err(inconclusive(format!(
                "could not set the probe up: {}",
                answer.said()
            )));
        }
    }
    let first = step(answers, FIRST, how)?;
    if !first.ok || first.affected != 1 {
        return Err(inconclusive(format!(
            "PostgreSQL refused the first row for another reason: {}",
            first.said()
        )));
    }
    let second = step(answers, SECOND, how)?;
    if second.ok {
        return Err(Outcome::new(
            ProofResult::Refuted,
            how,
            format!(
                "a second row inside the predicate with the same key was accepted ({}); {} does not hold them apart",
                second.said(),
                names.join(", ")
            ),
        ));
    }
    match &second.constraint {
        Some(index) if second.refused_with("23505") && names.contains(index) => Ok(format!(
            "the second row with the same key was refused: {}",
            second.said()
        )),
        _ => Err(inconclusive(format!(
            "the second row was refused by something else than {}: {}",
            names.join(", "),
            second.said()
        ))),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gate::GateId;

    pub fn ok(affected: u64) -> Answer {
        Answer {
            ok: true,
            affected,
            ..Answer::default()
        }
    }

    pub fn refused(sqlstate: &str, constraint: &str) -> Answer {
        Answer {
            sqlstate: Some(sqlstate.into()),
            message: Some("refused".into()),
            constraint: Some(constraint.into()).filter(|c: &String| !c.is_empty()),
            ..Answer::default()
        }
    }

    pub fn catalog_rows(names: &[&str]) -> Answer {
        Answer {
            ok: true,
            rows: names
                .iter()
                .map(|n| vec![Some(n.to_string()), Some(String::new()), None])
                .collect(),
            ..Answer::default()
        }
    }

    fn probe(steps: usize) -> Probe {
        Probe {
            gate: GateId::ExpectedIndex,
            subject: "unique index on t (a)".into(),
            result: 0,
            steps: vec![String::new(); steps],
        }
    }

    #[test]
    fn a_collision_on_the_index_confirms_and_two_accepted_rows_refute() {
        let head = [catalog_rows(&["t_a"]), ok(0), ok(0), ok(1)];
        let collided = [&head[..], &[refused("23505", "t_a")]].concat();
        assert_eq!(judge(&probe(5), &collided).result, ProofResult::Confirmed);
        let accepted = [&head[..], &[ok(1)]].concat();
        let outcome = judge(&probe(5), &accepted);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert!(
            outcome.observed.contains("was accepted"),
            "{}",
            outcome.observed
        );
    }

    #[test]
    fn another_refusal_or_a_refused_scaffold_is_inconclusive() {
        let head = [catalog_rows(&["t_a"]), ok(0), ok(0)];
        let elsewhere = [&head[..], &[ok(1), refused("23505", "t_pkey")]].concat();
        assert_eq!(
            judge(&probe(5), &elsewhere).result,
            ProofResult::Inconclusive
        );
        let scaffold = [&head[..], &[refused("23514", "t_check"), ok(1)]].concat();
        assert_eq!(
            judge(&probe(5), &scaffold).result,
            ProofResult::Inconclusive
        );
        assert_eq!(judge(&probe(5), &head).result, ProofResult::Inconclusive);
    }

    #[test]
    fn no_matching_index_refutes() {
        assert_eq!(
            judge(&probe(1), &[catalog_rows(&[])]).result,
            ProofResult::Refuted
        );
        assert_eq!(
            judge(&probe(1), &[catalog_rows(&["t_a"])]).result,
            ProofResult::Confirmed
        );
        assert_eq!(
            judge(&probe(5), &[catalog_rows(&[])]).result,
            ProofResult::Refuted
        );
    }
}
