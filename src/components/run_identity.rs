use leptos::prelude::*;
use secondlook_review::run::Run;

/// Which run this is: workflow, run id, when it ran, and its git state.
#[component]
pub fn RunIdentity(
    /// The run as the core read it.
    run: Run,
) -> impl IntoView {
    let git = run.git.clone();
    let git_field =
        |get: fn(&secondlook_review::run::Git) -> Option<String>| git.as_ref().and_then(get);
    let committed = git
        .as_ref()
        .and_then(|g| g.committed)
        .map(|c| if c { "yes" } else { "no" }.to_string());
    let fields = [
        ("Workflow", run.workflow.clone(), true),
        ("Run ID", run.run_id.clone(), true),
        ("Started", run.started_at.clone(), false),
        ("Finished", run.finished_at.clone(), false),
        ("Branch", git_field(|g| g.branch.clone()), true),
        ("Base", git_field(|g| g.base.clone()), true),
        ("Base commit", git_field(|g| g.base_commit.clone()), true),
        ("Head commit", git_field(|g| g.head_commit.clone()), true),
        ("Committed", committed, false),
    ];
    view! {
        <header class="run-identity">
            <h2>"Run"</h2>
            <dl>
                {fields
                    .into_iter()
                    .map(|(label, value, as_code)| {
                        let value = match value {
                            Some(v) if as_code => view! { <code>{v}</code> }.into_any(),
                            Some(v) => v.into_any(),
                            None => view! { <span class="missing">"not reported"</span> }
                                .into_any(),
                        };
                        view! {
                            <div>
                                <dt>{label}</dt>
                                <dd>{value}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </header>
    }
}
