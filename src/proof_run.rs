//! Proving the review's gates with PostgreSQL in this tab, after the static verdict is
//! shown: the core writes the plan, the proof worker runs it, the core applies what
//! PostgreSQL answered to a copy of the review, which the page then shows instead.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_core::gate::GateResult;
use secondlook_core::proof::{self, Plan, Probe};
use secondlook_core::review::Review;

use crate::components::browser;
use crate::proof_worker::{self, Progress};

/// Inputs up to this size (the SQL files together) are proven as soon as the static
/// verdict is shown; larger ones wait for the button. `docs/benchmarks.md` has the
/// figures it rests on: PostgreSQL's start dominates below it.
pub const AUTO_PROOF_BYTES: usize = 1_000_000;

/// Where the reviewer's choice to prove automatically is kept.
const AUTO_KEY: &str = "secondlook-proof-auto";

/// Where the proof of the shown review stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofState {
    /// Not started: turned off, or the inputs are over [`AUTO_PROOF_BYTES`]. The button
    /// starts it.
    Off,
    Running(Step),
    /// PostgreSQL answered every probe; the proofs are on the review's gates.
    Done {
        engine: String,
    },
    /// No PostgreSQL can run here, or it failed: the static verdict stands, as shown.
    Unavailable(String),
}

impl ProofState {
    /// The word tests read from `data-proof-state` on `.app`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ProofState::Off => "off",
            ProofState::Running(_) => "running",
            ProofState::Done { .. } => "done",
            ProofState::Unavailable(_) => "unavailable",
        }
    }
}

/// How far a running proof has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Starting,
    Migration {
        statements: usize,
    },
    Probe {
        number: usize,
        of: usize,
        gate: String,
        subject: String,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct ProofRun {
    pub state: RwSignal<ProofState>,
    /// The review with its proofs; `None` until a proof of the current review is done.
    pub proven: RwSignal<Option<Arc<Review>>>,
    /// The plan that was run, for showing each probe's SQL.
    pub plan: RwSignal<Option<Arc<Plan>>>,
    /// Prove without waiting for the button (under [`AUTO_PROOF_BYTES`]).
    pub auto: RwSignal<bool>,
    /// The static review being proven.
    pub review: RwSignal<Option<Arc<Review>>>,
    /// Bumped for each review, so a slow proof never lands on a newer one.
    generation: StoredValue<u64>,
}

impl ProofRun {
    pub fn new() -> Self {
        let off = browser::stored(AUTO_KEY).ok().flatten().as_deref() == Some("off");
        Self {
            state: RwSignal::new(ProofState::Off),
            proven: RwSignal::new(None),
            plan: RwSignal::new(None),
            auto: RwSignal::new(!off),
            review: RwSignal::new(None),
            generation: StoredValue::new(0),
        }
    }

    /// Proves each new static review, when automatic proving is on and it is small.
    pub fn follow(self, review: RwSignal<Option<Arc<Review>>>) {
        Effect::new(move |_| {
            let current = review.get();
            self.generation.update_value(|g| *g += 1);
            self.proven.set(None);
            self.plan.set(None);
            self.review.set(current.clone());
            let Some(current) = current else {
                self.state.set(ProofState::Off);
                return;
            };
            if let Err(why) = proof_worker::source() {
                self.state.set(ProofState::Unavailable(why));
            } else if self.auto.get_untracked() && sql_bytes(&current) <= AUTO_PROOF_BYTES {
                self.start();
            } else {
                self.state.set(ProofState::Off);
            }
        });
    }

    /// Turns automatic proving on or off, for this and later visits.
    pub fn set_auto(self, on: bool) {
        self.auto.set(on);
        let kept = if on {
            browser::forget(AUTO_KEY)
        } else {
            browser::store(AUTO_KEY, "off")
        };
        if let Err(why) = kept {
            leptos::logging::warn!("secondlook: the choice is not kept: {why}");
        }
    }

    /// Proves the shown static review now.
    pub fn start(self) {
        let Some(review) = self.review.get_untracked() else {
            return;
        };
        let source = match proof_worker::source() {
            Ok(source) => source,
            Err(why) => return self.state.set(ProofState::Unavailable(why)),
        };
        let mine = self.generation.get_value();
        let current = move || self.generation.get_value() == mine;
        let plan = Arc::new(proof::plan(&review));
        self.plan.set(Some(plan.clone()));
        self.state.set(ProofState::Running(Step::Starting));
        spawn_local(async move {
            let on_progress = {
                let plan = plan.clone();
                move |progress| {
                    if current() {
                        self.state.set(ProofState::Running(step(&plan, progress)));
                    }
                }
            };
            let executed = proof_worker::execute(&source, &plan, on_progress).await;
            if !current() {
                return;
            }
            match executed {
                Ok(executed) => {
                    let engine = executed.engine.clone();
                    let mut proven = (*review).clone();
                    proof::apply(&mut proven, &plan, &executed);
                    self.proven.set(Some(Arc::new(proven)));
                    self.state.set(ProofState::Done { engine });
                }
                Err(why) => self.state.set(ProofState::Unavailable(why)),
            }
        });
    }
}

impl Default for ProofRun {
    fn default() -> Self {
        Self::new()
    }
}

fn step(plan: &Plan, progress: Progress) -> Step {
    match progress {
        Progress::Starting => Step::Starting,
        Progress::Migration => Step::Migration {
            statements: plan.migration.len(),
        },
        Progress::Probe(index) => {
            let probe = plan.probes.get(index);
            Step::Probe {
                number: index + 1,
                of: plan.probes.len(),
                gate: probe.map(|p| p.gate.clone()).unwrap_or_default(),
                subject: probe.map(|p| p.subject.clone()).unwrap_or_default(),
            }
        }
    }
}

/// The probes of the plan that prove this result of the proven review.
pub fn probes_of<'a>(
    plan: &'a Plan,
    proven: &'a Review,
    gate: &'a GateResult,
) -> impl Iterator<Item = &'a Probe> {
    plan.probes
        .iter()
        .filter(move |p| proven.gates.get(p.result) == Some(gate))
}

fn sql_bytes(review: &Review) -> usize {
    review
        .sql_files
        .iter()
        .filter_map(|file| file.text.as_ref().ok())
        .map(String::len)
        .sum()
}
