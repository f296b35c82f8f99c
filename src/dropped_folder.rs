//! A folder dropped on the page, walked through the drop's file-system entries: the
//! only way a drop gives a folder's files (its `files` lists the folder as one empty
//! file). The walk reads every batch `readEntries` gives, and stops at the core's
//! limits on files and depth, naming the path where it stopped.

use secondlook_review::migrations::{MAX_DEPTH, MAX_FILES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{FileSystemDirectoryEntry, FileSystemEntry, FileSystemFileEntry};

use crate::components::browser::message;

/// What a drop holds, read in the drop handler (the entries are gone after it returns).
pub enum Dropped {
    /// One folder alone.
    Folder(FileSystemDirectoryEntry),
    /// Files only, or nothing the browser lists as entries.
    Files,
    /// A folder with other things beside it; the sentence to show.
    Mixed(String),
}

/// Reads what a drop holds.
pub fn dropped(transfer: &web_sys::DataTransfer) -> Dropped {
    let items = transfer.items();
    let entries: Vec<FileSystemEntry> = (0..items.length())
        .filter_map(|i| items.get(i))
        .filter_map(|item| item.webkit_get_as_entry().ok().flatten())
        .collect();
    let folders: Vec<&FileSystemEntry> = entries.iter().filter(|e| e.is_directory()).collect();
    match (folders.as_slice(), entries.len()) {
        ([], _) => Dropped::Files,
        ([folder], 1) => Dropped::Folder((*folder).clone().unchecked_into()),
        _ => Dropped::Mixed(format!(
            "drop one migrations folder alone; this drop held {} items, {} of them folders \
             ({})",
            entries.len(),
            folders.len(),
            folders
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Every file below `folder`, with its path inside it (`/` between folders); an error
/// names the path, after the folder's own name.
pub async fn files_below(
    folder: &FileSystemDirectoryEntry,
) -> Result<Vec<(String, web_sys::File)>, String> {
    let name = folder.name();
    let at = |path: &str, why: String| {
        format!("{}: {why}", format!("{name}/{path}").trim_end_matches('/'))
    };
    let mut files = Vec::new();
    let mut pending = vec![(folder.clone(), String::new(), 0)];
    while let Some((dir, prefix, depth)) = pending.pop() {
        if depth > MAX_DEPTH {
            return Err(at(&prefix, format!("lies deeper than {MAX_DEPTH} folders")));
        }
        for entry in entries(&dir).await.map_err(|why| at(&prefix, why))? {
            let path = format!("{prefix}{}", entry.name());
            if entry.is_directory() {
                pending.push((entry.unchecked_into(), format!("{path}/"), depth + 1));
            } else if entry.is_file() {
                if files.len() >= MAX_FILES {
                    let why = format!("the folder holds more than {MAX_FILES} files");
                    return Err(at(&path, why));
                }
                let file = file(&entry.unchecked_into())
                    .await
                    .map_err(|why| at(&path, why))?;
                files.push((path, file));
            } else {
                return Err(at(&path, "is not a plain file".to_string()));
            }
        }
    }
    Ok(files)
}

/// All entries of a folder: `readEntries` gives them in batches, and an empty batch
/// says there are no more.
async fn entries(dir: &FileSystemDirectoryEntry) -> Result<Vec<FileSystemEntry>, String> {
    let reader = dir.create_reader();
    let mut all = Vec::new();
    loop {
        let batch = js_sys::Promise::new(&mut |resolve, reject| {
            if let Err(error) = reader.read_entries_with_callback_and_callback(&resolve, &reject) {
                let _ = reject.call1(&wasm_bindgen::JsValue::NULL, &error);
            }
        });
        let batch = JsFuture::from(batch).await.map_err(message)?;
        let batch = js_sys::Array::from(&batch);
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(|entry| entry.unchecked_into()));
        if all.len() > MAX_FILES {
            return Err(format!("holds more than {MAX_FILES} entries"));
        }
    }
}

async fn file(entry: &FileSystemFileEntry) -> Result<web_sys::File, String> {
    let read = js_sys::Promise::new(&mut |resolve, reject| {
        entry.file_with_callback_and_callback(&resolve, &reject);
    });
    Ok(JsFuture::from(read)
        .await
        .map_err(message)?
        .unchecked_into())
}
