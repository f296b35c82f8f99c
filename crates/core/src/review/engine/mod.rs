//! What the page asks the review engine, and how the engine answers: the page runs the
//! engine (`crates/engine`, its own wasm) in a Web Worker, and every call crosses as
//! one [`Request`] and comes back as bytes. The worker's script only moves those bytes
//! and the engine's wasm only hands them to [`Engine::answer`], so the calls are
//! spelled once, here, and answered the same natively (the tests) as in the worker.
//!
//! The engine keeps the reviews it built under keys the page chose, so the page can
//! ask for a proof plan, a proven review or a diff without sending a review back.

mod kept;

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Stage, transport};
use crate::inputs::{Inputs, RunRead};
use crate::proof::Executed;
use crate::prove;
use kept::Kept;

/// One call to the engine. Each says what its answer is; every answer is
/// [`transport`] bytes. The inputs are borrowed on the page, which keeps them, and
/// owned in the engine, which reads them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "call",
    rename_all = "kebab-case",
    rename_all_fields = "camelCase"
)]
pub enum Request<'a> {
    /// Review the inputs and keep the review under `key`. Answer: the review without
    /// the SQL texts the page sent ([`transport::encode_without_inputs`]; read it with
    /// [`transport::Reading`]).
    Review { key: u32, inputs: Cow<'a, Inputs> },
    /// Answer: the `href`s (resolved) of the run's SQL files not among the inputs yet,
    /// or why one may not be fetched ([`Inputs::missing_sql`] for a page). The run read
    /// here (a stage of its own) is not read again by the review of the same run.
    MissingSql { inputs: Cow<'a, Inputs> },
    /// Answer: the proof plan of the review under `key`.
    Plan { key: u32 },
    /// Apply what PostgreSQL answered to the plan of the review under `key`, and keep
    /// the proven review under `proven_key`. Answer: the proven review
    /// ([`transport::encode`]).
    Prove {
        key: u32,
        executed: Executed,
        proven_key: u32,
    },
    /// Answer: what changed from the review under `base` to the one under `key`.
    Diff { base: u32, key: u32 },
    /// Drop the review under `key`: the page shows it no longer. Answer: nothing.
    Forget { key: u32 },
    /// Answer: every gate's texts, in display order ([`crate::registry::rule_infos`]).
    Rules,
}

impl Request<'_> {
    pub fn to_bytes(&self) -> Vec<u8> {
        transport::to_bytes(self)
    }
}

/// The engine: the reviews it keeps. The page says when it no longer needs one
/// ([`Request::Forget`]): only it knows which are still shown, proven or compared with.
#[derive(Default)]
pub struct Engine {
    kept: Kept,
    /// The run read for the last [`Request::MissingSql`]: the review that follows it,
    /// of the same run, does not read it again.
    run_read: Option<RunRead>,
}

impl Engine {
    /// Answers the request in `bytes`; `progress` hears each stage of a review before it
    /// starts. An error is a sentence for the page.
    pub fn answer(
        &mut self,
        bytes: &[u8],
        progress: &mut dyn FnMut(Stage),
    ) -> Result<Vec<u8>, String> {
        let request: Request = transport::from_bytes(bytes, "request")?;
        Ok(match request {
            Request::Review { key, inputs } => {
                let inputs = inputs.into_owned();
                let mut review = inputs.review_after(self.run_read.take(), progress);
                let encoded = transport::encode_without_inputs(&mut review, &inputs);
                self.kept.keep(key, review);
                encoded
            }
            Request::MissingSql { inputs } => {
                let read = inputs.read_run(progress);
                let missing = inputs.missing_sql_of(read.as_ref(), 0);
                self.run_read = read;
                transport::to_bytes(&missing)
            }
            Request::Plan { key } => transport::to_bytes(self.kept.planned(key)?.1),
            Request::Prove {
                key,
                executed,
                proven_key,
            } => {
                let (review, plan) = self.kept.planned(key)?;
                let mut proven = review.clone();
                prove::apply::apply(&mut proven, plan, &executed);
                let encoded = transport::encode(&proven);
                self.kept.keep(proven_key, proven);
                encoded
            }
            Request::Diff { base, key } => transport::to_bytes(&crate::diff::diff(
                self.kept.get(base)?,
                self.kept.get(key)?,
            )),
            Request::Forget { key } => {
                self.kept.forget(key);
                Vec::new()
            }
            Request::Rules => transport::to_bytes(&crate::registry::rule_infos()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::RunDiff;
    use crate::gate::RuleInfo;
    use crate::proof::Plan;
    use crate::review::Review;
    use crate::run::confine::Refused;

    fn ask(engine: &mut Engine, request: Request<'_>) -> Result<Vec<u8>, String> {
        engine.answer(&request.to_bytes(), &mut |_| {})
    }

    #[test]
    fn the_page_gets_what_the_core_computes() {
        let mut engine = Engine::default();
        let inputs = Inputs::demo();
        let mut stages = Vec::new();
        let review_request = Request::Review {
            key: 1,
            inputs: Cow::Borrowed(&inputs),
        };
        let bytes = engine
            .answer(&review_request.to_bytes(), &mut |s| stages.push(s))
            .unwrap();
        let expected = inputs.review();
        assert_eq!(
            transport::decode_with_inputs(&bytes, &inputs).unwrap(),
            expected
        );
        assert_eq!(stages.last(), Some(&Stage::Deciding));

        let inputs = Cow::Owned(inputs);
        let mut stages = Vec::new();
        let missing = engine
            .answer(&Request::MissingSql { inputs }.to_bytes(), &mut |s| {
                stages.push(s)
            })
            .unwrap();
        assert!(reads_run(&stages), "{stages:?}");
        let missing: Vec<Result<String, Refused>> =
            transport::from_bytes(&missing, "missing").unwrap();
        assert!(missing.is_empty());

        let plan: Plan =
            transport::from_bytes(&ask(&mut engine, Request::Plan { key: 1 }).unwrap(), "plan")
                .unwrap();
        assert_eq!(plan, prove::plan::plan(&expected));

        let proven = ask(
            &mut engine,
            Request::Prove {
                key: 1,
                executed: Executed::default(),
                proven_key: 2,
            },
        )
        .unwrap();
        let proven: Review = transport::decode(&proven).unwrap();
        let mut by_hand = expected.clone();
        prove::apply::apply(&mut by_hand, &plan, &Executed::default());
        assert_eq!(proven, by_hand);

        let diff = ask(&mut engine, Request::Diff { base: 1, key: 2 }).unwrap();
        let diff: RunDiff = transport::from_bytes(&diff, "diff").unwrap();
        assert_eq!(diff, crate::diff::diff(&expected, &by_hand));

        let rules: Vec<RuleInfo> =
            transport::from_bytes(&ask(&mut engine, Request::Rules).unwrap(), "rules").unwrap();
        assert_eq!(rules, crate::registry::rule_infos());
    }

    #[test]
    fn a_forgotten_review_and_a_bad_request_are_named() {
        let mut engine = Engine::default();
        let review = Request::Review {
            key: 3,
            inputs: Cow::Owned(Inputs::demo()),
        };
        ask(&mut engine, review).unwrap();
        assert_eq!(ask(&mut engine, Request::Forget { key: 3 }), Ok(Vec::new()));
        assert_eq!(
            ask(&mut engine, Request::Plan { key: 3 }),
            Err("the engine no longer holds review 3".to_string())
        );
        let unknown = engine.answer(br#"{"call":"format-disk"}"#, &mut |_| {});
        assert!(
            unknown.as_ref().is_err_and(|e| e.contains("format-disk")),
            "{unknown:?}"
        );
    }

    /// The review asked for, its stages, and what the engine kept: reviewed with `inputs`.
    fn reviewed(engine: &mut Engine, inputs: &Inputs) -> (Review, Vec<Stage>) {
        let request = Request::Review {
            key: 9,
            inputs: Cow::Borrowed(inputs),
        };
        let mut stages = Vec::new();
        let bytes = engine
            .answer(&request.to_bytes(), &mut |s| stages.push(s))
            .unwrap();
        let review = transport::decode_with_inputs(&bytes, inputs).unwrap();
        (review, stages)
    }

    fn reads_run(stages: &[Stage]) -> bool {
        stages.iter().any(|s| matches!(s, Stage::ReadingRun { .. }))
    }

    #[test]
    fn a_review_after_the_missing_sql_reads_the_run_only_if_it_changed() {
        let mut engine = Engine::default();
        let demo = Inputs::demo();
        ask(
            &mut engine,
            Request::MissingSql {
                inputs: Cow::Borrowed(&demo),
            },
        )
        .unwrap();
        let (review, stages) = reviewed(&mut engine, &demo);
        assert_eq!(review, demo.review());
        assert!(!reads_run(&stages), "{stages:?}");
        // Used once: the next review reads its run.
        assert!(reads_run(&reviewed(&mut engine, &demo).1));

        // The run the SQL was asked for is not the run reviewed: the text decides.
        ask(
            &mut engine,
            Request::MissingSql {
                inputs: Cow::Borrowed(&demo),
            },
        )
        .unwrap();
        let mut changed = demo.clone();
        let run = changed.run.as_mut().unwrap();
        run.text = run.text.replacen("{", "{ ", 1);
        let (review, stages) = reviewed(&mut engine, &changed);
        assert!(reads_run(&stages), "{stages:?}");
        assert_eq!(review, changed.review());
    }

    #[test]
    fn requests_are_spelled_as_the_worker_sends_them() {
        let json = String::from_utf8(
            Request::Prove {
                key: 1,
                executed: Executed::default(),
                proven_key: 2,
            }
            .to_bytes(),
        )
        .unwrap();
        assert!(
            json.starts_with(r#"{"call":"prove","key":1,"executed":"#),
            "{json}"
        );
        assert!(json.ends_with(r#","provenKey":2}"#), "{json}");
    }
}
