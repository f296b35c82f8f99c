//! Building the review once the inputs are in, in the engine's worker (`crate::engine`),
//! while the page stays usable and says what is being done.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_review::review::Review;

use crate::engine::{self, Key, Latest};
use crate::loading::Loader;

/// The review the page shows, and how far the building of the next one has got.
#[derive(Debug, Clone, Copy)]
pub struct ReviewBuild {
    /// `None` until the first review is built, and while a new one is built.
    pub review: RwSignal<Option<Arc<Review>>>,
    /// The key the engine keeps `review` under (set before `review`).
    pub key: RwSignal<Option<Arc<Key>>>,
    /// What the engine is doing now; `None` when it is not working.
    pub stage: RwSignal<Option<String>>,
    /// Why the engine gave no review, when it gave none.
    pub error: RwSignal<Option<String>>,
    /// So that a slow build never replaces a newer one.
    latest: Latest,
}

impl ReviewBuild {
    pub fn new() -> Self {
        Self {
            review: RwSignal::new(None),
            key: RwSignal::new(None),
            stage: RwSignal::new(None),
            error: RwSignal::new(None),
            latest: Latest::new(),
        }
    }

    /// Builds a review each time the loader has finished with a new set of inputs.
    pub fn follow(self, loader: Loader) {
        Effect::new(move |_| {
            if loader.busy.get() {
                return;
            }
            loader.inputs.track();
            self.build(loader);
        });
    }

    fn build(self, loader: Loader) {
        let job = self.latest.start();
        self.review.set(None);
        self.error.set(None);
        self.stage
            .set(Some("Starting the review engine…".to_string()));
        let inputs = loader.inputs.get_untracked();
        spawn_local(async move {
            let on_stage = move |stage| {
                if job.current() {
                    self.stage.set(Some(stage));
                }
            };
            let result = engine::engine().review(inputs, on_stage).await;
            match result {
                // Drawn in a task of its own: decoding a large review and drawing it
                // in one would hold the page for longer than either.
                Ok(keyed) => set_timeout(
                    move || {
                        if !job.current() {
                            return;
                        }
                        self.stage.set(None);
                        self.key.set(Some(keyed.key));
                        self.review.set(Some(Arc::new(keyed.review)));
                    },
                    Duration::ZERO,
                ),
                Err(failure) if job.current() => {
                    self.stage.set(None);
                    failure.report(|why| self.error.set(Some(why)));
                }
                Err(_) => {}
            }
        });
    }
}

impl Default for ReviewBuild {
    fn default() -> Self {
        Self::new()
    }
}

/// Where the verdict will be: the inputs still loading, or the review being built.
#[component]
pub fn ReviewProgress(
    /// True while files are still arriving.
    loading: RwSignal<bool>,
    /// What the engine is doing for the loading, when it is.
    loading_stage: RwSignal<Option<String>>,
    /// What the engine is doing, when it is working.
    stage: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="loading-inputs" role="status" aria-busy="true" data-testid="review-progress">
            {move || match (loading.get(), stage.get()) {
                (true, _) => match loading_stage.get() {
                    Some(stage) => format!("Loading the inputs: {stage}"),
                    None => "Loading the inputs…".to_string(),
                },
                (false, Some(stage)) => format!("Building the review: {stage}"),
                (false, None) => "Building the review…".to_string(),
            }}
            <progress aria-label="Review in progress"></progress>
        </div>
    }
}
