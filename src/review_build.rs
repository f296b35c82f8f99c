//! Building the review once the inputs are in: on the page for small inputs, in the
//! review worker for large ones, while the page stays usable and says what is being
//! done.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use secondlook_core::inputs::Inputs;
use secondlook_core::review::{Review, transport};

use crate::loading::{Loader, Origin};
use crate::review_worker::{self, Failure, OFF_THREAD_BYTES};

/// The review the page shows, and how far the building of the next one has got.
#[derive(Debug, Clone, Copy)]
pub struct ReviewBuild {
    /// `None` until the first review is built, and while a new one is built off the page.
    pub review: RwSignal<Option<Arc<Review>>>,
    /// What the worker is doing now; `None` when it is not working.
    pub stage: RwSignal<Option<String>>,
    /// `"page"` or `"worker"`: where the shown review was built (tests and the curious
    /// read it from `data-review-built`).
    pub built_in: RwSignal<&'static str>,
    /// Bumped for each build, so a slow build never replaces a newer one.
    generation: StoredValue<u64>,
    /// A worker started while the inputs are still arriving, loading the wasm meanwhile.
    spare: StoredValue<Option<review_worker::Started>, LocalStorage>,
}

impl ReviewBuild {
    pub fn new() -> Self {
        Self {
            review: RwSignal::new(None),
            stage: RwSignal::new(None),
            built_in: RwSignal::new(""),
            generation: StoredValue::new(0),
            spare: StoredValue::new_local(None),
        }
    }

    /// Builds a review each time the loader has finished with a new set of inputs.
    pub fn follow(self, loader: Loader) {
        Effect::new(move |_| {
            if loader.busy.get() {
                // Inputs named by URL or picked by hand may be large: have a worker load
                // the wasm while they arrive. (The demo's probes are not worth one.)
                if matches!(loader.origin.get(), Origin::Urls | Origin::Local) {
                    self.warm_up();
                }
                return;
            }
            loader.inputs.track();
            self.generation.update_value(|g| *g += 1);
            let size = loader.inputs.with_untracked(total_bytes);
            if size < OFF_THREAD_BYTES {
                self.on_page(loader);
            } else {
                self.off_page(loader);
            }
        });
    }

    fn on_page(self, loader: Loader) {
        self.spare.set_value(None); // a worker warmed up for inputs that proved small
        self.stage.set(None);
        self.review
            .set(Some(Arc::new(loader.inputs.with_untracked(Inputs::review))));
        self.built_in.set("page");
    }

    fn warm_up(self) {
        if self.spare.with_value(Option::is_some) {
            return;
        }
        // Failing here is fine: `off_page` starts one itself, or reviews on the page.
        if let Ok(worker) = review_worker::start() {
            self.spare.set_value(Some(worker));
        }
    }

    fn off_page(self, loader: Loader) {
        let mine = self.generation.get_value();
        let current = move || self.generation.get_value() == mine;
        self.review.set(None);
        self.stage
            .set(Some("Starting the review worker…".to_string()));
        let payload = loader.inputs.with_untracked(transport::encode_inputs);
        let spare = self.spare.try_update_value(Option::take).flatten();
        spawn_local(async move {
            let worker = match spare {
                Some(worker) => Ok(worker),
                None => review_worker::start(),
            };
            let result = match worker {
                Ok(worker) => {
                    worker
                        .review(payload, move |stage| {
                            if current() {
                                self.stage.set(Some(stage));
                            }
                        })
                        .await
                }
                Err(failure) => Err(failure),
            };
            if !current() {
                return;
            }
            match result {
                Ok(review) => {
                    self.stage.set(None);
                    self.review.set(Some(Arc::new(review)));
                    self.built_in.set("worker");
                }
                Err(Failure::Unavailable(why)) => {
                    leptos::logging::warn!("secondlook: reviewing on the page: {why}");
                    self.on_page(loader);
                }
                Err(Failure::Panicked(message)) => {
                    self.stage.set(None);
                    crate::panic_panel::show_panel(&message);
                }
            }
        });
    }
}

impl Default for ReviewBuild {
    fn default() -> Self {
        Self::new()
    }
}

fn total_bytes(inputs: &Inputs) -> usize {
    inputs.files().map(|file| file.text.len()).sum()
}

/// Where the verdict will be: the inputs still loading, or the review being built.
#[component]
pub fn ReviewProgress(
    /// True while files are still arriving.
    loading: RwSignal<bool>,
    /// What the review worker is doing, when it is working.
    stage: RwSignal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="loading-inputs" role="status" aria-busy="true" data-testid="review-progress">
            {move || match (loading.get(), stage.get()) {
                (true, _) => "Loading the inputs…".to_string(),
                (false, Some(stage)) => format!("Building the review in the background: {stage}"),
                (false, None) => "Building the review…".to_string(),
            }}
            <progress aria-label="Review in progress"></progress>
        </div>
    }
}
