// Every review is built by the engine (its own wasm) in one Web Worker: the page says
// what the engine is doing, its tabs keep answering meanwhile, and the review is the
// command line's. Where the engine cannot run, the page says so and shows no verdict: it
// has no engine of its own to fall back on.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildCli, checkJson, gateIds, openPage, openPane, root, serve, servedApp, siteCopy } from './support.mjs';

const seed = join(root, 'fixtures/seed');

/** Where the site below is written. */
let site;

/** The seed with 3,000 more phases: a run file of about 1.5 MB. */
async function serveLargeRun() {
  site = await siteCopy('worker-site', { withSeedSql: true });
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

/** `secondlook check` on the same files: its verdict and sorted gate results. */
function cliReview(run) {
  const result = checkJson(['--report', join(seed, 'money-core-audit-report.md'), '--run', run]);
  return { verdict: result.verdict, gates: result.gates.map((g) => `${g.id}=${g.status}`).sort() };
}

before(buildCli);

/** Only the engine's worker counts: the proof worker (PGlite) may start too. */
const isEngineWorker = (worker) => new URL(worker.url()).pathname.endsWith('/engine-worker.js');

test('a large run is reviewed by the engine worker, with progress, to the CLI\'s result', async () => {
  const { page, problems } = await openPage(app.browser, 'about:blank');
  await page.addInitScript(recordProgress);
  let started = 0;
  page.on('worker', (worker) => isEngineWorker(worker) && started++);
  await page.goto(`${app.url}?report=report.md&run=large-run.json`);
  await page.getByTestId('verdict').waitFor();
  const stages = await page.evaluate(() => window.__stages);
  // Read once, when the page asks which SQL files the run names, while it loads.
  assert.ok(
    stages.some((s) => /^Loading the inputs: Reading the run file \(1\.\d MB\)…$/.test(s)),
    stages.join(' | '),
  );
  assert.ok(!stages.some((s) => /Building the review: .*run file/i.test(s)), stages.join(' | '));
  const inBrowser = {
    verdict: await page.getByTestId('verdict').getAttribute('data-verdict'),
    gates: (await gates(page)).sort(),
  };
  assert.ok(await page.getByTestId('review-progress').count() === 0, 'the progress line is gone');
  assert.equal(await page.locator('#phases-heading').textContent(), `Phases (${3000 + 8})`);
  assert.deepEqual(inBrowser, cliReview(join(site, 'large-run.json')));
  assert.ok(inBrowser.gates.length >= 10, inBrowser.gates.join());
  assert.equal(started, 1, 'one engine worker');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the engine worker stays for the page\'s life: a second review asks the same one', async () => {
  const { page, problems } = await openPage(app.browser, 'about:blank');
  let started = 0;
  page.on('worker', (worker) => isEngineWorker(worker) && started++);
  await page.goto(`${app.url}?report=report.md&run=seed-run.json`);
  await page.getByTestId('verdict').waitFor();
  assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'go');
  // Pasting a file builds a new review.
  await page.locator('.open-inputs summary').click();
  await page.locator('.open-inputs textarea').fill('DROP TABLE payments;');
  await page.getByRole('button', { name: 'Add pasted text' }).click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid=verdict]')?.getAttribute('data-verdict') === 'no-go',
  );
  assert.equal(started, 1, 'one engine worker for both reviews');
  assert.equal(page.workers().filter(isEngineWorker).length, 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the Rules pane can be read while the review is being built', async () => {
  // The run file arrives 3 s late (and no service worker answers in its place), so the
  // review is surely not built when the rules are looked at: the engine answers the
  // rules' texts first, whatever review it is asked for after.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/large-run.json', async (route) => {
    await new Promise((done) => setTimeout(done, 3000));
    await route.continue();
  });
  await page.goto(`${app.url}?report=report.md&run=large-run.json&view=rules`);
  await page.getByTestId('rule').first().waitFor();
  assert.ok(await page.getByTestId('review-progress').isVisible(), 'still loading or building');
  assert.equal(await page.getByTestId('rule').count(), gateIds.length);
  await page.getByTestId('verdict').waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test("a panic in the engine shows the page's panic panel with the engine's message", async () => {
  // A stand-in worker that answers as engine-worker.js does when the wasm panics: the
  // panic hook's message first, then the error of the trap.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  await page.route('**/engine-worker.js', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: `self.onmessage = ({ data }) => {
        if (data.init) return;
        self.postMessage({ id: data.id, stage: 'Reading the run file (1.5 MB)…' });
        self.postMessage({ panic: 'panicked at crates/core/src/run/read.rs:1:1:\\nboom' });
        self.postMessage({ id: data.id, error: 'unreachable' });
      };`,
    }),
  );
  await page.goto(`${app.url}?report=report.md&run=large-run.json`);
  const details = page.getByTestId('panic-details');
  await details.waitFor();
  assert.match(await details.inputValue(), /panicked at crates\/core\/src\/run\/read.rs:1:1:/);
  assert.equal(await page.getByTestId('verdict').count(), 0, 'no verdict');
  assert.ok(await page.locator('nav.panes').isVisible(), 'the page under the panel stays');
  await page.close();
});

test('where the engine cannot start, the page says why and shows no verdict', async () => {
  // No service worker: it would serve engine-worker.js from its cache, past the route.
  const page = await app.browser.newPage({ serviceWorkers: 'block' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/engine-worker.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(`${app.url}?report=report.md&run=seed-run.json`);
  const error = page.getByTestId('engine-error');
  await error.waitFor();
  assert.match(await error.textContent(), /No review: the review engine is not available: .+\. Reload/);
  assert.equal(await page.getByTestId('verdict').count(), 0, 'no verdict without the engine');
  assert.ok(await page.locator('nav.panes').isVisible(), 'the page stays usable');
  assert.deepEqual(errors, []);
  await page.close();
});
