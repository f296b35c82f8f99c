// SQL with no run file: `?sql=URL` or a pasted migration is reviewed on its own, with lock
// safety, a verdict that is never a kind of go, and the whole workspace (SQL, schema,
// gates, share link).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, checkJson, openPage, openPane, root, servedApp, serveWithFixtures } from './support.mjs';

const site = servedApp(serveWithFixtures);
const FIRES = 'fixtures/lock-safety/require-concurrent-index-creation.fires.sql';
const SEED_SQL = 'fixtures/seed/schema/0000_money_core.sql';

test('?sql= reviews the SQL alone, says what it could not check, and shows the lock risk', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?sql=${FIRES}`);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute('data-verdict'), 'not-verified');
  assert.match(await page.getByTestId('sql-only').textContent(), /Not checked without a run file/);
  await openPane(page, 'SQL');
  const risk = page.locator('.sql-finding[data-gate="squawk:require-concurrent-index-creation"]');
  await risk.waitFor();
  assert.equal(await risk.getAttribute('data-status'), 'fail');
  await openPane(page, 'Gates & run');
  assert.ok(
    (await page.locator('[data-testid=gate-result][data-gate="squawk:require-lock-timeout"]').count()) >= 1,
  );
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.equal(new URL(link).searchParams.get('sql'), FIRES);
  assert.deepEqual(problems, []);
});

test('the seed SQL alone has its schema and is not verified, never go', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?sql=${SEED_SQL}`);
  await page.getByTestId('verdict').waitFor();
  assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'not-verified');
  await openPane(page, 'Schema');
  await page.getByTestId('schema-table').first().waitFor();
  assert.ok((await page.getByTestId('schema-table').count()) >= 5);
  assert.deepEqual(problems, []);
});

test('a destructive statement pasted alone is no-go', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?sql=${FIRES}`);
  await page.getByTestId('verdict').waitFor();
  await page.locator('.open-inputs summary').click();
  await page.locator('.open-inputs textarea').fill('DROP TABLE payments;');
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=verdict]')?.getAttribute('data-verdict') === 'no-go',
  );
  assert.deepEqual(problems, []);
});

/** `secondlook check --sql FILE --format json`: its verdict and sorted gate results. */
function cliReview(file) {
  const result = checkJson(['--sql', join(root, file)]);
  return { verdict: result.verdict, gates: result.gates.map((g) => `${g.id} ${g.status}`).sort() };
}

const CORPUS = 'fixtures/corpus/sql';
const corpus = readdirSync(join(root, CORPUS))
  .filter((name) => name.endsWith('.sql'))
  .sort()
  .map((name) => `${CORPUS}/${name}`);

before(buildCli);

test('every corpus file and the seed, reviewed SQL-only in the browser, get the CLI\'s verdict and gate results', async () => {
  assert.ok(corpus.length >= 15, corpus.join());
  const page = await site.browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  for (const file of [...corpus, SEED_SQL]) {
    await page.goto(`${site.url}?sql=${file}`);
    const verdict = page.locator('[data-testid=verdict][data-verdict]');
    await verdict.waitFor();
    await openPane(page, 'Gates & run');
    await page.getByTestId('gate-result').first().waitFor();
    const inBrowser = {
      verdict: await verdict.getAttribute('data-verdict'),
      gates: (
        await page.getByTestId('gate-result').evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status}`))
      ).sort(),
    };
    assert.ok(['not-verified', 'no-go'].includes(inBrowser.verdict), `${file}: ${inBrowser.verdict}`);
    assert.ok(inBrowser.gates.some((g) => g.startsWith('squawk:')), `${file}: no lock-safety result`);
    assert.deepEqual(inBrowser, cliReview(file), file);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
