//! Every file the command line reads as text comes through here, so it gets the same
//! size limit and UTF-8 check as a file the app loads.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use secondlook_core::inputs::{self, MAX_FILE_BYTES};

/// The text of the file at `path`; every error names the file.
pub fn read_text(path: impl AsRef<Path>) -> Result<String, String> {
    let path = path.as_ref();
    read(path).map_err(|e| match e {
        ReadError::Io(e) => format!("cannot read {}: {e}", path.display()),
        ReadError::Text(why) => why,
    })
}

/// Why a file could not be had as text. An I/O error leaves naming the file to the
/// caller, which may already have (a run's SQL file is named by its `href`).
pub enum ReadError {
    Io(std::io::Error),
    /// Too large, or not UTF-8: the message names the file.
    Text(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Text(why) => f.write_str(why),
        }
    }
}

pub fn read(path: &Path) -> Result<String, ReadError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ReadError::Text(inputs::too_large(&shown, size)));
    }
    let mut bytes = Vec::new();
    // A file that grows after the size was read still stops one byte past the limit,
    // which `decode` refuses.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    inputs::decode(&shown, bytes).map_err(ReadError::Text)
}

/// The folder a run's `href`s must stay in (`run::confine`): the run file's folder, or
/// `--root`; canonical, with how many folders below it the run file lies.
pub struct Root {
    dir: PathBuf,
    pub depth: usize,
}

impl Root {
    /// The root for the run file at `run_path`: `root` when given (the run must be inside
    /// it), else the run's own folder.
    pub fn for_run(run_path: &str, root: Option<&str>) -> Result<Root, String> {
        let canonical = |path: &Path| {
            path.canonicalize()
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let run_dir = Path::new(run_path)
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let run_dir = canonical(run_dir)?;
        let dir = match root {
            Some(root) => canonical(Path::new(root))?,
            None => run_dir.clone(),
        };
        let below = run_dir.strip_prefix(&dir).map_err(|_| {
            format!(
                "{run_path} is not inside --root {}",
                root.unwrap_or_default()
            )
        })?;
        Ok(Root {
            depth: below.components().count(),
            dir,
        })
    }

    /// Reads the file an `href` resolved to, once `run::confine` allowed the `href`: a
    /// symlink on the way that leads out of the root is refused, and the file not read.
    pub fn read(&self, path: &Path) -> Result<String, ReadError> {
        let real = path.canonicalize().map_err(ReadError::Io)?;
        if !real.starts_with(&self.dir) {
            return Err(ReadError::Text(
                "not read: a symlink leads out of the run file's folder (or --root)".into(),
            ));
        }
        read(&real)
    }
}
