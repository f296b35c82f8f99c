//! The server `check --prove` starts when given none: a fresh cluster in a folder only
//! its owner may enter (0700), reachable only through a unix socket there (0700, no
//! TCP), where every login needs the superuser's random password, which only this
//! process knows; its tools run with no environment but `PATH`, so nothing of the
//! caller's (tokens included) reaches a statement. Stopped and removed however the
//! command ends (`super::undo`); what a SIGKILL leaves, the next start sweeps.

use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::error::SqlState;
use postgres::{Config, NoTls};
use secondlook_core::proof::scaffold::ident;

use super::scratch::random_password;
use super::undo::{Pending, pending};

pub struct TemporaryServer {
    dir: PathBuf,
    password: String,
    undo: Pending,
}

const HOW_TO_GIVE_ONE: &str = "give a server with --prove postgres://USER@HOST/DB (or a libpq \"host=... user=...\" string), or install PostgreSQL (Debian: apt-get install postgresql) so that initdb and pg_ctl are on PATH or under /usr/lib/postgresql/*/bin";
const PORT: u16 = 5432;

impl TemporaryServer {
    pub fn start() -> Result<TemporaryServer, String> {
        let bin = server_bin().ok_or_else(|| {
            format!("--prove without a URL needs initdb and pg_ctl, which were not found: {HOW_TO_GIVE_ONE}")
        })?;
        sweep(&bin);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("secondlook-pg-{}-{nanos}", std::process::id()));
        std::fs::DirBuilder::new()
            .mode(0o700)
            .create(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let undo = pending({
            let (bin, dir) = (bin.clone(), dir.clone());
            move || remove(&bin, &dir)
        });
        let server = TemporaryServer {
            dir,
            password: random_password()?,
            undo,
        };
        // The password is in a file only the server's owner may read, for as long as
        // initdb runs: never on a command line.
        let password_file = server.dir.join("password");
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&password_file)
            .and_then(|mut file| file.write_all(server.password.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", password_file.display()))?;
        if is_root() {
            server.step(
                Command::new("chown")
                    .arg("postgres:")
                    .arg(&server.dir)
                    .arg(&password_file),
                "chown",
            )?;
        }
        let data = server.dir.join("data");
        let initdb = server.step(
            as_owner(&bin, "initdb")
                .arg("-D")
                .arg(&data)
                .args([
                    "--auth=scram-sha-256",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--no-locale",
                ])
                .arg("--pwfile")
                .arg(&password_file),
            "initdb",
        );
        let _ = std::fs::remove_file(&password_file);
        initdb?;
        let options = format!(
            "-k {} -p {PORT} -c listen_addresses='' -c unix_socket_permissions=0700 -c fsync=off",
            server.dir.display()
        );
        server.step(
            as_owner(&bin, "pg_ctl")
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(server.dir.join("server.log"))
                .args(["-w", "-o", &options, "start"]),
            "pg_ctl start",
        )?;
        Ok(server)
    }

    pub fn config(&self) -> Config {
        let mut config = Config::new();
        config
            .host_path(&self.dir)
            .port(PORT)
            .user("postgres")
            .password(&self.password)
            .dbname("postgres");
        config
    }

    /// The roles a deployment has and the run names: a fresh cluster has none. They
    /// can log in nowhere, and go with the server.
    pub fn create_roles(&self, roles: &[String]) -> Result<(), String> {
        let mut admin = self
            .config()
            .connect(NoTls)
            .map_err(|e| format!("cannot connect to the temporary server: {e}"))?;
        for role in roles {
            admin
                .batch_execute(&format!("CREATE ROLE {} NOLOGIN", ident(role)))
                .or_else(|e| match e.code() {
                    Some(&SqlState::DUPLICATE_OBJECT) => Ok(()),
                    _ => Err(format!("cannot create the writer role {role:?}: {e}")),
                })?;
        }
        Ok(())
    }

    /// Stops the server and removes its folder, saying what could not be.
    pub fn stop(self) -> Result<(), String> {
        self.undo.finish()
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

/// Stops the server in `dir` if it runs, and removes the folder.
fn remove(bin: &Path, dir: &Path) -> Result<(), String> {
    let data = dir.join("data");
    if data.join("postmaster.pid").exists() {
        let _ = as_owner(bin, "pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
    // A server's last processes may still write into the folder for a moment after
    // the stop returns on a loaded machine: try again before giving up.
    let mut tries = 0;
    loop {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(_) if tries < 20 => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(250));
            }
            Err(e) => {
                return Err(format!(
                    "cannot remove the temporary server's folder {}: {e}",
                    dir.display()
                ));
            }
        }
    }
}

/// Stops and removes the temporary servers killed runs left: folders named as ours whose
/// process is gone, that only the user our servers run as may enter.
fn sweep(bin: &Path) {
    let (Ok(entries), Some(owner)) = (std::fs::read_dir(std::env::temp_dir()), server_uid()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|name| name.strip_prefix("secondlook-pg-"))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        let left = pid.is_some_and(|pid| !Path::new(&format!("/proc/{pid}")).exists());
        let ours = std::fs::symlink_metadata(entry.path())
            .is_ok_and(|m| m.is_dir() && m.uid() == owner && m.mode() & 0o777 == 0o700);
        if left && ours {
            let _ = remove(bin, &entry.path());
        }
    }
}

/// A server tool with no environment but `PATH`. PostgreSQL refuses to run as root:
/// as root, its tools run as `postgres`.
fn as_owner(bin: &Path, tool: &str) -> Command {
    let path = bin.join(tool);
    let mut command = if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(path);
        command
    } else {
        Command::new(path)
    };
    command.env_clear().env(
        "PATH",
        "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    );
    command
}

fn is_root() -> bool {
    uid(None) == Some(0)
}

/// The user our servers run as: `postgres` as root, else ourselves.
fn server_uid() -> Option<u32> {
    if is_root() {
        uid(Some("postgres"))
    } else {
        uid(None)
    }
}

/// `id -u [user]`.
fn uid(user: Option<&str>) -> Option<u32> {
    let output = Command::new("id").arg("-u").args(user).output().ok()?;
    std::str::from_utf8(&output.stdout)
        .ok()?
        .trim()
        .parse()
        .ok()
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
