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
