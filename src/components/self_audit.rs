use leptos::prelude::*;
use secondlook_review::run::SelfAudit;

/// The run's own audit: its verdict, what must be fixed before backfill (first), and
/// its findings.
#[component]
pub fn SelfAuditView(
    /// The self-audit as the run file gave it.
    audit: SelfAudit,
) -> impl IntoView {
    let (icon, class) = match audit.verdict.as_deref() {
        Some("safe") => ("✓", "safe"),
        Some("unsafe") => ("✕", "unsafe"),
        Some(_) => ("?", "other"),
        None => ("–", "not-reported"),
    };
    let verdict = audit
        .verdict
        .clone()
        .unwrap_or_else(|| "not reported".to_string());
    let must_fix = audit
        .must_fix_before_backfill
        .clone()
        .filter(|items| !items.is_empty())
        .map(|items| {
            view! {
                <div class="must-fix">
                    <h3>{format!("Must fix before backfill ({})", items.len())}</h3>
                    <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                </div>
            }
        });
    let findings = audit.findings.clone().unwrap_or_default();
    let not_reported = || "not reported".to_string();
    let table = (!findings.is_empty()).then(|| {
        view! {
            <table class="self-audit-findings">
                <caption>{format!("Findings ({})", findings.len())}</caption>
                <thead>
                    <tr>
                        <th scope="col">"ID"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Detail"</th>
                    </tr>
                </thead>
                <tbody>
                    {findings
                        .into_iter()
                        .map(|f| {
                            view! {
                                <tr data-testid="self-audit-finding">
                                    <td><code>{f.id.unwrap_or_else(not_reported)}</code></td>
                                    <td>{f.severity.unwrap_or_else(not_reported)}</td>
                                    <td>{f.title.unwrap_or_else(not_reported)}</td>
                                    <td>{f.detail.unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    });
    view! {
        <section class="self-audit" aria-labelledby="self-audit-heading">
            <h2 id="self-audit-heading">"Self-audit"</h2>
            <p class="self-audit-verdict" data-verdict=class data-testid="self-audit-verdict">
                <span class="status-icon" aria-hidden="true">{icon}</span>
                "The run judged itself: "
                <strong>{verdict}</strong>
            </p>
            {must_fix}
            {table}
        </section>
    }
}
