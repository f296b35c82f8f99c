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

pub fn text_of(root: &web_sys::HtmlElement, test_id: &str) -> String {
    root.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap_or_else(|| panic!("no element with data-testid={test_id}"))
        .text_content()
        .unwrap_or_default()
}

/// Every element matching `selector` under `root`.
pub fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into())
        .collect()
}

/// The one element matching `selector` under `root`; panics naming the selector.
pub fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}
