//! `lock-budget`: no statement holds a lock on a budgeted table stronger than the run
//! allows while it scans or rewrites that table, and no statement rewrites a table
//! larger than the run allows. Only PostgreSQL can say which locks a statement takes
//! and whether it reads or rewrites a table: the static check leaves every result not
//! verified, and the proof's observation (`prove::observe`) decides it.

use crate::examples::{Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::locks::{LockMode, Observed, RelationKind, RelationLocks, is_table};
use crate::run::expectations::Expectations;

use super::{Context, SqlResult};

/// A baseline table and a migration that indexes it, with a budget on that table: the
/// examples below change only the migration (`files`) and the budget.
macro_rules! over_orders {
    ($budget:literal, $migration:literal) => {
        concat!(
            r#"{"schema": {"baseline": [{"path": "0000_orders.sql", "sql": "CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(38,18) NOT NULL, note text);"}], "#,
            r#""baselineStats": [{"table": "orders", "rows": 2000000, "bytes": 250000000}], "#,
            r#""files": [{"path": "0001_change.sql", "sql": ""#,
            $migration,
            r#""}]}, "expectations": "#,
            $budget,
            "}"
        )
    };
}

const EXAMPLES: &[Example] = &[
    Example {
        name: "index-without-concurrently",
        expect: Expect::Fires,
        says: "CREATE INDEX without CONCURRENTLY holds SHARE on the table while it reads \
               every row, and the run allows SHARE UPDATE EXCLUSIVE: writes wait (with a \
               proof; without one, not verified).",
        input: Input::Run(over_orders!(
            r#"{"locks": [{"table": "orders", "maxMode": "SHARE UPDATE EXCLUSIVE"}]}"#,
            "CREATE INDEX orders_note_idx ON orders (note);"
        )),
    },
    Example {
        name: "nullable-column",
        expect: Expect::Passes,
        says: "Adding a nullable column without a default takes ACCESS EXCLUSIVE for a \
               moment, without reading or rewriting the table (with a proof; without \
               one, not verified).",
        input: Input::Run(over_orders!(
            r#"{"locks": [{"table": "orders", "maxMode": "SHARE UPDATE EXCLUSIVE"}], "rewriteMaxBytes": 1000000}"#,
            "ALTER TABLE orders ADD COLUMN fee numeric(38,18);"
        )),
    },
    Example {
        name: "rewrite-of-a-large-table",
        expect: Expect::Fires,
        says: "Changing a column's type rewrites a table the stats say is 250 MB, over \
               the run's 1 MB (with a proof; without one, not verified).",
        input: Input::Run(over_orders!(
            r#"{"rewriteMaxBytes": 1000000}"#,
            "ALTER TABLE orders ALTER COLUMN amount TYPE numeric(20,4);"
        )),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::LockBudget,
    title: "Locks and rewrites stay within the run's budget",
    // A budget the run declares is an expectation like any other: a statement over it
    // takes the table from its readers or writers for longer than the run allows, and
    // one not observed is not known to stay within it.
    severity: Severity::Blocker,
    checks: "With a proof over the run's baseline, reads what PostgreSQL showed of each \
             migration statement: the lock modes this session held on every table that \
             existed before the migration, whether the table's scan count in the \
             transaction rose (the statement read its rows) and whether its file changed \
             (the statement rewrote it). For each `expectations.locks[]` entry it fails \
             when a statement held a lock stronger than `maxMode` on that table while \
             reading or rewriting it; a moment of ACCESS EXCLUSIVE for a change of the \
             catalog only (a nullable column without a default) is not a failure. With \
             `expectations.rewriteMaxBytes` it fails when a statement rewrote a table \
             whose `schema.baselineStats` bytes are larger. Not verified without a \
             proof, without a baseline, when a statement could not be observed (run \
             outside a transaction, or in a file sent as one query), or when a \
             rewritten table has no stats.",
    why: "A migration that holds SHARE or stronger on a busy money table while it reads \
          every row stops every payment from being written for as long as that takes; \
          only PostgreSQL itself says which lock each statement takes.",
    examples: EXAMPLES,
    fix: "Build the index CONCURRENTLY, add the constraint NOT VALID and VALIDATE it \
          apart, or backfill in batches instead of rewriting the table; or raise the \
          budget in the run, with a reason.",
    relates_to: &[],
};

/// What one result of the gate holds the migration to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Budget {
    /// `expectations.locks[]`: the strongest mode while reading or rewriting `table`.
    Lock { table: String, max: LockMode },
    /// `expectations.rewriteMaxBytes`.
    Rewrite { max_bytes: u64 },
}

/// The run's budgets, in the order the gate's results are given.
pub fn budgets(expectations: &Expectations) -> Vec<Budget> {
    let locks = expectations.locks.iter().flatten().map(|l| Budget::Lock {
        table: l.table.to_string(),
        max: l.max_mode,
    });
    let rewrite = expectations
        .rewrite_max_bytes
        .map(|max_bytes| Budget::Rewrite { max_bytes });
    locks.chain(rewrite).collect()
}

impl Budget {
    fn subject(&self) -> String {
        match self {
            Budget::Lock { table, max } => format!("{table} (at most {})", max.name()),
            Budget::Rewrite { max_bytes } => {
                format!("no rewrite of a table over {max_bytes} bytes")
            }
        }
    }
}

/// The static check cannot know a lock: every budget is not verified until a proof
/// observes the migration.
pub fn check(ctx: &Context) -> Vec<SqlResult> {
    ctx.expectations
        .map(budgets)
        .unwrap_or_default()
        .iter()
        .map(|budget| {
            SqlResult::new(
                &INFO,
                Status::NotVerified,
                format!(
                    "{}: needs PostgreSQL: observed locks, from a proof that runs the \
                     migration over the run's baseline (`check --prove`, or the page's proof)",
                    budget.subject()
                ),
            )
        })
        .collect()
}

/// Whether the relation is the table `name` (`schema.table`, or a table of `public`).
pub fn names(relation: &RelationLocks, name: &str) -> bool {
    let table = matches!(
        relation.kind,
        RelationKind::Table | RelationKind::PartitionedTable
    );
    table && is_table(&relation.name, name)
}

/// What the observed migration says of one budget: pass, fail or not verified, and why.
pub fn judge(budget: &Budget, observed: &Observed) -> (Status, String) {
    let subject = budget.subject();
    let mut over = Vec::new();
    let mut open = Vec::new();
    for statement in &observed.statements {
        if let Some(why) = &statement.not_observed {
            open.push(format!("{} ({why})", statement.at));
            continue;
        }
        for relation in &statement.relations {
            match budget {
                Budget::Lock { table, max }
                    if names(relation, table) && relation.held_while_working(*max) =>
                {
                    over.push(format!(
                        "{} held {} on {} while it {} it",
                        statement.at,
                        relation.strongest().map_or("", LockMode::name),
                        relation.name,
                        working(relation)
                    ));
                }
                Budget::Rewrite { max_bytes } if relation.rewritten => match relation.bytes {
                    Some(bytes) if bytes > *max_bytes => over.push(format!(
                        "{} rewrote {}, {bytes} bytes before the migration",
                        statement.at, relation.name
                    )),
                    Some(_) => {}
                    None if relation.kind == RelationKind::Index => {}
                    None => open.push(format!(
                        "{} rewrote {}, which schema.baselineStats does not size",
                        statement.at, relation.name
                    )),
                },
                _ => {}
            }
        }
    }
    if !over.is_empty() {
        (Status::Fail, format!("{subject}: {}", over.join("; ")))
    } else if !open.is_empty() {
        (
            Status::NotVerified,
            format!(
                "{subject}: not verified: nothing was observed of {}",
                open.join("; ")
            ),
        )
    } else {
        (
            Status::Pass,
            format!(
                "{subject}: PostgreSQL showed each of the {} statements within it",
                observed.statements.len()
            ),
        )
    }
}

/// What the statement did to the relation it held too strongly, in words.
fn working(relation: &RelationLocks) -> &'static str {
    if relation.rewritten {
        "rewrote"
    } else {
        "read"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::StatementLocks;

    fn statement(at: &str, relations: Vec<RelationLocks>) -> StatementLocks {
        StatementLocks {
            at: at.into(),
            sql: String::new(),
            not_observed: None,
            relations,
            micros: None,
        }
    }

    fn orders(modes: &[LockMode], scanned: bool, rewritten: bool) -> RelationLocks {
        RelationLocks {
            name: "public.orders".into(),
            kind: RelationKind::Table,
            modes: modes.to_vec(),
            scanned,
            rewritten,
            rows: Some(2_000_000),
            bytes: Some(250_000_000),
        }
    }

    fn on_orders() -> Budget {
        Budget::Lock {
            table: "orders".into(),
            max: LockMode::ShareUpdateExclusive,
        }
    }

    #[test]
    fn share_while_reading_the_table_is_over_a_share_update_exclusive_budget() {
        let observed = Observed {
            statements: vec![statement(
                "m.sql:1:1",
                vec![orders(&[LockMode::Share], true, false)],
            )],
        };
        let (status, message) = judge(&on_orders(), &observed);
        assert_eq!(status, Status::Fail);
        assert_eq!(
            message,
            "orders (at most SHARE UPDATE EXCLUSIVE): m.sql:1:1 held SHARE on public.orders while it read it"
        );
    }

    #[test]
    fn a_moment_of_access_exclusive_without_reading_or_rewriting_passes() {
        let observed = Observed {
            statements: vec![statement(
                "m.sql:1:1",
                vec![orders(&[LockMode::AccessExclusive], false, false)],
            )],
        };
        assert_eq!(judge(&on_orders(), &observed).0, Status::Pass);
        let rewrite = Budget::Rewrite { max_bytes: 1 };
        assert_eq!(judge(&rewrite, &observed).0, Status::Pass);
    }

    #[test]
    fn a_rewrite_over_the_size_fails_and_one_without_stats_is_not_verified() {
        let mut rewritten = orders(&[LockMode::AccessExclusive], true, true);
        let budget = Budget::Rewrite {
            max_bytes: 1_000_000,
        };
        let observed = Observed {
            statements: vec![statement("m.sql:2:1", vec![rewritten.clone()])],
        };
        assert_eq!(judge(&budget, &observed).0, Status::Fail);
        rewritten.bytes = None;
        let observed = Observed {
            statements: vec![statement("m.sql:2:1", vec![rewritten])],
        };
        assert_eq!(judge(&budget, &observed).0, Status::NotVerified);
    }

    #[test]
    fn an_unobserved_statement_leaves_it_not_verified_and_a_failure_stands() {
        let mut unobserved = statement("m.sql:1:1", Vec::new());
        unobserved.not_observed = Some("it cannot run inside a transaction block".into());
        let observed = Observed {
            statements: vec![unobserved.clone()],
        };
        let (status, message) = judge(&on_orders(), &observed);
        assert_eq!(status, Status::NotVerified);
        assert!(message.contains("m.sql:1:1 (it cannot run"), "{message}");
        let observed = Observed {
            statements: vec![
                unobserved,
                statement("m.sql:2:1", vec![orders(&[LockMode::Share], true, false)]),
            ],
        };
        assert_eq!(judge(&on_orders(), &observed).0, Status::Fail);
    }

    #[test]
    fn another_schemas_table_of_the_same_name_is_not_the_budgeted_one() {
        let mut other = orders(&[LockMode::AccessExclusive], true, true);
        other.name = "archive.orders".into();
        assert!(!names(&other, "orders"));
        assert!(names(&other, "archive.orders"));
    }
}
