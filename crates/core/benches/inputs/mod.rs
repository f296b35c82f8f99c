//! Large inputs built from the seed, shared by the benches and by the `bench_inputs`
//! example that writes them to disk for the browser benchmark (`scripts/bench.mjs`).
//! Each input grows by repeating real seed content, so the parsers see what they see
//! in practice, only more of it.
//! (Each bench uses only some of these builders.)

#![allow(dead_code)]

use std::collections::BTreeSet;

use serde_json::{Value, json};

pub const SEED_SQL: &str = include_str!("../../../../fixtures/seed/schema/0000_money_core.sql");
pub const SEED_RUN: &str = include_str!("../../../../fixtures/seed/run.json");
pub const SEED_REPORT: &str = include_str!("../../../../fixtures/seed/money-core-audit-report.md");

/// The seed's own object names: tables, enum types, the trigger and its function.
const RENAMED: &[&str] = &[
    "users",
    "categories",
    "purchase_requests",
    "seller_offers",
    "payments",
    "ledger_entries",
    "trezor_accounts",
    "trezor_addresses",
    "point_transactions",
    "payment_direction",
    "payment_status",
    "ledger_kind",
    "owner_kind",
    "ledger_entries_append_only",
    "ledger_entries_no_update_delete",
];

/// The seed with every object name given `suffix`, and every name built on one (index
/// and constraint names start with their table's name).
fn renamed_copy(suffix: &str, renamed: &BTreeSet<&str>) -> String {
    let rename = |word: &str| {
        renamed.contains(word)
            || renamed
                .iter()
                .any(|n| word.strip_prefix(n).is_some_and(|r| r.starts_with('_')))
    };
    let mut out = String::with_capacity(SEED_SQL.len() + 512);
    let mut word = String::new();
    for c in SEED_SQL.chars().chain(std::iter::once('\n')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if rename(&word) {
            word.push_str(suffix);
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out
}

/// The seed schema, then renamed copies of it until the text is at least `bytes` long.
/// Returns the SQL and how many copies of the seed it holds.
pub fn migration(bytes: usize) -> (String, usize) {
    let renamed: BTreeSet<&str> = RENAMED.iter().copied().collect();
    let mut sql = String::from(SEED_SQL);
    let mut copies = 1;
    while sql.len() < bytes {
        sql.push('\n');
        sql.push_str(&renamed_copy(&format!("_{copies}"), &renamed));
        copies += 1;
    }
    (sql, copies)
}

/// Statements that each lock a table the migration did not create (an index build, a
/// new column, a constraint), repeated until the text is at least `bytes` long: what
/// the lock-safety check cannot leave out.
pub fn lock_migration(bytes: usize) -> String {
    let mut sql = String::from("SET lock_timeout = '1s';\n");
    let mut n = 0;
    while sql.len() < bytes {
        sql.push_str(&format!(
            "CREATE INDEX payments_c{n}_idx ON payments (c{n});\n\
             ALTER TABLE payments ADD COLUMN c{n} text;\n\
             ALTER TABLE payments ADD CONSTRAINT payments_c{n}_check CHECK (c{n} <> '');\n"
        ));
        n += 1;
    }
    sql
}

/// The seed report with a further table of `findings` recommended changes, each row
/// with inline code and emphasis like the seed's own.
pub fn report(findings: usize) -> String {
    const PHASES: [&str; 8] = [
        "Preflight",
        "Infra",
        "Schema",
        "Repos",
        "Backfill",
        "Tests",
        "VerifyGate",
        "SelfAudit",
    ];
    const SEVERITIES: [&str; 4] = ["low", "medium", "high", "high (where) / medium"];
    let mut out = String::with_capacity(SEED_REPORT.len() + findings * 260);
    out.push_str(SEED_REPORT);
    out.push_str("\n\n## 9. Further recommended changes\n\n");
    out.push_str("| Phase | ID | Change | Severity |\n|---|---|---|---|\n");
    for n in 0..findings {
        let phase = PHASES.get(n % PHASES.len()).copied().unwrap_or("Schema");
        let severity = SEVERITIES
            .get(n % SEVERITIES.len())
            .copied()
            .unwrap_or("low");
        out.push_str(&format!(
            "| {phase} | SCALE-{n:05} / FK-{fk} | **Check {n}.** Compare `payments_{n}.amount` \
             with the ledger sum as `::numeric`, never float, and stop the phase when they \
             differ (line {line}). | {severity} |\n",
            fk = 1000 + n,
            line = 100 + n,
        ));
    }
    out
}

/// The seed run with `phases` more phases, each with `notes` notes of about 200 bytes,
/// and the migration either inline (`Some(sql)`) or as the seed's `href`.
pub fn run(phases: usize, notes: usize, inline_sql: Option<&str>) -> String {
    let mut run: Value = serde_json::from_str(SEED_RUN).unwrap_or(Value::Null);
    if let Some(list) = run.get_mut("phases").and_then(Value::as_array_mut) {
        for p in 0..phases {
            let notes: Vec<String> = (0..notes)
                .map(|n| {
                    format!(
                        "step {p}.{n}: re-read backend/src/db/repositories/payment_{p}.ts and \
                         compared each write with its Mongo original; the ledger row and the \
                         payment row are written in one db.transaction(...)"
                    )
                })
                .collect();
            list.push(json!({
                "name": format!("Repos-{p}"),
                "status": "passed",
                "durationMs": 1000 + p,
                "notes": notes,
                "artifacts": [format!("backend/src/db/repositories/payment_{p}.ts")],
            }));
        }
    }
    if let (Some(sql), Some(files)) = (
        inline_sql,
        run.pointer_mut("/schema/files")
            .and_then(Value::as_array_mut),
    ) {
        for file in files.iter_mut() {
            if let Some(file) = file.as_object_mut() {
                file.remove("href");
                file.insert("sql".into(), Value::String(sql.to_string()));
            }
        }
    }
    serde_json::to_string_pretty(&run).unwrap_or_default()
}

/// The shapes of SQL the growth benchmark holds to linear time and memory, each built
/// to at least `bytes` as named files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// One ALTER TABLE after another on the same table, each adding a column.
    AltersOnOneTable,
    /// Renamed copies of the seed schema: many tables, indexes and constraints.
    ManyTables,
    /// One INSERT whose VALUES list is the whole file.
    OneHugeStatement,
    /// Files of a few statements each, every one named by the run.
    ManySmallFiles,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::AltersOnOneTable,
        Shape::ManyTables,
        Shape::OneHugeStatement,
        Shape::ManySmallFiles,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::AltersOnOneTable => "many ALTERs on one table",
            Shape::ManyTables => "many tables",
            Shape::OneHugeStatement => "one huge statement",
            Shape::ManySmallFiles => "many small files",
        }
    }

    /// The SQL files, as `(file name, text)`.
    pub fn files(self, bytes: usize) -> Vec<(String, String)> {
        let one = |text: String| vec![("0001_shape.sql".to_string(), text)];
        match self {
            Shape::AltersOnOneTable => one(repeated(bytes, |n| {
                format!("ALTER TABLE payments ADD COLUMN c{n} integer;\n")
            })),
            Shape::ManyTables => one(migration(bytes).0),
            Shape::OneHugeStatement => {
                let mut sql = repeated(bytes, |n| {
                    let head = if n == 0 {
                        "INSERT INTO payments (id, amount, status) VALUES\n"
                    } else {
                        ",\n"
                    };
                    format!("{head}({n}, {n}.25, 'pending')")
                });
                sql.push_str(";\n");
                one(sql)
            }
            Shape::ManySmallFiles => {
                let mut files = Vec::new();
                let mut total = 0;
                while total < bytes {
                    let n = files.len();
                    let text = format!(
                        "CREATE TABLE t{n} (id bigint PRIMARY KEY, amount numeric(38,18) NOT NULL);\n\
                         CREATE INDEX t{n}_amount_idx ON t{n} (amount);\n\
                         ALTER TABLE payments ADD COLUMN c{n} integer;\n\
                         COMMENT ON TABLE t{n} IS 'made by file {n}';\n"
                    );
                    total += text.len();
                    files.push((format!("{n:06}_small.sql"), text));
                }
                files
            }
        }
    }
}

/// `piece(0)`, `piece(1)`, ... joined until at least `bytes` long.
fn repeated(bytes: usize, piece: impl Fn(usize) -> String) -> String {
    let mut sql = String::with_capacity(bytes + 128);
    let mut n = 0;
    while sql.len() < bytes {
        sql.push_str(&piece(n));
        n += 1;
    }
    sql
}

/// A migrations folder's history of `n` files, as the proof meets it: the seed first,
/// then each file changes what came before as real histories do (a column added, an
/// index built, a new table beside the seed's with its own index), and every tenth a
/// renamed copy of the whole seed. Returns (file name, SQL) in run order, with the
/// newest (a nullable column and an index on the seed's `payments`, built in
/// drizzle-kit's one transaction, so not concurrently) last.
pub fn history(n: usize) -> Vec<(String, String)> {
    let renamed: BTreeSet<&str> = RENAMED.iter().copied().collect();
    let mut files = vec![("0000_money_core.sql".to_string(), SEED_SQL.to_string())];
    for i in 1..n {
        let sql = match i % 10 {
            0 => renamed_copy(&format!("_{i}"), &renamed),
            1 | 4 | 7 => format!("ALTER TABLE \"payments\" ADD COLUMN \"c{i}\" text;\n"),
            2 | 5 | 8 => format!(
                "CREATE TABLE \"t{i}\" (\n\t\"id\" bigint PRIMARY KEY NOT NULL,\n\t\"amount\" numeric(38, 18) NOT NULL,\n\t\"note\" text\n);\n--> statement-breakpoint\nCREATE INDEX \"t{i}_amount_idx\" ON \"t{i}\" USING btree (\"amount\");\n"
            ),
            _ => format!(
                "CREATE INDEX \"payments_c{}_idx\" ON \"payments\" USING btree (\"c{}\");\n",
                i - 2,
                i - 2
            ),
        };
        files.push((format!("{i:04}_step.sql"), sql));
    }
    files.push((
        format!("{n:04}_payment_note.sql"),
        "ALTER TABLE \"payments\" ADD COLUMN \"note\" text;\n--> statement-breakpoint\nCREATE INDEX \"payments_note_idx\" ON \"payments\" USING btree (\"note\");\n".to_string(),
    ));
    files
}

/// The seed run over a baseline: its SQL is the last of `files`, the rest its
/// `schema.baseline`, each a drizzle-kit file named by an `href` under `schema/`.
pub fn run_over(files: &[(String, String)]) -> String {
    let mut run: Value = serde_json::from_str(SEED_RUN).unwrap_or(Value::Null);
    let listed = |files: &[(String, String)]| -> Value {
        files
            .iter()
            .map(|(name, _)| {
                json!({
                    "path": format!("backend/src/db/migrations/{name}"),
                    "href": format!("schema/{name}"),
                    "tool": "drizzle-kit",
                })
            })
            .collect()
    };
    if let (Some((last, earlier)), Some(schema)) = (files.split_last(), run.get_mut("schema")) {
        schema["files"] = listed(std::slice::from_ref(last));
        schema["baseline"] = listed(earlier);
    }
    serde_json::to_string(&run).unwrap_or_default()
}

/// The seed run with its one SQL file replaced by `files`, each named by an `href`
/// under `schema/`.
pub fn run_naming(files: &[(String, String)]) -> String {
    let mut run: Value = serde_json::from_str(SEED_RUN).unwrap_or(Value::Null);
    let listed: Vec<Value> = files
        .iter()
        .map(|(name, _)| {
            json!({
                "path": format!("backend/src/db/migrations/{name}"),
                "href": format!("schema/{name}"),
            })
        })
        .collect();
    if let Some(slot) = run.pointer_mut("/schema/files") {
        *slot = Value::Array(listed);
    }
    serde_json::to_string(&run).unwrap_or_default()
}
