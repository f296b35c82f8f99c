//! Prisma: `<name>/migration.sql`, one folder per migration, run in the order of the
//! folders' names. Prisma sends each file as one script; how it wraps it in a
//! transaction is not a tool the re-check models, so what depends on that is not
//! verified.

use super::listing::Listing;
use super::{Folder, FolderError, Layout, Migration, NotRun, error};

pub(crate) fn is_migration(path: &str) -> bool {
    path.split_once('/')
        .is_some_and(|(_, file)| file == "migration.sql")
}

pub(crate) fn read(listing: &mut Listing) -> Result<Folder, FolderError> {
    let mut migrations = Vec::new();
    let mut not_run = Vec::new();
    // The listing is in byte order, which is Prisma's order of its folders' names.
    let paths: Vec<String> = listing.paths().cloned().collect();
    for path in paths {
        if !path.ends_with(".sql") {
            continue;
        }
        if !is_migration(&path) {
            if path.contains('/') {
                not_run.push(NotRun {
                    why: "Prisma runs only <folder>/migration.sql".into(),
                    path,
                });
                continue;
            }
            return Err(error(
                &path,
                "lies beside the migration folders, where Prisma runs nothing: whether it runs is unclear",
            ));
        }
        let version = path.split('/').next().unwrap_or_default().to_string();
        migrations.push(Migration {
            text: listing.text(&path)?,
            path,
            version,
            tool: Layout::Prisma.tool(),
        });
    }
    Ok(Folder {
        layout: Layout::Prisma,
        migrations,
        repeatable: Vec::new(),
        not_run,
    })
}
