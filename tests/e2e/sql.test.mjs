// The SQL and Schema panes of the demo: numbered, coloured lines, links that reach their
// line, and the schema by table. Screenshots in light and dark for a look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openPane, screenshot, servedApp } from './support.mjs';

const app = servedApp();

for (const scheme of ['light', 'dark']) {
  test(`the SQL pane shows numbered, coloured lines (${scheme})`, async () => {
    const { page, problems } = await openPage(app.browser, app.url);
    await page.emulateMedia({ colorScheme: scheme });
    await page.getByTestId('report-title').waitFor();
    await openPane(page, 'SQL');
    const first = page.locator('#sql-0-L1');
    await first.waitFor();
    const number = await first.evaluate((el) => getComputedStyle(el, '::before').content);
    assert.equal(number, '"1"');
    const lines = await page.locator('.sql-line').count();
    assert.ok(lines > 100, `${lines} lines`);
    const keyword = page.locator('.tok-keyword', { hasText: 'CREATE' }).first();
    const colour = await keyword.evaluate((el) => getComputedStyle(el).color);
    const plain = await page.locator('.sql-code').evaluate((el) => getComputedStyle(el).color);
    assert.notEqual(colour, plain, 'keywords are coloured');
    const suffix = scheme === 'light' ? '' : '-dark';
    await screenshot(page, `sql${suffix}.png`);

    // Each finding links to its line; following the link brings the line into view.
    if (await page.locator('.sql-passing').count()) {
      await page.locator('.sql-passing summary').click();
    }
    const evidence = page.locator('.sql-finding a').first();
    const href = await evidence.getAttribute('href');
    assert.match(href, /^#sql-0-L\d+$/);
    await evidence.click();
    assert.equal(new URL(page.url()).hash, href);
    assert.ok(await page.locator(href).isVisible());
    assert.ok(await page.locator(href).evaluate((el) => el.matches(':target')));

    await openPane(page, 'Schema');
    await page.getByTestId('schema-table').first().waitFor();
    assert.equal(await page.getByTestId('schema-table').count(), 9);
    await page.locator('[data-table=payments] summary').click();
    await page.getByTestId('table-filter').fill('pay');
    assert.equal(await page.locator('[data-testid=schema-table]:visible').count(), 1);
    await screenshot(page, `schema${suffix}.png`);
    assert.deepEqual(problems, []);
  });
}
