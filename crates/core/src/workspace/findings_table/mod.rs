//! One table for the report's findings and the gate results: the row model, the
//! derived status of a finding and the counts by severity; sorting is in `sorting`,
//! filtering in `workspace::filters`.
//!
//! A finding's status comes from the gate results that relate to one of its IDs: any
//! failed → fail; all passed → pass; otherwise (some not verified or not reported) →
//! not verified; no related gate → claimed (only the report's word for it).

use crate::diff::{Change, RunDiff};
use crate::gate::{self, Evidence, GateResult, Status};
use crate::report::{Finding, Report};
use crate::review::Review;
use crate::workspace::anchor::Anchor;

mod row;
mod sorting;

pub use row::*;
pub use sorting::{Sort, SortKey, sort};

/// The report's findings, then every gate result.
pub fn rows(review: &Review) -> Vec<Row> {
    let findings = review.report.iter().flat_map(|report| {
        report
            .findings
            .iter()
            .map(move |f| finding_row(report, f, &review.gates))
    });
    let gates = review.gates.iter().map(gate_row);
    findings
        .chain(gates)
        .enumerate()
        .map(|(position, row)| Row { position, ..row })
        .collect()
}

/// Marks the rows that are new since the base of `diff` (made from the same review as
/// `rows`): gate results that are new, changed or added, and report findings added or
/// restated.
pub fn mark_new(rows: &mut [Row], diff: &RunDiff) {
    let findings = rows.iter().filter(|r| r.kind == RowKind::Finding).count();
    for row in rows.iter_mut() {
        row.new_since_base = match row.kind {
            RowKind::Gate => {
                let change = row
                    .position
                    .checked_sub(findings)
                    .and_then(|at| diff.change_at(at));
                matches!(change, Some(Change::New | Change::Changed | Change::Added))
            }
            RowKind::Finding => diff
                .findings
                .iter()
                .any(|f| f.after.is_some() && row.has_id(&f.id)),
        };
    }
}

fn finding_row(report: &Report, finding: &Finding, gates: &[GateResult]) -> Row {
    let related: Vec<&GateResult> = gates
        .iter()
        .filter(|g| g.relates_to.iter().any(|id| finding.ids.contains(id)))
        .collect();
    let status = if related.iter().any(|g| g.status == Status::Fail) {
        RowStatus::Fail
    } else if related.is_empty() {
        RowStatus::Claimed
    } else if related.iter().all(|g| g.status == Status::Pass) {
        RowStatus::Pass
    } else {
        RowStatus::NotVerified
    };
    let mut related_ids: Vec<Related> = Vec::new();
    for g in &related {
        let id = Related::Gate(g.id);
        if !related_ids.contains(&id) {
            related_ids.push(id);
        }
    }
    let section = report
        .document
        .toc
        .iter()
        .take_while(|t| t.line <= finding.line)
        .last();
    let mut evidence = vec![EvidenceLink {
        label: format!("report line {}", finding.line),
        href: Some(Anchor::Element(finding.anchor.clone())),
    }];
    evidence.extend(section.map(|s| EvidenceLink {
        label: s.text.clone(),
        href: Some(Anchor::Element(s.slug.clone())),
    }));
    let ids = if finding.ids.is_empty() {
        vec![finding.anchor.clone()]
    } else {
        finding.ids.clone()
    };
    Row {
        position: 0,
        kind: RowKind::Finding,
        ids,
        severity: finding
            .severity
            .as_ref()
            .and_then(|s| s.level)
            .map_or(RowSeverity::Unknown, RowSeverity::of_level),
        severity_text: finding
            .severity
            .as_ref()
            .map(|s| s.raw.clone())
            .unwrap_or_default(),
        class: RowClass::of_finding(finding.class),
        phase: finding.phase.clone(),
        status,
        text: finding.text.clone(),
        related: related_ids,
        evidence,
        new_since_base: false,
    }
}

fn gate_row(gate: &GateResult) -> Row {
    // Only a run-level gate reads the run file; a SQL gate points into SQL or nowhere.
    let reads_run = gate
        .evidence
        .iter()
        .any(|e| matches!(e, Evidence::RunPath { .. }));
    let severity = match gate.severity {
        gate::Severity::Blocker => RowSeverity::Blocker,
        gate::Severity::Warning => RowSeverity::Warning,
    };
    Row {
        position: 0,
        kind: RowKind::Gate,
        ids: vec![gate.id.to_string()],
        severity,
        severity_text: severity.as_str().to_string(),
        class: RowClass::Gate,
        phase: Some(if reads_run { PHASE_RUN } else { PHASE_SQL }.to_string()),
        status: RowStatus::of_gate(gate.status),
        text: gate.message.clone(),
        related: gate
            .relates_to
            .iter()
            .map(|id| Related::Finding(id.clone()))
            .collect(),
        evidence: gate
            .evidence
            .iter()
            .map(|e| EvidenceLink {
                label: match e {
                    Evidence::RunPath { path } => format!("run {path}"),
                    Evidence::Sql { file, line, .. } => format!("{file}:{line}"),
                },
                href: None,
            })
            .collect(),
        new_since_base: false,
    }
}

/// How many rows have each severity, most severe first, leaving out the absent ones.
pub fn severity_counts(rows: &[Row]) -> Vec<(RowSeverity, usize)> {
    RowSeverity::ALL
        .into_iter()
        .map(|s| (s, rows.iter().filter(|r| r.severity == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::gate::GateId;
    use crate::inputs::Inputs;
    use crate::run::gates::test_run::seed_with;
    use serde_json::json;

    pub fn seed_rows() -> Vec<Row> {
        rows(&Inputs::demo().review())
    }

    #[test]
    fn the_seed_gives_its_findings_then_every_gate_result() {
        let review = Inputs::demo().review();
        let rows = rows(&review);
        let findings = rows.iter().filter(|r| r.kind == RowKind::Finding).count();
        assert_eq!(findings, review.report.as_ref().unwrap().findings.len());
        assert_eq!(rows.len(), findings + review.gates.len());
        assert!(rows.iter().enumerate().all(|(i, r)| r.position == i));
        let fk010 = rows.iter().find(|r| r.has_id("FK-010")).unwrap();
        assert_eq!(fk010.id(), "IDEMPOTENCY_INDEX_PRESERVATION");
        assert_eq!(fk010.class, RowClass::Refuted);
        assert_eq!(fk010.severity, RowSeverity::Unknown);
        assert_eq!(
            fk010.evidence[0].href.as_ref().map(Anchor::href).as_deref(),
            Some("#finding-IDEMPOTENCY_INDEX_PRESERVATION")
        );
        assert!(
            fk010.evidence[1]
                .href
                .as_ref()
                .map(Anchor::href)
                .unwrap()
                .starts_with("#2-confirmed-blockers")
        );
    }

    #[test]
    fn qualified_severities_sort_by_their_worst_level_and_keep_the_words() {
        let rows = seed_rows();
        let schema = rows.iter().find(|r| r.has_id("FK-001")).unwrap();
        assert_eq!(schema.severity, RowSeverity::High);
        assert_eq!(schema.severity_text, "high (where) / medium");
        assert_eq!(schema.phase.as_deref(), Some("Schema"));
    }

    #[test]
    fn gate_rows_name_their_phase_and_evidence() {
        let rows = seed_rows();
        let tests = rows
            .iter()
            .find(|r| r.id() == GateId::TestsNotSkipped.as_str())
            .unwrap();
        assert_eq!(tests.kind, RowKind::Gate);
        assert_eq!(tests.phase.as_deref(), Some(PHASE_RUN));
        assert!(tests.evidence[0].label.starts_with("run $.verifyGate"));
        let sql = rows
            .iter()
            .find(|r| r.kind == RowKind::Gate && r.phase.as_deref() == Some(PHASE_SQL))
            .unwrap();
        assert!(sql.evidence.iter().all(|e| e.href.is_none()));
    }

    #[test]
    fn a_finding_takes_the_status_of_its_related_gates() {
        let passing = seed_rows();
        let test_001 = passing.iter().find(|r| r.has_id("TEST_001")).unwrap();
        assert_eq!(test_001.status, RowStatus::Pass);
        assert_eq!(
            test_001.related,
            [
                Related::Gate(GateId::TestsNotSkipped),
                Related::Gate(GateId::GateConsistent)
            ]
        );
        let unrelated = passing.iter().find(|r| r.has_id("FK-012")).unwrap();
        assert_eq!(unrelated.status, RowStatus::Claimed);

        let run = seed_with("/verifyGate/tests/testsSkipped", Some(json!(true)));
        let review = crate::review::review(
            Some(crate::review::ReportInput {
                text: crate::demo::REPORT,
                path: crate::demo::REPORT_PATH,
            }),
            Some(Ok(run)),
            &[],
        );
        let failing = rows(&review);
        let test_001 = failing.iter().find(|r| r.has_id("TEST_001")).unwrap();
        assert_eq!(test_001.status, RowStatus::Fail);
    }

    #[test]
    fn counts_add_up_and_skip_absent_severities() {
        let rows = seed_rows();
        let counts = severity_counts(&rows);
        assert_eq!(counts.iter().map(|(_, n)| n).sum::<usize>(), rows.len());
        assert!(counts.iter().all(|(_, n)| *n > 0));
        let medium = rows
            .iter()
            .filter(|r| r.severity == RowSeverity::Medium)
            .count();
        assert!(counts.contains(&(RowSeverity::Medium, medium)));
    }

    #[test]
    fn words_round_trip() {
        for s in RowSeverity::ALL {
            assert_eq!(RowSeverity::parse(s.as_str()), Some(s));
        }
        for c in RowClass::ALL {
            assert_eq!(RowClass::parse(c.as_str()), Some(c));
        }
        for s in RowStatus::ALL {
            assert_eq!(RowStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(RowSeverity::parse("severe"), None);
    }
}
