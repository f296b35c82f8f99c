//! Under the verdict: where the proof with PostgreSQL in this tab stands, its button,
//! the switch that turns automatic proving off, and the results PostgreSQL refuted.

use leptos::prelude::*;
use secondlook_core::gate::GateResult;
use secondlook_core::{proof, registry};

use crate::proof_run::{AUTO_PROOF_BYTES, ProofRun, ProofState, Step};

#[component]
pub fn ProofPanel(run: ProofRun) -> impl IntoView {
    let status = move || match run.state.get() {
        ProofState::Off if run.auto.get() => format!(
            "Not proven with PostgreSQL: the SQL is over {} MB, so it waits for the button.",
            AUTO_PROOF_BYTES / 1_000_000
        ),
        ProofState::Off => "Not proven with PostgreSQL: automatic proving is off.".to_string(),
        ProofState::Running(step) => {
            format!("Proving with PostgreSQL in this tab… {}", step_words(&step))
        }
        // "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32-unknown-emscripten, compiled by …"
        ProofState::Done { engine } => format!(
            "Proven with {}, in this tab.",
            engine.split(" on ").next().unwrap_or_default()
        ),
        ProofState::Unavailable(why) => {
            format!("No proof with PostgreSQL: {why}. The static verdict stands.")
        }
    };
    let running = move || matches!(run.state.get(), ProofState::Running(_));
    let offer_button = move || matches!(run.state.get(), ProofState::Off);
    // Only where PostgreSQL overturned the static check: a refuted result the static
    // check had already failed is agreement, not a disagreement.
    let refuted = move || {
        let (Some(static_review), Some(proven)) = (run.review.get(), run.proven.get()) else {
            return None;
        };
        let items = proof::overturned(&static_review, &proven)
            .map(refuted_item)
            .collect_view();
        (!items.is_empty()).then(|| {
            view! {
                <div class="proof-refuted" role="alert" data-testid="proof-refuted">
                    <h2>
                        <span aria-hidden="true">"✕ "</span>
                        "PostgreSQL disagrees with the static check"
                    </h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! {
        <section class="proof-panel" aria-label="Proof with PostgreSQL" data-testid="proof-panel">
            <p class="proof-status" role="status" data-testid="proof-status">
                {status}
                {move || running().then(|| view! { <progress aria-label="Proof in progress"></progress> })}
            </p>
            <div class="proof-controls">
                {move || {
                    offer_button()
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    data-testid="prove"
                                    on:click=move |_| run.start()
                                >
                                    "Prove with PostgreSQL"
                                </button>
                            }
                        })
                }}
                <label>
                    <input
                        type="checkbox"
                        data-testid="proof-auto"
                        prop:checked=move || run.auto.get()
                        on:change=move |event| run.set_auto(event_target_checked(&event))
                    />
                    " Prove automatically"
                </label>
            </div>
            {refuted}
        </section>
    }
}

fn step_words(step: &Step) -> String {
    match step {
        Step::Starting => "starting PostgreSQL".to_string(),
        Step::Migration { statements } => {
            format!("running the migration ({statements} statements)")
        }
        Step::Probe {
            number,
            of,
            gate,
            subject,
        } => format!("gate {number} of {of}: {gate} on {subject}"),
    }
}

fn refuted_item(gate: &GateResult) -> impl IntoView + use<> {
    let title = registry::gate(gate.id).map_or(gate.id, |g| g.title);
    let observed = gate.proof.as_ref().map(|p| p.observed.clone());
    view! {
        <li data-testid="refuted" data-gate=gate.id>
            <strong>{title}</strong>
            {format!(": {} ", gate.message)}
            "PostgreSQL answered: "
            <code>{observed}</code>
        </li>
    }
}
