use std::collections::BTreeMap;

use super::*;

/// Reads a folder of `(path, text)` files, recording every path read.
fn folder(files: &[(&str, &str)]) -> (Result<Folder, FolderError>, Vec<String>) {
    let texts: BTreeMap<&str, &str> = files.iter().copied().collect();
    let paths: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    let mut read = Vec::new();
    let result = read_folder(&paths, &mut |path| {
        read.push(path.to_string());
        texts
            .get(path)
            .map(|t| t.to_string())
            .ok_or_else(|| "no such file".to_string())
    });
    (result, read)
}

fn order(files: &[(&str, &str)]) -> (Layout, Vec<String>, Option<Tool>) {
    let folder = folder(files).0.unwrap();
    let tool = folder.migrations.first().and_then(|m| m.tool);
    let paths = folder
        .migrations
        .iter()
        .chain(&folder.repeatable)
        .map(|m| m.path.clone())
        .collect();
    (folder.layout, paths, tool)
}

fn refused(files: &[(&str, &str)]) -> String {
    folder(files).0.unwrap_err().to_string()
}

const JOURNAL: &str = r#"{"version": "7", "dialect": "postgresql", "entries": [
    {"idx": 0, "version": "7", "when": 1, "tag": "0000_init", "breakpoints": true},
    {"idx": 1, "version": "7", "when": 2, "tag": "0001_note", "breakpoints": true}
]}"#;

#[test]
fn drizzle_kit_runs_what_its_journal_lists_in_its_order() {
    let files = [
        ("0001_note.sql", "ALTER TABLE t ADD COLUMN note text;"),
        ("0000_init.sql", "CREATE TABLE t (a int);"),
        ("0002_draft.sql", "DROP TABLE t;"),
        ("meta/_journal.json", JOURNAL),
        ("meta/0000_snapshot.json", "{}"),
    ];
    assert_eq!(
        order(&files),
        (
            Layout::DrizzleKit,
            vec!["0000_init.sql".into(), "0001_note.sql".into()],
            Some(Tool::DrizzleKit)
        )
    );
    let folder = folder(&files).0.unwrap();
    assert_eq!(folder.not_run[0].path, "0002_draft.sql");
    assert!(folder.not_run[0].why.contains("journal does not name it"));
}

#[test]
fn a_hostile_or_broken_journal_is_refused_naming_it() {
    let journal = |tags: &str| {
        let entries: Vec<String> = tags
            .split(',')
            .map(|t| format!(r#"{{"tag": {t}}}"#))
            .collect();
        format!(r#"{{"entries": [{}]}}"#, entries.join(","))
    };
    let with = |journal: &str| {
        let (result, read) = folder(&[
            ("0000_init.sql", "CREATE TABLE t (a int);"),
            ("meta/_journal.json", journal),
        ]);
        // Nothing outside the listing is ever asked for.
        assert!(
            read.iter()
                .all(|p| p == "0000_init.sql" || p == "meta/_journal.json"),
            "{read:?}"
        );
        result.unwrap_err().to_string()
    };
    let cases = [
        (
            journal(r#""../../etc/passwd""#),
            "is not a file beside meta/",
        ),
        (journal(r#""/etc/passwd""#), "is not a file beside meta/"),
        (journal(r#""meta/_journal""#), "is not a file beside meta/"),
        (
            journal(r#""0001_gone""#),
            "names 0001_gone.sql, which is not in the folder",
        ),
        (
            journal(r#""0000_init","0000_init""#),
            "names 0000_init.sql a second time",
        ),
        (
            "{\"entries\": 3}".into(),
            "meta/_journal.json: is not a drizzle-kit journal",
        ),
        (
            "not json".into(),
            "meta/_journal.json: is not a drizzle-kit journal",
        ),
    ];
    for (journal, expected) in cases {
        let why = with(&journal);
        assert!(why.contains(expected), "{journal}: {why}");
    }
    assert!(with(&journal(r#""0001_gone""#)).starts_with("meta/_journal.json entries[0]"));
}

#[test]
fn prisma_runs_each_folders_migration_sql_in_name_order() {
    let files = [
        (
            "20240102_b/migration.sql",
            "ALTER TABLE t ADD COLUMN b int;",
        ),
        ("20240101_a/migration.sql", "CREATE TABLE t (a int);"),
        ("migration_lock.toml", "provider = \"postgresql\""),
    ];
    assert_eq!(
        order(&files),
        (
            Layout::Prisma,
            vec![
                "20240101_a/migration.sql".into(),
                "20240102_b/migration.sql".into()
            ],
            None
        )
    );
    let why = refused(&[
        ("20240101_a/migration.sql", "CREATE TABLE t (a int);"),
        ("extra.sql", "DROP TABLE t;"),
    ]);
    assert!(why.starts_with("extra.sql: lies beside"), "{why}");
}

#[test]
fn golang_migrate_runs_up_files_in_numeric_version_order() {
    let files = [
        ("10_c.up.sql", "ALTER TABLE t ADD COLUMN c int;"),
        ("2_b.up.sql", "ALTER TABLE t ADD COLUMN b int;"),
        ("2_b.down.sql", "ALTER TABLE t DROP COLUMN b;"),
        ("1_a.up.sql", "CREATE TABLE t (a int);"),
    ];
    assert_eq!(
        order(&files),
        (
            Layout::GolangMigrate,
            vec![
                "1_a.up.sql".into(),
                "2_b.up.sql".into(),
                "10_c.up.sql".into()
            ],
            Some(Tool::GolangMigrate)
        )
    );
    let why = refused(&[("1_a.up.sql", "select 1;"), ("1_b.up.sql", "select 2;")]);
    assert!(
        why.contains("1_b.up.sql: has version 1, as 1_a.up.sql does"),
        "{why}"
    );
    let why = refused(&[("1_a.up.sql", "select 1;"), ("notes.sql", "DROP TABLE t;")]);
    assert!(why.starts_with("notes.sql: is not named"), "{why}");
    let why = refused(&[("99999999999999999999999_a.up.sql", "select 1;")]);
    assert!(why.contains("too large"), "{why}");
}

#[test]
fn goose_and_dbmate_are_told_apart_by_their_markers() {
    let goose = [
        (
            "20240102_b.sql",
            "-- +goose Up\nALTER TABLE t ADD b int;\n-- +goose Down\nALTER TABLE t DROP b;",
        ),
        ("20240101_a.sql", "-- +goose Up\nCREATE TABLE t (a int);"),
    ];
    assert_eq!(
        order(&goose),
        (
            Layout::Goose,
            vec!["20240101_a.sql".into(), "20240102_b.sql".into()],
            Some(Tool::Goose)
        )
    );
    let dbmate = [(
        "20240101_a.sql",
        "-- migrate:up\nCREATE TABLE t (a int);\n-- migrate:down\nDROP TABLE t;",
    )];
    assert_eq!(order(&dbmate).0, Layout::Dbmate);
    assert_eq!(order(&dbmate).2, Some(Tool::Dbmate));
    let why = refused(&[goose[1], ("20240102_b.sql", "-- migrate:up\nselect 1;")]);
    assert!(why.contains("two layouts at once"), "{why}");
    let why = refused(&[goose[1], ("20240102_b.sql", "ALTER TABLE t ADD b int;")]);
    assert!(
        why.starts_with("20240102_b.sql: has no `-- +goose Up` marker"),
        "{why}"
    );
    let why = refused(&[goose[1], ("20240102_b.go", "package migrations")]);
    assert!(why.starts_with("20240102_b.go: is a Go migration"), "{why}");
}

#[test]
fn flyway_runs_versions_as_numbers_then_repeatables_by_description() {
    let files = [
        ("V1_10__c.sql", "ALTER TABLE t ADD c int;"),
        ("V1.2__b.sql", "ALTER TABLE t ADD b int;"),
        ("sub/V1__a.sql", "CREATE TABLE t (a int);"),
        ("R__views.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
        ("R__a_first.sql", "CREATE OR REPLACE VIEW w AS SELECT 1;"),
        ("U1.2__b.sql", "ALTER TABLE t DROP b;"),
    ];
    assert_eq!(
        order(&files),
        (
            Layout::Flyway,
            vec![
                "sub/V1__a.sql".into(),
                "V1.2__b.sql".into(),
                "V1_10__c.sql".into(),
                "R__a_first.sql".into(),
                "R__views.sql".into()
            ],
            Some(Tool::Flyway)
        )
    );
    let folder = folder(&files).0.unwrap();
    assert_eq!(folder.not_run[0].path, "U1.2__b.sql");
    let why = refused(&[("V1__a.sql", "select 1;"), ("V1.0__b.sql", "select 2;")]);
    assert!(
        why.contains("V1__a.sql: has the version of V1.0__b.sql"),
        "{why}"
    );
    let why = refused(&[("V1.x__a.sql", "select 1;")]);
    assert!(why.contains("not numbers"), "{why}");
}

#[test]
fn sqitch_deploys_what_its_plan_lists_in_its_order() {
    let plan = "%syntax-version=1.0.0\n%project=money\n\n\
                payments 2024-01-01T00:00:00Z A <a@example.com> # the table\n\
                @v1 2024-01-02T00:00:00Z A <a@example.com>\n\
                amount [payments] 2024-01-03T00:00:00Z A <a@example.com>\n";
    let files = [
        ("sqitch.plan", plan),
        (
            "deploy/amount.sql",
            "BEGIN; ALTER TABLE payments ADD amount numeric; COMMIT;",
        ),
        (
            "deploy/payments.sql",
            "BEGIN; CREATE TABLE payments (id int); COMMIT;",
        ),
        ("revert/payments.sql", "DROP TABLE payments;"),
    ];
    assert_eq!(
        order(&files),
        (
            Layout::Sqitch,
            vec!["deploy/payments.sql".into(), "deploy/amount.sql".into()],
            Some(Tool::Psql)
        )
    );
    let broken = |plan: &str| refused(&[("sqitch.plan", plan), files[2]]);
    assert!(broken("payments x\npayments y\n").contains("sqitch.plan:2: reworks"));
    assert!(broken("gone x\n").contains("sqitch.plan:1: names deploy/gone.sql, which is not"));
    assert!(broken("../../etc/passwd x\n").contains("not a script beside deploy/"));
    let why = refused(&[
        ("sqitch.plan", plan),
        ("sqitch.conf", "[core]\n  top_dir = /etc\n"),
    ]);
    assert!(why.starts_with("sqitch.conf: moves"), "{why}");
}

#[test]
fn two_layouts_or_none_are_refused() {
    let why = refused(&[("meta/_journal.json", JOURNAL), ("V1__a.sql", "select 1;")]);
    assert!(
        why.contains("drizzle-kit by meta/_journal.json, Flyway by V1__a.sql"),
        "{why}"
    );
    let why = refused(&[("schema.sql", "CREATE TABLE t (a int);")]);
    assert!(why.contains("no migration layout recognised"), "{why}");
}

#[test]
fn hostile_listings_are_refused_before_anything_is_read() {
    for path in [
        "../secret.sql",
        "a/../../b.sql",
        "/etc/passwd",
        "C:/x.sql",
        "a\\b.sql",
        "a//b.sql",
        "./a.sql",
        "a\u{1b}[2J.sql",
        "",
    ] {
        let (result, read) = folder(&[(path, "select 1;"), ("1_a.up.sql", "select 1;")]);
        assert!(read.is_empty(), "{path:?}: {read:?}");
        assert!(result.is_err(), "{path:?}");
    }
    let deep = format!("{}a.sql", "d/".repeat(20));
    assert!(refused(&[(&deep, "x")]).contains("deeper than 16"));
    let many: Vec<String> = (0..=MAX_FILES).map(|i| format!("{i}_m.up.sql")).collect();
    let result = read_folder(&many, &mut |_| panic!("a refused listing is never read"));
    assert!(
        result
            .unwrap_err()
            .to_string()
            .contains("the limit is 20000")
    );
}

#[test]
fn a_folder_past_the_size_limit_is_refused_naming_the_file() {
    let big = "x".repeat(MAX_TOTAL_BYTES / 2 + 1);
    let paths = vec!["1_a.up.sql".to_string(), "2_b.up.sql".to_string()];
    let result = read_folder(&paths, &mut |_| Ok(big.clone()));
    let why = result.unwrap_err().to_string();
    assert!(
        why.starts_with("2_b.up.sql: takes the folder past 256 MiB"),
        "{why}"
    );
    let why = read_folder(&paths, &mut |_| Err("permission denied".into()))
        .unwrap_err()
        .to_string();
    assert_eq!(why, "1_a.up.sql: permission denied");
}

#[test]
fn the_newest_migrations_are_judged_over_the_rest() {
    let files = [
        ("1_a.up.sql", "CREATE TABLE t (a int);"),
        ("2_b.up.sql", "ALTER TABLE t ADD b int;"),
        ("3_c.up.sql", "ALTER TABLE t ADD c int;"),
    ];
    let paths = |list: &[Migration]| list.iter().map(|m| m.path.clone()).collect::<Vec<_>>();
    let newest = folder(&files).0.unwrap().select(1).unwrap();
    assert_eq!(paths(&newest.baseline), ["1_a.up.sql", "2_b.up.sql"]);
    assert_eq!(paths(&newest.migration), ["3_c.up.sql"]);
    let two = folder(&files).0.unwrap().select(2).unwrap();
    assert_eq!(paths(&two.baseline), ["1_a.up.sql"]);
    let (baseline, migration) = two.sql_files("db/");
    assert_eq!(baseline[0].path, "db/1_a.up.sql");
    assert_eq!(migration[1].tool, Some(Tool::GolangMigrate));
    for new in [0, 4] {
        let why = folder(&files)
            .0
            .unwrap()
            .select(new)
            .unwrap_err()
            .to_string();
        assert!(why.contains("holds 3"), "{why}");
    }
    // Flyway's repeatables run after whatever is new, so they are judged with it.
    let flyway = folder(&[
        ("V1__a.sql", "CREATE TABLE t (a int);"),
        ("V2__b.sql", "ALTER TABLE t ADD b int;"),
        ("R__v.sql", "CREATE OR REPLACE VIEW v AS SELECT 1;"),
    ])
    .0
    .unwrap()
    .select(1)
    .unwrap();
    assert_eq!(paths(&flyway.baseline), ["V1__a.sql"]);
    assert_eq!(paths(&flyway.migration), ["V2__b.sql", "R__v.sql"]);
}

/// A base that had these files, with these texts.
struct At(BTreeMap<&'static str, &'static str>);

impl Base for At {
    fn has(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }
    fn text(&mut self, path: &str) -> Result<String, String> {
        self.0
            .get(path)
            .map(|t| t.to_string())
            .ok_or_else(|| "not there".into())
    }
}

const A: (&str, &str) = ("1_a.up.sql", "CREATE TABLE t (a int);");
const B: (&str, &str) = ("2_b.up.sql", "ALTER TABLE t ADD COLUMN b int;");
const C: (&str, &str) = ("3_c.up.sql", "ALTER TABLE t ADD COLUMN c int;");

fn since(
    files: &[(&str, &str)],
    base: &[(&'static str, &'static str)],
) -> Result<Selected, String> {
    let mut base = At(base.iter().copied().collect());
    (folder(files).0.unwrap())
        .select_since(&mut base)
        .map_err(|e| e.to_string())
}

fn paths(list: &[Migration]) -> Vec<&str> {
    list.iter().map(|m| m.path.as_str()).collect()
}

#[test]
fn the_migrations_new_since_the_base_are_judged_over_the_ones_it_had() {
    let selected = since(&[A, B, C], &[A]).unwrap();
    assert_eq!(paths(&selected.baseline), ["1_a.up.sql"]);
    assert_eq!(paths(&selected.migration), ["2_b.up.sql", "3_c.up.sql"]);
}

#[test]
fn a_base_the_folder_cannot_follow_is_refused_naming_the_file() {
    let changed = since(&[A, B], &[("1_a.up.sql", "CREATE TABLE t (a bigint);")]);
    assert!(
        changed
            .unwrap_err()
            .starts_with("1_a.up.sql: changed since the base"),
    );
    let before = since(&[A, B, C], &[A, C]).unwrap_err();
    assert!(
        before.starts_with("2_b.up.sql: is new since the base, yet runs before 3_c.up.sql"),
        "{before}"
    );
    let nothing = since(&[A, B], &[A, B]).unwrap_err();
    assert_eq!(
        nothing,
        "the migrations folder: no golang-migrate migration is new since the base"
    );
}
