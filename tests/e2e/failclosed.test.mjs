// Failing closed: SQL loaded under another name is used when that is clear and
// the page says so, or offered for assignment and listed as unused; a run whose SQL is
// missing opens on the not-verified banner naming the file; a report stricter than the
// re-check is information, not the alarm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, root, screenshot, servedApp, serveWithFixtures } from './support.mjs';

const site = servedApp(serveWithFixtures);
const seedSql = join(root, 'fixtures/seed/schema/0000_money_core.sql');
const seedRun = join(root, 'fixtures/seed/run.json');
const HREF = 'schema/0000_money_core.sql';

/** Opens the demo and the "Open files…" panel. */
async function openFiles() {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  return { page, problems };
}

async function paste(page, text) {
  await page.locator('.open-inputs textarea').fill(text);
  await page.getByRole('button', { name: 'Add pasted text' }).click();
}

const verdict = (page, word) => page.locator(`[data-testid=verdict][data-verdict=${word}]`);

/** Copies of the seed SQL (and other text) under the given names, in a scratch folder. */
async function files(named) {
  const dir = join(root, 'tests/e2e/output/failclosed');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const paths = [];
  for (const [name, text] of Object.entries(named)) {
    paths.push(join(dir, name));
    await writeFile(join(dir, name), text);
  }
  return paths;
}

test('pasted SQL under another name is used for the one file the run names, and said', async () => {
  const { page, problems } = await openFiles();
  await paste(page, await readFile(seedRun, 'utf8'));
  await verdict(page, 'not-verified').waitFor();
  await paste(page, await readFile(seedSql, 'utf8'));
  await verdict(page, 'go').waitFor();
  assert.equal(
    await page.getByTestId('sql-matched').textContent(),
    `pasted.sql is used as ${HREF}: the run names one file not loaded by its name, and this is the one SQL file left`,
  );
  assert.equal(await page.getByTestId('sql-unused').count(), 0);
  assert.equal(await page.getByTestId('unverified').count(), 0);
  assert.deepEqual(problems, []);
});

test('picked SQL named migration.sql is used for the file the run names', async () => {
  const { page, problems } = await openFiles();
  const [sql] = await files({ 'migration.sql': await readFile(seedSql, 'utf8') });
  await page.getByTestId('file-picker').setInputFiles([seedRun, sql]);
  await page.getByTestId('origin').filter({ hasText: 'Local files' }).waitFor();
  await verdict(page, 'go').waitFor();
  assert.match(await page.getByTestId('sql-matched').textContent(), new RegExp(`^migration\\.sql is used as ${HREF}`));
  assert.deepEqual(problems, []);
});

test('SQL the page cannot match is listed as unused and can be assigned', async () => {
  const { page, problems } = await openFiles();
  const picked = await files({ 'x.sql': await readFile(seedSql, 'utf8'), 'y.sql': 'SELECT 1;\n' });
  await page.getByTestId('file-picker').setInputFiles([seedRun, ...picked]);
  await verdict(page, 'not-verified').waitFor();
  assert.match(await page.getByTestId('sql-unused').textContent(), /Not used by the review.*: x\.sql, y\.sql$/);
  // The banner names what is missing and what would settle it.
  assert.ok(await page.locator('[data-testid=unverified][data-gate=money-type]').count());
  assert.match(
    await page.getByTestId('settle').first().textContent(),
    /^To settle these \d+: load the SQL the run names: backend\/src\/db\/migrations\/0000_money_core\.sql/,
  );
  // No pane says nothing went unverified.
  await page.locator('nav.panes button', { hasText: /^SQL$/ }).click();
  await page.locator('[data-testid=sql-finding][data-status=not-verified]').first().waitFor();
  assert.equal(await page.getByText('Every SQL gate passed.').count(), 0);

  await page.locator(`[data-testid=sql-assign][data-href="${HREF}"] select`).selectOption('x.sql');
  await verdict(page, 'go').waitFor();
  await page.getByTestId('sql-unused').filter({ hasText: /: y\.sql$/ }).waitFor();
  assert.equal(await page.getByTestId('sql-assign').count(), 0);
  assert.ok(await page.locator('.load.loaded', { hasText: HREF }).count());
  assert.deepEqual(problems, []);
});

test('a run whose SQL 404s opens on the not-verified banner naming the file', async () => {
  const url = `${site.url}?report=fixtures/seed/money-core-audit-report.md&run=fixtures/runs/missing-href.json`;
  const { page } = await openPage(site.browser, url);
  await verdict(page, 'not-verified').waitFor();
  const missing = page.getByTestId('load-error').filter({ hasText: '0001_ledger_guard.sql' });
  assert.match(await missing.textContent(), /0001_ledger_guard\.sql.*HTTP 404/);
  const unverified = page.getByTestId('unverified-blockers');
  assert.match(await unverified.textContent(), /Not verified: \d+ blockers? nobody could check/);
  assert.match(
    await unverified.getByTestId('settle').first().textContent(),
    /backend\/src\/db\/migrations\/0001_ledger_guard\.sql/,
  );
  // The report says go-with-changes: the re-check is the more cautious side, the alarm.
  const discrepancy = page.getByTestId('discrepancy');
  assert.equal(await discrepancy.getAttribute('data-alarm'), 'true');
  assert.match(await discrepancy.textContent(), /the re-check is more cautious/);
  await screenshot(page, 'not-verified.png');
});

test('a report more cautious than the re-check is information, not the alarm', async () => {
  const url = `${site.url}?report=fixtures/seed/money-core-audit-report.md&run=fixtures/seed/run.json`;
  const { page, problems } = await openPage(site.browser, url);
  await verdict(page, 'go').waitFor();
  const discrepancy = page.getByTestId('discrepancy');
  assert.equal(await discrepancy.getAttribute('data-alarm'), 'false');
  assert.equal(await discrepancy.getAttribute('role'), null);
  assert.match(await discrepancy.textContent(), /^ℹ The report is more cautious than the re-check: /);
  assert.deepEqual(problems, []);
});
