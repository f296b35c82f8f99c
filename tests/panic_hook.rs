//! A real panic through the real hook: a click handler panics, the wasm traps, and the
//! panel appears over the page that was there. This file is its own wasm in its own page,
//! because after the trap the Rust state of the page is not to be trusted; and it holds
//! one test, because the hook replaces the test harness's own.

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use secondlook_app::panic_panel;
use support::{mount_in_page, one, text_at};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_panic_in_a_click_handler_shows_the_panel_over_the_page_and_keeps_the_ticks() {
    let storage = window().local_storage().unwrap().unwrap();
    storage
        .set_item("secondlook-panic-hook-test-tick", "ticked")
        .unwrap();
    // The trap surfaces as an uncaught error of the click's dispatch, not in this test:
    // listen for it, to know the panic really happened and really stopped the handler.
    let errors = Rc::new(RefCell::new(Vec::<String>::new()));
    let on_error = {
        let errors = errors.clone();
        Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            errors.borrow_mut().push(event.message());
            event.prevent_default();
        })
    };
    window()
        .add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
    let reached = Rc::new(RefCell::new(false));
    let after_panic = reached.clone();

    panic_panel::install();
    let page = mount_in_page(move || {
        view! {
            <p class="review-under">"the review"</p>
            <button
                type="button"
                on:click=move |_| {
                    let ids: Vec<&str> = Vec::new();
                    let _ = ids[3];
                    *after_panic.borrow_mut() = true;
                }
            >
                "Crash"
            </button>
        }
    });
    assert!(
        document()
            .query_selector("[data-testid=panic-panel]")
            .unwrap()
            .is_none(),
        "no panel before the panic"
    );

    one(&page, "button")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();

    assert!(!*reached.borrow(), "the handler stopped at the panic");
    let errors = errors.borrow().clone();
    assert_eq!(errors.len(), 1, "one uncaught error: {errors:?}");
    assert!(errors[0].contains("unreachable"), "a wasm trap: {errors:?}");
    let panel = document()
        .query_selector("[data-testid=panic-panel]")
        .unwrap()
        .expect("the panel is shown");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    assert!(
        document()
            .body()
            .unwrap()
            .first_element_child()
            .unwrap()
            .is_same_node(Some(&panel)),
        "on top of the page"
    );
    let details = panel
        .query_selector("[data-testid=panic-details]")
        .unwrap()
        .unwrap()
        .unchecked_into::<web_sys::HtmlTextAreaElement>()
        .value();
    assert!(
        details.contains("panicked at tests/panic_hook.rs:"),
        "{details}"
    );
    assert!(
        details.contains("index out of bounds: the len is 0 but the index is 3"),
        "{details}"
    );
    assert!(
        panel
            .text_content()
            .unwrap()
            .contains("Your ticks are kept in this browser")
    );
    assert!(page.is_connected(), "the page under the panel stays");
    assert_eq!(text_at(&page, ".review-under"), "the review");
    assert_eq!(
        storage
            .get_item("secondlook-panic-hook-test-tick")
            .unwrap()
            .as_deref(),
        Some("ticked")
    );
    storage
        .remove_item("secondlook-panic-hook-test-tick")
        .unwrap();
    window()
        .remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref())
        .unwrap();
}
