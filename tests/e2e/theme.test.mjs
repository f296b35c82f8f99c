// Dark mode follows the system, and the toggle overrides it across reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, servedApp } from './support.mjs';

const app = servedApp();

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const LIGHT = 'rgb(255, 255, 255)';
const DARK = 'rgb(13, 17, 23)';

test('the page follows prefers-color-scheme', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  await page.getByTestId('verdict').waitFor();
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await background(page), LIGHT);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await background(page), DARK);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the toggle picks light or dark over the system, and the choice survives a reload', async () => {
  const context = await app.browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(app.url);
  const toggle = page.getByTestId('theme-toggle');
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-label'), 'Theme: system');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-label'), 'Theme: light');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-label'), 'Theme: dark');
  assert.equal(await background(page), DARK);
  await page.reload();
  await page.getByTestId('verdict').waitFor();
  assert.equal(await background(page), DARK);
  await page.getByTestId('theme-toggle').click();
  assert.equal(await background(page), LIGHT, 'back to the system (light) choice');
  await context.close();
});
