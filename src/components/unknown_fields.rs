use leptos::prelude::*;
use secondlook_review::run::Run;

/// The run's fields this build does not know, raw, so a newer workflow's additions are
/// seen rather than lost.
#[component]
pub fn UnknownFields(
    /// The run as the core read it.
    run: Run,
) -> impl IntoView {
    let fields: Vec<(String, String)> = run
        .unknown_fields()
        .into_iter()
        .map(|f| (f.path, format!("{:#}", f.value)))
        .collect();
    (!fields.is_empty()).then(|| {
        view! {
            <details class="unknown-fields" data-testid="unknown-fields">
                <summary>
                    {format!("Fields this build does not know ({})", fields.len())}
                </summary>
                <dl>
                    {fields
                        .into_iter()
                        .map(|(path, value)| {
                            view! {
                                <dt><code>{path}</code></dt>
                                <dd><pre>{value}</pre></dd>
                            }
                        })
                        .collect_view()}
                </dl>
            </details>
        }
    })
}
