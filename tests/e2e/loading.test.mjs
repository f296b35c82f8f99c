// Loading inputs: by URL parameters, by the file picker, partially, and every kind of
// load error named with its file and reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, openPane, root, screenshot, servedApp, serveWithFixtures } from './support.mjs';

const site = servedApp(serveWithFixtures);

const SEED = 'report=fixtures/seed/money-core-audit-report.md&run=fixtures/seed/run.json';
const verdictOf = (page) => page.getByTestId('verdict').getAttribute('data-verdict');

test('URL parameters load the report, the run and the SQL its href names', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?${SEED}`);
  await page.getByTestId('verdict').waitFor();
  assert.equal(await page.getByTestId('origin').textContent(), 'Loaded from URLs');
  assert.equal(await verdictOf(page), 'go');
  const loaded = await page.locator('.load.loaded').allTextContents();
  assert.equal(loaded.length, 3, loaded.join());
  assert.ok(loaded.some((l) => l.startsWith('fixtures/seed/schema/0000_money_core.sql')));
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assert.deepEqual(problems, []);
});

test('a failing run says no-go, names the failed gate, and is shown', async () => {
  const url = `${site.url}?report=fixtures/seed/money-core-audit-report.md&run=fixtures/runs/tests-skipped.json`;
  const { page } = await openPage(site.browser, url);
  await page.getByTestId('verdict').waitFor();
  assert.equal(await verdictOf(page), 'no-go');
  const skipped = page.locator('[data-testid=gate-result][data-gate=tests-not-skipped]').first();
  assert.equal(await skipped.getAttribute('data-status'), 'fail');
  await screenshot(page, 'failing-run.png');
});

test('a report without a run still shows the report and says what is missing', async () => {
  const { page } = await openPage(site.browser, `${site.url}?report=fixtures/seed/money-core-audit-report.md`);
  await page.getByTestId('report-title').waitFor();
  assert.match(await page.locator('.verdict-banner').textContent(), /No run loaded/);
  await openPane(page, 'Report');
  await page.locator('aside.callout-info').first().waitFor();
});

async function loadError(url) {
  const page = await site.browser.newPage();
  await page.goto(url);
  const error = page.getByTestId('load-error').first();
  await error.waitFor();
  const text = await error.textContent();
  await page.close();
  return text;
}

test('a 404 is named with its URL and status', async () => {
  const text = await loadError(`${site.url}?run=fixtures/runs/no-such-run.json`);
  assert.match(text, /fixtures\/runs\/no-such-run\.json/);
  assert.match(text, /HTTP 404/);
});

test('a run file of the wrong shape is named with its JSON path and position', async () => {
  const text = await loadError(`${site.url}?run=fixtures/runs/wrong-type-tests.json`);
  assert.match(
    text,
    /^fixtures\/runs\/wrong-type-tests\.json, line 6, column \d+: \$\.verifyGate\.tests\.testsSkipped: expected a boolean, found the string "no"/,
  );
});

test('the file picker opens a report, a run and its SQL together', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  await page.getByTestId('file-picker').setInputFiles([
    join(root, 'fixtures/seed/money-core-audit-report.md'),
    join(root, 'fixtures/runs/self-audit-unsafe.json'),
    join(root, 'fixtures/seed/schema/0000_money_core.sql'),
  ]);
  await page.getByTestId('origin').filter({ hasText: 'Local files' }).waitFor();
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  assert.ok((await page.getByTestId('must-fix').count()) > 0);
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assert.deepEqual(problems, []);
});

test('a file that is not UTF-8, and one over the size limit, are refused by name', async () => {
  const { page } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  // Written to disk: Playwright keeps no more than 50 MB of a file in memory.
  const dir = join(root, 'tests/e2e/output/picked');
  await mkdir(dir, { recursive: true });
  const latin1 = join(dir, 'latin1.md');
  const huge = join(dir, 'huge.sql');
  await writeFile(latin1, Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9]));
  await writeFile(huge, Buffer.alloc(65 * 1024 * 1024, 0x20));
  await page
    .getByTestId('file-picker')
    .setInputFiles([latin1, huge, join(root, 'fixtures/seed/run.json')]);
  const errors = page.getByTestId('load-error');
  await errors.nth(1).waitFor();
  const texts = await errors.allTextContents();
  assert.ok(texts.some((t) => /latin1\.md.*not UTF-8 text \(invalid byte at offset 2\)/.test(t)), texts.join('\n'));
  assert.ok(texts.some((t) => /huge\.sql.*the limit is 64 MiB per file/.test(t)), texts.join('\n'));
  // The good file in the same drop still loads.
  await page.locator('.load.loaded', { hasText: 'run.json' }).waitFor();
  await rm(dir, { recursive: true });
});

test('pasted text and dropped files are read like picked ones', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  const report = await readFile(join(root, 'fixtures/seed/money-core-audit-report.md'), 'utf8');
  await page.locator('.open-inputs textarea').fill(report);
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await page.getByTestId('origin').filter({ hasText: 'Local files' }).waitFor();
  await page.locator('.load.loaded', { hasText: 'pasted report' }).waitFor();
  assert.match(await page.locator('.verdict-banner').textContent(), /No run loaded/);

  // Dropping the run and its SQL on the page adds them to the pasted report.
  const run = await readFile(join(root, 'fixtures/runs/version-bump.json'), 'utf8');
  const sql = await readFile(join(root, 'fixtures/seed/schema/0000_money_core.sql'), 'utf8');
  await page.evaluate(
    ([run, sql]) => {
      const data = new DataTransfer();
      data.items.add(new File([run], 'run.json', { type: 'application/json' }));
      data.items.add(new File([sql], '0000_money_core.sql', { type: 'text/plain' }));
      document.querySelector('.app').dispatchEvent(
        new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }),
      );
    },
    [run, sql],
  );
  await page.locator('[data-testid=verdict][data-verdict=no-go]').waitFor();
  const bump = page.locator('[data-testid=gate-result][data-gate=no-version-bump]').first();
  assert.equal(await bump.getAttribute('data-status'), 'fail');
  assert.equal(await page.getByTestId('report-title').textContent(), 'Money-Core Migration Workflow — Audit Report');
  assert.equal(await page.getByTestId('load-error').count(), 0);
  assert.deepEqual(problems, []);
});
