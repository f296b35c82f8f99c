//! What the schema model is made of.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::Columns;
use crate::sql::expr_text::ExprText;
use crate::sql::location::Span;
use crate::sql::names::QName;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QName,
    pub columns: Columns,
    pub constraints: Vec<Constraint>,
    /// False when the table was only altered here (created by an earlier migration that
    /// is not in the baseline): what it had before is unknown.
    pub created_here: bool,
    /// The role named by the last `OWNER TO`; `None`: the role that ran the migration.
    pub owner: Option<String>,
    /// Who holds which privileges on it besides its owner, after every GRANT and
    /// REVOKE made since it was created (`public` for PUBLIC; a column privilege as
    /// `update (columns)`), as `aclexplode` would list them.
    pub grants: BTreeMap<String, BTreeSet<String>>,
    /// Constraints a later statement dropped (DROP CONSTRAINT, or DROP COLUMN of a
    /// column they use), with that statement: what a gate that finds the table
    /// unprotected points at.
    #[serde(default)]
    pub dropped_constraints: Vec<(Constraint, Later)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Constraint {
    pub name: Option<String>,
    pub kind: ConstraintKind,
    /// Where its name is written, or its statement when it has none.
    pub span: Span,
    /// The statement that added it.
    pub statement: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ConstraintKind {
    Check {
        expr: ExprText,
    },
    Unique {
        columns: Vec<String>,
    },
    PrimaryKey {
        columns: Vec<String>,
    },
    ForeignKey {
        columns: Vec<String>,
        references: QName,
        referred_columns: Vec<String>,
        on_delete: Option<String>,
        on_update: Option<String>,
    },
}

impl ConstraintKind {
    pub fn columns(&self) -> &[String] {
        match self {
            ConstraintKind::Check { .. } => &[],
            ConstraintKind::Unique { columns }
            | ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::ForeignKey { columns, .. } => columns,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub name: Option<String>,
    pub table: QName,
    /// Column names, folded; an expression column is kept as sqlparser prints it.
    pub columns: Vec<String>,
    pub unique: bool,
    pub method: Option<String>,
    pub predicate: Option<ExprText>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumType {
    pub name: QName,
    pub values: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Function {
    pub name: QName,
    pub language: Option<String>,
    /// The body's text (the inside of its quotes), when it has one.
    pub body: Option<String>,
    /// Where the body's text starts in the file, when it is quoted there.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Timing {
    Before,
    After,
    InsteadOf,
    For,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Insert,
    /// `UPDATE OF columns` when the list is not empty.
    Update {
        columns: Vec<String>,
    },
    Delete,
    Truncate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub name: String,
    pub table: QName,
    pub timing: Option<Timing>,
    pub events: Vec<Event>,
    pub for_each_row: bool,
    /// The `WHEN (...)` condition, as printed.
    pub condition: Option<String>,
    pub function: Option<QName>,
    /// Whether it fires in a normal session: `ENABLE [ALWAYS] TRIGGER`, not `DISABLE`
    /// or `ENABLE REPLICA` (those fire only with `session_replication_role = replica`).
    pub enabled: bool,
    /// The last statement that disabled or enabled it: what decides `enabled` when it
    /// is not the CREATE TRIGGER.
    #[serde(default)]
    pub switched: Option<Later>,
    pub span: Span,
}

/// A statement that changed an object after the one that made it (disabled, dropped,
/// granted on it): evidence of what undid a protection, and what a fix must change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Later {
    /// The statement as written, on one line and cut short when long.
    pub text: String,
    pub span: Span,
}

impl Later {
    /// The longest statement text kept whole.
    const MAX_CHARS: usize = 120;

    /// The statement `text` at `span`, on one line, its hidden characters (bidi
    /// controls and the like) shown escaped: it comes from the pull request.
    pub fn new(text: &str, span: &Span) -> Later {
        let words: Vec<&str> = text.split_whitespace().collect();
        let one_line = words.join(" ");
        let one_line = crate::escape::visible(one_line.trim_end_matches(';'));
        let text = match one_line.char_indices().nth(Self::MAX_CHARS) {
            Some((at, _)) => format!("{}…", &one_line[..at]),
            None => one_line.to_string(),
        };
        Later {
            text,
            span: span.clone(),
        }
    }

    /// How a message names it: the statement in backticks, then its file and line.
    pub fn cited(&self) -> String {
        format!(
            "`{}` at {}:{}",
            self.text.replace('`', "'"),
            self.span.file,
            self.span.line
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleEvent {
    Select,
    Insert,
    Update,
    Delete,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    pub name: String,
    pub table: QName,
    pub event: RuleEvent,
    /// `DO INSTEAD NOTHING` without a `WHERE`.
    pub instead_nothing: bool,
    pub condition: Option<String>,
    /// Whether it applies in a normal session, as for triggers.
    pub enabled: bool,
    /// The last statement that disabled or enabled it, as for triggers.
    #[serde(default)]
    pub switched: Option<Later>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PrivilegeTarget {
    Tables(Vec<QName>),
    AllTablesInSchema(Vec<String>),
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrivilegeChange {
    pub grant: bool,
    /// Lower-case privilege names; `all` for ALL [PRIVILEGES].
    pub privileges: Vec<String>,
    pub target: PrivilegeTarget,
    pub grantees: Vec<String>,
    pub span: Span,
}

impl PrivilegeChange {
    /// Whether this change is about `privilege` on `table`.
    pub fn covers(&self, privilege: &str, table: &QName) -> bool {
        let names_it = self.privileges.iter().any(|p| p == privilege || p == "all");
        names_it && self.is_on(table)
    }

    /// Whether it names `table` or all tables of its schema.
    pub fn is_on(&self, table: &QName) -> bool {
        match &self.target {
            PrivilegeTarget::Tables(tables) => tables.contains(table),
            PrivilegeTarget::AllTablesInSchema(schemas) => schemas.contains(&table.schema),
            PrivilegeTarget::Other => false,
        }
    }
}

/// A statement that touches an object in a way the model does not follow exactly:
/// after it, what the model says about that object may be wrong, so the gates that
/// depend on it are not verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unfollowed {
    /// The table or function; `None`: any object (a role membership, default
    /// privileges, a statement kind the model does not know).
    pub object: Option<QName>,
    pub why: String,
    pub span: Span,
    /// It runs code the re-check does not read (`sql::code_calls`), rather than
    /// changing the schema in a way the model does not follow.
    #[serde(default)]
    pub runs_code: bool,
}
