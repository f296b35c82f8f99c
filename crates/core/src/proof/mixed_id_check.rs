//! `mixed-id-check` in PostgreSQL: for each variant, a row that names its owner is
//! accepted, and a row that names none, or its owner and any other, is refused by a
//! CHECK.

use crate::gate::ProofResult;
use crate::run::expectations::{Expectations, MixedId};
use crate::sql::model::Schema;
use crate::sql::names::QName;

use super::scaffold::{CONSTRAINTS_NOW, TRIGGERS_OFF, Value, insert, literal, sample};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

const HOW: &str = "for each variant, inserted a row naming its owner, one naming none, and one naming its owner and each other owner (foreign keys and triggers off while inserting)";

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
    let mut steps = vec![CONSTRAINTS_NOW.to_string(), TRIGGERS_OFF.to_string()];
    let mut n = 0;
    for (value, owner) in &mixed.variants {
        let others: Vec<&String> = mixed.variants.values().filter(|c| *c != owner).collect();
        let mut rows = Vec::new();
        let named_sets = [vec![owner], Vec::new()]
            .into_iter()
            .chain(others.iter().map(|other| vec![owner, *other]));
        for named in named_sets {
            n += 1;
            let mut set: Vec<(String, Value)> =
                vec![(mixed.discriminator.clone(), Some(literal(value)))];
            for column in mixed.variants.values() {
                let value = match named.contains(&column) {
                    true => Some(value_of(column, n)?),
                    false => None,
                };
                set.push((column.clone(), value));
            }
            rows.push(insert(schema, expectations, &table, n, &set)?);
        }
        let others: Vec<&str> = others.iter().map(|c| c.as_str()).collect();
        steps.push(format!(
            "SELECT {}, {}, {}",
            literal(&format!("{} = '{value}' → {owner}", mixed.discriminator)),
            literal(&rows.len().to_string()),
            literal(&others.join(","))
        ));
        steps.extend(rows);
    }
    Ok(steps)
}

/// Per variant, the label step says how many rows follow and which other owners the
/// rows after the first two name: the row naming its owner, the row naming none, then
/// one row per other owner, naming both.
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
        let (name, count, others) = (value(0), value(1), value(2));
        let Some((group, next)) = count.parse().ok().and_then(|k| after.split_at_checked(k)) else {
            return inconclusive("the answers do not match the probe's steps".to_string());
        };
        rest = next;
        let [good, none, two @ ..] = group else {
            return inconclusive("the answers do not match the probe's steps".to_string());
        };
        if !good.ok {
            unsure.push(format!(
                "{name}: the row naming its owner was refused ({})",
                good.said()
            ));
            continue;
        }
        let mut rows = vec![("no owner".to_string(), none)];
        rows.extend(
            others
                .split(',')
                .filter(|o| !o.is_empty())
                .map(|other| format!("{other} set too"))
                .zip(two),
        );
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
            by.dedup();
            refused.push(format!(
                "{name}: no owner and two owners refused by {}",
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
    use crate::proof::expected_index::tests::{ok, refused};

    fn label() -> Answer {
        Answer {
            ok: true,
            rows: vec![vec![
                Some("kind = 'user' → u".into()),
                Some("3".into()),
                Some("o".into()),
            ]],
            ..Answer::default()
        }
    }

    fn probe() -> Probe {
        Probe {
            gate: "mixed-id-check".into(),
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
        ];
        let outcome = judge(&probe(), &good);
        assert_eq!(outcome.result, ProofResult::Confirmed, "{outcome:?}");
        assert_eq!(
            outcome.observed,
            "kind = 'user' → u: no owner and two owners refused by le_check"
        );
        let open = [
            ok(0),
            ok(0),
            label(),
            ok(1),
            refused("23514", "le_check"),
            ok(1),
        ];
        let outcome = judge(&probe(), &open);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert_eq!(
            outcome.observed,
            "kind = 'user' → u: a row with o set too was accepted"
        );
    }

    #[test]
    fn a_refused_good_row_or_another_error_is_inconclusive() {
        let scaffold = [ok(0), ok(0), label(), refused("23502", ""), ok(1), ok(1)];
        assert_eq!(judge(&probe(), &scaffold).result, ProofResult::Inconclusive);
        let other = [
            ok(0),
            ok(0),
            label(),
            ok(1),
            refused("23502", ""),
            refused("23514", "c"),
        ];
        assert_eq!(judge(&probe(), &other).result, ProofResult::Inconclusive);
        assert_eq!(
            judge(&probe(), &[ok(0), ok(0)]).result,
            ProofResult::Inconclusive
        );
    }
}
