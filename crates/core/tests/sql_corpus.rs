//! Every file of the public SQL corpus (`fixtures/corpus/sql`) goes through the engine; for each, how many
//! statements parse and which do not is pinned.

use secondlook_core::gate::{GateId, Status};
use secondlook_core::recheck::{NO_BASELINE, SqlCheck, check};
use secondlook_core::run::expectations::Expectations;
use secondlook_core::sql::SqlFile;
use secondlook_core::sql::file::Tool;
use secondlook_core::sql::model::ConstraintKind;
use secondlook_core::sql::parse::{Outcome, StatementInfo};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/corpus/sql/");

/// The tool that runs a corpus file, as SOURCES.md says: blnk's files are sql-migrate's.
/// hordak splits its `--- reverse:` sections with its own Python, no tool a run names.
fn tool_of(name: &str) -> Option<Tool> {
    name.starts_with("handwritten_blnk_")
        .then_some(Tool::SqlMigrate)
}

fn run(name: &str) -> SqlCheck {
    let text = std::fs::read_to_string(format!("{CORPUS}{name}")).unwrap();
    check(
        &[SqlFile {
            path: name.to_string(),
            tool: tool_of(name),
            text: Ok(text),
        }],
        None,
    )
}

/// Parsed statements (DO block insides counted one by one) and the lines of those that
/// did not parse.
fn counts(check: &SqlCheck) -> (usize, Vec<u32>) {
    fn walk(statements: &[StatementInfo], parsed: &mut usize, failed: &mut Vec<u32>) {
        for s in statements {
            match &s.outcome {
                Outcome::Parsed => *parsed += 1,
                Outcome::NotParsed { .. } => failed.push(s.span.line),
                Outcome::DoBlock { inner } => walk(inner, parsed, failed),
                Outcome::DownSection | Outcome::Skipped { .. } => {}
            }
        }
    }
    let (mut parsed, mut failed) = (0, Vec::new());
    walk(&check.files[0].statements, &mut parsed, &mut failed);
    (parsed, failed)
}

/// (file, statements that parse, lines of those that do not, only the up part checked)
const PINNED: &[(&str, usize, &[u32], bool)] = &[
    (
        "derived/handwritten_blackledger_20231202145327436_entry.up.sql",
        4,
        &[],
        false,
    ),
    (
        "drizzle_ai-chatbot_0001_sparkling_blue_marvel.sql",
        5,
        &[],
        false,
    ),
    ("drizzle_dokploy_0000_reflective_puck.sql", 58, &[], false),
    (
        "drizzle_drizzle-orm_integration-pg_0000_puzzling_flatman.sql",
        1,
        &[],
        false,
    ),
    ("drizzle_morphic_0000_black_lifeguard.sql", 9, &[], false),
    (
        "drizzle_morphic_0006_brainy_wrecking_crew.sql",
        3,
        &[],
        false,
    ),
    ("drizzle_sim_0048_flawless_ultron.sql", 9, &[], false),
    ("drizzle_sim_0049_fancy_cardiac.sql", 28, &[], false),
    ("drizzle_sim_0158_amazing_hulk.sql", 38, &[], false),
    // `DROP INDEX CONCURRENTLY IF EXISTS` three times.
    (
        "drizzle_sim_0261_tranquil_donald_blake.sql",
        27,
        &[81, 83, 85],
        false,
    ),
    (
        "handwritten_bank-of-anthos_ledger-db_0_init_tables.sql",
        5,
        &[],
        false,
    ),
    // YAML, not SQL: it must come through without a panic, as two refused statements.
    (
        "handwritten_blackledger_20231202145327436_entry.yaml",
        0,
        &[1, 11],
        false,
    ),
    ("handwritten_blnk_1708676327_init_schema.sql", 11, &[], true),
    (
        "handwritten_blnk_1741885443_amounts_to_numeric.sql",
        8,
        &[],
        true,
    ),
    (
        "handwritten_blnk_1742098199_prevent_transaction_update.sql",
        3,
        &[],
        true,
    ),
    (
        "handwritten_formance-ledger_0-init-schema_up.sql",
        73,
        &[],
        false,
    ),
    (
        "handwritten_hordak_0052_amount_to_debit_credit_sql.pg.sql",
        11,
        &[],
        true,
    ),
    ("handwritten_pgledger_pgledger.sql", 21, &[], false),
];

#[test]
fn every_corpus_file_is_pinned() {
    let mut on_disk: Vec<String> = std::fs::read_dir(CORPUS)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".sql") || n.ends_with(".yaml"))
        .collect();
    on_disk.extend(
        std::fs::read_dir(format!("{CORPUS}derived"))
            .unwrap()
            .map(|e| format!("derived/{}", e.unwrap().file_name().into_string().unwrap())),
    );
    on_disk.sort();
    let pinned: Vec<&str> = PINNED.iter().map(|p| p.0).collect();
    assert_eq!(on_disk, pinned);
}

#[test]
fn corpus_parse_counts_are_pinned() {
    for (name, parsed, failed, up_only) in PINNED {
        let c = run(name);
        assert_eq!(counts(&c), (*parsed, failed.to_vec()), "{name}");
        assert_eq!(c.files[0].down_marker.is_some(), *up_only, "{name}");
        let down = c.notes.iter().filter(|n| *n != NO_BASELINE).count();
        assert_eq!(down > 0, *up_only, "{name}");
        let warnings = c
            .gates
            .iter()
            .filter(|g| g.id == GateId::SqlParses && g.status == Status::Fail)
            .count();
        assert_eq!(warnings, failed.len(), "{name}");
    }
}

#[test]
fn dokploy_foreign_keys_in_do_blocks_are_all_in_the_model() {
    let c = run("drizzle_dokploy_0000_reflective_puck.sql");
    let fks: Vec<_> = c
        .schema
        .tables
        .values()
        .flat_map(|t| &t.constraints)
        .filter(|k| matches!(k.kind, ConstraintKind::ForeignKey { .. }))
        .collect();
    assert_eq!(fks.len(), 28);
    // Each keeps its true place: inside a DO block, one line below `DO $$ BEGIN`.
    let text = std::fs::read_to_string(format!("{CORPUS}drizzle_dokploy_0000_reflective_puck.sql"))
        .unwrap();
    for fk in fks {
        let line = text.lines().nth(fk.span.line as usize - 1).unwrap();
        assert!(line.contains("ADD CONSTRAINT"), "{line}");
        let previous = text.lines().nth(fk.span.line as usize - 2).unwrap();
        assert_eq!(previous, "DO $$ BEGIN");
    }
    assert_eq!(c.schema.enums.len(), 10);
}

#[test]
fn composite_foreign_keys_keep_their_columns() {
    let c = run("drizzle_ai-chatbot_0001_sparkling_blue_marvel.sql");
    let suggestion = c
        .schema
        .tables
        .values()
        .find(|t| t.name.name == "Suggestion")
        .unwrap();
    let composite = suggestion.constraints.iter().find_map(|k| match &k.kind {
        ConstraintKind::ForeignKey {
            columns,
            references,
            ..
        } if columns.len() == 2 => Some((columns, references)),
        _ => None,
    });
    let (columns, references) = composite.unwrap();
    assert_eq!(columns, &["documentId", "documentCreatedAt"]);
    assert_eq!(references.name, "Document");
}

fn with(name: &str, expectations: &str) -> Vec<secondlook_core::gate::GateResult> {
    let text = std::fs::read_to_string(format!("{CORPUS}{name}")).unwrap();
    let e: Expectations = serde_json::from_str(expectations).unwrap();
    check(
        &[SqlFile {
            path: name.to_string(),
            tool: tool_of(name),
            text: Ok(text),
        }],
        Some(&e),
    )
    .gates
}

fn gate(
    gates: &[secondlook_core::gate::GateResult],
    id: GateId,
) -> &secondlook_core::gate::GateResult {
    gates.iter().find(|g| g.id == id).unwrap()
}

#[test]
fn real_append_only_ledgers() {
    let blnk = with(
        "handwritten_blnk_1742098199_prevent_transaction_update.sql",
        r#"{"appendOnly":[{"table":"blnk.transactions"}]}"#,
    );
    let append = gate(&blnk, GateId::AppendOnly);
    assert_eq!(append.status, Status::Fail);
    assert!(
        append.message.contains("DELETE is not blocked"),
        "{}",
        append.message
    );
    // Its function lets an UPDATE of meta_data alone through: PostgreSQL updates
    // the row, so the trigger is no proof for UPDATE.
    assert!(
        append.message.contains(
            "UPDATE: trigger prevent_transaction_update_trigger runs blnk.prevent_transaction_update, which raises on some paths only"
        ),
        "{}",
        append.message
    );

    let anthos = with(
        "handwritten_bank-of-anthos_ledger-db_0_init_tables.sql",
        r#"{"appendOnly":[{"table":"transactions"}]}"#,
    );
    assert_eq!(gate(&anthos, GateId::AppendOnly).status, Status::Pass);

    let blackledger = with(
        "derived/handwritten_blackledger_20231202145327436_entry.up.sql",
        r#"{"appendOnly":[{"table":"entry"}]}"#,
    );
    assert_eq!(gate(&blackledger, GateId::AppendOnly).status, Status::Pass);
}

#[test]
fn only_the_up_part_of_two_way_files_is_checked() {
    // The Down section retypes amount to FLOAT; the Up section to NUMERIC.
    let blnk = with(
        "handwritten_blnk_1741885443_amounts_to_numeric.sql",
        r#"{"moneyColumns":[{"table":"blnk.transactions","column":"amount"}],"moneyType":"numeric(38,18)"}"#,
    );
    let money = gate(&blnk, GateId::MoneyType);
    assert_eq!(money.status, Status::Fail);
    assert_eq!(
        money.message,
        "blnk.transactions.amount is numeric, not numeric(38,18)"
    );
    // Up retypes columns: not additive. Down's DROP TABLEs do not show up for init_schema.
    assert!(
        blnk.iter()
            .any(|g| g.id == GateId::AdditiveOnly && g.status == Status::Fail)
    );
    let init = run("handwritten_blnk_1708676327_init_schema.sql");
    assert!(
        init.gates
            .iter()
            .any(|g| g.id == GateId::AdditiveOnly && g.status == Status::Pass)
    );
}

#[test]
fn unparsed_drop_index_makes_its_gates_not_verified() {
    let sim = with(
        "drizzle_sim_0261_tranquil_donald_blake.sql",
        r#"{"indexes":[{"table":"webhook","columns":["workflow_id","block_id"],"unique":true,
            "where":"registration_status = 'active' AND block_id IS NOT NULL AND archived_at IS NULL"}]}"#,
    );
    assert_eq!(
        gate(&sim, GateId::ExpectedIndex).status,
        Status::NotVerified
    );
    assert_eq!(
        gate(&sim, GateId::IndexPredicate).status,
        Status::NotVerified
    );
    assert_eq!(gate(&sim, GateId::AdditiveOnly).status, Status::NotVerified);
}
