//! Object names as PostgreSQL folds them, `public` as the schema of an unqualified
//! name. Reading them out of SQL is the core's (`secondlook_core::sql::names`).

use std::fmt;

use serde::{Deserialize, Serialize};

pub const DEFAULT_SCHEMA: &str = "public";

/// A schema-qualified object name, folded.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QName {
    pub schema: String,
    pub name: String,
}

impl QName {
    /// A name written in the run's expectations (`table` or `schema.table`), taken as
    /// already folded.
    pub fn from_expectation(text: &str) -> QName {
        match text.rsplit_once('.') {
            Some((schema, name)) => QName {
                schema: schema.to_string(),
                name: name.to_string(),
            },
            None => QName {
                schema: DEFAULT_SCHEMA.to_string(),
                name: text.to_string(),
            },
        }
    }
}

impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.schema == DEFAULT_SCHEMA {
            write!(f, "{}", self.name)
        } else {
            write!(f, "{}.{}", self.schema, self.name)
        }
    }
}
