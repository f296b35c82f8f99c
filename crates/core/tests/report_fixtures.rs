//! Reports written to exercise what the seed does not: alerts, task lists, wikilinks,
//! no frontmatter, hostile content, unusual column order and broken YAML.

use secondlook_core::report::{
    self, Block, FindingClass, Fold, Inline, Level, LintKind, PropertyValue, Report, plain_text,
};
use secondlook_core::verdict::Verdict;

fn fixture(name: &str) -> Report {
    let path = format!(
        "{}/../../fixtures/reports/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    report::read_at(&text, &format!("reports/{name}"))
}

/// Every inline of the document, nested ones included, in order.
fn inlines(report: &Report) -> Vec<Inline> {
    fn from_inlines(list: &[Inline], out: &mut Vec<Inline>) {
        for inline in list {
            out.push(inline.clone());
            if let Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Link { content, .. } = inline
            {
                from_inlines(content, out);
            }
        }
    }
    fn from_blocks(blocks: &[Block], out: &mut Vec<Inline>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    from_inlines(content, out)
                }
                Block::Callout {
                    title, children, ..
                } => {
                    from_inlines(title, out);
                    from_blocks(children, out);
                }
                Block::BlockQuote { children, .. } | Block::FootnoteDefinition { children, .. } => {
                    from_blocks(children, out)
                }
                Block::List { items, .. } => {
                    for item in items {
                        from_blocks(&item.children, out);
                    }
                }
                Block::Table { header, rows, .. } => {
                    for cell in header.iter().chain(rows.iter().flat_map(|r| &r.cells)) {
                        from_inlines(cell, out);
                    }
                }
                Block::CodeBlock { .. } | Block::ThematicBreak { .. } | Block::Html { .. } => {}
            }
        }
    }
    let mut out = Vec::new();
    from_blocks(&report.document.blocks, &mut out);
    out
}

fn links(report: &Report) -> Vec<(String, Option<String>)> {
    inlines(report)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Link { href, content, .. } => Some((plain_text(&content), href)),
            _ => None,
        })
        .collect()
}

#[test]
fn alerts_callouts_fold_and_nesting() {
    let r = fixture("alerts-tasks-wikilinks.md");
    let callouts: Vec<(String, String, Fold, usize)> = r
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout {
                kind,
                title,
                fold,
                children,
                ..
            } => Some((kind.clone(), plain_text(title), *fold, children.len())),
            _ => None,
        })
        .collect();
    assert_eq!(
        callouts,
        [
            ("note".into(), "Note".into(), Fold::None, 1),
            ("caution".into(), "Caution".into(), Fold::None, 1),
            ("tip".into(), "Folded tip".into(), Fold::Closed, 2),
        ]
    );
    let Some(Block::Callout { children, .. }) = r.document.blocks.get(3) else {
        panic!("the tip callout")
    };
    assert!(matches!(
        children.last(),
        Some(Block::Callout { kind, fold: Fold::Open, .. }) if kind == "example"
    ));
}

#[test]
fn wikilinks_with_aliases_and_headings_resolve_next_to_the_report() {
    let r = fixture("alerts-tasks-wikilinks.md");
    let links = links(&r);
    let expected = [
        ("the plan", "reports/Cutover%20Plan.md"),
        ("Runbook", "reports/Runbook.md"),
        ("Runbook#Dry Run", "reports/Runbook.md#dry-run"),
        ("glossary", "reports/Glossary.md"),
    ];
    for (text, href) in expected {
        assert!(
            links.contains(&(text.to_string(), Some(href.to_string()))),
            "{text}: {links:?}"
        );
    }
    let companion = r.properties.iter().find(|p| p.key == "companion").unwrap();
    assert_eq!(
        companion.value,
        PropertyValue::Link {
            target: "Cutover Plan#Rollback Steps".into(),
            alias: Some("the rollback plan".into()),
            href: Some("reports/Cutover%20Plan.md#rollback-steps".into()),
        }
    );
    assert!(
        r.document
            .blocks
            .iter()
            .any(|b| matches!(b, Block::FootnoteDefinition { label, .. } if label == "1"))
    );
}

#[test]
fn task_lists_nested_checked_and_repeated() {
    let r = fixture("alerts-tasks-wikilinks.md");
    let titles: Vec<&str> = r.checklists.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Sign-off tasks", "Notes"]);
    let signoff = &r.checklists[0];
    assert_eq!((signoff.total, signoff.checked), (5, 2));
    let items: Vec<(&str, bool, bool)> = signoff
        .items
        .iter()
        .map(|i| (i.text.as_str(), i.task, i.checked))
        .collect();
    assert_eq!(
        items,
        [
            ("Schema reviewed by DBA", true, true),
            ("Dry run on staging", true, false),
            ("Dry run on staging", true, false),
        ]
    );
    assert_ne!(signoff.items[1].id, signoff.items[2].id);
    let nested: Vec<(&str, bool)> = signoff.items[1]
        .children
        .iter()
        .map(|i| (i.text.as_str(), i.checked))
        .collect();
    assert_eq!(
        nested,
        [("Row counts match", false), ("Checksums match", true)]
    );
    // Outside a checklist heading only the task item counts, not its plain sub-step.
    let notes = &r.checklists[1];
    assert_eq!(notes.items.len(), 1);
    assert_eq!(notes.items[0].text, "A stray task in the notes");
    assert!(notes.items[0].children.is_empty());
}

#[test]
fn typed_properties_claims_and_classes() {
    let r = fixture("alerts-tasks-wikilinks.md");
    let value = |key: &str| &r.properties.iter().find(|p| p.key == key).unwrap().value;
    assert_eq!(value("reviewed"), &PropertyValue::Boolean { value: false });
    assert_eq!(value("reviewers"), &PropertyValue::Number { value: 3.0 });
    assert_eq!(r.tags, ["orders", "cutover"]);
    let verdict = r.claims.verdict.as_ref().unwrap();
    assert_eq!(
        (verdict.decision, verdict.blockers),
        (Some(Verdict::NoGo), Some(2))
    );
    assert_eq!(r.claims.confirmed_blockers[0].count, 2);
    assert_eq!(r.claims.findings_by_class.confirmed_blocker, 2);
    assert_eq!(r.claims.findings_by_class.strength, 1);
    let blockers: Vec<&Vec<String>> = r
        .findings
        .iter()
        .filter(|f| f.class == FindingClass::ConfirmedBlocker)
        .map(|f| &f.ids)
        .collect();
    assert_eq!(
        blockers,
        [
            &vec!["ORD-001".to_string()],
            &vec!["ORD-002".into(), "ORD-003".into()]
        ]
    );
    assert_eq!(r.claims.findings_by_severity.blocker, 1);
    assert_eq!(r.claims.findings_by_severity.critical, 1);
    assert_eq!(r.lint, []);
}

#[test]
fn no_frontmatter_still_reads_and_lints() {
    let r = fixture("no-frontmatter.md");
    assert_eq!(
        (r.title.as_deref(), r.frontmatter_error.as_ref()),
        (None, None)
    );
    assert!(r.properties.is_empty());
    assert!(matches!(
        r.document.blocks.first(),
        Some(Block::Heading { line: 1, .. })
    ));
    assert_eq!(r.findings.len(), 6);
    assert_eq!(r.claims.findings_by_class.refuted, 4);
    assert_eq!(r.claims.findings_by_class.unclassified, 2);
    let anchors: Vec<&str> = r.findings.iter().map(|f| f.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        [
            "finding-R-1",
            "finding-R-1-1",
            "finding-row",
            "finding-R-2",
            "finding-OPEN-1",
            "finding-OPEN-2"
        ]
    );
    let open1 = &r.findings[4];
    assert_eq!(open1.text, "Escaped pipe a | b stays one cell.");
    let open2 = r.findings[5].severity.as_ref().unwrap();
    assert_eq!(
        (open2.level, open2.otherwise),
        (Some(Level::Medium), Some(Level::Low))
    );
    let lints: Vec<(usize, LintKind)> = r.lint.iter().map(|l| (l.line, l.rule)).collect();
    assert_eq!(
        lints,
        [
            (1, LintKind::MissingTitle),
            (1, LintKind::MissingVerdict),
            (10, LintKind::DuplicateFindingId),
            (11, LintKind::FindingWithoutId),
            (12, LintKind::TableRowMissingCells),
            (18, LintKind::UnknownSeverity),
        ]
    );
}

#[test]
fn hostile_links_are_inert_and_html_stays_text() {
    let r = fixture("hostile.md");
    let links = links(&r);
    let inert: Vec<&str> = links
        .iter()
        .filter(|(_, href)| href.is_none())
        .map(|(text, _)| text.as_str())
        .collect();
    assert_eq!(
        inert,
        [
            "inline js",
            "entity tab",
            "entity j",
            "mixed case",
            "angle",
            "data link",
            "vb link",
            "reference form",
            "javascript:alert(1)",
            "data:text/html,hi",
            "wiki js",
        ]
    );
    let live: Vec<&str> = links.iter().filter_map(|(_, h)| h.as_deref()).collect();
    assert_eq!(
        live,
        [
            "https://example.com",
            "mailto:a@example.com",
            "https://example.org",
            "../plans/plan.md",
            "#hostile-content"
        ]
    );
    let images: Vec<String> = inlines(&r)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Image { src, .. } => Some(src),
            _ => None,
        })
        .collect();
    assert_eq!(images, ["img/diagram.png"]);
    let texts: String = inlines(&r)
        .into_iter()
        .filter_map(|i| match i {
            Inline::Text { text } => Some(text),
            _ => None,
        })
        .collect();
    for shown in [
        "tracker",
        "svg data",
        "js image",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">",
    ] {
        assert!(texts.contains(shown), "{shown} not shown as text");
    }
    let html: Vec<&str> = r
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Html { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        html,
        [
            "<script>alert('block')</script>\n",
            "<svg onload=alert(1)>\n"
        ]
    );
    let companion = r.properties.iter().find(|p| p.key == "companion").unwrap();
    assert!(
        matches!(&companion.value, PropertyValue::Link { href: None, alias: Some(a), .. } if a == "click me")
    );
}

#[test]
fn unusual_column_order_and_broken_yaml() {
    let r = fixture("unusual-columns-broken-yaml.md");
    let error = r.frontmatter_error.as_ref().unwrap();
    assert_eq!((error.line, error.column), (4, 13));
    assert!(r.properties.is_empty() && r.title.is_none());
    assert!(matches!(
        r.document.blocks.first(),
        Some(Block::Heading { line: 7, .. })
    ));
    type Row = (Vec<String>, Option<String>, Option<Level>, String);
    let rows: Vec<Row> = r
        .findings
        .iter()
        .map(|f| {
            (
                f.ids.clone(),
                f.phase.clone(),
                f.severity.as_ref().and_then(|s| s.level),
                f.text.clone(),
            )
        })
        .collect();
    assert_eq!(
        rows[0],
        (
            vec!["BILL-7".into()],
            Some("Schema".into()),
            Some(Level::High),
            "Use numeric(20,4) for amount.".into()
        )
    );
    assert_eq!(rows[1].0, ["BILL-8", "BILL-9"]);
    let bill8 = r.findings[1].severity.as_ref().unwrap();
    assert_eq!(bill8.qualifier.as_deref(), Some("partitioned tables"));
    assert_eq!(bill8.otherwise, Some(Level::Medium));
    // The table inside the callout: still findings, still linted from its quoted line.
    assert_eq!(rows[2].0, ["BILL-10"]);
    assert!(
        r.findings
            .iter()
            .all(|f| f.class == FindingClass::Recommended)
    );
    let lints: Vec<(usize, LintKind)> = r.lint.iter().map(|l| (l.line, l.rule)).collect();
    assert_eq!(
        lints,
        [
            (1, LintKind::MissingTitle),
            (1, LintKind::MissingVerdict),
            (4, LintKind::FrontmatterInvalid),
            (19, LintKind::TableRowExtraCells),
        ]
    );
}
