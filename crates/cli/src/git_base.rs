//! What a migrations folder held at a git ref (`check --migrations DIR --base-ref REF`),
//! read with git's plumbing only: `ls-tree` for the files, `cat-file` for a file's text
//! at the ref. Neither touches the working tree or the index, so nothing the pull
//! request put in its files (attributes, filters, hooks) runs; the machine's and the
//! user's git configuration are not read, and the few settings that could run a
//! program are turned off. The ref is checked before git sees it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use secondlook_core::inputs;
use secondlook_core::migrations::Base;

/// The folder `dir` as the ref `reference` had it.
pub struct AtRef {
    dir: PathBuf,
    reference: String,
    files: BTreeSet<String>,
}

impl AtRef {
    pub fn read(dir: &Path, reference: &str) -> Result<AtRef, String> {
        plain_ref(reference)?;
        let listed = git(
            dir,
            &["ls-tree", "-r", "-z", "--name-only", reference, "--", "."],
        )
        .map_err(|why| format!("--base-ref {reference}: {why}"))?;
        let files = listed
            .split(|b| *b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| {
                String::from_utf8(name.to_vec()).map_err(|_| {
                    format!("--base-ref {reference}: a file name at the ref is not UTF-8")
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(AtRef {
            dir: dir.to_path_buf(),
            reference: reference.to_string(),
            files,
        })
    }
}

impl Base for AtRef {
    fn has(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    fn text(&mut self, path: &str) -> Result<String, String> {
        let bytes = git(
            &self.dir,
            &["cat-file", "blob", &format!("{}:./{path}", self.reference)],
        )?;
        inputs::decode(path, bytes)
    }
}

/// A ref git reads as a ref and nothing else: no option (`-…`), no space or control
/// character, nothing but the characters branch names, tags, hashes and `HEAD~2`,
/// `origin/main@{1}` use.
fn plain_ref(reference: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._/-~^@{}".contains(c);
    if reference.is_empty() || reference.starts_with('-') || !reference.chars().all(allowed) {
        return Err(format!(
            "--base-ref {reference:?} is not a git ref: letters, digits and ._/-~^@{{}} only, \
             not starting with -"
        ));
    }
    Ok(())
}

/// Runs git's plumbing command `args` in `dir`: its output, or why it failed.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .current_dir(dir)
        .args([
            "--no-pager",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git says: {}", said.trim()));
    }
    Ok(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::plain_ref;

    #[test]
    fn only_a_plain_ref_reaches_git() {
        for good in [
            "main",
            "origin/main",
            "HEAD~2",
            "v1.2.3",
            "abc123",
            "main@{1}",
        ] {
            assert!(plain_ref(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "--output=/tmp/x",
            "-c",
            "main;rm -rf /",
            "a b",
            "$(id)",
            "a\nb",
        ] {
            assert!(plain_ref(bad).is_err(), "{bad:?}");
        }
    }
}
