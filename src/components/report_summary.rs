use leptos::prelude::*;
use secondlook_core::report::Report;

/// What the report claims about itself: its title, declared verdict and findings count.
#[component]
pub fn ReportSummary(
    /// The report as the core read it.
    report: Report,
) -> impl IntoView {
    let title = report
        .title
        .clone()
        .unwrap_or_else(|| "(untitled report)".to_string());
    let verdict = report
        .verdict
        .clone()
        .unwrap_or_else(|| "not declared".to_string());
    let error = report.frontmatter_error.clone().map(|e| {
        view! {
            <p class="load-error" data-testid="load-error">
                {format!("Frontmatter, line {} column {}: {}", e.line, e.column, e.message)}
            </p>
        }
    });
    view! {
        <section class="report-summary" aria-labelledby="report-title">
            <h2 id="report-title">{title}</h2>
            <dl>
                <dt>"Declared verdict"</dt>
                <dd class="declared-verdict">{verdict}</dd>
                <dt>"Findings in the report's tables"</dt>
                <dd data-testid="finding-count">{report.findings.len()}</dd>
            </dl>
            {error}
        </section>
    }
}
