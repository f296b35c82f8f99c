//! `secondlook viewer -o DIR`: the viewer as a static site for CI's artifact storage, with
//! the inputs given beside it and the link that opens them.

use std::path::Path;
use std::process::ExitCode;

use crate::site::{self, Site};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the site into: new, or empty
    #[arg(short, long = "output", value_name = "DIR")]
    out: String,
    #[command(flatten)]
    site: site::SiteArgs,
}

pub fn run(args: &Args) -> ExitCode {
    match write(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => crate::terminal::fail(&why),
    }
}

fn write(args: &Args) -> Result<(), String> {
    let site = Site::build(&args.site)?;
    let out = Path::new(&args.out);
    // Never over files already there: the folder may hold someone's work.
    let taken = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    if taken {
        return Err(format!(
            "{}: not empty; name a new or empty folder",
            args.out
        ));
    }
    for (path, bytes) in &site.files {
        // `Site` holds plain relative paths only; checked again where it touches the disk.
        if !site::plain(path) {
            return Err(format!("{path}: not a plain path inside the site"));
        }
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    println!("wrote {} ({} files)", args.out, site.files.len());
    println!("serve it over http(s) and open index.html{}", site.query);
    Ok(())
}
