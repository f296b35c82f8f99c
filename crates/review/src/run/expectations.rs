//! `expectations` of a `migration-run/v1` file: what the SQL re-check must find.
//! Every field is optional: a missing list means "not reported", not "nothing expected".

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::gate::GateId;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expectations {
    pub money_columns: Option<Vec<MoneyColumn>>,
    /// The one allowed type for money columns, e.g. `numeric(38,18)`.
    pub money_type: Option<String>,
    pub indexes: Option<Vec<ExpectedIndex>>,
    pub mixed_ids: Option<Vec<MixedId>>,
    pub append_only: Option<Vec<AppendOnly>>,
    /// The backfill order: every table's foreign-key parents must come before it.
    pub parent_order: Option<Vec<String>>,
    /// Which of Squawk's lock-safety rules run and how much they weigh; `None`: the
    /// curated set, as warnings.
    pub lock_safety: Option<LockSafety>,
    /// The extensions the migration may create, by name; any other `CREATE EXTENSION`
    /// fails `stays-in-database`.
    pub extensions: Option<Vec<String>>,
    /// Changes to rows already in the database that the migration makes on purpose:
    /// gate `data-kept` shows them and does not fail on them.
    pub changes: Option<Vec<DeclaredChange>>,
    /// The strongest lock each table may be held under while a statement scans or
    /// rewrites it (gate `lock-budget`).
    pub locks: Option<Vec<LockBudget>>,
    /// The largest table, in `schema.baselineStats` bytes, the migration may rewrite.
    pub rewrite_max_bytes: Option<u64>,
    /// Fields a newer workflow added; kept to be shown raw.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyColumn {
    pub table: String,
    pub column: String,
    #[serde(default)]
    pub relates_to: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedIndex {
    pub table: String,
    pub columns: Vec<String>,
    #[serde(default)]
    pub unique: bool,
    /// A SQL predicate the index must carry, compared as logic.
    #[serde(rename = "where")]
    pub predicate: Option<String>,
    /// Where the expectation came from (e.g. the Mongo index it reproduces).
    pub source: Option<String>,
    #[serde(default)]
    pub relates_to: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MixedId {
    pub table: String,
    pub discriminator: String,
    /// Discriminator value → the one column that must be set for it.
    pub variants: BTreeMap<String, String>,
    #[serde(default)]
    pub relates_to: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppendOnly {
    pub table: String,
    /// The roles the application writes as: a protection by privileges holds only if
    /// none of them may UPDATE or DELETE.
    #[serde(default)]
    pub writer_roles: Vec<String>,
    #[serde(default)]
    pub relates_to: Vec<String>,
}

/// A change to existing rows the run declares: every row of `table`, or only
/// `column`'s values, may change, for `reason`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeclaredChange {
    pub table: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Why: a change without one, or with a blank one, is no declaration.
    #[serde(deserialize_with = "not_blank")]
    pub reason: String,
}

fn not_blank<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom("a declared change needs a reason"));
    }
    Ok(text)
}

/// One table's lock budget: `maxMode` as PostgreSQL names lock modes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockBudget {
    pub table: super::table_name::TableName,
    pub max_mode: crate::locks::LockMode,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LockSafety {
    /// The curated rules to run, by Squawk's name (`require-lock-timeout`); `None`: all
    /// of them; empty: none, which turns lock safety off.
    #[serde(default, deserialize_with = "curated_rules")]
    pub rules: Option<Vec<String>>,
    /// What a violation weighs; `None`: a warning.
    pub severity: Option<crate::gate::Severity>,
}

/// A rule this build does not run is an error naming it: a run that asks for a check
/// must never get silence instead.
fn curated_rules<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<String>>, D::Error> {
    let rules = Vec::<String>::deserialize(deserializer)?;
    let known: Vec<&str> = GateId::ALL.iter().filter_map(|g| g.squawk_rule()).collect();
    if let Some(unknown) = rules.iter().find(|r| !known.contains(&r.as_str())) {
        return Err(serde::de::Error::custom(format!(
            "unknown lock-safety rule {unknown:?}; known: {}",
            known.join(", ")
        )));
    }
    Ok(Some(rules))
}
