// Printing gives the verdict, the findings and the checklists as one plain document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openPane, screenshot, servedApp } from './support.mjs';

const app = servedApp();

test('print shows the verdict, every finding and the checklists, without controls', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  await page.getByTestId('verdict').waitFor();
  await openPane(page, 'Checklists');
  const first = page.getByTestId('checklist-item').first().locator(':scope > input[type=checkbox]');
  await first.check();
  await openPane(page, 'SQL');
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.getByTestId('checklist-item').first().waitFor();
  assert.ok(await page.getByTestId('verdict').isVisible());
  assert.ok((await page.getByTestId('finding-row').count()) >= 17);
  assert.ok(await page.getByTestId('checklist-item').first().locator(':scope > input').isChecked());
  assert.equal(await page.locator('.sql-code').count(), 0, 'the open pane gives way');
  assert.equal(await page.locator('nav.panes').isVisible(), false);
  assert.equal(await page.locator('.findings-filters').isVisible(), false);
  await screenshot(page, 'print.png', { fullPage: true });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.locator('.sql-code').waitFor();
  assert.deepEqual(problems, []);
});
