//! `check --prove`: runs the core's proof plan (`secondlook_core::proof`) in a scratch
//! database of a PostgreSQL server, by the executor rules of that module, and puts the
//! proofs on the review. The server is the one a URL (or libpq key/value string)
//! names, or, with no URL, a temporary one started with `initdb` and `pg_ctl`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::{Client, Config, NoTls, SimpleQueryMessage};
use secondlook_core::proof::{self, Answer, Executed, Plan};
use secondlook_core::review::Review;

/// Proves the review's gates against the server `url` names, or a temporary server.
pub fn prove(review: &mut Review, url: Option<&str>) -> Result<(), String> {
    let plan = proof::plan(review);
    let executed = match url {
        Some(url) => {
            let config: Config = url.parse().map_err(|e| {
                format!("--prove {url:?} is not a PostgreSQL URL or connection string: {e}")
            })?;
            execute(&plan, &config)?
        }
        None => {
            let server = TemporaryServer::start()?;
            execute(&plan, &server.config())?
        }
    };
    proof::apply(review, &plan, &executed);
    Ok(())
}

/// Runs the plan in a scratch database created for it and dropped after, whatever
/// happened in between.
pub fn execute(plan: &Plan, config: &Config) -> Result<Executed, String> {
    let mut admin = config
        .connect(NoTls)
        .map_err(|e| format!("cannot connect to PostgreSQL for --prove: {e}"))?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let scratch = format!("secondlook_proof_{}_{nanos}", std::process::id());
    admin
        .batch_execute(&format!("CREATE DATABASE {scratch}"))
        .map_err(|e| format!("cannot create the scratch database: {e}"))?;
    let executed = config
        .clone()
        .dbname(&scratch)
        .connect(NoTls)
        .map_err(|e| format!("cannot connect to the scratch database {scratch}: {e}"))
        .map(|mut client| run(&mut client, plan));
    let dropped = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {scratch} WITH (FORCE)"));
    let executed = executed?;
    dropped.map_err(|e| format!("cannot drop the scratch database {scratch}: {e}"))?;
    Ok(executed)
}

/// The executor rules of `secondlook_core::proof`, in order.
fn run(client: &mut Client, plan: &Plan) -> Executed {
    let engine = ask(client, "select version()")
        .first_row()
        .first()
        .cloned()
        .flatten()
        .unwrap_or_default();
    let mut migration = Vec::new();
    for statement in &plan.migration {
        let answer = ask(client, statement);
        let failed = !answer.ok;
        migration.push(answer);
        if failed {
            return Executed {
                engine,
                migration,
                probes: Vec::new(),
            };
        }
    }
    let probes = plan
        .probes
        .iter()
        .map(|probe| {
            ask(client, "BEGIN");
            let answers = probe
                .steps
                .iter()
                .map(|step| {
                    ask(client, "SAVEPOINT step");
                    let answer = ask(client, step);
                    let close = if answer.ok {
                        "RELEASE SAVEPOINT step"
                    } else {
                        "ROLLBACK TO SAVEPOINT step"
                    };
                    ask(client, close);
                    answer
                })
                .collect();
            ask(client, "ROLLBACK");
            answers
        })
        .collect();
    Executed {
        engine,
        migration,
        probes,
    }
}

/// One statement as a simple query: its rows as text, or the error as PostgreSQL gave it.
fn ask(client: &mut Client, sql: &str) -> Answer {
    match client.simple_query(sql) {
        Ok(messages) => {
            let mut answer = Answer {
                ok: true,
                ..Answer::default()
            };
            for message in messages {
                match message {
                    SimpleQueryMessage::Row(row) => answer.rows.push(
                        (0..row.len())
                            .map(|i| row.get(i).map(str::to_string))
                            .collect(),
                    ),
                    SimpleQueryMessage::CommandComplete(n) => answer.affected = n,
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

/// A PostgreSQL server in a temporary folder, reachable only through a unix socket
/// there; stopped and removed when dropped.
struct TemporaryServer {
    bin: PathBuf,
    dir: PathBuf,
}

const HOW_TO_GIVE_ONE: &str = "give a server with --prove postgres://USER@HOST/DB (or a libpq \"host=... user=...\" string), or install PostgreSQL (Debian: apt-get install postgresql) so that initdb and pg_ctl are on PATH or under /usr/lib/postgresql/*/bin";
const PORT: u16 = 5432;

impl TemporaryServer {
    fn start() -> Result<TemporaryServer, String> {
        let bin = server_bin().ok_or_else(|| {
            format!("--prove without a URL needs initdb and pg_ctl, which were not found: {HOW_TO_GIVE_ONE}")
        })?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("secondlook-pg-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let server = TemporaryServer { bin, dir };
        if is_root() {
            server.step(
                Command::new("chown").arg("postgres:").arg(&server.dir),
                "chown",
            )?;
        }
        let data = server.dir.join("data");
        server.step(
            server.as_owner("initdb").arg("-D").arg(&data).args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-locale",
            ]),
            "initdb",
        )?;
        let options = format!(
            "-k {} -p {PORT} -c listen_addresses='' -c fsync=off",
            server.dir.display()
        );
        server.step(
            server
                .as_owner("pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(server.dir.join("server.log"))
                .args(["-w", "-o", &options, "start"]),
            "pg_ctl start",
        )?;
        Ok(server)
    }

    fn config(&self) -> Config {
        let mut config = Config::new();
        config
            .host_path(&self.dir)
            .port(PORT)
            .user("postgres")
            .dbname("postgres");
        config
    }

    /// PostgreSQL refuses to run as root: as root, its tools run as `postgres`.
    fn as_owner(&self, tool: &str) -> Command {
        let path = self.bin.join(tool);
        if is_root() {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn step(&self, command: &mut Command, what: &str) -> Result<(), String> {
        let output = command
            .output()
            .map_err(|e| format!("cannot run {what} for the temporary server: {e}"))?;
        if output.status.success() {
            return Ok(());
        }
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        // The server's own words, a line each (an error is one line), before the error.
        let said = [&output.stderr, &output.stdout].map(|out| String::from_utf8_lossy(out));
        for line in said.iter().flat_map(|s| s.lines()).chain(log.lines()) {
            eprintln!("  {}", crate::terminal::shown(line));
        }
        Err(format!(
            "{what} failed for the temporary server (what it said is above); {HOW_TO_GIVE_ONE}"
        ))
    }
}

impl Drop for TemporaryServer {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        if data.join("postmaster.pid").exists() {
            let _ = self
                .as_owner("pg_ctl")
                .arg("-D")
                .arg(&data)
                .args(["-m", "immediate", "stop"])
                .output();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// The folder holding `initdb` and `pg_ctl`: on PATH, else the newest
/// `/usr/lib/postgresql/*/bin` (Debian keeps them off PATH).
fn server_bin() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(dir) = on_path.into_iter().find(|d| has_tools(d)) {
        return Some(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let bin = entry.path().join("bin");
            has_tools(&bin).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
