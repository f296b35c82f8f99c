use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::gate::Status;
use secondlook_review::review::Review;
use secondlook_review::verdict::{Decision, Verdict};
use secondlook_review::workspace::anchor::Anchor;

use super::proof_panel::ProofBasis;
use super::run_error::RunErrorMessage;
use super::verdict_reasons::VerdictReasons;
use crate::proof_run::{Basis, ProofRun};

/// The recomputed verdict, what it rests on and the declared verdict stay at the top;
/// the results that need a reviewer (see [`VerdictReasons`]), any discrepancy and the
/// self-audit's must-fix items follow below it, scrolling with the page.
#[component]
pub fn VerdictBanner(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
    /// Inputs that could not be loaded, as (name, reason): a run that 404s is not "no
    /// run given".
    #[prop(optional)]
    failed_loads: Vec<(String, String)>,
    /// The proof with PostgreSQL in this tab, whose state the verdict is read with;
    /// without one the verdict rests on the static re-check alone.
    #[prop(optional)]
    proof: Option<ProofRun>,
) -> impl IntoView {
    let must_fix = review
        .run()
        .and_then(|run| run.self_audit.as_ref())
        .and_then(|audit| audit.must_fix_before_backfill.clone())
        .unwrap_or_default();
    let verdict = match (&review.run, &review.decision) {
        (_, Some(decision)) => recomputed(decision, proof).into_any(),
        (Some(Err(error)), None) => view! {
            <div class="verdict-none">
                <p class="verdict-none-words">"The verdict cannot be computed"</p>
                <p>"The run file could not be read:"</p>
                <RunErrorMessage
                    error=error.clone()
                    path=review.run_path.clone()
                    test_id="load-error"
                />
            </div>
        }
        .into_any(),
        _ if !failed_loads.is_empty() => view! {
            <div class="verdict-none">
                <p class="verdict-none-words">"No verdict: an input could not be loaded"</p>
                <ul>
                    {failed_loads
                        .iter()
                        .map(|(name, why)| {
                            view! {
                                <li data-testid="failed-load">
                                    <code>{name.clone()}</code>
                                    {format!(": {why}")}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="verdict-none">
                <p class="verdict-none-words">"No run loaded: no verdict"</p>
                <p>"Load a run file to re-check its gates."</p>
            </div>
        }
        .into_any(),
    };
    let declared = match &review.report {
        Some(report) => view! {
            <dl class="declared">
                <dt>"Report"</dt>
                <dd data-testid="report-title">
                    {report.title.clone().unwrap_or_else(|| "(untitled report)".to_string())}
                </dd>
                <dt>"Declared verdict"</dt>
                <dd data-testid="declared-verdict">
                    {report.verdict.clone().unwrap_or_else(|| "not declared".to_string())}
                </dd>
                <dt>"Findings listed"</dt>
                <dd data-testid="finding-count">{report.findings.len()}</dd>
            </dl>
        }
        .into_any(),
        None => view! {
            <p class="declared missing">"No report loaded: the declared verdict is unknown."</p>
        }
        .into_any(),
    };
    let discrepancy = review.discrepancy.as_ref().map(|d| {
        let (class, icon, words) = if d.is_alarm() {
            (
                "discrepancy",
                "⚠ ",
                "The report and the re-check disagree: ",
            )
        } else {
            (
                "discrepancy info",
                "ℹ ",
                "The report is more cautious than the re-check: ",
            )
        };
        view! {
            <p
                class=class
                data-testid="discrepancy"
                data-alarm=d.is_alarm().to_string()
                role=d.is_alarm().then_some("alert")
            >
                <span aria-hidden="true">{icon}</span>
                <strong>{words}</strong>
                {d.message.clone()}
            </p>
        }
    });
    let must_fix = (!must_fix.is_empty()).then(|| {
        view! {
            <div class="must-fix" role="alert">
                <h2>
                    <span aria-hidden="true">"✕ "</span>
                    {format!("The run's self-audit: {} to fix before backfill", must_fix.len())}
                </h2>
                <ul>
                    {must_fix
                        .into_iter()
                        .map(|item| view! { <li data-testid="must-fix">{item}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let sql_only = review.sql_only.as_ref().map(|only| {
        view! {
            <div class="sql-only" data-testid="sql-only" role="note">
                <h2>"SQL only: no run file"</h2>
                <p>{only.message.clone()}</p>
            </div>
        }
    });
    let stale = review.staleness.as_ref().filter(|s| s.stale).map(|s| {
        view! {
            <div class="stale" data-testid="stale">
                <h2>
                    <span aria-hidden="true">"⚠ "</span>
                    "The run may not be evidence for this report"
                </h2>
                <ul>{s.reasons.iter().map(|r| view! { <li>{r.clone()}</li> }).collect_view()}</ul>
            </div>
        }
    });
    // What a reviewer of a money table asks first: which lock its largest table meets.
    let worst_lock = (review.sql.as_ref())
        .and_then(|sql| sql.observed.as_ref())
        .and_then(|observed| observed.worst_on_largest())
        .map(|(statement, relation, mode)| {
            let size = relation
                .bytes
                .map(|bytes| format!(" ({bytes} bytes before the migration)"))
                .unwrap_or_default();
            view! {
                <p class="worst-lock" data-testid="worst-lock">
                    <strong>"Strongest lock on the largest table: "</strong>
                    {format!(
                        "{} on {}{size} at {}: {} wait{}",
                        mode.name(),
                        relation.name,
                        statement.at,
                        mode.blocks(),
                        if relation.rewritten {
                            ", while it is rewritten"
                        } else if relation.scanned {
                            ", while it is read"
                        } else {
                            ""
                        }
                    )}
                </p>
            }
        });
    view! {
        <section
            class="verdict-banner"
            class:has-verdict=review.decision.is_some()
            aria-label="Verdict"
        >
            <div class="verdict-row">
                {verdict}
                {declared}
            </div>
        </section>
        <VerdictReasons review=review.clone() />
        <div class="verdict-notes">
            {sql_only}
            {must_fix}
            {discrepancy}
            {stale}
            {worst_lock}
        </div>
    }
}

/// The verdict, its counts and what it rests on. A go is in its colour only once
/// PostgreSQL has proven it: while a proof runs the banner says "checking" (a no-go
/// excepted), and a static go no proof stands behind is shown neutral with the reason
/// beside it. `data-verdict` is the re-check's verdict; `data-shown`, what the banner says.
fn recomputed(decision: &Decision, proof: Option<ProofRun>) -> impl IntoView + use<> {
    let (icon, words) = match decision.verdict {
        Verdict::Go => ("✓", "Go"),
        Verdict::GoWithChanges => ("!", "Go with changes"),
        Verdict::NotVerified => ("?", "Not verified"),
        Verdict::NoGo => ("✕", "No-go"),
    };
    // Until PostgreSQL has answered, the banner shows only what its answers cannot turn
    // for the better: a failed blocker's no-go; any other verdict waits as "checking".
    let verdict = decision.verdict;
    let checking = move || {
        verdict != Verdict::NoGo
            && proof.is_some_and(|run| matches!(run.basis(), Basis::Proving(_)))
    };
    let shown = move || {
        if checking() {
            "checking"
        } else {
            verdict.as_str()
        }
    };
    let icon = move || if checking() { "…" } else { icon };
    let words = move || if checking() { "Checking…" } else { words };
    let blockers = decision.failed_blockers;
    let unverified = decision.unverified_blockers().count();
    let counts = match (blockers, unverified) {
        (0, 0) => "No failed blockers".to_string(),
        (0, n) => format!("No failed blockers · {n} not verified"),
        (1, 0) => "1 failed blocker".to_string(),
        (b, 0) => format!("{b} failed blockers"),
        (b, n) => format!(
            "{b} failed {} · {n} not verified",
            if b == 1 { "blocker" } else { "blockers" }
        ),
    };
    view! {
        <div
            class="verdict-box"
            data-basis=move || proof.map_or("not-proven", |run| run.basis().as_str())
        >
            <h1
                class="verdict"
                data-testid="verdict"
                data-verdict=decision.verdict.as_str()
                data-shown=shown
            >
                <span class="verdict-icon" aria-hidden="true">{icon}</span>
                <span class="verdict-label">"Re-checked verdict"</span>
                <span class="verdict-words">{words}</span>
            </h1>
            <p class="failed-blockers" class:none=blockers == 0 && unverified == 0 data-testid="failed-blockers">
                {match blockers {
                    0 => counts.into_any(),
                    _ => view! { <a href=Anchor::GateGroup(Status::Fail).href()>{counts}</a> }.into_any(),
                }}
            </p>
            {proof.map(|run| view! { <ProofBasis run=run /> })}
        </div>
    }
}
