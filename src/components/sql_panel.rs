use leptos::prelude::*;
use secondlook_core::review::Review;

/// The run's SQL with line numbers and colour; the statements gates point at, highlighted.
#[component]
pub fn SqlPanel(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="sql-panel"></section> }
}
