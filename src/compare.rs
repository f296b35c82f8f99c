//! The base run the review is compared with: `?base=URL` (with `?base-report=URL` for
//! its report; its SQL is fetched from its `href`s), or the files picked with "Compare
//! with…". This module only fetches and reads; the diff is the core's.

use std::sync::Arc;

use leptos::prelude::*;
use secondlook_core::diff::{RunDiff, diff};
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::Review;

use crate::components::browser;
use crate::loading::{fetch_text, page_params};

/// The base's review once read, or why it could not be; shared through the context.
#[derive(Debug, Clone, Copy)]
pub struct Base {
    pub review: RwSignal<Option<Arc<Review>>>,
    /// The base run's name, for the summary.
    pub name: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl Base {
    pub fn new() -> Self {
        Self {
            review: RwSignal::new(None),
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
        for url in inputs.missing_sql() {
            match fetch_text(&url).await {
                Ok(text) => inputs.add(named(&url, text)),
                Err(why) => return self.error.set(Some(why)),
            }
        }
        self.show(inputs);
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
        self.show(inputs);
    }

    fn show(self, inputs: Inputs) {
        let Some(run) = &inputs.run else {
            return self.error.set(Some(
                "the base has no run file (migration-run/v1)".to_string(),
            ));
        };
        self.name.set(Some(run.name.clone()));
        self.error.set(None);
        self.review.set(Some(Arc::new(inputs.review())));
    }

    /// What changed from the base to `review`, once there is a base.
    pub fn diff(self, review: &Review) -> Option<RunDiff> {
        self.review
            .with(|base| base.as_ref().map(|base| diff(base, review)))
    }
}

fn named(name: &str, text: String) -> Named {
    Named {
        name: name.to_string(),
        text,
    }
}
