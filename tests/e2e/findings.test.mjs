// The review workspace in the built app (dist/): filters in the URL, deep links to a
// finding, keyboard selection, checklist ticks kept across reloads, sign-off export
// and import.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openPage, openPane, screenshot, servedApp } from './support.mjs';

const app = servedApp();

const rows = (page) => page.getByTestId('finding-row');

async function demoFindings(url = app.url) {
  const opened = await openPage(app.browser, url);
  await opened.page.getByTestId('report-title').or(rows(opened.page).first()).first().waitFor();
  return opened;
}

test('filters and sort live in the URL and survive a reload', async () => {
  const { page, problems } = await demoFindings(`${app.url}?keep=x`);
  await openPane(page, 'Findings');
  await rows(page).first().waitFor();
  const all = await rows(page).count();
  await page.locator('[data-testid=filter-more] summary').click();
  await page.getByTestId('filter-sev-medium').check();
  await page.getByTestId('sort-id').click();
  await page.getByTestId('findings-search').fill('repos');
  await page.waitForFunction(() => location.search.includes('q=repos'));
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('keep'), 'x', 'other parameters stay');
  assert.equal(url.searchParams.get('view'), 'findings');
  assert.equal(url.searchParams.get('sev'), 'medium');
  assert.equal(url.searchParams.get('sort'), 'id');
  const narrowed = await rows(page).count();
  assert.ok(narrowed > 0 && narrowed < all, `${narrowed} of ${all}`);

  await page.reload();
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), narrowed);
  assert.ok(await page.getByTestId('filter-sev-medium').isChecked());
  assert.equal(await page.getByTestId('findings-search').inputValue(), 'repos');
  const severities = await rows(page).evaluateAll((rs) => rs.map((r) => r.dataset.severity));
  assert.ok(severities.every((s) => s === 'medium'), severities.join());
  const ids = await rows(page).evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.deepEqual(ids, [...ids].sort(), 'sorted by ID');
  assert.equal(await page.locator('th[aria-sort=ascending]').textContent(), 'ID ▲');
  assert.deepEqual(problems, []);
});

const inView = (locator) =>
  locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight;
  });

test('a #finding= link opens the Findings pane at that row, highlighted', async () => {
  const page0 = await app.browser.newPage({ viewport: { width: 1400, height: 700 } });
  await page0.goto(`${app.url}#finding=FK-010`);
  const page = page0;
  const row = page.locator('[data-testid=finding-row].target');
  await row.waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.getAttribute('data-id'), 'IDEMPOTENCY_INDEX_PRESERVATION');
  assert.equal(await row.getAttribute('aria-current'), 'location');
  assert.equal(
    await page.getByRole('button', { name: 'Findings', exact: true }).getAttribute('aria-pressed'),
    'true',
  );
  assert.ok(await inView(row));

  // A later row, far down the table: the page scrolls to it.
  await page.evaluate(() => { location.hash = '#finding=NO_MANUAL_BACKFILL_RUNBOOK_GENERATED'; });
  const later = page.locator('[data-testid=finding-row][data-id=NO_MANUAL_BACKFILL_RUNBOOK_GENERATED]');
  await page.waitForFunction(() =>
    document.querySelector('[data-id=NO_MANUAL_BACKFILL_RUNBOOK_GENERATED]')?.classList.contains('target'));
  // The scroll is smooth: wait until it has brought the row into view.
  await page.waitForFunction(() => {
    const r = document.querySelector('[data-id=NO_MANUAL_BACKFILL_RUNBOOK_GENERATED]')?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= window.innerHeight;
  });
  assert.ok(await inView(later), 'scrolled into view');
  assert.equal(await page.locator('[data-testid=finding-row].target').count(), 1);
  await screenshot(page, 'findings.png');
  await page.close();
});

test('j and k move the selection; / focuses search; ? opens the help', async () => {
  const { page, problems } = await demoFindings();
  await openPane(page, 'Findings');
  await rows(page).first().waitFor();
  const selectedId = () =>
    page.locator('[data-testid=finding-row][data-selected=true]').getAttribute('data-position');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  assert.equal(await selectedId(), '0');
  await page.keyboard.press('j');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedId(), '2');
  await page.keyboard.press('k');
  assert.equal(await selectedId(), '1');
  await page.keyboard.press('?');
  await page.getByTestId('shortcut-help').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('shortcut-help').waitFor({ state: 'detached' });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'findings-search');
  await page.keyboard.press('ArrowDown');
  assert.equal(await selectedId(), '1', 'no shortcut while typing');
  assert.deepEqual(problems, []);
});

test('ticks survive a reload; an exported sign-off restores them', async () => {
  const { page, problems } = await demoFindings();
  await openPane(page, 'Checklists');
  const items = page.getByTestId('checklist-item');
  await items.first().waitFor();
  const progress = page.getByTestId('checklist-progress');
  const total = await items.count();
  assert.equal(await progress.textContent(), `0 of ${total} ticked`);
  const box = (i) => items.nth(i).locator(':scope > input[type=checkbox]');
  await box(0).check();
  await box(3).check();
  assert.equal(await progress.textContent(), `2 of ${total} ticked`);
  assert.ok(await page.locator('.badge.human').count() > 0, 'human-only steps are marked');

  await page.reload();
  await openPane(page, 'Checklists');
  await items.first().waitFor();
  assert.ok(await box(0).isChecked());
  assert.ok(await box(3).isChecked());
  assert.ok(!(await box(1).isChecked()));

  await page.getByTestId('signoff-who').fill('Ada Reviewer');
  // One file per export: JSON by default, Markdown when chosen.
  const exported = async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('signoff-export').click();
    return download;
  };
  const json = await exported();
  assert.match(json.suggestedFilename(), /\.json$/);
  await page.getByTestId('signoff-format').selectOption('md');
  const md = await exported();
  assert.match(md.suggestedFilename(), /\.md$/);
  const jsonPath = await json.path();
  const record = JSON.parse(await readFile(jsonPath, 'utf8'));
  assert.equal(record.who, 'Ada Reviewer');
  assert.match(record.report.sha256, /^[0-9a-f]{64}$/);
  assert.equal(record.items.filter((i) => i.ticked).length, 2);
  assert.match(await readFile(await md.path(), 'utf8'), /Signed by: Ada Reviewer/);
  await screenshot(page, 'checklists.png', { fullPage: true });

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await openPane(page, 'Checklists');
  await items.first().waitFor();
  assert.equal(await progress.textContent(), `0 of ${total} ticked`);
  await page.getByTestId('signoff-import').setInputFiles(jsonPath);
  await page.getByTestId('signoff-message').waitFor();
  assert.match(await page.getByTestId('signoff-message').textContent(), /Ada Reviewer/);
  assert.ok(await box(0).isChecked());
  assert.ok(await box(3).isChecked());
  assert.equal(await progress.textContent(), `2 of ${total} ticked`);
  // Restored ticks are kept again.
  await page.reload();
  await openPane(page, 'Checklists');
  await items.first().waitFor();
  assert.ok(await box(3).isChecked());
  assert.deepEqual(problems, []);
});

test('a sign-off for another report is refused until confirmed; bad kept data is a warning', async () => {
  const { page, problems } = await demoFindings();
  await openPane(page, 'Checklists');
  const items = page.getByTestId('checklist-item');
  await items.first().waitFor();
  const id = await items.nth(2).getAttribute('data-item-id');
  const other = {
    format: 'secondlook-signoff/v1', who: 'Bob', when: '2025-01-01T00:00:00Z',
    report: { path: 'other.md', sha256: '0'.repeat(64) }, run: null, sql: [], verdict: null,
    items: [{ id, checklist: 'x', text: 'x', humanOnly: false, ticked: true }],
  };
  await page.getByTestId('signoff-import').setInputFiles({
    name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)),
  });
  await page.getByTestId('signoff-import-anyway').waitFor();
  assert.match(await page.getByTestId('signoff-differs').textContent(), /other\.md/);
  assert.ok(!(await items.nth(2).locator(':scope > input').isChecked()));
  await page.getByTestId('signoff-import-anyway').click();
  assert.ok(await items.nth(2).locator(':scope > input').isChecked());

  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) localStorage.setItem(key, '{broken');
  });
  await page.reload();
  await openPane(page, 'Checklists');
  await page.getByTestId('ticks-warning').waitFor();
  assert.match(await page.getByTestId('ticks-warning').textContent(), /ignored/);
  assert.deepEqual(problems, []);
});
