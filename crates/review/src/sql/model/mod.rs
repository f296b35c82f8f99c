//! The schema a migration leaves behind, as the review carries it: its tables,
//! indexes, types, functions, triggers, rules and privileges, each with the span of the
//! statement that made it, and the statements the model did not follow exactly
//! ([`Schema::unfollowed`]). Replaying SQL into it is the core's
//! (`secondlook_core::sql::model`).

mod columns;
mod types;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::names::QName;

pub use columns::{Column, Columns};
pub use types::*;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    #[serde(with = "tables_as_pairs")]
    pub tables: BTreeMap<QName, Table>,
    pub indexes: Vec<Index>,
    pub enums: Vec<EnumType>,
    /// The other types made here (composite, range, base): a column may have one.
    pub types: Vec<QName>,
    pub functions: Vec<Function>,
    pub triggers: Vec<Trigger>,
    pub rules: Vec<Rule>,
    /// Triggers and rules a later statement dropped (and none made again since), with
    /// that statement: what a gate that finds a table unprotected points at.
    #[serde(default)]
    pub dropped_triggers: Vec<(Trigger, Later)>,
    #[serde(default)]
    pub dropped_rules: Vec<(Rule, Later)>,
    /// Indexes a later statement dropped (and none of that name made again since).
    #[serde(default)]
    pub dropped_indexes: Vec<(Index, Later)>,
    /// GRANTs and REVOKEs in statement order.
    pub privileges: Vec<PrivilegeChange>,
    /// Statements the model did not follow exactly, and what they touch.
    pub unfollowed: Vec<Unfollowed>,
    /// Where unqualified names land, when a `SET search_path` or `set_config` changed
    /// it from PostgreSQL's default; `None`: the default (`"$user", public`); empty: no
    /// schema, or a path the model could not read or that ended with its transaction.
    pub search_path: Option<Vec<String>>,
}

/// The tables as a list of `[name, table]` pairs: JSON keys must be strings, and a
/// `QName` is two.
mod tables_as_pairs {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serializer};

    use super::{QName, Table};

    pub fn serialize<S: Serializer>(
        tables: &BTreeMap<QName, Table>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(tables)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<QName, Table>, D::Error> {
        Ok(Vec::<(QName, Table)>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

impl Schema {
    pub fn table(&self, name: &QName) -> Option<&Table> {
        self.tables.get(name)
    }

    pub fn function(&self, name: &QName) -> Option<&Function> {
        self.functions.iter().rev().find(|f| &f.name == name)
    }

    pub fn indexes_on<'a>(&'a self, table: &'a QName) -> impl Iterator<Item = &'a Index> {
        self.indexes.iter().filter(move |i| &i.table == table)
    }

    pub fn triggers_on<'a>(&'a self, table: &'a QName) -> impl Iterator<Item = &'a Trigger> {
        self.triggers.iter().filter(move |t| &t.table == table)
    }

    pub fn rules_on<'a>(&'a self, table: &'a QName) -> impl Iterator<Item = &'a Rule> {
        self.rules.iter().filter(move |r| &r.table == table)
    }

    /// The triggers on the table a later statement dropped, with that statement.
    pub fn dropped_triggers_on<'a>(
        &'a self,
        table: &'a QName,
    ) -> impl Iterator<Item = &'a (Trigger, Later)> {
        self.dropped_triggers
            .iter()
            .filter(move |(t, _)| &t.table == table)
    }

    /// The rules on the table a later statement dropped, with that statement.
    pub fn dropped_rules_on<'a>(
        &'a self,
        table: &'a QName,
    ) -> impl Iterator<Item = &'a (Rule, Later)> {
        self.dropped_rules
            .iter()
            .filter(move |(r, _)| &r.table == table)
    }

    /// GRANTs and REVOKEs that name the table or all tables of its schema.
    pub fn privileges_on<'a>(
        &'a self,
        table: &'a QName,
    ) -> impl Iterator<Item = &'a PrivilegeChange> {
        self.privileges.iter().filter(move |p| p.is_on(table))
    }

    /// The roles besides the owner that hold `privilege` on the table, whole or on
    /// some columns (`public` for PUBLIC).
    pub fn holders(&self, table: &QName, privilege: &str) -> Vec<&str> {
        self.table(table)
            .into_iter()
            .flat_map(|t| &t.grants)
            .filter(|(_, held)| held.iter().any(|h| h.split(' ').next() == Some(privilege)))
            .map(|(role, _)| role.as_str())
            .collect()
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.get(name)
    }
}
