//! Replays whole statements into the schema.

use sqlparser::ast::{
    AlterTableOperation, CreateRuleAction, CreateRuleDoKind, CreateRuleEvent, ObjectName,
    ObjectType, Statement, TriggerEvent, TriggerObject, TriggerObjectKind, TriggerPeriod,
    UserDefinedTypeRepresentation,
};

use super::convert::{
    column_from, constraint_from, constraint_name, function_body, index_column_name,
    privilege_names, privilege_target,
};
use std::collections::BTreeMap;

use super::types::*;
use super::{Columns, Schema};
use crate::sql::expr_text::ExprText;
use crate::sql::location::{Locator, Span};
use crate::sql::names::{QName, fold};
use crate::sql::parse::Rescued;

impl Schema {
    /// A CREATE TRIGGER or CREATE RULE that `later`, a ROLLBACK, undid: what it would
    /// have made is kept as dropped by that ROLLBACK, so a rule can point at it.
    /// Returns how many were kept.
    pub fn undone(&mut self, statement: &Statement, loc: &Locator, later: Later) -> usize {
        if !matches!(
            statement,
            Statement::CreateTrigger(_) | Statement::CreateRule(_)
        ) {
            return 0;
        }
        let mut made = self.clone();
        made.apply(statement, loc);
        let triggers: Vec<Trigger> = made
            .triggers
            .into_iter()
            .filter(|t| !self.triggers.contains(t))
            .collect();
        let rules: Vec<Rule> = made
            .rules
            .into_iter()
            .filter(|r| !self.rules.contains(r))
            .collect();
        let kept = triggers.len() + rules.len();
        self.dropped_triggers
            .extend(triggers.into_iter().map(|t| (t, later.clone())));
        self.dropped_rules
            .extend(rules.into_iter().map(|r| (r, later.clone())));
        kept
    }

    /// Replays one statement.
    pub fn apply(&mut self, statement: &Statement, loc: &Locator) {
        if let Some(why) = crate::sql::code_calls::runs_unread_code(loc.text, self) {
            self.unfollowed.push(Unfollowed {
                object: None,
                why,
                span: loc.span.clone(),
                runs_code: true,
            });
        }
        let span = loc.span;
        match statement {
            Statement::CreateTable(create) => {
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
            Statement::AlterTable(alter) => {
                let name = self.resolve(&alter.name, loc);
                for operation in &alter.operations {
                    self.alter_table(&name, operation, loc);
                }
            }
            Statement::CreateIndex(create) => {
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
                if create.if_not_exists
                    && name.is_some()
                    && self.indexes.iter().any(|i| i.name == name)
                {
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
            Statement::CreateType {
                name,
                representation: Some(UserDefinedTypeRepresentation::Enum { labels }),
            } => {
                let name = self.resolve(name, loc);
                self.enums.retain(|e| e.name != name);
                self.enums.push(EnumType {
                    name,
                    values: labels.iter().map(|l| l.value.clone()).collect(),
                    span: span.clone(),
                });
            }
            Statement::CreateType { name, .. } => {
                let name = self.resolve(name, loc);
                self.types.push(name);
            }
            Statement::CreateFunction(create) => {
                let name = self.resolve(&create.name, loc);
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
            Statement::CreateRule(create) => {
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
            Statement::Grant(grant) if grant.objects.is_none() => {
                self.unfollow(None, "grants a role's membership", loc)
            }
            Statement::Grant(grant) => {
                let target =
                    privilege_target(grant.objects.as_ref(), &mut |n| self.resolve(n, loc));
                self.change_privileges(PrivilegeChange {
                    grant: true,
                    privileges: privilege_names(&grant.privileges),
                    target,
                    grantees: grant.grantees.iter().map(|g| g.to_string()).collect(),
                    span: span.clone(),
                })
            }
            Statement::Revoke(revoke) => {
                let target =
                    privilege_target(revoke.objects.as_ref(), &mut |n| self.resolve(n, loc));
                self.change_privileges(PrivilegeChange {
                    grant: false,
                    privileges: privilege_names(&revoke.privileges),
                    target,
                    grantees: revoke.grantees.iter().map(|g| g.to_string()).collect(),
                    span: span.clone(),
                })
            }
            Statement::Drop {
                object_type, names, ..
            } => {
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
                            self.dropped_indexes.extend(
                                dropped.into_iter().map(|i: Index| (i, later.clone())),
                            );
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
            Statement::DropFunction(drop) => {
                for desc in &drop.func_desc {
                    let name = self.resolve(&desc.name, loc);
                    self.functions.retain(|f| f.name != name);
                }
            }
            Statement::DropTrigger(drop) => {
                let name = QName::from_object(&drop.trigger_name).name;
                let table = drop.table_name.as_ref().map(|t| self.resolve(t, loc));
                let (gone, kept) = std::mem::take(&mut self.triggers)
                    .into_iter()
                    .partition(|t: &Trigger| {
                        t.name == name && table.as_ref().is_none_or(|table| &t.table == table)
                    });
                self.triggers = kept;
                let by = Later::new(loc.text, span);
                self.dropped_triggers
                    .extend(gone.into_iter().map(|t| (t, by.clone())));
            }
            Statement::DropRule(drop) => {
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
            Statement::Set(set) => self.set(set, loc),
            Statement::Query(_) => self.set_config(loc),
            Statement::AlterDefaultPrivileges(_) => {
                self.unfollow(None, "changes default privileges", loc)
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
                self.unfollow(
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
    pub fn apply_rescued(&mut self, statement: &Statement, loc: &Locator, rescued: &Rescued) {
        let exact = rescued.alone
            && rescued.catches == ["duplicate_object"]
            && self.adds_only_new_constraints(statement);
        self.apply(statement, loc);
        if !exact {
            let object = touched(statement).map(|n| self.qualify(n));
            self.unfollow(
                object,
                "sits in a DO block whose EXCEPTION handler may have rolled it back",
                loc,
            );
        }
    }

    fn adds_only_new_constraints(&self, statement: &Statement) -> bool {
        let Statement::AlterTable(alter) = statement else {
            return false;
        };
        let Some(table) = self.table(&self.qualify(&alter.name)) else {
            return false;
        };
        table.created_here
            && alter.operations.iter().all(|op| match op {
                AlterTableOperation::AddConstraint { constraint, .. } => {
                    constraint_name(constraint).is_some_and(|name| {
                        !table
                            .constraints
                            .iter()
                            .any(|c| c.name.as_ref() == Some(&name))
                    })
                }
                _ => false,
            })
    }

    /// Records that the statement at `loc` touches `object` (`None`: any) in a way the
    /// model does not follow.
    pub(super) fn unfollow(&mut self, object: Option<QName>, why: &str, loc: &Locator) {
        self.unfollowed.push(Unfollowed {
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
        &'a self,
        table: &'a QName,
        privilege: &str,
        role: &str,
    ) -> Option<&'a PrivilegeChange> {
        self.privileges_on(table)
            .filter(|p| {
                p.grant
                    && p.privileges
                        .iter()
                        .any(|held| held == "all" || held.split(' ').next() == Some(privilege))
                    && p.grantees.iter().any(|g| role_name(g) == role)
            })
            .last()
    }

    fn change_privileges(&mut self, change: PrivilegeChange) {
        let privileges: Vec<&str> = change
            .privileges
            .iter()
            .flat_map(|p| match p.as_str() {
                "all" => TABLE_PRIVILEGES.to_vec(),
                one => vec![one],
            })
            .collect();
        for table in self.tables.values_mut().filter(|t| change.is_on(&t.name)) {
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
        self.privileges.push(change);
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

    fn drop_table(&mut self, name: &QName) {
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

    /// The table an ALTER TABLE works on; one created earlier gets a stub.
    pub(super) fn table_for_alter(&mut self, name: &QName, span: &Span) -> &mut Table {
        self.tables.entry(name.clone()).or_insert_with(|| Table {
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
