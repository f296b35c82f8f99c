//! The few browser calls the workspace needs (URL, history, localStorage, downloads,
//! the clock, what workers post), each turning a JavaScript failure into a message to
//! show.

use leptos::prelude::window;
use wasm_bindgen::{JsCast, JsValue};

/// What a failed browser call says, in words for the reviewer; a full storage quota is
/// named as such, since the browser's own text for it varies and is vague.
pub(crate) fn message(error: JsValue) -> String {
    if let Some(error) = error.dyn_ref::<web_sys::DomException>() {
        if error.name() == "QuotaExceededError" {
            return "the browser's storage for this page is full".to_string();
        }
        return error.message();
    }
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}

/// The page's query string, with its `?` (or empty).
/// The field `name` of a message a worker posted, if it has one.
pub(crate) fn field(data: &JsValue, name: &str) -> Option<JsValue> {
    js_sys::Reflect::get(data, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined())
}

/// What a worker's `error` event says, or `fallback` when it says nothing (the browser
/// gives no message for a script it could not load).
pub(crate) fn worker_error(event: &web_sys::Event, fallback: &str) -> String {
    event
        .dyn_ref::<web_sys::ErrorEvent>()
        .map(|e| e.message())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

pub fn search() -> String {
    window().location().search().unwrap_or_default()
}

/// The page's hash, with its `#` (or empty).
pub fn hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Puts `query` in the address bar without a reload or a history entry.
pub fn replace_query(query: &str) {
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let url = format!("{path}{query}{}", hash());
    if let Ok(history) = window().history() {
        // Failing here only leaves the old query in the address bar.
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn storage() -> Result<web_sys::Storage, String> {
    window()
        .local_storage()
        .map_err(message)?
        .ok_or_else(|| "this browser gives the page no localStorage".to_string())
}

pub fn stored(key: &str) -> Result<Option<String>, String> {
    storage()?.get_item(key).map_err(message)
}

/// What is kept under `key`, read by `read`: `None` when nothing is; an error when it
/// cannot be had or read, saying why.
pub fn stored_as<T>(
    key: &str,
    read: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    stored(key)?.map(|text| read(&text)).transpose()
}

pub fn store(key: &str, value: &str) -> Result<(), String> {
    storage()?.set_item(key, value).map_err(message)
}

pub fn forget(key: &str) -> Result<(), String> {
    storage()?.remove_item(key).map_err(message)
}

/// The current time as ISO 8601 (UTC).
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(message)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(message)?;
    let document = window().document().ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(message)?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // Revoked a moment later: some browsers still read the URL after the click returns.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// Whether a key press belongs to a text field (shortcuts must then stay quiet).
pub fn typing(event: &web_sys::KeyboardEvent) -> bool {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.has_attribute("contenteditable")
        })
}

/// Reads a picked file as text.
pub async fn file_text(file: &web_sys::File) -> Result<String, String> {
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(message)?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_string())
}

/// Resolves once what the page holds now has been painted (the next frame, then the
/// task after it), and the browser has had an idle moment (a second at most): work the
/// verdict does not need waits for this, so that it never holds the verdict back.
pub(crate) async fn after_paint() {
    let painted = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::request_animation_frame(move || {
            leptos::prelude::set_timeout(
                move || {
                    let _ = resolve.call0(&JsValue::NULL);
                },
                std::time::Duration::ZERO,
            );
        });
    });
    let _ = wasm_bindgen_futures::JsFuture::from(painted).await;
    let idle = js_sys::Promise::new(&mut |resolve, _| {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"timeout".into(), &1000.into());
        let request = js_sys::Reflect::get(&window(), &"requestIdleCallback".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        // Where there is no requestIdleCallback, the paint was the wait.
        let asked = request.is_some_and(|f| f.call2(&window(), &resolve, &options).is_ok());
        if !asked {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(idle).await;
}
