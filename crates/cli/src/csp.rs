//! The Content Security Policy every page of the app ships, as a `<meta>` in its head.
//! Report content is untrusted: even if a bug let it reach the DOM as markup, the policy
//! keeps it from running. Scripts run only from the app's own files or, inline, by the
//! hash of their exact text; wasm may compile; nothing may `eval`. Workers start from
//! the app's own files, or from a blob when the page carries their script inline.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The built page, rewritten with the policy in its head
    #[arg(value_name = "PAGE.html")]
    page: String,
}

/// `secondlook csp PAGE.html`: the build's last step for `dist/index.html`.
pub fn run(args: &Args) -> ExitCode {
    let path = &args.page;
    let written = crate::files::read_text(path).and_then(|html| {
        std::fs::write(path, with_policy(&html, Workers::OwnFiles))
            .map_err(|e| format!("cannot write {path}: {e}"))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => crate::terminal::fail(&why),
    }
}

/// Where the page's workers may start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Workers {
    OwnFiles,
    /// Also `blob:`: a single file starts its engine worker (and, with PostgreSQL
    /// inline, its proof worker) from a blob of the script it carries (`file://` allows
    /// no other).
    OwnFilesAndBlobs,
}

const META_START: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// The policy for a page whose inline scripts have these texts.
pub fn policy(inline_scripts: &[&str], workers: Workers) -> String {
    let hashes: String = inline_scripts
        .iter()
        .map(|s| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        })
        .collect();
    [
        "default-src 'none'".to_string(),
        format!("script-src 'self' 'wasm-unsafe-eval'{hashes}"),
        // Leptos sets style attributes; styles cannot run script.
        "style-src 'self' 'unsafe-inline'".to_string(),
        "img-src 'self' data:".to_string(),
        // The reviewer may load a report or run from any URL they type or follow.
        "connect-src 'self' http: https:".to_string(),
        match workers {
            Workers::OwnFiles => "worker-src 'self'",
            Workers::OwnFilesAndBlobs => "worker-src 'self' blob:",
        }
        .to_string(),
        "manifest-src 'self'".to_string(),
        "form-action 'self'".to_string(),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
    ]
    .join("; ")
}

/// `html` with the policy for its own inline scripts as the head's first element; a
/// policy it had before is replaced.
pub fn with_policy(html: &str, workers: Workers) -> String {
    let html = without_policy(html);
    let scripts = inline_scripts(&html);
    let meta = format!(
        "\n    {META_START} content=\"{}\" />",
        policy(&scripts, workers).replace('"', "&quot;")
    );
    match html.find("<head>") {
        Some(at) => {
            let after_head = at + "<head>".len();
            let (start, rest) = html.split_at(after_head);
            format!("{start}{meta}{rest}")
        }
        None => format!("{meta}\n{html}"),
    }
}

fn without_policy(html: &str) -> String {
    let Some(start) = html.find(META_START) else {
        return html.to_string();
    };
    let end = html
        .get(start..)
        .and_then(|rest| rest.find('>'))
        .map_or(html.len(), |i| start + i + 1);
    let before = html
        .get(..start)
        .unwrap_or_default()
        .trim_end_matches([' ', '\n']);
    format!("{before}{}", html.get(end..).unwrap_or_default())
}

/// The texts of the scripts a browser would run inline: no `src`, and no `type` or a
/// JavaScript one (`application/json` and the like are data, never run).
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find("<script") {
        let Some(tag_end) = rest.get(open..).and_then(|r| r.find('>')) else {
            break;
        };
        let tag = rest.get(open..open + tag_end).unwrap_or_default();
        let body_start = open + tag_end + 1;
        let Some(close) = rest.get(body_start..).and_then(|r| r.find("</script")) else {
            break;
        };
        if runs_inline(tag) {
            found.push(rest.get(body_start..body_start + close).unwrap_or_default());
        }
        rest = rest.get(body_start + close..).unwrap_or_default();
    }
    found
}

fn runs_inline(tag: &str) -> bool {
    if tag.contains(" src=") {
        return false;
    }
    let script_type = tag
        .split_once(" type=\"")
        .and_then(|(_, t)| t.split('"').next());
    matches!(
        script_type,
        None | Some("module") | Some("text/javascript") | Some("application/javascript")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html>\n  <head>\n    <title>x</title>\n<script type=\"module\">run();</script>\n<script type=\"application/json\" id=\"d\">{\"a\":1}</script>\n<script src=\"./a.js\"></script>\n  </head>\n</html>";

    #[test]
    fn only_scripts_that_run_inline_are_hashed() {
        assert_eq!(inline_scripts(PAGE), vec!["run();"]);
        let p = policy(&["run();"], Workers::OwnFiles);
        assert!(
            p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
            "{p}"
        );
        assert_eq!(p.matches("'sha256-").count(), 1);
        for must in ["object-src 'none'", "base-uri 'none'", "default-src 'none'"] {
            assert!(p.contains(must), "{must} in {p}");
        }
        assert!(!p.contains(" 'unsafe-eval'"), "no eval: {p}");
        assert!(!p.contains("script-src 'self' 'unsafe-inline'"), "{p}");
        assert!(p.contains("worker-src 'self';"), "{p}");
        let with_blobs = policy(&["run();"], Workers::OwnFilesAndBlobs);
        assert!(
            with_blobs.contains("worker-src 'self' blob:;"),
            "{with_blobs}"
        );
    }

    #[test]
    fn the_policy_goes_first_in_the_head_and_replaces_an_older_one() {
        let once = with_policy(PAGE, Workers::OwnFiles);
        assert!(once.contains("<head>\n    <meta http-equiv=\"Content-Security-Policy\""));
        let twice = with_policy(&once, Workers::OwnFiles);
        assert_eq!(twice.matches(META_START).count(), 1);
        assert_eq!(twice, once);
    }

    #[test]
    fn the_hash_is_of_the_exact_script_text() {
        let p = policy(&["alert(1)"], Workers::OwnFiles);
        // The SHA-256 of "alert(1)", base64: the value browsers compute for this script.
        assert!(
            p.contains("'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"),
            "{p}"
        );
    }
}
