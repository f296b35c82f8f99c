//! `secondlook show`: serves the viewer and the inputs given on 127.0.0.1 at a free port,
//! prints the address, opens a browser on it, and serves until Ctrl-C ends the process
//! (the default SIGINT action: the port is the kernel's again when the process is gone).
//! Only the site's own files are served, by exact path, to GET and HEAD: a path that
//! climbs, an absolute one, a folder, or anything else is not found.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;

use crate::site::{self, Site};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the address only; open no browser
    #[arg(long)]
    no_open: bool,
    #[command(flatten)]
    site: site::SiteArgs,
}

pub fn run(args: &Args) -> ExitCode {
    match serve(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => crate::terminal::fail(&why),
    }
}

fn serve(args: &Args) -> Result<(), String> {
    let site = Arc::new(Site::build(&args.site)?);
    let listener =
        TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot read the port: {e}"))?
        .port();
    let url = format!("http://127.0.0.1:{port}/index.html{}", site.query);
    // Printed before a browser starts, so a script reading the address gets it at once;
    // a reader that has gone (a closed pipe) does not stop the serving.
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{url}\nserving the review there; Ctrl-C stops");
    let _ = stdout.flush();
    if !args.no_open {
        open_browser(&url);
    }
    let host: Arc<str> = format!("127.0.0.1:{port}").into();
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (site, host) = (Arc::clone(&site), Arc::clone(&host));
        std::thread::spawn(move || answer(stream, &site, &host));
    }
    Ok(())
}

/// Starts the desktop's browser on `url`, given as one argument (no shell reads it); says
/// so when there is none.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let started = Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if started.is_err() {
        crate::terminal::warn(&format!(
            "no browser could be started ({opener}); open the address above in one"
        ));
    }
}

/// The longest request head read; a browser's GET is far shorter.
const MAX_HEAD: usize = 16 * 1024;

/// Answers one request and closes the connection. A request whose `Host` is not
/// `host` is refused: a web page whose name was made to lead to 127.0.0.1 (DNS
/// rebinding) must not read the inputs through the reviewer's browser.
fn answer(stream: TcpStream, site: &Site, host: &str) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok();
    // A head longer than MAX_HEAD, or one cut short, gets no answer.
    let mut head = BufReader::new(&stream).take(MAX_HEAD as u64);
    let mut request = String::new();
    if head.read_line(&mut request).is_err() {
        return;
    }
    // Of the headers, only Host changes the answer.
    let mut line = String::new();
    let mut ours = false;
    loop {
        line.clear();
        match head.read_line(&mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) if line == "\r\n" || line == "\n" => break,
            Ok(_) => {}
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("host")
        {
            ours = value.trim() == host;
        }
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let with_body = method == "GET";
    if !ours {
        return respond(
            &stream,
            "403 Forbidden",
            "text/plain",
            b"not this host\n",
            true,
        );
    }
    if !with_body && method != "HEAD" {
        return respond(
            &stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            true,
        );
    }
    match lookup(site, target) {
        Some((path, bytes)) => respond(&stream, "200 OK", content_type(path), bytes, with_body),
        None => respond(
            &stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            with_body,
        ),
    }
}

/// The site's file a request target names: its path percent-decoded, exactly one of the
/// site's paths (`/` is the index).
fn lookup<'a>(site: &'a Site, target: &str) -> Option<(&'a str, &'a [u8])> {
    let path = target.split(['?', '#']).next()?.strip_prefix('/')?;
    let path = percent_decode(path)?;
    let path = if path.is_empty() { "index.html" } else { &path };
    if !site::plain(path) {
        return None;
    }
    site.files
        .get_key_value(path)
        .map(|(path, bytes)| (path.as_str(), bytes.as_ref()))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(byte);
            at += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "md" => "text/markdown; charset=utf-8",
        "sql" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(mut stream: &TcpStream, status: &str, kind: &str, body: &[u8], with_body: bool) {
    // nosniff: an input is never taken for a script or a page whatever it holds.
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    if stream.write_all(head.as_bytes()).is_ok() && with_body {
        stream.write_all(body).ok();
    }
    stream.flush().ok();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding_refuses_what_is_not_an_escape() {
        assert_eq!(percent_decode("a%20b%2e").as_deref(), Some("a b."));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type("app_bg.wasm"), "application/wasm");
        assert_eq!(content_type("x.unknown"), "application/octet-stream");
    }
}
