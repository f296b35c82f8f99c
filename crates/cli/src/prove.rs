//! `check --prove`: runs the core's proof plan (`secondlook_core::proof`) in a scratch
//! database of a PostgreSQL server, by the executor rules of that module, and puts the
//! proofs on the review. The server is the one a URL (or libpq key/value string)
//! names, or, with no URL, a temporary one started with `initdb` and `pg_ctl`. Either
//! way the migration runs sandboxed (`scratch`), and nothing is left behind (`undo`).

mod scratch;
mod temporary_server;
mod undo;

use postgres::{Client, Config, SimpleQueryMessage};
use secondlook_core::proof::{Answer, Executed, Plan, Sent};
use secondlook_core::prove;
use secondlook_core::review::Review;

pub use scratch::Limits;
use temporary_server::TemporaryServer;

/// Proves the review's gates against the server `url` names, or a temporary server.
pub fn prove(review: &mut Review, url: Option<&str>, limits: &Limits) -> Result<(), String> {
    let plan = prove::plan::plan(review);
    // The probes act as each writer role: the migration's role may become them, after
    // the migration.
    let writer_roles: Vec<String> = review
        .run()
        .and_then(|run| run.expectations.as_ref())
        .and_then(|e| e.append_only.as_ref())
        .into_iter()
        .flatten()
        .flat_map(|a| a.writer_roles.iter().cloned())
        .collect();
    let executed = match url {
        Some(url) => {
            let config: Config = url.parse().map_err(|e| {
                format!("--prove {url:?} is not a PostgreSQL URL or connection string: {e}")
            })?;
            scratch::execute(&plan, &config, limits, &writer_roles)?
        }
        None => {
            let server = TemporaryServer::start()?;
            server.create_roles(&writer_roles)?;
            let executed = scratch::execute(&plan, &server.config(), limits, &writer_roles)?;
            server.stop()?;
            executed
        }
    };
    prove::apply::apply(review, &plan, &executed);
    Ok(())
}

/// The executor rules of `secondlook_core::proof`, in order, each statement through
/// `ask`; `before_probes` runs between the migration and the probes.
fn run(
    plan: &Plan,
    ask: &mut impl FnMut(&str) -> Answer,
    before_probes: impl FnOnce(),
) -> Executed {
    let engine = ask("select version()")
        .first_row()
        .first()
        .cloned()
        .flatten()
        .unwrap_or_default();
    let baseline = in_order(&plan.baseline, ask);
    if baseline.last().is_some_and(|a| !a.ok) {
        return Executed {
            engine,
            baseline,
            ..Executed::default()
        };
    }
    let scaffold = committed(&plan.scaffold, ask);
    let migration = in_order(&plan.migration, ask);
    if migration.last().is_some_and(|a| !a.ok) {
        return Executed {
            engine,
            baseline,
            scaffold,
            migration,
            ..Executed::default()
        };
    }
    let catalog = in_probe(&plan.catalog, ask);
    before_probes();
    let probes = plan
        .probes
        .iter()
        .map(|probe| in_probe(&probe.steps, ask))
        .collect();
    Executed {
        engine,
        baseline,
        scaffold,
        migration,
        catalog,
        probes,
    }
}

/// Each query in order, up to the first PostgreSQL refuses (its answer last).
fn in_order(sent: &[Sent], ask: &mut impl FnMut(&str) -> Answer) -> Vec<Answer> {
    let mut answers = Vec::new();
    for sent in sent {
        let answer = ask(&sent.sql);
        let failed = !answer.ok;
        answers.push(answer);
        if failed {
            // Ends a transaction the error aborted; only a warning otherwise.
            ask("ROLLBACK");
            break;
        }
    }
    answers
}

/// Steps run as a probe: in a transaction rolled back at the end.
fn in_probe(steps: &[String], ask: &mut impl FnMut(&str) -> Answer) -> Vec<Answer> {
    let answers = in_transaction(steps, ask);
    ask("ROLLBACK");
    answers
}

/// The scaffold's steps, run as a probe's but committed, so the migration meets the
/// rows they put in; the COMMIT's answer last. Nothing at all without steps.
fn committed(steps: &[String], ask: &mut impl FnMut(&str) -> Answer) -> Vec<Answer> {
    if steps.is_empty() {
        return Vec::new();
    }
    let mut answers = in_transaction(steps, ask);
    answers.push(ask("COMMIT"));
    answers
}

/// Opens a transaction and runs each step in a savepoint, so one refused step does not
/// abort those after it; the transaction is left open.
fn in_transaction(steps: &[String], ask: &mut impl FnMut(&str) -> Answer) -> Vec<Answer> {
    ask("BEGIN");
    steps
        .iter()
        .map(|step| {
            ask("SAVEPOINT step");
            let answer = ask(step);
            let close = if answer.ok {
                "RELEASE SAVEPOINT step"
            } else {
                "ROLLBACK TO SAVEPOINT step"
            };
            ask(close);
            answer
        })
        .collect()
}

/// One simple query: the rows of its statements as text, in order, and the rows they
/// changed; or the error as PostgreSQL gave it.
fn ask(client: &mut Client, sql: &str) -> Answer {
    match client.simple_query(sql) {
        Ok(messages) => {
            let mut answer = Answer {
                ok: true,
                ..Answer::default()
            };
            // A statement that returns rows counts them in its tag too: only the
            // others' counts are rows changed, summed over a query of many statements.
            let mut returned = false;
            for message in messages {
                match message {
                    SimpleQueryMessage::Row(row) => {
                        returned = true;
                        answer.rows.push(
                            (0..row.len())
                                .map(|i| row.get(i).map(str::to_string))
                                .collect(),
                        )
                    }
                    SimpleQueryMessage::CommandComplete(n) => {
                        if !returned {
                            answer.affected += n;
                        }
                        returned = false;
                    }
                    _ => {}
                }
            }
            answer
        }
        Err(error) => match error.as_db_error() {
            Some(db) => Answer {
                sqlstate: Some(db.code().code().to_string()),
                message: Some(db.message().to_string()),
                constraint: db.constraint().map(str::to_string),
                ..Answer::default()
            },
            None => Answer {
                message: Some(error.to_string()),
                ..Answer::default()
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use postgres::Config;
    use secondlook_core::proof::{Executed, Plan};
    use serde::Deserialize;

    use super::{Limits, scratch};

    /// A plan and what a correct executor answers (its engine aside).
    #[derive(Deserialize)]
    struct Conformance {
        plan: Plan,
        executed: Executed,
    }

    fn test_server() -> Config {
        std::env::var("SECONDLOOK_TEST_PG")
            .expect(
                "SECONDLOOK_TEST_PG is not set: this test needs PostgreSQL; run it through \
                 `bash scripts/test.sh`, which starts a private server and sets it",
            )
            .parse()
            .unwrap()
    }

    /// What `lock-budget`'s examples say holds once PostgreSQL is asked: statically they
    /// can only be open (`crates/core/tests/examples.rs`).
    #[test]
    #[cfg_attr(
        not(feature = "postgres-tests"),
        ignore = "needs PostgreSQL: scripts/test.sh runs it"
    )]
    fn the_lock_budget_examples_say_what_they_expect_once_proved() {
        use secondlook_core::examples::Expect;
        use secondlook_core::gate::{GateId, Status};
        use secondlook_core::sql::rules::lock_budget;
        let limits = Limits {
            timeout: Duration::from_secs(30),
            temp_files_mb: 64,
        };
        let config = test_server();
        for example in lock_budget::INFO.examples {
            let mut review = secondlook_core::inputs::Inputs::example(example)
                .unwrap()
                .review();
            let plan = secondlook_core::prove::plan::plan(&review);
            let executed = scratch::execute(&plan, &config, &limits, &[]).unwrap();
            secondlook_core::prove::apply::apply(&mut review, &plan, &executed);
            let own: Vec<(Status, &str)> = (review.gates.iter())
                .filter(|g| g.id == GateId::LockBudget)
                .map(|g| (g.status, g.message.as_str()))
                .collect();
            let holds = match example.expect {
                Expect::Fires => own.iter().any(|(s, _)| *s == Status::Fail),
                Expect::Passes => own.iter().all(|(s, _)| *s == Status::Pass),
                Expect::NotVerified => own.iter().any(|(s, _)| *s == Status::NotVerified),
            };
            assert!(!own.is_empty() && holds, "{}: {own:?}", example.name);
        }
    }

    /// This executor gives every conformance fixture's answers, against the test server.
    #[test]
    #[cfg_attr(
        not(feature = "postgres-tests"),
        ignore = "needs PostgreSQL: scripts/test.sh runs it"
    )]
    fn the_executor_conforms() {
        let config = test_server();
        let limits = Limits {
            timeout: Duration::from_secs(30),
            temp_files_mb: 64,
        };
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/proof/conformance");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let case: Conformance =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let mut executed = scratch::execute(&case.plan, &config, &limits, &[]).unwrap();
            assert!(executed.engine.starts_with("PostgreSQL "), "{path:?}");
            executed.engine.clear();
            assert_eq!(executed, case.executed, "{path:?}");
            seen += 1;
        }
        assert!(seen >= 4, "{seen} fixtures in {dir:?}");
    }
}
