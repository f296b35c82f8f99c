use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::review::Review;

use crate::compare::Base;
use crate::components::checklist_panel::ChecklistPanel;
use crate::components::compare_panel::ComparePanel;
use crate::components::findings_panel::FindingsPanel;
use crate::components::load_panel::LoadPanel;
use crate::components::locks_panel::LocksPanel;
use crate::components::proof_panel::ProofPanel;
use crate::components::report_panel::ReportPanel;
use crate::components::report_summary::ReportSummary;
use crate::components::rules_panel::RulesPanel;
use crate::components::run_panel::RunPanel;
use crate::components::schema_panel::SchemaPanel;
use crate::components::share_panel::{HashWarning, SharePanel};
use crate::components::sql_panel::SqlPanel;
use crate::components::theme_toggle::ThemeToggle;
use crate::components::update_banner::UpdateBanner;
use crate::components::verdict_banner::VerdictBanner;
use crate::components::windowed::Printing;
use crate::dropped_folder;
use crate::loading::{LoadState, Loader, files_of};
use crate::offline::Offline;
use crate::proof_run::ProofRun;
use crate::review_build::{ReviewBuild, ReviewProgress};
use crate::routing::{Pane, follow_url, pane_from_url, push_pane};
use crate::rules::Rules;

/// The review page. With no inputs given it opens the embedded demo.
#[component]
pub fn App() -> impl IntoView {
    // Asked first: the engine answers in order, so the gates' titles come before any
    // review does.
    Rules::provide();
    let loader = Loader::new();
    spawn_local(loader.start());
    // The page works offline from the service worker's copy; a newer version that
    // waits is announced, never swapped in under the reviewer.
    let update_waiting = RwSignal::new(false);
    crate::offline::register(update_waiting);
    let inputs = loader.inputs;
    let build = ReviewBuild::new();
    build.follow(loader);
    // The static review first, as soon as it is built; then, once PostgreSQL has
    // answered, the same review with its proofs.
    let proof = ProofRun::new();
    proof.follow(build);
    provide_context(proof);
    let offline = RwSignal::new(Offline::Unknown);
    precache_after_verdict(build, loader, offline);
    let review = Signal::derive(move || proof.proven.get().or_else(|| build.review.get()));
    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        let Some(transfer) = event.data_transfer() else {
            return;
        };
        // The entries are readable only while the drop event runs.
        let dropped = dropped_folder::dropped(&transfer);
        let files = files_of(transfer.files());
        spawn_local(loader.read_drop(dropped, files));
    };
    let pane = RwSignal::new(pane_from_url().unwrap_or(Pane::DEFAULT));
    follow_url(pane, review);
    provide_context(inputs);
    // A base run (`?base=`, or picked later) shows what changed since it; read beside
    // the review, so a slow or missing base never holds the verdict back.
    let base = Base::new();
    spawn_local(base.start());
    base.follow(Signal::derive(move || {
        proof.proven_key.get().or_else(|| build.key.get())
    }));
    provide_context(base);
    // Printing shows the findings and the checklists together, whatever pane is open.
    let printing = RwSignal::new(false);
    provide_context(Printing(printing));
    let before_print = window_event_listener(leptos::ev::beforeprint, move |_| printing.set(true));
    let after_print = window_event_listener(leptos::ev::afterprint, move |_| printing.set(false));
    on_cleanup(move || {
        before_print.remove();
        after_print.remove();
    });
    let print = move |_| {
        printing.set(true);
        request_animation_frame(|| {
            let _ = window().print();
        });
    };
    let failed_loads = move || {
        loader.loads.with(|loads| {
            loads
                .iter()
                .filter_map(|l| match &l.state {
                    LoadState::Failed(why) => Some((l.name.clone(), why.clone())),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
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
        <div
            class="app"
            data-proof-state=move || proof.state.with(|s| s.as_str())
            data-offline=move || offline.with(|o| o.as_str())
            on:dragover=|event: web_sys::DragEvent| event.prevent_default()
            on:drop=on_drop
        >
        <header class="topbar">
            <span class="brand">"secondlook"</span>
            <span class="source">{source}</span>
            <ThemeToggle />
            <SharePanel loader=loader />
        </header>
        <UpdateBanner waiting=update_waiting />
        <HashWarning warnings=loader.hash_warnings />
        // The review waits for the last file: a verdict on half the inputs would mislead,
        // and building it once is cheaper than once per file.
        {move || match review.get() {
            Some(review) if !loader.busy.get() => view! {
                <VerdictBanner review=review failed_loads=failed_loads() proof=proof />
                <ProofPanel run=proof />
            }.into_any(),
            _ => match build.error.get() {
                Some(why) if !loader.busy.get() => view! {
                    <div class="engine-error" role="alert" data-testid="engine-error">
                        {format!("No review: {why}. Reload the page to try again.")}
                    </div>
                }.into_any(),
                _ => view! { <ReviewProgress loading=loader.busy loading_stage=loader.stage stage=build.stage /> }.into_any(),
            },
        }}
        <nav class="panes" aria-label="Views">
            {Pane::ALL
                .into_iter()
                .map(|p| {
                    view! {
                        <button
                            type="button"
                            class="pane-tab"
                            aria-pressed=move || (pane.get() == p).to_string()
                            on:click=move |_| {
                                pane.set(p);
                                push_pane(p);
                            }
                        >
                            {p.label()}
                        </button>
                    }
                })
                .collect_view()}
            <button type="button" class="pane-tab print" data-testid="print" on:click=print>
                "Print"
            </button>
        </nav>
        <LoadPanel loader=loader review=build.review />
        <main>
            {move || match review.get() {
                // The rules need no review: they can be read while it is being built.
                _ if pane.get() == Pane::Rules && !printing.get() => {
                    view! { <RulesPanel /> }.into_any()
                }
                Some(_) if loader.busy.get() => ().into_any(),
                None => ().into_any(),
                Some(review) if printing.get() => print_view(review),
                Some(review) => pane_view(pane.get(), review),
            }}
        </main>
        </div>
    }
}

/// Once the first verdict has shown, asks the service worker to cache the rest of the
/// app: before it, the verdict would share the link with PGlite's megabytes.
fn precache_after_verdict(build: ReviewBuild, loader: Loader, offline: RwSignal<Offline>) {
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let shown = build.review.with(Option::is_some) && !loader.busy.get();
        if shown && !asked.get_value() {
            asked.set_value(true);
            spawn_local(async move {
                crate::components::browser::after_paint().await;
                crate::offline::precache(offline);
            });
        }
    });
}

/// What a printed review holds below the verdict: the findings, then the checklists.
fn print_view(review: Arc<Review>) -> AnyView {
    view! {
        <FindingsPanel review=review.clone() />
        <ChecklistPanel review=review />
    }
    .into_any()
}

fn pane_view(pane: Pane, review: Arc<Review>) -> AnyView {
    match pane {
        Pane::Findings => view! {
            <ComparePanel />
            <FindingsPanel review=review />
        }
        .into_any(),
        Pane::Checklists => view! { <ChecklistPanel review=review /> }.into_any(),
        Pane::Sql => view! { <SqlPanel review=review /> }.into_any(),
        Pane::Schema => view! { <SchemaPanel review=review /> }.into_any(),
        Pane::Locks => view! { <LocksPanel review=review /> }.into_any(),
        Pane::Rules => view! { <RulesPanel /> }.into_any(),
        Pane::Run => view! { <RunPanel review=review /> }.into_any(),
        Pane::Report => match &review.report {
            Some(report) => view! {
                <ReportSummary report=report.clone() />
                <ReportPanel report=report.clone() />
            }
            .into_any(),
            None => view! { <p class="missing">"No report loaded."</p> }.into_any(),
        },
    }
}
