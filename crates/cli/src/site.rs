//! The static site `secondlook viewer` writes and `secondlook show` serves: the viewer's
//! files, the inputs under `inputs/`, and the query (`?run=…&report=…`) that opens them
//! as the page reads it (`src/loading.rs`). Inputs are read as `bundle` and `check` read
//! them: a run's SQL only inside its folder, a migrations folder with no symlink followed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use secondlook_core::migrations::{LISTING_FILE, MAX_TOTAL_BYTES};
use secondlook_core::report::encode_path;

use crate::folder::{Pick, list, read_listed, read_migrations};
use crate::viewer::Viewer;

#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The run file; the SQL files it names (inside its folder) come with it
    #[arg(long, value_name = "RUN.json")]
    run: Option<String>,
    /// The audit report
    #[arg(long, value_name = "REPORT.md")]
    report: Option<String>,
    /// SQL to review on its own, with no run naming it (repeatable)
    #[arg(long, value_name = "FILE.sql", conflicts_with = "run")]
    sql: Vec<String>,
    /// A migrations folder: its newest migration is reviewed, the rest is its baseline
    #[arg(long, value_name = "DIR")]
    migrations: Option<String>,
    /// Go on when a SQL file the run names cannot be read; the page then opens on the
    /// not-verified verdict naming the file
    #[arg(long)]
    allow_missing: bool,
    /// The viewer built by `trunk build --release` [default: the one inside this
    /// secondlook; without one, dist/ here, else in the project the binary was built in]
    #[arg(long, value_name = "DIST_DIR")]
    app: Option<String>,
}

pub struct Site {
    /// Every file, by its path in the site (`/`-separated, never `..` or absolute).
    pub files: BTreeMap<String, Cow<'static, [u8]>>,
    /// `?run=…` opening the inputs, or empty when there are none.
    pub query: String,
}

/// Where the inputs lie in the site, apart from the viewer's files and from each other.
const INPUTS: &str = "inputs";

impl Site {
    pub fn build(args: &SiteArgs) -> Result<Site, String> {
        let viewer = Viewer::choose(args.app.as_deref())?;
        let mut site = Site {
            files: viewer.files()?.into_iter().collect(),
            query: String::new(),
        };
        let mut query: Vec<(&str, String)> = Vec::new();
        let inputs = crate::bundle_cmd::read_inputs(
            args.run.as_deref(),
            args.report.as_deref(),
            None,
            args.allow_missing,
        )?;
        if let Some(inputs) = inputs {
            if let Some(report) = inputs.report {
                let path = site.add(&format!("{INPUTS}/report/{}", report.name), report.text)?;
                query.push(("report", path));
            }
            if let Some(run) = inputs.run {
                let path = site.add(&format!("{INPUTS}/run/{}", run.name), run.text)?;
                query.push(("run", path));
            }
            // Named by their `href`s resolved against the run, so the page finds them
            // where the run says.
            for sql in inputs.sql {
                site.add(&format!("{INPUTS}/run/{}", sql.name), sql.text)?;
            }
        }
        for path in &args.sql {
            let text = crate::files::read_text(path)?;
            let added = site.add(&format!("{INPUTS}/sql/{}", file_name(path)), text)?;
            query.push(("sql", added));
        }
        if let Some(dir) = &args.migrations {
            query.push(("migrations", site.add_folder(dir)?));
        }
        site.query = query_string(&query);
        Ok(site)
    }

    /// Adds `text` at `path`, refusing a path taken or one that is not plain.
    fn add(&mut self, path: &str, text: String) -> Result<String, String> {
        if !plain(path) {
            return Err(format!("{path}: not a plain path inside the site"));
        }
        if self.files.contains_key(path) {
            return Err(format!(
                "two inputs would both be {path}; give files of different names"
            ));
        }
        self.files
            .insert(path.to_string(), Cow::Owned(text.into_bytes()));
        Ok(path.to_string())
    }

    /// The migrations folder `dir` with its listing file, as the page fetches a served
    /// folder; its path in the site, ending in `/`.
    fn add_folder(&mut self, dir: &str) -> Result<String, String> {
        // Refused here as `check --migrations` refuses it, before anything is served.
        read_migrations(dir, Pick::Newest(1))?;
        let (root, paths) = list(dir)?;
        let base = format!(
            "{INPUTS}/migrations/{}/",
            file_name(&root.to_string_lossy())
        );
        let mut total = 0;
        for path in &paths {
            let text = read_listed(&root, path).map_err(|why| format!("{dir}/{path}: {why}"))?;
            total += text.len();
            if total > MAX_TOTAL_BYTES {
                return Err(format!(
                    "{dir}: its files hold more than {MAX_TOTAL_BYTES} bytes of text"
                ));
            }
            self.add(&format!("{base}{path}"), text)?;
        }
        let listing = paths.iter().map(|p| format!("{p}\n")).collect();
        self.files.insert(
            format!("{base}{LISTING_FILE}"),
            Cow::Owned(String::into_bytes(listing)),
        );
        Ok(base)
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(
        || "input".to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Whether `path` is relative, `/`-separated, and every part of it a name (no `.`,
/// `..`, empty part, backslash or control character).
pub fn plain(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\\', '\0'])
        && !path.chars().any(char::is_control)
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

/// `?key=value&…` with each value percent-encoded but for `/`; empty for no pairs.
fn query_string(pairs: &[(&str, String)]) -> String {
    let encoded: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("{key}={}", encode_path(value)))
        .collect();
    if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}", encoded.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_are_taken() {
        for good in ["index.html", "inputs/run/schema/0000.sql", "a b/c%2e"] {
            assert!(plain(good), "{good}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "a/../b",
            "..",
            "./a",
            "a//b",
            "a\\b",
            "a/\u{7}",
        ] {
            assert!(!plain(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_query_value_cannot_start_another_parameter() {
        let query = query_string(&[
            ("run", "inputs/run/a&sql=x#y z.json".into()),
            ("report", "inputs/report/r.md".into()),
        ]);
        assert_eq!(
            query,
            "?run=inputs/run/a%26sql%3Dx%23y%20z.json&report=inputs/report/r.md"
        );
        assert_eq!(query_string(&[]), "");
    }
}
