//! `secondlook show`: its server hands out the site's own files and nothing else, whatever
//! path a request names.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A stand-in viewer: `show` serves whatever folder `--app` names.
fn viewer(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("secondlook-show-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("app")).unwrap();
    std::fs::write(dir.join("app/index.html"), "<p>viewer</p>").unwrap();
    std::fs::write(dir.join("app/app_bg.wasm"), [0u8, 0x61, 0x73, 0x6d]).unwrap();
    std::fs::write(dir.join("secret.txt"), "NOT_SERVED").unwrap();
    dir
}

struct Server {
    child: Child,
    address: String,
    /// Kept open: what `show` prints after the address still has a reader.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn show(args: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .arg("show")
        .arg("--no-open")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    let address = line
        .trim()
        .strip_prefix("http://")
        .and_then(|rest| rest.split_once('/'))
        .map(|(host, _)| host.to_string())
        .unwrap_or_else(|| panic!("no address printed: {line:?}"));
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    Server {
        child,
        address,
        _stdout: stdout,
    }
}

/// The status line and the whole answer to `request` sent as is.
fn ask(server: &Server, request: &str) -> (String, String) {
    let mut stream = TcpStream::connect(&server.address).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer.lines().next().unwrap_or_default().to_string();
    (status, answer)
}

fn get(server: &Server, path: &str) -> (String, String) {
    let host = &server.address;
    ask(
        server,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n"),
    )
}

#[test]
fn only_the_sites_files_are_served() {
    let dir = viewer("files");
    let app = dir.join("app");
    let server = show(&["--app", app.to_str().unwrap()]);
    let (status, answer) = get(&server, "/");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(answer.contains("Content-Type: text/html"), "{answer}");
    assert!(answer.ends_with("<p>viewer</p>"), "{answer}");
    let (status, answer) = get(&server, "/app_bg.wasm");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        answer.contains("Content-Type: application/wasm\r\n"),
        "{answer}"
    );
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/./index.html",
        "//etc/passwd",
        "/etc/passwd",
        dir.join("secret.txt").to_str().unwrap(),
        "/inputs/",
        "/nothing.html",
        "/index.html%00",
        "/%",
        "http://127.0.0.1/../secret.txt",
    ] {
        let (status, answer) = get(&server, path);
        assert_eq!(status, "HTTP/1.1 404 Not Found", "{path}: {answer}");
        assert!(!answer.contains("NOT_SERVED"), "{path}");
    }
    let host = &server.address;
    let (status, _) = ask(
        &server,
        &format!("POST /index.html HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n"),
    );
    assert_eq!(status, "HTTP/1.1 405 Method Not Allowed");
    // Another name for 127.0.0.1 (DNS rebinding), or none: refused.
    for head in ["Host: attacker.example:80\r\n", "Host: localhost\r\n", ""] {
        let (status, answer) = ask(&server, &format!("GET /index.html HTTP/1.1\r\n{head}\r\n"));
        assert_eq!(status, "HTTP/1.1 403 Forbidden", "{head}");
        assert!(!answer.contains("viewer"), "{answer}");
    }
}

#[test]
fn the_inputs_are_served_where_the_printed_link_names_them() {
    let dir = viewer("inputs");
    let seed = format!("{}/../../fixtures/seed", env!("CARGO_MANIFEST_DIR"));
    let run = format!("{seed}/run.json");
    let server = show(&["--app", dir.join("app").to_str().unwrap(), "--run", &run]);
    let (status, answer) = get(&server, "/inputs/run/run.json");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(answer.contains("\"schema\""), "{answer}");
    let (status, answer) = get(&server, "/inputs/run/schema/0000_money_core.sql");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(answer.contains("CREATE TABLE"), "{answer}");
    // Only the run's folder's files the run names: not its other files.
    let (status, _) = get(&server, "/inputs/run/money-core-audit-report.md");
    assert_eq!(status, "HTTP/1.1 404 Not Found");
}

#[test]
fn a_viewer_folder_that_is_not_empty_is_never_written_over() {
    let dir = viewer("occupied");
    let out = dir.join("site");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("work.txt"), "KEEP").unwrap();
    let app = dir.join("app");
    let output = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .args([
            "viewer",
            "--app",
            app.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not empty"));
    assert_eq!(
        std::fs::read_to_string(out.join("work.txt")).unwrap(),
        "KEEP"
    );
    assert!(!out.join("index.html").exists());
}

#[test]
fn a_migrations_folder_is_served_with_its_listing_and_sql_alone_by_name() {
    let dir = viewer("folder");
    let fixtures = format!("{}/../../fixtures", env!("CARGO_MANIFEST_DIR"));
    let sql = format!("{fixtures}/seed/schema/0000_money_core.sql");
    let server = show(&[
        "--app",
        dir.join("app").to_str().unwrap(),
        "--migrations",
        &format!("{fixtures}/folders/drizzle"),
        "--sql",
        &sql,
    ]);
    let (status, answer) = get(&server, "/inputs/migrations/drizzle/listing.txt");
    assert_eq!(status, "HTTP/1.1 200 OK");
    let listing: Vec<&str> = answer.split("\r\n\r\n").nth(1).unwrap().lines().collect();
    assert!(listing.contains(&"meta/_journal.json"), "{listing:?}");
    assert!(listing.contains(&"0002_amount_scale.sql"), "{listing:?}");
    for path in listing {
        let (status, _) = get(&server, &format!("/inputs/migrations/drizzle/{path}"));
        assert_eq!(status, "HTTP/1.1 200 OK", "{path}");
    }
    let (status, answer) = get(&server, "/inputs/sql/0000_money_core.sql");
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(answer.contains("CREATE TABLE"), "{answer}");
}

#[test]
fn the_printed_link_opens_the_inputs_and_a_folder_with_a_symlink_is_refused() {
    let dir = viewer("link");
    let app = dir.join("app");
    let seed = format!("{}/../../fixtures/seed", env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .args(["viewer", "--app", app.to_str().unwrap(), "-o"])
        .arg(dir.join("site"))
        .args(["--run", &format!("{seed}/run.json")])
        .args(["--report", &format!("{seed}/money-core-audit-report.md")])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        printed.contains(
            "open index.html?report=inputs/report/money-core-audit-report.md&run=inputs/run/run.json\n"
        ),
        "{printed}"
    );
    let site = dir.join("site");
    assert!(site.join("inputs/run/schema/0000_money_core.sql").is_file());
    assert!(site.join("index.html").is_file());

    let folder = dir.join("migrations");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("0000_a.sql"), "SELECT 1;").unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), folder.join("0001_b.sql")).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_secondlook"))
        .args(["viewer", "--app", app.to_str().unwrap(), "-o"])
        .arg(dir.join("site-2"))
        .arg("--migrations")
        .arg(&folder)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("0001_b.sql: is a symlink"), "{stderr}");
    assert!(!dir.join("site-2").exists());
}

/// Built without the viewer inside and away from any dist/, the commands that need the
/// viewer say how to get one; `check` needs none.
#[cfg(not(feature = "viewer"))]
#[test]
fn without_a_viewer_the_commands_that_need_one_say_how_to_get_it() {
    let dir = viewer("none");
    let bin = dir.join("a/b/c");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_secondlook"), bin.join("secondlook")).unwrap();
    let run = |args: &[&str]| {
        Command::new(bin.join("secondlook"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    for args in [
        &["bundle", "-o", "review.html"][..],
        &["viewer", "-o", "site"],
        &["show", "--no-open"],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("built without one inside")
                && stderr.contains("--app DIR")
                && stderr.contains("scripts/release.sh"),
            "{args:?}: {stderr}"
        );
    }
    assert!(!dir.join("review.html").exists() && !dir.join("site").exists());
    let seed = format!("{}/../../fixtures/seed", env!("CARGO_MANIFEST_DIR"));
    let checked = run(&["check", "--run", &format!("{seed}/run.json")]);
    assert_eq!(checked.status.code(), Some(0), "{checked:?}");
    // The copy is as large as the debug binary.
    std::fs::remove_dir_all(dir.join("a")).unwrap();
}
