//! Replays whole statements into the schema: each kind of statement has its own
//! function, here or in `create`, `drop`, `search_path` and `alter`, chosen by [`apply`].

use super::alter::alter_table;
use super::create::{
    create_enum, create_function, create_index, create_rule, create_table, create_trigger,
};
use super::drop::{drop_function, drop_objects, drop_rule, drop_trigger};
use super::search_path::{self, qualify, resolve, set_config};
use sqlparser::ast::{
    AlterTableOperation, GrantObjects, Grantee, ObjectName, Privileges, Statement,
    UserDefinedTypeRepresentation,
};

use super::convert::{constraint_name, privilege_names, privilege_target};

use std::collections::BTreeMap;

use super::*;
use super::{Columns, Schema};
use crate::sql::location::Span;
use crate::sql::locator::Locator;
use crate::sql::names::QName;
use crate::sql::parse::Rescued;

/// A CREATE TRIGGER or CREATE RULE that `later`, a ROLLBACK, undid: what it would
/// have made is kept as dropped by that ROLLBACK, so a rule can point at it.
/// Returns how many were kept.
pub fn undone(schema: &mut Schema, statement: &Statement, loc: &Locator, later: Later) -> usize {
    if !matches!(
        statement,
        Statement::CreateTrigger(_) | Statement::CreateRule(_)
    ) {
        return 0;
    }
    let mut made = schema.clone();
    apply(&mut made, statement, loc);
    let triggers: Vec<Trigger> = made
        .triggers
        .into_iter()
        .filter(|t| !schema.triggers.contains(t))
        .collect();
    let rules: Vec<Rule> = made
        .rules
        .into_iter()
        .filter(|r| !schema.rules.contains(r))
        .collect();
    let kept = triggers.len() + rules.len();
    schema
        .dropped_triggers
        .extend(triggers.into_iter().map(|t| (t, later.clone())));
    schema
        .dropped_rules
        .extend(rules.into_iter().map(|r| (r, later.clone())));
    kept
}

/// Replays one statement.
pub fn apply(schema: &mut Schema, statement: &Statement, loc: &Locator) {
    if let Some(why) = crate::sql::code_calls::runs_unread_code(loc.text, schema) {
        schema.unfollowed.push(Unfollowed {
            object: None,
            why,
            span: loc.span.clone(),
            runs_code: true,
        });
    }
    match statement {
        Statement::CreateTable(create) => create_table(schema, create, loc),
        Statement::AlterTable(alter) => {
            let name = resolve(schema, &alter.name, loc);
            for operation in &alter.operations {
                alter_table(schema, &name, operation, loc);
            }
        }
        Statement::CreateIndex(create) => create_index(schema, create, loc),
        Statement::CreateType {
                        name,
                        representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
                    } => create_enum(schema, name, labels, loc),
        Statement::CreateType { name, .. } => {
            let name = resolve(schema, name, loc);
            schema.types.push(name);
        }
        Statement::CreateFunction(create) => create_function(schema, create, loc),
        Statement::CreateTrigger(create) => create_trigger(schema, create, loc),
        Statement::CreateRule(create) => create_rule(schema, create, loc),
        Statement::Grant(grant) if grant.objects.is_none() => {
            unfollow(schema, None, "grants a role's membership", loc)
        }
        Statement::Grant(g) => {
            grant_or_revoke(schema, true, &g.privileges, g.objects.as_ref(), &g.grantees, loc)
        }
        Statement::Revoke(r) => {
            grant_or_revoke(schema, false, &r.privileges, r.objects.as_ref(), &r.grantees, loc)
        }
        Statement::Drop {
                        object_type, names, ..
                    } => drop_objects(schema, *object_type, names, loc),
        Statement::DropFunction(drop) => drop_function(schema, drop, loc),
        Statement::DropTrigger(drop) => drop_trigger(schema, drop, loc),
        Statement::DropRule(drop) => drop_rule(schema, drop, loc),
        Statement::Set(set) => search_path::set(schema, set, loc),
        Statement::Query(_) => set_config(schema, loc),
        Statement::AlterDefaultPrivileges(_) => {
            unfollow(schema, None, "changes default privileges", loc)
        }
        // What these change is no fact a gate reads.
        Statement::Comment { .. }
        | Statement::CreateView(_)
        | Statement::AlterView { .. }
        | Statement::CreateSequence { .. }
        | Statement::CreateSchema { .. }
        | Statement::AlterSchema(_)
        | Statement::CreateExtension(_)
        | Statement::CreateDomain(_)
        | Statement::CreateAggregate(_)
        | Statement::CreatePolicy(_)
        | Statement::AlterPolicy(_)
        | Statement::CreateRole(_)
        | Statement::AlterRole { .. }
        | Statement::AlterType(_)
        | Statement::StartTransaction { .. }
        | Statement::Commit { .. }
        | Statement::Rollback { .. }
        // What a ROLLBACK undoes is left out before the model sees it
        // (`sql::transactions`).
        | Statement::Savepoint { .. }
        | Statement::ReleaseSavepoint { .. }
        | Statement::Insert(_)
        | Statement::Update(_)
        | Statement::Delete(_)
        | Statement::Truncate(_)
        | Statement::Analyze(_)
        | Statement::Lock(_)
        | Statement::RefreshMaterializedView { .. } => {}
        other => {
            let kind = other.to_string();
            let kind: Vec<&str> = kind.split_whitespace().take(2).collect();
            unfollow(schema,
                None,
                &format!(
                    "is a {} statement the model does not follow",
                    kind.join(" ")
                ),
                loc,
            );
        }
    }
}

/// Replays a statement of a DO block whose handler may catch an error and roll the
/// block back. Exact only when it is the block's one statement, the handler
/// catches just `duplicate_object`, and the statement adds named constraints to a
/// table created in these files that has none of those names: then it cannot
/// raise that error, and any other aborts the migration. Otherwise it is applied
/// as if it ran and its object is unfollowed.
pub fn apply_rescued(schema: &mut Schema, statement: &Statement, loc: &Locator, rescued: &Rescued) {
    let exact = rescued.alone
        && rescued.catches == ["duplicate_object"]
        && adds_only_new_constraints(schema, statement);
    apply(schema, statement, loc);
    if !exact {
        let object = touched(statement).map(|n| qualify(schema, n));
        unfollow(
            schema,
            object,
            "sits in a DO block whose EXCEPTION handler may have rolled it back",
            loc,
        );
    }
}

fn adds_only_new_constraints(schema: &Schema, statement: &Statement) -> bool {
    let Statement::AlterTable(alter) = statement else {
        return false;
    };
    let Some(table) = schema.table(&qualify(schema, &alter.name)) else {
        return false;
    };
    table.created_here
        && alter.operations.iter().all(|op| match op {
            AlterTableOperation::AddConstraint { constraint, .. } => constraint_name(constraint)
                .is_some_and(|name| {
                    !table
                        .constraints
                        .iter()
                        .any(|c| c.name.as_ref() == Some(&name))
                }),
            _ => false,
        })
}

/// Records that the statement at `loc` touches `object` (`None`: any) in a way the
/// model does not follow.
pub(super) fn unfollow(schema: &mut Schema, object: Option<QName>, why: &str, loc: &Locator) {
    schema.unfollowed.push(Unfollowed {
        object,
        why: why.to_string(),
        span: loc.span.clone(),
        runs_code: false,
    });
}

/// Applies a GRANT or REVOKE to the tables it reaches now: `ALL TABLES IN SCHEMA`
/// means the tables that exist at that point, not those created later.
/// The last GRANT that gave `role` `privilege` on the table (whole, or on some
/// columns): the statement that lets a writer change rows.
pub fn granted_by<'a>(
    schema: &'a Schema,
    table: &'a QName,
    privilege: &str,
    role: &str,
) -> Option<&'a PrivilegeChange> {
    schema
        .privileges_on(table)
        .filter(|p| {
            p.grant
                && p.privileges
                    .iter()
                    .any(|held| held == "all" || held.split(' ').next() == Some(privilege))
                && p.grantees.iter().any(|g| role_name(g) == role)
        })
        .last()
}

/// A GRANT (`grant`) or REVOKE of `privileges` on `objects` to or from `grantees`.
fn grant_or_revoke(
    schema: &mut Schema,
    grant: bool,
    privileges: &Privileges,
    objects: Option<&GrantObjects>,
    grantees: &[Grantee],
    loc: &Locator,
) {
    let target = privilege_target(objects, &mut |n| resolve(schema, n, loc));
    change_privileges(
        schema,
        PrivilegeChange {
            grant,
            privileges: privilege_names(privileges),
            target,
            grantees: grantees.iter().map(|g| g.to_string()).collect(),
            span: loc.span.clone(),
        },
    )
}

fn change_privileges(schema: &mut Schema, change: PrivilegeChange) {
    let privileges: Vec<&str> = change
        .privileges
        .iter()
        .flat_map(|p| match p.as_str() {
            "all" => TABLE_PRIVILEGES.to_vec(),
            one => vec![one],
        })
        .collect();
    for table in schema.tables.values_mut().filter(|t| change.is_on(&t.name)) {
        for grantee in change.grantees.iter().map(|g| role_name(g)) {
            let held = table.grants.entry(grantee.clone()).or_default();
            for privilege in &privileges {
                if change.grant {
                    held.insert(privilege.to_string());
                } else {
                    // Revoking a table privilege revokes it on every column too.
                    held.retain(|h| h.split(' ').next() != Some(privilege));
                }
            }
            if held.is_empty() {
                table.grants.remove(&grantee);
            }
        }
    }
    schema.privileges.push(change);
}

/// The table an ALTER TABLE works on; one created earlier gets a stub.
pub(super) fn table_for_alter<'a>(
    schema: &'a mut Schema,
    name: &QName,
    span: &Span,
) -> &'a mut Table {
    schema.tables.entry(name.clone()).or_insert_with(|| Table {
        name: name.clone(),
        columns: Columns::default(),
        constraints: Vec::new(),
        created_here: false,
        owner: None,
        grants: BTreeMap::new(),
        dropped_constraints: Vec::new(),
        span: span.clone(),
    })
}

/// What `ALL PRIVILEGES` on a table means.
/// Why a table that gets a child is not followed: PostgreSQL clones a partitioned
/// table's triggers onto each partition, where each can be disabled on its own, and an
/// inheritance child gets none of its parent's triggers, so what protects the rows a
/// query on the parent reaches is no longer the parent's alone.
pub(super) const CHILD_TABLE: &str = "gets a child table (PARTITION OF or INHERITS): a query on \
     it reaches the child's rows, whose triggers the model does not follow";

const TABLE_PRIVILEGES: [&str; 7] = [
    "select",
    "insert",
    "update",
    "delete",
    "truncate",
    "references",
    "trigger",
];

/// A grantee as a role name: `PUBLIC` is `public`, others fold like identifiers.
fn role_name(grantee: &str) -> String {
    let last = grantee.split_whitespace().last().unwrap_or_default();
    match last.strip_prefix('"').and_then(|q| q.strip_suffix('"')) {
        Some(quoted) => quoted.to_string(),
        None => last.to_lowercase(),
    }
}

/// The table (or type, function) a statement is about, when it names one.
fn touched(statement: &Statement) -> Option<&ObjectName> {
    match statement {
        Statement::CreateTable(create) => Some(&create.name),
        Statement::AlterTable(alter) => Some(&alter.name),
        Statement::CreateIndex(create) => Some(&create.table_name),
        Statement::CreateTrigger(create) => Some(&create.table_name),
        Statement::CreateRule(create) => Some(&create.table_name),
        Statement::CreateFunction(create) => Some(&create.name),
        Statement::CreateType { name, .. } => Some(name),
        _ => None,
    }
}
