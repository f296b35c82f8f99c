//! goose, golang-migrate and dbmate: files named `<version>_<name>` in one folder, run in
//! the order of their numeric version. golang-migrate keeps up and down in two files
//! (`1_init.up.sql`, `1_init.down.sql`: only the up one runs); goose and dbmate keep both
//! sections in one file, told apart by their markers (`-- +goose Up`, `-- migrate:up`),
//! which the re-check reads as the tool does. None of them reads a subfolder.

use super::listing::Listing;
use super::{Folder, FolderError, Layout, Migration, NotRun, error};

/// `(version, rest)` of a top-level `<digits>_<rest>.sql` file.
pub(crate) fn numbered(path: &str) -> Option<(u64, &str)> {
    let stem = path.strip_suffix(".sql")?;
    if stem.contains('/') {
        return None;
    }
    let (digits, rest) = stem.split_once('_')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // A version past u64 is absurd; it is refused where the file is read.
    Some((digits.parse().unwrap_or(u64::MAX), rest))
}

pub(crate) fn is_up_or_down(path: &str) -> bool {
    numbered(path).is_some_and(|(_, rest)| rest.ends_with(".up") || rest.ends_with(".down"))
}

/// The layout a file's first marker names, if any.
pub(crate) fn marker_layout(text: &str) -> Option<Layout> {
    text.lines().find_map(|line| {
        let comment = line.trim().strip_prefix("--")?.trim().to_ascii_lowercase();
        if comment.starts_with("+goose ") {
            Some(Layout::Goose)
        } else if comment.starts_with("migrate:up") || comment.starts_with("migrate:down") {
            Some(Layout::Dbmate)
        } else {
            None
        }
    })
}

pub(crate) fn read(listing: &mut Listing, layout: Layout) -> Result<Folder, FolderError> {
    let tool = layout.tool();
    let mut runs: Vec<(u64, String)> = Vec::new();
    let mut not_run = Vec::new();
    let paths: Vec<String> = listing.paths().cloned().collect();
    for path in paths {
        if path.ends_with(".go") && layout == Layout::Goose {
            return Err(error(
                &path,
                "is a Go migration: goose runs its code, which the re-check does not read",
            ));
        }
        if !path.ends_with(".sql") {
            continue;
        }
        let Some((version, rest)) = numbered(&path) else {
            if path.contains('/') {
                not_run.push(NotRun {
                    why: format!("lies in a subfolder, which {} does not read", layout.name()),
                    path,
                });
                continue;
            }
            return Err(error(
                &path,
                format!(
                    "is not named as {} names a migration (<version>_<name>.sql): whether it runs is unclear",
                    layout.name()
                ),
            ));
        };
        if version == u64::MAX {
            return Err(error(&path, "has a version too large to be one"));
        }
        if layout == Layout::GolangMigrate {
            if rest.ends_with(".down") {
                not_run.push(NotRun {
                    why: "a down migration: golang-migrate runs it only to go back".into(),
                    path,
                });
                continue;
            }
            if !rest.ends_with(".up") {
                return Err(error(
                    &path,
                    "is neither .up.sql nor .down.sql: golang-migrate would refuse the folder",
                ));
            }
        } else if marker_layout(&listing.text(&path)?) != Some(layout) {
            return Err(error(
                &path,
                format!(
                    "has no {} marker: {} would refuse it, and which part runs is unclear",
                    match layout {
                        Layout::Goose => "`-- +goose Up`",
                        _ => "`-- migrate:up`",
                    },
                    layout.name()
                ),
            ));
        }
        if let Some((_, other)) = runs.iter().find(|(v, _)| *v == version) {
            return Err(error(
                &path,
                format!("has version {version}, as {other} does: which runs first is unclear"),
            ));
        }
        runs.push((version, path));
    }
    runs.sort();
    let mut migrations = Vec::new();
    for (version, path) in runs {
        migrations.push(Migration {
            text: listing.text(&path)?,
            path,
            version: version.to_string(),
            tool,
        });
    }
    Ok(Folder {
        layout,
        migrations,
        repeatable: Vec::new(),
        not_run,
    })
}
