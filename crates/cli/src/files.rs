//! Every file the command line reads as text comes through here, so it gets the same
//! size limit and UTF-8 check as a file the app loads.

use std::io::Read;
use std::path::Path;

use secondlook_core::inputs::{self, MAX_FILE_BYTES};

/// The text of the file at `path`; every error names the file.
pub fn read_text(path: impl AsRef<Path>) -> Result<String, String> {
    let path = path.as_ref();
    let shown = path.display().to_string();
    let cannot = |e: std::io::Error| format!("cannot read {shown}: {e}");
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    if size > MAX_FILE_BYTES {
        return Err(inputs::too_large(&shown, size));
    }
    let mut bytes = Vec::new();
    // A file that grows after the size was read still stops one byte past the limit,
    // which `decode` refuses.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    inputs::decode(&shown, bytes)
}
