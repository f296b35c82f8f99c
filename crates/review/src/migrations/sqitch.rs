//! sqitch: `sqitch.plan` lists the changes in deploy order; each deploys with
//! `deploy/<change>.sql`, run by psql (`revert/` and `verify/` scripts run only on revert
//! and verify). A reworked change (its name twice in the plan) deploys a tagged copy of
//! its script, and a `sqitch.conf` may move the script folders: neither is followed.

use super::listing::{Listing, plain};
use super::{Folder, FolderError, Layout, Migration, error};

pub(crate) const PLAN: &str = "sqitch.plan";
const CONF: &str = "sqitch.conf";

pub(crate) fn read(listing: &mut Listing) -> Result<Folder, FolderError> {
    if listing.has(CONF) {
        let conf = listing.text(CONF)?;
        if conf.lines().any(|l| {
            let key = l.trim().split(['=', ' ']).next().unwrap_or_default();
            ["top_dir", "deploy_dir", "extension"].contains(&key)
        }) {
            return Err(error(
                CONF,
                "moves sqitch's scripts (top_dir, deploy_dir or extension): not followed",
            ));
        }
    }
    let plan = listing.text(PLAN)?;
    let mut migrations: Vec<Migration> = Vec::new();
    for (number, line) in plan.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with(['#', '%', '@']) {
            continue;
        }
        let at = format!("{PLAN}:{}", number + 1);
        let change = line
            .split(|c: char| c.is_whitespace() || c == '[')
            .next()
            .unwrap_or_default();
        let path = format!("deploy/{change}.sql");
        if plain(&path).is_err() || change.contains('/') || change.starts_with('!') {
            return Err(error(
                &at,
                format!("names the change {change:?}, which is not a script beside deploy/"),
            ));
        }
        if migrations.iter().any(|m| m.version == change) {
            return Err(error(
                &at,
                format!("reworks the change {change}: its earlier script is not followed"),
            ));
        }
        if migrations.len() >= super::MAX_FILES {
            return Err(error(
                &at,
                "the plan lists more changes than the folder may hold",
            ));
        }
        migrations.push(Migration {
            text: listing.named(&at, &path)?,
            version: change.to_string(),
            path,
            tool: Layout::Sqitch.tool(),
        });
    }
    let not_run = listing.others(&migrations, |path| {
        if path.starts_with("deploy/") {
            "the plan does not name it, so sqitch never deploys it".into()
        } else {
            "sqitch deploys only deploy/ scripts".into()
        }
    });
    Ok(Folder {
        layout: Layout::Sqitch,
        migrations,
        repeatable: Vec::new(),
        not_run,
    })
}
