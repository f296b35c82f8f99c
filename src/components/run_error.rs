use leptos::prelude::*;
use secondlook_review::run::RunError;

/// Why the run file could not be read, with the JSON path and the line and column.
#[component]
pub fn RunErrorMessage(
    /// The error the core located.
    error: RunError,
    /// Where the run file came from.
    path: Option<String>,
    /// The `data-testid` this copy carries (one `load-error` per page).
    test_id: &'static str,
) -> impl IntoView {
    let file = path.unwrap_or_else(|| "the run file".to_string());
    let at = match error.position {
        Some(p) => format!("{file}, line {}, column {}: ", p.line, p.column),
        None => format!("{file}: "),
    };
    view! {
        <p class="load-error" data-testid=test_id>
            {at}
            <code>{error.path}</code>
            ": "
            {error.message}
        </p>
    }
}
