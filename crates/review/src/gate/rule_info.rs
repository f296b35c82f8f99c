//! What the Rules pane and the gate cards show of a registered gate, as owned data: the
//! registry (in the core, beside the checks) answers it through the engine, so the page
//! shows every gate's texts without linking the checks.

use serde::{Deserialize, Serialize};

use super::{GateId, GateInfo, Severity};
use crate::examples::Expect;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub id: GateId,
    pub title: String,
    pub severity: Severity,
    /// What it checks; code between backticks.
    pub checks: String,
    /// Why it matters for money; code between backticks.
    pub why: String,
    pub examples: Vec<RuleExample>,
    /// Report finding IDs the gate gives evidence for.
    pub relates_to: Vec<String>,
    /// For one of Squawk's rules, Squawk's page on it.
    pub rule_page: Option<String>,
    /// Whether the gate checks the SQL (its results belong beside the SQL).
    pub reads_sql: bool,
}

/// One of a gate's runnable examples, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleExample {
    /// Unique within its gate.
    pub name: String,
    pub expect: Expect,
    /// What it shows and on what input; code between backticks.
    pub sentence: String,
}

impl RuleInfo {
    /// The gate's info as the page shows it; what only the registry knows (its Squawk
    /// page, whether it reads the SQL) is given.
    pub fn new(info: &GateInfo, rule_page: Option<String>, reads_sql: bool) -> RuleInfo {
        RuleInfo {
            id: info.id,
            title: info.title.to_string(),
            severity: info.severity,
            checks: info.checks.to_string(),
            why: info.why.to_string(),
            examples: info
                .examples
                .iter()
                .map(|e| RuleExample {
                    name: e.name.to_string(),
                    expect: e.expect,
                    sentence: e.sentence(),
                })
                .collect(),
            relates_to: info.relates_to.iter().map(|s| s.to_string()).collect(),
            rule_page,
            reads_sql,
        }
    }
}
