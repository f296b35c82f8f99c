//! The verdict banner and the run panel in a real browser, over reviews the core built
//! from the demo and from variants of its run file.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::run_panel::RunPanel;
use secondlook_app::components::verdict_banner::VerdictBanner;
use secondlook_core::demo;
use secondlook_core::gate::Status;
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::review::Review;
use wasm_bindgen_test::*;

mod support;
use support::{attributes, count, mount, text_at, text_of};

wasm_bindgen_test_configure!(run_in_browser);

/// The demo with its run file's text replaced (`None`: no run at all).
fn demo_with_run(text: Option<String>) -> Review {
    let mut inputs = Inputs::demo();
    inputs.run = text.map(|text| Named {
        name: demo::RUN_PATH.to_string(),
        text,
    });
    inputs.review()
}

/// The demo run with `from` replaced by `to`, which must be there.
fn demo_run_replacing(from: &str, to: &str) -> String {
    assert!(demo::RUN.contains(from), "the demo run has no {from}");
    demo::RUN.replacen(from, to, 1)
}

fn banner(review: Review) -> web_sys::HtmlElement {
    mount(move || view! { <VerdictBanner review=review /> })
}

fn panel(review: Review) -> web_sys::HtmlElement {
    mount(move || view! { <RunPanel review=review /> })
}

#[wasm_bindgen_test]
fn the_demo_banner_shows_the_recomputed_and_declared_verdicts() {
    let review = Inputs::demo().review();
    let expected = review.decision.as_ref().unwrap().verdict.as_str();
    let root = banner(review);
    assert_eq!(
        attributes(&root, "[data-testid=verdict]", "data-verdict"),
        [expected]
    );
    assert_eq!(
        text_of(&root, "declared-verdict"),
        "go-with-changes (0 blockers)"
    );
    assert_eq!(
        text_of(&root, "report-title"),
        "Money-Core Migration Workflow — Audit Report"
    );
    assert_eq!(count(&root, "[data-testid=must-fix]"), 0);
    assert_eq!(count(&root, "[data-testid=load-error]"), 0);
}

#[wasm_bindgen_test]
fn the_demo_banner_shows_a_stricter_report_as_information() {
    let review = Inputs::demo().review();
    assert_eq!(review.decision.as_ref().unwrap().verdict.as_str(), "go");
    let root = banner(review);
    assert_eq!(
        attributes(&root, "[data-testid=discrepancy]", "data-alarm"),
        ["false"]
    );
    assert!(text_of(&root, "discrepancy").starts_with("ℹ The report is more cautious"));
    assert_eq!(count(&root, "[data-testid=discrepancy][role=alert]"), 0);
    assert_eq!(count(&root, "[data-testid=unverified]"), 0);
}

#[wasm_bindgen_test]
fn without_its_sql_the_banner_says_not_verified_and_names_the_file() {
    let mut inputs = Inputs::demo();
    inputs.sql.clear();
    let review = inputs.review();
    let unverified = review
        .decision
        .as_ref()
        .unwrap()
        .unverified_blockers()
        .count();
    let root = banner(review);
    assert_eq!(
        attributes(&root, "[data-testid=verdict]", "data-verdict"),
        ["not-verified"]
    );
    assert!(text_at(&root, ".verdict-words").contains("Not verified"));
    assert_eq!(
        text_of(&root, "failed-blockers"),
        format!("No failed blockers · {unverified} not verified")
    );
    assert_eq!(count(&root, "[data-testid=unverified]"), unverified);
    assert!(unverified >= 4, "every SQL blocker: {unverified}");
    // What settles them is said once for the group the missing file leaves open.
    assert_eq!(
        count(&root, "[data-testid=unverified][data-gate=money-type]"),
        7
    );
    let settle = text_at(
        &root,
        "[data-testid=unverified-blockers] [data-testid=settle]",
    );
    assert!(
        settle.contains("backend/src/db/migrations/0000_money_core.sql"),
        "{settle}"
    );
    assert_eq!(
        attributes(&root, "[data-testid=discrepancy]", "data-alarm"),
        ["true"]
    );
}

#[wasm_bindgen_test]
fn the_demo_panel_shows_every_gate_result_and_all_phases() {
    let review = Inputs::demo().review();
    let statuses: Vec<&str> = review.gates.iter().map(|g| g.status.as_str()).collect();
    let run = review.run().unwrap();
    let phases = run.phases.as_ref().unwrap().len();
    let findings = run
        .self_audit
        .as_ref()
        .unwrap()
        .findings
        .as_ref()
        .unwrap()
        .len();
    let root = panel(review);
    assert_eq!(
        attributes(&root, "[data-testid=gate-result]", "data-status"),
        statuses
    );
    assert!(statuses.len() >= 5, "{statuses:?}");
    assert_eq!(count(&root, "[data-testid=phase]"), phases);
    assert_eq!(count(&root, "[data-testid=self-audit-finding]"), findings);
    let first = text_at(&root, "[data-gate=tests-not-skipped] .evidence code");
    assert_eq!(first, "$.verifyGate.tests.testsSkipped");
}

#[wasm_bindgen_test]
fn skipped_tests_fail_their_gate_first_and_make_the_banner_say_no_go() {
    let run = demo_run_replacing("\"testsSkipped\": false", "\"testsSkipped\": true");
    let review = demo_with_run(Some(run));
    let root = banner(review.clone());
    assert_eq!(
        attributes(&root, "[data-testid=verdict]", "data-verdict"),
        ["no-go"]
    );
    assert!(text_of(&root, "discrepancy").contains("the re-check found"));
    let failed = review.decision.as_ref().unwrap().failed_blockers;
    assert!(text_of(&root, "failed-blockers").starts_with(&failed.to_string()));

    let root = panel(review);
    let statuses = attributes(&root, "[data-testid=gate-result]", "data-status");
    assert_eq!(
        attributes(&root, "[data-gate=tests-not-skipped]", "data-status"),
        ["fail"]
    );
    // Failures come before anything else.
    let first_other = statuses.iter().position(|s| s != "fail").unwrap();
    assert!(
        statuses[first_other..].iter().all(|s| s != "fail"),
        "{statuses:?}"
    );
    let fail_count = text_at(&root, "[data-testid=gate-count][data-status=fail] .count");
    assert_eq!(
        fail_count,
        statuses.iter().filter(|s| *s == "fail").count().to_string()
    );
}

#[wasm_bindgen_test]
fn every_status_is_grouped_in_attention_order() {
    let mut review = Inputs::demo().review();
    let order = [
        Status::Pass,
        Status::NotReported,
        Status::Fail,
        Status::NotVerified,
    ];
    for (gate, status) in review.gates.iter_mut().zip(order) {
        gate.status = status;
    }
    let root = panel(review);
    let shown = attributes(&root, "[data-testid=gate-result]", "data-status");
    let expected: Vec<&str> = Status::BY_ATTENTION.iter().map(|s| s.as_str()).collect();
    assert_eq!(&shown[..4], expected.as_slice());
}

#[wasm_bindgen_test]
fn an_unsafe_self_audit_puts_its_must_fix_items_in_the_banner() {
    let text = include_str!("../fixtures/runs/self-audit-unsafe.json");
    let run = secondlook_core::run::read(text).unwrap();
    let must_fix = run.self_audit.unwrap().must_fix_before_backfill.unwrap();
    assert!(!must_fix.is_empty());
    let review = demo_with_run(Some(text.to_string()));
    let root = banner(review.clone());
    let shown = root.query_selector_all("[data-testid=must-fix]").unwrap();
    assert_eq!(shown.length() as usize, must_fix.len());
    assert_eq!(shown.item(0).unwrap().text_content().unwrap(), must_fix[0]);
    let root = panel(review);
    assert_eq!(
        attributes(&root, "[data-testid=self-audit-verdict]", "data-verdict"),
        ["unsafe"]
    );
}

#[wasm_bindgen_test]
fn a_mistyped_run_shows_its_located_error_and_no_verdict() {
    let run = demo_run_replacing("\"durationMs\": 4120", "\"durationMs\": \"long\"");
    let review = demo_with_run(Some(run));
    let root = banner(review.clone());
    assert_eq!(count(&root, "[data-testid=verdict]"), 0);
    let error = text_of(&root, "load-error");
    assert!(error.contains("$.phases[0].durationMs"), "{error}");
    assert!(error.contains("line "), "{error}");
    assert!(text_at(&root, ".verdict-none").contains("cannot be computed"));
    // The report part of the banner still works.
    assert_eq!(
        text_of(&root, "declared-verdict"),
        "go-with-changes (0 blockers)"
    );

    let root = panel(review);
    assert_eq!(text_of(&root, "run-error"), error);
    assert_eq!(count(&root, "[data-testid=gate-result]"), 0);
}

#[wasm_bindgen_test]
fn without_a_report_the_declared_verdict_is_unknown() {
    let mut inputs = Inputs::demo();
    inputs.report = None;
    let root = banner(inputs.review());
    assert_eq!(count(&root, "[data-testid=verdict]"), 1);
    assert_eq!(count(&root, "[data-testid=declared-verdict]"), 0);
    assert!(text_at(&root, ".declared").contains("No report loaded"));
}

#[wasm_bindgen_test]
fn without_a_run_there_is_no_verdict_and_no_gates() {
    // With its SQL, the demo without a run would be an SQL-only review.
    let mut inputs = Inputs::demo();
    inputs.run = None;
    inputs.sql.clear();
    let review = inputs.review();
    let root = banner(review.clone());
    assert_eq!(count(&root, "[data-testid=verdict]"), 0);
    assert!(text_at(&root, ".verdict-none").contains("No run loaded"));
    let root = panel(review);
    assert_eq!(count(&root, "[data-testid=gate-result]"), 0);
    assert_eq!(count(&root, "[data-testid=phase]"), 0);
}

#[wasm_bindgen_test]
fn unknown_fields_are_shown_raw() {
    let text = include_str!("../fixtures/runs/unknown-fields.json");
    let run = secondlook_core::run::read(text).unwrap();
    let first = run.unknown_fields().into_iter().next().unwrap();
    let root = panel(demo_with_run(Some(text.to_string())));
    assert_eq!(
        count(&root, "[data-testid=unknown-fields] dt"),
        run.unknown_fields().len()
    );
    assert_eq!(
        text_at(&root, "[data-testid=unknown-fields] dt"),
        first.path
    );
}

/// The demo with the idempotency index's `status` term dropped from its SQL.
fn index_lacking_status() -> Review {
    let mut inputs = Inputs::demo();
    let term = " AND \"payments\".\"status\" = 'pending'";
    let sql = &mut inputs.sql[0].text;
    assert!(sql.contains(term), "the demo SQL has no {term}");
    *sql = sql.replacen(term, "", 1);
    inputs.review()
}

#[wasm_bindgen_test]
fn the_banner_names_a_failed_gate_first_with_its_evidence_and_fix() {
    let root = banner(index_lacking_status());
    assert_eq!(
        attributes(&root, "[data-testid=attention]", "data-gate")[0],
        "index-predicate"
    );
    assert_eq!(
        attributes(&root, "[data-testid=attention]", "data-status")[0],
        "fail"
    );
    assert_eq!(
        attributes(&root, ".attention-gate", "href")[0],
        "#gate-index-predicate"
    );
    assert_eq!(
        attributes(&root, "[data-testid=attention-evidence]", "href")[0],
        "#sql-0-L120"
    );
    let first = text_at(&root, "[data-testid=attention]");
    assert!(first.contains("lacks status = 'pending'"), "{first}");
    // The result's own fix, naming the term to add, not the gate's general advice.
    assert!(
        first.contains("In the WHERE of payments_rn_idempotency_idx: add status = 'pending'."),
        "{first}"
    );
}

#[wasm_bindgen_test]
fn the_gate_card_shows_the_predicate_expected_vs_found() {
    let root = panel(index_lacking_status());
    let card = "[data-gate=index-predicate][data-status=fail] [data-testid=expected-found]";
    assert_eq!(
        text_at(
            &root,
            &format!("{card} tr[data-term=missing] td:nth-child(2)")
        ),
        "status = 'pending'"
    );
    assert_eq!(
        attributes(&root, &format!("{card} tbody tr"), "data-term"),
        ["missing", "same", "same"]
    );
}
