//! What a result knows beyond its sentence, as data a view can lay out: the expected
//! and found terms of a partial index's predicate, the rows a migration changed. It
//! travels with the result to the page, so no view has to find it again by comparing
//! evidence.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Detail {
    /// `index-predicate`: the expected `where` against the found index's, term by term.
    PredicateTerms(PredicateTerms),
    /// `data-kept`: the scaffold rows of a table the migration did not keep as they were.
    ChangedRows(ChangedRows),
}

/// The rows of one table that differ after the migration, a value at a time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRows {
    pub table: String,
    pub rows: Vec<ChangedRow>,
}

/// One value that changed, one column that went, or one row that went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedRow {
    pub change: Change,
    /// The row's primary key, `id=7001`; for a table without one, the row whole.
    pub key: String,
    /// The column; `None` for a row gone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// As PostgreSQL printed it (a row gone: the row); `None` for SQL NULL.
    pub before: Option<String>,
    /// `None` for SQL NULL, or when the column or row is gone.
    pub after: Option<String>,
    /// The run's reason, where it declares this change (`expectations.changes[]`):
    /// shown, not failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
}

impl ChangedRow {
    /// In one line: `id=9001 amount: 12.345678 -> 12.35 (value changed)`.
    pub fn line(&self) -> String {
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "NULL".to_string());
        let after = match self.change {
            Change::ValueChanged => value(&self.after),
            Change::RowGone | Change::ColumnDropped => "gone".to_string(),
        };
        let what = match &self.declared {
            Some(reason) => format!("declared: {reason}"),
            None => self.change.as_str().to_string(),
        };
        format!(
            "{} {}: {} -> {after} ({what})",
            self.key,
            self.column.as_deref().unwrap_or_default(),
            value(&self.before)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// The row is not there after the migration.
    RowGone,
    /// The column is not there after the migration.
    ColumnDropped,
    /// The value is another (numbers compared as numbers).
    ValueChanged,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::RowGone => "row gone",
            Change::ColumnDropped => "column dropped",
            Change::ValueChanged => "value changed",
        }
    }
}

/// Expected vs found for one partial index: the terms both have, those missing, those
/// in excess, and those on the same column with another condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PredicateTerms {
    /// The index found for the expectation.
    pub index: String,
    pub same: Vec<String>,
    pub missing: Vec<String>,
    pub extra: Vec<String>,
    /// (expected, found) for a column both constrain, each differently.
    pub different: Vec<(String, String)>,
}
