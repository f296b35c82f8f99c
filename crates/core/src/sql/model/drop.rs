//! Replays the statements that drop what the gates read. What a drop removes is kept
//! with the statement that removed it, so a rule can point at that statement.

use super::search_path::resolve;
use sqlparser::ast::{DropFunction, DropRule, DropTrigger, ObjectName, ObjectType};

use super::Schema;
use super::*;
use crate::sql::locator::Locator;
use crate::sql::names::{self, QName, fold};

pub(super) fn drop_objects(
    schema: &mut Schema,
    object_type: ObjectType,
    names: &[ObjectName],
    loc: &Locator,
) {
    let span = loc.span;
    for name in names {
        let name = resolve(schema, name, loc);
        match object_type {
            ObjectType::Table => drop_table(schema, &name),
            ObjectType::Index => {
                let (dropped, kept) = std::mem::take(&mut schema.indexes)
                    .into_iter()
                    .partition(|i| i.name.as_ref() == Some(&name.name));
                schema.indexes = kept;
                let later = Later::new(loc.text, span);
                schema
                    .dropped_indexes
                    .extend(dropped.into_iter().map(|i: Index| (i, later.clone())));
            }
            ObjectType::Type => {
                schema.enums.retain(|e| e.name != name);
                schema.types.retain(|t| *t != name);
            }
            ObjectType::Schema => drop_schema(schema, &name.name),
            // Views, sequences, roles and the like hold no gated fact.
            _ => {}
        }
    }
}

pub(super) fn drop_function(schema: &mut Schema, drop: &DropFunction, loc: &Locator) {
    for desc in &drop.func_desc {
        let name = resolve(schema, &desc.name, loc);
        schema.functions.retain(|f| f.name != name);
    }
}

pub(super) fn drop_trigger(schema: &mut Schema, drop: &DropTrigger, loc: &Locator) {
    let span = loc.span;
    let name = names::qname(&drop.trigger_name).name;
    let table = drop.table_name.as_ref().map(|t| resolve(schema, t, loc));
    let (gone, kept) = std::mem::take(&mut schema.triggers)
        .into_iter()
        .partition(|t: &Trigger| {
            t.name == name && table.as_ref().is_none_or(|table| &t.table == table)
        });
    schema.triggers = kept;
    let by = Later::new(loc.text, span);
    schema
        .dropped_triggers
        .extend(gone.into_iter().map(|t| (t, by.clone())));
}

pub(super) fn drop_rule(schema: &mut Schema, drop: &DropRule, loc: &Locator) {
    let span = loc.span;
    let name = fold(&drop.name);
    let table = resolve(schema, &drop.table_name, loc);
    let (gone, kept) = std::mem::take(&mut schema.rules)
        .into_iter()
        .partition(|r: &Rule| r.name == name && r.table == table);
    schema.rules = kept;
    let by = Later::new(loc.text, span);
    schema
        .dropped_rules
        .extend(gone.into_iter().map(|r| (r, by.clone())));
}

pub(super) fn drop_table(schema: &mut Schema, name: &QName) {
    schema.tables.remove(name);
    schema.indexes.retain(|i| &i.table != name);
    schema.triggers.retain(|t| &t.table != name);
    schema.rules.retain(|r| &r.table != name);
    // A table made again under the name starts without them: a drop before is
    // not what left it unprotected.
    schema.dropped_triggers.retain(|(t, _)| &t.table != name);
    schema.dropped_rules.retain(|(r, _)| &r.table != name);
    schema.dropped_indexes.retain(|(i, _)| &i.table != name);
}

/// `DROP SCHEMA` takes everything in it along (with CASCADE; without, it fails
/// unless empty, and then nothing is lost either).
fn drop_schema(schema: &mut Schema, name: &str) {
    let tables: Vec<QName> = schema
        .tables
        .keys()
        .filter(|t| t.schema == name)
        .cloned()
        .collect();
    for table in &tables {
        drop_table(schema, table);
    }
    schema.enums.retain(|e| e.name.schema != name);
    schema.functions.retain(|f| f.name.schema != name);
}
