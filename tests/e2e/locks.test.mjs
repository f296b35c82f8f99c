// Observed locks in the tab: a drizzle-kit folder whose newest migration meets the table
// its first made, opened beside a run with a lock budget, is proven with PGlite; the
// "Locks & data" pane shows what each statement held on that table, the banner names the
// strongest lock on the largest table, and every result and its proof is what
// `secondlook check --prove` says on a real PostgreSQL. Needs dist/ and SECONDLOOK_TEST_PG.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildCli, checkJson, openPage, openPane, root, serveWithFixtures, servedApp } from './support.mjs';

const site = servedApp(() => serveWithFixtures('locks'));
const RUN = 'fixtures/folders/locks-run.json';
// Starting PostgreSQL compiles 9 MB of wasm and runs initdb: seconds on a busy machine.
const PROOF_TIMEOUT = 180_000;

before(buildCli);

/** Each result's gate, status, proof and what decided it, sorted, from `check --prove ARGS`. */
function cliProofs(args) {
  const pg = process.env.SECONDLOOK_TEST_PG;
  assert.ok(pg, 'SECONDLOOK_TEST_PG is not set: run this through scripts/test.sh, which starts PostgreSQL');
  return checkJson([...args, '--prove', pg])
    .gates.map((g) => `${g.id} ${g.status} ${g.proof?.result ?? 'none'} ${g.proof?.decidedBy ?? 'static-check'}`)
    .sort();
}

async function browserProofs(page) {
  await openPane(page, 'Gates & run');
  return page
    .getByTestId('gate-result')
    .evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status} ${r.dataset.proof} ${r.dataset.decidedBy}`).sort());
}

/** The pane's rows: statement, then its cells. */
async function lockRows(page) {
  await openPane(page, 'Locks & data');
  await page.getByTestId('locks-row').first().waitFor({ timeout: PROOF_TIMEOUT });
  return page
    .getByTestId('locks-row')
    .evaluateAll((rows) => rows.map((r) => [r.dataset.at, ...[...r.querySelectorAll('td')].map((td) => td.textContent)]));
}

const proven = (page) => page.locator('.app[data-proof-state=done]').waitFor({ timeout: PROOF_TIMEOUT });

/** Opens a migrations folder with the page's folder input. */
async function openFolder(page, dir) {
  await page.locator('.open-inputs').evaluate((details) => {
    details.open = true;
  });
  await page.getByTestId('folder-picker').setInputFiles(dir);
}

test('an index built without CONCURRENTLY holds SHARE on a baseline table while reading it: over the budget, in the tab as in check --prove', async () => {
  const run = 'fixtures/folders/locks-index-run.json';
  const context = await site.browser.newContext();
  const { page, problems } = await openPage(context, `${site.url}?run=${run}`);
  await page.getByTestId('verdict').waitFor();
  assert.deepEqual(await lockRows(page), [
    ['drizzle-index/0001_payments_amount_index.sql:1:1', 'no lock on a table that existed before the migration'],
    ['drizzle-index/0001_payments_amount_index.sql:3:1', 'public.payments', 'SHARE', 'writes', 'yes', 'no', '1200000', '180000000'],
  ]);
  // Each observed statement says how long it took over the scaffold rows.
  const times = await page.getByTestId('locks-time').allTextContents();
  assert.equal(times.length, 2, times.join('\n'));
  for (const time of times) assert.match(time, /^\d+\.\d ms on the scaffold rows$/);
  await proven(page);
  const proofs = await browserProofs(page);
  assert.deepEqual(proofs, cliProofs(['--run', join(root, run)]));
  assert.ok(proofs.includes('lock-budget fail refuted locks'), proofs.join('\n'));
  assert.ok(proofs.includes('squawk:require-concurrent-index-creation fail confirmed locks'), proofs.join('\n'));
  assert.equal(
    await page.getByTestId('worst-lock').textContent(),
    'Strongest lock on the largest table: SHARE on public.payments (180000000 bytes before the migration) at drizzle-index/0001_payments_amount_index.sql:3:1: writes wait, while it is read',
  );
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [folder, last] of [
  ['drizzle-nullable', ['drizzle-nullable/0001_payment_reference.sql:3:1', 'public.payments', 'ACCESS EXCLUSIVE', 'reads and writes', 'no', 'no', '—', '—']],
  ['drizzle-new-table', ['drizzle-new-table/0001_refunds.sql:11:1', 'no lock on a table that existed before the migration']],
]) {
  test(`${folder} opened as a folder: the tab observes its statements as check --migrations --prove does`, async () => {
    const dir = join(root, 'fixtures/folders', folder);
    const context = await site.browser.newContext();
    const { page, problems } = await openPage(context, site.url);
    await page.getByTestId('verdict').waitFor();
    await openFolder(page, dir);
    const rows = await lockRows(page);
    assert.deepEqual(rows.at(-1), last);
    await proven(page);
    const proofs = await browserProofs(page);
    assert.deepEqual(proofs, cliProofs(['--migrations', dir]));
    if (folder === 'drizzle-new-table') {
      assert.ok(proofs.includes('squawk:require-concurrent-index-creation pass refuted locks'), proofs.join('\n'));
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('before a proof over a baseline the pane says what it waits for', async () => {
  const context = await site.browser.newContext();
  const { page } = await openPage(context, `${site.url}?run=fixtures/folders/locks-run.json`);
  await page.getByTestId('verdict').waitFor();
  await openPane(page, 'Locks & data');
  assert.match(await page.getByTestId('locks-waiting').textContent(), /^No baseline: /);
  await context.close();
});
