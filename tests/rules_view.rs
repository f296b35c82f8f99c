//! The rules pane renders the core's registry, as the engine answers it: every gate,
//! linkable by id.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::gates::Gates;
use secondlook_app::components::rules_panel::RulesPanel;
use secondlook_app::rules::Rules;
use secondlook_core::gate::{GateId, Status};
use secondlook_core::registry::{infos, rule_infos};
use wasm_bindgen_test::*;

mod support;
use support::{mount, settle, text_at};

fn rules_panel() -> web_sys::HtmlElement {
    mount(|| {
        Rules::given(rule_infos());
        view! { <RulesPanel /> }
    })
}

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
    let root = rules_panel();
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
    let root = rules_panel();
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

#[wasm_bindgen_test]
fn before_the_engine_answers_and_when_it_cannot_the_pane_says_so() {
    let waiting = mount(|| {
        provide_context(Rules(RwSignal::new(None)));
        view! { <RulesPanel /> }
    });
    assert!(text_at(&waiting, ".rules-waiting").contains("Asking the review engine"));
    assert!(
        waiting
            .query_selector("[data-testid=rule]")
            .unwrap()
            .is_none()
    );
    let failed = mount(|| {
        provide_context(Rules(RwSignal::new(Some(Err("the worker stopped".into())))));
        view! { <RulesPanel /> }
    });
    assert_eq!(
        text_at(&failed, "[role=alert]"),
        "No rules to show: the worker stopped."
    );
}

#[wasm_bindgen_test]
async fn a_gate_card_shows_its_title_once_the_rules_arrive_and_its_id_before() {
    let gate = secondlook_core::registry::gate(GateId::MoneyType).unwrap();
    let result = gate.result(Status::Pass, "no money column is a float", Vec::new());
    let rules = RwSignal::new(None);
    let card = result.clone();
    let root = mount(move || {
        provide_context(Rules(rules));
        view! { <Gates gates=vec![card] sql_files=Vec::new() /> }
    });
    assert_eq!(text_at(&root, ".gate-title"), "money-type");
    rules.set(Some(Ok(rule_infos().into())));
    settle().await;
    assert_eq!(text_at(&root, ".gate-title"), gate.title);
}
