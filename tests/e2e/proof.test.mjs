// Proof in the browser: PGlite, PostgreSQL in wasm, runs the core's proof plan
// in a worker of the reviewer's tab, served, offline, and from a single file. Needs dist/
// (trunk build) and builds the CLI it bundles with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, cli, cliProofs, serve, servedSeedReview, serveWithFixtures, launch, openPage, openPane, root, dist, screenshot } from './support.mjs';

const output = join(root, 'tests/e2e/output/proof');
const seed = join(root, 'fixtures/seed');
// Starting PostgreSQL compiles 9 MB of wasm and runs initdb: seconds on a busy machine.
const PROOF_TIMEOUT = 180_000;
let browser;

// Built before the tests are declared: they are one per gate example the CLI lists.
buildCli();
/** Every gate's example that changes the seed migration, as `<gate>/<name>`. */
const SEED_EXAMPLES = JSON.parse(execFileSync(cli, ['rules', '--format', 'json'], { encoding: 'utf8' }))
  .flatMap((gate) => gate.examples.filter((e) => e.input.seed).map((e) => `${gate.id}/${e.name}`));
/** A case's SQL: a gate's example as the CLI prints it in full, or a file of fixtures/. */
const caseSql = (name) =>
  name.endsWith('.sql')
    ? readFile(join(root, 'fixtures', name), 'utf8')
    : execFileSync(cli, ['rules', '--example', name], { encoding: 'utf8' });
const caseFolder = (name) => name.replace('.sql', '').replace('/', '_');

before(async () => {
  await rm(output, { recursive: true, force: true });
  await mkdir(output, { recursive: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A served folder: dist/ with the seed's report, run and SQL. */
async function servedReview(name) {
  return servedSeedReview(`proof/${name}`);
}

const proofState = (page) => page.locator('.app').getAttribute('data-proof-state');

async function proven(page) {
  await page.locator('.app[data-proof-state=done], .app[data-proof-state=unavailable]').waitFor({ timeout: PROOF_TIMEOUT });
  const status = await page.getByTestId('proof-status').textContent();
  assert.equal(await proofState(page), 'done', status);
  assert.match(status, /^Proven by PostgreSQL 18\.\d+ \(PGlite 0\.5\.16\) in this tab · \d+ results? checked/);
}

test('the demo shows its static verdict, then is proven with PostgreSQL in the tab', async () => {
  const server = await serve(dist);
  const { page, problems } = await openPage(browser, server.url);
  await page.getByTestId('verdict').waitFor();
  // The static verdict is there before PostgreSQL has answered.
  assert.equal(await proofState(page), 'running');
  assert.match(await page.getByTestId('proof-status').textContent(), /^Static re-check — proving with PostgreSQL… /);
  await proven(page);
  const proofs = await page.getByTestId('gate-result').evaluateAll((rows) => rows.map((r) => r.dataset.proof));
  assert.ok(proofs.length > 0);
  for (const proof of proofs) assert.ok(['confirmed', 'refuted', 'inconclusive', 'none'].includes(proof), proof);
  await screenshot(page, 'proof-demo.png', { fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
  await server.close();
});

/** Each gate result's status and proof as the Gates & run pane lists them (failures first), sorted. */
async function browserProofs(page) {
  await openPane(page, 'Gates & run');
  return page
    .getByTestId('gate-result')
    .evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status} ${r.dataset.proof} ${r.dataset.decidedBy}`).sort());
}


/** Proves `sql` (the seed's SQL when not given) in the tab and with `check --prove`: the page
 * shows what the CLI says of every result, and no result is both failed and confirmed. */
async function tabAgreesWithCli(name, sql) {
  const { dir, server } = await servedSeedReview(`proof/${name}`, sql);
  try {
    const { page, problems } = await openPage(browser, `${server.url}?report=report.md&run=run.json`);
    await proven(page);
    const inTab = await browserProofs(page);
    assert.deepEqual(inTab, cliProofs(['--run', join(dir, 'run.json')]));
    assert.ok(!inTab.some((g) => / fail confirmed /.test(g)), inTab.join('\n'));
    assert.deepEqual(problems, []);
    await page.close();
    return inTab;
  } finally {
    await server.close();
  }
}

// A gate's example that breaks the seed, per proven gate: PostgreSQL in the tab refutes what is broken,
// and says of every gate what the CLI's PostgreSQL says. Where the static check had
// already failed it, the refutation is agreement; where it could not verify it (a RAISE
// only on DELETE) or passed it (a migration PostgreSQL refuses), PostgreSQL overturns it
// and the page says they disagree.
const BROKEN = [
  ['money-type/double-precision', 'money-type', 'agrees', 'no-go'],
  ['index-predicate/lacks-status', 'index-predicate', 'agrees', 'no-go'],
  ['expected-index/address-not-unique', 'expected-index', 'agrees', 'no-go'],
  ['mixed-id-check/user-branch-leaves-offer-free', 'mixed-id-check', 'agrees', 'no-go'],
  ['append-only/update-only', 'append-only', 'agrees', 'no-go'],
  ['append-only/raises-only-on-delete', 'append-only', 'overturns', 'not-verified'],
  ['proof/applies_refused-unknown-column.sql', 'applies', 'overturns', 'go'],
];

for (const [name, gate, staticCheck, staticVerdict] of BROKEN) {
  test(`${name}: refuted in the tab, and the tab's proofs are check --prove's`, { timeout: 2 * PROOF_TIMEOUT }, async () => {
    const { dir, server } = await servedSeedReview(`proof/${caseFolder(name)}`, await caseSql(name));
    try {
      const { page, problems } = await openPage(browser, `${server.url}?report=report.md&run=run.json`);
      await page.getByTestId('verdict').waitFor();
      const before = await page.getByTestId('verdict').getAttribute('data-verdict');
      assert.equal(before, staticVerdict);
      await proven(page);
      const inTab = await browserProofs(page);
      assert.ok(inTab.some((g) => g.startsWith(`${gate} fail refuted `)), inTab.join('\n'));
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'no-go');
      const disagreements = await page
        .getByTestId('refuted')
        .evaluateAll((items) => items.map((item) => item.dataset.gate));
      assert.deepEqual(disagreements, staticCheck === 'agrees' ? [] : [gate]);
      // The card says in words whether PostgreSQL agrees; what it ran and answered (the
      // SQLSTATE) is one tap away.
      const proof = page.locator(`[data-testid=gate-result][data-gate="${gate}"][data-proof=refuted] .proof`).first();
      const sentence = await proof.getByTestId('proof-sentence').textContent();
      assert.match(sentence, staticCheck === 'agrees' ? /^PostgreSQL agrees: / : /^PostgreSQL overturns the static check: /);
      assert.doesNotMatch(sentence, /\b\d{5}\b|SQLSTATE|refuted/);
      assert.equal(await proof.locator('.proof-observed').isVisible(), false);
      await proof.locator('.proof-detail summary').click();
      assert.ok((await proof.locator('.proof-observed').textContent()).length > 0);
      assert.equal(await proof.locator('.proof-observed').isVisible(), true);
      assert.deepEqual(inTab, cliProofs(['--run', join(dir, 'run.json')]));
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await server.close();
    }
  });
}

test('the seed: every proof in the tab is the one check --prove gives', { timeout: 2 * PROOF_TIMEOUT }, async () => {
  const inTab = await tabAgreesWithCli('seed-agrees');
  assert.ok(inTab.some((g) => g.endsWith(' pass confirmed catalog')), inTab.join('\n'));
  assert.ok(!inTab.some((g) => / (refuted|inconclusive) /.test(g)), inTab.join('\n'));
});

// Every other example of the seed, and fixture the proof reads: the tab and the CLI
// agree on each result.
const OTHERS = [
  ...SEED_EXAMPLES,
  ...readdirSync(join(root, 'fixtures/proof')).filter((f) => f.endsWith('.sql')).map((f) => `proof/${f}`),
].filter((name) => !BROKEN.some(([broken]) => broken === name));
assert.ok(SEED_EXAMPLES.length >= 20, SEED_EXAMPLES.join('\n'));

for (const name of OTHERS) {
  test(`${name}: the tab's proofs are check --prove's`, { timeout: 2 * PROOF_TIMEOUT }, async () => {
    await tabAgreesWithCli(caseFolder(name), await caseSql(name));
  });
}

// What the static check could not follow, or read as another type, the catalog after the
// migration decides, in the tab as in the CLI (crates/cli/tests/prove.rs has the same three).
const seedSql = () => readFile(join(seed, 'schema/0000_money_core.sql'), 'utf8');
const AMOUNT = '"amount" numeric(38, 18) NOT NULL,\n\t"token_decimals"';
const DECIDED_BY_CATALOG = [
  ['statistics', (sql) => `${sql}\n--> statement-breakpoint\nCREATE STATISTICS ledger_stats (dependencies) ON owner_kind, owner_user_id FROM ledger_entries;`, 'not-verified'],
  ['renames', (sql) => `${sql}\n--> statement-breakpoint\nALTER TABLE payments RENAME COLUMN amount TO amount_old;--> statement-breakpoint\nALTER TABLE payments RENAME COLUMN amount_old TO amount;`, 'not-verified'],
  ['domain', (sql) => `CREATE DOMAIN token_amount AS numeric(38, 18) CHECK (VALUE >= 0);--> statement-breakpoint\n${sql.replace(AMOUNT, '"amount" token_amount NOT NULL,\n\t"token_decimals"')}`, 'no-go'],
];

for (const [name, edit, staticVerdict] of DECIDED_BY_CATALOG) {
  test(`${name}: the catalog after the migration decides in the tab, and the card says so`, { timeout: 2 * PROOF_TIMEOUT }, async () => {
    const sql = await seedSql();
    assert.ok(sql.includes(AMOUNT));
    const { dir, server } = await servedSeedReview(`proof/catalog-${name}`, edit(sql));
    try {
      const { page, problems } = await openPage(browser, `${server.url}?report=report.md&run=run.json`);
      await page.getByTestId('verdict').waitFor();
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), staticVerdict);
      await proven(page);
      assert.notEqual(await page.getByTestId('verdict').getAttribute('data-verdict'), staticVerdict);
      const inTab = await browserProofs(page);
      assert.deepEqual(inTab, cliProofs(['--run', join(dir, 'run.json')]));
      const money = inTab.filter((g) => g.startsWith('money-type '));
      assert.ok(money.length > 0 && money.every((g) => g.startsWith('money-type pass ') && g.endsWith(' catalog')), money.join('\n'));
      const card = page.locator('[data-testid=gate-result][data-gate=money-type]').first();
      assert.equal(await card.getByTestId('decided-by').textContent(), "Decided by PostgreSQL's catalog after the migration.");
      assert.match(await card.getByTestId('proof-catalog').textContent(), /^PostgreSQL's catalog: pass — /);
      await card.scrollIntoViewIfNeeded();
      await screenshot(card, `proof-catalog-${name}.png`);
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      await server.close();
    }
  });
}

test('automatic proving can be turned off, is kept off, and the button still proves', async () => {
  const { server } = await servedReview('off');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await page.getByTestId('verdict').waitFor();
    await page.getByTestId('proof-auto').uncheck();
    await page.reload();
    await page.getByTestId('verdict').waitFor();
    assert.equal(await proofState(page), 'off');
    assert.equal(await page.getByTestId('proof-auto').isChecked(), false);
    assert.match(await page.getByTestId('proof-status').textContent(), /^Not proven — static re-check only: automatic proving is off\. /);
    await page.getByTestId('prove').click();
    await proven(page);
    assert.equal(await page.getByTestId('prove').count(), 0);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a run over a baseline is proven over it: the tab applies the baseline first, as check --prove does', async () => {
  const server = await serveWithFixtures('proof/baseline');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?run=fixtures/baseline/run.json`);
    await proven(page);
    const inTab = await browserProofs(page);
    assert.deepEqual(inTab, cliProofs(['--run', join(root, 'fixtures/baseline/run.json')]));
    // The migration alters a table only the baseline made: it applied.
    assert.ok(inTab.includes('applies pass confirmed run'), inTab.join('\n'));
    assert.ok(inTab.some((g) => g.startsWith('money-type fail ')), inTab.join('\n'));
  } finally {
    await context.close();
    await server.close();
  }
});

test('a viewer opened once proves again with the server gone', async () => {
  const { server } = await servedReview('offline');
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}?report=report.md&run=run.json`);
    await proven(page);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // PGlite is cached after the verdict; the page says when the whole app is.
    await page.locator('.app[data-offline=ready]').waitFor({ timeout: 60_000 });
    const kept = await page.evaluate(async () => {
      const names = await caches.keys();
      const shell = await caches.open(names.find((n) => n.startsWith('secondlook-shell')));
      return (await shell.keys()).map((r) => new URL(r.url).pathname.split('/').pop());
    });
    for (const file of ['proof-worker.js', 'pglite.wasm', 'pglite.data', 'initdb.wasm']) {
      assert.ok(kept.includes(file), `${file} in ${kept}`);
    }

    await server.close();
    await page.reload();
    await proven(page);
  } finally {
    await context.close();
    await server.close();
  }
});

test('a bundle written --with-postgres proves from file://; one without says what it needs', async () => {
  const bundle = (name, extra) => {
    const out = join(output, name);
    const printed = execFileSync(
      cli,
      ['bundle', '--run', join(seed, 'run.json'), '--report', join(seed, 'money-core-audit-report.md'), '-o', out, '--app', dist, ...extra],
      { encoding: 'utf8' },
    );
    return { out, printed };
  };

  const plain = bundle('plain.html', []);
  assert.match(plain.printed, /needs the hosted viewer, or this bundle written with --with-postgres/);
  const { page: without, problems: withoutProblems } = await openPage(browser, pathToFileURL(plain.out).href);
  await without.getByTestId('verdict').waitFor();
  assert.equal(await proofState(without), 'unavailable');
  assert.match(
    await without.getByTestId('proof-status').textContent(),
    /^Not proven — static re-check only: the proof did not run: .*hosted viewer.*--with-postgres/,
  );
  assert.equal(await without.getByTestId('gate-result').first().getAttribute('data-proof'), 'none');
  assert.deepEqual(withoutProblems, []);
  await without.close();

  const full = bundle('with-postgres.html', ['--with-postgres']);
  assert.match(full.printed, /^wrote .*with-postgres\.html \(\d+\.\d MB: app .*, PostgreSQL \(PGlite\) \d+\.\d MB, inputs /);
  const { page, problems } = await openPage(browser, pathToFileURL(full.out).href);
  await page.getByTestId('verdict').waitFor();
  await proven(page);
  assert.deepEqual(problems, []);
  await page.close();
});
