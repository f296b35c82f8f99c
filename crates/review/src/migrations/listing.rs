//! The folder's listing as the caller gave it, checked before any file is read: every
//! path plain and relative (no `..`, no absolute path, no backslash, no control
//! character), not too many, not too deep; and the texts read through it, not too large
//! together. Only a listed path is ever read.

use std::collections::{BTreeSet, HashMap};

use super::{FolderError, Migration, NotRun, error};

/// The most files a folder may list.
pub const MAX_FILES: usize = 20_000;
/// The most bytes of text read from one folder (256 MiB).
pub const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;
/// The deepest path, in folders.
pub const MAX_DEPTH: usize = 16;
/// The longest path, in bytes.
const MAX_PATH_BYTES: usize = 1024;

pub(crate) struct Listing<'a> {
    paths: BTreeSet<String>,
    read: &'a mut dyn FnMut(&str) -> Result<String, String>,
    texts: HashMap<String, String>,
    total: usize,
}

impl<'a> Listing<'a> {
    pub fn new(
        paths: &[String],
        read: &'a mut dyn FnMut(&str) -> Result<String, String>,
    ) -> Result<Self, FolderError> {
        if paths.len() > MAX_FILES {
            return Err(error(
                "",
                format!("lists {} files; the limit is {MAX_FILES}", paths.len()),
            ));
        }
        for path in paths {
            plain(path)?;
        }
        Ok(Listing {
            paths: paths.iter().cloned().collect(),
            read,
            texts: HashMap::new(),
            total: 0,
        })
    }

    /// The listed paths, in byte order.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.paths.iter()
    }

    pub fn has(&self, path: &str) -> bool {
        self.paths.contains(path)
    }

    /// The text of the file a journal or plan names at `at`; an error there when the
    /// folder does not hold it.
    pub fn named(&mut self, at: &str, path: &str) -> Result<String, FolderError> {
        if !self.has(path) {
            return Err(error(
                at,
                format!("names {path}, which is not in the folder"),
            ));
        }
        self.text(path)
    }

    /// The `.sql` files that none of `run` is, each with why it does not run.
    pub fn others(&self, run: &[Migration], why: impl Fn(&str) -> String) -> Vec<NotRun> {
        self.paths()
            .filter(|p| p.ends_with(".sql") && !run.iter().any(|m| &m.path == *p))
            .map(|p| NotRun {
                path: p.clone(),
                why: why(p),
            })
            .collect()
    }

    /// The text of a listed file; reading past [`MAX_TOTAL_BYTES`] in all is an error.
    pub fn text(&mut self, path: &str) -> Result<String, FolderError> {
        if let Some(text) = self.texts.get(path) {
            return Ok(text.clone());
        }
        if !self.has(path) {
            return Err(error(path, "is not in the folder"));
        }
        let text = (self.read)(path).map_err(|why| error(path, why))?;
        self.total = self.total.saturating_add(text.len());
        if self.total > MAX_TOTAL_BYTES {
            return Err(error(
                path,
                format!(
                    "takes the folder past {} MiB of SQL, the limit",
                    MAX_TOTAL_BYTES / (1024 * 1024)
                ),
            ));
        }
        self.texts.insert(path.to_string(), text.clone());
        Ok(text)
    }
}

/// The name of the listing file a served folder is opened by when its URL names the
/// folder (`?migrations=URL/`).
pub const LISTING_FILE: &str = "listing.txt";

/// The files a served folder's listing file names, checked as a picked folder's are,
/// before any of them is fetched: one path per line, relative to the listing's own
/// folder (`find . -type f` writes one: a leading `./` is dropped), blank lines and
/// lines starting with `#` skipped. A path twice is one file. An error names the line
/// of `listing`, the listing file's name in the folder.
pub fn listed(listing: &str, text: &str) -> Result<Vec<String>, FolderError> {
    let mut paths = BTreeSet::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let path = line.strip_prefix("./").unwrap_or(line);
        // The listing file is not a migration; `find` lists it with the rest.
        if path == listing {
            continue;
        }
        plain(path).map_err(|e| {
            error(
                listing,
                format!("line {}: {}: {}", number + 1, e.file, e.why),
            )
        })?;
        paths.insert(path.to_string());
        if paths.len() > MAX_FILES {
            return Err(error(
                listing,
                format!("lists more than {MAX_FILES} files, the limit"),
            ));
        }
    }
    Ok(paths.into_iter().collect())
}

/// Whether `path` is a plain relative path inside the folder; a file named in a journal
/// or plan is checked with this too before it is looked up.
pub(crate) fn plain(path: &str) -> Result<(), FolderError> {
    let refuse = |why: &str| Err(error(path, why));
    if path.is_empty() {
        return refuse("is an empty path");
    }
    if path.len() > MAX_PATH_BYTES {
        return Err(error(
            path.get(..64).unwrap_or_default(),
            format!(
                "a path of {} bytes; the limit is {MAX_PATH_BYTES}",
                path.len()
            ),
        ));
    }
    if path.chars().any(char::is_control) {
        return refuse("holds a control character");
    }
    if path.contains('\\') {
        return refuse("holds a backslash; folders are separated by `/`");
    }
    if path.starts_with('/') || path.split('/').next().is_some_and(|s| s.contains(':')) {
        return refuse("is not a path inside the folder");
    }
    let segments: Vec<&str> = path.split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return refuse("leaves the folder or is not a plain path (`..`, `.`, `//`)");
    }
    if segments.len() > MAX_DEPTH {
        return refuse("lies deeper than 16 folders");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_names_each_file_once_as_find_writes_them() {
        let text = "# written by find\n./meta/_journal.json\n./0000_a.sql\r\n\n./listing.txt\n0000_a.sql\n";
        assert_eq!(
            listed(LISTING_FILE, text).unwrap(),
            ["0000_a.sql", "meta/_journal.json"]
        );
    }

    #[test]
    fn a_path_out_of_the_folder_is_refused_naming_its_line() {
        for (text, why) in [
            (
                "0000_a.sql\n../../.git/config\n",
                "line 2: ../../.git/config: leaves the folder",
            ),
            (
                "/etc/passwd\n",
                "line 1: /etc/passwd: is not a path inside the folder",
            ),
            (
                "https://elsewhere.example/x.sql\n",
                "line 1: https://elsewhere.example/x.sql: is not a path inside the folder",
            ),
            ("a\\b.sql\n", "line 1: a\\b.sql: holds a backslash"),
        ] {
            let error = listed("hostile.txt", text).unwrap_err();
            assert_eq!(error.file, "hostile.txt");
            assert!(error.why.starts_with(why), "{text:?}: {}", error.why);
        }
    }

    #[test]
    fn a_listing_over_the_limit_is_refused() {
        let text: String = (0..=MAX_FILES).map(|i| format!("{i}.sql\n")).collect();
        let error = listed(LISTING_FILE, &text).unwrap_err();
        assert!(error.why.contains("more than 20000 files"), "{}", error.why);
    }
}
