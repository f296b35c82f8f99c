//! `mixed-id-check` in PostgreSQL: for each variant, a row that names its owner is
//! accepted, and a row with every other pattern of set and unset owner columns (none,
//! another owner, its owner and any others) is refused by a CHECK. The owner columns
//! are a finite domain, so the probe covers all of it.

use crate::gate::ProofResult;
use crate::run::expectations::{Expectations, MixedId};
use crate::sql::model::Schema;
use crate::sql::names::QName;

use super::scaffold::{CONSTRAINTS_NOW, TRIGGERS_OFF, Value, insert, literal, sample};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

const HOW: &str = "for each variant, inserted a row naming its owner, then one row for every other pattern of set and unset owner columns (foreign keys and triggers off while inserting)";

/// Every pattern is a row per variant: 2^k rows for k owner columns. Past this many
/// columns the probe would be too long to run, and is not written.
const MAX_OWNER_COLUMNS: usize = 6;

/// Steps before the variants.
const SETUP: usize = 2;

fn drafts(schema: &Schema, expectations: &Expectations) -> Vec<Draft> {
    expectations
        .mixed_ids
        .iter()
        .flatten()
        .map(|mixed| Draft {
            subject: mixed.table.clone(),
            steps: steps(schema, expectations, mixed),
        })
        .collect()
}

fn steps(
    schema: &Schema,
    expectations: &Expectations,
    mixed: &MixedId,
) -> Result<Vec<String>, String> {
    let table = QName::from_expectation(&mixed.table);
    let model = schema
        .table(&table)
        .ok_or_else(|| format!("the schema model has no table {}", mixed.table))?;
    let value_of = |column: &str, n: u32| -> Result<String, String> {
        let column_type = model
            .column(column)
            .map(|c| c.data_type.as_str())
            .ok_or_else(|| format!("the schema model has no column {}.{column}", mixed.table))?;
        Ok(sample(schema, column_type, n))
    };
    let mut columns: Vec<&String> = mixed.variants.values().collect();
    columns.sort();
    columns.dedup();
    if columns.len() > MAX_OWNER_COLUMNS {
        return Err(format!(
            "{} has {} owner columns: every pattern of them would be {} rows per variant",
            mixed.table,
            columns.len(),
            1u64 << columns.len()
        ));
    }
    // Every subset of the owner columns, by size: bit i set names columns[i].
    let mut patterns: Vec<Vec<&String>> = (0..1usize << columns.len())
        .map(|bits| {
            let named = columns.iter().enumerate();
            named
                .filter(|(i, _)| bits & (1 << i) != 0)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect();
    patterns.sort_by_key(Vec::len);
    let mut steps = vec![CONSTRAINTS_NOW.to_string(), TRIGGERS_OFF.to_string()];
    let mut n = 0;
    for (value, owner) in &mixed.variants {
        let others: Vec<&Vec<&String>> = patterns.iter().filter(|p| **p != [owner]).collect();
        let mut rows = Vec::new();
        for named in std::iter::once(&vec![owner]).chain(others.iter().copied()) {
            n += 1;
            let mut set: Vec<(String, Value)> =
                vec![(mixed.discriminator.clone(), Some(literal(value)))];
            for column in &columns {
                let value = match named.contains(column) {
                    true => Some(value_of(column, n)?),
                    false => None,
                };
                set.push((column.to_string(), value));
            }
            rows.push(insert(schema, expectations, &table, n, &set)?);
        }
        let others: Vec<String> = others
            .iter()
            .map(|p| p.iter().map(|c| c.as_str()).collect::<Vec<_>>().join("+"))
            .collect();
        steps.push(format!(
            "SELECT {}, {}, {}",
            literal(&format!("{} = '{value}' → {owner}", mixed.discriminator)),
            literal(&rows.len().to_string()),
            literal(&others.join(";"))
        ));
        steps.extend(rows);
    }
    Ok(steps)
}

/// Per variant, the label step says how many rows follow and which owner columns each
/// row after the first sets (`u+o;o;` ...; empty: none): the first row names its owner.
fn judge(_: &Probe, answers: &[Answer]) -> Outcome {
    let inconclusive = |observed: String| Outcome::new(ProofResult::Inconclusive, HOW, observed);
    for setup in 0..SETUP {
        match step(answers, setup, HOW) {
            Ok(a) if a.ok => {}
            Ok(a) => return inconclusive(format!("could not set the probe up: {}", a.said())),
            Err(outcome) => return outcome,
        }
    }
    let mut refused = Vec::new();
    let mut unsure = Vec::new();
    let mut rest = answers.get(SETUP..).unwrap_or_default();
    while let Some((label, after)) = rest.split_first() {
        let value = |i: usize| {
            label
                .first_row()
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_default()
        };
        let (name, count, patterns) = (value(0), value(1), value(2));
        let Some((group, next)) = count.parse().ok().and_then(|k| after.split_at_checked(k)) else {
            return inconclusive("the answers do not match the probe's steps".to_string());
        };
        rest = next;
        let patterns: Vec<&str> = patterns.split(';').collect();
        let Some((good, others)) = group
            .split_first()
            .filter(|(_, o)| o.len() == patterns.len())
        else {
            return inconclusive("the answers do not match the probe's steps".to_string());
        };
        if !good.ok {
            unsure.push(format!(
                "{name}: the row naming its owner was refused ({})",
                good.said()
            ));
            continue;
        }
        let rows = patterns.iter().map(|p| match *p {
            "" => "no owner".to_string(),
            set => format!("{} set", set.replace('+', " and ")),
        });
        let rows: Vec<(String, &Answer)> = rows.zip(others).collect();
        let tried = rows.len();
        let mut by = Vec::new();
        let mut sure = true;
        for (what, answer) in rows {
            if answer.ok && answer.affected > 0 {
                return Outcome::new(
                    ProofResult::Refuted,
                    HOW,
                    format!("{name}: a row with {what} was accepted"),
                );
            }
            if answer.refused_with("23514") {
                by.push(
                    answer
                        .constraint
                        .clone()
                        .unwrap_or_else(|| "a CHECK".to_string()),
                );
            } else {
                sure = false;
                unsure.push(format!("{name}: the row with {what}: {}", answer.said()));
            }
        }
        if sure {
            by.sort();
            by.dedup();
            refused.push(format!(
                "{name}: all {tried} other patterns of owner columns refused by {}",
                by.join(" and ")
            ));
        }
    }
    if refused.is_empty() && unsure.is_empty() {
        return inconclusive("no variant was probed".to_string());
    }
    if unsure.is_empty() {
        Outcome::new(ProofResult::Confirmed, HOW, refused.join("; "))
    } else {
        inconclusive(unsure.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::proof::expected_index::tests::{ok, refused};

    fn label() -> Answer {
        Answer {
            ok: true,
            rows: vec![vec![
                Some("kind = 'user' → u".into()),
                Some("4".into()),
                Some(";o;o+u".into()),
            ]],
            ..Answer::default()
        }
    }

    fn probe() -> Probe {
        Probe {
            gate: GateId::MixedIdCheck,
            subject: "le".into(),
            result: 0,
            steps: Vec::new(),
        }
    }

    #[test]
    fn refusals_by_a_check_confirm_and_an_accepted_row_refutes() {
        let good = [
            ok(0),
            ok(0),
            label(),
            ok(1),
            refused("23514", "le_check"),
            refused("23514", "le_check"),
            refused("23514", "le_check"),
        ];
        let outcome = judge(&probe(), &good);
        assert_eq!(outcome.result, ProofResult::Confirmed, "{outcome:?}");
        assert_eq!(
            outcome.observed,
            "kind = 'user' → u: all 3 other patterns of owner columns refused by le_check"
        );
        // The wrong owner alone: the pattern a probe of "none" and "two" misses.
        let open = [
            ok(0),
            ok(0),
            label(),
            ok(1),
            refused("23514", "le_check"),
            ok(1),
            refused("23514", "le_check"),
        ];
        let outcome = judge(&probe(), &open);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert_eq!(
            outcome.observed,
            "kind = 'user' → u: a row with o set was accepted"
        );
    }

    #[test]
    fn a_refused_good_row_or_another_error_is_inconclusive() {
        let scaffold = [
            ok(0),
            ok(0),
            label(),
            refused("23502", ""),
            ok(1),
            ok(1),
            ok(1),
        ];
        assert_eq!(judge(&probe(), &scaffold).result, ProofResult::Inconclusive);
        let other = [
            ok(0),
            ok(0),
            label(),
            ok(1),
            refused("23502", ""),
            refused("23514", "c"),
            refused("23514", "c"),
        ];
        assert_eq!(judge(&probe(), &other).result, ProofResult::Inconclusive);
        assert_eq!(
            judge(&probe(), &[ok(0), ok(0)]).result,
            ProofResult::Inconclusive
        );
    }
}
