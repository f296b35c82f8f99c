// The hostile corpus in fixtures/xss/ runs nothing and sends nothing: every report is
// opened with a run file, every pane is visited, and no payload may run script, open a
// dialog, change the title or make a request off the test server. The payloads must
// still be shown as text, not silently dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frames, openPane, screenshot, servedApp, serveWithFixtures } from './support.mjs';

const app = servedApp(serveWithFixtures);
const PANES = ['Findings', 'Checklists', 'Gates & run', 'SQL', 'Schema', 'Report', 'Rules'];
const SEED_RUN = 'fixtures/seed/run.json';
const HOSTILE_RUN = 'fixtures/xss/run.json';

const CASES = [
  ['fixtures/xss/html.md', SEED_RUN],
  ['fixtures/xss/links.md', SEED_RUN],
  ['fixtures/xss/structure.md', HOSTILE_RUN],
  ['fixtures/reports/hostile.md', HOSTILE_RUN],
];

/**
 * Opens `url` in a fresh page that records what a payload could do. Not `openPage`:
 * Chromium logs each request the CSP refuses as a console error, which is the policy
 * working, so console errors are kept for the message but only page errors fail.
 */
async function openWatched(url) {
  const page = await app.browser.newPage();
  page.setDefaultTimeout(15_000);
  const seen = { dialogs: [], offsite: [], pageErrors: [], console: [] };
  const origin = new URL(app.url).origin;
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    const u = r.url();
    // data: and blob: URLs never leave the machine; anything with another origin does.
    if (!/^(data|blob|about):/.test(u) && new URL(u).origin !== origin) seen.offsite.push(u);
  });
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && seen.console.push(m.text()));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(url);
  return { page, seen };
}

for (const [report, run] of CASES) {
  test(`${report} with ${run} runs nothing and sends nothing`, async () => {
    const { page, seen } = await openWatched(`${app.url}?report=${report}&run=${run}`);
    await page.getByTestId('report-title').waitFor();
    const shown = [];
    for (const pane of PANES) {
      await openPane(page, pane);
      // Let what a payload could set off on render have its chance: a request starts, an
      // image load fails, a handler or a timer of a frame runs.
      await frames(page, 4);
      shown.push(await page.locator('main').innerText());
      if (pane === 'Report' && report.endsWith('structure.md')) {
        await screenshot(page, 'xss-structure-report.png');
      }
    }
    const state = await page.evaluate(() => ({
      xss: window.__xss,
      title: document.title,
      frames: window.frames.length,
      violations: window.__violations,
    }));
    const context = JSON.stringify({ ...seen, violations: state.violations }, null, 1);
    assert.equal(state.xss, undefined, `window.__xss was set\n${context}`);
    assert.equal(state.title, 'secondlook', context);
    assert.deepEqual(seen.dialogs, [], context);
    assert.deepEqual(seen.offsite, [], context);
    assert.deepEqual(seen.pageErrors, [], context);
    assert.equal(state.frames, 0, `a frame was created\n${context}`);
    // Stronger than the above: no payload even reached the DOM as a live element, so the
    // renderer, not only the CSP behind it, stopped every one.
    assert.deepEqual(state.violations, [], context);
    // Shown as text, not dropped: the report's raw HTML and hostile schemes are visible.
    const text = shown.join('\n');
    assert.ok(/onerror|onload|<script/.test(text), `no payload text on any pane of ${report}`);
    if (report.endsWith('links.md')) assert.ok(text.includes('javascript:'), 'javascript: link text');
    if (run === HOSTILE_RUN) {
      assert.ok(text.includes('window.__xss=1'), 'the run payloads are shown as text');
    }
    await page.close();
  });
}
