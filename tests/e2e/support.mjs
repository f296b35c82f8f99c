// Shared by the end-to-end tests: a static server for dist/ on a free loopback port, and
// headless Debian Chromium driven by playwright-core (never a downloaded browser).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

export const root = resolve(fileURLToPath(import.meta.url), '../../..');
export const dist = join(root, 'dist');

/** The command-line tool (debug build) the tests compare the page with; `buildCli` makes it. */
export const cli = join(root, 'target/debug/secondlook');

/** Builds the command-line tool (debug): for a file's `before`. */
export function buildCli() {
  execFileSync('cargo', ['build', '--quiet', '-p', 'secondlook-cli'], { cwd: root, stdio: 'inherit' });
}

/**
 * `secondlook check --format json ARGS`, parsed. Its result is printed whatever the
 * verdict, so exit 1 (no-go) and 3 (not verified) are read like 0; any other failure throws.
 */
export function checkJson(args) {
  try {
    return JSON.parse(execFileSync(cli, ['check', '--format', 'json', ...args], { encoding: 'utf8' }));
  } catch (failed) {
    if (![1, 3].includes(failed.status)) throw failed;
    return JSON.parse(failed.stdout);
  }
}

/**
 * Each gate result of `secondlook check --prove ARGS`, on the real PostgreSQL the test
 * command starts, as `<gate> <status> <proof> <decided by>`, sorted: what a tab's proven
 * results are compared with.
 */
export function cliProofs(args) {
  const pg = process.env.SECONDLOOK_TEST_PG;
  assert.ok(pg, 'SECONDLOOK_TEST_PG is not set: run this through scripts/test.sh, which starts PostgreSQL');
  return checkJson([...args, '--prove', pg])
    .gates.map((g) => `${g.id} ${g.status} ${g.proof?.result ?? 'none'} ${g.proof?.decidedBy ?? 'static-check'}`)
    .sort();
}

/** Opens the folder `dir` with the page's folder input. */
export async function openFolder(page, dir) {
  await page.locator('.open-inputs').evaluate((details) => {
    details.open = true;
  });
  await page.getByTestId('folder-picker').setInputFiles(dir);
}

/**
 * The ids of the core's registry, in display order, as `docs/gates.md` lists them (a CLI
 * test keeps that file equal to what the registry generates): counts come from here,
 * never from a literal.
 */
export const gateIds = [
  ...readFileSync(join(root, 'docs/gates.md'), 'utf8').matchAll(/^## `([^`]+)`/gm),
].map((m) => m[1]);

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
  '.sql': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Serves `dir` on 127.0.0.1 at a free port, and each `[prefix, folder]` of `mounts` at
 * its prefix (`['/blank/', dir]`); `onRequest` hears each request's path as it arrives;
 * resolves to { url, close }.
 */
export async function serve(dir = dist, mounts = [], { onRequest } = {}) {
  const folders = [...mounts, ['/', dir]];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    onRequest?.(path);
    const [prefix, folder] = folders.find(([p]) => path.startsWith(p));
    const rest = path.slice(prefix.length - 1);
    const file = normalize(join(folder, rest.endsWith('/') ? rest + 'index.html' : rest));
    if (!file.startsWith(folder)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    // Keep-alive connections too: a closed server must look gone to the browser.
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/**
 * With no URL parameters the app looks for a report.md and run.json beside the page
 * before it falls back to the demo; the browser logs those 404s, which are expected.
 */
function isProbe(message) {
  const url = message.location()?.url ?? '';
  return /\/(report\.md|run\.json)$/.test(url) && message.text().includes('404');
}

/**
 * Opens a page that fails the test on any uncaught page error or console error; in a
 * fresh context when given the browser, or in a given context as another tab.
 */
export async function openPage(browser, url) {
  const page = await browser.newPage();
  const problems = pageProblems(page);
  await page.goto(url);
  return { page, problems };
}

/** The page's uncaught errors and console errors from now on, as they come. */
export function pageProblems(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !isProbe(m)) problems.push(`console error: ${m.text()}`);
  });
  return problems;
}

/**
 * Saves a screenshot of `target` (a page or a locator) for the docs: into
 * `docs/screenshots/` only when `scripts/screenshots.sh` runs the tests, else into
 * `tests/e2e/output/screenshots/`, so a test run never rewrites committed files.
 */
export async function screenshot(target, name, options = {}) {
  const dir = join(root, process.env.SECONDLOOK_SCREENSHOTS === 'docs' ? 'docs/screenshots' : 'tests/e2e/output/screenshots');
  await mkdir(dir, { recursive: true });
  await target.screenshot({ ...options, path: join(dir, name) });
}

/**
 * Resolves after the page has drawn `count` more frames: by then the intersection
 * observers have reported and what they made the app render is laid out.
 */
export async function frames(page, count = 2) {
  await page.evaluate(
    (count) =>
      new Promise((done) => {
        const next = (left) => (left === 0 ? done() : requestAnimationFrame(() => next(left - 1)));
        next(count);
      }),
    count,
  );
}

/** Switches the app to the pane whose tab reads `label`, and waits until it is drawn. */
export async function openPane(page, label) {
  const name = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const hasText = new RegExp(`^${name}$`);
  await page.locator('nav.panes button', { hasText }).click();
  await page.locator('nav.panes button[aria-pressed=true]', { hasText }).waitFor();
  await frames(page);
}

/**
 * A fresh copy of dist/ in `tests/e2e/output/<name>`, with the seed's `schema/` folder
 * beside it when `withSeedSql`, for a test to add its own inputs to; resolves to its path.
 */
export async function siteCopy(name, { withSeedSql = false } = {}) {
  const { cp, rm } = await import('node:fs/promises');
  const site = join(root, 'tests/e2e/output', name);
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  await cp(dist, site, { recursive: true });
  if (withSeedSql) {
    await cp(join(root, 'fixtures/seed/schema'), join(site, 'schema'), { recursive: true });
  }
  return site;
}

/**
 * A served copy of dist/ in `tests/e2e/output/<folder>` holding the seed's report as
 * report.md, its run as run.json, and `sql` (the seed migration when none is given) as
 * the SQL file the run names, served with `serveOptions` (see `serve`); resolves to
 * { dir, server }.
 */
export async function servedSeedReview(folder, sql, serveOptions = {}) {
  const seed = join(root, 'fixtures/seed');
  const dir = join(root, 'tests/e2e/output', folder);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'schema'), { recursive: true });
  await cp(dist, dir, { recursive: true });
  await cp(join(seed, 'money-core-audit-report.md'), join(dir, 'report.md'));
  await cp(join(seed, 'run.json'), join(dir, 'run.json'));
  const text = sql ?? (await readFile(join(seed, 'schema/0000_money_core.sql'), 'utf8'));
  await writeFile(join(dir, 'schema/0000_money_core.sql'), text);
  return { dir, server: await serve(dir, [], serveOptions) };
}

/**
 * Serves dist/ with the repository's fixtures/ beside it, so the app can be opened on
 * `?report=fixtures/...&run=fixtures/...` the way a CI artifact folder holds them; `name`
 * is its folder in tests/e2e/output, one per test file that runs beside others.
 */
export async function serveWithFixtures(name = 'site') {
  const { cp } = await import('node:fs/promises');
  const site = await siteCopy(name);
  await cp(join(root, 'fixtures'), join(site, 'fixtures'), { recursive: true });
  return serve(site);
}

/**
 * Serves the built app and launches Chromium for the tests of one file, and stops both
 * after them. `serveSite` picks what is served (dist/ alone by default).
 */
export function servedApp(serveSite = serve) {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await serveSite();
    app.browser = await launch();
  });
  after(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return {
    get url() {
      return app.server.url;
    },
    get browser() {
      return app.browser;
    },
  };
}
