//! The model against a real PostgreSQL: every SQL fixture and corpus file, and every
//! gate's example that changes the seed migration, is applied to
//! its own scratch database of the server `scripts/test.sh` starts (`SECONDLOOK_TEST_PG`),
//! the catalog is read back, and each fact the gates rely on (tables and owners, column
//! types as `format_type` prints them and NOT NULL, indexes with their columns, method
//! and predicate, primary keys, unique and foreign keys, the number of CHECKs, triggers
//! with their timing, events and whether they fire in a normal session, rules, and every
//! privilege a role other than the owner holds) must be what the model says. A
//! predicate is compared as PostgreSQL prints it: the model's is given to PostgreSQL on
//! the same table, so its text compares exactly. A disagreement fails, unless the model
//! marked the table as unfollowed: then the gates about it are not verified, which is
//! the model's way of saying it does not know.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use secondlook_core::examples::Input;
use secondlook_core::recheck::check;
use secondlook_core::registry::examples;
use secondlook_core::sql::SqlFile;
use secondlook_core::sql::expr_text::ExprText;
use secondlook_core::sql::model::{ConstraintKind, Event, RuleEvent, Schema, Timing};
use secondlook_core::sql::names::QName;
use secondlook_core::sql::parse::Outcome;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../");

/// Files that alter what an earlier migration of their project made run after it: the
/// earlier file of the corpus named here, then `fixtures/differential/before/<name>`
/// when there is one (written for this test: the objects the file expects).
const EARLIER: &[(&str, &str)] = &[
    (
        "handwritten_blnk_1741885443_amounts_to_numeric.sql",
        "fixtures/corpus/sql/handwritten_blnk_1708676327_init_schema.sql",
    ),
    (
        "handwritten_blnk_1742098199_prevent_transaction_update.sql",
        "fixtures/corpus/sql/handwritten_blnk_1708676327_init_schema.sql",
    ),
];

fn server() -> String {
    std::env::var("SECONDLOOK_TEST_PG").unwrap_or_else(|_| {
        panic!(
            "SECONDLOOK_TEST_PG is not set: this test needs the private PostgreSQL that \
             scripts/test.sh starts (or `source scripts/postgres.sh; postgres_start`)"
        )
    })
}

fn psql(conninfo: &str, sql: &str) -> Result<String, String> {
    let out = Command::new("psql")
        .args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-F",
            "|",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            conninfo,
        ])
        .args(["-c", sql])
        .output()
        .map_err(|e| format!("psql could not be run: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

fn psql_file(conninfo: &str, path: &Path) -> Result<(), String> {
    let out = Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f"])
        .arg(path)
        .output()
        .map_err(|e| format!("psql could not be run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// A folder of this process's own for the examples' files.
fn examples_dir() -> PathBuf {
    std::env::temp_dir().join(format!(
        "secondlook-differential-examples-{}",
        std::process::id()
    ))
}

/// Each gate's example that changes the seed migration, written as `<gate>_<name>.sql`.
fn example_files() -> Vec<PathBuf> {
    let dir = examples_dir();
    std::fs::create_dir_all(&dir).unwrap();
    examples()
        .filter(|(_, example)| matches!(example.input, Input::Seed(_)))
        .map(|(gate, example)| {
            let path = dir.join(format!("{}_{}.sql", gate.id, example.name));
            std::fs::write(&path, example.input.text().unwrap()).unwrap();
            path
        })
        .collect()
}

fn sql_files() -> Vec<PathBuf> {
    let mut files = example_files();
    for dir in [
        "fixtures/seed/schema",
        "fixtures/model",
        "fixtures/drizzle/out",
        "fixtures/corpus/sql",
        "fixtures/corpus/sql/derived",
    ] {
        let Ok(entries) = std::fs::read_dir(format!("{ROOT}{dir}")) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "sql"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

/// The catalog facts of every table outside the system schemas, one line each.
const CATALOG: &str = r#"
WITH t AS (
  SELECT c.oid, c.relowner, c.relacl, n.nspname || '.' || c.relname AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
    AND n.nspname NOT LIKE 'pg_toast%'
)
SELECT 'table|' || name || '|' || pg_get_userbyid(relowner) FROM t
UNION ALL
SELECT 'column|' || t.name || '|' || a.attname || '|' || format_type(a.atttypid, a.atttypmod)
       || '|' || a.attnotnull
FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'index|' || t.name || '|' || ic.relname || '|' || i.indisunique || '|' || am.amname || '|'
       || array_to_string(ARRAY(
            SELECT CASE WHEN i.indkey[k - 1] = 0 THEN '<expression>' ELSE a.attname END
            FROM generate_series(1, i.indnkeyatts) k
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]
            ORDER BY k), ',')
       || '|' || coalesce(pg_get_expr(i.indpred, i.indrelid), '')
FROM t JOIN pg_index i ON i.indrelid = t.oid JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_am am ON am.oid = ic.relam
WHERE NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
UNION ALL
SELECT CASE k.contype WHEN 'p' THEN 'primary-key|' WHEN 'u' THEN 'unique|' ELSE 'foreign-key|' END
       || t.name || '|'
       || array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY o), ',')
       || CASE WHEN k.contype = 'f' THEN '|' || rn.nspname || '.' || r.relname || '|'
            || array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
               JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY o), ',')
          ELSE '' END
FROM t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype IN ('p', 'u', 'f')
LEFT JOIN pg_class r ON r.oid = k.confrelid LEFT JOIN pg_namespace rn ON rn.oid = r.relnamespace
UNION ALL
SELECT 'checks|' || t.name || '|' || count(k.oid)
FROM t LEFT JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'c' GROUP BY t.name
UNION ALL
SELECT 'trigger|' || t.name || '|' || g.tgname || '|'
       || CASE WHEN g.tgtype & 2 <> 0 THEN 'before' WHEN g.tgtype & 64 <> 0 THEN 'instead' ELSE 'after' END
       || '|' || concat_ws(',',
            CASE WHEN g.tgtype & 4 <> 0 THEN 'insert' END,
            CASE WHEN g.tgtype & 16 <> 0 THEN 'update' || CASE WHEN g.tgattr::text <> '' THEN
              '(' || array_to_string(ARRAY(SELECT a.attname FROM unnest(g.tgattr::int2[]) u(n)
                JOIN pg_attribute a ON a.attrelid = g.tgrelid AND a.attnum = u.n ORDER BY 1), ',') || ')'
              ELSE '' END END,
            CASE WHEN g.tgtype & 8 <> 0 THEN 'delete' END,
            CASE WHEN g.tgtype & 32 <> 0 THEN 'truncate' END)
       || '|' || (g.tgtype & 1 <> 0) || '|' || (g.tgenabled IN ('O', 'A')) || '|'
       || pn.nspname || '.' || p.proname || '|' || (g.tgqual IS NOT NULL)
FROM t JOIN pg_trigger g ON g.tgrelid = t.oid AND NOT g.tgisinternal
JOIN pg_proc p ON p.oid = g.tgfoid JOIN pg_namespace pn ON pn.oid = p.pronamespace
UNION ALL
SELECT 'rule|' || t.name || '|' || w.rulename || '|'
       || CASE w.ev_type WHEN '1' THEN 'select' WHEN '2' THEN 'update' WHEN '3' THEN 'insert' ELSE 'delete' END
       || '|' || (w.is_instead AND w.ev_qual = '<>'
                  AND pg_get_ruledef(w.oid) LIKE '% DO INSTEAD NOTHING;')
       || '|' || (w.ev_enabled IN ('O', 'A'))
FROM t JOIN pg_rewrite w ON w.ev_class = t.oid AND w.rulename <> '_RETURN'
UNION ALL
SELECT DISTINCT 'grant|' || t.name || '|'
       || CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END
       || '|' || lower(x.privilege_type)
FROM t, aclexplode(t.relacl) x WHERE x.grantee <> t.relowner
UNION ALL
SELECT DISTINCT 'grant|' || t.name || '|'
       || CASE WHEN x.grantee = 0 THEN 'public' ELSE pg_get_userbyid(x.grantee) END
       || '|' || lower(x.privilege_type) || ' (columns)'
FROM t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attacl IS NOT NULL, aclexplode(a.attacl) x
WHERE x.grantee <> t.relowner
"#;

fn qualified(name: &QName) -> String {
    format!("{}.{}", name.schema, name.name)
}

/// The same facts as the model holds them; `predicate` prints an index predicate the way
/// PostgreSQL does.
fn model_facts(
    schema: &Schema,
    owner: &str,
    mut predicate: impl FnMut(&QName, &ExprText) -> String,
) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    for table in schema.tables.values() {
        let name = qualified(&table.name);
        facts.insert(format!(
            "table|{name}|{}",
            table.owner.as_deref().unwrap_or(owner)
        ));
        for column in &table.columns {
            facts.insert(format!(
                "column|{name}|{}|{}|{}",
                column.name, column.data_type, column.not_null
            ));
        }
        let mut checks = 0;
        for constraint in &table.constraints {
            match &constraint.kind {
                ConstraintKind::Check { .. } => checks += 1,
                ConstraintKind::PrimaryKey { columns } => {
                    facts.insert(format!("primary-key|{name}|{}", columns.join(",")));
                }
                ConstraintKind::Unique { columns } => {
                    facts.insert(format!("unique|{name}|{}", columns.join(",")));
                }
                ConstraintKind::ForeignKey {
                    columns,
                    references,
                    referred_columns,
                    ..
                } => {
                    // Without a column list a foreign key refers to the primary key.
                    let referred = if referred_columns.is_empty() {
                        schema
                            .table(references)
                            .and_then(|t| {
                                t.constraints.iter().find_map(|c| match &c.kind {
                                    ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
                                    _ => None,
                                })
                            })
                            .unwrap_or_default()
                    } else {
                        referred_columns.clone()
                    };
                    facts.insert(format!(
                        "foreign-key|{name}|{}|{}|{}",
                        columns.join(","),
                        qualified(references),
                        referred.join(",")
                    ));
                }
            }
        }
        facts.insert(format!("checks|{name}|{checks}"));
        for (grantee, privileges) in &table.grants {
            for privilege in privileges {
                facts.insert(format!("grant|{name}|{grantee}|{privilege}"));
            }
        }
    }
    for index in &schema.indexes {
        let table = schema.table(&index.table);
        let columns: Vec<&str> = index
            .columns
            .iter()
            .map(|c| match table.and_then(|t| t.column(c)) {
                Some(_) => c.as_str(),
                None => "<expression>",
            })
            .collect();
        facts.insert(format!(
            "index|{}|{}|{}|{}|{}|{}",
            qualified(&index.table),
            index.name.as_deref().unwrap_or_default(),
            index.unique,
            index.method.as_deref().unwrap_or("btree"),
            columns.join(","),
            index
                .predicate
                .as_ref()
                .map(|p| predicate(&index.table, p))
                .unwrap_or_default()
        ));
    }
    for trigger in &schema.triggers {
        let timing = match trigger.timing {
            Some(Timing::Before) => "before",
            Some(Timing::InsteadOf) => "instead",
            _ => "after",
        };
        let mut events: Vec<(u8, String)> = trigger
            .events
            .iter()
            .map(|e| match e {
                Event::Insert => (0, "insert".to_string()),
                Event::Update { columns } if columns.is_empty() => (1, "update".to_string()),
                Event::Update { columns } => {
                    let mut sorted = columns.clone();
                    sorted.sort();
                    (1, format!("update({})", sorted.join(",")))
                }
                Event::Delete => (2, "delete".to_string()),
                Event::Truncate => (3, "truncate".to_string()),
            })
            .collect();
        events.sort();
        let events: Vec<String> = events.into_iter().map(|(_, e)| e).collect();
        facts.insert(format!(
            "trigger|{}|{}|{timing}|{}|{}|{}|{}|{}",
            qualified(&trigger.table),
            trigger.name,
            events.join(","),
            trigger.for_each_row,
            trigger.enabled,
            trigger.function.as_ref().map(qualified).unwrap_or_default(),
            trigger.condition.is_some()
        ));
    }
    for rule in &schema.rules {
        let event = match rule.event {
            RuleEvent::Select => "select",
            RuleEvent::Insert => "insert",
            RuleEvent::Update => "update",
            RuleEvent::Delete => "delete",
        };
        facts.insert(format!(
            "rule|{}|{}|{event}|{}|{}",
            qualified(&rule.table),
            rule.name,
            rule.instead_nothing,
            rule.enabled
        ));
    }
    facts
}

/// The table a fact is about (its second field).
fn table_of(fact: &str) -> &str {
    fact.split('|').nth(1).unwrap_or_default()
}

/// The files one comparison runs, in order: what came before, then the file.
fn inputs(path: &Path) -> Vec<PathBuf> {
    let file_name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut paths: Vec<PathBuf> = EARLIER
        .iter()
        .filter(|(name, _)| *name == file_name)
        .map(|(_, earlier)| PathBuf::from(format!("{ROOT}{earlier}")))
        .collect();
    let before = PathBuf::from(format!("{ROOT}fixtures/differential/before/{file_name}"));
    if before.exists() {
        paths.push(before);
    }
    paths.push(path.to_path_buf());
    paths
}

/// The model of the files, and the script PostgreSQL runs: of a file with up and down
/// sections only the up one, as the model reads it.
fn model_and_script(paths: &[PathBuf]) -> (Schema, String) {
    let files: Vec<SqlFile> = paths
        .iter()
        .map(|p| SqlFile {
            path: p.strip_prefix(ROOT).unwrap_or(p).display().to_string(),
            tool: None,
            text: Ok(std::fs::read_to_string(p).unwrap()),
        })
        .collect();
    let result = check(&files, None);
    let mut script = String::new();
    for (file, report) in files.iter().zip(&result.files) {
        let text = file.text.as_deref().unwrap_or_default();
        if report.down_marker.is_some() {
            for statement in &report.statements {
                if !matches!(statement.outcome, Outcome::DownSection) {
                    script.push_str(
                        text.get(statement.span.start..statement.span.end)
                            .unwrap_or_default(),
                    );
                    script.push_str("\n;\n");
                }
            }
        } else {
            script.push_str(text);
            script.push_str("\n;\n");
        }
    }
    (result.schema, script)
}

/// Roles a file grants to or hands tables to: they must exist before it runs.
fn roles(schema: &Schema) -> BTreeSet<String> {
    let mut roles: BTreeSet<String> = schema
        .tables
        .values()
        .flat_map(|t| t.grants.keys().cloned().chain(t.owner.clone()))
        .collect();
    for change in &schema.privileges {
        for grantee in &change.grantees {
            let last = grantee.split_whitespace().last().unwrap_or_default();
            roles.insert(last.trim_matches('"').to_lowercase());
        }
    }
    roles.remove("public");
    roles.remove("postgres");
    roles
}

/// The model's predicate of an index on `table` as PostgreSQL prints it: given to a new
/// index on the same table (`pg_get_expr` of its `indpred`), so that the comparison is
/// PostgreSQL's own reading of both texts, not a normal form of ours. A predicate
/// PostgreSQL refuses comes back as its error, which then disagrees.
fn normalised_predicate(conninfo: &str, table: &QName, expr: &ExprText, probe: usize) -> String {
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    let (schema, probe) = (
        quote(&table.schema),
        quote(&format!("secondlook_probe_{probe}")),
    );
    let sql = format!(
        "CREATE INDEX {probe} ON {schema}.{} ((1)) WHERE {expr}; \
         SELECT pg_get_expr(indpred, indrelid) FROM pg_index \
         WHERE indexrelid = '{}'::regclass",
        quote(&table.name),
        format!("{schema}.{probe}").replace('\'', "''")
    );
    match psql(conninfo, &sql) {
        Ok(text) => text.trim().to_string(),
        Err(error) => format!(
            "<PostgreSQL refuses the model's predicate {expr}: {}>",
            error.trim()
        ),
    }
}

/// Applies one file to a fresh database; `Err` is PostgreSQL's refusal, `Ok` the
/// disagreements with the model.
fn compare(server: &str, index: usize, path: &Path) -> Result<Vec<String>, String> {
    let name = path
        .strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string();
    let (schema, run) = model_and_script(&inputs(path));
    let db = format!("secondlook_differential_{index}");
    psql(server, &format!("DROP DATABASE IF EXISTS {db}")).unwrap();
    psql(server, &format!("CREATE DATABASE {db}")).unwrap();
    for role in roles(&schema) {
        let exists = psql(
            server,
            &format!("SELECT 1 FROM pg_roles WHERE rolname = '{role}'"),
        )
        .unwrap();
        if exists.trim().is_empty() {
            psql(server, &format!("CREATE ROLE \"{role}\"")).unwrap();
        }
    }
    let conninfo = format!("{server} dbname={db}");
    let script = std::env::temp_dir().join(format!("{db}.sql"));
    std::fs::write(&script, run).unwrap();
    let applied = psql_file(&conninfo, &script);
    let _ = std::fs::remove_file(&script);
    let outcome = applied
        .and_then(|()| psql(&conninfo, CATALOG))
        .map(|catalog| {
            let server_facts: BTreeSet<String> = catalog
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            let mut probes = 0;
            let model = model_facts(&schema, "postgres", |table, expr| {
                probes += 1;
                normalised_predicate(&conninfo, table, expr, probes)
            });
            let unknown = |fact: &str| {
                schema.unfollowed.iter().any(|u| {
                    u.object
                        .as_ref()
                        .is_none_or(|o| qualified(o) == table_of(fact))
                })
            };
            let agreed = server_facts.intersection(&model).count();
            let skipped = server_facts.union(&model).filter(|f| unknown(f)).count();
            eprintln!("{name}: {agreed} facts agree, {skipped} left to not verified");
            for u in &schema.unfollowed {
                eprintln!(
                    "  line {}: {} ({:?})",
                    u.span.line,
                    u.why,
                    u.object.as_ref().map(qualified)
                );
            }
            let mut out = Vec::new();
            for fact in server_facts.difference(&model).filter(|f| !unknown(f)) {
                out.push(format!("{name}: PostgreSQL has   {fact}"));
            }
            for fact in model.difference(&server_facts).filter(|f| !unknown(f)) {
                out.push(format!("{name}: the model has {fact}"));
            }
            out
        });
    psql(server, &format!("DROP DATABASE {db} WITH (FORCE)")).unwrap();
    outcome
}

#[test]
#[cfg_attr(
    not(feature = "postgres-tests"),
    ignore = "needs PostgreSQL: scripts/test.sh runs it"
)]
fn the_model_agrees_with_postgresql_on_every_file() {
    let server = server();
    let mut disagreements = Vec::new();
    let mut refused = Vec::new();
    for (index, path) in sql_files().iter().enumerate() {
        let name = path
            .strip_prefix(ROOT)
            .unwrap_or(path)
            .display()
            .to_string();
        match compare(&server, index, path) {
            Ok(found) => disagreements.extend(found),
            Err(error) => {
                // psql prints the file's notices before the error: keep the error.
                let line = error
                    .lines()
                    .find(|l| l.contains("ERROR"))
                    .unwrap_or(&error);
                refused.push((name, line.to_string()));
            }
        }
    }
    std::fs::remove_dir_all(examples_dir()).unwrap();
    assert!(
        refused.is_empty(),
        "PostgreSQL refused files (a file that needs objects of earlier migrations gets them \
         from fixtures/differential/before/<name>):\n{refused:#?}"
    );
    assert!(
        disagreements.is_empty(),
        "the model and PostgreSQL disagree:\n{}",
        disagreements.join("\n")
    );
}
