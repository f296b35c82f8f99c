// A full localStorage: the tick that cannot be saved stays on screen with a warning that
// says so, no tick saved before is lost, and saving resumes once there is room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openPane, screenshot, servedApp } from './support.mjs';

const site = servedApp();

test('a full storage quota is reported and loses no tick', async () => {
  const { page, problems } = await openPage(site.browser, site.url);
  await page.getByTestId('verdict').waitFor();
  await openPane(page, 'Checklists');
  const items = page.getByTestId('checklist-item');
  await items.first().waitFor();
  const total = await items.count();
  const box = (i) => items.nth(i).locator(':scope > input[type=checkbox]');
  const id = (i) => items.nth(i).getAttribute('data-item-id');
  const stored = () =>
    page.evaluate(() => {
      const keys = Object.keys(localStorage).filter((k) => k.startsWith('secondlook.ticks.'));
      return keys.map((k) => JSON.parse(localStorage.getItem(k)).ticked);
    });

  await box(0).check();
  assert.deepEqual(await stored(), [[await id(0)]]);

  // Fill the quota to the last character: chunks that halve until one character fails.
  const refusal = await page.evaluate(() => {
    let n = 0;
    let refusal = null;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      const chunk = 'x'.repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`junk-${n}`, chunk);
          n += 1;
        } catch (e) {
          refusal = e.name;
          break;
        }
      }
    }
    return refusal;
  });
  assert.equal(refusal, 'QuotaExceededError');

  await box(3).check();
  const warning = page.getByTestId('ticks-warning');
  await warning.waitFor();
  assert.equal(await warning.getAttribute('role'), 'alert');
  const text = await warning.textContent();
  assert.match(text, /The last change to the ticks could not be saved in this browser: the browser's storage for this page is full\./);
  assert.match(text, /The ticks on screen are kept on this page but not saved/);
  assert.deepEqual(await stored(), [[await id(0)]], 'the tick saved before is still stored');
  assert.ok(await box(0).isChecked());
  assert.ok(await box(3).isChecked());
  assert.equal(await page.getByTestId('checklist-progress').textContent(), `2 of ${total} ticked`);

  // Another pane and back: the panel is built again, and still shows the unsaved tick.
  await openPane(page, 'Findings');
  await openPane(page, 'Checklists');
  await items.first().waitFor();
  assert.ok(await box(0).isChecked());
  assert.ok(await box(3).isChecked());
  assert.match(await warning.textContent(), /storage for this page is full/);
  await screenshot(page, 'storage-quota-full.png');

  // Room again: the next tick saves all three, and the warning goes.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('junk-')) localStorage.removeItem(key);
  });
  await box(5).check();
  await warning.waitFor({ state: 'detached' });
  const saved = (await stored())[0].slice().sort();
  assert.deepEqual(saved, [await id(0), await id(3), await id(5)].sort());
  await page.reload();
  await openPane(page, 'Checklists');
  await items.first().waitFor();
  for (const i of [0, 3, 5]) assert.ok(await box(i).isChecked(), `item ${i} after the reload`);
  assert.deepEqual(problems, []);
});
