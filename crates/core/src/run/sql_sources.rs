//! Where each of the run's SQL files comes from. The core does no I/O: the app
//! fetches an `href`, the command line reads it from disk; both then hand the text, or
//! why there is none, to the SQL re-check as a [`SqlFile`].

use crate::sql::file::SqlFile;
use crate::sql::file::Tool;

use super::confine::confine;
use super::{Run, SchemaFile};

/// One `schema.files[]` entry, ready to be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlSource {
    /// The file's path in the audited repository; when the entry gives none, its JSON
    /// path (`$.schema.files[2]`) so diagnostics still say which entry.
    pub path: String,
    /// The entry's `tool`.
    pub tool: Option<Tool>,
    /// Where the text is, or why the entry does not say.
    pub origin: Result<SqlOrigin, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlOrigin {
    Inline(String),
    /// The entry's `href`, and that `href` resolved against the run file's location.
    Href {
        href: String,
        resolved: String,
    },
}

impl SqlSource {
    /// The source, or, when its `href` is refused for a run file `depth` folders below the
    /// root ([`confine`]), the refusal in its place: such a file is never read.
    pub fn confined(self, depth: usize) -> SqlSource {
        let refused = match &self.origin {
            Ok(SqlOrigin::Href { href, .. }) => confine(href, depth).err(),
            _ => None,
        };
        match refused {
            Some(refused) => SqlSource {
                origin: Err(refused.to_string()),
                ..self
            },
            None => self,
        }
    }

    /// Loads the text: inline text as is, an `href` through `fetch(resolved)`.
    pub fn load(self, fetch: impl FnOnce(&str) -> Result<String, String>) -> SqlFile {
        let text = match self.origin {
            Ok(SqlOrigin::Inline(sql)) => Ok(sql),
            Ok(SqlOrigin::Href { href, resolved }) => {
                fetch(&resolved).map_err(|why| format!("cannot load {href} ({resolved}): {why}"))
            }
            Err(why) => Err(why),
        };
        SqlFile {
            path: self.path,
            tool: self.tool,
            text,
        }
    }
}

/// The run's SQL files in file order; `run_location` is the run file's URL or path,
/// against which each `href` is resolved. A run without `schema.files` gives none.
pub fn sql_sources(run: &Run, run_location: &str) -> Vec<SqlSource> {
    let files = run.schema.as_ref().and_then(|s| s.files.as_deref());
    sources(files.unwrap_or_default(), "$.schema.files", run_location)
}

/// The run's baseline (`schema.baseline`), read as [`sql_sources`] reads its files.
pub fn baseline_sources(run: &Run, run_location: &str) -> Vec<SqlSource> {
    let files = run.schema.as_ref().and_then(|s| s.baseline.as_deref());
    sources(files.unwrap_or_default(), "$.schema.baseline", run_location)
}

fn sources(files: &[SchemaFile], list: &str, run_location: &str) -> Vec<SqlSource> {
    files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let at = format!("{list}[{i}]");
            let origin = match (&file.sql, &file.href) {
                (Some(sql), None) => Ok(SqlOrigin::Inline(sql.clone())),
                (None, Some(href)) if href.trim().is_empty() => Err(format!("{at}.href is empty")),
                (None, Some(href)) => Ok(SqlOrigin::Href {
                    href: href.clone(),
                    resolved: resolve_href(run_location, href),
                }),
                (Some(_), Some(_)) => Err(format!(
                    "{at} gives both \"sql\" and \"href\": which one is the migration is unclear"
                )),
                (None, None) => Err(format!("{at} gives neither \"sql\" nor \"href\"")),
            };
            SqlSource {
                path: file.path.clone().unwrap_or(at),
                tool: file.tool,
                origin,
            }
        })
        .collect()
}

/// `href` resolved against `base` (the run file's URL or file path), as a browser
/// resolves a link: absolute hrefs stay as they are, `.` and `..` segments are applied.
pub fn resolve_href(base: &str, href: &str) -> String {
    if has_scheme(href) {
        return href.to_string();
    }
    let base = base.split(['?', '#']).next().unwrap_or(base);
    // The part of `base` that paths never replace: `https://host`, or nothing.
    let origin_len = if has_scheme(base) {
        base.find("://").map(|i| i + 3).map_or(0, |start| {
            base.get(start..)
                .and_then(|r| r.find('/'))
                .map_or(base.len(), |p| start + p)
        })
    } else {
        0
    };
    let (origin, base_path) = base.split_at(origin_len);
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = base_path
            .rfind('/')
            .map_or("", |i| base_path.get(..=i).unwrap_or(""));
        format!("{dir}{href}")
    };
    // Below a URL's host every path is absolute.
    let joined = if origin.is_empty() || joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    };
    format!("{origin}{}", normalize(&joined))
}

fn has_scheme(s: &str) -> bool {
    s.split_once(':').is_some_and(|(scheme, _)| {
        scheme.len() > 1
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    })
}

/// Applies `.` and `..`; a `..` above a relative path's start is kept.
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if out.last().is_some_and(|last| *last != "..") => {
                out.pop();
            }
            ".." if absolute => {}
            _ => out.push(segment),
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_like_links() {
        assert_eq!(resolve_href("run.json", "schema/a.sql"), "schema/a.sql");
        assert_eq!(
            resolve_href("runs/7/run.json", "schema/a.sql"),
            "runs/7/schema/a.sql"
        );
        assert_eq!(
            resolve_href("runs/7/run.json", "../common/./a.sql"),
            "runs/common/a.sql"
        );
        assert_eq!(resolve_href("run.json", "../a.sql"), "../a.sql");
        assert_eq!(resolve_href("/srv/r/run.json", "../../../a.sql"), "/a.sql");
        assert_eq!(
            resolve_href("https://ci.example/art/9/run.json?token=x", "schema/a.sql"),
            "https://ci.example/art/9/schema/a.sql"
        );
        assert_eq!(
            resolve_href("https://ci.example/art/run.json", "/other/a.sql"),
            "https://ci.example/other/a.sql"
        );
        assert_eq!(
            resolve_href("https://ci.example", "a.sql"),
            "https://ci.example/a.sql"
        );
        assert_eq!(
            resolve_href("run.json", "https://x.example/a.sql"),
            "https://x.example/a.sql"
        );
    }

    #[test]
    fn seed_run_has_one_href() {
        let run = crate::run::read(crate::demo::RUN).unwrap();
        let sources = sql_sources(&run, "fixtures/seed/run.json");
        assert_eq!(
            sources,
            vec![SqlSource {
                path: "backend/src/db/migrations/0000_money_core.sql".into(),
                tool: None,
                origin: Ok(SqlOrigin::Href {
                    href: "schema/0000_money_core.sql".into(),
                    resolved: "fixtures/seed/schema/0000_money_core.sql".into(),
                }),
            }]
        );
    }

    #[test]
    fn entries_with_neither_or_both_are_reported() {
        let run = crate::run::read(
            r#"{"format": "migration-run/v1", "schema": {"files": [
                {"path": "a.sql", "sql": "select 1;"},
                {"path": "b.sql"},
                {"sql": "select 1;", "href": "c.sql"}
            ]}}"#,
        )
        .unwrap();
        let files: Vec<SqlFile> = sql_sources(&run, "run.json")
            .into_iter()
            .map(|s| s.load(|_| Err("no fetch in this test".into())))
            .collect();
        assert_eq!(files[0].text, Ok("select 1;".into()));
        assert_eq!(
            files[1].text,
            Err("$.schema.files[1] gives neither \"sql\" nor \"href\"".into())
        );
        assert_eq!(files[2].path, "$.schema.files[2]");
        assert!(files[2].text.as_ref().unwrap_err().contains("both"));
    }

    #[test]
    fn baseline_entries_are_read_like_files_and_named_by_their_own_path() {
        let run = crate::run::read(
            r#"{"format": "migration-run/v1", "schema": {
                "files": [{"path": "m/0003.sql", "href": "m/0003.sql"}],
                "baseline": [
                    {"path": "m/0001.sql", "href": "m/0001.sql", "tool": "drizzle-kit"},
                    {"sql": "create table t (a int);"}
                ]}}"#,
        )
        .unwrap();
        let baseline = baseline_sources(&run, "runs/run.json");
        assert_eq!(baseline.len(), 2);
        assert_eq!(baseline[0].tool, Some(Tool::DrizzleKit));
        assert_eq!(
            baseline[0].origin,
            Ok(SqlOrigin::Href {
                href: "m/0001.sql".into(),
                resolved: "runs/m/0001.sql".into(),
            })
        );
        assert_eq!(baseline[1].path, "$.schema.baseline[1]");
        assert_eq!(sql_sources(&run, "runs/run.json").len(), 1);
        let refused = SqlSource {
            origin: Ok(SqlOrigin::Href {
                href: "../../secret.sql".into(),
                resolved: "../secret.sql".into(),
            }),
            ..baseline[0].clone()
        }
        .confined(1);
        assert!(refused.origin.unwrap_err().contains("leaves"));
    }

    #[test]
    fn an_href_out_of_the_root_is_refused_in_place_of_its_text() {
        let source = |href: &str| SqlSource {
            path: "m.sql".into(),
            tool: None,
            origin: Ok(SqlOrigin::Href {
                href: href.into(),
                resolved: resolve_href("runs/7/run.json", href),
            }),
        };
        let refused = source("../../.git/config").confined(1);
        let why = refused.origin.clone().unwrap_err();
        assert!(
            why.contains("\"../../.git/config\" is not read: its `..` leaves"),
            "{why}"
        );
        let file = refused.load(|_| panic!("a refused href is never read"));
        assert_eq!(file.text, Err(why));
        assert_eq!(
            source("../../.git/config").confined(2),
            source("../../.git/config")
        );
        assert_eq!(source("schema/a.sql").confined(0), source("schema/a.sql"));
    }

    #[test]
    fn a_missing_href_target_names_the_file() {
        let source = SqlSource {
            path: "m.sql".into(),
            tool: None,
            origin: Ok(SqlOrigin::Href {
                href: "schema/m.sql".into(),
                resolved: "runs/schema/m.sql".into(),
            }),
        };
        let file = source.load(|at| Err(format!("{at}: no such file")));
        assert_eq!(file.path, "m.sql");
        assert_eq!(
            file.text,
            Err(
                "cannot load schema/m.sql (runs/schema/m.sql): runs/schema/m.sql: no such file"
                    .into()
            )
        );
    }
}
