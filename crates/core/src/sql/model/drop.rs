//! Replays the statements that drop what the gates read. What a drop removes is kept
//! with the statement that removed it, so a rule can point at that statement.

use sqlparser::ast::{DropFunction, DropRule, DropTrigger, ObjectName, ObjectType};

use super::Schema;
use super::types::*;
use crate::sql::locator::Locator;
use crate::sql::names::{QName, fold};

impl Schema {
    pub(super) fn drop_objects(
        &mut self,
        object_type: ObjectType,
        names: &[ObjectName],
        loc: &Locator,
    ) {
        let span = loc.span;
        for name in names {
            let name = self.resolve(name, loc);
            match object_type {
                ObjectType::Table => self.drop_table(&name),
                ObjectType::Index => {
                    let (dropped, kept) = std::mem::take(&mut self.indexes)
                        .into_iter()
                        .partition(|i| i.name.as_ref() == Some(&name.name));
                    self.indexes = kept;
                    let later = Later::new(loc.text, span);
                    self.dropped_indexes
                        .extend(dropped.into_iter().map(|i: Index| (i, later.clone())));
                }
                ObjectType::Type => {
                    self.enums.retain(|e| e.name != name);
                    self.types.retain(|t| *t != name);
                }
                ObjectType::Schema => self.drop_schema(&name.name),
                // Views, sequences, roles and the like hold no gated fact.
                _ => {}
            }
        }
    }

    pub(super) fn drop_function(&mut self, drop: &DropFunction, loc: &Locator) {
        for desc in &drop.func_desc {
            let name = self.resolve(&desc.name, loc);
            self.functions.retain(|f| f.name != name);
        }
    }

    pub(super) fn drop_trigger(&mut self, drop: &DropTrigger, loc: &Locator) {
        let span = loc.span;
        let name = QName::from_object(&drop.trigger_name).name;
        let table = drop.table_name.as_ref().map(|t| self.resolve(t, loc));
        let (gone, kept) =
            std::mem::take(&mut self.triggers)
                .into_iter()
                .partition(|t: &Trigger| {
                    t.name == name && table.as_ref().is_none_or(|table| &t.table == table)
                });
        self.triggers = kept;
        let by = Later::new(loc.text, span);
        self.dropped_triggers
            .extend(gone.into_iter().map(|t| (t, by.clone())));
    }

    pub(super) fn drop_rule(&mut self, drop: &DropRule, loc: &Locator) {
        let span = loc.span;
        let name = fold(&drop.name);
        let table = self.resolve(&drop.table_name, loc);
        let (gone, kept) = std::mem::take(&mut self.rules)
            .into_iter()
            .partition(|r: &Rule| r.name == name && r.table == table);
        self.rules = kept;
        let by = Later::new(loc.text, span);
        self.dropped_rules
            .extend(gone.into_iter().map(|r| (r, by.clone())));
    }

    pub(super) fn drop_table(&mut self, name: &QName) {
        self.tables.remove(name);
        self.indexes.retain(|i| &i.table != name);
        self.triggers.retain(|t| &t.table != name);
        self.rules.retain(|r| &r.table != name);
        // A table made again under the name starts without them: a drop before is
        // not what left it unprotected.
        self.dropped_triggers.retain(|(t, _)| &t.table != name);
        self.dropped_rules.retain(|(r, _)| &r.table != name);
        self.dropped_indexes.retain(|(i, _)| &i.table != name);
    }

    /// `DROP SCHEMA` takes everything in it along (with CASCADE; without, it fails
    /// unless empty, and then nothing is lost either).
    fn drop_schema(&mut self, schema: &str) {
        let tables: Vec<QName> = self
            .tables
            .keys()
            .filter(|t| t.schema == schema)
            .cloned()
            .collect();
        for table in &tables {
            self.drop_table(table);
        }
        self.enums.retain(|e| e.name.schema != schema);
        self.functions.retain(|f| f.name.schema != schema);
    }
}
