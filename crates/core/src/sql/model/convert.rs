//! Reads the model's objects out of sqlparser's AST.

use sqlparser::ast::{
    ColumnDef, ColumnOption, CreateFunctionBody, Expr, GrantObjects, ObjectName, Privileges,
    TableConstraint, Value,
};

use super::Column;
use super::format_type::format_type;
use super::{Constraint, ConstraintKind, PrivilegeTarget};
use crate::sql::expr_text;
use crate::sql::locator::Locator;
use crate::sql::names::{self, QName, fold};

pub(super) fn referential(action: Option<impl ToString>) -> Option<String> {
    action.map(|a| a.to_string())
}

pub(super) fn index_column_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => fold(ident),
        Expr::CompoundIdentifier(parts) => parts.last().map(fold).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// The name a table constraint is written with, folded.
pub(super) fn constraint_name(constraint: &TableConstraint) -> Option<String> {
    let name = match constraint {
        TableConstraint::Check(c) => c.name.as_ref(),
        TableConstraint::Unique(c) => c.name.as_ref(),
        TableConstraint::PrimaryKey(c) => c.name.as_ref(),
        TableConstraint::ForeignKey(c) => c.name.as_ref(),
        _ => None,
    };
    name.map(fold)
}

/// `resolve` gives the table a name written in a foreign key means.
pub(super) fn constraint_from(
    constraint: &TableConstraint,
    loc: &Locator,
    resolve: &mut dyn FnMut(&ObjectName) -> QName,
) -> Option<Constraint> {
    let (name, kind) = match constraint {
        TableConstraint::Check(c) => (
            c.name.as_ref(),
            ConstraintKind::Check {
                expr: expr_text::of(&c.expr),
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
                references: resolve(&c.foreign_table),
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

/// A column and the constraints written inline on it; `resolve` as for `constraint_from`.
pub(super) fn column_from(
    def: &ColumnDef,
    loc: &Locator,
    resolve: &mut dyn FnMut(&ObjectName) -> QName,
) -> (Column, Vec<Constraint>) {
    let name = fold(&def.name);
    let span = loc.at(def.name.span);
    let data_type = def.data_type.to_string().to_lowercase();
    // A serial column is NOT NULL with its sequence's next value as default.
    let serial = data_type.ends_with("serial") || data_type.starts_with("serial");
    let mut column = Column {
        name: name.clone(),
        data_type: format_type(&def.data_type),
        not_null: serial,
        default: serial.then(|| "nextval(its sequence)".to_string()),
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
            // An identity column is NOT NULL; a generated expression column is not.
            // Either has its value from PostgreSQL, never from an INSERT.
            ColumnOption::Generated {
                generation_expr, ..
            } => {
                column.not_null |= generation_expr.is_none();
                column.default = Some(match generation_expr {
                    Some(expr) => format!("generated as ({expr})"),
                    None => "generated as identity".to_string(),
                });
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
                references: resolve(&fk.foreign_table),
                referred_columns: fk.referred_columns.iter().map(fold).collect(),
                on_delete: referential(fk.on_delete),
                on_update: referential(fk.on_update),
            }),
            ColumnOption::Check(c) => Some(ConstraintKind::Check {
                expr: expr_text::of(&c.expr),
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

pub(super) fn function_body(body: &CreateFunctionBody) -> String {
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

pub(super) fn privilege_names(privileges: &Privileges) -> Vec<String> {
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

/// `resolve` gives the table a name written in the statement means.
pub(super) fn privilege_target(
    objects: Option<&GrantObjects>,
    resolve: &mut dyn FnMut(&ObjectName) -> QName,
) -> PrivilegeTarget {
    match objects {
        Some(GrantObjects::Tables(names)) => {
            PrivilegeTarget::Tables(names.iter().map(resolve).collect())
        }
        Some(GrantObjects::AllTablesInSchema { schemas }) => PrivilegeTarget::AllTablesInSchema(
            schemas.iter().map(|s| names::qname(s).name).collect(),
        ),
        _ => PrivilegeTarget::Other,
    }
}
