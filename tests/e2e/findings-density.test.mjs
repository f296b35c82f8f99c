// The Findings pane reads at real scale: at 1280×720 its rows start on the first
// screen, compact rows show at least 12 a screen (a choice kept on reload), the header
// stays in view below the sticky banner while the rows scroll, and no cell breaks a
// word over two lines; on a 390×844 phone each ID stands apart. The seed's 60 rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frames, openPage, servedApp } from './support.mjs';

const app = servedApp();
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };

async function findings(viewport) {
  const context = await app.browser.newContext({ viewport });
  const opened = await openPage(context, `${app.url}?view=findings`);
  await opened.page.getByTestId('finding-row').first().waitFor();
  await frames(opened.page);
  return { ...opened, context };
}

/** The first row's top, relative to the screen. */
const firstRowTop = (page) =>
  page.getByTestId('finding-row').first().evaluate((row) => row.getBoundingClientRect().top);

/**
 * Every place a cell's text wraps between two letters or digits of one word, and every
 * cell whose content is wider than the cell: both empty when words wrap whole.
 */
const brokenWords = (page) =>
  page.evaluate(() => {
    const broken = [];
    const word = /[\p{L}\p{N}]/u;
    for (const cell of document.querySelectorAll('[data-testid=finding-row] td')) {
      if (cell.scrollWidth > cell.clientWidth + 1) {
        broken.push(`${cell.dataset.label}: ${cell.scrollWidth} > ${cell.clientWidth}: ${cell.textContent}`);
      }
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent;
        const range = document.createRange();
        let before = null;
        for (let at = 0; at < text.length; at += 1) {
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rect = range.getClientRects()[0];
          if (!rect || rect.height === 0) {
            before = null;
            continue;
          }
          const here = { top: rect.top, letter: word.test(text[at]) };
          if (before?.letter && here.letter && Math.abs(here.top - before.top) > 2) {
            broken.push(`${cell.dataset.label}: "${text.slice(Math.max(0, at - 10), at)}|${text.slice(at, at + 10)}"`);
          }
          before = here;
        }
      }
    }
    return broken;
  });

test('rows on the first screen, a sticky header, 12 compact rows a screen, whole words', async () => {
  const { page, problems, context } = await findings(DESKTOP);
  assert.equal(await page.getByTestId('finding-row').count(), 60);
  const top = await firstRowTop(page);
  assert.ok(top > 0 && top < DESKTOP.height, `the first row starts at ${top}`);
  assert.deepEqual(await brokenWords(page), []);

  // A filter chosen: rows are still on the first screen.
  await page.locator('[data-testid=filter-more] summary').click();
  await page.getByTestId('filter-class-gate').check();
  await frames(page);
  const filtered = await firstRowTop(page);
  assert.ok(filtered > 0 && filtered < DESKTOP.height, `after a filter the first row is at ${filtered}`);
  await page.getByTestId('filter-class-gate').uncheck();
  await page.locator('[data-testid=filter-more] summary').click();

  // Compact rows, kept on reload.
  await page.getByTestId('findings-compact').check();
  await page.reload();
  await page.getByTestId('finding-row').first().waitFor();
  await frames(page);
  assert.ok(await page.getByTestId('findings-compact').isChecked(), 'compact after a reload');
  assert.match(await page.getByTestId('findings-table').getAttribute('class'), /\bcompact\b/);
  assert.deepEqual(await brokenWords(page), []);

  // Scrolled into the rows: the header sticks below the banner, with 12 rows or more
  // wholly on the screen beneath it.
  const table = await page.evaluate(() => document.querySelector('.findings-table').getBoundingClientRect().top + window.scrollY);
  for (const down of [table, table + 1500]) {
    await page.evaluate((down) => window.scrollTo(0, down), down);
    await frames(page);
    const seen = await page.evaluate(() => {
      const header = document.querySelector('.findings-table thead th').getBoundingClientRect();
      const banner = document.querySelector('.verdict-banner').getBoundingClientRect();
      const rows = [...document.querySelectorAll('[data-testid=finding-row]')].filter((row) => {
        const r = row.getBoundingClientRect();
        return r.top >= header.bottom - 1 && r.bottom <= window.innerHeight;
      });
      const atHeader = document.elementFromPoint(header.left + 40, header.top + header.height / 2);
      return {
        header: { top: header.top, bottom: header.bottom },
        banner: banner.bottom,
        rows: rows.length,
        headerOnTop: Boolean(atHeader?.closest('thead')),
      };
    });
    const what = `scrolled ${down}: ${JSON.stringify(seen)}`;
    assert.ok(Math.abs(seen.header.top - seen.banner) <= 2, `the header sticks below the banner, ${what}`);
    assert.ok(seen.headerOnTop, `nothing covers the header, ${what}`);
    assert.ok(seen.rows >= 12, `12 rows on the screen, ${what}`);
  }

  // The selected row shows all of its text.
  const row = page.getByTestId('finding-row').nth(20);
  await row.click();
  const text = row.locator('td.text .clamp');
  assert.ok(await text.evaluate((el) => el.scrollHeight <= el.clientHeight + 1), 'the selected row is whole');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone each ID stands apart, no word is broken and nothing scrolls sideways', async () => {
  const { page, problems, context } = await findings(PHONE);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= PHONE.width, `the page is ${wide} px wide`);
  const apart = await page.evaluate(() => {
    const gaps = [];
    for (const cell of document.querySelectorAll('[data-testid=finding-row] td.ids')) {
      const codes = [...cell.querySelectorAll('code')].map((c) => c.getBoundingClientRect());
      for (let at = 1; at < codes.length; at += 1) {
        const [a, b] = [codes[at - 1], codes[at]];
        // On one line, a visible gap; else on lines of their own.
        gaps.push(Math.abs(a.top - b.top) < 2 ? b.left - a.right : a.height);
      }
    }
    return gaps;
  });
  assert.ok(apart.length > 0, 'the seed has rows with more than one ID');
  for (const gap of apart) assert.ok(gap >= 4, `IDs ${gap} px apart`);
  assert.deepEqual(await brokenWords(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});
