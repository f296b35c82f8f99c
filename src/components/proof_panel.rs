//! The proof with PostgreSQL in this tab, in words: what the verdict rests on (in the
//! banner), the switch that turns automatic proving off and the results PostgreSQL
//! overturned (under it), and one short sentence per proven result (on its gate card),
//! with what PostgreSQL ran and answered one tap away.

use leptos::prelude::*;
use secondlook_review::gate::{DecidedBy, GateId, GateResult, ProofResult, Status};

use crate::proof_run::{AUTO_PROOF_BYTES, Basis, NotProven, ProofRun, Step, probes_of};
use crate::proof_worker;
use crate::rules;

/// Beside the verdict: what it rests on, and the one thing to do when no proof does.
#[component]
pub fn ProofBasis(run: ProofRun) -> impl IntoView {
    let words = move || match run.basis() {
        Basis::Proving(step) => view! {
            "Static re-check — proving with PostgreSQL… "
            <span class="basis-step">{step_words(&step)}</span>
            <progress aria-label="Proof in progress"></progress>
        }
        .into_any(),
        // "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32-unknown-emscripten, compiled by …"
        Basis::Proven {
            engine,
            settled,
            open,
        } => {
            let open = (open > 0).then(|| {
                format!(
                    " · {open} it could not settle, as the static re-check found {}",
                    if open == 1 { "it" } else { "them" }
                )
            });
            format!(
                "Proven by {} in this tab · {settled} {} checked{}",
                engine.split(" on ").next().unwrap_or_default(),
                if settled == 1 { "result" } else { "results" },
                open.unwrap_or_default(),
            )
            .into_any()
        }
        Basis::NotProven(why) => format!(
            "Not proven — static re-check only: {}. ",
            not_proven_words(&why)
        )
        .into_any(),
    };
    let action = move || match run.basis() {
        Basis::NotProven(NotProven::AutoOff | NotProven::TooLarge) => {
            Some(prove_button(run, "Prove with PostgreSQL"))
        }
        Basis::NotProven(NotProven::Failed(_)) if proof_worker::source().is_ok() => {
            Some(prove_button(run, "Try again"))
        }
        Basis::NotProven(NotProven::NoRun) => Some(
            view! {
                <button type="button" data-testid="open-files" on:click=|_| open_inputs()>
                    "Open files…"
                </button>
            }
            .into_any(),
        ),
        _ => None,
    };
    view! {
        <p class="verdict-basis" role="status" data-testid="proof-status">
            {words}
            {action}
        </p>
    }
}

fn prove_button(run: ProofRun, label: &'static str) -> AnyView {
    view! {
        <button type="button" data-testid="prove" on:click=move |_| run.start()>
            {label}
        </button>
    }
    .into_any()
}

/// Opens the files form under the tabs and brings it into view.
fn open_inputs() {
    if let Some(form) = document().get_element_by_id("open-inputs") {
        if let Err(why) = form.set_attribute("open", "") {
            leptos::logging::warn!("secondlook: the files form did not open: {why:?}");
        }
        form.scroll_into_view();
    }
}

fn not_proven_words(why: &NotProven) -> String {
    match why {
        NotProven::AutoOff => "automatic proving is off".to_string(),
        NotProven::TooLarge => format!(
            "the SQL is over {} MB, so proving waits for the button",
            AUTO_PROOF_BYTES / 1_000_000
        ),
        NotProven::NoRun => "no run file is loaded, so nothing says what to prove".to_string(),
        NotProven::NothingSettled => {
            "PostgreSQL ran, but settled none of the results it was asked about".to_string()
        }
        NotProven::Failed(why) => format!("the proof did not run: {why}"),
    }
}

/// Under the verdict: the switch for automatic proving, and the results PostgreSQL
/// overturned.
#[component]
pub fn ProofPanel(run: ProofRun) -> impl IntoView {
    // Only where PostgreSQL overturned the static check: a refuted result the static
    // check had already failed is agreement, not a disagreement.
    let refuted = move || {
        let (Some(static_review), Some(proven)) = (run.review.get(), run.proven.get()) else {
            return None;
        };
        let items = static_review
            .overturned(&proven)
            .map(|gate| refuted_item(run, gate))
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
            <label>
                <input
                    type="checkbox"
                    data-testid="proof-auto"
                    prop:checked=move || run.auto.get()
                    on:change=move |event| run.set_auto(event_target_checked(&event))
                />
                " Prove with PostgreSQL automatically"
            </label>
            {refuted}
        </section>
    }
}

fn step_words(step: &Step) -> String {
    match step {
        Step::Starting => "starting PostgreSQL".to_string(),
        Step::Baseline { statements } => {
            format!("applying the baseline ({statements} statements)")
        }
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

fn refuted_item(run: ProofRun, gate: &GateResult) -> impl IntoView + use<> {
    let id = gate.id;
    let title = move || rules::title(id);
    let showed = showed(gate.id, false, subject(run, gate).as_deref());
    view! {
        <li data-testid="refuted" data-gate=gate.id.as_str()>
            <strong>{title}</strong>
            {format!(": {showed}.")}
            {proof_details(Some(run), gate)}
        </li>
    }
}

/// What the probe of `gate` was about, from the plan that was run.
fn subject(run: ProofRun, gate: &GateResult) -> Option<String> {
    let plan = run.plan.get_untracked()?;
    let proven = run.proven.get_untracked()?;
    probes_of(&plan, &proven, gate)
        .next()
        .map(|probe| probe.subject.clone())
}

/// What PostgreSQL showed of a proven result, in one sentence that says whether it
/// agrees with the card's status; `None` while no proof ran.
pub fn proof_sentence(run: Option<ProofRun>, gate: &GateResult) -> Option<String> {
    let proof = gate.proof.as_ref()?;
    let subject = run.and_then(|run| subject(run, gate));
    let subject = subject.as_deref();
    let overturned = run.is_some_and(|run| {
        let (Some(static_review), Some(proven)) =
            (run.review.get_untracked(), run.proven.get_untracked())
        else {
            return false;
        };
        static_review.overturned(&proven).any(|g| g == gate)
    });
    if proof.decided_by == DecidedBy::Catalog {
        let catalog = proof.catalog.as_ref()?;
        let verb = if overturned {
            "overturns the static check"
        } else {
            "agrees"
        };
        return Some(format!(
            "PostgreSQL's catalog after the migration {verb}: {}",
            catalog.message
        ));
    }
    Some(match (proof.result, gate.status) {
        (ProofResult::Refuted, _) if overturned => format!(
            "PostgreSQL overturns the static check: {}",
            showed(gate.id, false, subject)
        ),
        (ProofResult::Refuted, _) => {
            format!("PostgreSQL agrees: {}", showed(gate.id, false, subject))
        }
        (ProofResult::Confirmed, Status::Pass) => {
            format!("PostgreSQL agrees: {}", showed(gate.id, true, subject))
        }
        (ProofResult::Confirmed, status) => format!(
            "PostgreSQL found that {} where it tried; the result stays {}",
            showed(gate.id, true, subject),
            super::status::icon_and_words(status).1
        ),
        (ProofResult::Inconclusive, _) => {
            "PostgreSQL could not settle it: the static result stands".to_string()
        }
    })
}

/// The property a proven gate checks, as PostgreSQL showed it held (`holds`) or not,
/// of `subject` (the probe's: a table, `table.column`, an index).
fn showed(id: GateId, holds: bool, subject: Option<&str>) -> String {
    let s = subject.unwrap_or("it");
    let unique = s.starts_with("unique ");
    match (id, holds) {
        (GateId::Applies, true) => "the migration applied to an empty database".to_string(),
        (GateId::Applies, false) => "the migration did not apply".to_string(),
        (GateId::MoneyType, true) => format!("{s} is stored as the run's money type"),
        (GateId::MoneyType, false) => format!("{s} is not stored as the run's money type"),
        (GateId::ExpectedIndex, true) if unique => {
            format!("{s} refused a second row with the same key")
        }
        (GateId::ExpectedIndex, false) if unique => {
            format!("{s} is missing or let a second row with the same key in")
        }
        (GateId::ExpectedIndex, true) => format!("{s} is there"),
        (GateId::ExpectedIndex, false) => format!("{s} is missing"),
        (GateId::IndexPredicate, true) => format!("{s} covers exactly the rows it should"),
        (GateId::IndexPredicate, false) => format!("{s} does not cover exactly the rows it should"),
        (GateId::MixedIdCheck, true) => format!("{s} refused every row naming the wrong owner"),
        (GateId::MixedIdCheck, false) => format!("{s} accepted a row naming the wrong owner"),
        (GateId::AppendOnly, true) => format!("no role could change or delete a row of {s}"),
        (GateId::AppendOnly, false) => format!("a row of {s} could be changed or deleted"),
        (_, true) => "what this gate checks held there".to_string(),
        (_, false) => "what this gate checks did not hold there".to_string(),
    }
}

/// What PostgreSQL did and answered (with its SQLSTATE), and the probe's SQL when the
/// plan that was run is at hand, behind one tap.
pub fn proof_details(run: Option<ProofRun>, gate: &GateResult) -> Option<impl IntoView + use<>> {
    let proof = gate.proof.as_ref()?;
    let plan = run.and_then(|run| run.plan.get_untracked());
    let proven = run.and_then(|run| run.proven.get_untracked());
    let sql = plan
        .zip(proven)
        .map(|(plan, proven)| {
            probes_of(&plan, &proven, gate)
                .flat_map(|probe| probe.steps.iter().map(|s| format!("{s};\n")))
                .collect::<String>()
        })
        .filter(|sql| !sql.is_empty());
    Some(view! {
        <details class="proof-detail">
            <summary>"What PostgreSQL ran and answered"</summary>
            <p>{format!("What it did: {}.", proof.how)}</p>
            <p class="proof-observed">"It answered: " <code>{proof.observed.clone()}</code></p>
            {proof.catalog.as_ref().map(|catalog| view! {
                <div class="proof-catalog" data-testid="proof-catalog" data-status=catalog.status.as_str()>
                    <p>
                        <strong>{format!("PostgreSQL's catalog: {}", catalog.status.as_str())}</strong>
                        {format!(" — {}", catalog.message)}
                    </p>
                    {(!catalog.definitions.is_empty()).then(|| view! {
                        <p>"As PostgreSQL defines it:"</p>
                        <pre class="catalog-definitions"><code>{catalog.definitions.join(";\n\n")}</code></pre>
                    })}
                </div>
            })}
            <p class="proof-engine">{proof.engine.clone()}</p>
            {sql.map(|sql| view! {
                <pre class="probe-sql"><code>{sql}</code></pre>
            })}
        </details>
    })
}
