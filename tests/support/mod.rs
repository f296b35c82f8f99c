//! Helpers shared by the component tests (each test file compiles its own copy, so a
//! helper one file does not use is not dead code).
#![allow(dead_code)]

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Mounts a view into a fresh element that is not attached to the page's body, and
/// returns that element.
pub fn mount<F, N>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let wrapper: web_sys::HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    leptos::mount::mount_to(wrapper.clone(), view).forget();
    wrapper
}

/// Like [`mount`], but attached to the page's body, so scripts and load events would run.
pub fn mount_in_page<F, N>(view: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    let wrapper = mount(view);
    document().body().unwrap().append_child(&wrapper).unwrap();
    wrapper
}

/// The one element matching `selector` under `root`; panics naming the selector.
pub fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

/// Every element matching `selector` under `root`, in document order.
pub fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The text of the one element matching `selector`.
pub fn text_at(root: &web_sys::HtmlElement, selector: &str) -> String {
    one(root, selector).text_content().unwrap_or_default()
}

pub fn text_of(root: &web_sys::HtmlElement, test_id: &str) -> String {
    text_at(root, &format!("[data-testid={test_id}]"))
}

/// The value of `attribute` on every element matching `selector`, in document order.
pub fn attributes(root: &web_sys::HtmlElement, selector: &str, attribute: &str) -> Vec<String> {
    all(root, selector)
        .iter()
        .map(|e| e.get_attribute(attribute).unwrap_or_default())
        .collect()
}

pub fn count(root: &web_sys::HtmlElement, selector: &str) -> usize {
    all(root, selector).len()
}

/// Lets Leptos run its effects and update the DOM.
pub async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
