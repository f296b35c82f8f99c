use leptos::prelude::*;
use secondlook_core::review::Review;

/// The recomputed verdict, the declared one and any discrepancy; always at the top.
#[component]
pub fn VerdictBanner(
    /// The review to show.
    review: Review,
) -> impl IntoView {
    let _ = review;
    view! { <section class="verdict-banner"></section> }
}
