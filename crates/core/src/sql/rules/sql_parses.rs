//! `sql-parses`: every up statement parses; what does not is reported where it is.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{Evidence, GateId, GateInfo, Severity, Status};

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "create-statistics",
        expect: Expect::Fires,
        says: "`CREATE STATISTICS`, which sqlparser does not parse.",
        input: Input::Seed(&[Edit::Add(
            "SET lock_timeout = '1s';\nCREATE STATISTICS \"trezor_accounts_stats\" (dependencies) ON \"xpub\", \"user_id\" FROM \"trezor_accounts\";",
        )]),
    },
    Example {
        name: "partial-index",
        expect: Expect::Passes,
        says: "A partial index with IF NOT EXISTS.",
        input: Input::Seed(&[Edit::Add(
            "CREATE INDEX IF NOT EXISTS \"payments_external_ref_idx\" ON \"payments\" (\"external_ref\") WHERE \"external_ref\" IS NOT NULL;",
        )]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::SqlParses,
    title: "Every statement parses",
    severity: Severity::Warning,
    checks: "Parses each up statement with sqlparser (PostgreSQL dialect), including the \
             statements inside drizzle-kit's `DO $$ BEGIN ... EXCEPTION ... END $$` \
             wrappers. A statement that does not parse is reported with its place and \
             sqlparser's message, and every gate whose subject it mentions says not \
             verified instead of pass or fail. A file that could not be loaded is not \
             verified.",
    why: "A check must not vouch for SQL it could not read.",
    examples: EXAMPLES,
    fix: "Fix the statement at the named place so it parses as PostgreSQL, or load the SQL file the run names.",
    relates_to: &[],
};

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let mut out: Vec<SqlResult> = ctx
        .unreadable
        .iter()
        .map(|(path, reason)| {
            SqlResult::new(
                &INFO,
                Status::NotVerified,
                format!("{path} could not be read: {reason}"),
            )
        })
        .collect();
    out.extend(ctx.unparsed.iter().map(|u| {
        SqlResult::new(
            &INFO,
            Status::Fail,
            format!(
                "the statement at {}:{}:{} does not parse: {}",
                u.span.file, u.span.line, u.span.column, u.message
            ),
        )
        .pointing_to(Evidence::Sql {
            file: u.span.file.clone(),
            line: u.line,
            column: u.column,
        })
    }));
    if out.is_empty() {
        out.push(SqlResult::new(
            &INFO,
            Status::Pass,
            format!("all {} statements parse", ctx.parsed),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::results;

    #[test]
    fn parsing_sql_passes() {
        let r = results(
            "CREATE TABLE t (a int);\nCREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a) WHERE a IS NOT NULL;",
            None,
            INFO.id,
        );
        assert_eq!((r.len(), r[0].status), (1, Status::Pass));
    }

    #[test]
    fn an_unparsed_statement_is_a_warning_at_its_place() {
        let r = results(
            "SELECT 1;\n  DROP INDEX CONCURRENTLY IF EXISTS x;",
            None,
            INFO.id,
        );
        assert_eq!(
            (r.len(), r[0].status, r[0].severity),
            (1, Status::Fail, Severity::Warning)
        );
        assert!(
            r[0].message
                .starts_with("the statement at m.sql:2:3 does not parse: "),
            "{}",
            r[0].message
        );
    }

    #[test]
    fn an_unreadable_file_is_not_verified() {
        let files = [crate::sql::SqlFile {
            path: "a.sql".into(),
            tool: None,
            text: Err("404".into()),
        }];
        let check = crate::recheck::check(&files, None);
        let r: Vec<_> = check.gates.iter().filter(|g| g.id == INFO.id).collect();
        assert_eq!(
            (r[0].status, r[0].message.as_str()),
            (Status::NotVerified, "a.sql could not be read: 404")
        );
        let additive = check
            .gates
            .iter()
            .find(|g| g.id == GateId::AdditiveOnly)
            .unwrap();
        assert_eq!(additive.status, Status::NotVerified);
    }
}
