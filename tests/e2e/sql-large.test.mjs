// A 5 MB migration: the SQL pane puts only the lines near the screen in the page, and
// the hidden ones as one space before and one after them, so it opens in under a second
// with no task over 200 ms (it froze the tab for over 150 s when every line was drawn),
// keeps its colour and finding marks, and links to lines far down (never shown yet) land
// there, at a desktop's and a phone's width. The timings are printed for
// docs/benchmarks.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { frames, launch, openPage, openPane, root, servedSeedReview } from './support.mjs';

const TARGET_BYTES = 5 * 1024 * 1024;
/** No main-thread task may take longer than this while the pane opens or scrolls. */
const LONG_TASK_MS = 200;
/** From the click on "SQL" to its first lines on screen. */
const FIRST_LINES_MS = 1000;

/**
 * The seed migration with one money column narrowed (a finding near the top), then data
 * rows (as a data migration carries) up to 5 MB, then a statement that makes a money
 * column inexact (findings on a line far down).
 */
async function largeSql() {
  const seed = await readFile(join(root, 'fixtures/seed/schema/0000_money_core.sql'), 'utf8');
  const parts = [seed.replace('"amount" numeric(38, 18)', '"amount" numeric(38, 2)')];
  let size = parts[0].length;
  for (let n = 0; size < TARGET_BYTES; n++) {
    const row =
      '\n--> statement-breakpoint\n' +
      `INSERT INTO "categories" ("mongo_id", "name", "parent_id_raw")\n` +
      `VALUES (\n  'm${String(n).padStart(7, '0')}', 'Category ${n}', NULL\n);`;
    parts.push(row);
    size += row.length;
  }
  parts.push('\n--> statement-breakpoint\nALTER TABLE "ledger_entries" ALTER COLUMN "amount" TYPE real;');
  parts.push('\n-- the last line of the migration\n');
  return parts.join('');
}

let browser;
let site;
let lines;
let alterLine;

test.before(async () => {
  const sql = await largeSql();
  lines = sql.split('\n').length;
  alterLine = sql.slice(0, sql.lastIndexOf('ALTER TABLE')).split('\n').length;
  site = await servedSeedReview('sql-large', sql);
  browser = await launch();
});

test.after(async () => {
  await browser?.close();
  await site?.server.close();
});

/** Starts counting main-thread tasks over LONG_TASK_MS from now on. */
function watchLongTasks(page) {
  return page.evaluate((limit) => {
    window.longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.duration > limit) window.longTasks.push(Math.round(entry.duration));
      }
    }).observe({ type: 'longtask' });
  }, LONG_TASK_MS);
}

const longTasks = (page) => page.evaluate(() => window.longTasks);

test('5 MB of SQL opens in the SQL pane at once, keeps its marks, follows a link far down and scrolls without freezing', { timeout: 180_000 }, async () => {
  const { page, problems } = await openPage(browser, `${site.server.url}?report=report.md&run=run.json`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('gate-result').first().waitFor({ timeout: 120_000 });
  await frames(page, 10);
  await watchLongTasks(page);

  const started = Date.now();
  await page.locator('nav.panes button', { hasText: /^SQL$/ }).click();
  await page.locator('#sql-0-L1').waitFor();
  const firstLines = Date.now() - started;
  console.log(`5 MB SQL (${lines} lines): first lines after ${firstLines} ms`);
  assert.ok(firstLines < FIRST_LINES_MS, `first lines after ${firstLines} ms`);
  assert.equal(Number(await page.getByTestId('sql-code').getAttribute('data-lines')), lines);
  const inPage = await page.locator('.sql-line').count();
  assert.ok(inPage < 2000, `${inPage} lines in the page`);

  // Colour and the finding marks are on the lines shown.
  assert.ok(await page.locator('#sql-0-L5 .tok-keyword', { hasText: 'CREATE' }).count());
  assert.ok(await page.locator('[data-testid=sql-marker][data-gate=money-type]').count());
  assert.ok(await page.locator('.sql-line.band-finding').count());

  // A finding's link to a line 190,000 lines down, never shown yet, lands on it.
  const far = `#sql-0-L${alterLine}`;
  await page.locator(`.sql-finding a[href="${far}"]`).first().click();
  await page.waitForFunction((far) => {
    const r = document.querySelector(far)?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= window.innerHeight;
  }, far);
  await frames(page, 30);
  assert.ok(await isOnScreen(page, far), 'the far line moved off the screen');
  const line = page.locator(far);
  assert.ok(await line.evaluate((el) => el.classList.contains('band-finding') && el.classList.contains('landed')));
  assert.ok(await line.locator('.tok-keyword', { hasText: 'ALTER' }).count(), 'the far line is coloured');
  assert.ok(await page.locator('[data-testid=sql-marker][data-gate=additive-only]').count());

  // Reading back up a few screens at a time, then from the top down.
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, -2000);
    await frames(page, 2);
  }
  await page.keyboard.press('Home');
  await frames(page, 10);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, 2000);
    await frames(page, 2);
  }
  assert.ok((await page.locator('.sql-line').count()) < 2000);
  const tasks = await longTasks(page);
  console.log(`long tasks over ${LONG_TASK_MS} ms while opening and scrolling: ${tasks.length} ${JSON.stringify(tasks)}`);
  assert.deepEqual(tasks, [], `tasks over ${LONG_TASK_MS} ms`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a link to the last line of 5 MB of SQL lands on it, opened fresh, on a desktop and a phone', { timeout: 300_000 }, async () => {
  const last = `sql-0-L${lines}`;
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const what = `${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${site.server.url}?report=report.md&run=run.json#${last}`);
    await page.locator(`#${last}`).waitFor({ timeout: 120_000 });
    await onScreen(page, `#${last}`);
    // It stays there while the lines around it are drawn and measured.
    await frames(page, 30);
    assert.ok(await isOnScreen(page, `#${last}`), `${what}: the line moved off the screen`);
    assert.ok(await page.locator(`#${last}`).evaluate((el) => el.classList.contains('landed')), what);
    assert.equal(await page.locator('nav.panes button[aria-pressed=true]').textContent(), 'SQL', what);
    // The pane scrolls sideways inside itself, never the page.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), what);
    await watchLongTasks(page);
    // Back up towards the start, through lines never shown.
    for (let i = 0; i < 20; i++) {
      await page.mouse.wheel(0, -3000);
      await frames(page, 2);
    }
    await page.locator('.sql-line').first().waitFor();
    const tasks = await longTasks(page);
    console.log(`${what}: long tasks over ${LONG_TASK_MS} ms while scrolling back up: ${tasks.length} ${JSON.stringify(tasks)}`);
    assert.deepEqual(tasks, [], `${what}: tasks over ${LONG_TASK_MS} ms`);
    await context.close();
  }
});

/** Whether the element is wholly inside the window now. */
function isOnScreen(page, selector) {
  return page.evaluate((selector) => {
    const r = document.querySelector(selector)?.getBoundingClientRect();
    return Boolean(r && r.top >= 0 && r.bottom <= window.innerHeight);
  }, selector);
}

/** Resolves once the element is wholly inside the window. */
function onScreen(page, selector) {
  return page.waitForFunction((selector) => {
    const r = document.querySelector(selector)?.getBoundingClientRect();
    return r && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector);
}

// The browser's find sees only the lines in the page: the pane's own search finds the
// last statement of 5 MB, brings its line into view and marks it; Enter and Shift+Enter
// (and the buttons) go round the matches; a reload keeps the search and the match shown;
// a one-letter search stops counting at the limit; an over-long one is refused.
test('the SQL search finds the last statement of 5 MB, marks it, goes round and survives a reload', { timeout: 300_000 }, async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const what = `${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await openPage(context, `${site.server.url}?report=report.md&run=run.json`);
    await page.getByTestId('gate-result').first().waitFor({ timeout: 120_000 });
    await openPane(page, 'SQL');
    const input = page.getByLabel('Search the SQL');
    const count = page.getByTestId('sql-search-count');
    const current = `#sql-0-L${alterLine} mark.search-current`;

    await input.fill('type REAL');
    await page.waitForFunction(() => document.querySelector('[data-testid=sql-search-count]').textContent === '1 of 1');
    await onScreen(page, current);
    assert.equal(await page.locator(current).textContent(), 'TYPE real', what);
    assert.equal(await page.locator('mark.search-current').count(), 1, what);

    // Several matches, the last one far down: back from the first goes round to it.
    await input.fill('alter table');
    await page.waitForFunction(() => /^1 of \d+$/.test(document.querySelector('[data-testid=sql-search-count]').textContent));
    const n = Number((await count.textContent()).split(' of ')[1]);
    assert.ok(n >= 2, `${what}: ${n} matches`);
    const firstLine = await page.locator('mark.search-current').evaluate((m) => Number(m.closest('.sql-line').dataset.line));
    assert.ok(firstLine < alterLine, what);
    await input.press('Shift+Enter');
    assert.equal(await count.textContent(), `${n} of ${n}`, what);
    await onScreen(page, current);
    await input.press('Enter');
    assert.equal(await count.textContent(), `1 of ${n}`, what);
    await onScreen(page, `#sql-0-L${firstLine} mark.search-current`);
    await page.getByTestId('sql-search-next').click();
    assert.equal(await count.textContent(), `2 of ${n}`, what);
    await page.getByTestId('sql-search-previous').click();
    await page.getByTestId('sql-search-previous').click();
    assert.equal(await count.textContent(), `${n} of ${n}`, what);
    await onScreen(page, current);

    // A reload keeps what was searched for and the match shown, in view.
    await page.reload();
    await page.locator(current).waitFor({ timeout: 120_000 });
    assert.equal(await input.inputValue(), 'alter table', what);
    assert.equal(await count.textContent(), `${n} of ${n}`, what);
    await onScreen(page, current);

    // Bounded: a letter in every row stops at the limit; a huge query is refused.
    await input.fill('a');
    await page.waitForFunction(() => document.querySelector('[data-testid=sql-search-count]').textContent === '1 of 1000+');
    await input.fill('x'.repeat(5000));
    await page.waitForFunction(() => /^Over 200 characters/.test(document.querySelector('[data-testid=sql-search-count]').textContent));
    assert.equal(await page.locator('mark.search-hit').count(), 0, what);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
});
