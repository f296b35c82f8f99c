//! Observing the migration: what each statement does to the tables that existed before
//! it. The plan sends, around each statement it can observe, a read of this session's
//! locks, the relations' scan counts in the transaction and their files
//! (`observe.sql`); the executors run those like any query. The answers say which lock
//! modes a statement held on each relation of the baseline, whether it read the
//! relation's rows (its scan count rose) and whether it rewrote it (its file changed).
//!
//! A statement run on its own is wrapped in a transaction of secondlook's (`BEGIN`, the
//! read, the statement, the read, `COMMIT`), so that its locks are still held when they
//! are read; in a transaction, the migration's or its tool's, the reads go around it
//! with nothing else added. Either way the statement's text and session are the same.
//! What cannot run in a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM`, ...),
//! what begins or ends a transaction, a file sent as one query, and everything after
//! such a file (its transaction state is not followed) are sent as they are, and are
//! not observed: what depends on them is not verified. Both reads of a statement must
//! come from the same transaction, or it is not observed either.

use std::collections::BTreeMap;

use crate::gate::{DecidedBy, Evidence, Proof, ProofResult, Status};
use crate::lock_safety::proved;
use crate::locks::{LockMode, Observed, RelationKind, RelationLocks, StatementLocks, is_table};
use crate::proof::{Answer, Executed, Observe, Outcome, Plan, Sent};
use crate::review::Review;
use crate::run::TableStats;
use crate::sql::lexer::code_words;
use crate::sql::rules::lock_budget;

/// The read, as one query that changes nothing (its comment says how).
const QUERY: &str = include_str!("observe.sql");

/// `migration` with the reads around each statement that can be observed, and one
/// before everything: the relations that existed before the migration.
pub fn around(migration: Vec<Sent>) -> Vec<Sent> {
    let Some(first) = migration.first() else {
        return migration;
    };
    let own = |observe: Observe, sql: &str, at: String, of: &Sent| Sent {
        sql: sql.to_string(),
        file: of.file,
        at,
        group: of.group,
        statements: 0,
        observe: Some(observe),
    };
    let mut out = vec![own(
        Observe::Start,
        QUERY,
        "secondlook's read of the relations before the migration".to_string(),
        first,
    )];
    // Whether a transaction block is open, as far as the queries sent so far say.
    let mut open = false;
    // After a file sent as one query, the session's transaction state is not followed.
    let mut followed = true;
    for sent in migration {
        let kind = if sent.statements == 1 {
            Kind::of(&sent.sql)
        } else {
            Kind::Tools
        };
        match kind {
            Kind::Tools if sent.statements == 0 => open = sent.sql == "BEGIN",
            Kind::Tools => followed = false,
            Kind::Control(opens) => open = opens.unwrap_or(open),
            Kind::OutsideTransaction => {}
            Kind::InTransactionOnly if !open => {}
            Kind::Plain | Kind::InTransactionOnly if followed => {
                let read = |observe: Observe, when: &str| {
                    own(
                        observe,
                        QUERY,
                        format!("secondlook's read {when} {}", sent.at),
                        &sent,
                    )
                };
                let wrap = |word: &str, when: &str| {
                    own(
                        Observe::Transaction,
                        word,
                        format!("secondlook's {word} {when} {}", sent.at),
                        &sent,
                    )
                };
                if !open {
                    out.push(wrap("BEGIN", "before"));
                }
                out.push(read(Observe::Before, "before"));
                let (after, commit) = (read(Observe::After, "after"), wrap("COMMIT", "after"));
                out.push(sent);
                out.push(after);
                if !open {
                    out.push(commit);
                }
                continue;
            }
            Kind::Plain | Kind::InTransactionOnly => {}
        }
        out.push(sent);
    }
    out
}

/// What a statement is to the observation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A tool's BEGIN or COMMIT, or a file sent as one query.
    Tools,
    /// It begins (`Some(true)`) or ends (`Some(false)`) a transaction block, or acts on
    /// one (a savepoint: `None`).
    Control(Option<bool>),
    /// PostgreSQL refuses it inside a transaction block, or it may end one itself.
    OutsideTransaction,
    /// PostgreSQL refuses it outside a transaction block: observed only in one.
    InTransactionOnly,
    Plain,
}

impl Kind {
    /// By the statement's first words, outside comments and quotes.
    fn of(sql: &str) -> Kind {
        if sql.trim_start().starts_with('\\') {
            return Kind::OutsideTransaction;
        }
        let mut words = code_words(sql, 0..sql.len()).map(|(_, w)| w.to_ascii_uppercase());
        let first = [words.next(), words.next()];
        let word = |i: usize| first.get(i).and_then(Option::as_deref).unwrap_or_default();
        match (word(0), word(1)) {
            ("BEGIN" | "START", _) => Kind::Control(Some(true)),
            ("COMMIT" | "ROLLBACK", "PREPARED") => Kind::OutsideTransaction,
            // SET TRANSACTION must come before any query of its transaction.
            ("ROLLBACK", "TO") | ("SAVEPOINT" | "RELEASE", _) | ("SET", "TRANSACTION") => {
                Kind::Control(None)
            }
            ("COMMIT" | "END" | "ABORT" | "ROLLBACK", _) | ("PREPARE", "TRANSACTION") => {
                Kind::Control(Some(false))
            }
            ("VACUUM" | "DISCARD" | "CALL" | "DO", _)
            | ("CREATE" | "DROP" | "ALTER", "DATABASE" | "TABLESPACE" | "SUBSCRIPTION")
            | ("ALTER", "SYSTEM")
            | ("REINDEX", "SYSTEM" | "DATABASE") => Kind::OutsideTransaction,
            ("CLUSTER", "") => Kind::OutsideTransaction,
            // PostgreSQL refuses these outside a transaction block: secondlook's own
            // would let them run.
            ("LOCK" | "DECLARE", _) => Kind::InTransactionOnly,
            ("CREATE" | "DROP" | "REINDEX" | "ALTER", _) if words.any(|w| w == "CONCURRENTLY") => {
                Kind::OutsideTransaction
            }
            _ => Kind::Plain,
        }
    }

    fn why_not(self) -> &'static str {
        match self {
            Kind::Tools => "its file is sent as one query",
            Kind::Control(_) => "it begins or ends a transaction",
            Kind::OutsideTransaction => {
                "it runs outside a transaction block (or may end one), where its locks \
                 cannot be read"
            }
            Kind::InTransactionOnly => {
                "it runs outside a transaction block, where PostgreSQL refuses it"
            }
            Kind::Plain => {
                "it runs after a file sent as one query, whose transactions secondlook \
                 does not follow"
            }
        }
    }
}

/// One read: the session's transaction, PostgreSQL's clock in microseconds, and, by
/// oid, each relation.
#[derive(Debug, Default)]
struct Read {
    xact: Option<String>,
    clock: u64,
    relations: BTreeMap<String, Relation>,
}

#[derive(Debug)]
struct Relation {
    /// `schema.name` and kind; `None` once dropped (its lock is still held).
    name: Option<(String, RelationKind)>,
    filenode: Option<String>,
    scans: u64,
    modes: Vec<LockMode>,
}

impl Read {
    fn of(answer: &Answer) -> Result<Read, String> {
        if !answer.ok {
            return Err(answer.said());
        }
        let mut read = Read::default();
        let mut clock = None;
        for row in &answer.rows {
            let [xact, at, oid, schema, name, kind, filenode, scans, modes] = row.as_slice() else {
                return Err(format!("a row of {} values, not 9", row.len()));
            };
            read.xact.clone_from(xact);
            clock = at.as_deref().map(micros);
            let Some(oid) = oid else { continue };
            let kind = match kind.as_deref() {
                Some("r") => Some(RelationKind::Table),
                Some("p") => Some(RelationKind::PartitionedTable),
                Some("i" | "I") => Some(RelationKind::Index),
                Some("m") => Some(RelationKind::MaterializedView),
                // A TOAST table, sequence or view the session locked: none the
                // observation follows (the first read lists only those above).
                _ => None,
            };
            let mut modes = (modes.as_deref().unwrap_or_default().split(','))
                .filter(|m| !m.is_empty())
                .map(|m| LockMode::from_pg_locks(m).ok_or_else(|| format!("lock mode {m:?}")))
                .collect::<Result<Vec<_>, _>>()?;
            // PostgreSQL lists them by name; the result lists them weakest first.
            modes.sort();
            modes.dedup();
            let relation = Relation {
                name: schema
                    .as_ref()
                    .zip(name.as_ref())
                    .zip(kind)
                    .map(|((s, n), k)| (format!("{s}.{n}"), k)),
                filenode: filenode.clone(),
                scans: (scans.as_deref().unwrap_or("0").parse())
                    .map_err(|_| format!("scan count {scans:?}"))?,
                modes,
            };
            read.relations.insert(oid.clone(), relation);
        }
        read.clock = clock.flatten().ok_or("the read gave no clock in seconds")?;
        Ok(read)
    }
}

/// Seconds since 1970 as PostgreSQL's numeric prints them (`1796698858.228521`), in
/// microseconds; `None` for anything else.
fn micros(seconds: &str) -> Option<u64> {
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let fraction: String = fraction.chars().chain("000000".chars()).take(6).collect();
    let whole: u64 = whole.parse().ok()?;
    whole
        .checked_mul(1_000_000)?
        .checked_add(fraction.parse().ok()?)
}

/// What the plan's reads show, statement by statement; `None` when the plan observed
/// nothing (no baseline). A statement the migration never reached is not observed.
pub fn read(plan: &Plan, executed: &Executed, stats: &[TableStats]) -> Option<Observed> {
    let sent = &plan.migration;
    let start = sent
        .iter()
        .position(|s| s.observe == Some(Observe::Start))?;
    let answer = |i: usize| executed.migration.get(i);
    let start_read = answer(start).map(Read::of);
    let live: BTreeMap<&String, &(String, RelationKind)> = match &start_read {
        Some(Ok(read)) => (read.relations.iter())
            .filter_map(|(oid, r)| r.name.as_ref().map(|name| (oid, name)))
            .collect(),
        _ => BTreeMap::new(),
    };
    let statements = sent
        .iter()
        .enumerate()
        .filter(|(_, s)| s.observe.is_none() && s.statements > 0)
        .map(|(i, s)| {
            let mut out = StatementLocks {
                at: s.at.clone(),
                sql: s.sql.trim().lines().next().unwrap_or_default().to_string(),
                not_observed: None,
                relations: Vec::new(),
                micros: None,
            };
            let observe = |j: Option<usize>| j.and_then(|j| sent.get(j)).and_then(|s| s.observe);
            let around = (observe(i.checked_sub(1)), observe(i.checked_add(1)));
            let reads = match (&start_read, around) {
                (Some(Err(why)), _) => Err(format!("the read before the migration failed: {why}")),
                (None, _) => Err("the migration stopped before it".to_string()),
                (_, (Some(Observe::Before), Some(Observe::After))) => {
                    match (answer(i - 1), answer(i + 1)) {
                        (Some(before), Some(after)) => {
                            Read::of(before).and_then(|b| Read::of(after).map(|a| (b, a)))
                        }
                        _ => Err("the migration stopped at or before it".to_string()),
                    }
                }
                _ if s.statements > 1 => Err(Kind::Tools.why_not().to_string()),
                _ => Err(Kind::of(&s.sql).why_not().to_string()),
            };
            match reads {
                Ok((before, after)) if before.xact.is_some() && before.xact == after.xact => {
                    out.relations = changes(&live, &before, &after, stats);
                    out.micros = Some(after.clock.saturating_sub(before.clock));
                }
                Ok(_) => {
                    out.not_observed = Some(
                        "its locks were not read in its own transaction (it began or ended one)"
                            .to_string(),
                    )
                }
                Err(why) => out.not_observed = Some(why),
            }
            out
        })
        .collect();
    Some(Observed { statements })
}

/// What the statement between `before` and `after` held on, read or rewrote of the
/// relations that existed before the migration.
fn changes(
    live: &BTreeMap<&String, &(String, RelationKind)>,
    before: &Read,
    after: &Read,
    stats: &[TableStats],
) -> Vec<RelationLocks> {
    live.iter()
        .filter_map(|(oid, (name, kind))| {
            let now = after.relations.get(*oid)?;
            let was = before.relations.get(*oid);
            let scanned = now.scans > was.map_or(0, |w| w.scans);
            let rewritten = match (was.and_then(|w| w.filenode.as_ref()), &now.filenode) {
                (Some(was), Some(now)) => was != now,
                _ => false,
            };
            if now.modes.is_empty() && !scanned && !rewritten {
                return None;
            }
            let size = stats.iter().find(|s| is_table(name, s.table.as_str()));
            Some(RelationLocks {
                name: name.clone(),
                kind: *kind,
                modes: now.modes.clone(),
                scanned,
                rewritten,
                rows: size.map(|s| s.rows),
                bytes: size.map(|s| s.bytes),
            })
        })
        .collect()
}

/// Puts what the observation shows on the review: the results of `lock-budget`, and
/// each Squawk warning about a statement that was observed; and keeps the observation
/// for the page and the outputs. Without one (no baseline), nothing changes.
pub fn settle(review: &mut Review, plan: &Plan, executed: &Executed) {
    let stats = (review.run())
        .and_then(|run| run.schema.as_ref())
        .and_then(|schema| schema.baseline_stats.clone())
        .unwrap_or_default();
    let Some(observed) = read(plan, executed, &stats) else {
        return;
    };
    let budgets = (review.run())
        .and_then(|run| run.expectations.as_ref())
        .map(lock_budget::budgets)
        .unwrap_or_default();
    let proof = |outcome: Outcome, decided_by| Proof {
        engine: executed.engine.clone(),
        result: outcome.result,
        how: outcome.how,
        observed: outcome.observed,
        catalog: None,
        decided_by,
    };
    let mut budgets = budgets.iter();
    let statement_at = statements_by_place(review);
    for result in &mut review.gates {
        if result.id == lock_budget::INFO.id {
            let Some(budget) = budgets.next() else {
                continue;
            };
            let (status, message) = lock_budget::judge(budget, &observed);
            let outcome = match status {
                Status::Pass => ProofResult::Confirmed,
                Status::Fail => ProofResult::Refuted,
                Status::NotVerified | Status::NotReported => ProofResult::Inconclusive,
            };
            result.status = status;
            result.message.clone_from(&message);
            result.unverified.clear();
            result.proof = Some(proof(
                Outcome::new(outcome, proved::HOW, message),
                DecidedBy::Locks,
            ));
        } else if result.id.squawk_rule().is_some() && result.status == Status::Fail {
            let at = result.evidence.iter().find_map(&statement_at);
            let statement = at.and_then(|at| observed.statements.iter().find(|s| s.at == at));
            // Of a statement not observed there is nothing to add to Squawk's word.
            let Some(statement) = statement.filter(|s| s.not_observed.is_none()) else {
                continue;
            };
            let outcome = proved::judge(statement);
            let decided_by = match outcome.result {
                ProofResult::Refuted => {
                    result.message = format!(
                        "PostgreSQL refuted Squawk's warning: {} (Squawk: {})",
                        outcome.observed, result.message
                    );
                    result.status = Status::Pass;
                    DecidedBy::Locks
                }
                ProofResult::Confirmed => DecidedBy::Locks,
                ProofResult::Inconclusive => DecidedBy::StaticCheck,
            };
            result.proof = Some(proof(outcome, decided_by));
        }
    }
    if let Some(sql) = review.sql.as_mut() {
        sql.observed = Some(observed);
    }
}

/// Where the statement holding a place of the SQL starts (`path:line:column`, as the
/// plan's queries name it): the last statement of its file that starts at or before it.
fn statements_by_place(review: &Review) -> impl Fn(&Evidence) -> Option<String> + 'static {
    let starts: Vec<(String, u32, u32, String)> = (review.sql.iter())
        .flat_map(|sql| &sql.files)
        .flat_map(|file| &file.statements)
        .map(|s| {
            (
                s.span.file.clone(),
                s.span.line,
                s.span.column,
                s.span.to_string(),
            )
        })
        .collect();
    move |evidence| {
        let Evidence::Sql { file, line, column } = evidence else {
            return None;
        };
        (starts.iter())
            .filter(|(f, l, c, _)| f == file && (*l, *c) <= (*line, *column))
            .max_by_key(|(_, l, c, _)| (*l, *c))
            .map(|(_, _, _, at)| at.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statement(sql: &str, at: &str, statements: usize) -> Sent {
        Sent {
            sql: sql.into(),
            file: 0,
            at: at.into(),
            group: 0,
            statements,
            observe: None,
        }
    }

    /// The queries as (observe, sql, at), observation reads as `READ`.
    fn shape(sent: &[Sent]) -> Vec<(Option<Observe>, String)> {
        sent.iter()
            .map(|s| {
                let sql = if s.sql == QUERY { "READ" } else { &s.sql };
                (s.observe, sql.to_string())
            })
            .collect()
    }

    fn owned(rows: &[(Option<Observe>, &str)]) -> Vec<(Option<Observe>, String)> {
        rows.iter().map(|(o, s)| (*o, s.to_string())).collect()
    }

    use Observe::{After, Before, Start, Transaction};

    #[test]
    fn a_statement_alone_is_wrapped_one_in_a_transaction_is_read_around() {
        let sent = around(vec![
            statement("CREATE INDEX i ON t (a);", "m.sql:1:1", 1),
            statement("BEGIN", "goose's BEGIN before g.sql", 0),
            statement("ALTER TABLE t ADD b int;", "g.sql:1:1", 1),
            statement("COMMIT", "goose's COMMIT after g.sql", 0),
        ]);
        assert_eq!(
            shape(&sent),
            owned(&[
                (Some(Start), "READ"),
                (Some(Transaction), "BEGIN"),
                (Some(Before), "READ"),
                (None, "CREATE INDEX i ON t (a);"),
                (Some(After), "READ"),
                (Some(Transaction), "COMMIT"),
                (None, "BEGIN"),
                (Some(Before), "READ"),
                (None, "ALTER TABLE t ADD b int;"),
                (Some(After), "READ"),
                (None, "COMMIT"),
            ])
        );
    }

    #[test]
    fn what_cannot_run_in_a_transaction_and_the_migrations_own_begin_are_sent_as_they_are() {
        let sent = around(vec![
            statement(
                "create /* x */ index concurrently i on t (a);",
                "m.sql:1:1",
                1,
            ),
            statement("LOCK TABLE t;", "m.sql:2:1", 1),
            statement("BEGIN;", "m.sql:3:1", 1),
            statement("LOCK TABLE t;", "m.sql:4:1", 1),
            statement("SET TRANSACTION READ ONLY;", "m.sql:5:1", 1),
            statement("COMMIT;", "m.sql:6:1", 1),
            statement("VACUUM t;", "m.sql:7:1", 1),
            statement("DO $$ BEGIN COMMIT; END $$;", "m.sql:8:1", 1),
            statement(
                "ALTER TABLE p DETACH PARTITION c CONCURRENTLY;",
                "m.sql:9:1",
                1,
            ),
        ]);
        assert_eq!(
            shape(&sent),
            owned(&[
                (Some(Start), "READ"),
                (None, "create /* x */ index concurrently i on t (a);"),
                (None, "LOCK TABLE t;"),
                (None, "BEGIN;"),
                (Some(Before), "READ"),
                (None, "LOCK TABLE t;"),
                (Some(After), "READ"),
                (None, "SET TRANSACTION READ ONLY;"),
                (None, "COMMIT;"),
                (None, "VACUUM t;"),
                (None, "DO $$ BEGIN COMMIT; END $$;"),
                (None, "ALTER TABLE p DETACH PARTITION c CONCURRENTLY;"),
            ])
        );
    }

    #[test]
    fn nothing_after_a_file_sent_as_one_query_is_observed() {
        let sent = around(vec![
            statement("BEGIN; CREATE TABLE a (x int);", "m.up.sql:1:1", 2),
            statement("CREATE INDEX i ON a (x);", "n.sql:1:1", 1),
        ]);
        assert_eq!(
            shape(&sent),
            owned(&[
                (Some(Start), "READ"),
                (None, "BEGIN; CREATE TABLE a (x int);"),
                (None, "CREATE INDEX i ON a (x);"),
            ])
        );
    }

    fn row(
        xact: &str,
        oid: &str,
        name: &str,
        filenode: &str,
        scans: &str,
        modes: &str,
    ) -> Vec<Option<String>> {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        vec![
            some(xact),
            Some("1796698858.25".into()),
            some(oid),
            Some("public".into()),
            some(name),
            Some("r".into()),
            some(filenode),
            some(scans),
            some(modes),
        ]
    }

    fn rows(rows: Vec<Vec<Option<String>>>) -> Answer {
        Answer {
            ok: true,
            rows,
            ..Answer::default()
        }
    }

    /// `answer` read at `seconds` by PostgreSQL's clock.
    fn clocked(seconds: &str, mut answer: Answer) -> Answer {
        for row in &mut answer.rows {
            row[1] = Some(seconds.to_string());
        }
        answer
    }

    fn ok() -> Answer {
        Answer {
            ok: true,
            ..Answer::default()
        }
    }

    /// `orders` before the migration, and an index on it read around its statement.
    fn index_on_orders(after_xact: &str) -> (Plan, Executed) {
        let plan = Plan {
            migration: around(vec![
                statement("CREATE TABLE fresh (x int);", "m.sql:1:1", 1),
                statement("CREATE INDEX i ON orders (a);", "m.sql:2:1", 1),
            ]),
            ..Plan::default()
        };
        let before = clocked(
            "1796698858.2",
            rows(vec![row("3/7", "16384", "orders", "16384", "1", "")]),
        );
        let after = clocked(
            "1796698858.212345",
            rows(vec![
                row(
                    after_xact,
                    "16384",
                    "orders",
                    "16384",
                    "2",
                    "AccessExclusiveLock,AccessShareLock,ShareLock",
                ),
                row(
                    after_xact,
                    "16390",
                    "i",
                    "16390",
                    "0",
                    "AccessExclusiveLock",
                ),
            ]),
        );
        let fresh = rows(vec![
            row("3/5", "16384", "orders", "16384", "1", ""),
            row("3/5", "16388", "fresh", "16388", "0", "AccessExclusiveLock"),
        ]);
        let executed = Executed {
            engine: "PostgreSQL 15".into(),
            migration: vec![
                rows(vec![row("3/4", "16384", "orders", "16384", "1", "")]),
                ok(),
                rows(vec![row("3/5", "16384", "orders", "16384", "1", "")]),
                ok(),
                fresh,
                ok(),
                ok(),
                before,
                ok(),
                after,
                ok(),
            ],
            ..Executed::default()
        };
        (plan, executed)
    }

    #[test]
    fn the_answers_give_each_statements_locks_on_the_relations_before_the_migration() {
        let (plan, executed) = index_on_orders("3/7");
        assert_eq!(plan.migration.len(), executed.migration.len());
        let stats = [TableStats {
            table: "orders".to_string().try_into().unwrap(),
            rows: 10,
            bytes: 8192,
            unknown: Default::default(),
        }];
        let observed = read(&plan, &executed, &stats).unwrap();
        let [fresh, index] = observed.statements.as_slice() else {
            panic!("{observed:?}");
        };
        // The new table is not one the migration met.
        assert_eq!(
            (fresh.not_observed.as_ref(), fresh.relations.len()),
            (None, 0)
        );
        assert_eq!(index.at, "m.sql:2:1");
        assert_eq!((fresh.micros, index.micros), (Some(0), Some(12_345)));
        assert_eq!(
            index.relations,
            [RelationLocks {
                name: "public.orders".into(),
                kind: RelationKind::Table,
                modes: vec![
                    LockMode::AccessShare,
                    LockMode::Share,
                    LockMode::AccessExclusive
                ],
                scanned: true,
                rewritten: false,
                rows: Some(10),
                bytes: Some(8192),
            }]
        );
    }

    #[test]
    fn a_read_without_postgresqls_clock_observes_nothing() {
        assert_eq!(micros("1796698858.212345"), Some(1_796_698_858_212_345));
        assert_eq!(micros("7"), Some(7_000_000));
        assert_eq!(micros("1.5"), Some(1_500_000));
        for bad in ["", ".5", "-1.5", "1e9", "1.2.3", "99999999999999999999"] {
            assert_eq!(micros(bad), None, "{bad}");
        }
        let (plan, mut executed) = index_on_orders("3/7");
        executed.migration[9] = clocked("soon", executed.migration[9].clone());
        let observed = read(&plan, &executed, &[]).unwrap();
        assert_eq!(
            observed.statements[1].not_observed.as_deref(),
            Some("the read gave no clock in seconds")
        );
    }

    #[test]
    fn reads_from_two_transactions_observe_nothing() {
        let (plan, executed) = index_on_orders("3/8");
        let observed = read(&plan, &executed, &[]).unwrap();
        assert!(
            observed.statements[1]
                .not_observed
                .as_deref()
                .is_some_and(|why| why.contains("not read in its own transaction")),
            "{observed:?}"
        );
    }

    #[test]
    fn a_migration_cut_short_leaves_the_rest_unobserved_and_a_plan_without_reads_gives_nothing() {
        let (plan, mut executed) = index_on_orders("3/7");
        executed.migration.truncate(8);
        let observed = read(&plan, &executed, &[]).unwrap();
        assert_eq!(
            observed.statements[1].not_observed.as_deref(),
            Some("the migration stopped at or before it")
        );
        let plain = Plan {
            migration: vec![statement("CREATE TABLE a (x int);", "m.sql:1:1", 1)],
            ..Plan::default()
        };
        assert_eq!(read(&plain, &executed, &[]), None);
    }
}
