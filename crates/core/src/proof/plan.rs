//! The plan for a review: the migration's statements, and a probe for each result of a
//! gate that has a proof (`crate::registry`).

use crate::registry::GATES;
use crate::review::Review;
use crate::sql::parse::Outcome;

use super::{Plan, Probe, Unprovable};

/// What to run for this review. Without a readable run there is nothing to prove; a
/// result whose gate gives no probe for it (its expectations are not listed, or a
/// probe cannot be written) is in `unprovable` with why.
pub fn plan(review: &Review) -> Plan {
    let Some(sql) = &review.sql else {
        return Plan::default();
    };
    let expectations = review
        .run()
        .and_then(|run| run.expectations.clone())
        .unwrap_or_default();
    let unreadable: Vec<&str> = sql
        .files
        .iter()
        .filter(|f| f.read_error.is_some())
        .map(|f| f.path.as_str())
        .collect();
    let mut plan = Plan {
        migration: statements(review),
        ..Plan::default()
    };
    for gate in GATES {
        let Some(prover) = gate.prove else {
            continue;
        };
        let results: Vec<usize> = review
            .gates
            .iter()
            .enumerate()
            .filter(|(_, g)| g.id == gate.info.id)
            .map(|(i, _)| i)
            .collect();
        let drafts = (prover.drafts)(&sql.schema, &expectations);
        if drafts.is_empty() {
            continue;
        }
        if drafts.len() != results.len() {
            plan.unprovable
                .extend(results.into_iter().map(|result| Unprovable {
                    result,
                    why: format!(
                        "{} gave {} results for {} expectations: they cannot be paired with probes",
                        gate.info.id,
                        review.gates.iter().filter(|g| g.id == gate.info.id).count(),
                        drafts.len()
                    ),
                }));
            continue;
        }
        for (result, draft) in results.into_iter().zip(drafts) {
            let steps = match (unreadable.first(), draft.steps) {
                (Some(path), _) => Err(format!(
                    "{path} could not be read, so the migration cannot be run as a whole"
                )),
                (None, steps) => steps,
            };
            match steps {
                Ok(steps) => plan.probes.push(Probe {
                    gate: gate.info.id.to_string(),
                    subject: draft.subject,
                    result,
                    steps,
                }),
                Err(why) => plan.unprovable.push(Unprovable { result, why }),
            }
        }
    }
    plan
}

/// The up statements of every file, in order, with the boundaries the engine found.
fn statements(review: &Review) -> Vec<String> {
    let Some(sql) = &review.sql else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (report, file) in sql.files.iter().zip(&review.sql_files) {
        let Ok(text) = &file.text else {
            continue;
        };
        for statement in &report.statements {
            if statement.outcome == Outcome::DownSection {
                continue;
            }
            if let Some(sql) = text.get(statement.span.start..statement.span.end) {
                out.push(sql.to_string());
            }
        }
    }
    out
}
