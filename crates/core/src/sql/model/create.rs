//! Replays the statements that create what the gates read: tables, indexes, enum
//! types, functions, triggers and rules.

use super::apply::unfollow;
use super::drop::drop_table;
use super::search_path::{column_type, resolve};
use sqlparser::ast::{
    CreateFunction, CreateIndex, CreateRule, CreateRuleAction, CreateRuleDoKind, CreateRuleEvent,
    CreateTable, CreateTrigger, Ident, ObjectName, TriggerEvent, TriggerObject, TriggerObjectKind,
    TriggerPeriod,
};
use std::collections::BTreeMap;

use super::apply::CHILD_TABLE;
use super::convert::{column_from, constraint_from, function_body, index_column_name};
use super::*;
use super::{Columns, Schema};
use crate::sql::expr_text;
use crate::sql::locator::Locator;
use crate::sql::names::{self, QName, fold};

pub(super) fn create_table(schema: &mut Schema, create: &CreateTable, loc: &Locator) {
    let span = loc.span;
    let name = resolve(schema, &create.name, loc);
    if create.if_not_exists && schema.tables.contains_key(&name) {
        return;
    }
    let mut table = Table {
        name: name.clone(),
        columns: Columns::default(),
        constraints: Vec::new(),
        created_here: true,
        owner: None,
        grants: BTreeMap::new(),
        dropped_constraints: Vec::new(),
        span: span.clone(),
    };
    for def in &create.columns {
        let (mut column, inline) = column_from(def, loc, &mut |n| resolve(schema, n, loc));
        column.data_type = column_type(schema, &def.data_type, &name, loc);
        table.columns.push(column);
        table.constraints.extend(inline);
    }
    table.constraints.extend(
        create
            .constraints
            .iter()
            .filter_map(|c| constraint_from(c, loc, &mut |n| resolve(schema, n, loc))),
    );
    if schema.tables.contains_key(&name) {
        drop_table(schema, &name);
    }
    schema.tables.insert(name, table);
    for parent in create.inherits.iter().flatten().chain(&create.partition_of) {
        let parent = resolve(schema, parent, loc);
        unfollow(schema, Some(parent), CHILD_TABLE, loc);
    }
}

pub(super) fn create_index(schema: &mut Schema, create: &CreateIndex, loc: &Locator) {
    let span = loc.span;
    let table = resolve(schema, &create.table_name, loc);
    let columns: Vec<String> = create
        .columns
        .iter()
        .map(|c| index_column_name(&c.column.expr))
        .collect();
    let name = Some(match &create.name {
        Some(n) => names::qname(n).name,
        None => index_name(schema, &table, &columns),
    });
    if create.if_not_exists && name.is_some() && schema.indexes.iter().any(|i| i.name == name) {
        return;
    }
    schema.dropped_indexes.retain(|(i, _)| i.name != name);
    schema.indexes.push(Index {
        name,
        table,
        columns,
        unique: create.unique,
        method: create.using.as_ref().map(|m| m.to_string().to_lowercase()),
        predicate: create.predicate.as_ref().map(expr_text::of),
        span: span.clone(),
    });
}

pub(super) fn create_enum(schema: &mut Schema, name: &ObjectName, labels: &[Ident], loc: &Locator) {
    let span = loc.span;
    let name = resolve(schema, name, loc);
    schema.enums.retain(|e| e.name != name);
    schema.enums.push(EnumType {
        name,
        values: labels.iter().map(|l| l.value.clone()).collect(),
        span: span.clone(),
    });
}

pub(super) fn create_function(schema: &mut Schema, create: &CreateFunction, loc: &Locator) {
    let span = loc.span;
    let name = resolve(schema, &create.name, loc);
    schema.functions.retain(|f| f.name != name);
    schema.functions.push(Function {
        name,
        language: create.language.as_ref().map(|l| l.value.to_lowercase()),
        body: create.function_body.as_ref().map(function_body),
        span: span.clone(),
    });
}

pub(super) fn create_trigger(schema: &mut Schema, create: &CreateTrigger, loc: &Locator) {
    let span = loc.span;
    let name = names::qname(&create.name).name;
    let table = resolve(schema, &create.table_name, loc);
    let function = create
        .exec_body
        .as_ref()
        .map(|b| resolve(schema, &b.func_desc.name, loc));
    schema
        .triggers
        .retain(|t| !(t.name == name && t.table == table));
    schema
        .dropped_triggers
        .retain(|(t, _)| !(t.name == name && t.table == table));
    schema.triggers.push(Trigger {
        name,
        table,
        timing: create.period.map(|p| match p {
            TriggerPeriod::Before => Timing::Before,
            TriggerPeriod::After => Timing::After,
            TriggerPeriod::InsteadOf => Timing::InsteadOf,
            TriggerPeriod::For => Timing::For,
        }),
        events: create
            .events
            .iter()
            .map(|e| match e {
                TriggerEvent::Insert => Event::Insert,
                TriggerEvent::Update(columns) => Event::Update {
                    columns: columns.iter().map(fold).collect(),
                },
                TriggerEvent::Delete => Event::Delete,
                TriggerEvent::Truncate => Event::Truncate,
            })
            .collect(),
        for_each_row: matches!(
            create.trigger_object,
            Some(
                TriggerObjectKind::For(TriggerObject::Row)
                    | TriggerObjectKind::ForEach(TriggerObject::Row)
            )
        ),
        condition: create.condition.as_ref().map(|c| c.to_string()),
        function,
        enabled: true,
        switched: None,
        span: span.clone(),
    });
}

pub(super) fn create_rule(schema: &mut Schema, create: &CreateRule, loc: &Locator) {
    let span = loc.span;
    let name = fold(&create.name);
    let table = resolve(schema, &create.table_name, loc);
    schema
        .rules
        .retain(|r| !(r.name == name && r.table == table));
    schema
        .dropped_rules
        .retain(|(r, _)| !(r.name == name && r.table == table));
    schema.rules.push(Rule {
        name,
        table,
        event: match create.event {
            CreateRuleEvent::Select => RuleEvent::Select,
            CreateRuleEvent::Insert => RuleEvent::Insert,
            CreateRuleEvent::Update => RuleEvent::Update,
            CreateRuleEvent::Delete => RuleEvent::Delete,
        },
        instead_nothing: matches!(create.do_kind, Some(CreateRuleDoKind::Instead))
            && matches!(create.action, CreateRuleAction::Nothing)
            && create.condition.is_none(),
        condition: create.condition.as_ref().map(|c| c.to_string()),
        enabled: true,
        switched: None,
        span: span.clone(),
    });
}

/// The name PostgreSQL gives an index created without one (ChooseRelationName):
/// `table_col_col_idx`, each part cut to fit 63 bytes, numbered when taken.
fn index_name(schema: &Schema, table: &QName, columns: &[String]) -> String {
    let columns: Vec<&str> = columns
        .iter()
        .map(|c| match schema.table(table).and_then(|t| t.column(c)) {
            Some(_) => c.as_str(),
            None => "expr",
        })
        .collect();
    let taken = |name: &str| {
        schema
            .indexes
            .iter()
            .any(|i| i.name.as_deref() == Some(name))
            || schema
                .tables
                .keys()
                .any(|t| t.schema == table.schema && t.name == name)
    };
    (0..)
        .map(|n| {
            let label = if n == 0 {
                "idx".to_string()
            } else {
                format!("idx{n}")
            };
            object_name(&table.name, &columns.join("_"), &label)
        })
        .find(|name| !taken(name))
        .unwrap_or_default()
}

/// PostgreSQL's makeObjectName: `name1_name2_label`, the longer of the two names cut
/// first until the whole fits in 63 bytes.
fn object_name(name1: &str, name2: &str, label: &str) -> String {
    let available = 63 - (label.len() + 1) - usize::from(!name2.is_empty());
    let (mut len1, mut len2) = (name1.len(), name2.len());
    while len1 + len2 > available {
        if len1 > len2 {
            len1 -= 1;
        } else {
            len2 -= 1;
        }
    }
    let cut = |name: &str, mut len: usize| {
        while !name.is_char_boundary(len) {
            len -= 1;
        }
        name.get(..len).unwrap_or_default().to_string()
    };
    let mut name = cut(name1, len1);
    if !name2.is_empty() {
        name = format!("{name}_{}", cut(name2, len2));
    }
    format!("{name}_{label}")
}
