//! Flyway: versioned migrations `V<version>__<description>.sql` (the version's parts
//! separated by `.` or `_`, compared as numbers, trailing zeros aside), run in version
//! order; then repeatable ones `R__<description>.sql`, in description order, whenever
//! they changed. Undo migrations (`U…__`) run only on `flyway undo`. Flyway reads
//! subfolders too, so only a file's own name counts.

use super::listing::Listing;
use super::{Folder, FolderError, Layout, Migration, NotRun, error};

enum Name<'a> {
    Versioned(Vec<u64>),
    Repeatable(&'a str),
    Undo,
}

/// A file's own name, without its folders.
fn base(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// What a file's name makes it; `Err` for a `V` name whose version is not numbers.
fn name(path: &str) -> Option<Result<Name<'_>, String>> {
    let stem = base(path).strip_suffix(".sql")?;
    let (prefix, description) = stem.split_once("__")?;
    if prefix == "R" {
        return Some(Ok(Name::Repeatable(description)));
    }
    let (kind, version) = prefix.split_at_checked(1)?;
    if kind != "V" && kind != "U" {
        return None;
    }
    if version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let parts: Result<Vec<u64>, _> = version.split(['.', '_']).map(str::parse).collect();
    Some(match (kind, parts) {
        ("U", _) => Ok(Name::Undo),
        (_, Ok(mut parts)) => {
            while parts.len() > 1 && parts.last() == Some(&0) {
                parts.pop();
            }
            Ok(Name::Versioned(parts))
        }
        (_, Err(_)) => Err(format!("has a version, {version:?}, that is not numbers")),
    })
}

pub(crate) fn is_flyway(path: &str) -> bool {
    name(path).is_some()
}

pub(crate) fn read(listing: &mut Listing) -> Result<Folder, FolderError> {
    let mut versioned: Vec<(Vec<u64>, String)> = Vec::new();
    let mut repeatable: Vec<(String, String)> = Vec::new();
    let mut not_run = Vec::new();
    let paths: Vec<String> = listing.paths().cloned().collect();
    for path in paths {
        match name(&path) {
            None if path.ends_with(".sql") => not_run.push(NotRun {
                why: "not named as Flyway names a migration (V<version>__<name>.sql or \
                      R__<name>.sql): Flyway skips it"
                    .into(),
                path,
            }),
            None => {}
            Some(Err(why)) => return Err(error(&path, why)),
            Some(Ok(Name::Undo)) => not_run.push(NotRun {
                why: "an undo migration: Flyway runs it only on `flyway undo`".into(),
                path,
            }),
            Some(Ok(Name::Versioned(version))) => {
                if let Some((_, other)) = versioned.iter().find(|(v, _)| *v == version) {
                    return Err(error(
                        &path,
                        format!("has the version of {other}: Flyway refuses the folder"),
                    ));
                }
                versioned.push((version, path));
            }
            Some(Ok(Name::Repeatable(description))) => {
                let description = description.to_string();
                if let Some((_, other)) = repeatable.iter().find(|(d, _)| *d == description) {
                    return Err(error(
                        &path,
                        format!("has the description of {other}: Flyway refuses the folder"),
                    ));
                }
                repeatable.push((description, path));
            }
        }
    }
    versioned.sort();
    repeatable.sort();
    let mut migration = |version: String, path: String| -> Result<Migration, FolderError> {
        Ok(Migration {
            text: listing.text(&path)?,
            path,
            version,
            tool: Layout::Flyway.tool(),
        })
    };
    let migrations = versioned
        .into_iter()
        .map(|(version, path)| {
            let version: Vec<String> = version.iter().map(u64::to_string).collect();
            migration(version.join("."), path)
        })
        .collect::<Result<_, _>>()?;
    let repeatable = repeatable
        .into_iter()
        .map(|(description, path)| migration(format!("R__{description}"), path))
        .collect::<Result<_, _>>()?;
    Ok(Folder {
        layout: Layout::Flyway,
        migrations,
        repeatable,
        not_run,
    })
}
