//! The baseline: what the database holds before the migration (the earlier migrations,
//! or a `pg_dump --schema-only` of production). Its statements are replayed into the
//! schema model before the migration's, so "did this table exist before" is known
//! instead of guessed; they are applied, never judged: no gate looks at them as the
//! migration's. What of them could not be read, parsed or followed is kept, so the
//! results it could change are not verified, naming the baseline file and line.

use super::model::Schema;
use super::{Replayed, replay, unfollow_uncertain, unreadable};
use crate::sql::file::SqlFile;

/// The baseline as replayed: what it left open, and which files it was.
pub(crate) struct Applied {
    pub parsing: super::Parsing,
    pub unreadable: Vec<(String, String)>,
    /// The baseline's files, in run order.
    pub paths: Vec<String>,
}

/// Replays `baseline` into `schema` (empty before it).
pub(crate) fn apply(baseline: &[SqlFile], schema: &mut Schema) -> Applied {
    // What the baseline changes beyond adding is history, not the migration's doing.
    let Replayed {
        parsing,
        transactions,
        ..
    } = replay(baseline, schema, &mut Vec::new());
    unfollow_uncertain(schema, &parsing.reports, &transactions);
    // The migration runs in a session of its own: a pg_dump's empty search_path, or an
    // earlier migration's SET, does not reach it.
    schema.search_path = None;
    Applied {
        unreadable: unreadable(&parsing.reports),
        paths: baseline.iter().map(|f| f.path.clone()).collect(),
        parsing,
    }
}

impl Applied {
    /// Says which files the migration was checked over, when there were any.
    pub fn note(&self) -> Option<String> {
        let (first, rest) = self.paths.split_first()?;
        let files = match rest.len() {
            0 => first.clone(),
            n => format!("{first} and {n} more ({})", rest.join(", ")),
        };
        Some(format!(
            "checked over a baseline of {} {}: {files}; its statements were applied first \
             and not judged",
            self.paths.len(),
            if self.paths.len() == 1 {
                "file"
            } else {
                "files"
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::gate::{Evidence, GateId, Status};
    use crate::recheck::{check, check_over};
    use crate::sql::SqlFile;
    use crate::sql::rules::test_support::{expectations, file};

    fn results(check: &crate::recheck::SqlCheck, id: GateId) -> Vec<(Status, String)> {
        check
            .gates
            .iter()
            .filter(|g| g.id == id)
            .map(|g| (g.status, g.message.clone()))
            .collect()
    }

    const MONEY: &str = r#"{"moneyColumns": [{"table": "payments", "column": "amount"}],
        "moneyType": "numeric(38,18)"}"#;

    #[test]
    fn a_column_the_baseline_made_is_known_and_its_statements_are_not_judged() {
        let baseline = [file(
            "0001_init.sql",
            "CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(38,18) NOT NULL);\n\
             DELETE FROM payments;",
        )];
        let migration = [file(
            "0002_note.sql",
            "ALTER TABLE payments ADD COLUMN note text;",
        )];
        let e = expectations(MONEY);
        let checked = check_over(&baseline, &migration, Some(&e));
        assert_eq!(
            results(&checked, GateId::MoneyType)
                .iter()
                .map(|r| r.0)
                .collect::<Vec<_>>(),
            [Status::Pass]
        );
        // The baseline's DELETE is history: additive-only judges the migration alone.
        assert!(
            results(&checked, GateId::AdditiveOnly)
                .iter()
                .all(|r| r.0 == Status::Pass),
            "{:?}",
            checked.gates
        );
        for gate in &checked.gates {
            for evidence in &gate.evidence {
                if let Evidence::Sql { file, .. } = evidence {
                    assert_ne!(
                        (gate.id, file.as_str()),
                        (GateId::AdditiveOnly, "0001_init.sql")
                    );
                }
            }
        }
        assert!(
            checked.notes.iter().any(|n| n.contains(
                "checked over a baseline of 1 file: 0001_init.sql; its statements were applied"
            )),
            "{:?}",
            checked.notes
        );
        // Without the baseline, the column is not there to check.
        let alone = check(&migration, Some(&e));
        assert_ne!(results(&alone, GateId::MoneyType)[0].0, Status::Pass);
    }

    #[test]
    fn the_migration_narrowing_a_baseline_column_fails() {
        let baseline = [file(
            "0001_init.sql",
            "CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(38,18) NOT NULL);",
        )];
        let migration = [file(
            "0003_amount.sql",
            "ALTER TABLE payments ALTER COLUMN amount TYPE numeric(12,2);",
        )];
        let checked = check_over(&baseline, &migration, Some(&expectations(MONEY)));
        let money = results(&checked, GateId::MoneyType);
        assert_eq!(money[0].0, Status::Fail, "{money:?}");
        assert!(money[0].1.contains("numeric(12,2)"), "{money:?}");
        let additive = results(&checked, GateId::AdditiveOnly);
        assert!(additive.iter().any(|r| r.0 == Status::Fail), "{additive:?}");
    }

    #[test]
    fn a_baseline_statement_that_does_not_parse_leaves_what_it_mentions_not_verified() {
        let baseline = file(
            "0001_init.sql",
            "CREATE TABLE payments (id bigint, amount numeric(38,18));\n\
             ALTER TABLE payments ALTER COLUMN amount TYPE ~~~ nonsense;",
        );
        let (status, message) = money_over(baseline.clone());
        assert_eq!(status, Status::NotVerified, "{message}");
        assert!(message.contains("0001_init.sql:2"), "{message}");
        // The parse warning is the migration's: the baseline's statement is not judged.
        let migration = [file("0002.sql", "SELECT 1;")];
        let checked = check_over(&[baseline], &migration, None);
        assert_eq!(results(&checked, GateId::SqlParses)[0].0, Status::Pass);
    }

    /// The money-type result of a migration adding a column over `baseline`.
    fn money_over(baseline: SqlFile) -> (Status, String) {
        let migration = [file(
            "0002.sql",
            "ALTER TABLE payments ADD COLUMN note text;",
        )];
        let checked = check_over(&[baseline], &migration, Some(&expectations(MONEY)));
        results(&checked, GateId::MoneyType).remove(0)
    }

    #[test]
    fn an_unreadable_baseline_file_is_never_a_pass() {
        let (status, message) = money_over(SqlFile {
            path: "0001_init.sql".into(),
            tool: None,
            text: Err("not loaded".into()),
        });
        assert_eq!(status, Status::NotVerified, "{message}");
        assert!(message.contains("0001_init.sql"), "{message}");
    }

    #[test]
    fn a_baseline_statement_the_model_does_not_follow_leaves_its_table_not_verified() {
        let (status, message) = money_over(file(
            "0001_init.sql",
            "CREATE TABLE payments (id bigint, amount numeric(38,18));\n\
             DO $$ BEGIN EXECUTE 'ALTER TABLE payments ALTER COLUMN amount TYPE real'; END $$;",
        ));
        assert_eq!(status, Status::NotVerified, "{message}");
        assert!(message.contains("0001_init.sql:2"), "{message}");
    }

    #[test]
    fn a_pg_dump_baseline_leaves_the_migration_its_own_search_path() {
        let dump = SqlFile {
            path: "schema.sql".into(),
            tool: Some(crate::sql::file::Tool::PgDump),
            text: Ok("SELECT pg_catalog.set_config('search_path', '', false);\n\
                      CREATE TABLE public.payments (id bigint, amount numeric(38,18));"
                .into()),
        };
        let migration = [file(
            "0002.sql",
            "ALTER TABLE payments ADD COLUMN note text;",
        )];
        let checked = check_over(&[dump], &migration, Some(&expectations(MONEY)));
        assert_eq!(checked.schema.search_path, None);
        let money = results(&checked, GateId::MoneyType);
        assert_eq!(money[0].0, Status::Pass, "{money:?}");
        let table = checked.schema.tables.values().next().unwrap();
        assert!(table.columns.get("note").is_some(), "{table:?}");
    }

    #[test]
    fn who_may_write_a_table_the_baseline_made_is_known() {
        let baseline = file(
            "0001_ledger.sql",
            "CREATE TABLE ledger (id bigint, amount numeric(38,18));\n\
             ALTER TABLE ledger OWNER TO ledger_owner;\n\
             GRANT SELECT, INSERT ON ledger TO app;",
        );
        let migration = [file("0002.sql", "ALTER TABLE ledger ADD COLUMN note text;")];
        let e = expectations(r#"{"appendOnly": [{"table": "ledger", "writerRoles": ["app"]}]}"#);
        let over = check_over(&[baseline], &migration, Some(&e));
        let (status, message) = results(&over, GateId::AppendOnly).remove(0);
        assert_eq!(status, Status::Pass, "{message}");
        // Without it, the table's privileges before the migration are a guess.
        let (status, message) = results(&check(&migration, Some(&e)), GateId::AppendOnly).remove(0);
        assert_ne!(status, Status::Pass, "{message}");
        assert!(message.contains("created before these files"), "{message}");
    }

    #[test]
    fn without_a_baseline_the_check_is_unchanged() {
        let migration = [file(
            "m.sql",
            "CREATE TABLE payments (id bigint, amount real);",
        )];
        let e = expectations(MONEY);
        assert_eq!(
            check_over(&[], &migration, Some(&e)),
            check(&migration, Some(&e))
        );
        assert_eq!(
            check(&migration, Some(&e)).notes,
            [crate::recheck::NO_BASELINE]
        );
    }
}
