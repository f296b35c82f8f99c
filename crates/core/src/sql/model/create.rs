//! Replays the statements that create what the gates read: tables, indexes, enum
//! types, functions, triggers and rules.

use sqlparser::ast::{
    CreateFunction, CreateIndex, CreateRule, CreateRuleAction, CreateRuleDoKind, CreateRuleEvent,
    CreateTable, CreateTrigger, Ident, ObjectName, TriggerEvent, TriggerObject, TriggerObjectKind,
    TriggerPeriod,
};
use std::collections::BTreeMap;

use super::apply::CHILD_TABLE;
use super::convert::{column_from, constraint_from, function_body, index_column_name};
use super::types::*;
use super::{Columns, Schema};
use crate::sql::expr_text::ExprText;
use crate::sql::locator::Locator;
use crate::sql::names::{QName, fold};

impl Schema {
    pub(super) fn create_table(&mut self, create: &CreateTable, loc: &Locator) {
        let span = loc.span;
        let name = self.resolve(&create.name, loc);
        if create.if_not_exists && self.tables.contains_key(&name) {
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
            let (mut column, inline) = column_from(def, loc, &mut |n| self.resolve(n, loc));
            column.data_type = self.column_type(&def.data_type, &name, loc);
            table.columns.push(column);
            table.constraints.extend(inline);
        }
        table.constraints.extend(
            create
                .constraints
                .iter()
                .filter_map(|c| constraint_from(c, loc, &mut |n| self.resolve(n, loc))),
        );
        if self.tables.contains_key(&name) {
            self.drop_table(&name);
        }
        self.tables.insert(name, table);
        for parent in create.inherits.iter().flatten().chain(&create.partition_of) {
            let parent = self.resolve(parent, loc);
            self.unfollow(Some(parent), CHILD_TABLE, loc);
        }
    }

    pub(super) fn create_index(&mut self, create: &CreateIndex, loc: &Locator) {
        let span = loc.span;
        let table = self.resolve(&create.table_name, loc);
        let columns: Vec<String> = create
            .columns
            .iter()
            .map(|c| index_column_name(&c.column.expr))
            .collect();
        let name = Some(match &create.name {
            Some(n) => QName::from_object(n).name,
            None => self.index_name(&table, &columns),
        });
        if create.if_not_exists && name.is_some() && self.indexes.iter().any(|i| i.name == name) {
            return;
        }
        self.dropped_indexes.retain(|(i, _)| i.name != name);
        self.indexes.push(Index {
            name,
            table,
            columns,
            unique: create.unique,
            method: create.using.as_ref().map(|m| m.to_string().to_lowercase()),
            predicate: create.predicate.as_ref().map(ExprText::of),
            span: span.clone(),
        });
    }

    pub(super) fn create_enum(&mut self, name: &ObjectName, labels: &[Ident], loc: &Locator) {
        let span = loc.span;
        let name = self.resolve(name, loc);
        self.enums.retain(|e| e.name != name);
        self.enums.push(EnumType {
            name,
            values: labels.iter().map(|l| l.value.clone()).collect(),
            span: span.clone(),
        });
    }

    pub(super) fn create_function(&mut self, create: &CreateFunction, loc: &Locator) {
        let span = loc.span;
        let name = self.resolve(&create.name, loc);
        self.functions.retain(|f| f.name != name);
        self.functions.push(Function {
            name,
            language: create.language.as_ref().map(|l| l.value.to_lowercase()),
            body: create.function_body.as_ref().map(function_body),
            span: span.clone(),
        });
    }

    pub(super) fn create_trigger(&mut self, create: &CreateTrigger, loc: &Locator) {
        let span = loc.span;
        let name = QName::from_object(&create.name).name;
        let table = self.resolve(&create.table_name, loc);
        let function = create
            .exec_body
            .as_ref()
            .map(|b| self.resolve(&b.func_desc.name, loc));
        self.triggers
            .retain(|t| !(t.name == name && t.table == table));
        self.dropped_triggers
            .retain(|(t, _)| !(t.name == name && t.table == table));
        self.triggers.push(Trigger {
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

    pub(super) fn create_rule(&mut self, create: &CreateRule, loc: &Locator) {
        let span = loc.span;
        let name = fold(&create.name);
        let table = self.resolve(&create.table_name, loc);
        self.rules.retain(|r| !(r.name == name && r.table == table));
        self.dropped_rules
            .retain(|(r, _)| !(r.name == name && r.table == table));
        self.rules.push(Rule {
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
    fn index_name(&self, table: &QName, columns: &[String]) -> String {
        let columns: Vec<&str> = columns
            .iter()
            .map(|c| match self.table(table).and_then(|t| t.column(c)) {
                Some(_) => c.as_str(),
                None => "expr",
            })
            .collect();
        let taken = |name: &str| {
            self.indexes.iter().any(|i| i.name.as_deref() == Some(name))
                || self
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
