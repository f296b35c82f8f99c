use leptos::prelude::*;

/// The keyboard shortcuts of the findings table, in a dialog; Escape closes it.
#[component]
pub fn ShortcutHelp(
    /// Whether the dialog shows.
    open: RwSignal<bool>,
) -> impl IntoView {
    let close = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get()
            && let Some(button) = close.get()
        {
            let _ = button.focus();
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)></div>
            <div
                class="help-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="shortcut-help-title"
                data-testid="shortcut-help"
            >
                <h3 id="shortcut-help-title">"Keyboard shortcuts"</h3>
                <dl>
                    <dt><kbd>"j"</kbd>" / "<kbd>"↓"</kbd></dt>
                    <dd>"Select the next row"</dd>
                    <dt><kbd>"k"</kbd>" / "<kbd>"↑"</kbd></dt>
                    <dd>"Select the previous row"</dd>
                    <dt><kbd>"/"</kbd></dt>
                    <dd>"Search"</dd>
                    <dt><kbd>"?"</kbd></dt>
                    <dd>"This help"</dd>
                    <dt><kbd>"Esc"</kbd></dt>
                    <dd>"Close this help"</dd>
                </dl>
                <p class="hint">"Shortcuts are off while typing in a field."</p>
                <button type="button" node_ref=close on:click=move |_| open.set(false)>
                    "Close"
                </button>
            </div>
        </Show>
    }
}
