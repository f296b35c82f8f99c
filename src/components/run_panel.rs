use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;

use super::gates::Gates;
use super::phases::Phases;
use super::run_error::RunErrorMessage;
use super::run_identity::RunIdentity;
use super::self_audit::SelfAuditView;
use super::unknown_fields::UnknownFields;

/// The gates with their evidence, the run's identity and phases, and its self-audit.
#[component]
pub fn RunPanel(
    /// The review to show.
    #[prop(into)]
    review: Arc<Review>,
) -> impl IntoView {
    let body = match &review.run {
        None if review.sql_only.is_some() => view! {
            <p class="missing">
                "No run loaded: the SQL was reviewed alone; the banner says what that leaves unchecked."
            </p>
            <Gates gates=review.gates.clone() sql_files=review.sql_files.clone() />
        }
        .into_any(),
        None => view! { <p class="missing">"No run loaded."</p> }.into_any(),
        // The banner carries the page's `load-error`; this copy keeps the panel
        // self-explanatory without a second element of that test id.
        Some(Err(error)) => view! {
            <h2>"Run file"</h2>
            <p>"The run file could not be read, so no gate was checked. The report stays readable in its pane."</p>
            <RunErrorMessage error=error.clone() path=review.run_path.clone() test_id="run-error" />
        }
        .into_any(),
        Some(Ok(run)) => {
            let phases = match run.phases.clone() {
                Some(phases) => view! { <Phases phases=phases /> }.into_any(),
                None => view! { <p class="missing">"The run reports no phases."</p> }.into_any(),
            };
            let audit = match run.self_audit.clone() {
                Some(audit) => view! { <SelfAuditView audit=audit /> }.into_any(),
                None => view! { <p class="missing">"The run reports no self-audit."</p> }
                    .into_any(),
            };
            view! {
                // Failures first: the gates open the pane, the run's identity follows.
                <Gates gates=review.gates.clone() sql_files=review.sql_files.clone() />
                <RunIdentity run=run.clone() />
                {phases}
                {audit}
                <UnknownFields run=run.clone() />
            }
            .into_any()
        }
    };
    view! { <section class="run-panel" aria-label="Gates and run">{body}</section> }
}
