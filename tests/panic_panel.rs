//! The panel a panic shows: on top of the page, keeping what was there and what was
//! ticked. These tests call `show_panel` directly, as the hook does; `panic_hook.rs`
//! panics for real, through the hook.

mod support;

use leptos::prelude::*;
use secondlook_app::panic_panel::show_panel;
use support::{mount_in_page, text_at};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn panel() -> Option<web_sys::Element> {
    document()
        .query_selector("[data-testid=panic-panel]")
        .unwrap()
}

fn remove_panel() {
    if let Some(p) = panel() {
        p.remove();
    }
}

#[wasm_bindgen_test]
fn the_panel_says_what_failed_and_keeps_the_page_and_the_ticks() {
    remove_panel();
    let page = mount_in_page(|| view! { <p class="review-under">"the review"</p> });
    let storage = window().local_storage().unwrap().unwrap();
    storage
        .set_item("secondlook-panic-test-tick", "ticked")
        .unwrap();

    show_panel("panicked at src/components/x.rs:12:5:\nindex out of bounds");

    let shown = panel().expect("a panel");
    assert_eq!(shown.get_attribute("role").as_deref(), Some("alert"));
    let body = document().body().unwrap();
    assert!(
        body.first_element_child()
            .unwrap()
            .is_same_node(Some(&shown)),
        "on top"
    );
    let details: web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::unchecked_into(
        shown
            .query_selector("[data-testid=panic-details]")
            .unwrap()
            .unwrap(),
    );
    assert_eq!(
        details.value(),
        "panicked at src/components/x.rs:12:5:\nindex out of bounds"
    );
    let text = shown.text_content().unwrap();
    for must in [
        "ticks are kept",
        "Reloading the page",
        "local files you opened in this tab",
        "copy the details",
    ] {
        assert!(text.contains(must), "{must:?} in {text:?}");
    }
    assert_eq!(text_at(&page, ".review-under"), "the review");
    assert!(page.is_connected(), "the page under the panel stays");
    assert_eq!(
        storage
            .get_item("secondlook-panic-test-tick")
            .unwrap()
            .as_deref(),
        Some("ticked")
    );
    storage.remove_item("secondlook-panic-test-tick").unwrap();
    remove_panel();
}

#[wasm_bindgen_test]
fn only_the_first_panic_is_shown_and_its_message_is_text() {
    remove_panel();
    show_panel("panicked at a.rs:1:1:\n<img src=x onerror=\"window.__xss=1\">");
    show_panel("panicked at b.rs:2:2:\nlater");
    let shown = document()
        .query_selector_all("[data-testid=panic-panel]")
        .unwrap();
    assert_eq!(shown.length(), 1);
    let panel = panel().unwrap();
    assert!(
        panel.query_selector("img").unwrap().is_none(),
        "the message is not markup"
    );
    let details: web_sys::HtmlTextAreaElement = wasm_bindgen::JsCast::unchecked_into(
        panel
            .query_selector("[data-testid=panic-details]")
            .unwrap()
            .unwrap(),
    );
    assert!(details.value().contains("a.rs:1:1"));
    assert!(details.value().contains("<img src=x"));
    remove_panel();
}
