// Large inputs are reviewed in a Web Worker (issue 8): the page says what the worker is
// doing, and the review it gets back is the one the page would have built itself. Small
// inputs, and pages where no worker can start, are reviewed on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gateIds, openPage, openPane, root, serve, servedApp, siteCopy } from './support.mjs';

const seed = join(root, 'fixtures/seed');

/** The seed with 3,000 more phases: a run file of about 1.5 MB, over the worker's 1 MB. */
async function serveLargeRun() {
  const site = await siteCopy('worker-site', { withSeedSql: true });
  await cp(join(seed, 'money-core-audit-report.md'), join(site, 'report.md'));
  await cp(join(seed, 'run.json'), join(site, 'seed-run.json'));
  const run = JSON.parse(await readFile(join(seed, 'run.json'), 'utf8'));
  const note = 'checked the ledger sums against the payments table, row by row, '.repeat(3);
  for (let n = 0; n < 3000; n++) {
    run.phases.push({ name: `Extra phase ${n}`, status: 'passed', durationMs: n, notes: [note, note] });
  }
  await writeFile(join(site, 'large-run.json'), JSON.stringify(run));
  return serve(site);
}

const app = servedApp(serveLargeRun);

/** Every stage text the progress line showed, recorded from before the app starts. */
const recordProgress = () => {
  window.__stages = [];
  new MutationObserver(() => {
    const text = document.querySelector('[data-testid=review-progress]')?.textContent;
    if (text && window.__stages.at(-1) !== text) window.__stages.push(text);
  }).observe(document, { childList: true, subtree: true, characterData: true });
};

/** The gate results as the Gates & run pane lists them. */
async function gates(page) {
  await openPane(page, 'Gates & run');
  await page.getByTestId('gate-result').first().waitFor();
  return page
    .getByTestId('gate-result')
    .evaluateAll((rows) => rows.map((r) => `${r.dataset.gate}=${r.dataset.status}`));
}

test('a large run is reviewed in the worker, with progress, to the same result as on the page', async () => {
  const { page, problems } = await openPage(app.browser, 'about:blank');
  await page.addInitScript(recordProgress);
  await page.goto(`${app.url}?report=report.md&run=large-run.json`);
  await page.locator('.app[data-review-built=worker]').waitFor();
  const verdict = await page.getByTestId('verdict').getAttribute('data-verdict');
  const stages = await page.evaluate(() => window.__stages);
  assert.ok(
    stages.some((s) => /Building the review in the background: .*run file/i.test(s)),
    stages.join(' | '),
  );
  const inWorker = await gates(page);
  assert.ok(await page.getByTestId('review-progress').count() === 0, 'the progress line is gone');
  assert.equal(await page.locator('#phases-heading').textContent(), `Phases (${3000 + 8})`);

  const { page: small } = await openPage(app.browser, 'about:blank');
  // Only the review worker counts: the proof worker (PGlite) may start too, for the seed's SQL.
  const isReviewWorker = (worker) => new URL(worker.url()).pathname.endsWith('/worker.js');
  let started = 0;
  small.on('worker', (worker) => isReviewWorker(worker) && started++);
  await small.goto(`${app.url}?report=report.md&run=seed-run.json`);
  await small.locator('.app[data-review-built=page]').waitFor();
  // A worker was started while the inputs arrived; they proved small, so it is stopped.
  const closed = small
    .workers()
    .filter(isReviewWorker)
    .map((worker) => new Promise((done) => worker.once('close', done)));
  await Promise.race([Promise.all(closed), new Promise((done) => setTimeout(done, 5000).unref())]);
  assert.equal(started, 1, 'a worker was warmed up');
  assert.equal(small.workers().filter(isReviewWorker).length, 0, 'no review worker left running');
  assert.equal(await small.getByTestId('verdict').getAttribute('data-verdict'), verdict);
  assert.deepEqual(inWorker, await gates(small));
  assert.ok(inWorker.length >= 10, inWorker.join());
  assert.deepEqual(problems, []);
  await page.close();
  await small.close();
});

test('the Rules pane can be read while the review is being built', async () => {
  // The worker's script arrives 3 s late (and no service worker answers in its place),
  // so the review is surely still being built when the rules are looked at.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/worker.js', async (route) => {
    await new Promise((done) => setTimeout(done, 3000));
    await route.continue();
  });
  await page.goto(`${app.url}?report=report.md&run=large-run.json&view=rules`);
  await page.getByTestId('rule').first().waitFor();
  assert.ok(await page.getByTestId('review-progress').isVisible(), 'still building');
  assert.equal(await page.getByTestId('rule').count(), gateIds.length);
  await page.locator('.app[data-review-built=worker]').waitFor();
  await page.getByTestId('verdict').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a panic in the worker shows the page's panic panel with the worker's message", async () => {
  // A stand-in worker that answers as worker.js does when the wasm panics: the panic
  // hook's message first, then the error of the trap.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  await page.route('**/worker.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `self.onmessage = () => {
        self.postMessage({ stage: 'Reading the run file (1.5 MB)…' });
        self.postMessage({ panic: 'panicked at crates/core/src/run/read.rs:1:1:\\nboom' });
        self.postMessage({ error: 'unreachable' });
      };`,
    }),
  );
  await page.goto(`${app.url}?report=report.md&run=large-run.json`);
  const details = page.getByTestId('panic-details');
  await details.waitFor();
  assert.match(await details.inputValue(), /panicked at crates\/core\/src\/run\/read.rs:1:1:/);
  assert.equal(await page.locator('.app[data-review-built=page]').count(), 0, 'not silently rebuilt');
  assert.ok(await page.locator('nav.panes').isVisible(), 'the page under the panel stays');
  await page.close();
});

test('where no worker can start, the page reviews the inputs itself', async () => {
  // No service worker: it would serve worker.js from its cache, past the route below.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${app.url}?report=report.md&run=large-run.json`);
  await page.locator('.app[data-review-built=page]').waitFor();
  await page.getByTestId('verdict').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
