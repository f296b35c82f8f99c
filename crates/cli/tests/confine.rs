//! A run's `href`s are read only inside the run file's folder (or `--root`): `..` that
//! climbs out, an absolute path, a URL and a symlink that leads out are refused by
//! `check`, `diff` and `bundle` (exit 2, naming the `href` and the rule), and what the
//! refused file holds appears nowhere.

// Only the seed copy is used here, not the edits the other tests share.
#[allow(dead_code)]
#[path = "support/seed.rs"]
mod seed;

use std::path::{Path, PathBuf};

use seed::{secondlook_in, seed_copy};

const SECRET: &str = "ghp_NOT_FOR_THE_RUN";

/// A copy of the seed for `test` whose SQL file is the `href` made by `href_to` from the
/// path of a secret beside the copy's folder; inside it, `schema/link.sql` is a symlink
/// to the secret. Returns the copy's folder.
fn seed_naming(test: &str, href_to: impl Fn(&Path) -> String) -> PathBuf {
    let dir = seed_copy(test, str::to_string);
    let secret = dir.with_extension("secret").join("config");
    std::fs::create_dir_all(secret.parent().unwrap()).unwrap();
    std::fs::write(&secret, format!("{SECRET} = 1;\n")).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("schema/link.sql")).unwrap();
    let path = dir.join("run.json");
    let run = std::fs::read_to_string(&path).unwrap();
    let href = serde_json::to_string(&href_to(&secret)).unwrap();
    let edited = run.replace("\"schema/0000_money_core.sql\"", &href);
    assert_ne!(edited, run, "the seed changed: the edit no longer applies");
    std::fs::write(path, edited).unwrap();
    dir
}

/// Each hostile `href` (made from the secret's path) and the rule its refusal names.
type Hostile = (fn(&Path) -> String, &'static str);

const HOSTILE: [Hostile; 4] = [
    (
        |secret| {
            format!(
                "../{}/config",
                secret.parent().unwrap().file_name().unwrap().display()
            )
        },
        "leaves the run file's folder",
    ),
    (
        |secret| secret.display().to_string(),
        "never an absolute path",
    ),
    (
        |secret| format!("file://{}", secret.display()),
        "never a URL",
    ),
    (|_| "schema/link.sql".into(), "a symlink leads out"),
];

/// Runs `secondlook ARGS` in a seed copy naming each hostile `href`, and checks each
/// is refused.
fn refused_in(test: &str, args: &[&str]) {
    for (href_to, rule) in HOSTILE {
        let dir = seed_naming(test, href_to);
        let href = href_to(&dir.with_extension("secret").join("config"));
        let (code, out, err) = secondlook_in(&dir, args);
        assert_eq!(code, 2, "{args:?} {href}: {out} {err}");
        assert!(
            err.contains(&href) && err.contains(rule),
            "{args:?} {href}: {err}"
        );
        assert!(
            !out.contains(SECRET) && !err.contains(SECRET),
            "{args:?} {href} shows the file: {out} {err}"
        );
        assert!(!dir.join("out.html").exists(), "{args:?} {href}");
        std::fs::remove_dir_all(dir.with_extension("secret")).unwrap();
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn check_refuses_hrefs_that_leave_the_run_folder() {
    for format in ["text", "json", "sarif", "github"] {
        refused_in(
            "confine-check",
            &["check", "--run", "run.json", "--format", format],
        );
    }
}

#[test]
fn diff_refuses_them_in_either_run() {
    let base = seed_copy("confine-diff-base", str::to_string).join("run.json");
    let base = base.to_str().unwrap();
    refused_in(
        "confine-diff",
        &["diff", "--base", base, "--run", "run.json"],
    );
    refused_in(
        "confine-diff",
        &["diff", "--base", "run.json", "--run", base],
    );
}

#[test]
fn bundle_refuses_them_and_writes_nothing() {
    // No app is needed: the inputs are read first.
    let args = [
        "bundle", "--run", "run.json", "-o", "out.html", "--app", ".",
    ];
    refused_in("confine-bundle", &args);
}

#[test]
fn root_widens_the_folder_up_to_it_and_no_further() {
    let dir = seed_copy("confine-root", str::to_string);
    let shared = dir.join("shared");
    std::fs::create_dir_all(&shared).unwrap();
    std::fs::rename(
        dir.join("schema/0000_money_core.sql"),
        shared.join("0000_money_core.sql"),
    )
    .unwrap();
    let run_dir = dir.join("runs/7");
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::rename(dir.join("run.json"), run_dir.join("run.json")).unwrap();
    let run = std::fs::read_to_string(run_dir.join("run.json")).unwrap();
    let run = run.replace("\"schema/", "\"../../shared/");
    std::fs::write(run_dir.join("run.json"), run).unwrap();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--run", "runs/7/run.json"];
        args.extend(extra);
        secondlook_in(&dir, &args)
    };
    let (code, _, err) = check(&[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("leaves the run file's folder"), "{err}");
    let (code, out, err) = check(&["--root", "."]);
    assert_eq!(code, 0, "{out} {err}");
    let (code, _, err) = check(&["--root", "runs"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = check(&["--root", "shared"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not inside --root shared"), "{err}");
    std::fs::remove_dir_all(dir).unwrap();
}
