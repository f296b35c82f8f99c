//! Where the inputs come from: the page itself (a bundle), a shared link's fragment, URL
//! parameters, a `report.md` and `run.json` beside the page, the file picker,
//! drag-and-drop and pasted text, and the local files this tab kept before a reload. This
//! module only fetches and reads bytes; what a file is and what it says is the core's
//! business.

use leptos::prelude::*;
use secondlook_core::inputs::{self, Inputs, MigrationsFolder, Named};
use secondlook_core::share;
use secondlook_review::migrations::{self, MAX_FILES, MAX_TOTAL_BYTES};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::dropped_folder::{self, Dropped};
use crate::kept_files;

/// One file the app tried to load, for the progress and error list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub name: String,
    pub state: LoadState,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadState {
    Loading,
    Loaded { bytes: usize },
    Failed(String),
}

/// Where the shown inputs came from; picking files over the demo replaces it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Nothing,
    Demo,
    Urls,
    Local,
}

/// Whether the local files survive a reload of this tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeping {
    /// No local files, or not yet saved.
    Idle,
    /// Saved: a reload of this tab reopens them.
    Kept,
    /// Reopened after a reload; the names of the files.
    Reopened(Vec<String>),
    /// Keeping or reopening failed; the whole sentence to show.
    Failed(String),
}

/// The loading state the page shares.
#[derive(Debug, Clone, Copy)]
pub struct Loader {
    pub inputs: RwSignal<Inputs>,
    pub loads: RwSignal<Vec<Load>>,
    pub origin: RwSignal<Origin>,
    /// Where what loaded differs from what the opened link was made from, by input.
    pub hash_warnings: RwSignal<Vec<String>>,
    /// True while files are still arriving: no verdict is shown on half the inputs.
    pub busy: RwSignal<bool>,
    /// What the engine is doing for the loading (reading the run for the SQL it names).
    pub stage: RwSignal<Option<String>>,
    pub keeping: RwSignal<Keeping>,
}

impl Loader {
    pub fn new() -> Self {
        Self {
            inputs: RwSignal::new(Inputs::default()),
            loads: RwSignal::new(Vec::new()),
            origin: RwSignal::new(Origin::Nothing),
            hash_warnings: RwSignal::new(Vec::new()),
            busy: RwSignal::new(true),
            stage: RwSignal::new(None),
            keeping: RwSignal::new(Keeping::Idle),
        }
    }

    /// What the page opens with: the inputs inside the page when it is a bundle; else a
    /// shared link's `#inputs=`; else `?report=URL&run=URL` (not in the single-file app:
    /// it may run from `file://`, where nothing can be fetched); else the local files this
    /// tab kept before a reload; else, in the single-file app, nothing; else a `report.md`
    /// and `run.json` beside the page when there are any; else the embedded demo. Links
    /// are checked against their hashes.
    pub async fn start(self) {
        self.busy.set(true);
        self.open_first().await;
        self.busy.set(false);
    }

    async fn open_first(self) {
        let embedded = embedded_inputs();
        let single_file = embedded.is_some();
        match embedded.map(|json| share::read_script_json(&json)) {
            Some(Ok(Some(inputs))) => return self.open_whole(Ok(inputs)),
            Some(Err(why)) => return self.open_whole(Err(why)),
            Some(Ok(None)) | None => {}
        }
        if let Some(encoded) = fragment_params().and_then(|p| p.get("inputs")) {
            return self.open_whole(share::decode_fragment(&encoded));
        }
        let params = page_params();
        let report = params.as_ref().and_then(|p| p.get("report"));
        let run = params.as_ref().and_then(|p| p.get("run"));
        // `?migrations=URL`: a served migrations folder, by its listing file.
        let folder = params.as_ref().and_then(|p| p.get("migrations"));
        // `?sql=URL` (repeatable): SQL reviewed on its own when no run names it.
        let sql: Vec<String> = params
            .as_ref()
            .map(param_pairs)
            .unwrap_or_default()
            .into_iter()
            .filter(|(key, _)| key == "sql")
            .map(|(_, url)| url)
            .collect();
        if !single_file
            && (report.is_some() || run.is_some() || !sql.is_empty() || folder.is_some())
        {
            self.origin.set(Origin::Urls);
            if let Some(url) = folder {
                self.fetch_folder(url).await;
            }
            self.fetch_all(report, run, sql).await;
            self.check_hashes();
            return;
        }
        if self.reopen_kept().await {
            return;
        }
        if single_file {
            self.origin.set(Origin::Local);
            return;
        }
        // Both probes at once; what they find is used as fetched, not fetched again.
        let (report, run) = futures::join!(fetch_text("report.md"), fetch_text("run.json"));
        let found: Vec<(&str, String)> = [("report.md", report), ("run.json", run)]
            .into_iter()
            .filter_map(|(name, result)| result.ok().map(|text| (name, text)))
            .collect();
        if found.is_empty() {
            self.inputs.set(Inputs::demo());
            self.origin.set(Origin::Demo);
            return;
        }
        self.origin.set(Origin::Urls);
        for (name, text) in found {
            self.finish(name.to_string(), Ok(text));
        }
        self.fetch_missing_sql().await;
    }

    /// Shows the local files this tab kept before a reload, if it kept any; says so, or
    /// why they could not be reopened.
    async fn reopen_kept(self) -> bool {
        match kept_files::reopen().await {
            Ok(Some(inputs)) => {
                let folder = inputs.migrations.as_ref().map(|f| format!("{}/", f.name));
                let names = inputs
                    .files()
                    .map(|file| file.name.clone())
                    .chain(folder)
                    .collect();
                self.origin.set(Origin::Local);
                self.show(inputs);
                self.keeping.set(Keeping::Reopened(names));
                true
            }
            Ok(None) => false,
            Err(why) => {
                self.keeping.set(Keeping::Failed(format!(
                    "The files you picked before the reload could not be reopened: {why}. \
                     Pick them again."
                )));
                false
            }
        }
    }

    /// Keeps the local inputs for a reload of this tab, or says why they will not be.
    async fn keep_local(self) {
        // Borrowed, not cloned: the texts may be large.
        let saving = self.inputs.with_untracked(kept_files::keep);
        let keeping = match saving.await {
            Ok(()) => Keeping::Kept,
            Err(why) => Keeping::Failed(format!(
                "Files you pick here will not be kept across a reload: {why}."
            )),
        };
        self.keeping.set(keeping);
    }

    /// Drops the kept local files and opens what the page opens without them.
    pub async fn forget_local(self) {
        let forgotten = kept_files::forget().await;
        self.inputs.set(Inputs::default());
        self.loads.set(Vec::new());
        self.origin.set(Origin::Nothing);
        self.keeping.set(match forgotten {
            Ok(()) => Keeping::Idle,
            Err(why) => Keeping::Failed(format!(
                "The files you picked before the reload could not be forgotten: {why}; \
                 a reload of this tab may reopen them."
            )),
        });
        self.start().await;
    }

    /// Opens inputs that arrived whole (inside the page or a link), or says why not.
    fn open_whole(self, inputs: Result<Inputs, String>) {
        self.origin.set(Origin::Local);
        match inputs {
            Ok(inputs) => self.show(inputs),
            Err(why) => self.finish("the inputs in this page or link".into(), Err(why)),
        }
        self.check_hashes();
    }

    fn show(self, inputs: Inputs) {
        let loads = inputs
            .files()
            .map(|file| Load {
                name: file.name.clone(),
                state: LoadState::Loaded {
                    bytes: file.text.len(),
                },
            })
            .chain(inputs.migrations.as_ref().map(folder_load))
            .collect();
        self.loads.set(loads);
        self.inputs.set(inputs);
    }

    /// Compares what loaded with the `h.*` hashes of the link the page was opened with.
    fn check_hashes(self) {
        let params = page_params().map(|p| param_pairs(&p)).unwrap_or_default();
        let problems = self
            .inputs
            .with_untracked(|inputs| share::hash_mismatches(&params, inputs));
        self.hash_warnings.set(problems);
    }

    async fn fetch_all(self, report: Option<String>, run: Option<String>, sql: Vec<String>) {
        // Together: a large run file need not wait for the report to arrive first.
        let fetches = [report, run]
            .into_iter()
            .flatten()
            .chain(sql)
            .map(|url| self.fetch_into(url));
        futures::future::join_all(fetches).await;
        self.fetch_missing_sql().await;
    }

    async fn fetch_missing_sql(self) {
        let inputs = self.inputs.get_untracked();
        let on_stage = move |stage| self.stage.set(Some(stage));
        let missing = crate::engine::engine().missing_sql(&inputs, on_stage).await;
        self.stage.set(None);
        let missing = match missing {
            Ok(missing) => missing,
            // The review asks the same engine, and says why it has no answer.
            Err(failure) => return leptos::logging::warn!("secondlook: {}", failure.message()),
        };
        let mut fetches = Vec::new();
        for href in missing {
            match href {
                Ok(url) => fetches.push(self.fetch_into(url)),
                Err(refused) => self.finish(refused.href.clone(), Err(refused.to_string())),
            }
        }
        futures::future::join_all(fetches).await;
    }

    async fn fetch_into(self, url: String) {
        self.begin(&url);
        let result = fetch_kept(&url).await;
        self.finish(url, result);
    }

    /// Fetches the served migrations folder whose listing file `url` names (or the
    /// folder `url` itself when it ends with `/`), as a picked folder is read.
    async fn fetch_folder(self, url: String) {
        let listing = if url.ends_with('/') {
            format!("{url}{}", migrations::LISTING_FILE)
        } else {
            url
        };
        let (name, file) = listing.rsplit_once('/').unwrap_or((".", &listing));
        let (name, file) = (name.to_string(), file.to_string());
        self.begin(&name);
        let folder = fetch_migrations(&name, &file).await;
        self.finish_folder(name, folder);
    }

    /// Reads files the reviewer picked or dropped, one after the other.
    pub async fn read_files(self, files: Vec<web_sys::File>) {
        self.busy.set(true);
        self.start_local();
        for file in files {
            let name = file.name();
            self.begin(&name);
            let result = read_file(&file).await;
            self.finish(name, result);
        }
        self.busy.set(false);
        self.keep_local().await;
    }

    /// Reads a migrations folder the reviewer picked or dropped, named `name`: `files`
    /// are its files with their paths inside it. Its newest migration becomes the
    /// migration under review, the rest its baseline; a folder the core refuses shows
    /// as a failed load naming the file.
    pub async fn read_folder(self, name: String, files: Vec<(String, web_sys::File)>) {
        self.busy.set(true);
        self.start_local();
        self.forget_folder();
        self.begin(&name);
        let folder = read_migrations(&name, files).await;
        self.finish_folder(name, folder);
        self.busy.set(false);
        self.keep_local().await;
    }

    /// Reads what the reviewer dropped: one folder as a migrations folder, files as
    /// picked files; a folder beside other things is refused, saying so.
    pub async fn read_drop(self, dropped: Dropped, files: Vec<web_sys::File>) {
        match dropped {
            Dropped::Files => self.read_files(files).await,
            Dropped::Folder(folder) => {
                let name = folder.name();
                match dropped_folder::files_below(&folder).await {
                    Ok(files) => self.read_folder(name, files).await,
                    Err(why) => {
                        self.start_local();
                        self.forget_folder();
                        self.finish(name, Err(why));
                    }
                }
            }
            Dropped::Mixed(why) => {
                self.start_local();
                self.finish("the dropped items".to_string(), Err(why));
            }
        }
    }

    /// Adds pasted text, named by what it looks like.
    pub fn paste(self, text: String) {
        self.start_local();
        let name = match inputs::Kind::guess("", &text) {
            inputs::Kind::Report => "pasted report",
            inputs::Kind::Run => "pasted run",
            inputs::Kind::Sql => "pasted.sql",
        };
        self.finish(name.to_string(), Ok(text));
        leptos::task::spawn_local(self.keep_local());
    }

    /// Uses the loaded SQL file `loaded` as the run's file at `resolved`, as the reviewer
    /// said, and keeps that for a reload.
    pub fn assign(self, loaded: String, resolved: String) {
        self.inputs.update(|i| i.assign(&loaded, &resolved));
        self.loads.update(|loads| {
            for load in loads.iter_mut().filter(|l| l.name == loaded) {
                load.name.clone_from(&resolved);
            }
        });
        if self.origin.get_untracked() == Origin::Local {
            leptos::task::spawn_local(self.keep_local());
        }
    }

    /// Local inputs replace what came from elsewhere (the demo, URLs, a link).
    fn start_local(self) {
        if self.origin.get_untracked() != Origin::Local {
            self.inputs.set(Inputs::default());
            self.loads.set(Vec::new());
            self.origin.set(Origin::Local);
            self.hash_warnings.set(Vec::new()); // they were about the link's inputs
        }
    }

    /// Drops the folder loaded before: what is shown must never be judged over a folder
    /// the reviewer has since replaced, even by one that is refused.
    fn forget_folder(self) {
        if let Some(Some(old)) = self.inputs.try_update(|i| i.migrations.take()) {
            self.loads
                .update(|loads| loads.retain(|l| l.name != old.name));
        }
    }

    fn begin(self, name: &str) {
        self.set_load(Load {
            name: name.to_string(),
            state: LoadState::Loading,
        });
    }

    /// Puts `load` in the list in place of any earlier load of the same name.
    fn set_load(self, load: Load) {
        self.loads.update(|loads| {
            loads.retain(|l| l.name != load.name);
            loads.push(load);
        });
    }

    /// Shows the migrations folder `name` as read, or why it was not.
    fn finish_folder(self, name: String, folder: Result<MigrationsFolder, String>) {
        match folder {
            Ok(folder) => {
                self.set_load(folder_load(&folder));
                self.inputs.update(|i| i.migrations = Some(folder));
            }
            Err(why) => self.finish(name, Err(why)),
        }
    }

    fn finish(self, name: String, result: Result<String, String>) {
        let state = match &result {
            Ok(text) => LoadState::Loaded { bytes: text.len() },
            Err(why) => LoadState::Failed(why.clone()),
        };
        self.set_load(Load {
            name: name.clone(),
            state,
        });
        if let Ok(text) = result {
            self.inputs.update(|i| i.add(Named { name, text }));
        }
    }
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

pub fn page_params() -> Option<web_sys::UrlSearchParams> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// The fragment read as parameters (`#finding=ID&inputs=...`); it never reaches a server.
pub fn fragment_params() -> Option<web_sys::UrlSearchParams> {
    let hash = window().location().hash().ok()?;
    web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok()
}

/// Every parameter, in order, as pairs.
pub fn param_pairs(params: &web_sys::UrlSearchParams) -> Vec<(String, String)> {
    js_sys::try_iter(params)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair: js_sys::Array = entry.ok()?.dyn_into().ok()?;
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// The JSON a bundle carries in `<script type="application/json" id="secondlook-inputs">`.
fn embedded_inputs() -> Option<String> {
    document()
        .get_element_by_id("secondlook-inputs")?
        .text_content()
}

/// Fetches a text file from the page's own site; every failure says which of the ways it
/// failed. Another site is refused: a link's inputs must come from where the page does.
pub async fn fetch_text(url: &str) -> Result<String, String> {
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let page = location.href().unwrap_or_default();
    let target = web_sys::Url::new_with_base(url, &page).map(|u| u.origin());
    if target.as_deref() != Ok(origin.as_str()) {
        return Err(format!(
            "{url} is not read: the page reads its inputs from its own site ({origin}) only"
        ));
    }
    let response = gloo_net::http::Request::get(url).send().await.map_err(|e| {
        format!("could not fetch {url}: a network error or a CORS refusal (the browser does not say which): {e}")
    })?;
    if !response.ok() {
        return Err(format!(
            "could not fetch {url}: HTTP {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let declared_size = response
        .headers()
        .get("content-length")
        .and_then(|n| n.parse::<u64>().ok());
    if let Some(size) = declared_size.filter(|n| *n > inputs::MAX_FILE_BYTES) {
        return Err(inputs::too_large(url, size));
    }
    let bytes = response
        .binary()
        .await
        .map_err(|e| format!("could not read {url}: {e}"))?;
    inputs::decode(url, bytes)
}

async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let name = file.name();
    // Checked before reading, so a huge file is refused without filling memory.
    if file.size() > inputs::MAX_FILE_BYTES as f64 {
        return Err(inputs::too_large(&name, file.size() as u64));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("could not read {name}: {e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    inputs::decode(&name, bytes)
}

/// A migrations folder's line in the list of loads: its name and the size of the
/// migrations it runs.
fn folder_load(folder: &MigrationsFolder) -> Load {
    let selected = &folder.selected;
    let bytes = (selected.baseline.iter().chain(&selected.migration))
        .map(|m| m.text.len())
        .sum();
    Load {
        name: folder.name.clone(),
        state: LoadState::Loaded { bytes },
    }
}

/// Reads the folder `name` as the core's `migrations` module judges it, with its newest
/// migration as the migration. Every listed file is read first (the core asks for texts
/// synchronously), each with the cap and decoding of a picked file; a file that cannot
/// be read is an error only if the core asks for it, as on the command line. Nothing is
/// read from a folder listing more files than the core allows (it refuses the listing
/// itself), nor past the core's total.
async fn read_migrations(
    name: &str,
    files: Vec<(String, web_sys::File)>,
) -> Result<MigrationsFolder, String> {
    let paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
    let mut texts = std::collections::HashMap::new();
    if files.len() <= MAX_FILES {
        let mut total = 0.0;
        for (path, file) in files {
            total += file.size().min(inputs::MAX_FILE_BYTES as f64);
            let text = if total > MAX_TOTAL_BYTES as f64 {
                Err(too_much_text())
            } else {
                read_file(&file).await
            };
            texts.insert(path, text);
        }
    }
    select_migrations(name, &paths, texts)
}

/// Fetches the folder `name` by its listing file `listing` in it: only the paths the
/// listing names, each checked before anything is fetched, each from inside the
/// folder; then reads it as a picked folder is read.
async fn fetch_migrations(name: &str, listing: &str) -> Result<MigrationsFolder, String> {
    let text = fetch_kept(&format!("{name}/{listing}")).await?;
    let paths = migrations::listed(listing, &text).map_err(|e| e.in_folder(name))?;
    let mut texts = std::collections::HashMap::new();
    let mut total = 0;
    for path in &paths {
        let text = if total > MAX_TOTAL_BYTES {
            Err(too_much_text())
        } else {
            fetch_kept(&format!("{name}/{path}")).await
        };
        total += text.as_ref().map_or(0, String::len);
        texts.insert(path.clone(), text);
    }
    select_migrations(name, &paths, texts)
}

/// [`fetch_text`], and the service worker asked to keep what it fetched past it, for
/// review offline.
async fn fetch_kept(url: &str) -> Result<String, String> {
    // Read before the request: a worker that takes over meanwhile never sees it.
    let uncached = crate::offline::uncontrolled();
    let result = fetch_text(url).await;
    if result.is_ok() && uncached {
        crate::offline::keep(url);
    }
    result
}

fn too_much_text() -> String {
    format!(
        "not read: the folder holds more than {} MiB of text",
        MAX_TOTAL_BYTES / (1024 * 1024)
    )
}

/// The folder `name` as the core reads it from these files, with its newest migration
/// as the migration; a file missing from `texts` was not read.
fn select_migrations(
    name: &str,
    paths: &[String],
    mut texts: std::collections::HashMap<String, Result<String, String>>,
) -> Result<MigrationsFolder, String> {
    let mut read = |path: &str| {
        texts
            .remove(path)
            .unwrap_or_else(|| Err("not read".to_string()))
    };
    let at = |error: migrations::FolderError| error.in_folder(name);
    let folder = migrations::read_folder(paths, &mut read).map_err(at)?;
    let selected = folder.select(1).map_err(at)?;
    Ok(MigrationsFolder {
        name: name.to_string(),
        selected,
    })
}

/// The folder a `webkitdirectory` input picked: its name, and each file with its path
/// inside it (`webkitRelativePath` less the folder's own name). `None` when it picked
/// no file, or files with no common folder (which a folder input never gives).
pub fn picked_folder(files: Vec<web_sys::File>) -> Option<(String, Vec<(String, web_sys::File)>)> {
    let mut name: Option<String> = None;
    let mut listed = Vec::new();
    for file in files {
        let relative = js_sys::Reflect::get(&file, &"webkitRelativePath".into())
            .ok()?
            .as_string()?;
        let (top, path) = relative.split_once('/')?;
        if name.get_or_insert_with(|| top.to_string()) != top {
            return None;
        }
        listed.push((path.to_string(), file));
    }
    Some((name?, listed))
}

/// The files of a file input or a drop, as a list.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// The `<input type=file>` an event came from.
pub fn input_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let input = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    files_of(input.and_then(|i| i.files()))
}
