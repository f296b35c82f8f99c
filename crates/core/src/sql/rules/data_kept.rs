//! `data-kept`: the rows already in the baseline's tables are still there after the
//! migration, with the same values. Only PostgreSQL can say: a proof fills every
//! table the baseline made with scaffold rows, reads them before the migration and
//! after it, and compares (`crate::prove::kept`). Without a proof each result is not
//! verified; a run without a baseline gives none.

use crate::examples::{Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};

use super::{Context, SqlResult};

/// The seed's migration as the baseline, and one migration after it.
macro_rules! over_the_seed {
    ($sql:literal) => {
        concat!(
            r#"{"schema": {"baseline": [{"path": "backend/src/db/migrations/0000_money_core.sql", "href": "schema/0000_money_core.sql"}], "files": [{"path": "0001_next.sql", "sql": ""#,
            $sql,
            r#""}]}}"#
        )
    };
}

const EXAMPLES: &[Example] = &[
    Example {
        name: "an-upsert-overwrites-an-amount",
        expect: Expect::Fires,
        says: "An upsert keyed by an external id overwrites the amount of a payment already \
               there: it adds rows as far as the SQL reads, only the rows before and after \
               show it.",
        input: Input::Run(over_the_seed!(
            "INSERT INTO payments (mongo_id, offer_id, provider, direction, amount, token_decimals) VALUES ('9001', '00000000-0000-4000-8000-000000009001', 'manual', 'in', 1, 18) ON CONFLICT (mongo_id) DO UPDATE SET amount = excluded.amount;"
        )),
    },
    Example {
        name: "adds-a-nullable-column",
        expect: Expect::Passes,
        says: "A nullable column is added: every row keeps every value.",
        input: Input::Run(over_the_seed!(
            "SET lock_timeout = '2s'; ALTER TABLE payments ADD COLUMN reference text;"
        )),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::DataKept,
    title: "Rows already there are kept",
    severity: Severity::Blocker,
    checks: "With a baseline and a proof: PostgreSQL fills every table the baseline made \
             with scaffold rows (each enum value and mixed-id variant, amounts with many \
             decimal places, NULL in nullable columns in some rows), reads them before the \
             migration and after it, and compares them by primary key (a table without \
             one as a multiset of rows). A row gone, a column dropped or a value changed \
             fails (numbers compared as numbers, so 1.50 and 1.5000 are equal), unless \
             the run declares the change in expectations.changes[] with a reason: then \
             it is shown, not failed. Not verified without a proof, for a table no \
             scaffold row went into, or when a snapshot could not be read. A run without \
             a baseline gives no result.",
    why: "A migration over a live money table must not lose or silently rewrite what is \
          there: a narrowing type, a rounding USING or a default filled over real values \
          changes amounts nobody asked to change, and no reading of the SQL alone can \
          show the values that come out.",
    examples: EXAMPLES,
    fix: "Keep the values (widen, do not narrow; copy into a new column instead of \
          rewriting), or declare the change in expectations.changes[] with its reason.",
    relates_to: &[],
};

/// One result per table the baseline made, not verified until a proof settles it.
pub fn check(context: &Context) -> Vec<SqlResult> {
    let tables = context.baseline.tables.keys().map(|table| {
        SqlResult::new(
            &INFO,
            Status::NotVerified,
            format!("{table}: {NEEDS_POSTGRES}"),
        )
        .depends_on(vec![table.name.clone()])
    });
    // A table a statement the model could not read made gets no scaffold rows: say
    // so, rather than leave its rows out unseen.
    let unread = context.baseline_unparsed.iter().map(|statement| {
        SqlResult::new(
            &INFO,
            Status::NotVerified,
            format!(
                "{}:{}: a baseline statement the re-check could not read ({}): a table it \
                 made gets no scaffold rows, so whether the migration keeps its rows is \
                 not known",
                statement.span.file, statement.line, statement.message
            ),
        )
    });
    tables.chain(unread).collect()
}

/// What a result without a proof lacks.
pub const NEEDS_POSTGRES: &str = "needs PostgreSQL: rows before and after";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recheck::{check, check_over};
    use crate::sql::rules::test_support::file;

    fn kept(check: &crate::recheck::SqlCheck) -> Vec<(Status, String)> {
        check
            .gates
            .iter()
            .filter(|g| g.id == GateId::DataKept)
            .map(|g| (g.status, g.message.clone()))
            .collect()
    }

    #[test]
    fn a_baseline_statement_the_model_could_not_read_leaves_its_rows_not_verified() {
        let baseline = [file(
            "0001.sql",
            "CREATE TABLE payments (id bigint PRIMARY KEY);\nCREATE TABLE ~~~ nonsense;",
        )];
        let migration = [file("0002.sql", "SELECT 1;")];
        let results = kept(&check_over(&baseline, &migration, None));
        assert_eq!(results.len(), 2, "{results:#?}");
        assert_eq!(results[1].0, Status::NotVerified);
        assert!(
            results[1]
                .1
                .starts_with("0001.sql:2: a baseline statement the re-check could not read"),
            "{}",
            results[1].1
        );
    }

    #[test]
    fn each_baseline_table_waits_for_postgres_and_none_without_a_baseline() {
        let baseline = [file(
            "0001.sql",
            "CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(38,18));\
             CREATE SCHEMA ledger; CREATE TABLE ledger.entries (id bigint);",
        )];
        let migration = [file("0002.sql", "DROP TABLE payments;")];
        assert_eq!(
            kept(&check_over(&baseline, &migration, None)),
            [
                (
                    Status::NotVerified,
                    "ledger.entries: needs PostgreSQL: rows before and after".to_string()
                ),
                (
                    Status::NotVerified,
                    "payments: needs PostgreSQL: rows before and after".to_string()
                ),
            ]
        );
        assert!(kept(&check(&[file("0001.sql", "CREATE TABLE t (a int);")], None)).is_empty());
    }

    #[test]
    fn a_change_declared_without_a_reason_makes_the_run_unreadable() {
        for (change, why) in [
            (r#"{"table": "payments"}"#, "missing field \"reason\""),
            (
                r#"{"table": "payments", "reason": "  "}"#,
                "a declared change needs a reason",
            ),
        ] {
            let run = crate::run::read(&format!(
                r#"{{"format": "migration-run/v1", "expectations": {{"changes": [{change}]}}}}"#
            ));
            let error = run.unwrap_err().to_string();
            assert!(error.contains("expectations.changes[0]"), "{error}");
            assert!(error.contains(why), "{error}");
        }
        let run = crate::run::read(
            r#"{"format": "migration-run/v1", "expectations": {"changes": [{"table": "payments", "column": "amount", "reason": "cents"}]}}"#,
        )
        .unwrap();
        let changes = run.expectations.unwrap().changes.unwrap();
        assert_eq!(
            (changes[0].column.as_deref(), changes[0].reason.as_str()),
            (Some("amount"), "cents")
        );
    }
}
