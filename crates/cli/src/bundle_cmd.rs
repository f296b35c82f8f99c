//! `secondlook bundle`: one HTML file holding the built viewer (`viewer.rs`), its CSS,
//! and the inputs, that opens from a double-click: no server, no network. Without `--run` and
//! `--report` it writes the app with no data, which opens the files the reviewer picks. A
//! SQL file the run names that cannot be read stops it (exit 2) unless `--allow-missing`:
//! then the bundle opens on the not-verified banner naming the file.
//! With `--with-postgres` it also holds PGlite, so the page proves the gates with
//! PostgreSQL as the hosted viewer does (about 20 MB more).

use std::path::Path;
use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use secondlook_core::inputs::{Inputs, Named};
use secondlook_core::share;

use crate::csp::Workers;
use crate::files::Root;
use crate::viewer::Viewer;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run file; the SQL files it names are bundled with it
    #[arg(long, value_name = "RUN.json")]
    run: Option<String>,
    /// The audit report
    #[arg(long, value_name = "REPORT.md")]
    report: Option<String>,
    /// The folder the run's `href`s must stay in [default: the run file's folder]; a
    /// wider one, such as the repository, lets them climb with `..` up to it
    #[arg(long, value_name = "DIR", requires = "run")]
    root: Option<String>,
    /// Where to write the page
    #[arg(short, long = "output", value_name = "OUT.html")]
    out: String,
    /// The viewer built by `trunk build --release` [default: the one inside this
    /// secondlook; without one, dist/ here, else in the project the binary was built in]
    #[arg(long, value_name = "DIST_DIR")]
    app: Option<String>,
    /// Write the bundle even when a SQL file the run names cannot be read; it then opens
    /// on the not-verified verdict naming the file
    #[arg(long)]
    allow_missing: bool,
    /// The hosted viewer (an http(s) address) that the page's share links open in
    #[arg(long, value_name = "URL")]
    viewer_url: Option<String>,
    /// Also inline PGlite (PostgreSQL in wasm, about 20 MB), so the page proves the
    /// gates with PostgreSQL from file:// as the hosted viewer does
    #[arg(long)]
    with_postgres: bool,
}

pub fn bundle(args: &Args) -> ExitCode {
    match write_bundle(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(why) => crate::terminal::fail(&why),
    }
}

fn write_bundle(options: &Args) -> Result<(), String> {
    let app = Viewer::choose(options.app.as_deref())?;
    let inputs = read_inputs(
        options.run.as_deref(),
        options.report.as_deref(),
        options.root.as_deref(),
        options.allow_missing,
    )?;
    let inputs_json = share::script_json(inputs.as_ref());
    let postgres = if options.with_postgres {
        crate::bundle_postgres::elements(&app)?
    } else {
        String::new()
    };
    let mut html = single_file(&app, &inputs_json, &postgres)?;
    if let Some(url) = &options.viewer_url {
        let element = share::viewer_url_element(url)?;
        html = html.replacen("</head>", &format!("{element}\n</head>"), 1);
    }
    std::fs::write(&options.out, &html)
        .map_err(|e| format!("cannot write {}: {e}", options.out))?;
    let proof = if options.with_postgres {
        format!(", PostgreSQL (PGlite) {}", size(postgres.len()))
    } else {
        String::new()
    };
    println!(
        "wrote {} ({}: app {}{proof}, inputs {})",
        options.out,
        size(html.len()),
        size(html.len() - inputs_json.len() - postgres.len()),
        size(inputs_json.len())
    );
    if !options.with_postgres {
        println!(
            "it proves no gate with PostgreSQL: that needs the hosted viewer, or this bundle written with --with-postgres"
        );
    }
    Ok(())
}

/// The report, the run and the SQL files the run names (inside `root`, else the run's
/// folder), read from disk; `None` when neither a report nor a run is given. Inputs are
/// named by file name, SQL files by their `href` resolved: a page shows no path of the
/// machine that made it. SQL that cannot be read is an error unless `allow_missing`.
pub fn read_inputs(
    run: Option<&str>,
    report: Option<&str>,
    root: Option<&str>,
    allow_missing: bool,
) -> Result<Option<Inputs>, String> {
    if run.is_none() && report.is_none() {
        return Ok(None);
    }
    let read = |path: &Path, name: String| {
        let text = crate::files::read_text(path)?;
        Ok::<_, String>(Named { name, text })
    };
    let by_file_name = |path: &str| {
        let path = Path::new(path);
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        read(path, name)
    };
    let mut inputs = Inputs {
        report: report.map(by_file_name).transpose()?,
        run: run.map(by_file_name).transpose()?,
        ..Inputs::default()
    };
    if let Some(run_path) = run {
        // The run is named by its file name, so its `href`s resolve against its folder.
        let root = Root::for_run(run_path, root)?;
        let run_dir = Path::new(run_path).parent().unwrap_or(Path::new(""));
        inputs.read_missing_sql(root.depth, |resolved| {
            root.read(&run_dir.join(resolved))
                .map_err(|e| e.to_string())
        });
    }
    let missing: Vec<String> = std::mem::take(&mut inputs.unread)
        .into_iter()
        .map(|unread| format!("{}: {}", unread.resolved, unread.why))
        .collect();
    if !missing.is_empty() && !allow_missing {
        for why in &missing {
            crate::terminal::error(why);
        }
        return Err(
            "the run names SQL that could not be read (see above); --allow-missing \
             writes the page anyway, and it opens on the not-verified verdict"
                .into(),
        );
    }
    // The app then shows each file as not loaded and the verdict as not-verified.
    for why in &missing {
        crate::terminal::warn(&format!(
            "{why}; the page opens without it (--allow-missing)"
        ));
    }
    Ok(Some(inputs))
}

/// Trunk's index.html with every file it names inlined: the stylesheet as `<style>`,
/// the icon as a data URL, the wasm as base64 and the JS glue as an inline module
/// script (inline modules run from `file://`; only module imports of files are refused).
/// `postgres` is `bundle_postgres::elements`, or empty for a page without PostgreSQL.
pub fn single_file(app: &Viewer, inputs_json: &str, postgres: &str) -> Result<String, String> {
    let read = |href: &str| {
        app.read(href.trim_start_matches("./"))
            .map(std::borrow::Cow::into_owned)
    };
    let index = String::from_utf8(read("index.html")?)
        .map_err(|e| format!("the viewer's index.html: {e}"))?;
    let (before, loader, after) = split_tag(&index, "<script type=\"module\">", "</script>")
        .ok_or("the viewer's index.html: no Trunk loader script")?;
    let js = between(loader, "from '", "'")
        .ok_or("the viewer's index.html: the loader imports no JS file")?;
    let wasm = between(loader, "module_or_path: '", "'")
        .ok_or("the viewer's index.html: the loader names no wasm file")?;
    let glue = String::from_utf8(read(js)?).map_err(|e| format!("{js}: {e}"))?;
    let script = app_script(&glue, &BASE64.encode(read(wasm)?), inputs_json)
        .map_err(|why| format!("{js}: {why}"))?;
    let engine = engine_elements(&read)?;
    let mut html = String::with_capacity(index.len() + script.len() + engine.len());
    html.push_str(before);
    html.push_str(postgres);
    html.push_str(&engine);
    html.push_str(&script);
    html.push_str(&inline_links(after, &read)?);
    // The engine's worker, and PostgreSQL's if it is inline, start from blobs.
    Ok(crate::csp::with_policy(&html, Workers::OwnFilesAndBlobs))
}

/// The review engine's worker as `src/engine.rs` starts it in a single file: its script
/// (the engine's no-modules glue, then `engine-worker.js`) and its wasm as base64, in
/// elements that do not run by themselves (`text/plain` and octet-stream are data).
fn engine_elements(read: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Result<String, String> {
    let mut script = String::new();
    for name in ["secondlook-engine.js", "engine-worker.js"] {
        let text = String::from_utf8(read(name)?).map_err(|e| format!("{name}: {e}"))?;
        if text.contains("</script") || text.contains("<!--") {
            return Err(format!(
                "{name} holds `</script` or `<!--`, which an inline script cannot"
            ));
        }
        script.push_str(&text);
        script.push('\n');
    }
    let wasm = BASE64.encode(read("secondlook-engine_bg.wasm")?);
    Ok(format!(
        r#"<script type="text/plain" id="secondlook-engine-worker">{script}</script>
<script type="application/octet-stream" id="secondlook-engine-wasm">{wasm}</script>
"#
    ))
}

/// The scripts that replace Trunk's loader: the inputs, the wasm as base64, and the
/// glue followed by the call of its default export with the decoded bytes.
fn app_script(glue: &str, wasm_base64: &str, inputs_json: &str) -> Result<String, String> {
    if glue.contains("<!--") {
        return Err("the JS glue holds `<!--`, which an inline script cannot".into());
    }
    let init = glue
        .split("export {")
        .nth(1)
        .and_then(|exports| exports.split('}').next())
        .and_then(|list| {
            list.split(',')
                .find_map(|item| item.trim().strip_suffix(" as default"))
        })
        .map(str::trim)
        .ok_or("the JS glue has no default export (wasm-bindgen's init)")?;
    // `<\/` is `</` in JS strings, templates and regexes; only an end tag is defused.
    let glue = glue.replace("</script", "<\\/script");
    Ok(format!(
        r#"<script type="application/json" id="secondlook-inputs">{inputs_json}</script>
<script type="application/octet-stream" id="secondlook-wasm">{wasm_base64}</script>
<script type="module">
{glue}
{{
  const element = document.getElementById('secondlook-wasm');
  const text = element.textContent;
  element.remove();
  const bytes = Uint8Array.fromBase64
    ? Uint8Array.fromBase64(text)
    : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const wasm = await {init}({{ module_or_path: bytes }});
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', {{ detail: {{ wasm }} }}));
}}
</script>"#
    ))
}

/// `<link>`s Trunk wrote: stylesheets become `<style>`, icons data URLs, and preloads go
/// (their files are inside already). Any other file reference cannot be inlined.
fn inline_links(
    html: &str,
    read: &impl Fn(&str) -> Result<Vec<u8>, String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some((before, tag, after)) = split_tag(rest, "<link ", ">") {
        out.push_str(before);
        let rel = attribute(tag, "rel").unwrap_or_default();
        let href = attribute(tag, "href").unwrap_or_default();
        match rel {
            "stylesheet" => {
                let css = String::from_utf8(read(href)?).map_err(|e| format!("{href}: {e}"))?;
                if css.contains("</style") {
                    return Err(format!(
                        "{href} holds `</style`, which an inline style cannot"
                    ));
                }
                out.push_str(&format!("<style>\n{css}\n</style>"));
            }
            "icon" => {
                let kind = if href.ends_with(".svg") {
                    "image/svg+xml"
                } else {
                    "image/png"
                };
                out.push_str(&format!(
                    r#"<link rel="icon" href="data:{kind};base64,{}"/>"#,
                    BASE64.encode(read(href)?)
                ));
            }
            "modulepreload" | "preload" => {}
            _ if href.starts_with("http") || href.is_empty() => out.push_str(tag),
            _ => {
                return Err(format!(
                    "cannot inline <link rel=\"{rel}\" href=\"{href}\">"
                ));
            }
        }
        rest = after;
    }
    out.push_str(rest);
    Ok(out)
}

/// `text` split around the first element that starts with `open` and ends with the
/// first `close` after it: (before, element, after).
fn split_tag<'a>(text: &'a str, open: &str, close: &str) -> Option<(&'a str, &'a str, &'a str)> {
    let start = text.find(open)?;
    let end = start + text.get(start..)?.find(close)? + close.len();
    Some((text.get(..start)?, text.get(start..end)?, text.get(end..)?))
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let rest = text.get(start..)?;
    rest.get(..rest.find(close)?)
}

fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    between(tag, &format!(" {name}=\""), "\"")
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use secondlook_core::verdict::Verdict;

    const INDEX: &str = r#"<!DOCTYPE html>
<html><head><title>secondlook</title>
<script type="module">
import init, * as bindings from './app-1.js';
const wasm = await init({ module_or_path: './app-1_bg.wasm' });
</script>
    <link rel="stylesheet" href="./main-2.css" integrity="sha384-x"/>
    <link rel="icon" href="./favicon-3.svg" integrity="sha384-y"/>
  <link rel="modulepreload" href="./app-1.js" crossorigin="anonymous"><link rel="preload" href="./app-1_bg.wasm" as="fetch"></head>
<body></body></html>"#;

    fn app_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("secondlook-bundle-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), INDEX).unwrap();
        std::fs::write(
            dir.join("app-1.js"),
            "const s = '</script>';\nexport class A {}\nexport { initSync, __wbg_init as default };\n",
        )
        .unwrap();
        std::fs::write(dir.join("app-1_bg.wasm"), [0u8, 0x61, 0x73, 0x6d]).unwrap();
        std::fs::write(dir.join("secondlook-engine.js"), "let wasm_bindgen;").unwrap();
        std::fs::write(dir.join("engine-worker.js"), "self.onmessage = () => {};").unwrap();
        std::fs::write(dir.join("secondlook-engine_bg.wasm"), [0u8, 0x61, 0x73]).unwrap();
        std::fs::write(dir.join("main-2.css"), "body { color: red }").unwrap();
        std::fs::write(dir.join("favicon-3.svg"), "<svg/>").unwrap();
        dir
    }

    #[test]
    fn every_file_the_index_names_is_inlined() {
        let dir = app_dir("ok");
        let html = single_file(&Viewer::Dir(dir.clone()), "null", "").unwrap();
        assert!(!html.contains("./app-1"), "{html}");
        assert!(!html.contains("import init"));
        assert!(html.contains("<style>\nbody { color: red }\n</style>"));
        assert!(html.contains(r#"href="data:image/svg+xml;base64,PHN2Zy8+""#));
        assert!(html.contains(r#"id="secondlook-wasm">AGFzbQ==</script>"#));
        assert!(html.contains(r#"id="secondlook-inputs">null</script>"#));
        assert!(html.contains("await __wbg_init({ module_or_path: bytes })"));
        assert!(html.contains("const s = '<\\/script>';"));
        // The engine's worker: its glue, then its driver, and its wasm.
        assert!(html.contains(
            "id=\"secondlook-engine-worker\">let wasm_bindgen;\nself.onmessage = () => {};\n</script>"
        ));
        assert!(html.contains(r#"id="secondlook-engine-wasm">AGFz</script>"#));
        assert_eq!(html.matches("</script>").count(), 5);
        // The engine's worker starts from a blob, which the policy allows.
        assert!(html.contains("worker-src 'self' blob:;"), "{html}");
        let postgres = r#"<script type="text/plain" id="secondlook-proof-worker">x</script>"#;
        let with_postgres = single_file(&Viewer::Dir(dir.clone()), "null", postgres).unwrap();
        assert!(with_postgres.contains(postgres));
    }

    #[test]
    fn the_seed_is_bundled_with_the_sql_its_run_names() {
        let dir = app_dir("seed");
        let out = dir.join("review.html");
        let args = bundle_args(&[
            "--run",
            "../../fixtures/seed/run.json",
            "--report",
            "../../fixtures/seed/money-core-audit-report.md",
            "-o",
            out.to_str().unwrap(),
            "--app",
            dir.to_str().unwrap(),
        ])
        .unwrap();
        write_bundle(&args).unwrap();
        let inputs = bundled_inputs(&std::fs::read_to_string(&out).unwrap());
        assert!(inputs.missing_sql(0).is_empty());
        assert!(inputs.review().decision.is_some());
        assert_eq!(inputs.run.map(|r| r.name), Some("run.json".into()));
        let sql: Vec<&str> = inputs.sql.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(sql, ["schema/0000_money_core.sql"]);
        assert!(bundle_args(&["-o"]).is_err());
        assert!(!args.with_postgres);
        assert!(
            bundle_args(&["-o", "x.html", "--with-postgres"])
                .unwrap()
                .with_postgres
        );
        let no_output = bundle_args(&["--run", "x.json"]).unwrap_err().to_string();
        assert!(no_output.contains("--output <OUT.html>"), "{no_output}");
    }

    /// `secondlook bundle ARGS` as the command line parses them.
    fn bundle_args(args: &[&str]) -> Result<Args, clap::Error> {
        use clap::Parser;
        let all = ["secondlook", "bundle"].iter().chain(args);
        match crate::Cli::try_parse_from(all)?.command {
            crate::Command::Bundle(args) => Ok(args),
            _ => unreachable!("parsed as bundle"),
        }
    }

    /// The inputs a bundle carries.
    fn bundled_inputs(html: &str) -> Inputs {
        let (_, script, _) = split_tag(html, r#"id="secondlook-inputs">"#, "</script>").unwrap();
        let json = script
            .trim_start_matches(r#"id="secondlook-inputs">"#)
            .trim_end_matches("</script>");
        share::read_script_json(json).unwrap().unwrap()
    }

    #[test]
    fn a_missing_sql_file_stops_the_bundle_unless_allowed() {
        let dir = app_dir("missing");
        let out = dir.join("review.html");
        let args = |extra: &[&str]| {
            let mut args = vec![
                "--run",
                "../../fixtures/runs/missing-href.json",
                "--root",
                "../../fixtures",
                "-o",
                out.to_str().unwrap(),
                "--app",
                dir.to_str().unwrap(),
            ];
            args.extend(extra);
            bundle_args(&args).unwrap()
        };
        let why = write_bundle(&args(&[])).unwrap_err();
        assert!(why.contains("--allow-missing"), "{why}");
        assert!(!out.exists(), "no bundle is written");
        write_bundle(&args(&["--allow-missing"])).unwrap();
        let inputs = bundled_inputs(&std::fs::read_to_string(&out).unwrap());
        let decision = inputs.review().decision.unwrap();
        assert_eq!(decision.verdict, Verdict::NotVerified);
    }

    #[test]
    fn a_file_outside_the_run_folder_is_never_bundled() {
        let dir = app_dir("outside");
        std::fs::write(dir.join("secret"), "ghp_NOT_FOR_THE_RUN").unwrap();
        let run_dir = dir.join("run");
        std::fs::create_dir_all(&run_dir).unwrap();
        let run =
            secondlook_core::demo::RUN.replace("\"schema/0000_money_core.sql\"", "\"../secret\"");
        assert_ne!(run, secondlook_core::demo::RUN);
        std::fs::write(run_dir.join("run.json"), run).unwrap();
        let out = dir.join("review.html");
        let args = bundle_args(&[
            "--run",
            run_dir.join("run.json").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--app",
            dir.to_str().unwrap(),
            "--allow-missing",
        ])
        .unwrap();
        write_bundle(&args).unwrap();
        let html = std::fs::read_to_string(&out).unwrap();
        assert!(!html.contains("ghp_NOT_FOR_THE_RUN"));
        let decision = bundled_inputs(&html).review().decision.unwrap();
        assert_eq!(decision.verdict, Verdict::NotVerified);
    }

    #[test]
    fn a_viewer_url_is_carried_in_the_head_and_a_bad_one_refused() {
        let dir = app_dir("viewer");
        let out = dir.join("review.html");
        let args = |url: &str| {
            bundle_args(&[
                "-o",
                out.to_str().unwrap(),
                "--app",
                dir.to_str().unwrap(),
                "--viewer-url",
                url,
            ])
            .unwrap()
        };
        write_bundle(&args("https://ci.example/viewer/")).unwrap();
        let html = std::fs::read_to_string(&out).unwrap();
        let element = r#"<script type="application/json" id="secondlook-viewer-url">"https://ci.example/viewer/"</script>"#;
        let head = html.split("</head>").next().unwrap();
        assert!(head.contains(element), "{head}");
        let why = write_bundle(&args("file:///srv/viewer")).unwrap_err();
        assert!(why.contains("not an http(s) address"), "{why}");
    }

    #[test]
    fn a_file_that_cannot_be_inlined_is_named() {
        let dir = app_dir("bad");
        std::fs::write(
            dir.join("index.html"),
            INDEX.replace("</head>", r#"<link rel="manifest" href="./m.json"></head>"#),
        )
        .unwrap();
        let why = single_file(&Viewer::Dir(dir.clone()), "null", "").unwrap_err();
        assert!(why.contains("manifest"), "{why}");
        std::fs::write(dir.join("app-1.js"), "export default 1;").unwrap();
        std::fs::write(dir.join("index.html"), INDEX).unwrap();
        assert!(
            single_file(&Viewer::Dir(dir.clone()), "null", "")
                .unwrap_err()
                .contains("no default export")
        );
    }
}
