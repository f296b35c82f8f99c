//! Problems the core found in the report itself, each with its line in the report file.

use leptos::prelude::*;
use secondlook_review::report::{Finding, Lint};
use secondlook_review::workspace::anchor::Anchor;

/// The report's own problems, as warnings near the top; nothing when there are none.
#[component]
pub fn ReportLint(
    /// The problems, in the core's order.
    lint: Vec<Lint>,
    /// The report's findings, to name and link the row a problem sits on.
    findings: Vec<Finding>,
) -> impl IntoView {
    if lint.is_empty() {
        return ().into_any();
    }
    let count = lint.len();
    let items = lint
        .into_iter()
        .map(|l| {
            view! {
                <li data-testid="report-lint" data-rule=format!("{:?}", l.rule) data-line=l.line>
                    <span class="lint-line">{format!("line {}", l.line)}</span>
                    {row_link(&findings, l.line)}
                    ": "
                    {l.message}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="report-lint" aria-label="Problems in the report itself">
            <h2 class="lint-heading">
                <span aria-hidden="true">"⚠ "</span>
                {format!(
                    "{count} {} in the report itself",
                    if count == 1 { "problem" } else { "problems" },
                )}
            </h2>
            <ul>{items}</ul>
        </section>
    }
    .into_any()
}

/// " (row FK-010)" linking to the finding row on `line`, if a finding sits there.
fn row_link(findings: &[Finding], line: usize) -> Option<impl IntoView + use<>> {
    let finding = findings.iter().find(|f| f.line == line)?;
    let ids = finding.ids.join(" / ");
    Some(view! {
        " (row "
        <a href=Anchor::Element(finding.anchor.clone()).href()>{ids}</a>
        ")"
    })
}
