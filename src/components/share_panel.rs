use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::loading::Loader;

/// "Copy link": a link to this review as it is shown now, also put in a field to copy by
/// hand; inputs too big for a link get the way to bundle them instead.
#[component]
pub fn SharePanel(
    /// The page's loading state: what the link carries.
    loader: Loader,
) -> impl IntoView {
    let made = RwSignal::new(None::<Result<String, String>>);
    let hosted = RwSignal::new(None::<Result<String, String>>);
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let result = crate::share::link(loader);
        hosted.set(crate::share::hosted_link(loader));
        copied.set(false);
        if let Ok(url) = &result {
            let promise = window().navigator().clipboard().write_text(url);
            spawn_local(async move {
                // Refused outside a secure context or without focus: the field remains.
                copied.set(JsFuture::from(promise).await.is_ok());
            });
        }
        made.set(Some(result));
    };
    view! {
        <section class="share" aria-label="Share">
            <button type="button" data-testid="share-button" on:click=on_click>
                "Copy link"
            </button>
            {move || match made.get() {
                Some(Ok(url)) => view! {
                    <label class="share-link">
                        "Link to this review"
                        <input type="text" readonly data-testid="share-link" prop:value=url />
                    </label>
                    <span role="status">{move || copied.get().then_some("Copied")}</span>
                    {crate::share::opened_from_file().then(|| view! {
                        <p class="share-local" data-testid="share-local">
                            "This page is a file on this computer: the link works only where the file is."
                        </p>
                    })}
                    {move || match hosted.get() {
                        Some(Ok(url)) => view! {
                            <label class="share-link">
                                "Link for the hosted viewer (works anywhere)"
                                <input type="text" readonly data-testid="share-hosted-link" prop:value=url />
                            </label>
                        }
                        .into_any(),
                        Some(Err(why)) => view! { <p class="share-refused" role="alert">{why}</p> }.into_any(),
                        None => ().into_any(),
                    }}
                }
                .into_any(),
                Some(Err(why)) => view! {
                    <p class="share-refused" role="alert" data-testid="share-refused">{why}</p>
                }
                .into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

/// Says which inputs differ from those the opened link was made from.
#[component]
pub fn HashWarning(
    /// One sentence per input that differs; nothing is shown when empty.
    warnings: RwSignal<Vec<String>>,
) -> impl IntoView {
    move || {
        let warnings = warnings.get();
        (!warnings.is_empty()).then(|| {
            view! {
                <section class="hash-warning" role="alert" data-testid="hash-warning">
                    // Not a heading: it comes before the report's own title.
                    <p class="hash-warning-title">"⚠ What loaded is not what was shared"</p>
                    <ul>
                        {warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}
                    </ul>
                    <p>"Ask whoever shared the link which version they reviewed before deciding."</p>
                </section>
            }
        })
    }
}
