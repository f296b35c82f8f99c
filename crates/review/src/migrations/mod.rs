//! Migration folders: the layouts of drizzle-kit, Prisma, goose, golang-migrate, dbmate,
//! Flyway and sqitch, read as their tools read them: which files run, in which order,
//! and which tool runs each (so its up/down sections and transactions are read as that
//! tool runs them). The newest migrations are the migration under review; the rest are
//! its baseline (`sql::baseline`).
//!
//! Pure: the caller lists the folder's files (relative paths, `/` between folders) and
//! reads one on request; nothing outside the listing is ever asked for. The folder
//! comes from the pull request, so a layout that is ambiguous or hostile (two layouts at
//! once, a journal naming a file that is missing or outside the folder, a version twice,
//! absurd counts or sizes) is an error naming the file, never a guess.

mod drizzle;
mod flyway;
mod listing;
mod numbered;
mod prisma;
mod sqitch;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sql::SqlFile;
use crate::sql::file::Tool;

use listing::Listing;
pub use listing::{LISTING_FILE, MAX_DEPTH, MAX_FILES, MAX_TOTAL_BYTES, listed};

/// The tool whose folder layout it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    DrizzleKit,
    Prisma,
    Goose,
    GolangMigrate,
    Dbmate,
    Flyway,
    Sqitch,
}

impl Layout {
    pub fn name(self) -> &'static str {
        match self {
            Layout::DrizzleKit => "drizzle-kit",
            Layout::Prisma => "Prisma",
            Layout::Goose => "goose",
            Layout::GolangMigrate => "golang-migrate",
            Layout::Dbmate => "dbmate",
            Layout::Flyway => "Flyway",
            Layout::Sqitch => "sqitch",
        }
    }

    /// How its tool runs a file; `None` where no [`Tool`] models it (Prisma sends a file
    /// as one script, in a transaction or not by version: what depends on it is then
    /// not verified).
    pub fn tool(self) -> Option<Tool> {
        match self {
            Layout::DrizzleKit => Some(Tool::DrizzleKit),
            Layout::Prisma => None,
            Layout::Goose => Some(Tool::Goose),
            Layout::GolangMigrate => Some(Tool::GolangMigrate),
            Layout::Dbmate => Some(Tool::Dbmate),
            Layout::Flyway => Some(Tool::Flyway),
            // sqitch deploys each script with psql.
            Layout::Sqitch => Some(Tool::Psql),
        }
    }
}

/// One migration the tool runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Migration {
    /// Its path in the folder.
    pub path: String,
    /// Its version or name as the tool orders it (`0003_amount`, `1.2`, `R__views`).
    pub version: String,
    pub tool: Option<Tool>,
    pub text: String,
}

impl Migration {
    /// The file as the SQL re-check reads it, named `prefix` + its path.
    pub fn sql_file(&self, prefix: &str) -> SqlFile {
        SqlFile {
            path: format!("{prefix}{}", self.path),
            tool: self.tool,
            text: Ok(self.text.clone()),
        }
    }
}

/// A file of the folder that its tool does not run, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotRun {
    pub path: String,
    pub why: String,
}

/// A migrations folder as its tool runs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    pub layout: Layout,
    /// In run order.
    pub migrations: Vec<Migration>,
    /// Flyway's repeatable migrations: run after every versioned one, whenever they
    /// changed.
    pub repeatable: Vec<Migration>,
    pub not_run: Vec<NotRun>,
}

/// Why a folder is not read: the file, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderError {
    /// The file (or folder) the message is about, as listed; empty for the whole folder.
    pub file: String,
    pub why: String,
}

impl fmt::Display for FolderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.file.is_empty() {
            write!(f, "the migrations folder: {}", self.why)
        } else {
            write!(f, "{}: {}", self.file, self.why)
        }
    }
}

impl FolderError {
    /// The message with the folder's name `dir` (as the reviewer gave it) before the
    /// file's path.
    pub fn in_folder(&self, dir: &str) -> String {
        if self.file.is_empty() {
            format!("{dir}: {self}")
        } else {
            format!("{}/{self}", dir.trim_end_matches('/'))
        }
    }
}

pub(crate) fn error(file: &str, why: impl Into<String>) -> FolderError {
    FolderError {
        file: file.to_string(),
        why: why.into(),
    }
}

/// Reads a migrations folder: `paths` lists its files (relative, `/` between folders;
/// symlinks and anything else that is not a plain file left out by the caller), and
/// `read` gives one file's text on request.
pub fn read_folder(
    paths: &[String],
    read: &mut dyn FnMut(&str) -> Result<String, String>,
) -> Result<Folder, FolderError> {
    let mut listing = Listing::new(paths, read)?;
    match detect(&mut listing)? {
        Layout::DrizzleKit => drizzle::read(&mut listing),
        Layout::Prisma => prisma::read(&mut listing),
        Layout::Flyway => flyway::read(&mut listing),
        Layout::Sqitch => sqitch::read(&mut listing),
        layout @ (Layout::Goose | Layout::GolangMigrate | Layout::Dbmate) => {
            numbered::read(&mut listing, layout)
        }
    }
}

/// Which layout the folder has, from the files that only it has; two at once is an
/// error naming one file of each.
fn detect(listing: &mut Listing) -> Result<Layout, FolderError> {
    let mut found: Vec<(Layout, String)> = Vec::new();
    let mut first = |layout: Layout, path: Option<&String>| {
        if let Some(path) = path {
            found.push((layout, path.clone()));
        }
    };
    first(
        Layout::DrizzleKit,
        listing.paths().find(|p| *p == drizzle::JOURNAL),
    );
    first(Layout::Sqitch, listing.paths().find(|p| *p == sqitch::PLAN));
    first(
        Layout::Prisma,
        listing.paths().find(|p| prisma::is_migration(p)),
    );
    first(
        Layout::GolangMigrate,
        listing.paths().find(|p| numbered::is_up_or_down(p)),
    );
    first(
        Layout::Flyway,
        listing.paths().find(|p| flyway::is_flyway(p)),
    );
    if found.is_empty() {
        // goose and dbmate name files alike; their markers tell them apart.
        let numbered: Vec<String> = listing
            .paths()
            .filter(|p| numbered::numbered(p).is_some())
            .cloned()
            .collect();
        for path in numbered {
            if let Some(layout) = numbered::marker_layout(&listing.text(&path)?)
                && !found.iter().any(|(l, _)| *l == layout)
            {
                found.push((layout, path));
            }
        }
    }
    match found.as_slice() {
        [(layout, _)] => Ok(*layout),
        [] => Err(error(
            "",
            "no migration layout recognised (drizzle-kit's meta/_journal.json, Prisma's \
             */migration.sql, goose's `-- +goose Up`, golang-migrate's N_name.up.sql, \
             dbmate's `-- migrate:up`, Flyway's V1__name.sql, sqitch's sqitch.plan)",
        )),
        [(a, a_file), (b, b_file), ..] => Err(error(
            "",
            format!(
                "holds two layouts at once ({} by {a_file}, {} by {b_file}): which tool \
                 runs which file is unclear",
                a.name(),
                b.name()
            ),
        )),
    }
}

/// A folder split for review: the last migrations judged over the ones before them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selected {
    pub layout: Layout,
    /// What ran before: applied, not judged.
    pub baseline: Vec<Migration>,
    /// The migration under review, in run order.
    pub migration: Vec<Migration>,
    pub not_run: Vec<NotRun>,
}

impl Folder {
    /// The last `new` migrations as the migration, the rest as its baseline. Flyway's
    /// repeatable migrations are judged with the migration: they run after it whenever
    /// they changed, and which did is not known here.
    pub fn select(self, new: usize) -> Result<Selected, FolderError> {
        let count = self.migrations.len();
        if new == 0 || new > count {
            return Err(error(
                "",
                format!(
                    "--new {new} asks for {new} migrations; the folder's {} layout holds {count}",
                    self.layout.name()
                ),
            ));
        }
        let mut baseline = self.migrations;
        let mut migration = baseline.split_off(count - new);
        migration.extend(self.repeatable);
        Ok(Selected {
            layout: self.layout,
            baseline,
            migration,
            not_run: self.not_run,
        })
    }
}

/// What a folder held at the base a migration is judged against (a git ref): which
/// files it had, and each one's text there.
pub trait Base {
    fn has(&self, path: &str) -> bool;
    fn text(&mut self, path: &str) -> Result<String, String>;
}

impl Folder {
    /// The migrations the base did not have as the migration, those it had as the
    /// baseline. An applied migration never runs again, so one changed since the base
    /// is refused (production ran the base's text, not this one), as is a new one that
    /// runs before one the base had (production would meet them in another order),
    /// and a folder with nothing new. Flyway's repeatable migrations are judged with
    /// the migration, as [`Folder::select`] judges them.
    pub fn select_since(self, base: &mut dyn Base) -> Result<Selected, FolderError> {
        let mut baseline = Vec::new();
        let mut migration: Vec<Migration> = Vec::new();
        for m in self.migrations {
            if !base.has(&m.path) {
                migration.push(m);
                continue;
            }
            if let Some(new) = migration.first() {
                return Err(error(
                    &new.path,
                    format!(
                        "is new since the base, yet runs before {}, which the base already \
                         had: the database met them in the other order",
                        m.path
                    ),
                ));
            }
            let then = base
                .text(&m.path)
                .map_err(|why| error(&m.path, format!("could not be read at the base: {why}")))?;
            if then != m.text {
                return Err(error(
                    &m.path,
                    "changed since the base: an applied migration never runs again, so \
                     the database holds what the base's text made; review the change on \
                     its own",
                ));
            }
            baseline.push(m);
        }
        if migration.is_empty() {
            return Err(error(
                "",
                format!("no {} migration is new since the base", self.layout.name()),
            ));
        }
        migration.extend(self.repeatable);
        Ok(Selected {
            layout: self.layout,
            baseline,
            migration,
            not_run: self.not_run,
        })
    }
}

impl Selected {
    /// The baseline and the migration as the SQL re-check reads them, each path with
    /// `prefix` before it (the folder as the reviewer named it).
    pub fn sql_files(&self, prefix: &str) -> (Vec<SqlFile>, Vec<SqlFile>) {
        let files = |list: &[Migration]| list.iter().map(|m| m.sql_file(prefix)).collect();
        (files(&self.baseline), files(&self.migration))
    }
}

#[cfg(test)]
mod tests;
