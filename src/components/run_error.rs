use leptos::prelude::*;
use secondlook_core::run::RunError;

/// Why the run file could not be read, with the JSON path and the line and column.
#[component]
pub fn RunErrorMessage(
    /// The error the core located.
    error: RunError,
    /// The `data-testid` this copy carries (one `load-error` per page).
    test_id: &'static str,
) -> impl IntoView {
    let at = error
        .position
        .map(|p| format!("run file, line {}, column {}: ", p.line, p.column))
        .unwrap_or_else(|| "run file: ".to_string());
    view! {
        <p class="load-error" data-testid=test_id>
            {at}
            <code>{error.path}</code>
            ": "
            {error.message}
        </p>
    }
}
