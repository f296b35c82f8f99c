// The built demo opens on the Gates & run pane: the recomputed verdict on top, the
// run-level gates with their statuses, and the run's phases as a timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, screenshot, servedApp } from './support.mjs';

const RUN_LEVEL_GATES = [
  'self-audit-safe',
  'tests-not-skipped',
  'no-version-bump',
  'factory-complete',
  'gate-consistent',
];
const VERDICTS = ['go', 'go-with-changes', 'not-verified', 'no-go'];

const app = servedApp();

test('the demo shows the verdict, the run-level gates and eight phases', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  assert.ok(VERDICTS.includes(await verdict.getAttribute('data-verdict')));
  for (const id of RUN_LEVEL_GATES) {
    const rows = page.locator(`[data-testid=gate-result][data-gate="${id}"]`);
    assert.ok((await rows.count()) >= 1, `no result for ${id}`);
    for (const status of await rows.evaluateAll((els) => els.map((e) => e.dataset.status))) {
      assert.ok(
        ['pass', 'fail', 'not-reported', 'not-verified'].includes(status),
        `${id}: ${status}`,
      );
    }
  }
  assert.equal(await page.getByTestId('phase').count(), 8);
  await screenshot(page, 'run.png', { fullPage: true });
  assert.deepEqual(problems, []);
});

test('the banner stays on screen when the page scrolls', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  await page.getByTestId('phase').last().scrollIntoViewIfNeeded();
  assert.ok(await page.getByTestId('verdict').isVisible());
  const box = await page.getByTestId('verdict').boundingBox();
  assert.ok(box.y >= 0 && box.y < 200, `verdict at y=${box.y}`);
  assert.deepEqual(problems, []);
});

test('dark mode uses the dark palette', async () => {
  const page = await app.browser.newPage();
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(app.url);
  await page.getByTestId('verdict').waitFor();
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, 'rgb(13, 17, 23)');
  await screenshot(page, 'run-dark.png', { fullPage: true });
});
