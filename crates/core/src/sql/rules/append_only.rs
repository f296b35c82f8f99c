//! `append-only`: a ledger table is protected against both UPDATE and DELETE.

use crate::gate::{Severity, Status};
use crate::sql::location::Span;
use crate::sql::model::{Event, RuleEvent, Schema, Timing};
use crate::sql::names::QName;
use crate::sql::split::code_words;

use super::{Context, Finding, finding, not_reported};
use crate::registry::GateInfo;

pub const INFO: GateInfo = GateInfo {
    id: "append-only",
    title: "Append-only tables refuse UPDATE and DELETE",
    severity: Severity::Blocker,
    checks: "Checks that each `appendOnly` table is protected against both UPDATE and \
             DELETE, each event by one of: an enabled BEFORE trigger on it (not limited to \
             some columns, without WHEN) whose function, defined in these files, raises an \
             exception; an unconditional `CREATE RULE ... DO INSTEAD NOTHING`; or a REVOKE \
             of the privilege on the table that no later GRANT undoes. Mixed protection \
             counts.",
    why: "A ledger whose rows can be changed or deleted loses its audit trail: balances \
          can be rewritten without a trace.",
    fires: "`CREATE TRIGGER t BEFORE UPDATE ON ledger ...` alone (DELETE is uncovered).",
    passes: "`BEFORE UPDATE OR DELETE` with a raising function, or two DO INSTEAD NOTHING \
             rules.",
    fix: "Protect the table against UPDATE and DELETE with a raising BEFORE trigger, a DO INSTEAD NOTHING rule or a REVOKE.",
    relates_to: &["LEDGER_IMMUTABILITY"],
};

/// The levels of RAISE that do not stop the statement.
const NON_ERROR_LEVELS: &[&str] = &["debug", "log", "info", "notice", "warning"];

/// Whether a function body raises an error (RAISE EXCEPTION, or RAISE with no level,
/// which PostgreSQL takes as EXCEPTION), outside comments and strings.
pub fn raises(body: &str) -> bool {
    let words: Vec<(usize, &str)> = code_words(body, 0..body.len()).collect();
    words
        .iter()
        .zip(words.iter().skip(1))
        .any(|((_, word), (_, next))| {
            word.eq_ignore_ascii_case("raise")
                && !NON_ERROR_LEVELS
                    .iter()
                    .any(|l| next.eq_ignore_ascii_case(l))
        })
}

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
        near_misses: Vec<String>,
    },
}

fn coverage<'a>(schema: &'a Schema, table: &QName, event: RuleEvent) -> Coverage<'a> {
    let privilege = if event == RuleEvent::Update {
        "update"
    } else {
        "delete"
    };
    let mut near_misses = Vec::new();
    let mut unknown = None;
    for trigger in schema.triggers.iter().filter(|t| &t.table == table) {
        let fires = trigger.events.iter().any(|e| match (e, event) {
            (Event::Update { columns }, RuleEvent::Update) => columns.is_empty(),
            (Event::Delete, RuleEvent::Delete) => true,
            _ => false,
        });
        if !fires {
            if trigger
                .events
                .iter()
                .any(|e| matches!(e, Event::Update { columns } if !columns.is_empty()))
                && event == RuleEvent::Update
            {
                near_misses.push(format!(
                    "trigger {} fires only on UPDATE OF some columns",
                    trigger.name
                ));
            }
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
            near_misses.push(format!("trigger {} {problem}", trigger.name));
            continue;
        }
        let Some(function_name) = &trigger.function else {
            continue;
        };
        match schema.function(function_name) {
            Some(f) if f.body.as_deref().is_some_and(raises) => {
                return Coverage::Blocked {
                    by: format!("trigger {} ({function_name} raises)", trigger.name),
                    span: &trigger.span,
                };
            }
            Some(_) => near_misses.push(format!(
                "trigger {}: {function_name} does not raise",
                trigger.name
            )),
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
    for rule in schema
        .rules
        .iter()
        .filter(|r| &r.table == table && r.event == event)
    {
        if rule.instead_nothing && rule.enabled {
            return Coverage::Blocked {
                by: format!("rule {} (DO INSTEAD NOTHING)", rule.name),
                span: &rule.span,
            };
        }
        near_misses.push(format!(
            "rule {} is not an unconditional DO INSTEAD NOTHING",
            rule.name
        ));
    }
    let last_change = schema
        .privileges
        .iter()
        .rev()
        .find(|p| p.covers(privilege, table));
    match last_change {
        Some(change) if !change.grant => {
            return Coverage::Blocked {
                by: format!(
                    "REVOKE {} from {}",
                    privilege.to_uppercase(),
                    change.grantees.join(", ")
                ),
                span: &change.span,
            };
        }
        Some(_) => near_misses.push(format!(
            "{} is granted after any revoke",
            privilege.to_uppercase()
        )),
        None => {}
    }
    unknown.unwrap_or(Coverage::Open { near_misses })
}

pub fn check(ctx: &Context) -> Vec<Finding> {
    let Some(tables) = ctx.expectations.and_then(|e| e.append_only.as_ref()) else {
        return vec![not_reported(INFO.id, INFO.severity, "appendOnly")];
    };
    tables
        .iter()
        .map(|expected| {
            let table = QName::from_expectation(&expected.table);
            let mut depends = vec![table.name.clone()];
            depends.extend(
                ctx.schema
                    .triggers
                    .iter()
                    .filter(|t| t.table == table)
                    .filter_map(|t| t.function.as_ref())
                    .map(|f| f.name.clone()),
            );
            let mut blocked = Vec::new();
            let mut open = Vec::new();
            let mut unknown = Vec::new();
            let mut spans = Vec::new();
            for (event, label) in [(RuleEvent::Update, "UPDATE"), (RuleEvent::Delete, "DELETE")] {
                match coverage(ctx.schema, &table, event) {
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
                        open.push(format!(
                            "{label} is not blocked ({})",
                            near_misses.join("; ")
                        ));
                    }
                }
            }
            let (status, parts) = if !open.is_empty() {
                (
                    Status::Fail,
                    open.into_iter().chain(blocked).collect::<Vec<_>>(),
                )
            } else if !unknown.is_empty() {
                (
                    Status::NotVerified,
                    unknown.into_iter().chain(blocked).collect(),
                )
            } else {
                (Status::Pass, blocked)
            };
            if spans.is_empty() {
                spans.extend(ctx.schema.table(&table).map(|t| &t.span));
            }
            finding(
                INFO.id,
                status,
                INFO.severity,
                format!("{}: {}", expected.table, parts.join("; ")),
                &expected.relates_to,
                &spans,
                depends,
            )
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

    #[test]
    fn revoke_passes_unless_granted_again() {
        assert_eq!(
            status("REVOKE UPDATE, DELETE ON ledger FROM PUBLIC;"),
            Status::Pass
        );
        assert_eq!(status("REVOKE ALL ON ledger FROM app;"), Status::Pass);
        assert_eq!(
            status("REVOKE UPDATE, DELETE ON ledger FROM PUBLIC; GRANT UPDATE ON ledger TO app;"),
            Status::Fail
        );
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

    #[test]
    fn a_function_defined_elsewhere_is_not_verified() {
        let sql = "CREATE TRIGGER t BEFORE UPDATE OR DELETE ON ledger FOR EACH ROW EXECUTE FUNCTION elsewhere();";
        assert_eq!(status(sql), Status::NotVerified);
    }
}
