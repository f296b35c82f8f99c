// The verdict banner at 1280×720 and on a 390×844 phone: it says what the verdict rests
// on (a static re-check while PostgreSQL proves it, with no green go until it is done;
// proven; or not proven, why, and the one thing to do), and it scales: blockers before
// warnings, repeated results grouped by gate with a count, the reason for the verdict on
// the first screen, no box that takes the wheel, and on the phone at most one screen
// before the tabs with no sideways scroll.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, root, screenshot, servedSeedReview } from './support.mjs';

// Starting PostgreSQL compiles 9 MB of wasm and runs initdb: seconds on a busy machine.
const PROOF_TIMEOUT = 180_000;
const VIEWPORTS = [
  ['1280', { width: 1280, height: 720 }],
  ['390', { width: 390, height: 844 }],
];
const seedSql = join(root, 'fixtures/seed/schema/0000_money_core.sql');
const REVIEW = '?report=report.md&run=run.json';
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/**
 * A fresh context at `viewport` without the service worker (so every request is the
 * page's to route), failing on page errors; `autoProof: false` turns automatic proving
 * off as a reviewer's earlier visit would have.
 */
async function openReview(server, viewport, query, { autoProof = true, hold } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  if (!autoProof) {
    await context.addInitScript(() => localStorage.setItem('secondlook-proof-auto', 'off'));
  }
  if (hold) await context.route('**/proof-worker.js', hold);
  await context.addInitScript(recordShown);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${server.url}${query}`);
  await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
  return { context, page, problems };
}

/**
 * Before any page script: every change of what the banner's verdict says, in order, as
 * `<data-shown> <words>` in `window.shownVerdicts`, each frame's DOM seen by a mutation
 * observer, so no verdict drawn for a moment goes unrecorded.
 */
function recordShown() {
  window.shownVerdicts = [];
  const note = () => {
    const verdict = document.querySelector('[data-testid=verdict]');
    if (!verdict) return;
    const seen = `${verdict.dataset.shown} ${verdict.querySelector('.verdict-words')?.textContent}`;
    if (window.shownVerdicts.at(-1) !== seen) window.shownVerdicts.push(seen);
  };
  new MutationObserver(note).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
}

const shownVerdicts = (page) => page.evaluate(() => window.shownVerdicts);

/** The verdict's colour, and the colour the page gives a pass. */
function colours(page) {
  return page.evaluate(() => {
    const probe = document.createElement('span');
    probe.style.color = 'var(--pass)';
    document.body.append(probe);
    const pass = getComputedStyle(probe).color;
    probe.remove();
    return { verdict: getComputedStyle(document.querySelector('.verdict')).color, pass };
  });
}

const basis = (page) => page.locator('.verdict-box').getAttribute('data-basis');
const status = (page) => page.getByTestId('proof-status').textContent();

test('a held-back proof: the banner says checking, never go, until PostgreSQL has proven the go', { timeout: 4 * PROOF_TIMEOUT }, async () => {
  const { server } = await servedSeedReview('banner/held');
  try {
    for (const [name, viewport] of VIEWPORTS) {
      let release;
      const released = new Promise((ok) => {
        release = ok;
      });
      let held = 0;
      const hold = async (route) => {
        held += 1;
        await released;
        await route.continue();
      };
      const { context, page, problems } = await openReview(server, viewport, REVIEW, { hold });
      await page.locator('.verdict-box[data-basis=proving]').waitFor();
      // The static re-check found a go; until PostgreSQL has answered, it says "checking".
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'go', name);
      assert.equal(await page.getByTestId('verdict').getAttribute('data-shown'), 'checking', name);
      assert.equal(await page.locator('.verdict-words').textContent(), 'Checking…', name);
      assert.match(await status(page), /^Static re-check — proving with PostgreSQL… /, name);
      // The proof is held at its worker's script: it cannot have finished.
      await page.waitForTimeout(500);
      assert.ok(held > 0, `${name}: the proof worker was not requested`);
      assert.equal(await basis(page), 'proving', name);
      const before = await colours(page);
      assert.notEqual(before.verdict, before.pass, `${name}: a green go while proving`);

      assert.deepEqual(await shownVerdicts(page), ['checking Checking…'], name);

      release();
      await page.locator('.verdict-box[data-basis=proven]').waitFor({ timeout: PROOF_TIMEOUT });
      // Never a go before the last answer: checking, then the proven go.
      assert.deepEqual(await shownVerdicts(page), ['checking Checking…', 'go Go'], name);
      assert.match(
        await status(page),
        /^Proven by PostgreSQL 18\.\d+ \(PGlite 0\.5\.16\) in this tab · \d+ results? checked/,
        name,
      );
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'go', name);
      const after = await colours(page);
      assert.equal(after.verdict, after.pass, `${name}: the proven go is green`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `banner-proven-${name}.png`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  } finally {
    await server.close();
  }
});

test('not proven: the banner says why, with the one thing to do, and shows no green go', async () => {
  const { server } = await servedSeedReview('banner/not-proven');
  try {
    for (const [name, viewport] of VIEWPORTS) {
      const off = await openReview(server, viewport, REVIEW, { autoProof: false });
      assert.equal(await basis(off.page), 'not-proven', name);
      assert.match(await status(off.page), /^Not proven — static re-check only: automatic proving is off\. /, name);
      assert.equal(await off.page.getByTestId('prove').count(), 1, name);
      const shown = await colours(off.page);
      assert.notEqual(shown.verdict, shown.pass, `${name}: a green go no proof stands behind`);
      assert.deepEqual(off.problems, []);
      await off.context.close();

      // No run file: nothing says what to prove, so nothing is called proven, even after
      // PostgreSQL has run the SQL.
      const sqlOnly = await openReview(server, viewport, '?sql=schema/0000_money_core.sql');
      await sqlOnly.page
        .locator('.app[data-proof-state=done], .app[data-proof-state=unavailable]')
        .waitFor({ timeout: PROOF_TIMEOUT });
      assert.equal(await basis(sqlOnly.page), 'not-proven', name);
      assert.match(await status(sqlOnly.page), /^Not proven — static re-check only: no run file is loaded/, name);
      assert.doesNotMatch(await sqlOnly.page.locator('.app').textContent(), /Proven/);
      await sqlOnly.page.getByTestId('open-files').click();
      assert.equal(await sqlOnly.page.locator('#open-inputs').getAttribute('open'), '');
      assert.deepEqual(sqlOnly.problems, []);
      await sqlOnly.context.close();
    }
  } finally {
    await server.close();
  }
});

/** The seed with its idempotency index lacking a WHERE term (a failed blocker), and 40 indexes built without CONCURRENTLY on a table the migration did not create (40 warnings). */
async function fortyWarnings() {
  const seed = await readFile(seedSql, 'utf8');
  const term = ` AND "payments"."status" = 'pending'`;
  assert.ok(seed.includes(term), `the seed SQL has no ${term}`);
  const indexes = Array.from(
    { length: 40 },
    (_, i) => `CREATE INDEX "legacy_events_${i}_idx" ON "legacy_events" ("created_at");\n`,
  );
  return seed.replace(term, '') + '\n' + indexes.join('');
}

test('40 warnings and one blocker: the blocker first and in view, the warnings one entry with a count', async () => {
  const { server } = await servedSeedReview('banner/forty', await fortyWarnings());
  try {
    for (const [name, viewport] of VIEWPORTS) {
      const { context, page, problems } = await openReview(server, viewport, REVIEW, { autoProof: false });
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'no-go', name);
      const first = page.locator('[data-testid=verdict-reasons] [data-testid=attention]').first();
      assert.equal(await first.getAttribute('data-gate'), 'index-predicate', name);
      for (const part of [first.locator('.attention-gate'), first.locator('.attention-message')]) {
        const box = await part.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${name}: ${JSON.stringify(box)}`);
      }
      // Blockers before warnings (a section cut by the fold goes on, unnamed, under it).
      const sections = await page
        .locator('[data-testid=verdict-reasons] .attention[data-testid]')
        .evaluateAll((all) => all.map((s) => s.dataset.testid));
      assert.deepEqual(sections, ['failed-blocker-reasons', 'failed-warning-reasons'], name);
      const group = page.locator('[data-testid=attention-group][data-gate="squawk:require-concurrent-index-creation"]');
      assert.equal(await group.getAttribute('data-count'), '40', name);
      assert.equal(await group.getByTestId('attention-count').textContent(), '× 40', name);
      assert.equal(await group.getByTestId('attention-count').isVisible(), true, name);
      // The 40 places are one tap away, each a link to its line.
      const places = group.locator('[data-testid=attention]');
      assert.equal(await places.count(), 40, name);
      assert.equal(await places.first().isVisible(), false, name);
      await group.locator('summary').click();
      assert.equal(await places.nth(39).isVisible(), true, name);
      assert.match(await places.first().getByTestId('attention-evidence').getAttribute('href'), /^#sql-0-L\d+$/);
      await group.locator('summary').click();

      const layout = await page.evaluate(() => ({
        tabs: document.querySelector('nav.panes').getBoundingClientRect().top + window.scrollY,
        scrollWidth: document.scrollingElement.scrollWidth,
        scrollers: [...document.querySelectorAll('.verdict-banner, .verdict-banner *, .verdict-reasons, .verdict-reasons *')]
          .filter((el) => /(auto|scroll)/.test(getComputedStyle(el).overflowY) && el.scrollHeight > el.clientHeight)
          .map((el) => el.className),
      }));
      assert.deepEqual(layout.scrollers, [], `${name}: a box in the banner scrolls by itself`);
      if (viewport.width === 390) {
        assert.ok(layout.tabs <= viewport.height, `${name}: the tabs start at ${layout.tabs}`);
        assert.ok(layout.scrollWidth <= 390, `${name}: the page is ${layout.scrollWidth} px wide`);
      }

      // The wheel over the banner and over its reasons scrolls the page.
      for (const selector of ['.verdict-banner', '[data-testid=verdict-reasons]']) {
        await page.evaluate(() => window.scrollTo(0, 0));
        const box = await page.locator(selector).boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height, 40) / 2);
        await page.mouse.wheel(0, 300);
        await page.waitForFunction(() => window.scrollY > 0, null, { timeout: 5_000 });
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `banner-forty-warnings-${name}.png`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  } finally {
    await server.close();
  }
});

test('a failed blocker is a no-go at once, while the proof is still held back', async () => {
  const { server } = await servedSeedReview('banner/no-go-held', await fortyWarnings());
  let release;
  const released = new Promise((ok) => {
    release = ok;
  });
  const hold = async (route) => {
    await released;
    await route.continue();
  };
  try {
    const [, viewport] = VIEWPORTS[0];
    const { context, page, problems } = await openReview(server, viewport, REVIEW, { hold });
    await page.locator('.verdict-box[data-basis=proving]').waitFor();
    const verdict = page.getByTestId('verdict');
    assert.equal(await verdict.getAttribute('data-shown'), 'no-go');
    assert.equal(await page.locator('.verdict-words').textContent(), 'No-go');
    assert.deepEqual(await shownVerdicts(page), ['no-go No-go']);
    release();
    await page.locator('.app[data-proof-state=done]').waitFor({ timeout: PROOF_TIMEOUT });
    assert.equal(await verdict.getAttribute('data-shown'), 'no-go');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    release();
    await server.close();
  }
});

test('a statement the re-check could not follow is a link to its line, in the banner', async () => {
  const seed = await readFile(seedSql, 'utf8');
  const broken = `${seed}\nALTER TABLE "payments" ALTER COLUMN "amount" SET DATA TYPE ((;\n`;
  const line = broken.split('\n').length - 1;
  const { server } = await servedSeedReview('banner/unparsed', broken);
  try {
    for (const [name, viewport] of VIEWPORTS) {
      const { context, page, problems } = await openReview(server, viewport, REVIEW, { autoProof: false });
      assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'not-verified', name);
      const settle = page.getByTestId('unverified-blockers').getByTestId('settle').first();
      assert.match(await settle.textContent(), /check the statement at .*0000_money_core\.sql:\d+:\d+ by hand/, name);
      const link = settle.getByTestId('place-link');
      assert.equal(await link.getAttribute('href'), `#sql-0-L${line}`, name);
      await link.click();
      await page.locator(`#sql-0-L${line}`).waitFor();
      assert.equal(new URL(page.url()).searchParams.get('view'), 'sql', name);
      assert.deepEqual(problems, []);
      await context.close();
    }
  } finally {
    await server.close();
  }
});
