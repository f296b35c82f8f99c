//! The findings pane in a real browser: the demo review's rows, a filter, a sort.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::findings_panel::FindingsPanel;
use secondlook_core::inputs::Inputs;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod support;
use support::settle;

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> web_sys::HtmlElement {
    let wrapper: web_sys::HtmlElement = document()
        .create_element("section")
        .unwrap()
        .unchecked_into();
    // Attached: a checkbox that is not in the document fires no change event.
    document().body().unwrap().append_child(&wrapper).unwrap();
    let review = Inputs::demo().review();
    leptos::mount::mount_to(
        wrapper.clone(),
        move || view! { <FindingsPanel review=review /> },
    )
    .forget();
    wrapper
}

fn rows(root: &web_sys::HtmlElement) -> Vec<web_sys::Element> {
    let list = root
        .query_selector_all("[data-testid=finding-row]")
        .unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn attr(row: &web_sys::Element, name: &str) -> String {
    row.get_attribute(name).unwrap_or_default()
}

fn click(root: &web_sys::HtmlElement, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn the_demo_shows_every_finding_and_gate_result_and_filters_narrow_them() {
    let review = Inputs::demo().review();
    let root = mount();
    settle().await;
    let all = rows(&root);
    let findings = all
        .iter()
        .filter(|r| attr(r, "data-kind") == "report-finding")
        .count();
    assert_eq!(findings, 17);
    assert_eq!(all.len(), 17 + review.gates.len());
    assert!(
        all.iter()
            .any(|r| attr(r, "data-id") == "IDEMPOTENCY_INDEX_PRESERVATION")
    );

    click(&root, "[data-testid=filter-sev-medium]");
    settle().await;
    let medium = rows(&root);
    assert!(
        !medium.is_empty() && medium.len() < all.len(),
        "{} of {}",
        medium.len(),
        all.len()
    );
    assert!(medium.iter().all(|r| attr(r, "data-severity") == "medium"));
    let count = root
        .query_selector("[data-testid=match-count]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(
        count.starts_with(&format!("Showing {} of {}", medium.len(), all.len())),
        "{count}"
    );
    click(&root, "[data-testid=filter-sev-medium]");
    settle().await;
    assert_eq!(rows(&root).len(), all.len());
}

#[wasm_bindgen_test]
async fn header_clicks_sort_by_status_then_reverse() {
    let root = mount();
    settle().await;
    let order = ["fail", "not-verified", "not-reported", "claimed", "pass"];
    let rank = |r: &web_sys::Element| {
        order
            .iter()
            .position(|s| *s == attr(r, "data-status"))
            .unwrap()
    };
    click(&root, "[data-testid=sort-status]");
    settle().await;
    let ranks: Vec<usize> = rows(&root).iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert!(
        ranks.first() != ranks.last(),
        "the demo has more than one status"
    );
    let th = root.query_selector("th[aria-sort=ascending]").unwrap();
    assert!(th.is_some());
    click(&root, "[data-testid=sort-status]");
    settle().await;
    let ranks: Vec<usize> = rows(&root).iter().map(rank).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "{ranks:?}");
    assert!(
        root.query_selector("th[aria-sort=descending]")
            .unwrap()
            .is_some()
    );
}
