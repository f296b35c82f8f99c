// The Report pane of the built app (dist/) renders the seed report: its callouts and
// findings tables are on screen, and screenshots in light and dark show how it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, openPane, screenshot, servedApp } from './support.mjs';

const app = servedApp();

for (const colorScheme of ['light', 'dark']) {
  test(`the Report pane shows callouts and findings tables (${colorScheme})`, async () => {
    const { page, problems } = await openPage(app.browser, app.url);
    await page.emulateMedia({ colorScheme });
    await openPane(page, 'Report');
    const provenance = page.locator('aside.callout-info .callout-title-text');
    await provenance.waitFor();
    assert.equal(await provenance.textContent(), 'Provenance');
    assert.ok(await provenance.isVisible());

    const recommended = page
      .locator('table')
      .filter({ has: page.locator('th', { hasText: 'Change' }) });
    assert.ok(await recommended.isVisible());
    assert.equal(await recommended.locator('tbody tr').count(), 12);

    // The contents link to their headings.
    await page.locator('nav.toc a', { hasText: '3. Recommended Changes' }).click();
    assert.equal(new URL(page.url()).hash, '#3-recommended-changes-apply-before-first-run');

    const name = colorScheme === 'dark' ? 'report-dark.png' : 'report.png';
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name, { fullPage: true });
    assert.deepEqual(problems, []);
  });
}
