//! The sandbox a migration is proved in, on any server: a role made for this run (not
//! a superuser, no CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS, in no role but the
//! writer roles the probes act as, granted after the migration), owning only a scratch
//! database of the same name; every statement bounded by the role's timeouts and
//! temporary-file limit, and by a watchdog that ends the session when a statement
//! outlives them anyway (a session may lift its own timeouts). Both are dropped
//! however the command ends (`super::undo`); what a SIGKILL leaves, a later run sweeps.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use postgres::{Client, Config, NoTls};
use secondlook_core::proof::scaffold::ident;
use secondlook_core::proof::{Executed, Plan};

use super::undo::pending;
use super::{ask, run};

/// What bounds each statement the migration and the probes run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// `statement_timeout`, `lock_timeout`, `idle_in_transaction_session_timeout`; the
    /// watchdog ends the session a little after.
    pub timeout: Duration,
    /// `temp_file_limit`, in megabytes.
    pub temp_files_mb: u32,
}

/// The names of scratch databases and their roles: `secondlook_proof_<pid>_<nanos>`.
const PREFIX: &str = "secondlook_proof_";
/// A scratch database or role older than this is left from a killed run: swept.
const STALE: Duration = Duration::from_secs(24 * 60 * 60);
/// How long after the statement timeout the watchdog ends the session.
const GRACE: Duration = Duration::from_secs(2);

/// Runs the plan as a new role in a new scratch database of the server `config`
/// names (as a superuser), and drops both, whatever happened in between.
pub fn execute(
    plan: &Plan,
    config: &Config,
    limits: &Limits,
    writer_roles: &[String],
) -> Result<Executed, String> {
    let mut admin = config
        .connect(NoTls)
        .map_err(|e| format!("cannot connect to PostgreSQL for --prove: {e}"))?;
    must_be_superuser(&mut admin)?;
    sweep(&mut admin, config);
    let name = format!("{PREFIX}{}_{}", std::process::id(), now().as_nanos());
    let password = random_password()?;
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    admin
        .batch_execute(&format!(
            "CREATE ROLE {name} LOGIN PASSWORD '{verifier}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 1"
        ))
        .map_err(|e| format!("cannot create the role the migration runs as: {e}"))?;
    let undo = pending({
        let (config, name) = (config.clone(), name.clone());
        move || remove(&config, &name)
    });
    let ms = limits.timeout.as_millis();
    for setting in [
        format!("statement_timeout = {ms}"),
        format!("lock_timeout = {ms}"),
        format!("idle_in_transaction_session_timeout = {ms}"),
        format!("temp_file_limit = '{}MB'", limits.temp_files_mb),
    ] {
        admin
            .batch_execute(&format!("ALTER ROLE {name} SET {setting}"))
            .map_err(|e| format!("cannot bound the migration's role ({setting}): {e}"))?;
    }
    // Only its owner (and superusers) may connect to it.
    for sql in [
        format!("CREATE DATABASE {name} OWNER {name}"),
        format!("REVOKE ALL ON DATABASE {name} FROM PUBLIC"),
    ] {
        admin
            .batch_execute(&sql)
            .map_err(|e| format!("cannot create the scratch database {name}: {e}"))?;
    }
    let mut client = config
        .clone()
        .user(&name)
        .password(&password)
        .dbname(&name)
        .connect(NoTls)
        .map_err(|e| {
            format!(
                "cannot log in as {name}, the role the migration runs as: {e}; the server must let a role log in with a password where --prove connects (pg_hba.conf: scram-sha-256, md5 or trust)"
            )
        })?;
    let pid = ask(&mut client, "SELECT pg_backend_pid()")
        .first_row()
        .first()
        .cloned()
        .flatten()
        .unwrap_or_default();
    let watch = Watch::default();
    let executed = std::thread::scope(|scope| {
        scope.spawn(|| watch.guard(limits.timeout + GRACE, || terminate(config, &pid)));
        let executed = run(
            plan,
            &mut |sql| {
                watch.set(Clock::Since(Instant::now()));
                let answer = ask(&mut client, sql);
                watch.set(Clock::Idle);
                answer
            },
            || grant_for_probes(&mut admin, &name, writer_roles, limits),
        );
        watch.set(Clock::Done);
        executed
    });
    drop(client);
    undo.finish()?;
    Ok(executed)
}

fn must_be_superuser(admin: &mut Client) -> Result<(), String> {
    let answer = ask(
        admin,
        "SELECT current_user, rolsuper::text FROM pg_roles WHERE rolname = current_user",
    );
    match answer.first_row() {
        [_, Some(yes)] if yes == "true" => Ok(()),
        [Some(user), _] => Err(format!(
            "--prove needs a superuser, and {user} is not one on that server: it creates the role the migration runs as (no superuser, no privileges beyond its scratch database), bounds that role's temporary files, and lets the probes turn triggers off while they insert"
        )),
        _ => Err(format!(
            "cannot tell whether --prove connects as a superuser: {}",
            answer.said()
        )),
    }
}

/// What the probes need beyond the owner's rights, given after the migration so that
/// the migration never has them: turning triggers off while a scaffold row goes in, and
/// becoming each writer role. A writer role with powers of its own (login, an
/// attribute, membership in a role) is not given: the probes as that role are
/// inconclusive.
fn grant_for_probes(admin: &mut Client, name: &str, writer_roles: &[String], limits: &Limits) {
    // The migration's session may have left a transaction open: it must not hold these.
    let _ = admin.batch_execute(&format!(
        "SET lock_timeout = {}",
        limits.timeout.as_millis()
    ));
    // PostgreSQL 14 and older cannot grant this: the scaffold is refused there.
    let _ = admin.batch_execute(&format!(
        "GRANT SET ON PARAMETER session_replication_role TO {name}"
    ));
    let plain = admin.query(
        "SELECT rolname::text FROM pg_roles r WHERE rolname = ANY($1) \
         AND NOT (rolcanlogin OR rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls) \
         AND NOT EXISTS (SELECT 1 FROM pg_auth_members WHERE member = r.oid)",
        &[&writer_roles],
    );
    for row in plain.into_iter().flatten() {
        let role: String = row.get(0);
        let _ = admin.batch_execute(&format!("GRANT {} TO {name}", ident(&role)));
    }
}

/// Drops the scratch database `name` and its role, with what the role was granted.
fn remove(config: &Config, name: &str) -> Result<(), String> {
    let mut admin = config
        .connect(NoTls)
        .map_err(|e| format!("cannot connect to drop the scratch database {name}: {e}"))?;
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .map_err(|e| format!("cannot drop the scratch database {name}: {e}"))?;
    let exists = ask(
        &mut admin,
        &format!("SELECT 1 FROM pg_roles WHERE rolname = '{name}'"),
    );
    if exists.rows.is_empty() {
        return Ok(());
    }
    admin
        .batch_execute(&format!("DROP OWNED BY {name}"))
        .and_then(|()| admin.batch_execute(&format!("DROP ROLE {name}")))
        .map_err(|e| format!("cannot drop the role {name}: {e}"))
}

/// Drops the scratch databases and roles a killed run left, by the time in their name.
fn sweep(admin: &mut Client, config: &Config) {
    let left = ask(
        admin,
        "SELECT datname::text FROM pg_database WHERE datname LIKE 'secondlook\\_proof\\_%' \
         UNION SELECT rolname::text FROM pg_roles WHERE rolname LIKE 'secondlook\\_proof\\_%'",
    );
    for name in left.rows.into_iter().flatten().flatten() {
        let made = name
            .rsplit('_')
            .next()
            .and_then(|nanos| nanos.parse::<u128>().ok());
        let stale = made.is_some_and(|nanos| {
            now().as_nanos().saturating_sub(nanos) > STALE.as_nanos()
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        });
        if stale {
            let _ = remove(config, &name);
        }
    }
}

/// Ends the backend `pid`, from a connection of its own.
fn terminate(config: &Config, pid: &str) {
    if pid.bytes().all(|b| b.is_ascii_digit())
        && let Ok(mut admin) = config.connect(NoTls)
    {
        let _ = admin.batch_execute(&format!("SELECT pg_terminate_backend({pid})"));
    }
}

/// Since when the session's current statement runs.
#[derive(Default)]
enum Clock {
    #[default]
    Idle,
    Since(Instant),
    Done,
}

#[derive(Default)]
struct Watch {
    clock: Mutex<Clock>,
    changed: Condvar,
}

impl Watch {
    fn set(&self, clock: Clock) {
        *self.clock.lock().unwrap_or_else(|e| e.into_inner()) = clock;
        self.changed.notify_all();
    }

    /// Calls `kill` once a statement has run for `limit`; returns when done.
    fn guard(&self, limit: Duration, kill: impl FnOnce()) {
        let mut clock = self.clock.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match *clock {
                Clock::Done => return,
                Clock::Since(since) if since.elapsed() >= limit => {
                    drop(clock);
                    return kill();
                }
                _ => {}
            }
            clock = self
                .changed
                .wait_timeout(clock, Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

fn now() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

/// 32 hex digits from the kernel's random source; also the temporary server's.
pub fn random_password() -> Result<String, String> {
    let mut bytes = [0u8; 16];
    std::io::Read::read_exact(
        &mut std::fs::File::open("/dev/urandom")
            .map_err(|e| format!("cannot read /dev/urandom for a password: {e}"))?,
        &mut bytes,
    )
    .map_err(|e| format!("cannot read /dev/urandom for a password: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
