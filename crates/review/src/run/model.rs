//! Serde types of `migration-run/v1` (see `docs/run-format.md`).
//!
//! Every field but `format` is optional: a missing field means "not reported", which
//! the gates never read as "passed". Each object keeps the fields this build does not
//! know in `unknown`, so a newer workflow's additions are shown raw instead of lost.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::expectations::Expectations;
use crate::sql::file::Tool;

/// Fields this build does not know, by name, as the file gave them.
pub type Unknown = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub format: String,
    /// The workflow script that ran; compared with the report's `target`.
    pub workflow: Option<String>,
    pub run_id: Option<String>,
    /// RFC 3339, as written.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub git: Option<Git>,
    pub phases: Option<Vec<Phase>>,
    pub verify_gate: Option<VerifyGate>,
    pub self_audit: Option<SelfAudit>,
    pub schema: Option<Schema>,
    pub expectations: Option<Expectations>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Git {
    pub branch: Option<String>,
    pub base: Option<String>,
    pub base_commit: Option<String>,
    pub head_commit: Option<String>,
    pub committed: Option<bool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Phase {
    pub name: Option<String>,
    pub status: Option<PhaseStatus>,
    pub duration_ms: Option<u64>,
    pub notes: Option<Vec<String>>,
    pub artifacts: Option<Vec<String>>,
    pub blockers: Option<Vec<String>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// A phase's status. A word this build does not know is kept, not refused.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(from = "String", into = "String")]
pub enum PhaseStatus {
    Passed,
    Failed,
    Skipped,
    NotRun,
    Running,
    Other(String),
}

impl From<String> for PhaseStatus {
    fn from(word: String) -> Self {
        match word.as_str() {
            "passed" => Self::Passed,
            "failed" => Self::Failed,
            "skipped" => Self::Skipped,
            "not-run" => Self::NotRun,
            "running" => Self::Running,
            _ => Self::Other(word),
        }
    }
}

impl From<PhaseStatus> for String {
    fn from(status: PhaseStatus) -> Self {
        match status {
            PhaseStatus::Passed => "passed".into(),
            PhaseStatus::Failed => "failed".into(),
            PhaseStatus::Skipped => "skipped".into(),
            PhaseStatus::NotRun => "not-run".into(),
            PhaseStatus::Running => "running".into(),
            PhaseStatus::Other(word) => word,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifyGate {
    pub typecheck: Option<Typecheck>,
    pub tests: Option<Tests>,
    /// `git diff BASE...HEAD -- backend/package.json` filtered to `"version"` lines;
    /// empty means no bump.
    pub version_diff: Option<String>,
    pub factory: Option<Factory>,
    pub blockers: Option<Vec<String>>,
    pub committed: Option<bool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Typecheck {
    pub passed: Option<bool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tests {
    pub tests_passed: Option<bool>,
    pub tests_skipped: Option<bool>,
    pub skip_reason: Option<String>,
    pub counts: Option<Counts>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub passed: Option<u64>,
    pub failed: Option<u64>,
    pub skipped: Option<u64>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// The domains the repository factory should and does import and export.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Factory {
    pub expected_domains: Option<Vec<String>>,
    pub found_domains: Option<Vec<String>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfAudit {
    /// `safe`, `unsafe`, or another word the workflow chose.
    pub verdict: Option<String>,
    pub must_fix_before_backfill: Option<Vec<String>>,
    pub findings: Option<Vec<SelfAuditFinding>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfAuditFinding {
    pub id: Option<String>,
    pub severity: Option<String>,
    pub title: Option<String>,
    pub detail: Option<String>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub dialect: Option<String>,
    pub files: Option<Vec<SchemaFile>>,
    /// What the database holds before the migration: the earlier migrations in run
    /// order, or a `pg_dump --schema-only`. Applied before `files`, never judged.
    pub baseline: Option<Vec<SchemaFile>>,
    /// The size of the baseline's tables, as `pg_class` reports them.
    pub baseline_stats: Option<Vec<TableStats>>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// One table's size before the migration (`reltuples`, `pg_table_size`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableStats {
    pub table: super::table_name::TableName,
    pub rows: u64,
    pub bytes: u64,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// One migration file: `sql` inline, or `href` relative to the run file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaFile {
    /// The file's path in the audited repository.
    pub path: Option<String>,
    pub sql: Option<String>,
    pub href: Option<String>,
    /// How the file is run: whether a down marker in it starts a section not run.
    pub tool: Option<Tool>,
    #[serde(flatten)]
    pub unknown: Unknown,
}

/// A field this build does not know, with its JSON path (`$.verifyGate.retries`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownField<'a> {
    pub path: String,
    pub value: &'a Value,
}

impl Run {
    /// Every field this build does not know, at any depth it keeps them, in file
    /// order of the objects and name order within each.
    pub fn unknown_fields(&self) -> Vec<UnknownField<'_>> {
        let mut out = Vec::new();
        push_unknown(&mut out, "$", &self.unknown);
        if let Some(git) = &self.git {
            push_unknown(&mut out, "$.git", &git.unknown);
        }
        for (i, phase) in self.phases.iter().flatten().enumerate() {
            push_unknown(&mut out, &format!("$.phases[{i}]"), &phase.unknown);
        }
        if let Some(gate) = &self.verify_gate {
            push_unknown(&mut out, "$.verifyGate", &gate.unknown);
            if let Some(typecheck) = &gate.typecheck {
                push_unknown(&mut out, "$.verifyGate.typecheck", &typecheck.unknown);
            }
            if let Some(tests) = &gate.tests {
                push_unknown(&mut out, "$.verifyGate.tests", &tests.unknown);
                if let Some(counts) = &tests.counts {
                    push_unknown(&mut out, "$.verifyGate.tests.counts", &counts.unknown);
                }
            }
            if let Some(factory) = &gate.factory {
                push_unknown(&mut out, "$.verifyGate.factory", &factory.unknown);
            }
        }
        if let Some(audit) = &self.self_audit {
            push_unknown(&mut out, "$.selfAudit", &audit.unknown);
            for (i, finding) in audit.findings.iter().flatten().enumerate() {
                let at = format!("$.selfAudit.findings[{i}]");
                push_unknown(&mut out, &at, &finding.unknown);
            }
        }
        if let Some(schema) = &self.schema {
            push_unknown(&mut out, "$.schema", &schema.unknown);
            for (i, file) in schema.files.iter().flatten().enumerate() {
                push_unknown(&mut out, &format!("$.schema.files[{i}]"), &file.unknown);
            }
            for (i, file) in schema.baseline.iter().flatten().enumerate() {
                push_unknown(&mut out, &format!("$.schema.baseline[{i}]"), &file.unknown);
            }
            for (i, stats) in schema.baseline_stats.iter().flatten().enumerate() {
                let at = format!("$.schema.baselineStats[{i}]");
                push_unknown(&mut out, &at, &stats.unknown);
            }
        }
        if let Some(expectations) = &self.expectations {
            push_unknown(&mut out, "$.expectations", &expectations.unknown);
        }
        out
    }
}

fn push_unknown<'a>(out: &mut Vec<UnknownField<'a>>, at: &str, fields: &'a Unknown) {
    out.extend(fields.iter().map(|(name, value)| UnknownField {
        path: format!("{at}.{name}"),
        value,
    }));
}
