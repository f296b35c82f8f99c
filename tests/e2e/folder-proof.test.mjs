// Every migrations folder fixture, served with a listing file and opened with
// `?migrations=`, proved by PostgreSQL in the tab over its baseline: the page shows
// what `secondlook check --migrations DIR --prove` says of every result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildCli, checkJson, launch, openPage, openPane, root, serveWithFixtures } from './support.mjs';

const PROOF_TIMEOUT = 180_000;
const RUN = 'fixtures/folders/money-run.json';
const SITE = join(root, 'tests/e2e/output/folder-proof');
const folders = readdirSync(join(root, 'fixtures/folders')).filter((name) =>
  statSync(join(root, 'fixtures/folders', name)).isDirectory(),
);
let browser;
let server;

/** Every file below `dir`, relative to it, as `find . -type f` lists them. */
function files(dir, below = dir) {
  return readdirSync(below, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(dir, join(below, entry.name)) : [`./${relative(dir, join(below, entry.name))}`],
  );
}

before(async () => {
  buildCli();
  server = await serveWithFixtures('folder-proof');
  for (const name of folders) {
    const dir = join(SITE, 'fixtures/folders', name);
    await writeFile(join(dir, 'listing.txt'), `${files(dir).join('\n')}\n`);
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('there are folder fixtures of every layout', () => {
  assert.ok(folders.length >= 7, folders.join(', '));
});

for (const name of folders) {
  test(`${name}: the tab proves the folder over its baseline as check --prove does`, { timeout: PROOF_TIMEOUT }, async () => {
    const pg = process.env.SECONDLOOK_TEST_PG;
    assert.ok(pg, 'SECONDLOOK_TEST_PG is not set: run this through scripts/test.sh, which starts PostgreSQL');
    const { page, problems } = await openPage(
      browser,
      `${server.url}?migrations=fixtures/folders/${name}/listing.txt&run=${RUN}`,
    );
    await page.locator('.app[data-proof-state=done], .app[data-proof-state=unavailable]').waitFor({ timeout: PROOF_TIMEOUT });
    const status = await page.getByTestId('proof-status').textContent();
    assert.match(status, /^Proven by PostgreSQL/, status);
    await openPane(page, 'Gates & run');
    const inTab = (
      await page
        .getByTestId('gate-result')
        .evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status} ${r.dataset.proof} ${r.dataset.decidedBy}`))
    ).sort();
    const cli = checkJson(['--migrations', `fixtures/folders/${name}`, '--run', RUN, '--prove', pg])
      .gates.map((g) => `${g.id} ${g.status} ${g.proof?.result ?? 'none'} ${g.proof?.decidedBy ?? 'static-check'}`)
      .sort();
    assert.deepEqual(inTab, cli);
    // PostgreSQL ran the migration over its baseline and said so.
    assert.ok(inTab.some((g) => /^applies \S+ (confirmed|refuted|inconclusive) /.test(g)), inTab.join('\n'));
    assert.deepEqual(problems, []);
    await page.close();
  });
}
