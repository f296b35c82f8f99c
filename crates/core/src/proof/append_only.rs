//! `append-only` in PostgreSQL: one scaffold row goes in (foreign keys and triggers off
//! only while it does), then it is changed and deleted as each of `writerRoles`, and
//! as the table's owner. Each event must be refused: by an error (a raising trigger),
//! by changing no row (a DO INSTEAD NOTHING rule, a trigger that skips it), or, for a
//! writer role, by a permission error. The owner holds every privilege, so a change the
//! owner makes is refused by nothing but a trigger or a rule: then the writer roles
//! must each be refused.

use crate::gate::ProofResult;
use crate::run::expectations::Expectations;
use crate::sql::model::{ConstraintKind, Schema, Table};
use crate::sql::names::QName;

use super::scaffold::{
    TRIGGERS_OFF, TRIGGERS_ON, enum_labels, ident, insert, literal, sample, table_name,
};
use super::{Answer, Draft, Outcome, Probe, Prover, step};

pub const PROVER: Prover = Prover { drafts, judge };

const HOW: &str = "inserted one row (foreign keys and triggers off only while inserting), then changed and deleted it as each writer role and as the table's owner";

/// Steps before the roles; per role: its name, SET ROLE, UPDATE, DELETE, RESET ROLE;
/// then the owner's UPDATE and DELETE.
const SETUP: usize = 3;
const ROLE: usize = 5;
const OWNER: usize = 2;

fn drafts(schema: &Schema, expectations: &Expectations) -> Vec<Draft> {
    expectations
        .append_only
        .iter()
        .flatten()
        .map(|expected| {
            let table = QName::from_expectation(&expected.table);
            Draft {
                subject: expected.table.clone(),
                steps: steps(schema, expectations, &table, &expected.writer_roles),
            }
        })
        .collect()
}

fn steps(
    schema: &Schema,
    expectations: &Expectations,
    table: &QName,
    roles: &[String],
) -> Result<Vec<String>, String> {
    let model = schema
        .table(table)
        .ok_or_else(|| format!("the schema model has no table {table}"))?;
    let name = table_name(table);
    let (column, value) = changed_column(schema, expectations, model)?;
    let update = format!("UPDATE {name} SET {} = {value}", ident(column));
    let delete = format!("DELETE FROM {name}");
    let mut steps = vec![
        TRIGGERS_OFF.to_string(),
        insert(schema, expectations, table, 1, &[])?,
        TRIGGERS_ON.to_string(),
    ];
    for role in roles {
        steps.extend([
            format!("SELECT {}", literal(role)),
            format!("SET LOCAL ROLE {}", ident(role)),
            update.clone(),
            delete.clone(),
            "RESET ROLE".to_string(),
        ]);
    }
    steps.extend([update, delete]);
    Ok(steps)
}

/// The column the UPDATE changes, and its new value: one no key, foreign key or
/// mixed-id rule reads, so that only the table's protection can refuse the change; a
/// real change, so a trigger that lets unchanged rows through is still met.
fn changed_column<'a>(
    schema: &Schema,
    expectations: &Expectations,
    model: &'a Table,
) -> Result<(&'a str, String), String> {
    let in_mixed_id = |column: &str| {
        expectations.mixed_ids.iter().flatten().any(|m| {
            QName::from_expectation(&m.table) == model.name
                && (m.discriminator == column || m.variants.values().any(|c| c == column))
        })
    };
    let keyed = |column: &str| {
        model.constraints.iter().any(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::ForeignKey { columns, .. } => columns.iter().any(|k| k == column),
            ConstraintKind::Check { .. } => false,
        })
    };
    let free = model.columns.iter().find(|c| {
        !keyed(&c.name) && !in_mixed_id(&c.name) && enum_labels(schema, &c.data_type).is_none()
    });
    let column = free
        .or(model.columns.first())
        .ok_or_else(|| format!("the schema model gives {} no column", model.name))?;
    Ok((&column.name, sample(schema, &column.data_type, 2)))
}

/// What one UPDATE or DELETE came to.
enum Met {
    Refused(String),
    /// It got past every rule and trigger; how, in words.
    Changed(String),
    Unsure(String),
}

/// Error classes that say something broke, not that a protection refused: data and
/// routine errors (a trigger function without RETURN), syntax and access errors,
/// resources, the server itself.
const INCIDENTAL: &[&str] = &[
    "0A", "08", "22", "25", "2F", "39", "40", "42", "53", "54", "55", "57", "58", "XX",
];

fn met(answer: &Answer, as_role: bool) -> Met {
    let code = answer.sqlstate.as_deref().unwrap_or_default();
    if answer.ok && answer.affected == 0 {
        Met::Refused("no row changed (a DO INSTEAD rule or a trigger skipped it)".to_string())
    } else if answer.ok {
        Met::Changed("changed the row".to_string())
    } else if code == "42501" && as_role {
        Met::Refused(answer.said())
    } else if code.starts_with("23") && answer.constraint.is_some() {
        // Constraints are checked after BEFORE triggers, and foreign keys after the
        // row is written: the change got past every protection. (The scaffold row
        // breaks its foreign keys on purpose, and PostgreSQL checks them again on an
        // UPDATE in the transaction that inserted the row.)
        Met::Changed(format!(
            "got past every rule and trigger; only a constraint checked after them objected: {}",
            answer.said()
        ))
    } else if code.starts_with("23") || INCIDENTAL.iter().any(|class| code.starts_with(class)) {
        Met::Unsure(format!(
            "refused by an error, not by a protection: {}",
            answer.said()
        ))
    } else {
        Met::Refused(answer.said())
    }
}

fn judge(_: &Probe, answers: &[Answer]) -> Outcome {
    let inconclusive = |observed: String| Outcome::new(ProofResult::Inconclusive, HOW, observed);
    for setup in 0..SETUP {
        let answer = match step(answers, setup, HOW) {
            Ok(a) => a,
            Err(outcome) => return outcome,
        };
        let scaffold_missing = setup == 1 && answer.affected != 1;
        if !answer.ok || scaffold_missing {
            return inconclusive(format!(
                "could not put the scaffold row in: {}",
                answer.said()
            ));
        }
    }
    let Some(split) = answers.len().checked_sub(OWNER).filter(|&at| at >= SETUP) else {
        return inconclusive("the answers do not match the probe's steps".to_string());
    };
    let (before, owner) = answers.split_at(split);
    let roles: Vec<&[Answer]> = before
        .get(SETUP..)
        .unwrap_or_default()
        .chunks(ROLE)
        .collect();
    let mut said = Vec::new();
    let mut unsure = Vec::new();
    for (event, offset) in [("UPDATE", 0), ("DELETE", 1)] {
        for role in &roles {
            let [label, set_role, update, delete, _reset] = role else {
                return inconclusive("the answers do not match the probe's steps".to_string());
            };
            let name = label
                .first_row()
                .first()
                .cloned()
                .flatten()
                .unwrap_or_default();
            if !set_role.ok {
                unsure.push(format!("could not act as {name}: {}", set_role.said()));
                continue;
            }
            match met(if offset == 0 { update } else { delete }, true) {
                Met::Changed(how) => {
                    return Outcome::new(
                        ProofResult::Refuted,
                        HOW,
                        format!("{event} as {name} {how}"),
                    );
                }
                Met::Unsure(why) => unsure.push(format!("{event} as {name}: {why}")),
                Met::Refused(_) => {}
            }
        }
        let Some(answer) = owner.get(offset) else {
            return inconclusive("the answers do not match the probe's steps".to_string());
        };
        match met(answer, false) {
            Met::Refused(why) => said.push(format!("{event} refused for every role: {why}")),
            Met::Unsure(why) => unsure.push(format!("{event} as the owner: {why}")),
            Met::Changed(how) if roles.is_empty() => {
                return Outcome::new(
                    ProofResult::Refuted,
                    HOW,
                    format!(
                        "{event} as the table's owner {how}, and the run names no writerRoles that privileges could stop"
                    ),
                );
            }
            Met::Changed(_) => said.push(format!(
                "{event}: the owner may, every writer role was refused"
            )),
        }
    }
    if unsure.is_empty() {
        // A trigger's WHEN, a rule's condition or a partition of its own can spare
        // other rows: behaviour speaks for the row it tried.
        said.push("this covers the one row the probe inserted".to_string());
        Outcome::new(ProofResult::Confirmed, HOW, said.join("; "))
    } else {
        inconclusive(unsure.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::proof::expected_index::tests::{ok, refused};

    fn probe() -> Probe {
        Probe {
            gate: GateId::AppendOnly,
            subject: "ledger".into(),
            result: 0,
            steps: Vec::new(),
        }
    }

    fn setup() -> Vec<Answer> {
        vec![ok(0), ok(1), ok(0)]
    }

    fn role(name: &str, update: Answer, delete: Answer) -> Vec<Answer> {
        let label = Answer {
            ok: true,
            rows: vec![vec![Some(name.into())]],
            ..Answer::default()
        };
        vec![label, ok(0), update, delete, ok(0)]
    }

    #[test]
    fn a_trigger_refusing_both_confirms() {
        let answers = [setup(), vec![refused("P0001", ""), refused("P0001", "")]].concat();
        let outcome = judge(&probe(), &answers);
        assert_eq!(outcome.result, ProofResult::Confirmed);
        assert!(
            outcome
                .observed
                .starts_with("UPDATE refused for every role: P0001"),
            "{}",
            outcome.observed
        );
    }

    #[test]
    fn a_constraint_checked_after_the_triggers_means_the_change_got_through() {
        let answers = [
            setup(),
            vec![refused("23503", "t_fk"), refused("P0001", "")],
        ]
        .concat();
        let outcome = judge(&probe(), &answers);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert!(
            outcome
                .observed
                .starts_with("UPDATE as the table's owner got past every rule and trigger"),
            "{}",
            outcome.observed
        );
    }

    #[test]
    fn an_owner_change_without_writer_roles_refutes() {
        let answers = [setup(), vec![ok(1), refused("P0001", "")]].concat();
        let outcome = judge(&probe(), &answers);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert!(
            outcome
                .observed
                .starts_with("UPDATE as the table's owner changed the row")
        );
    }

    #[test]
    fn privileges_protect_when_every_writer_role_is_refused() {
        let app = role("app", refused("42501", ""), refused("42501", ""));
        let answers = [setup(), app.clone(), vec![ok(1), ok(1)]].concat();
        assert_eq!(judge(&probe(), &answers).result, ProofResult::Confirmed);
        let writer = role("writer", ok(1), refused("42501", ""));
        let answers = [setup(), app, writer, vec![ok(1), ok(1)]].concat();
        let outcome = judge(&probe(), &answers);
        assert_eq!(outcome.result, ProofResult::Refuted);
        assert_eq!(outcome.observed, "UPDATE as writer changed the row");
    }

    #[test]
    fn a_rule_doing_nothing_counts_and_a_missing_scaffold_or_a_broken_trigger_is_inconclusive() {
        let answers = [setup(), vec![ok(0), ok(0)]].concat();
        assert_eq!(judge(&probe(), &answers).result, ProofResult::Confirmed);
        let scaffold = [vec![ok(0), ok(0), ok(0)], vec![ok(0), ok(0)]].concat();
        assert_eq!(judge(&probe(), &scaffold).result, ProofResult::Inconclusive);
        let broken = [setup(), vec![refused("2F005", ""), refused("P0001", "")]].concat();
        assert_eq!(judge(&probe(), &broken).result, ProofResult::Inconclusive);
        let raised = [setup(), vec![refused("23000", ""), refused("P0001", "")]].concat();
        assert_eq!(judge(&probe(), &raised).result, ProofResult::Inconclusive);
    }
}
