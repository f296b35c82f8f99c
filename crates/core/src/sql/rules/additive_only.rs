//! `additive-only`: the migration only adds; it never drops, truncates, deletes,
//! updates or changes a column's type.

use crate::examples::{Edit, Example, Expect, Input};
use sqlparser::ast::{AlterColumnOperation, AlterTableOperation, Statement};

use crate::gate::{GateId, GateInfo, Severity, Status};

use super::{Context, SqlResult};
use crate::sql::location::Span;
use crate::sql::parse::Parsed;

const EXAMPLES: &[Example] = &[
    Example {
        name: "drops-a-column",
        expect: Expect::Fires,
        says: "A column is dropped: data and every reader of it are gone.",
        input: Input::Seed(&[Edit::Add("ALTER TABLE \"users\" DROP COLUMN \"email\";")]),
    },
    Example {
        name: "adds-a-column",
        expect: Expect::Passes,
        says: "A column is added.",
        input: Input::Seed(&[Edit::Add(
            "ALTER TABLE \"payments\" ADD COLUMN \"fee\" numeric(38, 18);",
        )]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::AdditiveOnly,
    title: "The migration only adds",
    severity: Severity::Blocker,
    checks: "Checks every up statement: DROP of any object, ALTER TABLE ... DROP COLUMN / \
             DROP CONSTRAINT, TRUNCATE, DELETE, UPDATE and ALTER COLUMN ... TYPE fail. It \
             applies with or without expectations. Statements inside function bodies are \
             not run by the migration and do not count. \
             Not verified, naming the statement, when a statement touches the table in a \
             way the model does not follow exactly: an ALTER TABLE form it does not know, \
             a renamed column used inside an expression, a DO block whose handler may \
             roll it back, an unqualified name under a search_path of several schemas, a \
             statement of a kind it does not follow.",
    why: "A backfill next to a running system must not lose or rewrite what is already \
          there: a dropped column or a retyped amount is money data gone or silently \
          converted.",
    examples: EXAMPLES,
    fix: "Keep the migration additive: move drops, deletes, updates and type changes to a reviewed migration of their own.",
    relates_to: &[],
};

/// Words without which a statement that did not parse cannot be destructive (the last
/// three run code that may be).
const DESTRUCTIVE_WORDS: &[&str] = &[
    "drop", "truncate", "delete", "update", "alter", "execute", "perform", "call",
];

/// What a statement does that is not additive, if anything.
fn destructive(statement: &Statement) -> Vec<String> {
    match statement {
        Statement::Drop {
            object_type, names, ..
        } => {
            let names: Vec<String> = names.iter().map(ToString::to_string).collect();
            vec![format!(
                "drops {} {}",
                object_type.to_string().to_lowercase(),
                names.join(", ")
            )]
        }
        Statement::DropFunction(d) => vec![format!(
            "drops function {}",
            d.func_desc
                .iter()
                .map(|f| f.name.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )],
        Statement::DropTrigger(d) => vec![format!("drops trigger {}", d.trigger_name)],
        Statement::DropRule(d) => vec![format!("drops rule {}", d.name)],
        Statement::DropPolicy(d) => vec![format!("drops policy {}", d.name)],
        Statement::DropDomain(d) => vec![format!("drops domain {}", d.name)],
        Statement::DropExtension(_)
        | Statement::DropProcedure { .. }
        | Statement::DropOperator(_) => {
            vec!["drops an object".to_string()]
        }
        Statement::Truncate(t) => vec![format!(
            "truncates {}",
            t.table_names
                .iter()
                .map(|n| n.name.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )],
        Statement::Delete(_) => vec!["deletes rows".to_string()],
        Statement::Update(u) => vec![format!("updates rows of {}", u.table.relation)],
        Statement::AlterTable(alter) => alter
            .operations
            .iter()
            .filter_map(|op| match op {
                AlterTableOperation::DropColumn { column_names, .. } => Some(format!(
                    "drops column {} of {}",
                    column_names
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    alter.name
                )),
                AlterTableOperation::DropConstraint { name, .. } => {
                    Some(format!("drops constraint {name} of {}", alter.name))
                }
                AlterTableOperation::DropPrimaryKey { .. } => {
                    Some(format!("drops the primary key of {}", alter.name))
                }
                AlterTableOperation::DropForeignKey { name, .. } => {
                    Some(format!("drops foreign key {name} of {}", alter.name))
                }
                AlterTableOperation::AlterColumn {
                    column_name,
                    op: AlterColumnOperation::SetDataType { data_type, .. },
                } => Some(format!(
                    "changes the type of {}.{column_name} to {data_type}",
                    alter.name
                )),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Statements that run code this check does not read.
fn runs_code(statement: &Statement) -> Option<String> {
    match statement {
        Statement::Call(function) => Some(format!("calls {}", function.name)),
        Statement::Execute { name, .. } => Some(format!(
            "executes {}",
            name.as_ref()
                .map_or_else(|| "dynamic SQL".to_string(), ToString::to_string)
        )),
        _ => None,
    }
}

/// What one statement does beyond adding: a result of this gate, kept for `check`.
pub struct Change {
    pub status: Status,
    pub message: String,
    pub span: Span,
}

/// What `statement` drops, rewrites or runs that this check does not read.
pub fn changes(statement: &Parsed) -> impl Iterator<Item = Change> {
    let change = |status, message| Change {
        status,
        message,
        span: statement.span.clone(),
    };
    let dropped = destructive(&statement.ast)
        .into_iter()
        .map(move |what| change(Status::Fail, format!("the migration {what}")));
    let runs = runs_code(&statement.ast).map(|what| {
        let message = format!("the migration {what}, which this check does not read");
        change(Status::NotVerified, message)
    });
    dropped.chain(runs)
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let mut out: Vec<SqlResult> = ctx
        .changes
        .iter()
        .map(|c| SqlResult::new(&INFO, c.status, c.message.clone()).at(&[&c.span]))
        .collect();
    if out.is_empty() {
        out.push(
            SqlResult::new(
                &INFO,
                Status::Pass,
                "no statement drops, truncates, deletes, updates or changes a column's type"
                    .to_string(),
            )
            .depends_on(DESTRUCTIVE_WORDS.iter().map(|w| w.to_string()).collect()),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::results;

    fn statuses(sql: &str) -> Vec<Status> {
        results(sql, None, INFO.id)
            .iter()
            .map(|g| g.status)
            .collect()
    }

    #[test]
    fn additions_pass_even_without_expectations() {
        let sql = "CREATE TABLE t (a int); ALTER TABLE t ADD COLUMN fee numeric(38,18); CREATE INDEX i ON t (a);\
                   INSERT INTO t SELECT 1; CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $$ DELETE FROM t $$;";
        assert_eq!(statuses(sql), [Status::Pass]);
    }

    #[test]
    fn each_destructive_statement_fails_with_its_location() {
        let sql = "DROP TABLE a;\nTRUNCATE b;\nDELETE FROM c;\nUPDATE d SET x = 1;\n\
                   ALTER TABLE e DROP COLUMN f, ALTER COLUMN g TYPE bigint;\nALTER TABLE h DROP CONSTRAINT k;";
        let r = results(sql, None, INFO.id);
        assert_eq!(r.len(), 7);
        assert!(r.iter().all(|g| g.status == Status::Fail));
        assert_eq!(
            r[5].message,
            "the migration changes the type of e.g to BIGINT"
        );
        assert_eq!(
            r[5].evidence,
            [crate::gate::Evidence::Sql {
                file: "m.sql".into(),
                line: 5,
                column: 1
            }]
        );
    }

    #[test]
    fn calling_a_procedure_is_not_verified() {
        assert_eq!(
            statuses("CALL cleanup_old_payments();"),
            [Status::NotVerified]
        );
    }

    #[test]
    fn an_unparsed_statement_that_may_drop_is_not_verified() {
        assert_eq!(
            statuses("DROP INDEX CONCURRENTLY IF EXISTS i;"),
            [Status::NotVerified]
        );
        assert_eq!(statuses("CREATE TABLE t (a int,,);"), [Status::Pass]);
        let dynamic = "DO $$ BEGIN EXECUTE 'DR' || 'OP TABLE payments'; END $$;";
        assert_eq!(statuses(dynamic), [Status::NotVerified]);
    }
}
