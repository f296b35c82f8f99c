//! Proving the review's gates with PostgreSQL in this tab, after the static verdict is
//! shown: the engine writes the plan, the proof worker runs it, the engine applies what
//! PostgreSQL answered to a copy of the review, which the page then shows instead.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::gate::{DecidedBy, GateResult, ProofResult};
use secondlook_review::proof::{Plan, Probe};
use secondlook_review::review::Review;

use crate::components::browser;
use crate::engine::{self, Failure, Job, Key, Latest};
use crate::proof_worker::{self, Progress};
use crate::review_build::ReviewBuild;

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
    Baseline {
        statements: usize,
    },
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

/// What the shown verdict rests on: the banner says it beside the verdict, so that a
/// static "go" is never read as one PostgreSQL has checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// The static re-check alone, while PostgreSQL is being asked.
    Proving(Step),
    /// PostgreSQL confirmed or refuted `settled` results of these inputs; `open` more
    /// it was asked about it could not settle, and their static results stand.
    Proven {
        engine: String,
        settled: usize,
        open: usize,
    },
    /// The static re-check alone, and why PostgreSQL did not check it.
    NotProven(NotProven),
}

impl Basis {
    /// The word on the verdict's box (`data-basis`): the page styles by it, tests read it.
    pub fn as_str(&self) -> &'static str {
        match self {
            Basis::Proving(_) => "proving",
            Basis::Proven { .. } => "proven",
            Basis::NotProven(_) => "not-proven",
        }
    }
}

/// Why no proof stands behind the shown verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotProven {
    /// The reviewer turned automatic proving off.
    AutoOff,
    /// The SQL is over [`AUTO_PROOF_BYTES`]: proving waits for the button.
    TooLarge,
    /// No run file: nothing says what PostgreSQL should check.
    NoRun,
    /// PostgreSQL ran, but settled none of the results it was asked about.
    NothingSettled,
    /// PostgreSQL could not run here, or failed: why.
    Failed(String),
}

#[derive(Debug, Clone, Copy)]
pub struct ProofRun {
    pub state: RwSignal<ProofState>,
    /// The review with its proofs; `None` until a proof of the current review is done.
    pub proven: RwSignal<Option<Arc<Review>>>,
    /// The key the engine keeps `proven` under (set before `proven`).
    pub proven_key: RwSignal<Option<Arc<Key>>>,
    /// The plan that was run, for showing each probe's SQL.
    pub plan: RwSignal<Option<Arc<Plan>>>,
    /// Prove without waiting for the button (under [`AUTO_PROOF_BYTES`]).
    pub auto: RwSignal<bool>,
    /// The static review being proven.
    pub review: RwSignal<Option<Arc<Review>>>,
    /// The key the engine keeps `review` under.
    key: StoredValue<Option<Arc<Key>>>,
    /// So that a slow proof never lands on a newer review.
    latest: Latest,
}

impl ProofRun {
    pub fn new() -> Self {
        let off = browser::stored(AUTO_KEY).ok().flatten().as_deref() == Some("off");
        Self {
            state: RwSignal::new(ProofState::Off),
            proven: RwSignal::new(None),
            proven_key: RwSignal::new(None),
            plan: RwSignal::new(None),
            auto: RwSignal::new(!off),
            review: RwSignal::new(None),
            key: StoredValue::new(None),
            latest: Latest::new(),
        }
    }

    /// Proves each new static review, when automatic proving is on and it is small.
    pub fn follow(self, build: ReviewBuild) {
        Effect::new(move |_| {
            let current = build.review.get();
            self.key.set_value(build.key.get_untracked());
            // Whatever proof is under way is for the review replaced.
            self.latest.start();
            self.proven_key.set(None);
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

    /// What the shown verdict rests on (tracked: the banner follows it).
    pub fn basis(self) -> Basis {
        let no_run = || {
            self.review
                .with(|r| r.as_ref().is_some_and(|r| r.run().is_none()))
        };
        match self.state.get() {
            ProofState::Running(step) => Basis::Proving(step),
            ProofState::Unavailable(why) => Basis::NotProven(NotProven::Failed(why)),
            ProofState::Off if !self.auto.get() => Basis::NotProven(NotProven::AutoOff),
            ProofState::Off if no_run() => Basis::NotProven(NotProven::NoRun),
            ProofState::Off => Basis::NotProven(NotProven::TooLarge),
            ProofState::Done { .. } if no_run() => Basis::NotProven(NotProven::NoRun),
            ProofState::Done { engine } => {
                let (settled, open) = self.proven.with(|proven| {
                    proven
                        .as_ref()
                        .map_or((0, 0), |review| settled_and_open(review))
                });
                match settled {
                    0 => Basis::NotProven(NotProven::NothingSettled),
                    _ => Basis::Proven {
                        engine,
                        settled,
                        open,
                    },
                }
            }
        }
    }

    /// Turns automatic proving on or off, for this and later visits; turned on, it
    /// proves the shown review now if it would have proven it unasked.
    pub fn set_auto(self, on: bool) {
        self.auto.set(on);
        let small = self
            .review
            .with_untracked(|r| r.as_ref().is_some_and(|r| sql_bytes(r) <= AUTO_PROOF_BYTES));
        if on && small && self.state.get_untracked() == ProofState::Off {
            self.start();
        }
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
        let Some(key) = self.key.get_value() else {
            return;
        };
        let source = match proof_worker::source() {
            Ok(source) => source,
            Err(why) => return self.state.set(ProofState::Unavailable(why)),
        };
        let job = self.latest.start();
        self.state.set(ProofState::Running(Step::Starting));
        spawn_local(async move {
            // PGlite's megabytes and its start would hold back the verdict's drawing.
            browser::after_paint().await;
            if !job.current() {
                return;
            }
            let plan = match engine::engine().plan(&key).await {
                Ok(plan) => Arc::new(plan),
                Err(failure) => return self.give_up(failure, job),
            };
            if !job.current() {
                return;
            }
            self.plan.set(Some(plan.clone()));
            let on_progress = {
                let plan = plan.clone();
                move |progress| {
                    if job.current() {
                        self.state.set(ProofState::Running(step(&plan, progress)));
                    }
                }
            };
            let executed = match proof_worker::execute(&source, &plan, on_progress).await {
                Ok(executed) => executed,
                Err(why) if job.current() => return self.state.set(ProofState::Unavailable(why)),
                Err(_) => return,
            };
            let engine_name = executed.engine.clone();
            let proven = engine::engine().prove(&key, executed).await;
            match proven {
                Ok(proven) if job.current() => {
                    self.proven_key.set(Some(proven.key));
                    self.proven.set(Some(Arc::new(proven.review)));
                    self.state.set(ProofState::Done {
                        engine: engine_name,
                    });
                }
                Ok(_) => {}
                Err(failure) => self.give_up(failure, job),
            }
        });
    }

    /// The static verdict stands, as shown; a panic in the engine is shown as one.
    fn give_up(self, failure: Failure, job: Job) {
        failure.report(|why| {
            if job.current() {
                self.state.set(ProofState::Unavailable(why));
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
        Progress::Baseline => Step::Baseline {
            statements: plan.baseline.len(),
        },
        // What secondlook sends to observe the migration is not the migration's.
        Progress::Migration => Step::Migration {
            statements: plan
                .migration
                .iter()
                .filter(|s| s.observe.is_none())
                .count(),
        },
        Progress::Probe(index) => {
            let probe = plan.probes.get(index);
            Step::Probe {
                number: index + 1,
                of: plan.probes.len(),
                gate: probe.map(|p| p.gate.to_string()).unwrap_or_default(),
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

/// How many of the review's results PostgreSQL settled (its catalog decided them, or a
/// probe confirmed or refuted them), and how many more it left to the static re-check.
fn settled_and_open(review: &Review) -> (usize, usize) {
    let proofs = review.gates.iter().filter_map(|g| g.proof.as_ref());
    let open = proofs
        .clone()
        .filter(|p| p.result == ProofResult::Inconclusive && p.decided_by == DecidedBy::StaticCheck)
        .count();
    (proofs.count() - open, open)
}

/// What the proof runs: the baseline as well as the migration.
fn sql_bytes(review: &Review) -> usize {
    (review.baseline_files.iter())
        .chain(&review.sql_files)
        .filter_map(|file| file.text.as_ref().ok())
        .map(String::len)
        .sum()
}
