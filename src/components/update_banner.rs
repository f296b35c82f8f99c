use leptos::prelude::*;

/// "A new version is available", with the reload that switches to it.
#[component]
pub fn UpdateBanner(
    /// Whether a new version of the app waits.
    waiting: RwSignal<bool>,
) -> impl IntoView {
    move || {
        waiting.get().then(|| {
            view! {
                <section class="update-available" role="status" data-testid="update-available">
                    <span>"A new version is available."</span>
                    <button type="button" on:click=|_| crate::offline::update_now()>
                        "Reload"
                    </button>
                </section>
            }
        })
    }
}
