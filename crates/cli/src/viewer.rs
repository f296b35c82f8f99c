//! The built viewer (the app `trunk build --release` writes) that `bundle`, `viewer` and
//! `show` make their pages from: a folder named with `--app`, else the one embedded in
//! the binary (the `viewer` feature), else `dist/` here or in the project the binary was
//! built in.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A file of the viewer: its path inside it (`/`-separated), and its contents.
pub type File = (String, Cow<'static, [u8]>);

pub enum Viewer {
    Dir(PathBuf),
    #[cfg(feature = "viewer")]
    Embedded,
}

#[cfg(feature = "viewer")]
static APP: include_dir::Dir<'static> = include_dir::include_dir!("$OUT_DIR/viewer");
#[cfg(feature = "viewer")]
static PGLITE: include_dir::Dir<'static> = include_dir::include_dir!("$OUT_DIR/pglite");

impl Viewer {
    /// The viewer in `app` when given, else the embedded one, else a built `dist/`.
    pub fn choose(app: Option<&str>) -> Result<Viewer, String> {
        match app {
            Some(dir) => Ok(Viewer::Dir(PathBuf::from(dir))),
            #[cfg(feature = "viewer")]
            None => Ok(Viewer::Embedded),
            #[cfg(not(feature = "viewer"))]
            None => find_app().map(Viewer::Dir),
        }
    }

    /// The file at `name` (a path inside the viewer, `/`-separated); an error names it.
    pub fn read(&self, name: &str) -> Result<Cow<'static, [u8]>, String> {
        match self {
            Viewer::Dir(dir) => {
                let path = dir.join(name);
                std::fs::read(&path)
                    .map(Cow::Owned)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))
            }
            #[cfg(feature = "viewer")]
            Viewer::Embedded => APP
                .get_file(name)
                .or_else(|| PGLITE.get_file(name))
                .map(|file| Cow::Borrowed(file.contents()))
                .ok_or_else(|| format!("the embedded viewer has no {name}{}", pglite_hint(name))),
        }
    }

    /// Every file of the viewer, by path.
    pub fn files(&self) -> Result<Vec<File>, String> {
        let mut files = Vec::new();
        match self {
            Viewer::Dir(dir) => read_dir_files(dir, "", &mut files)?,
            #[cfg(feature = "viewer")]
            Viewer::Embedded => {
                for dir in [&APP, &PGLITE] {
                    embedded_files(dir, &mut files);
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(files)
    }
}

#[cfg(feature = "viewer")]
fn pglite_hint(name: &str) -> &'static str {
    let pglite = std::iter::once(crate::pglite_files::SCRIPT)
        .chain(crate::pglite_files::FILES)
        .any(|(_, file)| file == name);
    if pglite && cfg!(not(feature = "pglite")) {
        ": this secondlook was built without PGlite (the `pglite` feature); scripts/release.sh builds it with"
    } else {
        ""
    }
}

#[cfg(feature = "viewer")]
fn embedded_files(dir: &include_dir::Dir<'static>, out: &mut Vec<File>) {
    for file in dir.files() {
        let name = file.path().to_string_lossy().replace('\\', "/");
        out.push((name, Cow::Borrowed(file.contents())));
    }
    for sub in dir.dirs() {
        embedded_files(sub, out);
    }
}

fn read_dir_files(dir: &Path, prefix: &str, out: &mut Vec<File>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| format!("{}: a name that is not UTF-8", path.display()))?;
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            read_dir_files(&path, &format!("{relative}/"), out)?;
        } else {
            let bytes =
                std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            out.push((relative, Cow::Owned(bytes)));
        }
    }
    Ok(())
}

/// The built app: `dist/` in the current directory, else in the project the binary was
/// built in (`<project>/target/<profile>/secondlook`).
#[cfg(not(feature = "viewer"))]
fn find_app() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().ok();
    let project = exe
        .as_deref()
        .and_then(|exe| exe.ancestors().nth(3))
        .map(|p| p.join("dist"));
    let candidates: Vec<PathBuf> = [Some(PathBuf::from("dist")), project]
        .into_iter()
        .flatten()
        .collect();
    candidates
        .iter()
        .find(|dir| dir.join("index.html").is_file())
        .cloned()
        .ok_or_else(|| {
            format!(
                "no viewer: this secondlook was built without one inside (the `viewer` feature), \
                 and none of {} holds an index.html; name a viewer built by \
                 `trunk build --release` with --app DIR, or get a secondlook that carries one \
                 (scripts/release.sh builds it)",
                candidates
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}
