//! drizzle-kit: `meta/_journal.json` lists the migrations in the order its migrator runs
//! them (`entries[].tag`, each `<tag>.sql` beside `meta/`); a `.sql` file the journal does
//! not name is never run.

use serde::Deserialize;

use super::listing::{Listing, plain};
use super::{Folder, FolderError, Layout, Migration, error};

pub(crate) const JOURNAL: &str = "meta/_journal.json";

#[derive(Deserialize)]
struct Journal {
    entries: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    tag: String,
}

pub(crate) fn read(listing: &mut Listing) -> Result<Folder, FolderError> {
    let journal: Journal = serde_json::from_str(&listing.text(JOURNAL)?)
        .map_err(|e| error(JOURNAL, format!("is not a drizzle-kit journal: {e}")))?;
    if journal.entries.len() > super::MAX_FILES {
        return Err(error(
            JOURNAL,
            "lists more entries than the folder may hold",
        ));
    }
    let mut migrations: Vec<Migration> = Vec::new();
    for (i, entry) in journal.entries.iter().enumerate() {
        let path = format!("{}.sql", entry.tag);
        let at = format!("{JOURNAL} entries[{i}]");
        if entry.tag.contains('/') || plain(&path).is_err() {
            return Err(error(
                &at,
                format!(
                    "names {:?}, which is not a file beside meta/: it is not read",
                    entry.tag
                ),
            ));
        }
        if migrations.iter().any(|m| m.path == path) {
            return Err(error(
                &at,
                format!("names {path} a second time: which run is meant is unclear"),
            ));
        }
        migrations.push(Migration {
            text: listing.named(&at, &path)?,
            path,
            version: entry.tag.clone(),
            tool: Layout::DrizzleKit.tool(),
        });
    }
    let not_run = listing.others(&migrations, |_| {
        "the journal does not name it, so drizzle-kit's migrator never runs it".into()
    });
    Ok(Folder {
        layout: Layout::DrizzleKit,
        migrations,
        repeatable: Vec::new(),
        not_run,
    })
}
