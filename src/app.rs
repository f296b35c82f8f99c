use leptos::prelude::*;
use secondlook_core::{demo, report};

use crate::components::report_summary::ReportSummary;

/// The review page. With no inputs given it opens the embedded demo.
#[component]
pub fn App() -> impl IntoView {
    let report = report::read(demo::REPORT);
    view! {
        <header class="topbar">
            <span class="brand">"secondlook"</span>
            <span class="source">{demo::REPORT_PATH}</span>
        </header>
        <main>
            <ReportSummary report=report />
        </main>
    }
}
