//! `append-only`: a ledger table is protected against both UPDATE and DELETE.

use crate::examples::{Edit, Example, Expect, Input};
use crate::gate::{GateId, GateInfo, Severity, Status};
use crate::sql::location::Span;
use crate::sql::model::{self, Event, Function, Later, RuleEvent, Schema, Timing, Trigger};
use crate::sql::names::QName;
use crate::sql::raise::{may_raise, raises};

use super::{Context, SqlResult};

const EXAMPLES: &[Example] = &[
    Example {
        name: "update-only",
        expect: Expect::Fires,
        says: "The trigger covers UPDATE only: a DELETE erases ledger rows.",
        input: Input::Seed(&[Edit::Replace {
            from: "BEFORE UPDATE OR DELETE ON",
            to: "BEFORE UPDATE ON",
        }]),
    },
    Example {
        name: "function-only-notices",
        expect: Expect::Fires,
        says: "The trigger's function raises a NOTICE, which blocks nothing.",
        input: Input::Seed(&[Edit::Replace {
            from: "RAISE EXCEPTION \'ledger_entries",
            to: "RAISE NOTICE \'ledger_entries",
        }]),
    },
    Example {
        name: "by-rules",
        expect: Expect::Passes,
        says: "Two DO INSTEAD NOTHING rules, one for UPDATE and one for DELETE, instead of the trigger.",
        input: Input::Seed(&[Edit::Replace {
            from: "CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON \"ledger_entries\" FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();",
            to: "CREATE RULE ledger_entries_no_update AS ON UPDATE TO \"ledger_entries\" DO INSTEAD NOTHING;--> statement-breakpoint\nCREATE RULE ledger_entries_no_delete AS ON DELETE TO ledger_entries DO INSTEAD NOTHING;",
        }]),
    },
    Example {
        name: "raises-only-on-delete",
        expect: Expect::NotVerified,
        says: "The function raises only inside `IF TG_OP = 'DELETE'`: whether UPDATE is refused depends on a path the static check does not follow (PostgreSQL lets it through).",
        input: Input::Seed(&[Edit::Replace {
            from: "  RAISE EXCEPTION \'ledger_entries is append-only: % is not allowed\', TG_OP;\n",
            to: "  IF TG_OP = \'DELETE\' THEN\n    RAISE EXCEPTION \'ledger_entries is append-only: % is not allowed\', TG_OP;\n  END IF;\n  RETURN NEW;\n",
        }]),
    },
];

pub const INFO: GateInfo = GateInfo {
    id: GateId::AppendOnly,
    title: "Append-only tables refuse UPDATE and DELETE",
    severity: Severity::Blocker,
    checks: "Checks that each `appendOnly` table is protected against both UPDATE and \
             DELETE as PostgreSQL runs it, each event by one of: a BEFORE trigger on it \
             that fires in a normal session (`ENABLE` or `ENABLE ALWAYS`, not `DISABLE` or \
             `ENABLE REPLICA`; not limited to some columns, without WHEN) whose PL/pgSQL \
             function, defined in these files, raises an error on every path (its first \
             statement is a RAISE of level EXCEPTION and it has no handler); an \
             unconditional `CREATE RULE ... DO INSTEAD NOTHING` that applies in a normal \
             session; or privileges: the table was created here, its owner is set by \
             `OWNER TO` to a role outside the run's `writerRoles`, and no writer role \
             holds the privilege directly or through PUBLIC. Mixed protection counts. A \
             function that raises only on some paths (inside IF, after a RETURN, caught \
             by a handler) leaves the event not verified. \
             The model follows ENABLE/DISABLE [REPLICA|ALWAYS] TRIGGER and RULE, OWNER \
             TO, GRANT and REVOKE per table, and renames. Not verified, naming the \
             statement, when a statement touches the table in a way the model does not \
             follow exactly: an ALTER TABLE form it does not know, a renamed column used \
             inside an expression, a DO block whose handler may roll it back, an \
             unqualified name under a search_path of several schemas, a statement of a kind \
             it does not follow.",
    why: "A ledger whose rows can be changed or deleted loses its audit trail: balances \
          can be rewritten without a trace.",
    examples: EXAMPLES,
    fix: "Protect the table against UPDATE and DELETE with a raising BEFORE trigger, a DO INSTEAD NOTHING rule or a REVOKE; where a later statement disables or drops that protection or grants the privilege back, change that statement (the result names it).",
    relates_to: &["LEDGER_IMMUTABILITY"],
};

/// How one event is, or is not, blocked.
enum Coverage<'a> {
    Blocked {
        by: String,
        span: &'a Span,
    },
    /// A trigger that would block it runs a function these files do not define.
    Unknown {
        why: String,
        span: &'a Span,
    },
    Open {
        near_misses: Vec<Miss<'a>>,
    },
}

/// Why something that could block an event does not, and, when a statement after the
/// one that made it decided so, where that statement is and what to change there.
struct Miss<'a> {
    why: String,
    decided_at: Option<&'a Span>,
    fix: Option<String>,
}

impl<'a> Miss<'a> {
    fn plain(why: String) -> Miss<'a> {
        Miss {
            why,
            decided_at: None,
            fix: None,
        }
    }

    /// A protection `what` that `later` disabled or dropped (`done`): removing it is
    /// the fix.
    fn undone(what: String, done: &str, later: &'a Later) -> Miss<'a> {
        Miss {
            why: format!("{what} is {done} by {}", later.cited()),
            decided_at: Some(&later.span),
            fix: Some(format!("remove {}", later.cited())),
        }
    }
}

/// Whether the trigger fires, for every row change, on `event`.
fn fires_on(trigger: &Trigger, event: RuleEvent) -> bool {
    trigger.events.iter().any(|e| match (e, event) {
        (Event::Update { columns }, RuleEvent::Update) => columns.is_empty(),
        (Event::Delete, RuleEvent::Delete) => true,
        _ => false,
    })
}

fn coverage<'a>(
    schema: &'a Schema,
    table: &'a QName,
    event: RuleEvent,
    writer_roles: &[String],
) -> Coverage<'a> {
    let privilege = if event == RuleEvent::Update {
        "update"
    } else {
        "delete"
    };
    let mut near_misses = Vec::new();
    let mut unknown = None;
    for trigger in schema.triggers_on(table) {
        if !fires_on(trigger, event) {
            if trigger
                .events
                .iter()
                .any(|e| matches!(e, Event::Update { columns } if !columns.is_empty()))
                && event == RuleEvent::Update
            {
                near_misses.push(Miss::plain(format!(
                    "trigger {} fires only on UPDATE OF some columns",
                    trigger.name
                )));
            }
            continue;
        }
        if !trigger.enabled
            && let Some(later) = &trigger.switched
        {
            let what = format!("trigger {}", trigger.name);
            near_misses.push(Miss::undone(what, "disabled", later));
            continue;
        }
        let problem = if trigger.timing != Some(Timing::Before) {
            Some("is not a BEFORE trigger".to_string())
        } else if !trigger.enabled {
            Some("is disabled".to_string())
        } else {
            trigger
                .condition
                .as_ref()
                .map(|c| format!("fires only WHEN {c}"))
        };
        if let Some(problem) = problem {
            near_misses.push(Miss::plain(format!("trigger {} {problem}", trigger.name)));
            continue;
        }
        let Some(function_name) = &trigger.function else {
            continue;
        };
        let plpgsql = |f: &Function| f.language.as_deref() == Some("plpgsql");
        match schema.function(function_name) {
            Some(f) if plpgsql(f) && f.body.as_deref().is_some_and(raises) => {
                return Coverage::Blocked {
                    by: format!("trigger {} ({function_name} raises)", trigger.name),
                    span: &trigger.span,
                };
            }
            Some(f) if f.body.as_deref().is_some_and(may_raise) => {
                unknown.get_or_insert(Coverage::Unknown {
                    why: format!(
                        "trigger {} runs {function_name}, which raises on some paths only \
                         (or is not PL/pgSQL): not proven to raise on every path",
                        trigger.name
                    ),
                    span: &trigger.span,
                });
            }
            Some(_) => near_misses.push(Miss::plain(format!(
                "trigger {}: {function_name} does not raise",
                trigger.name
            ))),
            None => {
                unknown.get_or_insert(Coverage::Unknown {
                    why: format!(
                        "trigger {} runs {function_name}, which these files do not define",
                        trigger.name
                    ),
                    span: &trigger.span,
                });
            }
        }
    }
    for (trigger, later) in schema.dropped_triggers_on(table) {
        if fires_on(trigger, event) {
            let what = format!("trigger {}", trigger.name);
            near_misses.push(Miss::undone(what, "dropped", later));
        }
    }
    for rule in schema.rules_on(table).filter(|r| r.event == event) {
        match (&rule.switched, rule.instead_nothing, rule.enabled) {
            (_, true, true) => {
                return Coverage::Blocked {
                    by: format!("rule {} (DO INSTEAD NOTHING)", rule.name),
                    span: &rule.span,
                };
            }
            (Some(later), true, false) => {
                let what = format!("rule {}", rule.name);
                near_misses.push(Miss::undone(what, "disabled", later));
            }
            _ => near_misses.push(Miss::plain(format!(
                "rule {} is not an unconditional DO INSTEAD NOTHING that applies",
                rule.name
            ))),
        }
    }
    for (rule, later) in schema.dropped_rules_on(table) {
        if rule.event == event && rule.instead_nothing {
            let what = format!("rule {}", rule.name);
            near_misses.push(Miss::undone(what, "dropped", later));
        }
    }
    match privileges(schema, table, privilege, writer_roles) {
        Ok(span) => {
            return Coverage::Blocked {
                by: format!(
                    "privileges (no role of writerRoles holds {})",
                    privilege.to_uppercase()
                ),
                span,
            };
        }
        Err(Some(miss)) => near_misses.push(miss),
        Err(None) => {}
    }
    unknown.unwrap_or(Coverage::Open { near_misses })
}

/// Whether no writer role can use `privilege` on the table. `Err(None)`: privileges
/// are not what protects it (nothing says who writes); `Err(Some)`: why they fall short.
fn privileges<'a>(
    schema: &'a Schema,
    table: &'a QName,
    privilege: &str,
    writer_roles: &[String],
) -> Result<&'a Span, Option<Miss<'a>>> {
    let label = privilege.to_uppercase();
    let t = schema.table(table).ok_or(None)?;
    if writer_roles.is_empty() {
        let revoked = schema.privileges_on(table).any(|p| !p.grant);
        return Err(revoked.then(|| {
            Miss::plain(format!(
                "a REVOKE proves nothing about {label} while the run names no writerRoles"
            ))
        }));
    }
    if !t.created_here {
        return Err(Some(Miss::plain(format!(
            "the table was created before these files: who holds {label} is unknown"
        ))));
    }
    let Some(owner) = &t.owner else {
        return Err(Some(Miss::plain(format!(
            "its owner, the role that ran the migration, holds {label} and may be a writer"
        ))));
    };
    if writer_roles.contains(owner) {
        return Err(Some(Miss::plain(format!(
            "its owner {owner} is a writer role"
        ))));
    }
    let holders = schema.holders(table, privilege);
    match writer_roles
        .iter()
        .map(String::as_str)
        .chain(["public"])
        .find(|r| holders.contains(r))
    {
        Some(role) => Err(Some(
            match model::granted_by(schema, table, privilege, role) {
                Some(grant) => {
                    let at = format!("{}:{}", grant.span.file, grant.span.line);
                    Miss {
                        why: format!("{role} holds {label}, granted at {at}"),
                        decided_at: Some(&grant.span),
                        fix: Some(format!(
                            "remove the GRANT of {label} to {role} at {at}, or REVOKE it after"
                        )),
                    }
                }
                None => Miss::plain(format!("{role} holds {label}")),
            },
        )),
        None => Ok(&t.span),
    }
}

pub fn check(ctx: &Context) -> Vec<SqlResult> {
    let Some(tables) = ctx.expectations.and_then(|e| e.append_only.as_ref()) else {
        return vec![SqlResult::not_reported(&INFO, "appendOnly")];
    };
    tables
        .iter()
        .map(|expected| {
            let table = QName::from_expectation(&expected.table);
            let mut depends = vec![table.name.clone()];
            depends.extend(
                ctx.schema
                    .triggers_on(&table)
                    .filter_map(|t| t.function.as_ref())
                    .map(|f| f.name.clone()),
            );
            let mut blocked = Vec::new();
            let mut open = Vec::new();
            let mut unknown = Vec::new();
            // The statements that undid a protection come first: they decided it.
            let mut deciding = Vec::new();
            let mut fixes: Vec<String> = Vec::new();
            let mut spans = Vec::new();
            for (event, label) in [(RuleEvent::Update, "UPDATE"), (RuleEvent::Delete, "DELETE")] {
                match coverage(ctx.schema, &table, event, &expected.writer_roles) {
                    Coverage::Blocked { by, span } => {
                        blocked.push(format!("{label} is blocked by {by}"));
                        spans.push(span);
                    }
                    Coverage::Unknown { why, span } => {
                        unknown.push(format!("{label}: {why}"));
                        spans.push(span);
                    }
                    Coverage::Open { near_misses } if near_misses.is_empty() => {
                        open.push(format!("{label} is not blocked"));
                    }
                    Coverage::Open { near_misses } => {
                        let whys: Vec<&str> = near_misses.iter().map(|m| m.why.as_str()).collect();
                        open.push(format!("{label} is not blocked ({})", whys.join("; ")));
                        for miss in near_misses {
                            deciding.extend(miss.decided_at);
                            if let Some(fix) = miss.fix
                                && !fixes.contains(&fix)
                            {
                                fixes.push(fix);
                            }
                        }
                    }
                }
            }
            let (status, parts) = if !open.is_empty() {
                (
                    Status::Fail,
                    open.into_iter()
                        .chain(unknown)
                        .chain(blocked)
                        .collect::<Vec<_>>(),
                )
            } else if !unknown.is_empty() {
                (
                    Status::NotVerified,
                    unknown.into_iter().chain(blocked).collect(),
                )
            } else {
                (Status::Pass, blocked)
            };
            let mut spans: Vec<&Span> = deciding.into_iter().chain(spans).collect();
            if spans.is_empty() {
                spans.extend(ctx.schema.table(&table).map(|t| &t.span));
            }
            let result = SqlResult::new(
                &INFO,
                status,
                format!("{}: {}", expected.table, parts.join("; ")),
            )
            .relates_to(&expected.relates_to)
            .at(&spans)
            .depends_on(depends);
            match fixes.join("; ") {
                fix if fix.is_empty() => result,
                fix => result.fix(format!("{}{}.", fix[..1].to_uppercase(), &fix[1..])),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::rules::test_support::{expectations, results, statuses};

    const TABLE: &str = "CREATE TABLE ledger (id int);\n";
    const FUNCTION: &str = "CREATE FUNCTION no_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only'; END $$;\n";

    fn e() -> crate::run::expectations::Expectations {
        expectations(r#"{"appendOnly":[{"table":"ledger","relatesTo":["LEDGER_IMMUTABILITY"]}]}"#)
    }

    fn status(sql: &str) -> Status {
        statuses(&format!("{TABLE}{sql}"), &e(), INFO.id)[0]
    }

    #[test]
    fn a_before_trigger_on_both_events_that_raises_passes() {
        let sql = format!(
            "{FUNCTION}CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();"
        );
        assert_eq!(status(&sql), Status::Pass);
    }

    #[test]
    fn a_trigger_on_update_only_fails_and_names_delete() {
        let sql = format!(
            "{TABLE}{FUNCTION}CREATE TRIGGER t BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();"
        );
        let r = results(&sql, Some(&e()), INFO.id);
        assert_eq!(r[0].status, Status::Fail);
        assert!(
            r[0].message.starts_with("ledger: DELETE is not blocked"),
            "{}",
            r[0].message
        );
    }

    #[test]
    fn rules_for_both_events_pass() {
        let sql = "CREATE RULE a AS ON UPDATE TO ledger DO INSTEAD NOTHING;\nCREATE RULE b AS ON DELETE TO ledger DO INSTEAD NOTHING;";
        assert_eq!(status(sql), Status::Pass);
        assert_eq!(
            status("CREATE RULE a AS ON UPDATE TO ledger DO INSTEAD NOTHING;"),
            Status::Fail
        );
        let conditional = "CREATE RULE a AS ON UPDATE TO ledger WHERE old.id > 5 DO INSTEAD NOTHING;\
                           CREATE RULE b AS ON DELETE TO ledger DO INSTEAD NOTHING;";
        assert_eq!(status(conditional), Status::Fail);
    }

    /// PostgreSQL: the owner always holds its privileges, and a new table grants
    /// nothing to PUBLIC, so only the roles the application writes as tell.
    #[test]
    fn privileges_protect_only_against_the_writer_roles_and_never_the_owner() {
        let writers = expectations(r#"{"appendOnly":[{"table":"ledger","writerRoles":["app"]}]}"#);
        let status_for = |sql: &str, e| statuses(&format!("{TABLE}{sql}"), e, INFO.id)[0];
        assert_eq!(
            status("REVOKE UPDATE, DELETE ON ledger FROM PUBLIC;"),
            Status::Fail,
            "no writerRoles: a REVOKE proves nothing"
        );
        assert_eq!(
            status_for("REVOKE UPDATE, DELETE ON ledger FROM PUBLIC;", &writers),
            Status::Fail,
            "the owner is the role that ran the migration, maybe app"
        );
        let owned = "ALTER TABLE ledger OWNER TO admin; GRANT SELECT, INSERT ON ledger TO app;";
        assert_eq!(status_for(owned, &writers), Status::Pass);
        let granted = format!("{owned} GRANT UPDATE ON ledger TO PUBLIC;");
        assert_eq!(status_for(&granted, &writers), Status::Fail);
        let revoked = format!(
            "{owned} GRANT ALL ON ledger TO app; REVOKE UPDATE, DELETE ON ledger FROM app;"
        );
        assert_eq!(status_for(&revoked, &writers), Status::Pass);
        let column = format!("{owned} GRANT UPDATE (id) ON ledger TO app;");
        assert_eq!(
            status_for(&column, &writers),
            Status::Fail,
            "a column privilege updates rows"
        );
        let owner_writes = "ALTER TABLE ledger OWNER TO app;";
        assert_eq!(status_for(owner_writes, &writers), Status::Fail);
        let member = format!("{owned} GRANT admin TO app;");
        assert_eq!(
            status_for(&member, &writers),
            Status::NotVerified,
            "membership is not followed"
        );
    }

    /// PostgreSQL: a RAISE only on some paths lets the others through.
    #[test]
    fn a_function_that_raises_only_on_some_paths_is_not_proof() {
        let body = |b: &str| {
            format!(
                "CREATE FUNCTION no_change() RETURNS trigger LANGUAGE plpgsql AS $$ {b} $$;\
                 CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();"
            )
        };
        for some_paths in [
            "BEGIN IF TG_OP = 'UPDATE' THEN RAISE EXCEPTION 'no'; END IF; RETURN OLD; END",
            "BEGIN RETURN NEW; RAISE EXCEPTION 'no'; END",
            "BEGIN RAISE EXCEPTION 'no'; EXCEPTION WHEN others THEN RETURN NEW; END",
        ] {
            assert_eq!(
                status(&body(some_paths)),
                Status::NotVerified,
                "{some_paths}"
            );
        }
        assert_eq!(
            status(&body("DECLARE n int; BEGIN RAISE 'append-only'; END")),
            Status::Pass
        );
    }

    /// PostgreSQL: ENABLE REPLICA triggers fire only when session_replication_role
    /// is replica; ENABLE ALWAYS ones fire in every session.
    #[test]
    fn replica_triggers_do_not_protect_and_always_ones_do() {
        let sql = |how: &str| {
            format!(
                "{FUNCTION}CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();\
                 ALTER TABLE ledger {how} TRIGGER t;"
            )
        };
        assert_eq!(status(&sql("ENABLE REPLICA")), Status::Fail);
        assert_eq!(status(&sql("ENABLE ALWAYS")), Status::Pass);
    }

    #[test]
    fn mixed_coverage_passes() {
        let sql = format!(
            "{FUNCTION}CREATE TRIGGER t BEFORE UPDATE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();\
             CREATE RULE b AS ON DELETE TO ledger DO INSTEAD NOTHING;"
        );
        assert_eq!(status(&sql), Status::Pass);
    }

    #[test]
    fn near_misses_fail() {
        let after = format!(
            "{FUNCTION}CREATE TRIGGER t AFTER UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();"
        );
        assert_eq!(status(&after), Status::Fail);
        let quiet = "CREATE FUNCTION no_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'x'; -- RAISE EXCEPTION\n RETURN NEW; END $$;\
                     CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();";
        assert_eq!(status(quiet), Status::Fail);
        let dropped = format!(
            "{FUNCTION}CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change(); DROP TRIGGER t ON ledger;"
        );
        assert_eq!(status(&dropped), Status::Fail);
        let disabled = format!(
            "{FUNCTION}CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change(); ALTER TABLE ledger DISABLE TRIGGER t;"
        );
        assert_eq!(status(&disabled), Status::Fail);
    }

    /// The first evidence's line and the message of the one result for `sql`, the
    /// table on line 1, the function on line 2 and the trigger on line 3.
    /// The message, then its fix after `| ` when it has one.
    fn with_fix(r: crate::gate::GateResult) -> String {
        match r.fix {
            Some(fix) => format!("{} | {fix}", r.message),
            None => r.message,
        }
    }

    /// The status, the first evidence's line, and the message with the fix after `| `.
    fn decided(sql: &str, e: &crate::run::expectations::Expectations) -> (Status, u32, String) {
        let sql = format!(
            "{TABLE}{FUNCTION}CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();\n{sql}"
        );
        let r = results(&sql, Some(e), INFO.id).remove(0);
        let line = match r.evidence.first() {
            Some(crate::gate::Evidence::Sql { line, .. }) => *line,
            other => panic!("no SQL evidence: {other:?}"),
        };
        (r.status, line, with_fix(r))
    }

    /// The statement that undid the protection decides the result: it is the first
    /// evidence, and the message names it and says to remove it, not to add what is there.
    #[test]
    fn a_later_statement_that_undoes_the_trigger_is_the_evidence_and_the_fix() {
        let (status, line, message) = decided("\n\nALTER TABLE ledger DISABLE TRIGGER t;\n", &e());
        assert_eq!((status, line), (Status::Fail, 6), "{message}");
        assert!(
            message.contains(
                "trigger t is disabled by `ALTER TABLE ledger DISABLE TRIGGER t` at m.sql:6"
            ),
            "{message}"
        );
        assert!(
            message.ends_with("| Remove `ALTER TABLE ledger DISABLE TRIGGER t` at m.sql:6."),
            "{message}"
        );
        let (status, line, message) = decided("ALTER TABLE ledger ENABLE REPLICA TRIGGER t;", &e());
        assert_eq!((status, line), (Status::Fail, 4), "{message}");
        assert!(message.contains("`ALTER TABLE ledger ENABLE REPLICA TRIGGER t` at m.sql:4"));

        let (status, line, message) = decided("DROP TRIGGER t ON ledger;", &e());
        assert_eq!((status, line), (Status::Fail, 4), "{message}");
        assert!(
            message.contains("trigger t is dropped by `DROP TRIGGER t ON ledger` at m.sql:4")
                && message.contains("| Remove `DROP TRIGGER t ON ledger`"),
            "{message}"
        );
        // Disabled, then enabled again: the protection holds, and nothing is blamed.
        let (status, line, message) = decided(
            "ALTER TABLE ledger DISABLE TRIGGER t;\nALTER TABLE ledger ENABLE TRIGGER t;",
            &e(),
        );
        assert_eq!((status, line), (Status::Pass, 3), "{message}");
        assert!(!message.contains('|'), "{message}");
        // Dropped, then made again: the drop decided nothing.
        let (status, line, _) = decided(
            "DROP TRIGGER t ON ledger;\nCREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();",
            &e(),
        );
        assert_eq!((status, line), (Status::Pass, 5));
    }

    /// A guard made inside a savepoint that is rolled back leaves nothing: the ROLLBACK
    /// is the statement at fault.
    #[test]
    fn a_rolled_back_savepoint_that_undid_the_guard_is_the_evidence_and_the_fix() {
        let sql = format!(
            "{TABLE}{FUNCTION}BEGIN;\nSAVEPOINT s;\n\
             CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION no_change();\n\
             ROLLBACK TO SAVEPOINT s;\nCOMMIT;"
        );
        let r = results(&sql, Some(&e()), INFO.id).remove(0);
        assert_eq!(r.status, Status::Fail, "{}", r.message);
        assert!(
            matches!(
                r.evidence.first(),
                Some(crate::gate::Evidence::Sql { line: 6, .. })
            ),
            "{:?}",
            r.evidence
        );
        assert!(
            r.message
                .contains("trigger t is dropped by `ROLLBACK TO SAVEPOINT s` at m.sql:6"),
            "{}",
            r.message
        );
        assert_eq!(
            r.fix.as_deref(),
            Some("Remove `ROLLBACK TO SAVEPOINT s` at m.sql:6.")
        );
    }

    /// The statement is quoted on one line, cut short, its hidden characters shown.
    #[test]
    fn a_quoted_statement_cannot_reorder_or_flood_the_message() {
        let hidden = format!(
            "ALTER TABLE ledger\n  DISABLE TRIGGER t /* {}{} */;",
            '\u{202e}',
            "x".repeat(200)
        );
        let (status, _, message) = decided(&hidden, &e());
        assert_eq!(status, Status::Fail);
        assert!(
            !message.contains('\u{202e}') && !message.contains('\n'),
            "{message}"
        );
        assert!(
            message.contains("`ALTER TABLE ledger DISABLE TRIGGER t /* \\u{202e}xxx"),
            "{message}"
        );
        assert!(message.contains("x…` at m.sql:4"), "{message}");
    }

    #[test]
    fn a_later_statement_that_undoes_a_rule_or_a_revoke_is_the_evidence() {
        let rules = "CREATE RULE a AS ON UPDATE TO ledger DO INSTEAD NOTHING;\n\
                     CREATE RULE b AS ON DELETE TO ledger DO INSTEAD NOTHING;\n";
        let first = |sql: &str, e| {
            let r = results(&format!("{TABLE}{sql}"), Some(e), INFO.id).remove(0);
            let line = match r.evidence.first() {
                Some(crate::gate::Evidence::Sql { line, .. }) => *line,
                _ => 0,
            };
            (r.status, line, with_fix(r))
        };
        let e = e();
        let (status, line, message) =
            first(&format!("{rules}ALTER TABLE ledger DISABLE RULE b;"), &e);
        assert_eq!((status, line), (Status::Fail, 4), "{message}");
        assert!(message.contains("rule b is disabled by"), "{message}");
        let (status, line, message) = first(&format!("{rules}DROP RULE a ON ledger;"), &e);
        assert_eq!((status, line), (Status::Fail, 4), "{message}");
        assert!(message.ends_with("| Remove `DROP RULE a ON ledger` at m.sql:4."));

        let writers = expectations(r#"{"appendOnly":[{"table":"ledger","writerRoles":["app"]}]}"#);
        let owned = "ALTER TABLE ledger OWNER TO admin;\nGRANT SELECT, INSERT ON ledger TO app;\n";
        let (status, line, message) = first(
            &format!("{owned}GRANT UPDATE, DELETE ON ledger TO app;"),
            &writers,
        );
        assert_eq!((status, line), (Status::Fail, 4), "{message}");
        assert!(
            message.contains("app holds UPDATE, granted at m.sql:4")
                && message.contains("| Remove the GRANT of UPDATE to app at m.sql:4"),
            "{message}"
        );
    }

    #[test]
    fn a_function_defined_elsewhere_is_not_verified() {
        let sql = "CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION elsewhere();";
        assert_eq!(status(sql), Status::NotVerified);
    }
}
