//! The rules pane renders the core's registry: every gate, linkable by id.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::rules_panel::RulesPanel;
use secondlook_core::registry::infos;
use wasm_bindgen_test::*;

mod support;
use support::mount;

wasm_bindgen_test_configure!(run_in_browser);

/// The element children of `parent`, in order.
fn children(parent: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut out = Vec::new();
    let mut next = parent.first_element_child();
    while let Some(child) = next {
        next = child.next_element_sibling();
        out.push(child);
    }
    out
}

#[wasm_bindgen_test]
fn every_gate_renders_as_a_linkable_section() {
    let root = mount(|| view! { <RulesPanel /> });
    let panel = root.query_selector(".rules-panel").unwrap().unwrap();
    let rendered: Vec<String> = children(&panel)
        .iter()
        .filter(|c| c.get_attribute("data-testid").as_deref() == Some("rule"))
        .filter_map(|c| c.get_attribute("data-gate"))
        .collect();
    let registered: Vec<&str> = infos().map(|g| g.id.as_str()).collect();
    assert!(!registered.is_empty());
    assert_eq!(rendered, registered);
    for gate in infos() {
        let card = root
            // An attribute selector: `squawk:` ids hold a colon, which `#` would misread.
            .query_selector(&format!("[id='rule-{}']", gate.id))
            .unwrap()
            .unwrap_or_else(|| panic!("no section #rule-{}", gate.id));
        let text = card.text_content().unwrap_or_default();
        assert!(text.contains(gate.title), "{}: {text}", gate.id);
        for id in gate.relates_to {
            assert!(text.contains(id), "{} lacks {id}", gate.id);
        }
    }
}

#[wasm_bindgen_test]
fn severity_is_said_in_words_and_backticks_become_code() {
    let root = mount(|| view! { <RulesPanel /> });
    let badge = root
        .query_selector("#rule-parent-order .severity-badge")
        .unwrap()
        .unwrap();
    assert!(badge.text_content().unwrap_or_default().contains("warning"));
    let checks = root.query_selector("#rule-money-type dd").unwrap().unwrap();
    let texts: Vec<String> = children(&checks)
        .iter()
        .filter(|c| c.tag_name() == "CODE")
        .filter_map(|c| c.text_content())
        .collect();
    assert!(texts.iter().any(|t| t == "moneyColumns"), "{texts:?}");
    assert!(!checks.text_content().unwrap_or_default().contains('`'));
}
