//! Helpers the browser component tests share.
// Each test file uses the helpers it needs; the others are not dead.
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

/// The text of the one element matching `selector`.
pub fn text_at(root: &web_sys::HtmlElement, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

pub fn text_of(root: &web_sys::HtmlElement, test_id: &str) -> String {
    text_at(root, &format!("[data-testid={test_id}]"))
}

/// The value of `attribute` on every element matching `selector`, in document order.
pub fn attributes(root: &web_sys::HtmlElement, selector: &str, attribute: &str) -> Vec<String> {
    let found = root.query_selector_all(selector).unwrap();
    (0..found.length())
        .filter_map(|i| found.item(i))
        .map(|node| {
            node.unchecked_into::<web_sys::Element>()
                .get_attribute(attribute)
                .unwrap_or_default()
        })
        .collect()
}

pub fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}
