use std::sync::Arc;

use leptos::prelude::*;
use secondlook_core::gate::Status;
use secondlook_core::registry;
use secondlook_core::review::Review;
use secondlook_core::verdict::{Decision, MustCheck, Verdict};

use super::run_error::RunErrorMessage;

/// The recomputed verdict, the declared one and any discrepancy; always at the top.
#[component]
pub fn VerdictBanner(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let must_fix = review
        .run()
        .and_then(|run| run.self_audit.as_ref())
        .and_then(|audit| audit.must_fix_before_backfill.clone())
        .unwrap_or_default();
    let verdict = match (&review.run, &review.decision) {
        (_, Some(decision)) => recomputed(decision).into_any(),
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
    let unverified = review
        .decision
        .as_ref()
        .filter(|d| d.unverified_blockers().next().is_some())
        .map(|d| {
            let count = d.unverified_blockers().count();
            let groups = d
                .unverified_by_settle()
                .into_iter()
                .map(|(settle, items)| {
                    view! {
                        <p class="settle" data-testid="settle">
                            {format!("To settle {}: {}.", them(items.len()), settle.sentence())}
                        </p>
                        <ul>{items.into_iter().map(unverified_item).collect_view()}</ul>
                    }
                })
                .collect_view();
            view! {
                <div class="unverified" data-testid="unverified-blockers">
                    <h2>
                        <span aria-hidden="true">"? "</span>
                        {format!(
                            "Not verified: {count} {} nobody could check",
                            if count == 1 { "blocker" } else { "blockers" },
                        )}
                    </h2>
                    {groups}
                </div>
            }
        });
    let must_check = review
        .decision
        .as_ref()
        .map(|d| {
            d.must_check
                .iter()
                .filter(|m| !m.is_unverified_blocker())
                .collect::<Vec<_>>()
        })
        .filter(|items| !items.is_empty())
        .map(|items| {
            view! {
                <div class="must-check">
                    <h2>{format!("A human must check ({})", items.len())}</h2>
                    <ul>{items.into_iter().map(must_check_item).collect_view()}</ul>
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
    view! {
        <section class="verdict-banner" aria-label="Verdict">
            <div class="verdict-row">
                {verdict}
                {declared}
            </div>
            {sql_only}
            {must_fix}
            {discrepancy}
            {stale}
            {unverified}
            {must_check}
        </section>
    }
}

fn recomputed(decision: &Decision) -> impl IntoView + use<> {
    let (icon, words) = match decision.verdict {
        Verdict::Go => ("✓", "Go"),
        Verdict::GoWithChanges => ("!", "Go with changes"),
        Verdict::NotVerified => ("?", "Not verified"),
        Verdict::NoGo => ("✕", "No-go"),
    };
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
        <div class="verdict-box">
            <h1
                class="verdict"
                data-testid="verdict"
                data-verdict=decision.verdict.as_str()
            >
                <span class="verdict-icon" aria-hidden="true">{icon}</span>
                <span class="verdict-label">"Re-checked verdict"</span>
                <span class="verdict-words">{words}</span>
            </h1>
            <p class="failed-blockers" class:none=blockers == 0 && unverified == 0 data-testid="failed-blockers">
                {counts}
            </p>
        </div>
    }
}

fn status_words(item: &MustCheck) -> &'static str {
    match item.status {
        Some(Status::Fail) => "failed",
        Some(Status::NotVerified) => "not verified",
        Some(Status::NotReported) => "not reported",
        Some(Status::Pass) => "passed",
        None => "gave no result",
    }
}

fn gate_title(item: &MustCheck) -> &'static str {
    registry::gate(item.id).map_or(item.id, |g| g.title)
}

fn them(n: usize) -> String {
    if n == 1 {
        "it".to_string()
    } else {
        format!("these {n}")
    }
}

/// An unverified blocker: which, and why.
fn unverified_item(item: &MustCheck) -> impl IntoView + use<> {
    view! {
        <li data-testid="unverified" data-gate=item.id>
            <strong>{gate_title(item)}</strong>
            {format!(" ({}): ", status_words(item))}
            {item.message.clone()}
        </li>
    }
}

fn must_check_item(item: &MustCheck) -> impl IntoView + use<> {
    view! {
        <li data-testid="must-check" data-gate=item.id>
            <strong>{gate_title(item)}</strong>
            {format!(" ({}, {}): ", item.severity.as_str(), status_words(item))}
            {item.message.clone()}
        </li>
    }
}
