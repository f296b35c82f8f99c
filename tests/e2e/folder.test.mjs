// A migrations folder opened in the page ("Open folder…", dropped on it, or served and
// linked with `?migrations=` by its listing file): its newest migration is judged over
// the rest, as `secondlook check --migrations` judges it; a hostile folder or listing is
// refused with a message naming the file; a reload of the tab keeps it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCli, checkJson, openFolder, openPage, openPane, root, servedApp, serveWithFixtures } from './support.mjs';

const site = servedApp();
const DRIZZLE = join(root, 'fixtures/folders/drizzle');
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 390, height: 844 },
];

const keeping = (page, state) => page.locator(`[data-testid=keeping][data-state=${state}]`);

/**
 * The verdict and the sorted gate results the page shows, once PostgreSQL in the tab
 * has proven them (the rows kept over the baseline are only known then).
 */
async function judged(page) {
  const verdict = page.locator('[data-testid=verdict][data-verdict]');
  await verdict.waitFor();
  await openPane(page, 'Gates & run');
  await page.locator('[data-testid=gate-result][data-gate=data-kept]:not([data-proof=none])').waitFor({ timeout: 180_000 });
  return {
    verdict: await verdict.getAttribute('data-verdict'),
    gates: (
      await page.getByTestId('gate-result').evaluateAll((rows) => rows.map((r) => `${r.dataset.gate} ${r.dataset.status}`))
    ).sort(),
  };
}

/** What the CLI says of the same folder, proven by the test command's PostgreSQL. */
function cliJudged(dir) {
  const pg = process.env.SECONDLOOK_TEST_PG;
  assert.ok(pg, 'SECONDLOOK_TEST_PG is not set: run this through scripts/test.sh, which starts PostgreSQL');
  const result = checkJson(['--migrations', dir, '--prove', pg]);
  return { verdict: result.verdict, gates: result.gates.map((g) => `${g.id} ${g.status}`).sort() };
}

/** The paths of the SQL files the SQL pane shows. */
async function sqlShown(page) {
  await openPane(page, 'SQL');
  await page.getByTestId('sql-code').first().waitFor();
  return page.getByTestId('sql-code').evaluateAll((codes) => codes.map((c) => c.getAttribute('aria-label')));
}

/** A copy of the drizzle fixture in tests/e2e/output, changed by `change(dir)`. */
async function drizzleCopy(name, change) {
  const dir = join(root, 'tests/e2e/output/folders', name, 'drizzle');
  await rm(join(dir, '..'), { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await cp(DRIZZLE, dir, { recursive: true });
  await change(dir);
  return dir;
}

before(buildCli);

for (const viewport of VIEWPORTS) {
  test(`a drizzle folder opened at ${viewport.width}×${viewport.height} is judged as the CLI judges it, and a reload keeps it`, async () => {
    const context = await site.browser.newContext({ viewport });
    const { page, problems } = await openPage(context, site.url);
    await page.getByTestId('verdict').waitFor();
    await openFolder(page, DRIZZLE);
    await keeping(page, 'kept').waitFor();
    const cli = cliJudged(DRIZZLE);
    assert.equal(cli.verdict, 'no-go');
    assert.deepEqual(await judged(page), cli);
    // The SQL pane shows the migration, not the baseline it was judged over.
    assert.deepEqual(await sqlShown(page), ['SQL of drizzle/0002_amount_scale.sql']);
    assert.match(await page.locator('.load.loaded').allTextContents().then((t) => t.join()), /^drizzle \(/);
    // A link would open another review: none is made, and the page says why.
    await page.getByTestId('share-button').click();
    assert.match(await page.getByTestId('share-refused').textContent(), /cannot carry the migrations folder drizzle/);
    assert.equal(await page.getByTestId('share-link').count(), 0);

    await page.reload();
    await keeping(page, 'reopened').waitFor();
    assert.match(await keeping(page, 'reopened').textContent(), /drizzle\//);
    assert.deepEqual(await judged(page), cli);
    assert.deepEqual(await sqlShown(page), ['SQL of drizzle/0002_amount_scale.sql']);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a hostile folder is refused with a message naming the file, and nothing of it is judged', async () => {
  const outside = await drizzleCopy('outside', async (dir) => {
    const journal = join(dir, 'meta/_journal.json');
    const text = await readFile(journal, 'utf8');
    await writeFile(journal, text.replace('0002_amount_scale', '../secondlook-journal'));
  });
  const twoLayouts = await drizzleCopy('two-layouts', (dir) => writeFile(join(dir, 'V3__more.sql'), 'DROP TABLE payments;'));
  const cases = [
    [outside, /^drizzle\/meta\/_journal\.json entries\[2\]: names .*is not a file beside meta\//],
    [twoLayouts, /^drizzle: the migrations folder: .*holds two layouts at once/],
  ];
  for (const [dir, message] of cases) {
    const { page, problems } = await openPage(site.browser, site.url);
    await page.getByTestId('verdict').waitFor();
    await openFolder(page, dir);
    const error = page.getByTestId('load-error');
    await error.waitFor();
    const text = (await error.textContent()).replace(/^drizzle: /, '');
    assert.match(text, message, text);
    // Refused, not half-read: no migration is judged and nothing of the demo is left.
    assert.equal(await page.getByTestId('origin').textContent(), 'Local files');
    assert.equal(await page.locator('.load.loaded').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/**
 * Drops `paths` on the page as the browser does from the system's file manager, with
 * their file-system entries: a page script cannot build a DataTransfer holding a folder.
 */
async function drop(page, paths) {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) {
    await cdp.send('Input.dispatchDragEvent', { type, x: 200, y: 200, data });
  }
}

test('a folder dropped on the page is read like an opened one', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await drop(page, [DRIZZLE]);
  await keeping(page, 'kept').waitFor();
  assert.deepEqual(await judged(page), cliJudged(DRIZZLE));
  assert.deepEqual(await sqlShown(page), ['SQL of drizzle/0002_amount_scale.sql']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a folder dropped beside a file is refused, saying what the drop held', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await drop(page, [DRIZZLE, join(root, 'fixtures/seed/run.json')]);
  const error = page.getByTestId('load-error');
  await error.waitFor();
  assert.match(await error.textContent(), /drop one migrations folder alone; this drop held 2 items, 1 of them folders \(drizzle\)/);
  assert.equal(await page.locator('.load.loaded').count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a served folder linked by its listing file is judged as the CLI judges it, and its link carries it', async () => {
  const server = await serveWithFixtures('folder-listing');
  const served = join(root, 'tests/e2e/output/folder-listing/fixtures/folders');
  // What `find . -type f` writes in the folder, the listing itself included.
  await writeFile(
    join(served, 'drizzle/listing.txt'),
    './meta/_journal.json\n./0000_payments.sql\n./0001_payment_note.sql\n./0002_amount_scale.sql\n./listing.txt\n',
  );
  await writeFile(join(served, 'hostile.txt'), './drizzle/meta/_journal.json\n../../../../Cargo.toml\n');
  const context = await site.browser.newContext();
  try {
    const { page, problems } = await openPage(context, `${server.url}?migrations=fixtures/folders/drizzle/listing.txt`);
    assert.deepEqual(await judged(page), cliJudged(DRIZZLE));
    assert.deepEqual(await sqlShown(page), ['SQL of fixtures/folders/drizzle/0002_amount_scale.sql']);
    assert.equal(await page.getByTestId('origin').textContent(), 'Loaded from URLs');
    // The link opens the same folder, and says if any file of it changed.
    await page.getByTestId('share-button').click();
    const link = new URL(await page.getByTestId('share-link').inputValue());
    assert.equal(link.searchParams.get('migrations'), 'fixtures/folders/drizzle/listing.txt');
    assert.match(link.searchParams.get('h.migrations'), /^[0-9a-f]{16,64}$/);
    const again = await page.context().newPage();
    await again.goto(link.href);
    assert.deepEqual(await judged(again), cliJudged(DRIZZLE));
    assert.equal(await again.getByTestId('hash-warning').count(), 0);
    await writeFile(join(served, 'drizzle/0000_payments.sql'), 'CREATE TABLE payments (id bigint PRIMARY KEY, amount numeric(38,18) NOT NULL);\n');
    await again.reload();
    await again.getByTestId('hash-warning').first().waitFor();
    assert.match(await again.getByTestId('hash-warning').first().textContent(), /migrations folder fixtures\/folders\/drizzle differs/);
    await again.close();
    // A listing that names a path out of its folder: nothing is fetched, and the line is named.
    const hostile = await page.context().newPage();
    const fetched = [];
    hostile.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await hostile.goto(`${server.url}?migrations=fixtures/folders/hostile.txt`);
    const error = hostile.getByTestId('load-error');
    await error.waitFor();
    assert.match(await error.textContent(), /fixtures\/folders\/hostile\.txt: line 2: \.\.\/\.\.\/\.\.\/\.\.\/Cargo\.toml: leaves the folder/);
    assert.ok(!fetched.some((path) => path.endsWith('_journal.json') || path.endsWith('Cargo.toml')), fetched.join('\n'));
    await hostile.close();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await server.close();
  }
});
