//! What changed in the schema two runs leave, as data: the objects a reviewer of money
//! cares about, by name. Comparing the schemas reads SQL expressions, so it is the
//! core's (`secondlook_core::diff`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    MoneyColumn,
    Index,
    Check,
    Trigger,
}

impl ObjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::MoneyColumn => "money column",
            ObjectKind::Index => "index",
            ObjectKind::Check => "check",
            ObjectKind::Trigger => "trigger",
        }
    }
}

/// One object added (`before` is `None`), removed (`after` is `None`) or changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SchemaChange {
    pub kind: ObjectKind,
    pub name: String,
    pub before: Option<String>,
    pub after: Option<String>,
}
