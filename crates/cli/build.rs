//! What the binary says of itself in `--version` (its commit, and whether it carries the
//! viewer and PGlite), and, with the `viewer` feature, the built viewer staged for
//! `include_dir!`: the app's files in `$OUT_DIR/viewer`, and PGlite's in
//! `$OUT_DIR/pglite` with the `pglite` feature (an empty folder without it).

use std::path::{Path, PathBuf};
use std::process::Command;

include!("src/pglite_files.rs");

/// The folder of the viewer `trunk build --release` wrote; scripts/release.sh sets it.
const VIEWER_DIR: &str = "SECONDLOOK_VIEWER_DIR";
/// The one-file app post-build writes into dist/: `bundle` makes it from the viewer, so
/// the binary does not carry the app twice.
const NOT_EMBEDDED: &str = "secondlook.html";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/pglite_files.rs");
    println!("cargo:rerun-if-env-changed={VIEWER_DIR}");
    let viewer = std::env::var_os("CARGO_FEATURE_VIEWER").is_some();
    let pglite = std::env::var_os("CARGO_FEATURE_PGLITE").is_some();
    if viewer && let Err(why) = stage(pglite) {
        // A build that cannot carry the viewer it was asked for stops, and says how.
        eprintln!("error: {why}");
        std::process::exit(1);
    }
    let embedded = |on: bool| if on { "embedded" } else { "not embedded" };
    println!(
        "cargo:rustc-env=SECONDLOOK_VERSION={} (commit {}; viewer {}; PGlite {})",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        commit(),
        embedded(viewer),
        embedded(pglite)
    );
}

/// The commit the binary is built from, `unknown` outside a git checkout.
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_string())
    };
    // A new commit or checkout moves HEAD's log: the commit is then read again.
    if let Some(log) = git(&["rev-parse", "--git-path", "logs/HEAD"]) {
        println!("cargo:rerun-if-changed={log}");
    }
    git(&["rev-parse", "--short=12", "HEAD"])
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Copies the viewer from `$SECONDLOOK_VIEWER_DIR` into `$OUT_DIR`, PGlite's files apart.
fn stage(pglite: bool) -> Result<(), String> {
    let source = std::env::var_os(VIEWER_DIR)
        .map(PathBuf::from)
        .ok_or_else(|| {
            format!(
                "the `viewer` feature embeds the built viewer: set {VIEWER_DIR} to the folder \
             `trunk build --release` wrote (dist/), or build with scripts/release.sh"
            )
        })?;
    if !source.join("index.html").is_file() {
        return Err(format!(
            "{VIEWER_DIR}={}: no index.html there; build the viewer with `trunk build --release` first",
            source.display()
        ));
    }
    println!("cargo:rerun-if-changed={}", source.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("cargo set no OUT_DIR")?);
    let (viewer, postgres) = (out.join("viewer"), out.join("pglite"));
    for dir in [&viewer, &postgres] {
        if dir.exists() {
            std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let pglite_names: Vec<&str> = std::iter::once(SCRIPT)
        .chain(FILES)
        .map(|(_, name)| name)
        .collect();
    for name in &pglite_names {
        if pglite && !source.join(name).is_file() {
            return Err(format!(
                "the `pglite` feature embeds PGlite, but {} has no {name}; `trunk build` \
                 writes it (scripts/post-build.sh)",
                source.display()
            ));
        }
    }
    copy(&source, &viewer, &|name| {
        name == NOT_EMBEDDED || pglite_names.contains(&name)
    })?;
    if pglite {
        for name in &pglite_names {
            std::fs::copy(source.join(name), postgres.join(name))
                .map_err(|e| format!("{name}: {e}"))?;
        }
    }
    Ok(())
}

/// Copies the files below `from` into `to`, but for the top-level names `skip` says.
fn copy(from: &Path, to: &Path, skip: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", from.display()))?;
        let name = entry.file_name();
        let path = entry.path();
        if skip(&name.to_string_lossy()) {
            continue;
        }
        if path.is_dir() {
            std::fs::create_dir_all(to.join(&name)).map_err(|e| format!("{name:?}: {e}"))?;
            copy(&path, &to.join(&name), &|_| false)?;
        } else {
            std::fs::copy(&path, to.join(&name)).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(())
}
