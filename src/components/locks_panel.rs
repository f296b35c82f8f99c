//! "Locks & data": each statement of the migration with what PostgreSQL showed it doing
//! to the tables that existed before it (the core's `prove::observe`): the lock modes
//! held, what they make wait, whether it read or rewrote the table, the table's size
//! from the run's stats, and how long the statement took over the scaffold rows; then, per table, whether its rows came through the migration
//! as they were (gate `data-kept`), the changed ones row by row. Before a proof, what
//! it waits for.

use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::gate::{Detail, GateId};
use secondlook_review::locks::{Observed, StatementLocks};
use secondlook_review::review::Review;

use crate::proof_run::{ProofRun, ProofState};

#[component]
pub fn LocksPanel(
    /// The review to show: the proven one once PostgreSQL has answered.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let observed = review.sql.as_ref().and_then(|sql| sql.observed.clone());
    let body = match observed {
        Some(observed) => observed_table(&observed).into_any(),
        None if review.baseline_files.is_empty() => view! {
            <p class="missing" data-testid="locks-waiting">
                "No baseline: the migration is judged as the database's first, so no table \
                 it meets exists yet and no lock on one can be observed. Give the run a \
                 schema.baseline, or open a migrations folder, to see the locks each \
                 statement takes."
            </p>
        }
        .into_any(),
        None => {
            let run = use_context::<ProofRun>();
            let words = move || match run.map(|r| r.state.get()) {
                Some(ProofState::Running(_)) => "Waiting for the proof: PostgreSQL in this \
                    tab runs the baseline, then the migration, reading each statement's \
                    locks on the baseline's tables."
                    .to_string(),
                Some(ProofState::Unavailable(why)) => format!(
                    "PostgreSQL cannot run in this tab ({why}): no lock was observed, and \
                     the lock budget is not verified."
                ),
                Some(ProofState::Done { .. }) => {
                    "The proof observed nothing of this migration.".to_string()
                }
                Some(ProofState::Off) | None => "Not proven yet: only PostgreSQL can say \
                    which lock each statement takes. Prove the review (the button under \
                    the verdict) to observe the migration over its baseline."
                    .to_string(),
            };
            view! { <p class="missing" data-testid="locks-waiting">{words}</p> }.into_any()
        }
    };
    view! {
        <section class="locks-panel" aria-labelledby="locks-heading" data-testid="locks-panel">
            <h2 id="locks-heading">"Locks & data"</h2>
            {body}
            {kept_data(&review)}
        </section>
    }
}

/// Per baseline table, what gate `data-kept` found of its rows: its result in words,
/// and the rows that changed. Nothing without a baseline, which has no rows to keep.
fn kept_data(review: &Review) -> Option<impl IntoView + use<>> {
    let results: Vec<_> = review
        .gates
        .iter()
        .filter(|g| g.id == GateId::DataKept)
        .map(|gate| {
            let changed = match &gate.detail {
                Some(Detail::ChangedRows(rows)) => Some(super::gates::changed_rows(rows)),
                _ => None,
            };
            view! {
                <li data-testid="kept-table" data-status=gate.status.as_str()>
                    <p>{gate.message.clone()}</p>
                    {changed}
                </li>
            }
        })
        .collect();
    (!results.is_empty()).then(|| {
        view! {
            <h3>"Rows kept"</h3>
            <ul class="kept-tables">{results}</ul>
        }
    })
}

fn observed_table(observed: &Observed) -> impl IntoView {
    let rows = observed
        .statements
        .iter()
        .map(statement_rows)
        .collect_view();
    view! {
        <table class="locks-table">
            <thead>
                <tr>
                    <th scope="col">"Statement"</th>
                    <th scope="col">"Table"</th>
                    <th scope="col">"Lock"</th>
                    <th scope="col">"Makes wait"</th>
                    <th scope="col">"Read"</th>
                    <th scope="col">"Rewritten"</th>
                    <th scope="col">"Rows"</th>
                    <th scope="col">"Bytes"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// One row per relation the statement held, read or rewrote; one row saying so when it
/// touched none, or was not observed.
fn statement_rows(statement: &StatementLocks) -> impl IntoView {
    let head = view! {
        <th scope="row" class="locks-statement">
            <code>{statement.at.clone()}</code>
            " "
            <span class="locks-sql">{statement.sql.clone()}</span>
            {statement.took().map(|took| view! {
                <span class="locks-time" data-testid="locks-time">
                    {format!("{took} on the scaffold rows")}
                </span>
            })}
        </th>
    };
    let at = statement.at.clone();
    if let Some(why) = &statement.not_observed {
        return view! {
            <tr data-testid="locks-row" data-at=at class="locks-unobserved">
                {head}
                <td colspan="7">{format!("not observed: {why}")}</td>
            </tr>
        }
        .into_any();
    }
    if statement.relations.is_empty() {
        return view! {
            <tr data-testid="locks-row" data-at=at>
                {head}
                <td colspan="7">"no lock on a table that existed before the migration"</td>
            </tr>
        }
        .into_any();
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let number = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_else(|| "—".into());
    statement
        .relations
        .iter()
        .enumerate()
        .map(|(i, relation)| {
            let mode = relation.strongest();
            view! {
                <tr data-testid="locks-row" data-at=at.clone()>
                    {(i == 0).then(|| head.clone())}
                    {(i > 0).then(|| view! { <td></td> })}
                    <td>{relation.name.clone()}</td>
                    <td class="locks-mode">{mode.map_or("none", |m| m.name())}</td>
                    <td>{mode.map_or("", |m| m.blocks())}</td>
                    <td>{yes_no(relation.scanned)}</td>
                    <td>{yes_no(relation.rewritten)}</td>
                    <td>{number(relation.rows)}</td>
                    <td>{number(relation.bytes)}</td>
                </tr>
            }
        })
        .collect_view()
        .into_any()
}
