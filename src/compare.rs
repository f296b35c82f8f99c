//! The base run the review is compared with: `?base=URL` (with `?base-report=URL` for
//! its report; its SQL is fetched from its `href`s), or the files picked with "Compare
//! with…". This module only fetches and asks; the review and the diff are the engine's.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_core::inputs::{Inputs, Named};
use secondlook_review::diff::RunDiff;
use secondlook_review::review::Review;

use crate::components::browser;
use crate::engine::{Failure, Key, Latest, engine};
use crate::loading::{fetch_text, page_params};

/// The base's review once read, or why it could not be; shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Base {
    pub review: RwSignal<Option<Arc<Review>>>,
    /// The key the engine keeps `review` under (set before `review`).
    key: RwSignal<Option<Arc<Key>>>,
    /// So that a slow diff never lands on a newer base or review.
    latest: Latest,
    /// What changed from the base to the shown review, once both are built.
    pub diff: RwSignal<Option<Arc<RunDiff>>>,
    /// The base run's name, for the summary.
    pub name: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl Base {
    pub fn new() -> Self {
        Self {
            review: RwSignal::new(None),
            key: RwSignal::new(None),
            latest: Latest::new(),
            diff: RwSignal::new(None),
            name: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Reads `?base=` and `?base-report=`, if the page has them.
    pub async fn start(self) {
        let params = page_params();
        let get = |key: &str| params.as_ref().and_then(|p| p.get(key));
        let Some(run) = get("base") else { return };
        let mut inputs = Inputs::default();
        let mut fetched = vec![fetch_text(&run).await.map(|text| named(&run, text))];
        if let Some(report) = get("base-report") {
            fetched.push(fetch_text(&report).await.map(|text| named(&report, text)));
        }
        for file in fetched {
            match file {
                Ok(file) => inputs.add(file),
                Err(why) => return self.error.set(Some(why)),
            }
        }
        let missing = engine().missing_sql(&inputs, |_| {}).await;
        let missing = match missing {
            Ok(missing) => missing,
            Err(failure) => return self.fail(failure),
        };
        for href in missing {
            let fetched = match href {
                Ok(url) => fetch_text(&url).await.map(|text| (url, text)),
                Err(refused) => Err(refused.to_string()),
            };
            match fetched {
                Ok((url, text)) => inputs.add(named(&url, text)),
                Err(why) => return self.error.set(Some(why)),
            }
        }
        self.show(inputs).await;
    }

    /// Reads the picked base files: a run file, its SQL and, if wanted, its report.
    pub async fn pick(self, files: Vec<web_sys::File>) {
        let mut inputs = Inputs::default();
        for file in files {
            match browser::file_text(&file).await {
                Ok(text) => inputs.add(named(&file.name(), text)),
                Err(why) => return self.error.set(Some(format!("{}: {why}", file.name()))),
            }
        }
        self.show(inputs).await;
    }

    async fn show(self, inputs: Inputs) {
        let Some(run) = &inputs.run else {
            return self.error.set(Some(
                "the base has no run file (migration-run/v1)".to_string(),
            ));
        };
        self.name.set(Some(run.name.clone()));
        self.error.set(None);
        match engine().review(inputs, |_| {}).await {
            Ok(keyed) => {
                self.key.set(Some(keyed.key));
                self.review.set(Some(Arc::new(keyed.review)));
            }
            Err(failure) => self.fail(failure),
        }
    }

    fn fail(self, failure: Failure) {
        failure.report(|why| self.error.set(Some(why)));
    }

    /// Keeps `diff` up to date with the base and the review shown (its engine key).
    pub fn follow(self, shown: Signal<Option<Arc<Key>>>) {
        Effect::new(move |_| {
            self.diff.set(None);
            let job = self.latest.start();
            let (Some(base), Some(key)) = (self.key.get(), shown.get()) else {
                return;
            };
            spawn_local(async move {
                let diff = engine().diff(&base, &key).await;
                if !job.current() {
                    return;
                }
                match diff {
                    Ok(diff) => self.diff.set(Some(Arc::new(diff))),
                    Err(failure) => self.fail(failure),
                }
            });
        });
    }
}

fn named(name: &str, text: String) -> Named {
    Named {
        name: name.to_string(),
        text,
    }
}
