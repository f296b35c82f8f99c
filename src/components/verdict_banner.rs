use std::sync::Arc;

use leptos::prelude::*;
use secondlook_core::attention::{Attention, failed, unverified};
use secondlook_core::gate::{Evidence, Status};
use secondlook_core::review::Review;
use secondlook_core::sql::SqlFile;
use secondlook_core::verdict::{Decision, Verdict};
use secondlook_core::workspace::anchor::Anchor;

use super::run_error::RunErrorMessage;
use super::sql_panel::sql_anchor;
use super::status::icon_and_words;

/// The recomputed verdict and the gates that need a reviewer, each a link to its
/// evidence with what would settle it, stay at the top; the declared verdict, any
/// discrepancy and the self-audit's must-fix items follow below it.
#[component]
pub fn VerdictBanner(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
    /// Inputs that could not be loaded, as (name, reason): a run that 404s is not "no
    /// run given".
    #[prop(optional)]
    failed_loads: Vec<(String, String)>,
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
    let failures = failed(&review.gates);
    let failures = (!failures.is_empty()).then(|| failed_list(&failures, &review.sql_files));
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
                        <ol>
                            {items
                                .into_iter()
                                .map(|check| {
                                    let item = unverified(&review.gates, check);
                                    attention_item(&item, &review.sql_files, "unverified")
                                })
                                .collect_view()}
                        </ol>
                    }
                })
                .collect_view();
            view! {
                <div class="attention unverified" data-testid="unverified-blockers">
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
            {failures}
            {unverified}
        </section>
        <div class="verdict-notes">
            {sql_only}
            {must_fix}
            {discrepancy}
            {stale}
        </div>
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
                {match blockers {
                    0 => counts.into_any(),
                    _ => view! { <a href=Anchor::GateGroup(Status::Fail.as_str().into()).href()>{counts}</a> }.into_any(),
                }}
            </p>
        </div>
    }
}

/// The failed gates: the title links to the gate card, the place to its line of SQL,
/// and a line says what would fix it.
fn failed_list(items: &[Attention], sql_files: &[SqlFile]) -> impl IntoView + use<> {
    view! {
        <div class="attention">
            <h2 id="attention-heading">{format!("Failed ({})", items.len())}</h2>
            <ol aria-labelledby="attention-heading">
                {items
                    .iter()
                    .map(|item| attention_item(item, sql_files, "attention"))
                    .collect_view()}
            </ol>
        </div>
    }
}

fn them(n: usize) -> String {
    if n == 1 {
        "it".to_string()
    } else {
        format!("these {n}")
    }
}

/// One gate to look at; a failure says what would fix it, an unverified blocker is
/// listed under what would settle it.
fn attention_item(
    item: &Attention,
    sql_files: &[SqlFile],
    test_id: &'static str,
) -> impl IntoView + use<> {
    let (icon, words) = item.status.map_or(("–", "no result"), icon_and_words);
    let status = item.status.map_or("none", |s| s.as_str());
    let title = match &item.anchor {
        Some(anchor) => {
            view! { <a class="attention-gate" href=anchor.href()>{item.title}</a> }.into_any()
        }
        None => view! { <strong class="attention-gate">{item.title}</strong> }.into_any(),
    };
    let place = match &item.evidence {
        Some(Evidence::Sql { file, line, column }) => {
            let text = format!("{file}:{line}:{column}");
            sql_anchor(sql_files, file, *line).map(|href| {
                view! {
                    <a class="attention-evidence" data-testid="attention-evidence" href=href>
                        <code>{text}</code>
                    </a>
                }
            })
        }
        _ => None,
    };
    let fix = (item.status == Some(Status::Fail)).then(|| {
        view! {
            <span class="attention-settle">
                <span class="settle-label">"What would fix it: "</span>
                {item.settle.clone()}
            </span>
        }
    });
    view! {
        <li data-testid=test_id data-gate=item.id data-status=status>
            <span class="status" data-status=status>
                <span class="status-icon" aria-hidden="true">{icon}</span>
                {words}
            </span>
            " "
            {title}
            " "
            <span class="severity" data-severity=item.severity.as_str()>
                {item.severity.as_str()}
            </span>
            " "
            {place}
            <span class="attention-message">{item.message.clone()}</span>
            {fix}
        </li>
    }
}
