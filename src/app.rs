use leptos::prelude::*;
use secondlook_core::inputs::Inputs;
use secondlook_core::review::Review;

use crate::components::report_panel::ReportPanel;
use crate::components::report_summary::ReportSummary;
use crate::components::run_panel::RunPanel;
use crate::components::verdict_banner::VerdictBanner;

/// The panes a reviewer switches between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Run,
    Report,
}

impl Pane {
    const ALL: [Pane; 2] = [Pane::Run, Pane::Report];

    fn label(self) -> &'static str {
        match self {
            Pane::Run => "Gates & run",
            Pane::Report => "Report",
        }
    }
}

/// The review page. With no inputs given it opens the embedded demo.
#[component]
pub fn App() -> impl IntoView {
    let inputs = RwSignal::new(Inputs::demo());
    let review = Memo::new(move |_| inputs.with(Inputs::review));
    let pane = RwSignal::new(Pane::Run);
    let source = move || {
        inputs.with(|i| {
            [&i.report, &i.run]
                .into_iter()
                .flatten()
                .map(|n| n.name.clone())
                .collect::<Vec<_>>()
                .join(" + ")
        })
    };
    view! {
        <header class="topbar">
            <span class="brand">"secondlook"</span>
            <span class="source">{source}</span>
        </header>
        {move || view! { <VerdictBanner review=review.get() /> }}
        <nav class="panes" aria-label="Views">
            {Pane::ALL
                .into_iter()
                .map(|p| {
                    view! {
                        <button
                            type="button"
                            class="pane-tab"
                            aria-pressed=move || (pane.get() == p).to_string()
                            on:click=move |_| pane.set(p)
                        >
                            {p.label()}
                        </button>
                    }
                })
                .collect_view()}
        </nav>
        <main>{move || pane_view(pane.get(), review.get())}</main>
    }
}

fn pane_view(pane: Pane, review: Review) -> AnyView {
    match pane {
        Pane::Run => view! { <RunPanel review=review /> }.into_any(),
        Pane::Report => match review.report {
            Some(report) => view! {
                <ReportSummary report=report.clone() />
                <ReportPanel report=report />
            }
            .into_any(),
            None => view! { <p class="missing">"No report loaded."</p> }.into_any(),
        },
    }
}
