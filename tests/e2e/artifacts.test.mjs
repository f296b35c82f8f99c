// The three ways the app is opened: a single-file bundle from file://, a shared
// link (inputs in the fragment, or URLs checked by their hashes), and offline through
// the service worker. Needs dist/ (trunk build) and builds the CLI it bundles with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, cli, dist, launch, openPage, root, screenshot, serve, servedSeedReview } from './support.mjs';

const output = join(root, 'tests/e2e/output/artifacts-opened');
const seed = join(root, 'fixtures/seed');
const seedFiles = [
  join(seed, 'money-core-audit-report.md'),
  join(seed, 'run.json'),
  join(seed, 'schema/0000_money_core.sql'),
];
const title = 'Money-Core Migration Workflow — Audit Report';
let browser;

const servedReview = (name, serveOptions) => servedSeedReview(`artifacts-opened/${name}`, undefined, serveOptions);

async function shareLink(page) {
  await page.getByTestId('share-button').click();
  return page.getByTestId('share-link').inputValue();
}

before(async () => {
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  buildCli();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('a bundle opens from file:// with its inputs inside', async () => {
  const bundle = join(output, 'review.html');
  const printed = execFileSync(
    cli,
    ['bundle', '--run', join(seed, 'run.json'), '--report', join(seed, 'money-core-audit-report.md'), '-o', bundle, '--app', dist],
    { encoding: 'utf8' },
  );
  assert.match(printed, /^wrote .*review\.html \(\d/);
  const { page, problems } = await openPage(browser, pathToFileURL(bundle).href);
  await page.getByTestId('report-title').waitFor();
  assert.equal(await page.getByTestId('report-title').textContent(), title);
  assert.equal(await page.getByTestId('finding-count').textContent(), '17');
  assert.equal(await page.getByTestId('load-error').count(), 0);
  await screenshot(page, 'artifacts-bundle.png', { fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('"Copy link" in a file:// bundle says where it works and offers the hosted viewer link', async () => {
  const server = await serve(dist);
  try {
    const bundles = {};
    for (const [name, extra] of [['hosted', ['--viewer-url', server.url]], ['plain', []]]) {
      bundles[name] = join(output, `review-${name}.html`);
      execFileSync(
        cli,
        ['bundle', '--run', join(seed, 'run.json'), '--report', join(seed, 'money-core-audit-report.md'), '-o', bundles[name], '--app', dist, ...extra],
        { encoding: 'utf8' },
      );
    }

    const { page, problems } = await openPage(browser, `${pathToFileURL(bundles.hosted).href}?view=findings#finding=F-3`);
    await page.getByTestId('report-title').waitFor();
    const local = await shareLink(page);
    assert.ok(local.startsWith('file://'), local);
    assert.match(await page.getByTestId('share-local').textContent(), /works only where the file is/);
    const hosted = await page.getByTestId('share-hosted-link').inputValue();
    const url = new URL(hosted);
    assert.equal(`${url.origin}${url.pathname}`, server.url);
    assert.equal(url.searchParams.get('view'), 'findings');
    const fragment = new URLSearchParams(url.hash.slice(1));
    assert.equal(fragment.get('finding'), 'F-3');
    assert.match(fragment.get('inputs'), /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(problems, []);
    await page.close();

    // The hosted link opens the same review in a browser that has never seen the file.
    const fresh = await browser.newContext();
    const opened = await fresh.newPage();
    await opened.goto(hosted);
    await opened.getByTestId('report-title').waitFor();
    assert.equal(await opened.getByTestId('report-title').textContent(), title);
    assert.equal(await opened.getByTestId('finding-count').textContent(), '17');
    assert.equal(await opened.getByTestId('hash-warning').count(), 0);
    assert.match(new URL(opened.url()).hash, /finding=F-3/);
    await fresh.close();

    // A bundle made without --viewer-url warns and offers nothing else.
    const { page: plain } = await openPage(browser, pathToFileURL(bundles.plain).href);
    await plain.getByTestId('report-title').waitFor();
    await shareLink(plain);
    await plain.getByTestId('share-local').waitFor();
    assert.equal(await plain.getByTestId('share-hosted-link').count(), 0);
    await plain.close();
  } finally {
    await server.close();
  }
});

test('dist/secondlook.html opens from file:// with no data and reads picked files', async () => {
  const { page, problems } = await openPage(browser, pathToFileURL(join(dist, 'secondlook.html')).href);
  await page.getByTestId('file-picker').waitFor({ state: 'attached' });
  assert.equal(await page.getByTestId('report-title').count(), 0);
  await page.getByTestId('file-picker').setInputFiles(seedFiles);
  await page.getByTestId('report-title').waitFor();
  assert.equal(await page.getByTestId('finding-count').textContent(), '17');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link to local files carries them, and the view and finding, to a fresh browser', async () => {
  const server = await serve(dist);
  try {
    const { page, problems } = await openPage(browser, `${server.url}?view=findings#finding=F-3`);
    await page.getByTestId('file-picker').setInputFiles(seedFiles);
    await page.getByTestId('report-title').waitFor();
    const link = await shareLink(page);
    const url = new URL(link);
    assert.equal(url.searchParams.get('view'), 'findings');
    assert.match(url.searchParams.get('h.report'), /^[0-9a-f]{64}$/);
    assert.match(url.searchParams.get('h.sql.0000_money_core.sql'), /^[0-9a-f]{64}$/);
    const fragment = new URLSearchParams(url.hash.slice(1));
    assert.equal(fragment.get('finding'), 'F-3');
    assert.match(fragment.get('inputs'), /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(problems, []);

    const fresh = await browser.newContext();
    const opened = await fresh.newPage();
    await opened.goto(link);
    await opened.getByTestId('report-title').waitFor();
    assert.equal(await opened.getByTestId('report-title').textContent(), title);
    assert.equal(await opened.getByTestId('finding-count').textContent(), '17');
    assert.equal(await opened.getByTestId('hash-warning').count(), 0);
    assert.equal(new URL(opened.url()).searchParams.get('view'), 'findings');
    assert.match(new URL(opened.url()).hash, /finding=F-3/);
    // The same link works with the single-file app, from file://.
    await opened.goto(`${pathToFileURL(join(dist, 'secondlook.html')).href}${url.search}${url.hash}`);
    await opened.getByTestId('report-title').waitFor();
    assert.equal(await opened.getByTestId('finding-count').textContent(), '17');
    assert.equal(await opened.getByTestId('hash-warning').count(), 0);
    await fresh.close();
  } finally {
    await server.close();
  }
});

test('a damaged link says so instead of failing', async () => {
  const server = await serve(dist);
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}#inputs=not-deflate-at-all`);
    await assert.doesNotReject(page.getByTestId('load-error').waitFor());
    assert.match(await page.getByTestId('load-error').first().textContent(), /damaged/);
    await page.close();
  } finally {
    await server.close();
  }
});

test('inputs too big for a link point at the bundle', async () => {
  const server = await serve(dist);
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    // Random letters: deflate cannot shrink them below the limit.
    const noise = Array.from(randomBytes(80_000), (b) => String.fromCharCode(97 + (b % 26))).join('');
    await page.getByTestId('file-picker').setInputFiles([
      { name: 'big.md', mimeType: 'text/markdown', buffer: Buffer.from(`# Big\n\n${noise}`) },
    ]);
    await page.getByTestId('share-button').click();
    assert.match(await page.getByTestId('share-refused').textContent(), /secondlook bundle/);
    await page.close();
  } finally {
    await server.close();
  }
});

test('a shared link whose report changed on the server warns, naming the report', async () => {
  const { dir, server } = await servedReview('tampered');
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await page.getByTestId('report-title').waitFor();
    const link = await shareLink(page);
    assert.ok(new URL(link).searchParams.get('h.run'));
    await page.close();

    const honest = await browser.newContext();
    const same = await honest.newPage();
    await same.goto(link);
    await same.getByTestId('report-title').waitFor();
    assert.equal(await same.getByTestId('hash-warning').count(), 0);
    await honest.close();

    await appendFile(join(dir, 'report.md'), '\nAll blockers were resolved; ship it.\n');
    const fresh = await browser.newContext();
    const opened = await fresh.newPage();
    await opened.goto(link);
    const warning = opened.getByTestId('hash-warning');
    await warning.waitFor();
    assert.match(await warning.textContent(), /The report \(report\.md\) differs/);
    assert.doesNotMatch(await warning.textContent(), /run file/);
    await screenshot(opened, 'artifacts-hash-warning.png');
    await fresh.close();
  } finally {
    await server.close();
  }
});

test('a served viewer opened once reopens with the server gone', async () => {
  const { server } = await servedReview('offline');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await page.getByTestId('report-title').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // The report, the run and the SQL were fetched before the worker took over.
    await page.waitForFunction(
      async () => (await (await caches.open('secondlook-inputs')).keys()).length >= 3,
      null,
      { timeout: 10_000 },
    );
    // The rest of the app is cached after the verdict; the page says when all of it is.
    await page.locator('.app[data-offline=ready]').waitFor({ timeout: 60_000 });

    await server.close();
    await page.reload();
    await page.getByTestId('report-title').waitFor();
    assert.equal(await page.getByTestId('finding-count').textContent(), '17');
    assert.deepEqual(await page.getByTestId('load-error').allTextContents(), []);
  } finally {
    await context.close();
    await server.close();
  }
});

// PostgreSQL in the tab (PGlite) and its worker: the verdict needs none of them.
const PGLITE = /\/(proof-worker\.js|pglite\.wasm|pglite\.data|initdb\.wasm)$/;

test('a first visit fetches PGlite only after its verdict has shown, once, and keeps it offline', async () => {
  const requests = [];
  const { server } = await servedReview('verdict-first', {
    onRequest: (path) => requests.push({ path, at: Date.now() }),
  });
  const context = await browser.newContext();
  try {
    // The wall-clock time the verdict is first in the page, as the server's clock reads.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('[data-testid=verdict]')) return;
        window.verdictAt = performance.timeOrigin + performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await page.locator('.app[data-offline=ready]').waitFor({ timeout: 60_000 });
    const verdictAt = await page.evaluate(() => window.verdictAt);
    assert.ok(verdictAt, 'no verdict was drawn');
    const pglite = requests.filter((r) => PGLITE.test(r.path));
    const early = pglite.filter((r) => r.at < verdictAt).map((r) => `${r.path} ${verdictAt - r.at} ms early`);
    assert.deepEqual(early, []);
    // Cached by the service worker whoever asked first, the proof or the precache.
    assert.deepEqual(
      pglite.map((r) => r.path.split('/').pop()).sort(),
      ['initdb.wasm', 'pglite.data', 'pglite.wasm', 'proof-worker.js'],
    );
    await page.locator('.app[data-proof-state=done]').waitFor({ timeout: 180_000 });
    await page.waitForFunction(
      async () => (await (await caches.open('secondlook-inputs')).keys()).length >= 3,
      null,
      { timeout: 10_000 },
    );

    await server.close();
    await page.reload();
    await page.locator('.app[data-proof-state=done]').waitFor({ timeout: 180_000 });
    assert.equal(await page.getByTestId('finding-count').textContent(), '17');
  } finally {
    await context.close();
    await server.close();
  }
});

test('a precache that fails claims no offline use', async () => {
  const { dir, server } = await servedReview('precache-fails');
  await rm(join(dir, 'initdb.wasm'));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await page.locator('.app[data-offline=failed]').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('verdict').count(), 1);
    await page.waitForTimeout(1000);
    assert.equal(await page.locator('.app').getAttribute('data-offline'), 'failed');
  } finally {
    await context.close();
    await server.close();
  }
});

test('after a deploy the page offers the new version instead of switching silently', async () => {
  const { dir, server } = await servedReview('update');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('report-title').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    assert.equal(await page.getByTestId('update-available').count(), 0);

    await appendFile(join(dir, 'sw.js'), '\n// deploy 2\n');
    await page.evaluate(async () => (await navigator.serviceWorker.ready).update());
    const banner = page.getByTestId('update-available');
    await banner.waitFor();
    assert.match(await banner.textContent(), /A new version is available/);
    await screenshot(page, 'artifacts-update.png');
    const reloaded = page.waitForEvent('load');
    await banner.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    await page.getByTestId('report-title').waitFor();
    assert.equal(await page.getByTestId('update-available').count(), 0);
  } finally {
    await context.close();
    await server.close();
  }
});
