//! A table's name as a run file gives it (`schema.baselineStats[].table`): `payments` or
//! `ledger.payments`, as `pg_class` and its schema name it. The name is shown to the
//! reviewer and matched against the SQL, so one that could not be a table's is refused
//! where it is read, with its JSON path, instead of being shown or matched.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Two names of at most 63 bytes (PostgreSQL's limit) and the dot between them.
const MAX_BYTES: usize = 2 * 63 + 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TableName(String);

impl TableName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for TableName {
    type Error = String;

    fn try_from(name: String) -> Result<Self, String> {
        if name.trim().is_empty() {
            return Err("a table name, found an empty string".into());
        }
        if name.len() > MAX_BYTES {
            return Err(format!(
                "a table name of at most {MAX_BYTES} bytes, found {} bytes",
                name.len()
            ));
        }
        if name.chars().any(char::is_control) {
            return Err("a table name, found one with a control character".into());
        }
        Ok(TableName(name))
    }
}

impl From<TableName> for String {
    fn from(name: TableName) -> Self {
        name.0
    }
}

impl fmt::Display for TableName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::run::read;

    fn error(stats: &str) -> String {
        let text = format!(
            r#"{{"format": "migration-run/v1", "schema": {{"baselineStats": [{stats}]}}}}"#
        );
        read(&text).unwrap_err().to_string()
    }

    #[test]
    fn sizes_as_pg_class_reports_them_are_read() {
        let run = read(
            r#"{"format": "migration-run/v1", "schema": {"baselineStats": [
                {"table": "ledger.payments", "rows": 120000000, "bytes": 48318382080}
            ]}}"#,
        )
        .unwrap();
        let stats = run.schema.unwrap().baseline_stats.unwrap();
        assert_eq!(stats[0].table.as_str(), "ledger.payments");
        assert_eq!(
            (stats[0].rows, stats[0].bytes),
            (120_000_000, 48_318_382_080)
        );
    }

    #[test]
    fn hostile_sizes_and_names_are_refused_naming_the_json_path() {
        let long = "t".repeat(200);
        let cases = [
            (
                r#"{"table": "t", "rows": -1, "bytes": 0}"#,
                "$.schema.baselineStats[0].rows",
            ),
            (
                r#"{"table": "t", "rows": 1.5, "bytes": 0}"#,
                "$.schema.baselineStats[0].rows",
            ),
            (
                r#"{"table": "t", "rows": 1, "bytes": "8 GB"}"#,
                "$.schema.baselineStats[0].bytes",
            ),
            (
                r#"{"table": "t", "rows": 1, "bytes": 1e30}"#,
                "$.schema.baselineStats[0].bytes",
            ),
            (
                r#"{"table": "", "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (
                r#"{"table": "a\u001b[2Jb", "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (
                r#"{"table": 7, "rows": 1, "bytes": 1}"#,
                "$.schema.baselineStats[0].table",
            ),
            (r#"{"rows": 1, "bytes": 1}"#, "$.schema.baselineStats[0]"),
        ];
        for (stats, path) in cases {
            let why = error(stats);
            assert!(why.contains(path), "{stats}: {why}");
        }
        let why = error(&format!(r#"{{"table": "{long}", "rows": 1, "bytes": 1}}"#));
        assert!(why.contains("at most 127 bytes, found 200 bytes"), "{why}");
    }
}
