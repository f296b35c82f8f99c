use leptos::prelude::*;
use secondlook_review::report::Report;

use crate::components::markdown::{Markdown, RowAnchors};
use crate::components::properties::Properties;
use crate::components::report_lint::ReportLint;
use crate::components::toc::Toc;

/// The rendered report: its own problems, properties, table of contents, and the document.
#[component]
pub fn ReportPanel(
    /// The report as the core read it.
    report: Report,
) -> impl IntoView {
    // Finding rows get their anchor as id, so `#finding-FK-010` lands on the row.
    let row_anchors: RowAnchors = report
        .findings
        .iter()
        .map(|f| (f.line, f.anchor.clone()))
        .collect();
    view! {
        <section class="report-panel" aria-label="The report">
            <ReportLint lint=report.lint findings=report.findings.clone() />
            <div class="report-meta">
                <Properties properties=report.properties error=report.frontmatter_error />
                <Toc entries=report.document.toc />
            </div>
            <article class="report-body">
                <Markdown blocks=report.document.blocks row_anchors=row_anchors />
            </article>
        </section>
    }
}
