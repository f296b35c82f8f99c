use std::sync::Arc;

use leptos::prelude::*;
use secondlook_review::review::Review;
use secondlook_review::sql::model::{
    Constraint, ConstraintKind, Event, PrivilegeChange, Rule, RuleEvent, Table, Timing, Trigger,
};

use crate::components::schema_panel::defined_at;

/// One table of the schema model, expandable: its columns, constraints, indexes, and the
/// triggers, rules and grants on it.
#[component]
pub fn SchemaTable(
    /// The review the table's schema came from (for the other objects and the links).
    #[prop(into)]
    review: Arc<Review>,
    /// The table to show.
    table: Table,
    /// Whether the table filter hides it.
    hidden: Signal<bool>,
) -> impl IntoView {
    let Some(schema) = review.sql.as_ref().map(|c| &c.schema) else {
        return ().into_any();
    };
    let name = table.name.to_string();
    let table_attr = name.clone();
    let indexes: Vec<_> = schema.indexes_on(&table.name).collect();
    let triggers: Vec<_> = schema.triggers_on(&table.name).collect();
    let rules: Vec<_> = schema.rules_on(&table.name).collect();
    let grants: Vec<_> = schema.privileges_on(&table.name).collect();
    let summary = format!(
        "{} columns, {} constraints, {} indexes",
        table.columns.len(),
        table.constraints.len(),
        indexes.len()
    );
    let columns = table
        .columns
        .iter()
        .map(|c| {
            view! {
                <tr data-testid="schema-column">
                    <td><code>{c.name.clone()}</code></td>
                    <td><code>{c.data_type.clone()}</code></td>
                    <td>{if c.not_null { "NOT NULL" } else { "nullable" }}</td>
                    <td>{c.default.clone().map(|d| view! { <code>{d}</code> })}</td>
                    <td>{defined_at(&review, &c.span)}</td>
                </tr>
            }
        })
        .collect_view();
    let constraints = table
        .constraints
        .iter()
        .map(|c| constraint_row(&review, c))
        .collect_view();
    let index_rows = indexes
        .iter()
        .map(|i| {
            view! {
                <tr data-testid="schema-index">
                    <td><code>{i.name.clone().unwrap_or_else(|| "(unnamed)".to_string())}</code></td>
                    <td>{if i.unique { "unique" } else { "" }}</td>
                    <td><code>{i.columns.join(", ")}</code></td>
                    <td>{i.method.clone()}</td>
                    <td class="predicate">{i.predicate.as_ref().map(|p| view! { <code>{p.to_string()}</code> })}</td>
                    <td>{defined_at(&review, &i.span)}</td>
                </tr>
            }
        })
        .collect_view();
    let others = triggers
        .iter()
        .map(|t| other_row(&review, "trigger", &t.name, trigger_text(t), &t.span))
        .chain(
            rules
                .iter()
                .map(|r| other_row(&review, "rule", &r.name, rule_text(r), &r.span)),
        )
        .chain(grants.iter().map(|g| {
            let kind = if g.grant { "grant" } else { "revoke" };
            other_row(&review, kind, "", grant_text(g), &g.span)
        }))
        .collect_view();
    let has_constraints = !table.constraints.is_empty();
    let has_indexes = !indexes.is_empty();
    let has_others = !(triggers.is_empty() && rules.is_empty() && grants.is_empty());
    view! {
        <details class="schema-table" data-testid="schema-table" data-table=table_attr hidden=hidden>
            <summary>
                <code class="table-name">{name}</code>
                <span class="muted">{format!(" — {summary}")}</span>
                {(!table.created_here).then(|| view! {
                    <span class="altered">" (altered here; what it held before is unknown)"</span>
                })}
            </summary>
            <p class="muted">"Defined at " {defined_at(&review, &table.span)}</p>
            <h4>"Columns"</h4>
            <table class="schema-grid">
                <thead><tr>
                    <th>"Name"</th><th>"Type"</th><th>"Null"</th><th>"Default"</th><th>"Defined at"</th>
                </tr></thead>
                <tbody>{columns}</tbody>
            </table>
            {has_constraints.then(|| view! {
                <h4>"Constraints"</h4>
                <table class="schema-grid">
                    <thead><tr>
                        <th>"Kind"</th><th>"Name"</th><th>"Definition"</th><th>"Defined at"</th>
                    </tr></thead>
                    <tbody>{constraints}</tbody>
                </table>
            })}
            {has_indexes.then(|| view! {
                <h4>"Indexes"</h4>
                <table class="schema-grid">
                    <thead><tr>
                        <th>"Name"</th><th>"Unique"</th><th>"Columns"</th><th>"Method"</th>
                        <th>"Predicate"</th><th>"Defined at"</th>
                    </tr></thead>
                    <tbody>{index_rows}</tbody>
                </table>
            })}
            {has_others.then(|| view! {
                <h4>"Triggers, rules and grants"</h4>
                <table class="schema-grid">
                    <thead><tr>
                        <th>"Kind"</th><th>"Name"</th><th>"What"</th><th>"Defined at"</th>
                    </tr></thead>
                    <tbody>{others}</tbody>
                </table>
            })}
        </details>
    }
    .into_any()
}

fn constraint_row(review: &Review, constraint: &Constraint) -> impl IntoView + use<> {
    let (kind, definition) = match &constraint.kind {
        ConstraintKind::Check { expr } => ("check", format!("CHECK ({expr})")),
        ConstraintKind::Unique { columns } => ("unique", format!("({})", columns.join(", "))),
        ConstraintKind::PrimaryKey { columns } => {
            ("primary key", format!("({})", columns.join(", ")))
        }
        ConstraintKind::ForeignKey {
            columns,
            references,
            referred_columns,
            on_delete,
            on_update,
        } => {
            let mut text = format!(
                "({}) → {references} ({})",
                columns.join(", "),
                referred_columns.join(", ")
            );
            if let Some(action) = on_delete {
                text.push_str(&format!(" ON DELETE {action}"));
            }
            if let Some(action) = on_update {
                text.push_str(&format!(" ON UPDATE {action}"));
            }
            ("foreign key", text)
        }
    };
    view! {
        <tr data-testid="schema-constraint">
            <td>{kind}</td>
            <td><code>{constraint.name.clone().unwrap_or_else(|| "(unnamed)".to_string())}</code></td>
            <td><code>{definition}</code></td>
            <td>{defined_at(review, &constraint.span)}</td>
        </tr>
    }
}

fn other_row(
    review: &Review,
    kind: &'static str,
    name: &str,
    what: String,
    span: &secondlook_review::sql::location::Span,
) -> impl IntoView + use<> {
    view! {
        <tr data-testid="schema-other">
            <td>{kind}</td>
            <td><code>{name.to_string()}</code></td>
            <td>{what}</td>
            <td>{defined_at(review, span)}</td>
        </tr>
    }
}

fn trigger_text(trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        Some(Timing::Before) => "BEFORE",
        Some(Timing::After) => "AFTER",
        Some(Timing::InsteadOf) => "INSTEAD OF",
        Some(Timing::For) => "FOR",
        None => "",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|e| match e {
            Event::Insert => "INSERT".to_string(),
            Event::Update { columns } if columns.is_empty() => "UPDATE".to_string(),
            Event::Update { columns } => format!("UPDATE OF {}", columns.join(", ")),
            Event::Delete => "DELETE".to_string(),
            Event::Truncate => "TRUNCATE".to_string(),
        })
        .collect();
    let mut text = format!("{timing} {}", events.join(" OR "));
    text.push_str(if trigger.for_each_row {
        " FOR EACH ROW"
    } else {
        " FOR EACH STATEMENT"
    });
    if let Some(condition) = &trigger.condition {
        text.push_str(&format!(" WHEN {condition}"));
    }
    if let Some(function) = &trigger.function {
        text.push_str(&format!(" EXECUTE {function}()"));
    }
    if !trigger.enabled {
        text.push_str(" (disabled)");
    }
    text
}

fn rule_text(rule: &Rule) -> String {
    let event = match rule.event {
        RuleEvent::Select => "SELECT",
        RuleEvent::Insert => "INSERT",
        RuleEvent::Update => "UPDATE",
        RuleEvent::Delete => "DELETE",
    };
    let mut text = format!("ON {event}");
    if let Some(condition) = &rule.condition {
        text.push_str(&format!(" WHERE {condition}"));
    }
    if rule.instead_nothing {
        text.push_str(" DO INSTEAD NOTHING");
    }
    if !rule.enabled {
        text.push_str(" (disabled)");
    }
    text
}

fn grant_text(change: &PrivilegeChange) -> String {
    let direction = if change.grant { "TO" } else { "FROM" };
    format!(
        "{} {direction} {}",
        change.privileges.join(", ").to_uppercase(),
        change.grantees.join(", ")
    )
}
