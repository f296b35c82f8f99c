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

/** A statement's place without the folder it was opened from: `0002_x.sql:3:1`. */
const place = (at, name) => at.slice(at.indexOf(`${name}/`) + name.length + 1);

/** Per statement and relation met: place, relation, strongest mode, read, rewritten. */
async function paneLocks(page, name) {
  const rows = await page.getByTestId('locks-row').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((td) => td.textContent);
      // Under a statement's first relation, its cell is left empty.
      return [r.dataset.at, ...(r.querySelector('th') ? cells : cells.slice(1))];
    }),
  );
  return rows.map(([at, ...cells]) =>
    cells.length === 1 ? [place(at, name), cells[0]] : [place(at, name), cells[0], cells[1], cells[3], cells[4]],
  );
}

// PostgreSQL's lock modes, weakest first.
const MODES = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

function cliLocks(result, name) {
  const yes = (b) => (b ? 'yes' : 'no');
  const strongest = (modes) => MODES[Math.max(...modes.map((m) => MODES.indexOf(m)))] ?? 'none';
  return (result.observedLocks?.statements ?? []).flatMap((s) => {
    if (s.notObserved) return [[place(s.at, name), `not observed: ${s.notObserved}`]];
    if (s.relations.length === 0) return [[place(s.at, name), 'no lock on a table that existed before the migration']];
    return s.relations.map((r) => [place(s.at, name), r.name, strongest(r.modes), yes(r.scanned), yes(r.rewritten)]);
  });
}

/** Each changed row of gate data-kept: key, column, before, after. */
async function paneKept(page) {
  return page.locator('.locks-panel [data-testid=changed-rows] tbody tr').evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].slice(0, 4).map((td) => td.textContent)).sort(),
  );
}

function cliKept(result) {
  return result.gates
    .filter((g) => g.id === 'data-kept')
    .flatMap((g) => g.detail?.rows ?? [])
    .map((r) => [r.key, r.column ?? '', r.before ?? 'NULL', r.change === 'value-changed' ? (r.after ?? 'NULL') : '—'])
    .sort();
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
    const result = checkJson(['--migrations', `fixtures/folders/${name}`, '--run', RUN, '--prove', pg]);
    const cli = result.gates
      .map((g) => `${g.id} ${g.status} ${g.proof?.result ?? 'none'} ${g.proof?.decidedBy ?? 'static-check'}`)
      .sort();
    assert.deepEqual(inTab, cli);
    // The locks each statement took, what it read and rewrote, and every changed row:
    // the same in the pane as in the command's JSON.
    await openPane(page, 'Locks & data');
    assert.deepEqual(await paneLocks(page, name), cliLocks(result, name));
    assert.deepEqual(await paneKept(page), cliKept(result));
    if (name === 'drizzle') {
      // Its newest migration narrows the amounts and rewrites the table.
      assert.equal(cliKept(result).length, 3);
      assert.ok(cliLocks(result, name).some((row) => row[4] === 'yes'), JSON.stringify(cliLocks(result, name)));
    }
    // PostgreSQL ran the migration over its baseline and said so.
    assert.ok(inTab.some((g) => /^applies \S+ (confirmed|refuted|inconclusive) /.test(g)), inTab.join('\n'));
    assert.deepEqual(problems, []);
    await page.close();
  });
}
