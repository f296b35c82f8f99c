//! The SQL and Schema panes in a real browser: lines, colour, the bands and markers the
//! gates put on the SQL, and the schema model by table.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::schema_panel::SchemaPanel;
use secondlook_app::components::sql_panel::{SqlPanel, sql_anchor};
use secondlook_core::inputs::Inputs;
use secondlook_core::review::Review;
use wasm_bindgen_test::*;

mod support;
use support::mount;

wasm_bindgen_test_configure!(run_in_browser);

/// The descendants of `root` matching `selector`, in document order (walked by hand so
/// that the test needs no more web-sys features than the app).
fn all(root: &web_sys::HtmlElement, selector: &str) -> Vec<web_sys::Element> {
    fn walk(element: &web_sys::Element, selector: &str, out: &mut Vec<web_sys::Element>) {
        let mut child = element.first_element_child();
        while let Some(c) = child {
            if c.matches(selector).unwrap() {
                out.push(c.clone());
            }
            walk(&c, selector, out);
            child = c.next_element_sibling();
        }
    }
    let mut out = Vec::new();
    walk(root, selector, &mut out);
    out
}

fn has_class(element: &web_sys::Element, class: &str) -> bool {
    element
        .get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

fn one(root: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default()
}

fn sql_panel(review: Review) -> web_sys::HtmlElement {
    mount(move || view! { <SqlPanel review=review /> })
}

/// The demo with payments.amount narrowed to two decimals: money-type must fail there.
fn narrowed_amount() -> (Inputs, u32) {
    let mut inputs = Inputs::demo();
    let sql = &mut inputs.sql[0].text;
    let at = sql.find("\"amount\" numeric(38, 18)").unwrap();
    let line = sql[..at].matches('\n').count() as u32 + 1;
    *sql = sql.replacen("\"amount\" numeric(38, 18)", "\"amount\" numeric(38, 2)", 1);
    (inputs, line)
}

#[wasm_bindgen_test]
fn every_line_is_shown_with_an_anchor_and_coloured_tokens() {
    let inputs = Inputs::demo();
    let sql_text = inputs.sql[0].text.clone();
    let root = sql_panel(inputs.review());
    let line_count = sql_text.split('\n').count();
    assert_eq!(all(&root, ".sql-line").len(), line_count);
    let last = one(&root, &format!("#sql-0-L{line_count}"));
    assert_eq!(text(&last), sql_text.split('\n').next_back().unwrap());
    let first_create = sql_text
        .split('\n')
        .position(|l| l.starts_with("CREATE TABLE"))
        .unwrap()
        + 1;
    let keyword = one(&root, &format!("#sql-0-L{first_create} .tok-keyword"));
    assert_eq!(text(&keyword), "CREATE");
    assert_eq!(
        text(&one(&root, &format!("#sql-0-L{first_create}"))),
        sql_text.split('\n').nth(first_create - 1).unwrap(),
        "the coloured parts together are the line"
    );
    assert!(!all(&root, ".sql-path").is_empty());
}

#[wasm_bindgen_test]
fn a_failing_gate_bands_its_statement_and_is_listed_with_a_link() {
    let (inputs, line) = narrowed_amount();
    let review = inputs.review();
    let root = sql_panel(review.clone());
    let marker = one(&root, "[data-testid=sql-marker][data-gate=money-type]");
    assert_eq!(marker.get_attribute("data-status").unwrap(), "fail");
    assert!(text(&marker).contains("money-type"));
    let previous = marker.previous_element_sibling().unwrap();
    assert_eq!(
        previous.id(),
        format!("sql-0-L{line}"),
        "the marker follows its line"
    );
    let banded = |n: u32| has_class(&one(&root, &format!("#sql-0-L{n}")), "band-finding");
    assert!(banded(line) && banded(line - 1) && banded(line + 1));
    let create = inputs.sql[0]
        .text
        .split('\n')
        .take(line as usize)
        .collect::<Vec<_>>();
    let create_line = create
        .iter()
        .rposition(|l| l.starts_with("CREATE TABLE"))
        .unwrap() as u32
        + 1;
    assert!(banded(create_line), "the whole statement is banded");
    assert!(!banded(create_line - 3), "the statement before is not");
    let finding = one(
        &root,
        "[data-testid=sql-finding][data-gate=money-type][data-status=fail]",
    );
    let link = finding.query_selector("a").unwrap().unwrap();
    let href = link.get_attribute("href").unwrap();
    assert_eq!(href, format!("#sql-0-L{line}"));
    assert_eq!(
        Some(href),
        sql_anchor(&review.sql_files, &review.sql_files[0].path, line)
    );
}

#[wasm_bindgen_test]
fn a_statement_that_does_not_parse_carries_sqlparser_s_message() {
    let mut inputs = Inputs::demo();
    inputs.sql[0]
        .text
        .push_str("\nCREATE TABLE broken (id int int int);\n");
    let root = sql_panel(inputs.review());
    let note = one(&root, "[data-testid=sql-unparsed]");
    assert!(text(&note).contains("did not parse"), "{}", text(&note));
    let line = inputs.sql[0].text.split('\n').count() - 1;
    let mut after = one(&root, &format!("#sql-0-L{line}")).next_element_sibling();
    let mut notes = Vec::new();
    while let Some(note) = after.filter(|e| has_class(e, "sql-note")) {
        after = note.next_element_sibling();
        notes.push(note);
    }
    assert!(
        notes
            .iter()
            .any(|n| n.get_attribute("data-testid").as_deref() == Some("sql-unparsed")),
        "the message follows the line where sqlparser stopped"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.get_attribute("data-gate").as_deref() == Some("sql-parses")),
        "and the sql-parses result that points there"
    );
}

#[wasm_bindgen_test]
fn a_file_that_was_not_loaded_shows_why() {
    let mut inputs = Inputs::demo();
    inputs.sql.clear();
    let root = sql_panel(inputs.review());
    let error = text(&one(&root, "[data-testid=load-error]"));
    assert!(error.contains("not loaded"), "{error}");
    assert!(all(&root, ".sql-line").is_empty());
}

#[wasm_bindgen_test]
fn the_schema_lists_the_seed_tables_and_the_payments_indexes() {
    let review = Inputs::demo().review();
    let root = mount(move || view! { <SchemaPanel review=review /> });
    assert_eq!(all(&root, "[data-testid=schema-table]").len(), 9);
    let payments = all(
        &root,
        "[data-testid=schema-table][data-table=payments] [data-testid=schema-index]",
    );
    assert!(payments.len() >= 3, "{} indexes", payments.len());
    let partial = payments
        .iter()
        .find(|row| text(row).contains("payments_destination_address_idx"))
        .unwrap();
    let predicate = text(&partial.query_selector(".predicate").unwrap().unwrap());
    assert!(
        predicate.contains("destination_address\" IS NOT NULL"),
        "{predicate}"
    );
    let link = one(&root, "[data-table=payments] .defined-at");
    assert!(link.get_attribute("href").unwrap().starts_with("#sql-0-L"));
}
