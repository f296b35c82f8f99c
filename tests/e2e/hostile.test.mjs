// Hostile migrations in the page: each of fixtures/hostile/ appended to the seed
// migration opens on the verdict verdicts.json names and the CLI gives, never a kind of
// go, and PostgreSQL in the tab does not make it better. Needs dist/ (trunk build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCli, checkJson, launch, openPage, root, servedSeedReview } from './support.mjs';

const output = join(root, 'tests/e2e/output/hostile');
const hostile = join(root, 'fixtures/hostile');
const expected = JSON.parse(await readFile(join(hostile, 'verdicts.json'), 'utf8'));
// Starting PostgreSQL in the tab compiles 9 MB of wasm and runs initdb.
const PROOF_TIMEOUT = 180_000;
let browser;

before(async () => {
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  buildCli();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** dist/ with the seed's report and run, and the seed migration with `tail` appended. */
async function servedReview(name, tail) {
  const sql = await readFile(join(root, 'fixtures/seed/schema/0000_money_core.sql'), 'utf8');
  return servedSeedReview(`hostile/${name}`, `${sql}\n${tail}`);
}

const verdictOf = (page) => page.getByTestId('verdict').getAttribute('data-verdict');

for (const [file, want] of Object.entries(expected)) {
  test(`${file}: ${want.verdict} in the page as in the CLI, and still after the proof`, { timeout: 2 * PROOF_TIMEOUT }, async () => {
    const tail = await readFile(join(hostile, file), 'utf8');
    const { dir, server } = await servedReview(file.replace('.sql', ''), tail);
    try {
      const { page, problems } = await openPage(browser, `${server.url}?report=report.md&run=run.json`);
      await page.getByTestId('verdict').waitFor();
      const cli = checkJson(['--run', join(dir, 'run.json'), '--report', join(dir, 'report.md')]);
      assert.equal(cli.verdict, want.verdict);
      assert.equal(await verdictOf(page), want.verdict);
      const reason = await page
        .locator(`[data-testid=gate-result][data-gate="${want.gate}"]`)
        .evaluateAll((rows) => rows.map((r) => r.dataset.status));
      assert.ok(reason.includes(want.status), `${want.gate}: ${reason}`);
      await page
        .locator('.app[data-proof-state=done], .app[data-proof-state=unavailable]')
        .waitFor({ timeout: PROOF_TIMEOUT });
      const proven = await verdictOf(page);
      assert.ok(['no-go', 'not-verified'].includes(proven), proven);
      if (want.verdict === 'no-go') assert.equal(proven, 'no-go');
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await server.close();
    }
  });
}
