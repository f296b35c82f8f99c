//! `stays-in-database`: no statement acts outside the migration's own objects. A
//! migration that runs a shell command, reads or writes the server's files, changes
//! roles or settings that outlive it, or reaches another server must never look like
//! any kind of go. Every statement is read, parsed or not, and inside function
//! bodies, DO blocks and dynamic SQL (`sql::nested`), so wrapping does not hide it.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::run::expectations::Expectations;
use crate::sql::lexer::Kind;
use crate::sql::nested::{Piece, literal_text, pieces};

use super::{Context, SqlResult, Written};

const EXAMPLES: &[Example] = &[
    Example {
        name: "copy-to-program",
        expect: Expect::Fires,
        says: "COPY to a program runs a shell command as the database server.",
        input: Input::Sql("COPY (SELECT 1) TO PROGRAM 'curl https://example.com';\n"),
    },
    Example {
        name: "replication-role",
        expect: Expect::Fires,
        says: "`session_replication_role = replica` for every role turns off triggers and foreign keys.",
        input: Input::Sql("ALTER ROLE ALL SET session_replication_role = replica;\n"),
    },
    Example {
        name: "server-file",
        expect: Expect::Fires,
        says: "Reading a file of the database server.",
        input: Input::Sql("SELECT pg_read_file('/etc/passwd');\n"),
    },
    Example {
        name: "trusted-function",
        expect: Expect::Passes,
        says: "A function in a trusted language that reads only the migration's own tables.",
        input: Input::Seed(&[Edit::Add(
            "CREATE FUNCTION ledger_entries_total() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT sum(amount) FROM ledger_entries $$;",
        )]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::StaysInDatabase,
    title: "Nothing reaches outside the database",
    severity: Severity::Blocker,
    checks: "Reads every up statement, parsed or not, and the statements inside its \
             function bodies, DO blocks and strings, for what acts outside the \
             migration's own objects: COPY to or from a program or a server file; the \
             server's file, large-object and admin functions (`pg_read_file`, \
             `lo_export`, `pg_terminate_backend`, ...); `ALTER SYSTEM`; `ALTER ROLE` \
             and `ALTER DATABASE`; creating, dropping or granting roles; databases and \
             tablespaces; `CREATE EXTENSION` unless `expectations.extensions` names \
             it; foreign servers, `dblink` and subscriptions; untrusted languages and \
             `LOAD`; `session_replication_role`; writing PostgreSQL's own catalog (an \
             object in `pg_catalog` or `information_schema`, a system table's rows); \
             and psql's meta-commands that run a \
             shell, read or write the client's files or connect elsewhere (`\\!`, \
             `\\copy`, `\\o`, `\\i`, `\\connect`, ...). Each is a failure at its \
             place, naming what it does.",
    why: "A migration reviewed as a schema change must not run a shell command as the \
          database server, read its files or the CI job's environment, change what \
          every later session runs as, or turn off every trigger and foreign key \
          (`session_replication_role = replica` disables the append-only guard).",
    examples: EXAMPLES,
    fix: "Remove the statement from the migration; what it does belongs to an operator, \
          not a reviewed schema change. An extension the migration needs is named in \
          `expectations.extensions`.",
    relates_to: &[],
};

/// One kind of statement that reaches outside, and how to know it.
pub struct Reach {
    /// What it does, as the result says it.
    pub does: &'static str,
    found: fn(&Piece, Option<&Expectations>) -> bool,
}

/// The server's functions that read or write its files, move large objects between
/// files and the database, signal other sessions, or change the cluster.
const OUTSIDE_FUNCTIONS: &[&str] = &[
    "pg_read_file",
    "pg_read_binary_file",
    "pg_ls_dir",
    "pg_stat_file",
    "pg_ls_logdir",
    "pg_ls_waldir",
    "pg_ls_tmpdir",
    "pg_ls_archive_statusdir",
    "pg_ls_logicalsnapdir",
    "pg_ls_logicalmapdir",
    "pg_ls_replslotdir",
    "lo_import",
    "lo_export",
    "pg_file_write",
    "pg_file_rename",
    "pg_file_unlink",
    "pg_file_sync",
    "pg_logdir_ls",
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_promote",
    "pg_switch_wal",
    "pg_create_restore_point",
    "pg_backup_start",
    "pg_backup_stop",
    "pg_create_logical_replication_slot",
    "pg_create_physical_replication_slot",
    "pg_drop_replication_slot",
    "pg_replication_origin_create",
];

/// Languages whose functions run outside the database's sandbox.
const UNTRUSTED_LANGUAGES: &[&str] = &[
    "c",
    "internal",
    "plpythonu",
    "plpython2u",
    "plpython3u",
    "plperlu",
    "pltclu",
    "plsh",
    "plr",
    "pljavau",
];

/// psql meta-commands that run a shell, read or write files on the machine that runs
/// the migration, read its environment, or connect to another database.
const OUTSIDE_META_COMMANDS: &[&str] = &[
    "!",
    "copy",
    "o",
    "out",
    "w",
    "write",
    "g",
    "gx",
    "i",
    "ir",
    "include",
    "include_relative",
    "c",
    "connect",
    "setenv",
    "getenv",
    "cd",
    "lo_import",
    "lo_export",
    "s",
    "e",
    "edit",
    "ef",
    "ev",
];

fn is_role_word(word: Option<&str>) -> bool {
    matches!(word, Some("role" | "user" | "group"))
}

fn second_word(piece: &Piece) -> Option<&str> {
    piece.words().nth(1)
}

/// The word or string after `language`, unquoted.
fn language(piece: &Piece) -> Option<String> {
    let (kind, text) = piece.after("language")?;
    match kind {
        Kind::Literal => literal_text(text),
        _ => Some(text.trim_matches('"').to_string()),
    }
}

/// The schemas of PostgreSQL's own catalog.
const SYSTEM_SCHEMAS: &[&str] = &["pg_catalog", "information_schema"];

/// Where the name a DDL statement defines has ended: its arguments, its body, a column's
/// type or default.
const NAME_ENDS: &[&str] = &[
    "as",
    "type",
    "collate",
    "default",
    "using",
    "references",
    "add",
    "column",
    "returns",
    "with",
    "check",
    "is",
];

/// Whether the statement writes to PostgreSQL's own catalog: creates, changes or drops
/// an object in `pg_catalog` or `information_schema` (a replaced `pg_get_indexdef`
/// would lie to whoever reads the catalog after it), alters or drops a `pg_` object
/// (unqualified, the search_path finds `pg_catalog`'s first), or writes rows of a
/// system table.
fn writes_the_catalog(p: &Piece) -> bool {
    let dml = ["update", "insert", "delete", "truncate", "merge", "copy"];
    let is_dml = dml.iter().any(|verb| p.starts_with(&[verb]));
    let verb = ["create", "alter", "drop", "comment"]
        .into_iter()
        .find(|verb| p.starts_with(&[verb]));
    if !is_dml && verb.is_none() {
        return false;
    }
    // A token as a name is compared without its double quotes.
    let token = |i: usize| {
        p.tokens
            .get(i)
            .map(|(kind, text)| (kind, text.trim_matches('"')))
    };
    let is_name = |kind: &Kind| matches!(kind, Kind::Word | Kind::QuotedIdent);
    let is_dot = |i: usize| matches!(token(i), Some((Kind::Other(b'.'), _)));
    let qualifies = |i: usize| {
        token(i).is_some_and(|(kind, text)| is_name(kind) && SYSTEM_SCHEMAS.contains(&text))
            && is_dot(i + 1)
    };
    let system_table = |i: usize| {
        token(i).is_some_and(|(kind, text)| is_name(kind) && text.starts_with("pg_"))
            && !i.checked_sub(1).is_some_and(is_dot)
    };
    if is_dml {
        let skip = [
            "update", "insert", "into", "delete", "from", "truncate", "table", "only", "merge",
            "copy",
        ];
        let target = (0..p.tokens.len())
            .find(|&i| !token(i).is_some_and(|(kind, text)| is_name(kind) && skip.contains(&text)));
        return target.is_some_and(|i| qualifies(i) || system_table(i));
    }
    let end = (0..p.tokens.len())
        .find(|&i| {
            token(i).is_some_and(|(kind, text)| {
                matches!(kind, Kind::Other(b'('))
                    || (*kind == Kind::Word && NAME_ENDS.contains(&text))
            })
        })
        .unwrap_or(p.tokens.len());
    (0..end).any(|i| qualifies(i) || (verb != Some("create") && system_table(i)))
}

/// Every kind, in the order a result names them. One entry per kind, each with a test.
pub const REACHES: &[Reach] = &[
    Reach {
        does: "runs a shell command through COPY … PROGRAM",
        found: |p, _| p.starts_with(&["copy"]) && p.has_word("program"),
    },
    Reach {
        does: "reads or writes a file on the database server through COPY",
        found: |p, _| {
            p.starts_with(&["copy"])
                && ["to", "from"]
                    .iter()
                    .any(|w| matches!(p.after(w), Some((Kind::Literal, _))))
        },
    },
    Reach {
        does: "calls a server function that reads or writes files, moves large objects, \
               signals other sessions or changes the cluster",
        found: |p, _| p.words().any(|w| OUTSIDE_FUNCTIONS.contains(&w)),
    },
    Reach {
        does: "changes the server's configuration (ALTER SYSTEM)",
        found: |p, _| p.starts_with(&["alter", "system"]),
    },
    Reach {
        does: "changes a role or a database, for every later session (ALTER ROLE, ALTER \
               DATABASE)",
        found: |p, _| {
            p.starts_with(&["alter"])
                && (is_role_word(second_word(p)) || second_word(p) == Some("database"))
        },
    },
    Reach {
        does: "creates, drops or grants a role, or acts as another one",
        found: |p, _| {
            let second = second_word(p);
            ((p.starts_with(&["create"]) || p.starts_with(&["drop"])) && is_role_word(second))
                || ((p.starts_with(&["grant"]) || p.starts_with(&["revoke"])) && !p.has_word("on"))
                || p.starts_with(&["set", "role"])
                || p.starts_with(&["set", "session", "authorization"])
                || p.starts_with(&["reassign", "owned"])
                || p.starts_with(&["drop", "owned"])
        },
    },
    Reach {
        does: "creates, changes or drops a database or a tablespace",
        found: |p, _| {
            let second = second_word(p);
            let verb = ["create", "drop", "alter"]
                .iter()
                .any(|v| p.starts_with(&[v]));
            verb && (second == Some("tablespace")
                || (second == Some("database") && !p.starts_with(&["alter"])))
        },
    },
    Reach {
        does: "creates or changes an extension the run does not allow \
               (`expectations.extensions`)",
        found: |p, expectations| {
            if !(p.starts_with(&["create", "extension"]) || p.starts_with(&["alter", "extension"]))
            {
                return false;
            }
            let name = p
                .tokens
                .iter()
                .skip_while(|(_, t)| t != "extension")
                .skip(1)
                .find(|(_, t)| !["if", "not", "exists"].contains(&t.as_str()))
                .map(|(_, t)| t.trim_matches('"').to_string());
            let allowed = expectations
                .and_then(|e| e.extensions.as_ref())
                .is_some_and(|list| {
                    name.as_deref()
                        .is_some_and(|n| list.iter().any(|a| a.eq_ignore_ascii_case(n)))
                });
            !allowed
        },
    },
    Reach {
        does: "reaches another server (foreign data wrappers, dblink, subscriptions)",
        found: |p, _| {
            let second = second_word(p);
            ((p.starts_with(&["create"]) || p.starts_with(&["alter"]))
                && matches!(second, Some("server" | "subscription" | "foreign")))
                || p.starts_with(&["create", "user", "mapping"])
                || p.starts_with(&["import", "foreign"])
                || p.words().any(|w| w.starts_with("dblink"))
        },
    },
    Reach {
        does: "loads native code (an untrusted language, CREATE LANGUAGE or LOAD)",
        found: |p, _| {
            p.starts_with(&["load"])
                || (p.starts_with(&["create"]) && p.words().take(5).any(|w| w == "language"))
                || language(p).is_some_and(|l| UNTRUSTED_LANGUAGES.contains(&l.as_str()))
        },
    },
    Reach {
        does: "sets session_replication_role, which turns off triggers and foreign keys",
        found: |p, _| {
            p.tokens
                .iter()
                .any(|(_, text)| text.contains("session_replication_role"))
        },
    },
    Reach {
        does: "changes PostgreSQL's own catalog (an object in pg_catalog or \
               information_schema, or a system table's rows)",
        found: |p, _| writes_the_catalog(p),
    },
    Reach {
        does: "is a psql meta-command that runs a shell, reads or writes the client's \
               files or environment, or connects elsewhere",
        found: |p, _| match p.tokens.as_slice() {
            [(Kind::Backslash, _), (_, command), ..] => {
                OUTSIDE_META_COMMANDS.contains(&command.as_str())
            }
            _ => false,
        },
    },
];

/// What `statement` does outside the database, each kind once.
pub fn reaches(statement: &str, expectations: Option<&Expectations>) -> Vec<&'static str> {
    let pieces = pieces(statement);
    REACHES
        .iter()
        .filter(|reach| pieces.iter().any(|p| (reach.found)(p, expectations)))
        .map(|reach| reach.does)
        .collect()
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let mut out: Vec<SqlResult> = ctx
        .written
        .iter()
        .filter_map(|w: &Written| {
            let does = reaches(w.text, ctx.expectations);
            if does.is_empty() {
                return None;
            }
            let at = w.span;
            Some(
                SqlResult::new(
                    &INFO,
                    Status::Fail,
                    format!("the statement at {at} {}", does.join("; it also ")),
                )
                .at(&[at]),
            )
        })
        .collect();
    if out.is_empty() {
        out.push(SqlResult::new(
            &INFO,
            Status::Pass,
            format!(
                "none of the {} statements acts outside the database",
                ctx.written.len()
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::{expectations, results};

    fn does(sql: &str) -> Vec<&'static str> {
        reaches(sql, None)
    }

    /// Each entry with a statement that fires it and a near miss that must not.
    #[test]
    fn each_entry_fires_on_its_statement_and_not_on_a_near_miss() {
        let cases: &[(&str, &str)] = &[
            (
                "COPY (SELECT 1) TO PROGRAM 'curl x'",
                "COPY t (a) FROM STDIN",
            ),
            ("COPY t FROM '/etc/passwd'", "COPY t TO STDOUT"),
            (
                "SELECT pg_read_file('/etc/passwd')",
                "SELECT read_file_name FROM t",
            ),
            (
                "ALTER SYSTEM SET fsync = off",
                "ALTER TABLE system ADD x int",
            ),
            (
                "ALTER ROLE ALL SET session_replication_role = replica",
                "ALTER TABLE role ADD x int",
            ),
            ("CREATE ROLE admin SUPERUSER", "GRANT SELECT ON t TO app"),
            ("DROP DATABASE prod", "DROP TABLE database"),
            ("CREATE EXTENSION dblink", "COMMENT ON EXTENSION x IS 'y'"),
            (
                "CREATE SERVER s FOREIGN DATA WRAPPER postgres_fdw",
                "CREATE TABLE server (a int)",
            ),
            (
                "CREATE FUNCTION f() RETURNS int LANGUAGE plpython3u AS $$ return 1 $$",
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$",
            ),
            (
                "SET session_replication_role = replica",
                "SET search_path = public",
            ),
            (
                "CREATE OR REPLACE FUNCTION pg_catalog.pg_get_indexdef(oid) RETURNS text \
                 LANGUAGE sql AS $$ SELECT 'x' $$",
                "CREATE INDEX i ON t USING btree (a COLLATE pg_catalog.\"C\")",
            ),
            ("\\! rm -rf /", "\\set ON_ERROR_STOP on"),
        ];
        assert_eq!(cases.len(), REACHES.len(), "a case per entry");
        for (entry, (fires, passes)) in REACHES.iter().zip(cases) {
            assert!(
                does(fires).contains(&entry.does),
                "{fires:?} misses {:?}",
                entry.does
            );
            assert!(
                does(passes).is_empty(),
                "{passes:?} fires {:?}",
                does(passes)
            );
        }
    }

    #[test]
    fn wrapping_in_a_body_or_a_string_does_not_hide_it() {
        for sql in [
            "DO $$ BEGIN EXECUTE 'COPY t TO PROGRAM ''sh'''; END $$",
            "CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $b$ BEGIN PERFORM lo_export(1, '/tmp/x'); END $b$",
            "SELECT set_config('session_replication_role', 'replica', false)",
        ] {
            assert!(!does(sql).is_empty(), "{sql}");
        }
    }

    #[test]
    fn writing_the_catalog_is_found_and_reading_it_or_naming_its_types_is_not() {
        let catalog = REACHES
            .iter()
            .find(|r| r.does.starts_with("changes PostgreSQL's own catalog"))
            .unwrap()
            .does;
        for sql in [
            "UPDATE pg_catalog.pg_trigger SET tgenabled = 'D'",
            "update pg_trigger set tgenabled = 'D'",
            "DELETE FROM ONLY \"pg_catalog\".\"pg_rewrite\"",
            "INSERT INTO pg_proc SELECT * FROM pg_proc",
            "ALTER FUNCTION pg_get_triggerdef(oid) RENAME TO x",
            "DROP FUNCTION pg_catalog.format_type(oid, integer)",
            "CREATE OPERATOR pg_catalog.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = f)",
            "CREATE TRIGGER t BEFORE UPDATE ON pg_catalog.pg_class FOR EACH ROW EXECUTE FUNCTION f()",
            "DO $$ BEGIN EXECUTE 'UPDATE pg_trigger SET tgenabled = ''D'''; END $$",
        ] {
            assert!(does(sql).contains(&catalog), "{sql}");
        }
        for sql in [
            "SELECT pg_catalog.set_config('search_path', '', false)",
            "CREATE TABLE t (a pg_catalog.numeric(38,18) DEFAULT pg_catalog.now())",
            "ALTER TABLE t ALTER COLUMN a TYPE pg_catalog.int8",
            "CREATE VIEW v AS SELECT relname FROM pg_catalog.pg_class",
            "UPDATE payments SET note = 'pg_catalog.x'",
            "COMMENT ON COLUMN t.pg_flag IS 'x'",
        ] {
            assert!(!does(sql).contains(&catalog), "{sql}");
        }
    }

    #[test]
    fn an_allowed_extension_passes_and_an_other_fails() {
        let e = expectations(r#"{"extensions":["pgcrypto"]}"#);
        assert!(reaches("CREATE EXTENSION IF NOT EXISTS pgcrypto", Some(&e)).is_empty());
        assert!(reaches("CREATE EXTENSION \"pgcrypto\"", Some(&e)).is_empty());
        assert!(!reaches("CREATE EXTENSION dblink", Some(&e)).is_empty());
    }

    #[test]
    fn a_failure_points_at_its_statement_and_a_clean_migration_passes() {
        let r = results(
            "CREATE TABLE t (a int);\nCOPY t TO PROGRAM 'sh';",
            None,
            INFO.id,
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message
                .starts_with("the statement at m.sql:2:1 runs a shell"),
            "{}",
            r[0].message
        );
        let r = results("CREATE TABLE t (a int);", None, INFO.id);
        assert_eq!((r.len(), r[0].status), (1, Status::Pass));
    }
}
