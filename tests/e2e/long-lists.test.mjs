// Long lists keep only the rows near the screen in the page: a 2,000-finding
// report and a 1,000-phase run, generated here from the seed, load with a few hundred
// rows in the DOM, scroll to their end, follow a deep link far down, filter, and print
// whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { frames, openPage, openPane, root, serve, servedApp, siteCopy } from './support.mjs';

const FINDINGS = 2000;
const PHASES = 1000;
const seed = join(root, 'fixtures/seed');

async function serveLongInputs() {
  const site = await siteCopy('long-site', { withSeedSql: true });
  let report = await readFile(join(seed, 'money-core-audit-report.md'), 'utf8');
  report += '\n\n## 9. Further recommended changes\n\n| Phase | ID | Change | Severity |\n|---|---|---|---|\n';
  for (let n = 0; n < FINDINGS; n++) {
    const id = `LONG-${String(n).padStart(4, '0')}`;
    report += `| Schema | ${id} | Check number ${n} of the long list. | low |\n`;
  }
  await writeFile(join(site, 'long.md'), report);
  const run = JSON.parse(await readFile(join(seed, 'run.json'), 'utf8'));
  for (let n = 0; n < PHASES; n++) {
    run.phases.push({ name: `Extra phase ${n}`, status: 'passed', durationMs: 1000 + n, notes: [`note of phase ${n}`] });
  }
  await writeFile(join(site, 'long.json'), JSON.stringify(run));
  return serve(site);
}

const app = servedApp(serveLongInputs);

/**
 * Scrolls down the page a screen at a time, as a person reading on would, while blocks
 * come in and grow the page, until `locator` is in it (or well past the end).
 */
async function scrollUntil(page, locator) {
  for (let i = 0; i < 400 && (await locator.count()) === 0; i++) {
    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 0.8));
    await frames(page, 3);
  }
  await locator.waitFor();
}
const long = () => `${app.url}?report=long.md&run=long.json`;
const rows = (page) => page.getByTestId('finding-row');

test('a 2,000-row findings table puts only the rows near the screen in the page', async () => {
  const { page, problems } = await openPage(app.browser, `${long()}&view=findings`);
  await rows(page).first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.window-block[data-block]').length > 0);
  const total = await page.getByTestId('match-count').textContent();
  assert.match(total, /Showing (\d+) of \1 rows/);
  const shown = await rows(page).count();
  assert.ok(shown < 400, `${shown} rows in the page`);
  assert.ok(await page.locator('[data-id=LONG-0000]').isVisible());

  // The end of the table: its last row comes in, the first goes out.
  await scrollUntil(page, page.locator('[data-id=LONG-1999]'));
  await page.locator('[data-id=LONG-0000]').waitFor({ state: 'detached' });
  assert.ok((await rows(page).count()) < 400);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a deep link far down the table brings its row in and into view', async () => {
  const { page, problems } = await openPage(app.browser, `${long()}#finding=LONG-1500`);
  const row = page.locator('[data-id=LONG-1500]');
  await row.waitFor();
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-id=LONG-1500]')?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.equal(await row.getAttribute('aria-current'), 'location');
  assert.ok((await rows(page).count()) < 400);

  // Keyboard selection walks on past the rows that were in the page.
  for (let i = 0; i < 60; i++) await page.keyboard.press('j');
  await page.locator('[data-id=LONG-1560][data-selected=true]').waitFor();
  assert.deepEqual(problems, []);
  await page.close();
});

test('filtering a long table shows every match and only what is near the screen', async () => {
  const { page, problems } = await openPage(app.browser, `${long()}&view=findings`);
  await rows(page).first().waitFor();
  await page.getByTestId('findings-search').fill('number 19');
  // "number 19", "number 190".."199", "number 1900".."1999": 111 matches.
  await page.getByTestId('match-count').filter({ hasText: 'Showing 111 of' }).waitFor();
  assert.ok((await rows(page).count()) <= 111);
  await scrollUntil(page, page.locator('[data-id=LONG-1999]'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('printing a long table puts every row in the page', async () => {
  const { page, problems } = await openPage(app.browser, `${long()}&view=findings`);
  await rows(page).first().waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.locator('[data-id=LONG-1999]').waitFor();
  assert.ok((await rows(page).count()) > FINDINGS);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a run with 1,000 extra phases puts only the phases near the screen in the page', async () => {
  const { page, problems } = await openPage(app.browser, long());
  await openPane(page, 'Gates & run');
  const phases = page.getByTestId('phase');
  // The timeline starts below the gates: its first phases come in as it is reached.
  await page.locator('#phases-heading').scrollIntoViewIfNeeded();
  await phases.filter({ hasText: 'Preflight' }).waitFor();
  const heading = await page.locator('#phases-heading').textContent();
  assert.match(heading, /Phases \(\d{4}\)/);
  assert.ok((await phases.count()) < 200, `${await phases.count()} phases in the page`);
  await scrollUntil(page, phases.filter({ hasText: 'Extra phase 999' }));
  await phases.filter({ hasText: 'Preflight' }).waitFor({ state: 'detached' });
  assert.ok((await phases.count()) < 200);
  assert.deepEqual(problems, []);
  await page.close();
});
