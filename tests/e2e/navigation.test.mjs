// The open pane lives in the URL: reload keeps it, back and forward step through panes,
// and evidence links open the pane that holds their target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openPane, servedApp } from './support.mjs';

const app = servedApp();

const view = (page) => new URL(page.url()).searchParams.get('view');
const pressed = (page) => page.locator('nav.panes button[aria-pressed=true]').textContent();

test('the pane survives a reload, and back/forward step through panes', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  await page.getByTestId('gate-result').first().waitFor();
  assert.equal(await pressed(page), 'Gates & run');
  await openPane(page, 'SQL');
  assert.equal(view(page), 'sql');
  await page.locator('#sql-0-L1').waitFor();
  await page.reload();
  await page.locator('#sql-0-L1').waitFor();
  assert.equal(await pressed(page), 'SQL');
  await openPane(page, 'Rules');
  assert.equal(view(page), 'rules');
  await page.goBack();
  await page.locator('#sql-0-L1').waitFor();
  assert.equal(await pressed(page), 'SQL');
  await page.goBack();
  await page.getByTestId('gate-result').first().waitFor();
  assert.equal(await pressed(page), 'Gates & run');
  await page.goForward();
  await page.locator('#sql-0-L1').waitFor();
  assert.deepEqual(problems, []);
});

test('SQL evidence and gate ids in the run pane open their targets', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  const money = page.locator('[data-testid=gate-result][data-gate=money-type]').first();
  const link = money.locator('.evidence a').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^#sql-0-L\d+$/);
  await link.click();
  await page.locator(href).waitFor();
  assert.equal(await pressed(page), 'SQL');
  assert.ok(await page.locator(href).isVisible());
  await page.goBack();
  await page.getByTestId('gate-result').first().waitFor();
  await money.locator('a.gate-id').click();
  await page.locator('#rule-money-type').waitFor();
  assert.equal(await pressed(page), 'Rules');
  assert.ok(await page.locator('#rule-money-type').isVisible());
  assert.deepEqual(problems, []);
});
