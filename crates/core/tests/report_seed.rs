//! The seed audit report reads exactly as a reviewer sees it.

use secondlook_core::demo;
use secondlook_core::report::{self, Block, FindingClass, Level, LintKind, PropertyValue, Report};
use secondlook_core::verdict::Verdict;

fn seed() -> Report {
    report::read_at(demo::REPORT, demo::REPORT_PATH)
}

#[test]
fn frontmatter_named_fields_and_typed_properties() {
    let r = seed();
    assert_eq!(r.frontmatter_error, None);
    assert_eq!(
        r.title.as_deref(),
        Some("Money-Core Migration Workflow — Audit Report")
    );
    assert_eq!(r.verdict.as_deref(), Some("go-with-changes (0 blockers)"));
    assert_eq!(
        r.target.as_deref(),
        Some(".claude/workflows/pg-money-core-migration.js")
    );
    assert_eq!(
        r.tags,
        ["migration", "audit", "workflow", "postgres", "drizzle"]
    );
    assert_eq!(r.created.as_deref(), Some("2026-05-31"));
    let keys: Vec<&str> = r.properties.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "title",
            "tags",
            "created",
            "target",
            "verdict",
            "companion",
            "updated"
        ]
    );
    let value = |key: &str| &r.properties.iter().find(|p| p.key == key).unwrap().value;
    assert_eq!(
        value("created"),
        &PropertyValue::Date {
            value: "2026-05-31".into()
        }
    );
    assert!(matches!(value("updated"), PropertyValue::Text { .. }));
    assert_eq!(
        value("companion"),
        &PropertyValue::Link {
            target: "MongoDB to PostgreSQL Migration Plan (Drizzle)".into(),
            alias: None,
            href: Some("MongoDB%20to%20PostgreSQL%20Migration%20Plan%20(Drizzle).md".into()),
        }
    );
}

#[test]
fn five_refuted_findings_in_section_2() {
    let r = seed();
    let s2: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.section.last().is_some_and(|s| s.starts_with("2.")))
        .collect();
    assert_eq!(s2.len(), 5);
    assert!(s2.iter().all(|f| f.class == FindingClass::Refuted));
    assert!(s2.iter().all(|f| f.severity.is_none() && f.phase.is_none()));
    let first = s2[0];
    assert_eq!(first.ids, ["IDEMPOTENCY_INDEX_PRESERVATION", "FK-010"]);
    assert_eq!(first.line, 50);
    assert!(first.text.starts_with("Line 127 explicitly mandates"));
    assert_eq!(
        s2[4].ids,
        ["MIXED_ID", "immutability", "prod-guard", "version-bump"]
    );
}

#[test]
fn twelve_recommended_findings_in_section_3() {
    let r = seed();
    let s3: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.section.last().is_some_and(|s| s.starts_with("3.")))
        .collect();
    assert_eq!(s3.len(), 12);
    assert_eq!(r.findings.len(), 17);
    assert!(s3.iter().all(|f| f.class == FindingClass::Recommended));
    let schema = s3
        .iter()
        .find(|f| f.phase.as_deref() == Some("Schema"))
        .unwrap();
    assert_eq!(schema.ids.len(), 5);
    assert_eq!(schema.line, 68);
    let sev = schema.severity.as_ref().unwrap();
    assert_eq!(
        (sev.level, sev.qualifier.as_deref(), sev.otherwise),
        (Some(Level::High), Some("where"), Some(Level::Medium))
    );
    let verify = s3
        .iter()
        .find(|f| f.ids.first().map(String::as_str) == Some("VERIFICATION_CHECKSUM_PRECISION"))
        .unwrap();
    assert_eq!(verify.severity.as_ref().unwrap().level, Some(Level::High));
    let fk012 = s3.iter().find(|f| f.ids == ["FK-012"]).unwrap();
    assert_eq!(fk012.anchor, "finding-FK-012");
    let anchors: std::collections::HashSet<&str> =
        r.findings.iter().map(|f| f.anchor.as_str()).collect();
    assert_eq!(anchors.len(), r.findings.len());
}

#[test]
fn version_bump_row_loses_its_severity_and_is_linted() {
    let r = seed();
    let row = r
        .findings
        .iter()
        .find(|f| f.ids.first().map(String::as_str) == Some("VERSION_BUMP_DETECTION"))
        .unwrap();
    assert_eq!(row.line, 73);
    assert_eq!(row.severity.as_ref().unwrap().level, None);
    let extra: Vec<_> = r
        .lint
        .iter()
        .filter(|l| l.rule == LintKind::TableRowExtraCells)
        .collect();
    assert_eq!(extra.len(), 1);
    assert_eq!(extra[0].line, 73);
    assert!(extra[0].message.contains("`low`"), "{}", extra[0].message);
    let rules: Vec<(usize, LintKind)> = r.lint.iter().map(|l| (l.line, l.rule)).collect();
    assert_eq!(
        rules,
        [
            (73, LintKind::TableRowExtraCells),
            (73, LintKind::UnknownSeverity)
        ]
    );
}

#[test]
fn claims_verdict_blocker_line_and_counts() {
    let c = seed().claims;
    let verdict = c.verdict.unwrap();
    assert_eq!(verdict.raw, "go-with-changes (0 blockers)");
    assert_eq!(verdict.decision, Some(Verdict::GoWithChanges));
    assert_eq!(verdict.blockers, Some(0));
    assert_eq!(c.confirmed_blockers.len(), 1);
    assert_eq!(
        (c.confirmed_blockers[0].count, c.confirmed_blockers[0].line),
        (0, 40)
    );
    assert_eq!(c.findings_by_class.refuted, 5);
    assert_eq!(c.findings_by_class.recommended, 12);
    assert_eq!(c.findings_by_class.confirmed_blocker, 0);
    let s = c.findings_by_severity;
    assert_eq!(
        (s.high, s.medium, s.low, s.unknown, s.none),
        (4, 7, 0, 1, 5)
    );
}

#[test]
fn section_6_checklists_with_nesting_and_human_only() {
    let r = seed();
    let lists: Vec<(&str, bool, usize)> = r
        .checklists
        .iter()
        .map(|c| (c.title.as_str(), c.human_only, c.items.len()))
        .collect();
    assert_eq!(
        lists,
        [
            ("Before invoking the workflow", false, 6),
            ("Gates enforced during the run", false, 2),
            (
                "After the run — human reviews REQUIRED before anything leaves the branch",
                true,
                3
            ),
            (
                "STAYS HUMAN-ONLY (workflow must never do these — and does not)",
                true,
                3
            ),
        ]
    );
    let before = &r.checklists[0];
    assert_eq!(before.total, 8);
    assert_eq!(before.checked, 0);
    let first = &before.items[0];
    assert!(
        first
            .text
            .starts_with("Apply the two structural §3 fixes first")
    );
    assert_eq!(first.line, 105);
    let children: Vec<&str> = first.children.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        children,
        [
            "Repos factory.ts race: split into parallel-repo-files + sequential-aggregator.",
            "Tests skip-as-pass: return testsSkipped and have VerifyGate fail on skip."
        ]
    );
    assert!(
        r.checklists[3]
            .items
            .iter()
            .all(|i| i.human_only && !i.task)
    );
    let ids: std::collections::HashSet<&str> = r
        .checklists
        .iter()
        .flat_map(|c| c.items.iter())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(ids.len(), 14);
}

#[test]
fn checklist_ids_survive_an_edit_elsewhere() {
    let edited = demo::REPORT.replace(
        "## 4. What the Workflow Does Well",
        "A new paragraph.\n\n## 4. What the Workflow Does Well",
    );
    let ids = |r: &Report| -> Vec<String> {
        r.checklists
            .iter()
            .flat_map(|c| c.items.iter().map(|i| i.id.clone()))
            .collect()
    };
    let before = seed();
    let after = report::read_at(&edited, demo::REPORT_PATH);
    assert_eq!(ids(&before), ids(&after));
    assert_ne!(
        before.checklists[0].items[0].line,
        after.checklists[0].items[0].line
    );
}

#[test]
fn callouts_wikilinks_and_toc() {
    let r = seed();
    let kinds: Vec<&str> = r
        .document
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Callout { kind, .. } => Some(kind.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(kinds, ["info", "warning"]);
    let json = serde_json::to_string(&r.document).unwrap();
    assert!(json.contains("\"href\":\"Postgres%20Runtime%20Cutover%20Status.md\""));
    let slugs: Vec<&str> = r.document.toc.iter().map(|t| t.slug.as_str()).collect();
    assert!(slugs.contains(&"1-verdict--go-with-changes"));
    assert!(slugs.contains(&"6-pre-run-checklist--human-only-gates"));
}
