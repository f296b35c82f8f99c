//! The schema two runs leave, at the level a reviewer of money cares about: the types of
//! money columns, indexes (columns, uniqueness, predicate as logic), CHECK constraints
//! (as logic) and triggers. Objects are matched by name; what a line says is never
//! compared.

use std::collections::BTreeMap;

use super::{ObjectKind, SchemaChange};
use crate::review::Review;
use crate::sql::expr_text::{self, ExprText};
use crate::sql::model::{ConstraintKind, Event, Index, Schema, Timing, Trigger};
use crate::sql::predicate::canonical;

type Objects = BTreeMap<(ObjectKind, String), String>;

pub fn diff(base: &Review, run: &Review) -> Vec<SchemaChange> {
    let money = money_columns(base)
        .into_iter()
        .chain(money_columns(run))
        .collect::<Vec<_>>();
    let (before, after) = (objects(base, &money), objects(run, &money));
    let mut keys: Vec<&(ObjectKind, String)> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|key| before.get(*key) != after.get(*key))
        .map(|key| SchemaChange {
            kind: key.0,
            name: key.1.clone(),
            before: before.get(key).cloned(),
            after: after.get(key).cloned(),
        })
        .collect()
}

/// `(table, column)` of the money columns a run lists.
fn money_columns(review: &Review) -> Vec<(String, String)> {
    review
        .run()
        .and_then(|r| r.expectations.as_ref())
        .and_then(|e| e.money_columns.as_ref())
        .into_iter()
        .flatten()
        .map(|c| (c.table.clone(), c.column.clone()))
        .collect()
}

fn objects(review: &Review, money: &[(String, String)]) -> Objects {
    let mut out = Objects::new();
    let Some(schema) = review.sql.as_ref().map(|s| &s.schema) else {
        return out;
    };
    for (table, column) in money {
        let name = format!("{table}.{column}");
        let found = schema
            .table(&crate::sql::names::QName::from_expectation(table))
            .and_then(|t| t.column(column));
        let what = found.map_or("missing".to_string(), |c| {
            crate::sql::rules::money_type::normalize(&c.data_type)
        });
        out.insert((ObjectKind::MoneyColumn, name), what);
    }
    for index in &schema.indexes {
        let name = index
            .name
            .clone()
            .unwrap_or_else(|| format!("unnamed index on {}", index.table));
        out.insert((ObjectKind::Index, name), describe_index(index));
    }
    checks(schema, &mut out);
    for trigger in &schema.triggers {
        out.insert(
            (
                ObjectKind::Trigger,
                format!("{} on {}", trigger.name, trigger.table),
            ),
            describe_trigger(trigger),
        );
    }
    out
}

fn describe_index(index: &Index) -> String {
    let mut text = format!(
        "{}on {} ({})",
        if index.unique { "unique " } else { "" },
        index.table,
        index.columns.join(", ")
    );
    if let Some(method) = &index.method {
        text.push_str(&format!(" using {method}"));
    }
    if let Some(predicate) = &index.predicate {
        text.push_str(&format!(" where {}", logic(predicate)));
    }
    text
}

fn checks(schema: &Schema, out: &mut Objects) {
    for table in schema.tables.values() {
        for constraint in &table.constraints {
            let ConstraintKind::Check { expr } = &constraint.kind else {
                continue;
            };
            let logic = logic(expr);
            // An unnamed CHECK is known by its logic: changing it adds one and removes one.
            let name = match &constraint.name {
                Some(name) => format!("{name} on {}", table.name),
                None => format!("unnamed check on {}: {logic}", table.name),
            };
            out.insert((ObjectKind::Check, name), logic);
        }
    }
}

/// An expression as logic; one whose text does not parse back is compared as written,
/// which can show a change the logic would not, but never hide one.
fn logic(expr: &ExprText) -> String {
    expr_text::parse(expr).map_or_else(|_| expr.to_string(), |parsed| canonical(&parsed))
}

fn describe_trigger(trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        Some(Timing::Before) => "before",
        Some(Timing::After) => "after",
        Some(Timing::InsteadOf) => "instead of",
        Some(Timing::For) => "for",
        None => "",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|e| match e {
            Event::Insert => "insert".to_string(),
            Event::Update { columns } if columns.is_empty() => "update".to_string(),
            Event::Update { columns } => format!("update of {}", columns.join(", ")),
            Event::Delete => "delete".to_string(),
            Event::Truncate => "truncate".to_string(),
        })
        .collect();
    let mut text = format!(
        "{timing} {}{}",
        events.join(" or "),
        if trigger.for_each_row {
            " for each row"
        } else {
            ""
        }
    );
    if let Some(condition) = &trigger.condition {
        text.push_str(&format!(" when {condition}"));
    }
    if let Some(function) = &trigger.function {
        text.push_str(&format!(" executes {function}"));
    }
    if !trigger.enabled {
        text.push_str(" (disabled)");
    }
    text
}
