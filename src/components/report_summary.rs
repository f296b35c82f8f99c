use leptos::prelude::*;
use secondlook_review::report::Report;

/// What the report claims about itself: its title, declared verdict and findings count.
/// (A frontmatter error shows in the properties panel, where the properties would be.)
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
    view! {
        <section class="report-summary" aria-labelledby="report-title">
            <h2 id="report-title">{title}</h2>
            <dl>
                <dt>"Declared verdict"</dt>
                <dd class="declared-verdict">{verdict}</dd>
                <dt>"Findings in the report's tables"</dt>
                <dd class="finding-count">{report.findings.len()}</dd>
            </dl>
        </section>
    }
}
