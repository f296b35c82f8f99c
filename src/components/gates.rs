use leptos::prelude::*;
use secondlook_review::gate::{
    Change, ChangedRow, ChangedRows, Detail, Evidence, GateResult, PredicateTerms, Status,
};
use secondlook_review::sql::SqlFile;

use super::place_links::with_place_links;
use super::proof_panel::{proof_details, proof_sentence};
use super::sql_panel::sql_anchor;
use super::status::icon_and_words;
use crate::proof_run::ProofRun;
use crate::rules;
use secondlook_review::workspace::anchor::Anchor;

/// Every gate result, failures first, then what nobody could check, then passes; a
/// count chip shows only its status.
#[component]
pub fn Gates(
    /// The results to show, in any order.
    gates: Vec<GateResult>,
    /// The SQL files the results may point into, to link evidence to its line.
    sql_files: Vec<SqlFile>,
) -> impl IntoView {
    let only = RwSignal::new(None::<Status>);
    let groups: Vec<(Status, Vec<AnyView>)> = Status::BY_ATTENTION
        .into_iter()
        .map(|status| {
            let members = gates
                .iter()
                .enumerate()
                .filter(|(_, g)| g.status == status)
                .map(|(i, g)| {
                    let card = Anchor::gate_result(g.id, gates.get(..i).unwrap_or_default());
                    gate_row(g, &card, &sql_files).into_any()
                });
            (status, members.collect())
        })
        .collect();
    let counts = groups
        .iter()
        .map(|(status, members)| {
            let status = *status;
            let (icon, words) = icon_and_words(status);
            let pressed = move || (only.get() == Some(status)).to_string();
            view! {
                <li>
                    <button
                        type="button"
                        class="gate-count"
                        data-testid="gate-count"
                        data-status=status.as_str()
                        class:zero=members.is_empty()
                        aria-pressed=pressed
                        title="Show only these; press again to show all"
                        on:click=move |_| {
                            only.update(|o| *o = if *o == Some(status) { None } else { Some(status) })
                        }
                    >
                        <span class="status-icon" aria-hidden="true">{icon}</span>
                        <span class="count">{members.len()}</span>
                        " "
                        {words}
                    </button>
                </li>
            }
        })
        .collect_view();
    let empty = gates
        .is_empty()
        .then(|| view! { <p class="missing">"No gate gave a result."</p> });
    view! {
        <section class="gates" aria-labelledby="gates-heading">
            <h2 id="gates-heading">"Gates"</h2>
            <ul class="gate-counts" aria-label="Results by status">{counts}</ul>
            {empty}
            {groups
                .into_iter()
                .filter(|(_, members)| !members.is_empty())
                .map(|(status, members)| {
                    let shown = move || only.get().is_none_or(|o| o == status);
                    view! {
                        <div class="gate-group-block" class:hidden=move || !shown()>
                            <h3 class="gate-group-heading" id=Anchor::GateGroup(status).element_id()>
                                {format!("{} ({})", group_heading(status), members.len())}
                            </h3>
                            <ul class="gate-group" data-status=status.as_str()>
                                {members}
                            </ul>
                        </div>
                    }
                })
                .collect_view()}
        </section>
    }
}

fn gate_row(gate: &GateResult, anchor: &Anchor, sql_files: &[SqlFile]) -> impl IntoView + use<> {
    let compared = gate.detail.as_ref().map(|detail| match detail {
        Detail::PredicateTerms(terms) => expected_vs_found(terms).into_any(),
        Detail::ChangedRows(rows) => changed_rows(rows).into_any(),
    });
    let (icon, words) = icon_and_words(gate.status);
    let id = gate.id;
    let title = move || rules::title(id);
    let relates = (!gate.relates_to.is_empty()).then(|| {
        view! {
            <p class="relates">
                "Relates to "
                {gate
                    .relates_to
                    .iter()
                    .map(|id| view! { <a class="chip" href=Anchor::Finding(id.clone()).href()>{id.clone()}</a> })
                    .collect_view()}
            </p>
        }
    });
    let evidence = (!gate.evidence.is_empty()).then(|| {
        view! {
            <p class="evidence">
                "Evidence "
                {gate
                    .evidence
                    .iter()
                    .map(|e| evidence_view(e, sql_files))
                    .collect_view()}
            </p>
        }
    });
    // The fix this result knows (the terms, the column, the statement to remove); a
    // gate's general fix is on its rule in Rules.
    let fix = gate
        .fix
        .as_ref()
        .filter(|_| gate.status == Status::Fail)
        .map(|fix| {
            view! {
                <p class="gate-fix" data-testid="gate-fix">
                    <span class="settle-label">"What would fix it: "</span>
                    {with_place_links(fix, sql_files)}
                </p>
            }
        });
    let proof = proof_view(gate);
    view! {
        <li
            class="gate-result"
            id=anchor.element_id()
            data-testid="gate-result"
            data-gate=gate.id.as_str()
            data-status=gate.status.as_str()
            data-proof=gate.proof.as_ref().map_or("none", |p| p.result.as_str())
            data-decided-by=gate.proof.as_ref().map_or("static-check", |p| p.decided_by.as_str())
        >
            <span class="status" data-status=gate.status.as_str()>
                <span class="status-icon" aria-hidden="true">{icon}</span>
                {words}
            </span>
            <div class="gate-body">
                <p class="gate-head">
                    <strong class="gate-title">{title}</strong>
                    <a class="gate-id" href=Anchor::Rule(gate.id).href() title="What this gate checks">
                        <code>{gate.id.as_str()}</code>
                    </a>
                    <span class="severity" data-severity=gate.severity.as_str()>
                        {gate.severity.as_str()}
                    </span>
                </p>
                <p class="gate-message">{gate.message.clone()}</p>
                {fix}
                {compared}
                {relates}
                {evidence}
                {proof}
            </div>
        </li>
    }
}

/// What PostgreSQL showed of this result in one sentence; what it ran and answered one
/// tap away.
fn proof_view(gate: &GateResult) -> Option<impl IntoView + use<>> {
    let proof = gate.proof.as_ref()?;
    let run = use_context::<ProofRun>();
    let sentence = proof_sentence(run, gate);
    Some(view! {
        <div class="proof" data-result=proof.result.as_str()>
            <p class="proof-head" data-testid="proof-sentence">{sentence}</p>
            <p class="proof-decided" data-testid="decided-by">
                {format!("Decided by {}.", proof.decided_by.words())}
            </p>
            {proof_details(run, gate)}
        </div>
    })
}

/// Evidence: a run-file path as code; a place in a loaded SQL file, a plain link to its
/// line in the SQL pane.
fn evidence_view(evidence: &Evidence, sql_files: &[SqlFile]) -> AnyView {
    match evidence {
        Evidence::RunPath { path } => view! { <code>{path.clone()}</code> }.into_any(),
        Evidence::Sql { file, line, column } => {
            let text = format!("{file}:{line}:{column}");
            match sql_anchor(sql_files, file, *line) {
                Some(href) => view! {
                    <a class="evidence-link" href=href title=text>
                        {format!("{file} line {line}")}
                    </a>
                }
                .into_any(),
                None => view! { <code>{text}</code> }.into_any(),
            }
        }
    }
}

/// The predicate's terms side by side: what is in place, and what is not.
fn expected_vs_found(terms: &PredicateTerms) -> impl IntoView + use<> {
    let rows = terms
        .missing
        .iter()
        .map(|t| ("missing", t.clone(), "—".to_string()))
        .chain(
            terms
                .different
                .iter()
                .map(|(want, have)| ("different", want.clone(), have.clone())),
        )
        .chain(
            terms
                .extra
                .iter()
                .map(|t| ("extra", "—".to_string(), t.clone())),
        )
        .chain(terms.same.iter().map(|t| ("same", t.clone(), t.clone())))
        .map(|(kind, want, have)| {
            view! {
                <tr data-term=kind>
                    <td>{kind}</td>
                    <td><code>{want}</code></td>
                    <td><code>{have}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="expected-found" data-testid="expected-found">
            <caption>{format!("WHERE of {}: expected vs found", terms.index)}</caption>
            <thead>
                <tr>
                    <th scope="col">"Term"</th>
                    <th scope="col">"Expected"</th>
                    <th scope="col">"Found"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The scaffold rows the migration did not keep as they were, a value a line: what
/// the run declares last, marked with its reason.
pub(super) fn changed_rows(changed: &ChangedRows) -> impl IntoView + use<> {
    let mut rows: Vec<&ChangedRow> = changed.rows.iter().collect();
    rows.sort_by_key(|r| r.declared.is_some());
    let rows = rows
        .into_iter()
        .map(|row| {
            let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "NULL".to_string());
            let after = match row.change {
                Change::ValueChanged => value(&row.after),
                Change::RowGone | Change::ColumnDropped => "—".to_string(),
            };
            view! {
                <tr data-change=row.change.as_str() data-declared=row.declared.is_some().to_string()>
                    <td><code>{row.key.clone()}</code></td>
                    <td><code>{row.column.clone().unwrap_or_default()}</code></td>
                    <td><code>{value(&row.before)}</code></td>
                    <td><code>{after}</code></td>
                    <td>
                        {match &row.declared {
                            Some(reason) => format!("declared: {reason}"),
                            None => row.change.as_str().to_string(),
                        }}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="expected-found changed-rows" data-testid="changed-rows">
            <caption>{format!("Rows of {} before and after the migration", changed.table)}</caption>
            <thead>
                <tr>
                    <th scope="col">"Row"</th>
                    <th scope="col">"Column"</th>
                    <th scope="col">"Before"</th>
                    <th scope="col">"After"</th>
                    <th scope="col">"Change"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn group_heading(status: Status) -> &'static str {
    match status {
        Status::Fail => "Failed",
        Status::NotVerified => "Not verified",
        Status::NotReported => "Not reported",
        Status::Pass => "Passed",
    }
}
