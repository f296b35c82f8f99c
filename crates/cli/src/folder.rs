//! Reading a migrations folder from disk for `check --migrations DIR`: the listing the
//! core's `migrations` module judges, and its files' text. The folder comes from the
//! pull request: a symlink (in or out), a FIFO or a device is an error naming it, never
//! followed or opened; the walk stops at the core's limits on files and depth; a file
//! is read only when its real path is still inside the folder.

use std::path::{Path, PathBuf};

use secondlook_core::inputs::MigrationsFolder;
use secondlook_core::migrations::{MAX_DEPTH, MAX_FILES, read_folder};

use crate::files::read;
use crate::git_base::AtRef;

/// Which of a folder's migrations are the migration under review.
pub enum Pick<'a> {
    /// The last N.
    Newest(usize),
    /// Those the git ref did not have.
    Since(&'a str),
}

/// The folder `dir` read by its layout, with the migrations `pick` picks as the migration.
pub fn read_migrations(dir: &str, pick: Pick) -> Result<MigrationsFolder, String> {
    let (root, paths) = list(dir)?;
    let mut read_one = |relative: &str| read_listed(&root, relative);
    let folder = read_folder(&paths, &mut read_one).map_err(|e| e.in_folder(dir))?;
    let selected = match pick {
        Pick::Newest(new) => folder.select(new),
        Pick::Since(reference) => folder.select_since(&mut AtRef::read(&root, reference)?),
    }
    .map_err(|e| e.in_folder(dir))?;
    Ok(MigrationsFolder {
        name: dir.to_string(),
        selected,
    })
}

/// The folder `dir`, canonical, and the paths of the plain files below it.
pub fn list(dir: &str) -> Result<(PathBuf, Vec<String>), String> {
    let root = Path::new(dir)
        .canonicalize()
        .map_err(|e| format!("cannot read {dir}: {e}"))?;
    if !root.is_dir() {
        return Err(format!("{dir} is not a folder"));
    }
    let mut paths = Vec::new();
    walk(&root, "", 0, &mut paths).map_err(|why| format!("{dir}/{why}"))?;
    Ok((root, paths))
}

/// The text of the file `list` listed at `relative` in the folder `root`, read only when
/// its real path is still inside the folder.
pub fn read_listed(root: &Path, relative: &str) -> Result<String, String> {
    let real = root
        .join(relative)
        .canonicalize()
        .map_err(|e| e.to_string())?;
    if !real.starts_with(root) {
        return Err("not read: it now leads out of the folder".into());
    }
    read(&real).map_err(|e| e.to_string())
}

/// Lists the plain files below `dir` (`prefix` is its path in the folder).
fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("{prefix}: lies deeper than {MAX_DEPTH} folders"));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{prefix}: {e}"))?;
    let mut entries: Vec<PathBuf> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{prefix}: {e}"))?;
    entries.sort();
    for path in entries {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{prefix}: a name that is not UTF-8"))?;
        let relative = format!("{prefix}{name}");
        // Not followed: a symlink's target may lie anywhere.
        let kind = std::fs::symlink_metadata(&path)
            .map_err(|e| format!("{relative}: {e}"))?
            .file_type();
        if kind.is_symlink() {
            return Err(format!("{relative}: is a symlink, which is not followed"));
        } else if kind.is_dir() {
            walk(&path, &format!("{relative}/"), depth + 1, out)?;
        } else if kind.is_file() {
            if out.len() >= MAX_FILES {
                return Err(format!(
                    "{relative}: the folder holds more than {MAX_FILES} files"
                ));
            }
            out.push(relative);
        } else {
            return Err(format!("{relative}: is not a plain file"));
        }
    }
    Ok(())
}
