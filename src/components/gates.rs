use leptos::prelude::*;
use secondlook_core::gate::{Evidence, GateResult, Status};
use secondlook_core::registry;
use secondlook_core::sql::SqlFile;

use super::sql_panel::sql_anchor;
use super::status::icon_and_words;
use crate::proof_run::{ProofRun, probes_of};

/// Every gate result, failures first, then what nobody could check, then passes.
#[component]
pub fn Gates(
    /// The results to show, in any order.
    gates: Vec<GateResult>,
    /// The SQL files the results may point into, to link evidence to its line.
    sql_files: Vec<SqlFile>,
) -> impl IntoView {
    let groups: Vec<(Status, Vec<GateResult>)> = Status::BY_ATTENTION
        .into_iter()
        .map(|status| {
            let members = gates.iter().filter(|g| g.status == status).cloned();
            (status, members.collect())
        })
        .collect();
    let counts = groups
        .iter()
        .map(|(status, members)| {
            let (icon, words) = icon_and_words(*status);
            view! {
                <li
                    class="gate-count"
                    data-testid="gate-count"
                    data-status=status.as_str()
                    class:zero=members.is_empty()
                >
                    <span class="status-icon" aria-hidden="true">{icon}</span>
                    <span class="count">{members.len()}</span>
                    " "
                    {words}
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
                    view! {
                        <h3 class="gate-group-heading">
                            {format!("{} ({})", group_heading(status), members.len())}
                        </h3>
                        <ul class="gate-group" data-status=status.as_str()>
                            {members.iter().map(|g| gate_row(g, &sql_files)).collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        </section>
    }
}

fn gate_row(gate: &GateResult, sql_files: &[SqlFile]) -> impl IntoView + use<> {
    let (icon, words) = icon_and_words(gate.status);
    let title = registry::gate(gate.id).map_or(gate.id, |g| g.title);
    let relates = (!gate.relates_to.is_empty()).then(|| {
        view! {
            <p class="relates">
                "Relates to "
                {gate
                    .relates_to
                    .iter()
                    .map(|id| view! { <span class="chip">{id.clone()}</span> })
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
    let proof = proof_view(gate);
    view! {
        <li
            class="gate-result"
            data-testid="gate-result"
            data-gate=gate.id
            data-status=gate.status.as_str()
            data-proof=gate.proof.as_ref().map_or("none", |p| p.result.as_str())
        >
            <span class="status" data-status=gate.status.as_str()>
                <span class="status-icon" aria-hidden="true">{icon}</span>
                {words}
            </span>
            <div class="gate-body">
                <p class="gate-head">
                    <strong class="gate-title">{title}</strong>
                    <a class="gate-id" href=format!("#rule-{}", gate.id) title="What this gate checks">
                        <code>{gate.id}</code>
                    </a>
                    <span class="severity" data-severity=gate.severity.as_str()>
                        {gate.severity.as_str()}
                    </span>
                </p>
                <p class="gate-message">{gate.message.clone()}</p>
                {relates}
                {evidence}
                {proof}
            </div>
        </li>
    }
}

/// What PostgreSQL answered for this result, and the probe's SQL on demand.
fn proof_view(gate: &GateResult) -> Option<impl IntoView + use<>> {
    let proof = gate.proof.as_ref()?;
    let word = proof.result.as_str();
    let run = use_context::<ProofRun>();
    let plan = run.and_then(|run| run.plan.get_untracked());
    let proven = run.and_then(|run| run.proven.get_untracked());
    let sql = plan.zip(proven).map(|(plan, proven)| {
        probes_of(&plan, &proven, gate)
            .flat_map(|probe| probe.steps.iter().map(|s| format!("{s};\n")))
            .collect::<String>()
    });
    Some(view! {
        <div class="proof" data-result=word>
            <p class="proof-head">
                <strong>{format!("PostgreSQL: {word}")}</strong>
                {format!(" — {}", proof.how)}
            </p>
            <p class="proof-observed">"It answered: " <code>{proof.observed.clone()}</code></p>
            <p class="proof-engine">{proof.engine.clone()}</p>
            {sql.filter(|s| !s.is_empty()).map(|sql| view! {
                <details class="probe-sql">
                    <summary>"Probe SQL"</summary>
                    <pre><code>{sql}</code></pre>
                </details>
            })}
        </div>
    })
}

/// Evidence as code; a place in a loaded SQL file links to its line in the SQL pane.
fn evidence_view(evidence: &Evidence, sql_files: &[SqlFile]) -> AnyView {
    match evidence {
        Evidence::RunPath { path } => view! { <code>{path.clone()}</code> }.into_any(),
        Evidence::Sql { file, line, column } => {
            let text = format!("{file}:{line}:{column}");
            match sql_anchor(sql_files, file, *line) {
                Some(href) => view! {
                    <a href=href>
                        <code>{text}</code>
                    </a>
                }
                .into_any(),
                None => view! { <code>{text}</code> }.into_any(),
            }
        }
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
