//! Every file the command line reads as text comes through here, so it gets the same
//! size limit and UTF-8 check as a file the app loads.

use std::fmt;
use std::io::Read;
use std::path::Path;

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
