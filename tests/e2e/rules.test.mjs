// The Rules pane lists every gate of the core's registry, each linkable by its id.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, openPage, openPane, root } from './support.mjs';

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Rules pane shows the 13 gates, self-audit first', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await openPane(page, 'Rules');
  const rules = page.locator('section.rules-panel article.rule-card');
  await rules.first().waitFor();
  assert.equal(await rules.count(), 13);
  assert.equal(await rules.first().getAttribute('id'), 'rule-self-audit-safe');
  const money = page.locator('#rule-money-type');
  assert.match(await money.textContent(), /DECIMAL_PRECISION_TRUNCATION_RISK/);
  assert.match(await money.locator('.severity-badge').textContent(), /blocker/i);
  await mkdir(join(root, 'docs/screenshots'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs/screenshots/rules.png'), fullPage: true });
  assert.deepEqual(problems, []);
});
