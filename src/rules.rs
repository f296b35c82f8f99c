//! Every gate's texts, from the registry through the engine: asked for once when the
//! page starts and held in a context for the Rules pane and the gate cards, so the page
//! links no check to show what a check is.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::gate::{GateId, RuleInfo};

use crate::engine::engine;

/// The engine's answer: `None` until it comes, then the gates in display order or why
/// there are none.
#[derive(Debug, Clone, Copy)]
pub struct Rules(pub RwSignal<Option<Result<Arc<[RuleInfo]>, String>>>);

impl Rules {
    /// Asks the engine for the rules and provides them to every view below.
    pub fn provide() -> Rules {
        let rules = Rules(RwSignal::new(None));
        provide_context(rules);
        spawn_local(async move {
            let answer = engine().rules().await;
            match answer {
                Ok(list) => rules.0.set(Some(Ok(list.into()))),
                Err(failure) => failure.report(|why| rules.0.set(Some(Err(why)))),
            }
        });
        rules
    }

    /// The rules as given (a test, say), without asking the engine.
    pub fn given(list: Vec<RuleInfo>) -> Rules {
        let rules = Rules(RwSignal::new(Some(Ok(list.into()))));
        provide_context(rules);
        rules
    }
}

/// Reads the gate's info from the context, tracked: `None` before the rules arrive,
/// without them, or for a gate this engine does not list.
fn with_rule<T>(id: GateId, read: impl FnOnce(&RuleInfo) -> T) -> Option<T> {
    let rules = use_context::<Rules>()?;
    rules.0.with(|answer| match answer {
        Some(Ok(list)) => list.iter().find(|r| r.id == id).map(read),
        _ => None,
    })
}

/// The gate's title; its id until the rules arrive.
pub fn title(id: GateId) -> String {
    with_rule(id, |r| r.title.clone()).unwrap_or_else(|| id.to_string())
}

/// Whether the gate checks the SQL; `false` until the rules arrive.
pub fn reads_sql(id: GateId) -> bool {
    with_rule(id, |r| r.reads_sql).unwrap_or(false)
}
