// axe-core finds no serious or critical accessibility violation on any pane, in light
// and in dark.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openPage, openPane, root, servedApp } from './support.mjs';

const app = servedApp();
const axe = join(root, 'node_modules/axe-core/axe.min.js');
const PANES = ['Gates & run', 'Findings', 'Checklists', 'SQL', 'Schema', 'Report', 'Rules'];

async function violations(page) {
  await page.addScriptTag({ path: axe });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× e.g. ${v.nodes[0]?.target.join(' ')}`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`no serious axe-core violations on any pane (${colorScheme})`, async () => {
    // axe is injected as an inline script, which the app's CSP rightly refuses.
    const context = await app.browser.newContext({ bypassCSP: true, colorScheme });
    const { page, problems } = await openPage(context, app.url);
    await page.getByTestId('verdict').waitFor();
    const found = {};
    for (const pane of PANES) {
      await openPane(page, pane);
      const v = await violations(page);
      if (v.length) found[pane] = v;
    }
    assert.deepEqual(found, {});
    assert.deepEqual(problems, []);
    await context.close();
  });
}
