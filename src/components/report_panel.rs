use leptos::prelude::*;
use secondlook_core::report::Report;

/// The rendered report: properties, table of contents, and the document.
#[component]
pub fn ReportPanel(
    /// The report as the core read it.
    report: Report,
) -> impl IntoView {
    let _ = report;
    view! { <section class="report-panel"></section> }
}
