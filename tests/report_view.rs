//! The report pane in a real browser: the seed report renders with its structure, every
//! Markdown feature reaches the DOM, and hostile reports run no script.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use secondlook_app::components::report_panel::ReportPanel;
use secondlook_app::components::report_summary::ReportSummary;
use secondlook_core::{demo, report};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{all, mount, mount_in_page, one};

fn seed() -> web_sys::HtmlElement {
    mount(|| view! { <ReportPanel report=report::read_at(demo::REPORT, demo::REPORT_PATH) /> })
}

fn text(element: &web_sys::Element) -> String {
    element.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
fn seed_callouts_show_kind_and_title() {
    let root = seed();
    let info = one(&root, "aside.callout-info");
    assert_eq!(
        text(&one(&root, "aside.callout-info .callout-title-text")),
        "Provenance"
    );
    assert!(text(&info).contains("29-agent read-only audit"));
    let warning = one(&root, "aside.callout-warning");
    assert!(text(&warning).contains("Historical scope"));
    // The kind is also said in words, not only by colour and icon.
    assert!(text(&warning).contains("warning: "));
    // Its wikilink became a link to the page next to the report.
    let link = one(&root, "aside.callout-warning a");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("Postgres%20Runtime%20Cutover%20Status.md")
    );
}

#[wasm_bindgen_test]
fn seed_findings_tables_render_with_row_anchors() {
    let root = seed();
    let parsed = report::read_at(demo::REPORT, demo::REPORT_PATH);
    assert_eq!(all(&root, "table").len(), 2);
    // §3's header and its twelve rows, with the deep-link id of each finding on its row.
    let recommended = all(&root, "table").pop().unwrap();
    let headers: Vec<String> = recommended
        .query_selector_all("thead th")
        .map(|l| {
            (0..l.length())
                .filter_map(|i| l.item(i)?.text_content())
                .collect()
        })
        .unwrap();
    assert_eq!(headers, ["Phase", "ID", "Change", "Severity"]);
    assert_eq!(
        recommended.query_selector_all("tbody tr").unwrap().length(),
        12
    );
    for finding in &parsed.findings {
        let row = one(&root, &format!("tr[id=\"{}\"]", finding.anchor));
        assert!(text(&row).contains(&finding.ids[0]), "{}", finding.anchor);
    }
    assert!(!parsed.findings.is_empty());
    // Inline code and bold in cells are elements, not literal markup.
    assert!(!all(&root, "td code").is_empty());
    assert!(!all(&root, "td strong").is_empty());
}

#[wasm_bindgen_test]
fn seed_headings_have_ids_and_the_contents_link_to_them() {
    let root = seed();
    let verdict = one(&root, "[id=\"1-verdict--go-with-changes\"]");
    // One level below the page's title: the report's `##` is an h3.
    assert_eq!(verdict.tag_name(), "H3");
    let toc_links = all(&root, "nav.toc a");
    assert!(toc_links.len() >= 10, "{}", toc_links.len());
    for link in toc_links {
        let href = link.get_attribute("href").unwrap();
        let id = href.strip_prefix('#').expect("a same-page link");
        assert!(
            root.query_selector(&format!("[id=\"{id}\"]"))
                .unwrap()
                .is_some(),
            "no heading for {href}"
        );
    }
}

#[wasm_bindgen_test]
fn seed_checklist_lists_keep_numbers_and_nesting() {
    let root = seed();
    let before = one(&root, "[id=\"before-invoking-the-workflow\"] + ol");
    let items = before.query_selector_all(":scope > li").unwrap();
    assert_eq!(items.length(), 6);
    // The first step has its two structural fixes as a nested list.
    let nested = before
        .query_selector(":scope > li:first-child > ul")
        .unwrap()
        .expect("nested list");
    assert_eq!(nested.query_selector_all("li").unwrap().length(), 2);
    let after = one(
        &root,
        "[id=\"after-the-run--human-reviews-required-before-anything-leaves-the-branch\"] + ol",
    );
    assert_eq!(after.query_selector_all(":scope > li").unwrap().length(), 3);
    assert!(
        text(&one(
            &root,
            "[id=\"stays-human-only-workflow-must-never-do-these--and-does-not\"] + ul"
        ))
        .contains("Cutover")
    );
}

#[wasm_bindgen_test]
fn seed_properties_are_typed() {
    let root = seed();
    let companion = one(&root, ".property[data-key=companion] dd a");
    assert_eq!(
        text(&companion),
        "MongoDB to PostgreSQL Migration Plan (Drizzle)"
    );
    assert_eq!(
        companion.get_attribute("href").as_deref(),
        Some("MongoDB%20to%20PostgreSQL%20Migration%20Plan%20(Drizzle).md")
    );
    assert_eq!(all(&root, ".property[data-key=tags] .chip").len(), 5);
    let created = one(&root, ".property[data-key=created] time");
    assert_eq!(
        created.get_attribute("datetime").as_deref(),
        Some("2026-05-31")
    );
    // "2026-05-31 after ..." is not a date, so it stays text.
    assert!(all(&root, ".property[data-key=updated] time").is_empty());
    assert!(all(&root, "[data-testid=load-error]").is_empty());
}

#[wasm_bindgen_test]
fn seed_lint_shows_the_hidden_severity_cell_with_its_line() {
    let root = seed();
    let parsed = report::read_at(demo::REPORT, demo::REPORT_PATH);
    let shown = all(&root, "[data-testid=report-lint]");
    assert_eq!(shown.len(), parsed.lint.len());
    let line = demo::REPORT
        .lines()
        .position(|l| l.contains("| VerifyGate | VERSION_BUMP_DETECTION"))
        .unwrap()
        + 1;
    let bump = shown
        .iter()
        .find(|l| l.get_attribute("data-line") == Some(line.to_string()))
        .expect("the VERSION_BUMP_DETECTION row's lost cell is reported");
    assert_eq!(
        bump.get_attribute("data-rule").as_deref(),
        Some("TableRowExtraCells")
    );
    let said = text(bump);
    assert!(
        said.starts_with(&format!(
            "line {line} (row VERSION_BUMP_DETECTION / VERSION_001): "
        )),
        "{said}"
    );
    assert!(said.contains("`low`"), "{said}");
    // The row named links to the row itself.
    let href = bump
        .query_selector("a")
        .unwrap()
        .unwrap()
        .get_attribute("href")
        .unwrap();
    one(&root, &format!("tr[id=\"{}\"]", &href[1..]));
}

#[wasm_bindgen_test]
fn markdown_features_reach_the_dom() {
    let text_md = "\
# Top

> [!tip]- Folded tip
> hidden body
> > [!danger] Inner
> > nested

> [!note]+ Open note
> shown

> [!CAUTION]
> GitHub alert

> plain quote

- [x] done
- [ ] open
  1. child

| L | C | R |
|:--|:-:|--:|
| a | b | c |

```sql
SELECT 1;
```

Some ~~old~~ *em* text[^n] and ![local](img/a.png) and [far](https://example.com/x \"t\").
Next line

---

[^n]: The note.
";
    let root = mount(move || view! { <ReportPanel report=report::read(text_md) /> });
    let folded = one(&root, "details.callout-tip");
    assert!(!folded.has_attribute("open"));
    assert!(text(&one(&root, "details.callout-tip > summary")).contains("Folded tip"));
    // A callout inside a callout stays inside it.
    one(&root, "details.callout-tip aside.callout-danger");
    assert!(one(&root, "details.callout-note").has_attribute("open"));
    assert!(text(&one(&root, "aside.callout-warning.callout-kind-caution")).contains("Caution"));
    assert!(text(&one(&root, "blockquote")).contains("plain quote"));

    let boxes = all(&root, "li.task input[type=checkbox]");
    assert_eq!(boxes.len(), 2);
    for b in &boxes {
        assert!(b.has_attribute("disabled"));
    }
    let checked: Vec<bool> = boxes
        .iter()
        .map(|b| b.unchecked_ref::<web_sys::HtmlInputElement>().checked())
        .collect();
    assert_eq!(checked, [true, false]);
    one(&root, "li.task ol li");

    let aligns: Vec<String> = all(&root, "tbody td")
        .iter()
        .map(|c| c.class_name())
        .collect();
    assert_eq!(aligns, ["align-left", "align-center", "align-right"]);

    assert_eq!(text(&one(&root, ".code-language")), "sql");
    assert_eq!(text(&one(&root, "pre code")), "SELECT 1;\n");
    assert_eq!(text(&one(&root, "del")), "old");
    assert_eq!(text(&one(&root, "em")), "em");
    assert_eq!(
        one(&root, "img").get_attribute("src").as_deref(),
        Some("img/a.png")
    );
    let far = one(&root, "a[href=\"https://example.com/x\"]");
    assert_eq!(
        far.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(far.get_attribute("title").as_deref(), Some("t"));
    // A link that leaves the page opens a new tab, so the review stays open; one within
    // the page does not.
    assert_eq!(far.get_attribute("target").as_deref(), Some("_blank"));
    one(&root, "hr");
    let note_ref = one(&root, "sup.footnote-ref a");
    assert!(!note_ref.has_attribute("target"));
    let target = note_ref.get_attribute("href").unwrap();
    assert!(text(&one(&root, &format!("[id=\"{}\"]", &target[1..]))).contains("The note."));
    // A soft break reads as a space, not as words run together.
    assert!(text(&one(&root, "p:has(del)")).ends_with("far. Next line"));
}

// ---- Hostile reports ----------------------------------------------------------------

const INLINE_PAYLOADS: &str = r#"---
title: "<img src=x onerror=window.__xss=1>"
companion: "[[javascript:window.__xss=2|js property]]"
nested:
  link: "[[data:text/html,<script>window.__xss=3</script>]]"
---

# <script>window.__xss=4</script> heading

<script>window.__xss = 5; document.title = 'pwned'</script>

<img src=x onerror="window.__xss=6">

<svg onload="window.__xss=7"><circle r=1 /></svg>

<iframe srcdoc="<script>parent.__xss=8</script>"></iframe>

<object data="javascript:window.__xss=9"></object><embed src="javascript:window.__xss=10">

<details open ontoggle="window.__xss=11">x</details>

<style>body { display: none }</style>

Inline <b onmouseover="window.__xss=12">bold</b> and <a href="javascript:window.__xss=13">html a</a>.

[md js](javascript:window.__xss=14) [md data](data:text/html,<script>x</script>)
[md vb](vbscript:msgbox) [spaced]( javascript:window.__xss=15) ![img js](javascript:window.__xss=16)
![img data](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

> [!warning] <img src=x onerror=window.__xss=18> title
> body <script>window.__xss=19</script>

| ID | Why |
|---|---|
| X-1 | <img src=x onerror=window.__xss=20> [cell js](javascript:window.__xss=21) |

```"><script>window.__xss=22</script>
code
```

[^<script>]: <script>window.__xss=23</script>

See [^<script>].
"#;

/// Waits so that load and error events of anything the page might have created fire.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 300)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Mounts the report as the app does (summary, then panel) in the live page, with
/// `alert` and `__xss` as tripwires, and checks that nothing ran and nothing active exists.
async fn assert_inert(text_md: &'static str) -> web_sys::HtmlElement {
    let window = web_sys::window().unwrap();
    let tripwire = js_sys::Function::new_no_args("window.__xss = 'alert'");
    js_sys::Reflect::set(&window, &"alert".into(), &tripwire).unwrap();
    let title_before = document().title();
    let root = mount_in_page(move || {
        view! {
            <ReportSummary report=report::read(text_md) />
            <ReportPanel report=report::read(text_md) />
        }
    });
    settle().await;

    let marker = js_sys::Reflect::get(&window, &"__xss".into()).unwrap();
    assert_eq!(marker, JsValue::UNDEFINED, "a payload ran");
    assert_eq!(document().title(), title_before);
    let active = "script, iframe, frame, object, embed, svg, math, style, link, meta, base, form";
    assert!(all(&root, active).is_empty(), "active element rendered");
    for element in all(&root, "*") {
        for name in element.get_attribute_names().iter() {
            let name = name.as_string().unwrap().to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "<{}> has {name}",
                element.tag_name()
            );
            if matches!(
                name.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href"
            ) {
                let value = element.get_attribute(&name).unwrap();
                let value: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for scheme in ["javascript:", "data:", "vbscript:"] {
                    assert!(!value.starts_with(scheme), "{name}={value}");
                }
            }
        }
    }
    for selector in ["a[href^=javascript]", "a[href^=data]", "a[href^=vbscript]"] {
        assert!(all(&root, selector).is_empty(), "{selector}");
    }
    root
}

#[wasm_bindgen_test]
async fn inline_payloads_run_nothing_and_stay_visible_as_text() {
    let root = assert_inert(INLINE_PAYLOADS).await;
    let shown = text(&root);
    for payload in [
        "<img src=x onerror=window.__xss=1>",
        "<script>window.__xss = 5; document.title = 'pwned'</script>",
        "<img src=x onerror=\"window.__xss=6\">",
        "<svg onload=\"window.__xss=7\">",
        "<iframe srcdoc=",
        "<details open ontoggle=\"window.__xss=11\">",
        "<b onmouseover=\"window.__xss=12\">",
        "<a href=\"javascript:window.__xss=13\">",
        "<script>window.__xss=4</script>",
        "<img src=x onerror=window.__xss=18>",
        "<img src=x onerror=window.__xss=20>",
        "<script>window.__xss=19</script>",
        "\"><script>window.__xss=22</script>",
    ] {
        assert!(shown.contains(payload), "not shown as text: {payload}");
    }
    // Links that failed the policy keep their words, without an href.
    for words in [
        "md js",
        "md data",
        "md vb",
        "spaced",
        "cell js",
        "js property",
    ] {
        let inert = all(&root, ".inert-link")
            .into_iter()
            .any(|e| text(&e) == words);
        assert!(inert, "{words} is not shown as an inert link");
    }
    // Images that failed it show their alt text instead.
    assert!(shown.contains("img js") && shown.contains("img data"));
    assert!(all(&root, "img").is_empty());
}

#[wasm_bindgen_test]
async fn hostile_fixture_runs_nothing_and_keeps_safe_links() {
    const HOSTILE: &str = include_str!("../fixtures/reports/hostile.md");
    let root = assert_inert(HOSTILE).await;
    let shown = text(&root);
    for payload in [
        "Hostile <script>alert(1)</script> report",
        "<script>alert('block')</script>",
        "<svg onload=alert(1)>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
    ] {
        assert!(shown.contains(payload), "not shown as text: {payload}");
    }
    assert!(all(&root, ".property[data-key=companion] a").is_empty());
    assert_eq!(
        text(&one(&root, ".property[data-key=companion] .inert-link")),
        "click me"
    );
    for href in [
        "https://example.com",
        "mailto:a@example.com",
        "https://example.org",
        "../plans/plan.md",
        "#hostile-content",
    ] {
        let link = one(
            &root,
            &format!(".report-body a[href=\"{href}\"]:not(.heading-anchor)"),
        );
        assert_eq!(
            link.get_attribute("rel").as_deref(),
            Some("noopener noreferrer")
        );
    }
    let images: Vec<String> = all(&root, "img")
        .iter()
        .filter_map(|i| i.get_attribute("src"))
        .collect();
    assert_eq!(images, ["img/diagram.png"]);
}

/// The control for the tests above: the same tripwire does catch a payload when markup
/// really is parsed (here by the test itself), so "nothing ran" is not a blind spot.
#[wasm_bindgen_test]
async fn tripwire_catches_a_payload_that_does_run() {
    let window = web_sys::window().unwrap();
    let probe = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&probe).unwrap();
    probe.set_inner_html("<img src=x onerror=\"window.__xss_control = 1\">");
    settle().await;
    let marker = js_sys::Reflect::get(&window, &"__xss_control".into()).unwrap();
    assert_eq!(marker, JsValue::from(1));
    probe.remove();
}
