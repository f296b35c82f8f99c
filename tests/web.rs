//! Component tests in a real browser (headless Chromium through wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::report_panel::ReportPanel;
use secondlook_app::components::report_summary::ReportSummary;
use secondlook_core::report;
use wasm_bindgen_test::*;

mod support;
use support::{count, mount, text_at, text_of};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn report_summary_shows_what_the_report_declares() {
    let text = "---\ntitle: Ledger audit\nverdict: no-go (2 blockers)\n---\n\n| ID | Why |\n|---|---|\n| L-1 | a |\n| L-2 | b |\n";
    let root = mount(move || view! { <ReportSummary report=report::read(text) /> });
    assert_eq!(text_at(&root, "#report-title"), "Ledger audit");
    assert_eq!(text_at(&root, ".declared-verdict"), "no-go (2 blockers)");
    assert_eq!(text_at(&root, ".finding-count"), "2");
}

#[wasm_bindgen_test]
fn report_page_shows_a_located_frontmatter_error() {
    let text = "---\ntitle: [unclosed\n---\nbody\n";
    let root = mount(move || {
        view! {
            <ReportSummary report=report::read(text) />
            <ReportPanel report=report::read(text) />
        }
    });
    assert_eq!(count(&root, "[data-testid=load-error]"), 1);
    let error = text_of(&root, "load-error");
    assert!(error.starts_with("Frontmatter, line "), "{error}");
    assert_eq!(text_at(&root, "#report-title"), "(untitled report)");
}
