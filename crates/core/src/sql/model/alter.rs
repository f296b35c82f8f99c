//! Replays the sub-commands of ALTER TABLE.

use super::apply::{table_for_alter, unfollow};
use super::search_path::{column_type, resolve};
use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, RenameTableNameKind};

use super::Column;
use super::Schema;
use super::convert::{column_from, constraint_from};
use super::*;
use crate::sql::locator::Locator;
use crate::sql::names::{self, QName, fold, mentions};

pub(super) fn alter_table(
    schema: &mut Schema,
    name: &QName,
    operation: &AlterTableOperation,
    loc: &Locator,
) {
    let span = loc.span;
    match operation {
        AlterTableOperation::AddConstraint { constraint, .. } => {
            if let Some(c) = constraint_from(constraint, loc, &mut |n| resolve(schema, n, loc)) {
                table_for_alter(schema, name, span).constraints.push(c);
            }
        }
        AlterTableOperation::AddColumn {
            if_not_exists,
            column_def,
            ..
        } => {
            let (mut column, inline) =
                column_from(column_def, loc, &mut |n| resolve(schema, n, loc));
            column.data_type = column_type(schema, &column_def.data_type, name, loc);
            let table = table_for_alter(schema, name, span);
            if table.columns.get(&column.name).is_some() {
                if *if_not_exists {
                    return;
                }
                table.columns.retain(|c| c.name != column.name);
            }
            table.columns.push(column);
            table.constraints.extend(inline);
        }
        AlterTableOperation::DropColumn { column_names, .. } => {
            let dropped: Vec<String> = column_names.iter().map(fold).collect();
            if let Some(table) = schema.tables.get_mut(name) {
                table.columns.retain(|c| !dropped.contains(&c.name));
                // PostgreSQL drops what depends on the column along with it.
                let (gone, kept) = std::mem::take(&mut table.constraints)
                    .into_iter()
                    .partition(|c| match &c.kind {
                        ConstraintKind::Check { expr } => {
                            dropped.iter().any(|d| mentions(expr.as_str(), d))
                        }
                        kind => kind.columns().iter().any(|col| dropped.contains(col)),
                    });
                table.constraints = kept;
                dropped_by(table, gone, loc);
            }
            // An index goes too when its columns, expressions or predicate use it;
            // a foreign key elsewhere that refers to it needs CASCADE and goes.
            schema.indexes.retain(|i| {
                let uses = |d: &String| {
                    i.columns.iter().any(|c| mentions(c, d))
                        || i.predicate
                            .as_ref()
                            .is_some_and(|p| mentions(p.as_str(), d))
                };
                !(&i.table == name && dropped.iter().any(uses))
            });
            for table in schema.tables.values_mut() {
                table.constraints.retain(|c| match &c.kind {
                    ConstraintKind::ForeignKey {
                        references,
                        referred_columns,
                        ..
                    } => {
                        !(references == name
                            && referred_columns.iter().any(|r| dropped.contains(r)))
                    }
                    _ => true,
                });
            }
        }
        AlterTableOperation::DropConstraint {
            name: constraint, ..
        } => {
            let constraint = fold(constraint);
            if let Some(table) = schema.tables.get_mut(name) {
                let (gone, kept) = std::mem::take(&mut table.constraints)
                    .into_iter()
                    .partition(|c| c.name.as_ref() == Some(&constraint));
                table.constraints = kept;
                dropped_by(table, gone, loc);
            }
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let at = loc.at(column_name.span);
            let column_name = fold(column_name);
            let new_type = match op {
                AlterColumnOperation::SetDataType { data_type, .. } => {
                    column_type(schema, data_type, name, loc)
                }
                _ => String::new(),
            };
            let table = table_for_alter(schema, name, span);
            if table.columns.get(&column_name).is_none() {
                // Only a type change tells enough to know the column afterwards.
                let AlterColumnOperation::SetDataType { .. } = op else {
                    return;
                };
                table.columns.push(Column {
                    name: column_name.clone(),
                    data_type: String::new(),
                    not_null: false,
                    default: None,
                    span: at.clone(),
                    statement: span.clone(),
                });
            }
            let Some(column) = table.columns.get_mut(&column_name) else {
                return;
            };
            match op {
                AlterColumnOperation::SetNotNull => column.not_null = true,
                AlterColumnOperation::DropNotNull => column.not_null = false,
                AlterColumnOperation::SetDefault { value } => {
                    column.default = Some(value.to_string())
                }
                AlterColumnOperation::DropDefault => column.default = None,
                AlterColumnOperation::SetDataType { .. } => {
                    column.data_type = new_type;
                    column.span = at;
                    column.statement = span.clone();
                }
                AlterColumnOperation::AddGenerated { .. } => column.not_null = true,
                AlterColumnOperation::GenericOptions { .. } => {}
            }
        }
        AlterTableOperation::RenameColumn {
            old_column_name,
            new_column_name,
        } => {
            let (old, new) = (fold(old_column_name), fold(new_column_name));
            rename_column(schema, name, &old, &new, loc);
        }
        AlterTableOperation::RenameTable { table_name } => {
            let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
            let mut new = names::qname(new);
            // ALTER TABLE ... RENAME TO keeps the table in its schema.
            new.schema.clone_from(&name.schema);
            if let Some(mut table) = schema.tables.remove(name) {
                table.name = new.clone();
                schema.tables.insert(new.clone(), table);
            }
            for index in schema.indexes.iter_mut().filter(|i| &i.table == name) {
                index.table = new.clone();
            }
            let dropped_triggers = schema.dropped_triggers.iter_mut().map(|(t, _)| t);
            for trigger in schema.triggers.iter_mut().chain(dropped_triggers) {
                if &trigger.table == name {
                    trigger.table = new.clone();
                }
            }
            let dropped_rules = schema.dropped_rules.iter_mut().map(|(r, _)| r);
            for rule in schema.rules.iter_mut().chain(dropped_rules) {
                if &rule.table == name {
                    rule.table = new.clone();
                }
            }
            for constraint in schema.tables.values_mut().flat_map(|t| &mut t.constraints) {
                if let ConstraintKind::ForeignKey { references, .. } = &mut constraint.kind
                    && references == name
                {
                    references.clone_from(&new);
                }
            }
            for privilege in &mut schema.privileges {
                if let PrivilegeTarget::Tables(tables) = &mut privilege.target {
                    for table in tables.iter_mut().filter(|t| *t == name) {
                        table.clone_from(&new);
                    }
                }
            }
        }
        AlterTableOperation::RenameConstraint { old_name, new_name } => {
            let (old, new) = (fold(old_name), fold(new_name));
            if let Some(c) = schema.tables.get_mut(name).and_then(|t| {
                t.constraints
                    .iter_mut()
                    .find(|c| c.name.as_ref() == Some(&old))
            }) {
                c.name = Some(new);
            }
        }
        AlterTableOperation::DisableTrigger { name: trigger } => {
            set_trigger(schema, name, trigger, false, loc)
        }
        // A normal session (session_replication_role = origin) fires ENABLE and
        // ENABLE ALWAYS triggers and rules, not ENABLE REPLICA ones.
        AlterTableOperation::EnableTrigger { name: trigger }
        | AlterTableOperation::EnableAlwaysTrigger { name: trigger } => {
            set_trigger(schema, name, trigger, true, loc)
        }
        AlterTableOperation::EnableReplicaTrigger { name: trigger } => {
            set_trigger(schema, name, trigger, false, loc)
        }
        AlterTableOperation::DisableRule { name: rule }
        | AlterTableOperation::EnableReplicaRule { name: rule } => {
            set_rule(schema, name, rule, false, loc)
        }
        AlterTableOperation::EnableRule { name: rule }
        | AlterTableOperation::EnableAlwaysRule { name: rule } => {
            set_rule(schema, name, rule, true, loc)
        }
        AlterTableOperation::OwnerTo { new_owner } => {
            table_for_alter(schema, name, span).owner = Some(new_owner.to_string());
        }
        // What these change is no fact a gate reads.
        AlterTableOperation::DisableRowLevelSecurity
        | AlterTableOperation::EnableRowLevelSecurity
        | AlterTableOperation::ForceRowLevelSecurity
        | AlterTableOperation::NoForceRowLevelSecurity
        | AlterTableOperation::ReplicaIdentity { .. }
        | AlterTableOperation::SetLogged
        | AlterTableOperation::SetUnlogged
        | AlterTableOperation::ValidateConstraint { .. }
        | AlterTableOperation::SetOptionsParens { .. }
        | AlterTableOperation::ResetOptions { .. } => {}
        AlterTableOperation::Inherit { parent } => {
            let parent = resolve(schema, parent, loc);
            unfollow(schema, Some(parent), super::apply::CHILD_TABLE, loc);
            unfollow(
                schema,
                Some(name.clone()),
                "becomes a child table (INHERIT)",
                loc,
            );
        }
        other => unfollow(
            schema,
            Some(name.clone()),
            &format!("runs ALTER TABLE ... {other}, which the model does not follow"),
            loc,
        ),
    }
}

/// PostgreSQL carries a column's new name into everything that refers to it by
/// number: constraints, indexes, foreign keys elsewhere, `UPDATE OF` triggers.
/// Expressions (CHECK, index predicates) are kept as text here, so a table whose
/// expression names the column is unfollowed rather than guessed at.
fn rename_column(schema: &mut Schema, table: &QName, old: &str, new: &str, loc: &Locator) {
    let carry = |columns: &mut Vec<String>| {
        for column in columns.iter_mut().filter(|c| *c == old) {
            *column = new.to_string();
        }
    };
    let mut in_expression = false;
    if let Some(t) = schema.tables.get_mut(table) {
        t.columns.rename(old, new);
        for constraint in &mut t.constraints {
            match &mut constraint.kind {
                ConstraintKind::Check { expr } => in_expression |= mentions(expr.as_str(), old),
                ConstraintKind::Unique { columns }
                | ConstraintKind::PrimaryKey { columns }
                | ConstraintKind::ForeignKey { columns, .. } => carry(columns),
            }
        }
    }
    for constraint in schema.tables.values_mut().flat_map(|t| &mut t.constraints) {
        if let ConstraintKind::ForeignKey {
            references,
            referred_columns,
            ..
        } = &mut constraint.kind
            && references == table
        {
            carry(referred_columns);
        }
    }
    for index in schema.indexes.iter_mut().filter(|i| &i.table == table) {
        carry(&mut index.columns);
        in_expression |= index.columns.iter().any(|c| mentions(c, old));
        in_expression |= index
            .predicate
            .as_ref()
            .is_some_and(|p| mentions(p.as_str(), old));
    }
    for trigger in schema.triggers.iter_mut().filter(|t| &t.table == table) {
        for event in &mut trigger.events {
            if let Event::Update { columns } = event {
                carry(columns);
            }
        }
        in_expression |= trigger
            .condition
            .as_deref()
            .is_some_and(|c| mentions(c, old));
    }
    if in_expression {
        unfollow(
            schema,
            Some(table.clone()),
            &format!("renames column {old}, which an expression on the table uses"),
            loc,
        );
    }
}

fn set_trigger(
    schema: &mut Schema,
    table: &QName,
    trigger: &sqlparser::ast::Ident,
    enabled: bool,
    loc: &Locator,
) {
    let trigger = fold(trigger);
    // `DISABLE TRIGGER ALL` / `USER` switch off every trigger of the table.
    let all = trigger == "all" || trigger == "user";
    for t in schema
        .triggers
        .iter_mut()
        .filter(|t| &t.table == table && (all || t.name == trigger))
    {
        t.enabled = enabled;
        t.switched = Some(Later::new(loc.text, loc.span));
    }
}

fn set_rule(
    schema: &mut Schema,
    table: &QName,
    rule: &sqlparser::ast::Ident,
    enabled: bool,
    loc: &Locator,
) {
    let rule = fold(rule);
    for r in schema
        .rules
        .iter_mut()
        .filter(|r| &r.table == table && r.name == rule)
    {
        r.enabled = enabled;
        r.switched = Some(Later::new(loc.text, loc.span));
    }
}

/// Keeps the constraints `loc`'s statement dropped, with that statement.
fn dropped_by(table: &mut Table, gone: Vec<Constraint>, loc: &Locator) {
    let later = Later::new(loc.text, loc.span);
    table
        .dropped_constraints
        .extend(gone.into_iter().map(|c| (c, later.clone())));
}
