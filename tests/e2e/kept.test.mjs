// Gate data-kept in the tab: a drizzle-kit folder whose newest migration narrows
// numeric(38,18) amounts to numeric(12,2), opened in the page and proven by PGlite over
// its first two migrations, fails with the changed rows on its gate card and in the
// Locks & data pane; one that adds
// a nullable column passes; and the tab's results are `check --prove`'s.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildCli, cliProofs, openFolder, openPage, openPane, root, servedApp } from './support.mjs';

const site = servedApp();
// Starting PostgreSQL compiles 9 MB of wasm and runs initdb: seconds on a busy machine.
const PROOF_TIMEOUT = 180_000;

before(buildCli);

/** Opens the fixture folder `name` and waits for its data-kept result to be proven. */
async function provenFolder(name) {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await openFolder(page, join(root, 'fixtures/folders', name));
  await openPane(page, 'Gates & run');
  const card = page.locator('[data-testid=gate-result][data-gate=data-kept]:not([data-proof=none])');
  await card.waitFor({ timeout: PROOF_TIMEOUT });
  await page.locator('.app[data-proof-state=done]').waitFor({ timeout: PROOF_TIMEOUT });
  const inTab = (
    await page
      .getByTestId('gate-result')
      .evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status} ${r.dataset.proof} ${r.dataset.decidedBy}`))
  ).sort();
  return { page, problems, card, inTab };
}

test('a narrowed amount fails data-kept in the tab, row by row, as check --prove says', async () => {
  const { page, problems, card, inTab } = await provenFolder('drizzle');
  assert.deepEqual(inTab, cliProofs(['--migrations', join(root, 'fixtures/folders/drizzle')]));
  assert.ok(inTab.includes('data-kept fail refuted behaviour'), inTab.join('\n'));
  const rows = await card
    .getByTestId('changed-rows')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['id=9001', 'amount', '9001.567890123456789000', '9001.57', 'value changed'],
    ['id=9002', 'amount', '9002.567890123456789000', '9002.57', 'value changed'],
    ['id=9003', 'amount', '9003.567890123456789000', '9003.57', 'value changed'],
  ]);
  assert.match(
    await card.locator('.gate-message').textContent(),
    /^payments: the migration did not keep 3 of the 3 scaffold rows as they were: amount of id=9001 went from 9001\.567890123456789000 to 9001\.57/,
  );
  // The Locks & data pane shows the same rows beside the locks the migration took.
  await openPane(page, 'Locks & data');
  const kept = page.locator('[data-testid=kept-table][data-status=fail]');
  assert.equal(await kept.count(), 1);
  assert.deepEqual(
    await kept.getByTestId('changed-rows').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.cells[3].textContent)),
    ['9001.57', '9002.57', '9003.57'],
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test('an added nullable column keeps every row in the tab, as check --prove says', async () => {
  const { page, problems, card, inTab } = await provenFolder('drizzle-nullable');
  assert.deepEqual(inTab, cliProofs(['--migrations', join(root, 'fixtures/folders/drizzle-nullable')]));
  assert.ok(inTab.includes('data-kept pass confirmed behaviour'), inTab.join('\n'));
  assert.equal(await card.getByTestId('changed-rows').count(), 0);
  await openPane(page, 'Locks & data');
  assert.equal(await page.locator('[data-testid=kept-table][data-status=pass]').count(), 1);
  assert.equal(await page.getByTestId('changed-rows').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});
