// What a reviewer typed towards a sign-off (their name, a reason per failed blocker) is
// kept per report as the ticks are: it survives following a link in the report, going
// Back, a reload and a pane switch, and goes only when the reviewer clears it. A link
// in the report opens in a new tab, so the review stays open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, openPane, root, serve, servedApp, siteCopy } from './support.mjs';

/**
 * The app with fixtures/ beside it, and a report whose text links to a page. A relative
 * link resolves against the app's page, so the linked page sits beside index.html.
 */
async function siteWithLinkedReport() {
  const site = await siteCopy('work-kept-site');
  await cp(join(root, 'fixtures'), join(site, 'fixtures'), { recursive: true });
  const report = await readFile(join(root, 'fixtures/diff/report.md'), 'utf8');
  const dir = join(site, 'fixtures/work-kept');
  await cp(join(root, 'fixtures/diff'), dir, { recursive: true });
  await writeFile(join(dir, 'report.md'), `${report}\n\nRead [the runbook](runbook.html) before signing.\n`);
  await writeFile(
    join(site, 'runbook.html'),
    // No favicon to fetch: its 404 would be a console error.
    '<!doctype html><title>Runbook</title><link rel="icon" href="data:,"><p>The runbook.</p>',
  );
  return serve(site);
}

const site = servedApp(siteWithLinkedReport);
const REVIEW = '?report=fixtures/work-kept/report.md&run=fixtures/work-kept/run.json';
const NAME = 'Ada Reviewer';
const REASON = 'converted by migration 0001, ticket MONEY-12';

/** The name and the reasons on the Checklists pane, once it is drawn. */
async function typed(page) {
  await page.getByTestId('verdict').waitFor();
  await openPane(page, 'Checklists');
  await page.getByTestId('signoff-risk').first().waitFor();
  return {
    who: await page.getByTestId('signoff-who').inputValue(),
    reasons: await page.getByTestId('signoff-risk').evaluateAll((r) => r.map((t) => t.value)),
  };
}

test('a name and a reason survive a report link, Back and a reload; the reviewer clears them', async () => {
  const context = await site.browser.newContext();
  const { page, problems } = await openPage(context, `${site.url}${REVIEW}`);
  const blank = await typed(page);
  assert.equal(blank.who, '');
  assert.ok(blank.reasons.length >= 1, 'the no-go run has a failed blocker to give a reason for');
  await page.getByTestId('signoff-who').fill(NAME);
  await page.getByTestId('signoff-risk').first().fill(REASON);
  const expected = { who: NAME, reasons: [REASON, ...blank.reasons.slice(1)] };

  // Another pane and back: the panel is built again from what was kept.
  await openPane(page, 'Report');
  assert.deepEqual(await typed(page), expected);

  // The report's link opens a new tab and leaves the review where it was.
  await openPane(page, 'Report');
  const link = page.locator('.report-body a', { hasText: 'the runbook' });
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.match(await link.getAttribute('rel'), /\bnoopener\b/);
  const reviewUrl = page.url();
  const [tab] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await tab.waitForLoadState();
  assert.equal(tab.url(), new URL('runbook.html', site.url).href);
  assert.equal(page.url(), reviewUrl);
  await tab.close();
  assert.deepEqual(await typed(page), expected);

  // Leaving the review in its own tab (the link's address typed in) and going Back.
  await page.goto(new URL('runbook.html', site.url).href);
  await page.goBack();
  assert.deepEqual(await typed(page), expected);

  await page.reload();
  assert.deepEqual(await typed(page), expected);

  // Only the reviewer clears them: emptied, they stay empty after a reload.
  await page.getByTestId('signoff-who').fill('');
  await page.getByTestId('signoff-risk').first().fill('');
  await page.reload();
  assert.deepEqual(await typed(page), blank);
  assert.deepEqual(problems, []);
  await context.close();
});
