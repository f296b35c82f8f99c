//! The schema the migration leaves behind, built by replaying its parsed statements in
//! order. Every object keeps the span of the statement that made it, for evidence.
//! Statements the model does not know leave it unchanged; the rules that care about
//! them look at the statements themselves.

use std::collections::BTreeMap;

use sqlparser::ast::{
    AlterColumnOperation, AlterTableOperation, ColumnDef, ColumnOption, CreateFunctionBody,
    CreateRuleAction, CreateRuleDoKind, CreateRuleEvent, Expr, GrantObjects, ObjectType,
    Privileges, RenameTableNameKind, Statement, TableConstraint, TriggerEvent, TriggerObject,
    TriggerObjectKind, TriggerPeriod, UserDefinedTypeRepresentation, Value,
};

use serde::{Deserialize, Serialize};

use super::location::{Locator, Span};
use super::names::{QName, fold};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    #[serde(with = "tables_as_pairs")]
    pub tables: BTreeMap<QName, Table>,
    pub indexes: Vec<Index>,
    pub enums: Vec<EnumType>,
    pub functions: Vec<Function>,
    pub triggers: Vec<Trigger>,
    pub rules: Vec<Rule>,
    /// GRANTs and REVOKEs in statement order.
    pub privileges: Vec<PrivilegeChange>,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    pub name: QName,
    pub columns: Vec<Column>,
    pub constraints: Vec<Constraint>,
    /// False when the table was only altered here (created by an earlier migration):
    /// what it had before is unknown.
    pub created_here: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// The type as sqlparser prints it, e.g. `NUMERIC(38,18)`.
    pub data_type: String,
    pub not_null: bool,
    pub default: Option<String>,
    /// Where the column's name is written (in its CREATE TABLE, ADD COLUMN or the last
    /// ALTER COLUMN ... TYPE).
    pub span: Span,
    /// The statement that made it, or last changed its type.
    pub statement: Span,
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
        #[serde(with = "super::expr_text")]
        expr: Expr,
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
    fn columns(&self) -> &[String] {
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
    #[serde(with = "super::expr_text::option")]
    pub predicate: Option<Expr>,
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
    pub enabled: bool,
    pub span: Span,
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
    pub enabled: bool,
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

fn referential(action: Option<impl ToString>) -> Option<String> {
    action.map(|a| a.to_string())
}

fn index_column_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => fold(ident),
        Expr::CompoundIdentifier(parts) => parts.last().map(fold).unwrap_or_default(),
        other => other.to_string(),
    }
}

fn constraint_from(constraint: &TableConstraint, loc: &Locator) -> Option<Constraint> {
    let (name, kind) = match constraint {
        TableConstraint::Check(c) => (
            c.name.as_ref(),
            ConstraintKind::Check {
                expr: (*c.expr).clone(),
            },
        ),
        TableConstraint::Unique(c) => (
            c.name.as_ref(),
            ConstraintKind::Unique {
                columns: c
                    .columns
                    .iter()
                    .map(|col| index_column_name(&col.column.expr))
                    .collect(),
            },
        ),
        TableConstraint::PrimaryKey(c) => (
            c.name.as_ref(),
            ConstraintKind::PrimaryKey {
                columns: c
                    .columns
                    .iter()
                    .map(|col| index_column_name(&col.column.expr))
                    .collect(),
            },
        ),
        TableConstraint::ForeignKey(c) => (
            c.name.as_ref(),
            ConstraintKind::ForeignKey {
                columns: c.columns.iter().map(fold).collect(),
                references: QName::from_object(&c.foreign_table),
                referred_columns: c.referred_columns.iter().map(fold).collect(),
                on_delete: referential(c.on_delete),
                on_update: referential(c.on_update),
            },
        ),
        _ => return None,
    };
    let span = name.map_or_else(|| loc.span.clone(), |n| loc.at(n.span));
    Some(Constraint {
        name: name.map(fold),
        kind,
        span,
        statement: loc.span.clone(),
    })
}

/// A column and the constraints written inline on it.
fn column_from(def: &ColumnDef, loc: &Locator) -> (Column, Vec<Constraint>) {
    let name = fold(&def.name);
    let span = loc.at(def.name.span);
    let mut column = Column {
        name: name.clone(),
        data_type: def.data_type.to_string(),
        not_null: false,
        default: None,
        span: span.clone(),
        statement: loc.span.clone(),
    };
    let mut constraints = Vec::new();
    for option in &def.options {
        let inline = match &option.option {
            ColumnOption::NotNull => {
                column.not_null = true;
                None
            }
            ColumnOption::Null => {
                column.not_null = false;
                None
            }
            ColumnOption::Default(expr) => {
                column.default = Some(expr.to_string());
                None
            }
            ColumnOption::PrimaryKey(_) => {
                column.not_null = true;
                Some(ConstraintKind::PrimaryKey {
                    columns: vec![name.clone()],
                })
            }
            ColumnOption::Unique(_) => Some(ConstraintKind::Unique {
                columns: vec![name.clone()],
            }),
            ColumnOption::ForeignKey(fk) => Some(ConstraintKind::ForeignKey {
                columns: vec![name.clone()],
                references: QName::from_object(&fk.foreign_table),
                referred_columns: fk.referred_columns.iter().map(fold).collect(),
                on_delete: referential(fk.on_delete),
                on_update: referential(fk.on_update),
            }),
            ColumnOption::Check(c) => Some(ConstraintKind::Check {
                expr: (*c.expr).clone(),
            }),
            _ => None,
        };
        if let Some(kind) = inline {
            constraints.push(Constraint {
                name: option.name.as_ref().map(fold),
                kind,
                span: span.clone(),
                statement: loc.span.clone(),
            });
        }
    }
    (column, constraints)
}

fn function_body(body: &CreateFunctionBody) -> String {
    let expr = match body {
        CreateFunctionBody::AsBeforeOptions { body, .. }
        | CreateFunctionBody::AsAfterOptions(body) => body,
        CreateFunctionBody::AsBeginEnd(block) | CreateFunctionBody::BeginAtomic(block) => {
            return block.to_string();
        }
        CreateFunctionBody::Return(expr) | CreateFunctionBody::AsReturnExpr(expr) => {
            return expr.to_string();
        }
        CreateFunctionBody::AsReturnSelect(select) => return select.to_string(),
    };
    match expr {
        Expr::Value(v) => match &v.value {
            Value::DollarQuotedString(s) => s.value.clone(),
            Value::SingleQuotedString(s) | Value::EscapedStringLiteral(s) => s.clone(),
            other => other.to_string(),
        },
        other => other.to_string(),
    }
}

fn privilege_names(privileges: &Privileges) -> Vec<String> {
    match privileges {
        Privileges::All { .. } => vec!["all".to_string()],
        Privileges::Actions(actions) => actions
            .iter()
            .map(|a| {
                let text = a.to_string().to_lowercase();
                // `UPDATE (col)` names a column privilege: keep it apart from `update`.
                text.split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string()
                    + if text.contains('(') { " (columns)" } else { "" }
            })
            .collect(),
    }
}

fn privilege_target(objects: Option<&GrantObjects>) -> PrivilegeTarget {
    match objects {
        Some(GrantObjects::Tables(names)) => {
            PrivilegeTarget::Tables(names.iter().map(QName::from_object).collect())
        }
        Some(GrantObjects::AllTablesInSchema { schemas }) => PrivilegeTarget::AllTablesInSchema(
            schemas.iter().map(|s| QName::from_object(s).name).collect(),
        ),
        _ => PrivilegeTarget::Other,
    }
}

impl Schema {
    /// Replays one statement.
    pub fn apply(&mut self, statement: &Statement, loc: &Locator) {
        let span = loc.span;
        match statement {
            Statement::CreateTable(create) => {
                let name = QName::from_object(&create.name);
                if create.if_not_exists && self.tables.contains_key(&name) {
                    return;
                }
                let mut table = Table {
                    name: name.clone(),
                    columns: Vec::new(),
                    constraints: Vec::new(),
                    created_here: true,
                    span: span.clone(),
                };
                for def in &create.columns {
                    let (column, inline) = column_from(def, loc);
                    table.columns.push(column);
                    table.constraints.extend(inline);
                }
                table.constraints.extend(
                    create
                        .constraints
                        .iter()
                        .filter_map(|c| constraint_from(c, loc)),
                );
                if self.tables.contains_key(&name) {
                    self.drop_table(&name);
                }
                self.tables.insert(name, table);
            }
            Statement::AlterTable(alter) => {
                let name = QName::from_object(&alter.name);
                for operation in &alter.operations {
                    self.alter_table(&name, operation, loc);
                }
            }
            Statement::CreateIndex(create) => {
                let name = create.name.as_ref().map(|n| QName::from_object(n).name);
                if create.if_not_exists
                    && name.is_some()
                    && self.indexes.iter().any(|i| i.name == name)
                {
                    return;
                }
                self.indexes.push(Index {
                    name,
                    table: QName::from_object(&create.table_name),
                    columns: create
                        .columns
                        .iter()
                        .map(|c| index_column_name(&c.column.expr))
                        .collect(),
                    unique: create.unique,
                    method: create.using.as_ref().map(|m| m.to_string().to_lowercase()),
                    predicate: create.predicate.clone(),
                    span: span.clone(),
                });
            }
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let name = QName::from_object(name);
                self.enums.retain(|e| e.name != name);
                self.enums.push(EnumType {
                    name,
                    values: labels.iter().map(|l| l.value.clone()).collect(),
                    span: span.clone(),
                });
            }
            Statement::CreateFunction(create) => {
                let name = QName::from_object(&create.name);
                self.functions.retain(|f| f.name != name);
                self.functions.push(Function {
                    name,
                    language: create.language.as_ref().map(|l| l.value.to_lowercase()),
                    body: create.function_body.as_ref().map(function_body),
                    span: span.clone(),
                });
            }
            Statement::CreateTrigger(create) => {
                let name = QName::from_object(&create.name).name;
                let table = QName::from_object(&create.table_name);
                self.triggers
                    .retain(|t| !(t.name == name && t.table == table));
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
                    function: create
                        .exec_body
                        .as_ref()
                        .map(|b| QName::from_object(&b.func_desc.name)),
                    enabled: true,
                    span: span.clone(),
                });
            }
            Statement::CreateRule(create) => {
                let name = fold(&create.name);
                let table = QName::from_object(&create.table_name);
                self.rules.retain(|r| !(r.name == name && r.table == table));
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
                    span: span.clone(),
                });
            }
            Statement::Grant(grant) => self.privileges.push(PrivilegeChange {
                grant: true,
                privileges: privilege_names(&grant.privileges),
                target: privilege_target(grant.objects.as_ref()),
                grantees: grant.grantees.iter().map(|g| g.to_string()).collect(),
                span: span.clone(),
            }),
            Statement::Revoke(revoke) => self.privileges.push(PrivilegeChange {
                grant: false,
                privileges: privilege_names(&revoke.privileges),
                target: privilege_target(revoke.objects.as_ref()),
                grantees: revoke.grantees.iter().map(|g| g.to_string()).collect(),
                span: span.clone(),
            }),
            Statement::Drop {
                object_type, names, ..
            } => {
                for name in names.iter().map(QName::from_object) {
                    match object_type {
                        ObjectType::Table => self.drop_table(&name),
                        ObjectType::Index => {
                            self.indexes.retain(|i| i.name.as_ref() != Some(&name.name))
                        }
                        ObjectType::Type => self.enums.retain(|e| e.name != name),
                        ObjectType::Schema => self.drop_schema(&name.name),
                        _ => {}
                    }
                }
            }
            Statement::DropFunction(drop) => {
                for desc in &drop.func_desc {
                    let name = QName::from_object(&desc.name);
                    self.functions.retain(|f| f.name != name);
                }
            }
            Statement::DropTrigger(drop) => {
                let name = QName::from_object(&drop.trigger_name).name;
                let table = drop.table_name.as_ref().map(QName::from_object);
                self.triggers.retain(|t| {
                    !(t.name == name && table.as_ref().is_none_or(|table| &t.table == table))
                });
            }
            Statement::DropRule(drop) => {
                let name = fold(&drop.name);
                let table = QName::from_object(&drop.table_name);
                self.rules.retain(|r| !(r.name == name && r.table == table));
            }
            _ => {}
        }
    }

    fn drop_table(&mut self, name: &QName) {
        self.tables.remove(name);
        self.indexes.retain(|i| &i.table != name);
        self.triggers.retain(|t| &t.table != name);
        self.rules.retain(|r| &r.table != name);
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

    /// The table an ALTER TABLE works on; one created earlier gets a stub.
    fn table_for_alter(&mut self, name: &QName, span: &Span) -> &mut Table {
        self.tables.entry(name.clone()).or_insert_with(|| Table {
            name: name.clone(),
            columns: Vec::new(),
            constraints: Vec::new(),
            created_here: false,
            span: span.clone(),
        })
    }

    fn alter_table(&mut self, name: &QName, operation: &AlterTableOperation, loc: &Locator) {
        let span = loc.span;
        match operation {
            AlterTableOperation::AddConstraint { constraint, .. } => {
                if let Some(c) = constraint_from(constraint, loc) {
                    self.table_for_alter(name, span).constraints.push(c);
                }
            }
            AlterTableOperation::AddColumn {
                if_not_exists,
                column_def,
                ..
            } => {
                let (column, inline) = column_from(column_def, loc);
                let table = self.table_for_alter(name, span);
                if table.columns.iter().any(|c| c.name == column.name) {
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
                if let Some(table) = self.tables.get_mut(name) {
                    table.columns.retain(|c| !dropped.contains(&c.name));
                    // PostgreSQL drops what depends on the column along with it.
                    table.constraints.retain(|c| match &c.kind {
                        ConstraintKind::Check { expr } => {
                            let text = expr.to_string();
                            !dropped.iter().any(|d| super::names::mentions(&text, d))
                        }
                        kind => !kind.columns().iter().any(|col| dropped.contains(col)),
                    });
                }
                self.indexes.retain(|i| {
                    !(&i.table == name && i.columns.iter().any(|c| dropped.contains(c)))
                });
            }
            AlterTableOperation::DropConstraint {
                name: constraint, ..
            } => {
                let constraint = fold(constraint);
                if let Some(table) = self.tables.get_mut(name) {
                    table
                        .constraints
                        .retain(|c| c.name.as_ref() != Some(&constraint));
                }
            }
            AlterTableOperation::AlterColumn { column_name, op } => {
                let at = loc.at(column_name.span);
                let column_name = fold(column_name);
                let table = self.table_for_alter(name, span);
                let column = match table.columns.iter_mut().position(|c| c.name == column_name) {
                    Some(at) => table.columns.get_mut(at),
                    None => {
                        // Only a type change tells enough to know the column afterwards.
                        let AlterColumnOperation::SetDataType { .. } = op else {
                            return;
                        };
                        table.columns.push(Column {
                            name: column_name,
                            data_type: String::new(),
                            not_null: false,
                            default: None,
                            span: at.clone(),
                            statement: span.clone(),
                        });
                        table.columns.last_mut()
                    }
                };
                let Some(column) = column else { return };
                match op {
                    AlterColumnOperation::SetNotNull => column.not_null = true,
                    AlterColumnOperation::DropNotNull => column.not_null = false,
                    AlterColumnOperation::SetDefault { value } => {
                        column.default = Some(value.to_string())
                    }
                    AlterColumnOperation::DropDefault => column.default = None,
                    AlterColumnOperation::SetDataType { data_type, .. } => {
                        column.data_type = data_type.to_string();
                        column.span = at;
                        column.statement = span.clone();
                    }
                    _ => {}
                }
            }
            AlterTableOperation::RenameColumn {
                old_column_name,
                new_column_name,
            } => {
                let (old, new) = (fold(old_column_name), fold(new_column_name));
                if let Some(column) = self
                    .tables
                    .get_mut(name)
                    .and_then(|t| t.columns.iter_mut().find(|c| c.name == old))
                {
                    column.name = new.clone();
                }
                for index in self.indexes.iter_mut().filter(|i| &i.table == name) {
                    for column in index.columns.iter_mut().filter(|c| **c == old) {
                        column.clone_from(&new);
                    }
                }
            }
            AlterTableOperation::RenameTable { table_name } => {
                let (RenameTableNameKind::As(new) | RenameTableNameKind::To(new)) = table_name;
                let mut new = QName::from_object(new);
                // ALTER TABLE ... RENAME TO keeps the table in its schema.
                new.schema.clone_from(&name.schema);
                if let Some(mut table) = self.tables.remove(name) {
                    table.name = new.clone();
                    self.tables.insert(new.clone(), table);
                }
                for index in self.indexes.iter_mut().filter(|i| &i.table == name) {
                    index.table = new.clone();
                }
                for trigger in self.triggers.iter_mut().filter(|t| &t.table == name) {
                    trigger.table = new.clone();
                }
                for rule in self.rules.iter_mut().filter(|r| &r.table == name) {
                    rule.table = new.clone();
                }
            }
            AlterTableOperation::RenameConstraint { old_name, new_name } => {
                let (old, new) = (fold(old_name), fold(new_name));
                if let Some(c) = self.tables.get_mut(name).and_then(|t| {
                    t.constraints
                        .iter_mut()
                        .find(|c| c.name.as_ref() == Some(&old))
                }) {
                    c.name = Some(new);
                }
            }
            AlterTableOperation::DisableTrigger { name: trigger } => {
                self.set_trigger(name, trigger, false)
            }
            AlterTableOperation::EnableTrigger { name: trigger } => {
                self.set_trigger(name, trigger, true)
            }
            AlterTableOperation::DisableRule { name: rule } => self.set_rule(name, rule, false),
            AlterTableOperation::EnableRule { name: rule } => self.set_rule(name, rule, true),
            _ => {}
        }
    }

    fn set_trigger(&mut self, table: &QName, trigger: &sqlparser::ast::Ident, enabled: bool) {
        let trigger = fold(trigger);
        // `DISABLE TRIGGER ALL` / `USER` switch off every trigger of the table.
        let all = trigger == "all" || trigger == "user";
        for t in self
            .triggers
            .iter_mut()
            .filter(|t| &t.table == table && (all || t.name == trigger))
        {
            t.enabled = enabled;
        }
    }

    fn set_rule(&mut self, table: &QName, rule: &sqlparser::ast::Ident, enabled: bool) {
        let rule = fold(rule);
        for r in self
            .rules
            .iter_mut()
            .filter(|r| &r.table == table && r.name == rule)
        {
            r.enabled = enabled;
        }
    }

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

    /// GRANTs and REVOKEs that name the table or all tables of its schema.
    pub fn privileges_on<'a>(
        &'a self,
        table: &'a QName,
    ) -> impl Iterator<Item = &'a PrivilegeChange> {
        self.privileges.iter().filter(move |p| p.is_on(table))
    }
}

impl Table {
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn model(sql: &str) -> Schema {
        let mut schema = Schema::default();
        let span = Span {
            file: "m.sql".into(),
            start: 0,
            end: sql.len(),
            line: 1,
            column: 1,
        };
        let loc = Locator {
            text: sql,
            span: &span,
        };
        for statement in Parser::parse_sql(&PostgreSqlDialect {}, sql).unwrap() {
            schema.apply(&statement, &loc);
        }
        schema
    }

    fn table<'a>(schema: &'a Schema, name: &str) -> &'a Table {
        schema.table(&QName::from_expectation(name)).unwrap()
    }

    #[test]
    fn objects_on_a_table_are_found_by_its_name() {
        let schema = model(
            "CREATE TABLE a (id int); CREATE TABLE b (id int);
             CREATE INDEX a_id ON a (id); CREATE INDEX b_id ON b (id);
             CREATE RULE no_del AS ON DELETE TO a DO INSTEAD NOTHING;
             CREATE TRIGGER t BEFORE UPDATE ON b FOR EACH ROW EXECUTE FUNCTION f();
             GRANT SELECT ON a TO app; GRANT ALL ON ALL TABLES IN SCHEMA public TO admin;",
        );
        let a = QName::from_expectation("a");
        let b = QName::from_expectation("b");
        let names = |i: &Index| i.name.clone().unwrap_or_default();
        assert_eq!(
            schema.indexes_on(&a).map(names).collect::<Vec<_>>(),
            ["a_id"]
        );
        assert_eq!(schema.rules_on(&a).count(), 1);
        assert_eq!(schema.rules_on(&b).count(), 0);
        assert_eq!(schema.triggers_on(&b).count(), 1);
        assert_eq!(schema.privileges_on(&a).count(), 2);
        assert_eq!(
            schema.privileges_on(&b).count(),
            1,
            "only the schema-wide grant"
        );
    }

    #[test]
    fn tables_columns_and_inline_constraints() {
        let s = model(
            "CREATE TABLE \"Pay\" (id uuid PRIMARY KEY, Amount numeric(38, 18) DEFAULT '0' NOT NULL, \
             user_id uuid REFERENCES users(id) ON DELETE CASCADE, CHECK (amount > 0));",
        );
        let t = table(&s, "Pay");
        let amount = t.column("amount").unwrap();
        assert_eq!(
            (amount.data_type.as_str(), amount.not_null),
            ("NUMERIC(38,18)", true)
        );
        assert_eq!(amount.default.as_deref(), Some("'0'"));
        let before = "CREATE TABLE \"Pay\" (id uuid PRIMARY KEY, Amount";
        assert_eq!(
            (amount.span.start, amount.span.end),
            (before.len() - 6, before.len())
        );
        assert_eq!(amount.statement.start, 0);
        assert_eq!(t.constraints.len(), 3);
        assert!(t.constraints.iter().any(|c| matches!(&c.kind,
            ConstraintKind::ForeignKey { references, on_delete: Some(d), .. }
                if references.name == "users" && d == "CASCADE")));
    }

    #[test]
    fn alter_table_adds_drops_and_retypes() {
        let s = model(
            "CREATE TABLE t (a int, b int, c int);\
             CREATE INDEX t_b ON t (b);\
             ALTER TABLE t ADD COLUMN d float, DROP COLUMN b, ALTER COLUMN a TYPE bigint;\
             ALTER TABLE t ADD CONSTRAINT t_c CHECK (c > 0);\
             ALTER TABLE t DROP CONSTRAINT t_c;\
             ALTER TABLE t RENAME COLUMN c TO e;",
        );
        let t = table(&s, "t");
        let names: Vec<_> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "e", "d"]);
        assert_eq!(t.column("a").unwrap().data_type, "BIGINT");
        assert!(t.constraints.is_empty());
        assert!(s.indexes.is_empty());
    }

    #[test]
    fn indexes_functions_triggers_rules_and_privileges() {
        let s = model(
            "CREATE UNIQUE INDEX i ON public.t USING btree (\"x\", lower(y)) WHERE x IS NOT NULL;\
             CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$;\
             CREATE TRIGGER g BEFORE UPDATE OR DELETE ON t FOR EACH ROW EXECUTE FUNCTION f();\
             CREATE RULE r AS ON DELETE TO t DO INSTEAD NOTHING;\
             REVOKE UPDATE, DELETE ON t FROM PUBLIC;\
             CREATE TYPE k AS ENUM ('a', 'b');",
        );
        let index = &s.indexes[0];
        assert_eq!(index.columns, ["x", "lower(y)"]);
        assert!(index.unique && index.predicate.is_some());
        assert_eq!(index.method.as_deref(), Some("btree"));
        assert!(
            s.function(&QName::from_expectation("f"))
                .unwrap()
                .body
                .as_deref()
                .unwrap()
                .contains("RAISE")
        );
        let trigger = &s.triggers[0];
        assert_eq!(trigger.timing, Some(Timing::Before));
        assert_eq!(
            trigger.events,
            [Event::Update { columns: vec![] }, Event::Delete]
        );
        assert!(trigger.for_each_row);
        assert!(s.rules[0].instead_nothing && s.rules[0].event == RuleEvent::Delete);
        let t = QName::from_expectation("t");
        assert!(s.privileges[0].covers("update", &t) && s.privileges[0].covers("delete", &t));
        assert_eq!(s.enums[0].values, ["a", "b"]);
    }

    #[test]
    fn drops_remove_objects() {
        let s = model(
            "CREATE TABLE t (a int); CREATE INDEX i ON t (a);\
             CREATE TRIGGER g BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f();\
             DROP TRIGGER g ON t; DROP INDEX i;",
        );
        assert!(s.triggers.is_empty() && s.indexes.is_empty());
        let s = model("CREATE TABLE t (a int); CREATE INDEX i ON t (a); DROP TABLE t;");
        assert!(s.tables.is_empty() && s.indexes.is_empty());
        let s = model("CREATE TABLE b.t (a int); CREATE TABLE u (a int); DROP SCHEMA b CASCADE;");
        let left: Vec<_> = s.tables.keys().map(ToString::to_string).collect();
        assert_eq!(left, ["u"]);
    }
}
