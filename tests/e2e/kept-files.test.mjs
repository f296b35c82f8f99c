// Files the reviewer picked or pasted come back after a reload of the same tab (kept in
// IndexedDB, keyed per tab), also in the single-file app from file://, never in another
// tab; and when they cannot be kept or reopened, the page says so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, openPage, openPane, root, screenshot, servedApp } from './support.mjs';

const site = servedApp();
const REPORT = join(root, 'fixtures/seed/money-core-audit-report.md');
const SQL = join(root, 'fixtures/seed/schema/0000_money_core.sql');
const UNSAFE = join(root, 'fixtures/runs/self-audit-unsafe.json');
const SKIPPED = join(root, 'fixtures/runs/tests-skipped.json');

const origin = (page) => page.getByTestId('origin').textContent();
const keeping = (page, state) => page.locator(`[data-testid=keeping][data-state=${state}]`);

/** Picks files with the file input and waits until they are kept for a reload. */
async function pick(page, files) {
  await page.locator('.open-inputs').evaluate((details) => {
    details.open = true;
  });
  await page.getByTestId('file-picker').setInputFiles(files);
  await keeping(page, 'kept').waitFor();
}

/** What the page shows of the inputs: the verdict, its banner and the loaded files. */
async function shown(page) {
  await page.getByTestId('verdict').waitFor();
  return {
    verdict: await page.getByTestId('verdict').getAttribute('data-verdict'),
    banner: await page.locator('.verdict-banner').textContent(),
    loaded: await page.locator('.load.loaded').allTextContents(),
  };
}

/** The ids of the ticked checklist items. */
async function ticked(page) {
  await openPane(page, 'Checklists');
  await page.getByTestId('checklist-item').first().waitFor();
  return page
    .getByTestId('checklist-item')
    .evaluateAll((items) =>
      items.filter((li) => li.querySelector(':scope > input').checked).map((li) => li.dataset.itemId),
    );
}

/** How many records of picked files this browser holds. */
const records = (page) =>
  page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const open = indexedDB.open('secondlook');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('picked-files').objectStore('picked-files').count();
          count.onerror = () => fail(count.error);
          count.onsuccess = () => {
            open.result.close();
            ok(count.result);
          };
        };
      }),
  );

test('picked files and their ticks come back after a reload of the same tab only', async () => {
  // One browser context, so that a second tab shares its storage.
  const context = await site.browser.newContext();
  const { page, problems } = await openPage(context, site.url);
  await page.getByTestId('verdict').waitFor();
  assert.match(await origin(page), /^Demo/);
  await pick(page, [REPORT, UNSAFE, SQL]);
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  const before = await shown(page);
  assert.equal(before.loaded.length, 3, before.loaded.join());
  await openPane(page, 'Checklists');
  await page.getByTestId('checklist-item').nth(1).locator(':scope > input').check();
  const ticks = await ticked(page);
  assert.equal(ticks.length, 1);

  await page.reload();
  const note = keeping(page, 'reopened');
  await note.waitFor();
  assert.equal(
    await note.textContent(),
    'Reopened the files you picked before the reload: money-core-audit-report.md, ' +
      'self-audit-unsafe.json, 0000_money_core.sql. Forget them',
  );
  assert.equal(await origin(page), 'Local files');
  assert.deepEqual(await shown(page), before);
  assert.deepEqual(await ticked(page), ticks);
  await screenshot(page, 'kept-files-reopened.png');

  // A new tab of the same browser opens the demo, as before.
  const { page: tab, problems: tabProblems } = await openPage(context, site.url);
  await tab.getByTestId('verdict').waitFor();
  assert.match(await origin(tab), /^Demo/);
  assert.equal(await tab.getByTestId('keeping').count(), 0);
  assert.deepEqual(tabProblems, []);
  await tab.close();

  // Forgetting them opens the demo, and a reload keeps it.
  await note.getByRole('button', { name: 'Forget them' }).click();
  await page.getByTestId('origin').filter({ hasText: /^Demo/ }).waitFor();
  assert.equal(await page.getByTestId('keeping').count(), 0);
  assert.equal(await records(page), 0);
  await page.reload();
  await page.getByTestId('verdict').waitFor();
  assert.match(await origin(page), /^Demo/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('files picked after a reload replace the kept ones; records a week old are pruned', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await pick(page, [REPORT, UNSAFE, SQL]);
  // What a tab closed eight days ago left behind.
  await page.evaluate(
    (key) =>
      new Promise((ok, fail) => {
        const open = indexedDB.open('secondlook');
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const put = open.result
            .transaction('picked-files', 'readwrite')
            .objectStore('picked-files')
            .put({ report: null, run: null, sql: [] }, key);
          put.onerror = () => fail(put.error);
          put.onsuccess = () => {
            open.result.close();
            ok();
          };
        };
      }),
    `${String(Date.now() - 8 * 24 * 3600 * 1000).padStart(15, '0')}-000000001`,
  );
  assert.equal(await records(page), 2);
  await page.reload();
  await keeping(page, 'reopened').waitFor();

  await pick(page, [SKIPPED]);
  const skipped = page.locator('[data-testid=gate-result][data-gate=tests-not-skipped]').first();
  await page.reload();
  const note = keeping(page, 'reopened');
  await note.waitFor();
  assert.match(await note.textContent(), /tests-skipped\.json/);
  assert.doesNotMatch(await note.textContent(), /self-audit-unsafe\.json/);
  const { loaded } = await shown(page);
  assert.ok(loaded.some((l) => l.startsWith('tests-skipped.json')), loaded.join());
  assert.ok(!loaded.some((l) => l.startsWith('self-audit-unsafe.json')), loaded.join());
  assert.equal(await skipped.getAttribute('data-status'), 'fail');
  assert.equal(await records(page), 1, 'the replaced record and the old one are deleted');
  assert.deepEqual(problems, []);
});

test('URL parameters in the same tab still win over the kept files', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await pick(page, [REPORT, UNSAFE, SQL]);
  // Not served here: a 404, but the app must try it rather than reopen the kept files.
  await page.goto(`${site.url}?run=run.json`);
  await page.getByTestId('load-error').waitFor();
  assert.equal(await origin(page), 'Loaded from URLs');
  assert.match(await page.getByTestId('load-error').textContent(), /run\.json.*HTTP 404/);
  assert.equal(await page.getByTestId('keeping').count(), 0);
  // Back on the bare address, the kept files are still there.
  await page.goto(site.url);
  await keeping(page, 'reopened').waitFor();
  assert.deepEqual(problems, []);
});

test('pasted text comes back after a reload', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  await page.locator('.open-inputs textarea').fill(await readFile(REPORT, 'utf8'));
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await keeping(page, 'kept').waitFor();
  await page.reload();
  const note = keeping(page, 'reopened');
  await note.waitFor();
  assert.match(await note.textContent(), /before the reload: pasted report\./);
  assert.match(await page.locator('.verdict-banner').textContent(), /No run loaded/);
  assert.equal(
    await page.getByTestId('report-title').textContent(),
    'Money-Core Migration Workflow — Audit Report',
  );
  assert.deepEqual(problems, []);
});

test('without IndexedDB, picked files still open and the page says they will not be kept', async () => {
  const context = await site.browser.newContext();
  // As in some private or file:// contexts.
  await context.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: null }));
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  await page.getByTestId('file-picker').setInputFiles([REPORT, UNSAFE, SQL]);
  const warning = keeping(page, 'failed');
  await warning.waitFor();
  assert.equal(
    await warning.textContent(),
    '⚠ Files you pick here will not be kept across a reload: this browser gives the page no IndexedDB.',
  );
  assert.equal(await warning.getAttribute('role'), 'alert');
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  await screenshot(page, 'kept-files-unavailable.png');
  await page.reload();
  await page.getByTestId('verdict').waitFor();
  assert.match(await origin(page), /^Demo/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('kept files that are gone are named as such, and the demo opens', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await pick(page, [REPORT, UNSAFE]);
  // What another tab sharing this one's history, or the pruning of old records, does.
  await page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const gone = indexedDB.deleteDatabase('secondlook');
        gone.onsuccess = ok;
        gone.onerror = () => fail(gone.error);
      }),
  );
  await page.reload();
  const warning = keeping(page, 'failed');
  await warning.waitFor();
  assert.match(
    await warning.textContent(),
    /The files you picked before the reload could not be reopened: they are no longer stored in this browser .*Pick them again\./,
  );
  await page.getByTestId('verdict').waitFor();
  assert.match(await origin(page), /^Demo/);
  assert.deepEqual(problems, []);
});

test('the single-file app from file:// reopens picked files after a reload', async () => {
  const { page, problems } = await openPage(site.browser, pathToFileURL(join(dist, 'secondlook.html')).href);
  await page.getByTestId('file-picker').waitFor({ state: 'attached' });
  await pick(page, [REPORT, UNSAFE, SQL]);
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  await page.reload();
  await keeping(page, 'reopened').waitFor();
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assert.deepEqual(problems, []);
});
