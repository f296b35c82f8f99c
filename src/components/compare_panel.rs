use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::diff::{Change, FindingState, RunDiff};

use crate::compare::Base;
use crate::loading::input_files;

/// "Compare with…": picks a base run, then says what changed since it: the verdict, the
/// gate results new, changed, gone or fixed, the schema and the report's findings.
#[component]
pub fn ComparePanel() -> impl IntoView {
    let base = expect_context::<Base>();
    let on_pick = move |event: web_sys::Event| {
        let files = input_files(&event);
        spawn_local(base.pick(files));
    };
    let summary = move || {
        let diff = base.diff.get()?;
        let name = base.name.get().unwrap_or_default();
        Some(view! { <Summary diff=diff name=name /> })
    };
    view! {
        <section class="compare" aria-labelledby="compare-heading" data-testid="compare">
            <details open=move || base.review.with(Option::is_some)>
                <summary id="compare-heading">"Compare with…"</summary>
                <label class="field">
                    "A base run file (.json), its SQL and, for the findings, its report"
                    <input
                        type="file"
                        multiple
                        accept=".md,.markdown,.json,.sql,.txt"
                        data-testid="compare-picker"
                        on:change=on_pick
                    />
                </label>
            </details>
            {move || base.error.get().map(|why| view! {
                <p class="status-message problem" role="alert" data-testid="compare-error">
                    {format!("⚠ The base could not be read: {why}")}
                </p>
            })}
            {summary}
        </section>
    }
}

fn verdict(v: Option<secondlook_review::verdict::Verdict>) -> &'static str {
    v.map_or("none", |v| v.as_str())
}

fn status(s: Option<secondlook_review::gate::Status>) -> &'static str {
    s.map_or("absent", |s| s.as_str())
}

fn finding_state(s: &Option<FindingState>) -> String {
    s.as_ref()
        .map_or("absent".to_string(), |s| match &s.severity {
            Some(severity) => format!("{}, {severity}", s.class),
            None => s.class.clone(),
        })
}

/// Most in need of a look first; unchanged results are only counted.
const SHOWN: [Change; 5] = [
    Change::New,
    Change::Changed,
    Change::Gone,
    Change::Fixed,
    Change::Added,
];

#[component]
fn Summary(diff: Arc<RunDiff>, name: String) -> impl IntoView {
    let count = |change: Change| diff.gates.iter().filter(|g| g.change == change).count();
    let counts = SHOWN
        .into_iter()
        .chain([Change::Unchanged])
        .map(|c| {
            view! {
                <span class="count" data-change=c.as_str()>
                    {format!("{} {}", count(c), c.as_str())}
                </span>
            }
        })
        .collect_view();
    let gates = diff
        .gates
        .iter()
        .filter(|g| g.change != Change::Unchanged)
        .map(|g| {
            view! {
                <tr data-testid="compare-gate" data-change=g.change.as_str()>
                    <td><span class="change" data-change=g.change.as_str()>{g.change.as_str()}</span></td>
                    <td><code>{g.fingerprint.key()}</code></td>
                    <td>{format!("{} → {}", status(g.base_status), status(g.status))}</td>
                    <td>{g.message.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let side = |t: &Option<String>| t.clone().unwrap_or_else(|| "absent".to_string());
    let schema = diff
        .schema
        .iter()
        .map(|s| {
            view! {
                <tr data-testid="compare-schema">
                    <td>{s.kind.as_str()}</td>
                    <td><code>{s.name.clone()}</code></td>
                    <td><code>{side(&s.before)}</code></td>
                    <td><code>{side(&s.after)}</code></td>
                </tr>
            }
        })
        .collect_view();
    let findings = diff
        .findings
        .iter()
        .map(|f| {
            view! {
                <tr data-testid="compare-finding">
                    <td><code>{f.id.clone()}</code></td>
                    <td>{finding_state(&f.before)}</td>
                    <td>{finding_state(&f.after)}</td>
                    <td>{f.text.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let has_findings = !diff.findings.is_empty();
    let has_schema = !diff.schema.is_empty();
    view! {
        <div class="compare-summary" data-testid="compare-summary">
            <p>
                "Compared with the base "
                <code>{name}</code>
                ": verdict "
                <strong data-testid="compare-verdict">
                    {format!("{} → {}", verdict(diff.base_verdict), verdict(diff.verdict))}
                </strong>
            </p>
            <p class="compare-counts" data-testid="compare-counts">{counts}</p>
            <table class="compare-table">
                <caption>"Gate results that changed"</caption>
                <thead><tr><th>"change"</th><th>"result"</th><th>"status"</th><th>"message"</th></tr></thead>
                <tbody>{gates}</tbody>
            </table>
            {if has_schema {
                view! {
                    <table class="compare-table">
                        <caption>"Schema that changed"</caption>
                        <thead><tr><th>"object"</th><th>"name"</th><th>"base"</th><th>"now"</th></tr></thead>
                        <tbody>{schema}</tbody>
                    </table>
                }.into_any()
            } else {
                view! { <p>"The schema is the same where money is concerned."</p> }.into_any()
            }}
            <Show when=move || has_findings>
                <table class="compare-table">
                    <caption>"Report findings that changed"</caption>
                    <thead><tr><th>"ID"</th><th>"base"</th><th>"now"</th><th>"finding"</th></tr></thead>
                    <tbody>{findings.clone()}</tbody>
                </table>
            </Show>
        </div>
    }
}
