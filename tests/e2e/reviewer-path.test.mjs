// The reviewer's path to "why" on a no-go (fixtures/nogo: an idempotency index lost a
// WHERE term) and on the demo, at 1280×720, on a 390×844 phone and printed on A4: the
// failing gate is named in the banner without scrolling, every jump lands in view below
// the sticky banner, no pane scrolls the page sideways, and the printout keeps every
// column. Screenshots go to tests/e2e/output/reviewer-path/ (scripts/screenshots.mjs
// makes the README's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, openPane, root, serveWithFixtures, servedApp } from './support.mjs';

const app = servedApp(() => serveWithFixtures('reviewer-path-site'));
const shots = join(root, 'tests/e2e/output/reviewer-path');
const NOGO = '?report=fixtures/seed/money-core-audit-report.md&run=fixtures/nogo/run.json';
const PANES = ['Gates & run', 'Findings', 'Checklists', 'SQL', 'Schema', 'Report', 'Rules'];
const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
// A4 is 210 mm wide: 794 CSS pixels at 96 per inch.
const A4 = { width: 794, height: 1123 };

async function open(viewport, query = '') {
  const context = await app.browser.newContext({ viewport });
  const opened = await openPage(context, `${app.url}${query}`);
  // A debug build under load can take a while to review.
  await opened.page.getByTestId('verdict').waitFor({ timeout: 120_000 });
  await mkdir(shots, { recursive: true });
  return { ...opened, context };
}

/** The target's box, and the lowest point the banner covers (0 when scrolled away). */
async function placement(page, selector) {
  return page.evaluate((selector) => {
    const target = document.querySelector(selector).getBoundingClientRect();
    const banner = document.querySelector('.verdict-banner').getBoundingClientRect();
    const sticky = getComputedStyle(document.querySelector('.verdict-banner')).position === 'sticky';
    return {
      top: target.top,
      bottom: target.bottom,
      covered: sticky ? Math.max(0, banner.bottom) : 0,
      height: window.innerHeight,
    };
  }, selector);
}

function assertLandsInView(where, what) {
  assert.ok(
    where.top >= where.covered && where.top < where.height,
    `${what}: top ${where.top}, banner to ${where.covered}, screen ${where.height}`,
  );
}

async function assertNoSidewaysScroll(page, what) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${what}: page is ${scroll} px wide in ${client}`);
}

test('the no-go names its failing gate, message and fix in the banner, in view', async () => {
  for (const [viewport, name] of [
    [DESKTOP, 'nogo-1280'],
    [PHONE, 'nogo-390'],
  ]) {
    const { page, problems, context } = await open(viewport, NOGO);
    assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), 'no-go');
    const item = page.locator('[data-testid=attention][data-gate=index-predicate]');
    assert.equal(await item.getAttribute('data-status'), 'fail');
    const message = item.locator('.attention-message');
    assert.match(await message.textContent(), /status/);
    for (const part of [item.locator('.attention-gate'), message]) {
      const box = await part.boundingBox();
      assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${name}: ${JSON.stringify(box)}`);
    }
    // The fix names the missing term, not the gate's general advice.
    assert.equal(
      await item.getByTestId('attention-fix').textContent(),
      "What would fix it: In the WHERE of payments_rn_idempotency_idx: add status = 'pending'.",
      name,
    );
    // The failing gate comes first.
    assert.equal(await page.getByTestId('attention').first().getAttribute('data-gate'), 'index-predicate');
    await page.screenshot({ path: join(shots, `${name}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('every jump lands in view below the banner, and the URL names the pane', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const { page, problems, context } = await open(viewport, NOGO);
    const item = page.locator('[data-testid=attention][data-gate=index-predicate]');

    // The banner's evidence link: the failing line in the SQL pane.
    const evidence = item.getByTestId('attention-evidence');
    const line = await evidence.getAttribute('href');
    assert.match(line, /^#sql-0-L120$/);
    await evidence.click();
    await page.locator(line).waitFor();
    await page.waitForTimeout(100);
    assertLandsInView(await placement(page, line), `SQL line at ${viewport.width}`);
    assert.equal(new URL(page.url()).searchParams.get('view'), 'sql');
    assert.ok(await page.locator(line).evaluate((el) => el.matches(':target')), 'highlighted');

    // Back returns to where the reviewer was.
    await page.goBack();
    await page.getByTestId('gate-result').first().waitFor();
    assert.notEqual(new URL(page.url()).hash, line);

    // The banner's gate link: its card in Gates & run.
    await item.locator('a.attention-gate').click();
    const card = '#gate-index-predicate';
    await page.locator(card).waitFor();
    await page.waitForTimeout(100);
    assertLandsInView(await placement(page, card), `gate card at ${viewport.width}`);
    assert.equal(new URL(page.url()).searchParams.get('view'), 'run');

    // From the gate card to the findings it relates to, and from a finding back to the gate.
    await page.locator(`${card} .relates a`).first().click();
    const row = page.locator('[data-testid=finding-row].target').first();
    await row.waitFor();
    await page.waitForTimeout(200);
    assertLandsInView(await placement(page, '[data-testid=finding-row].target'), `row at ${viewport.width}`);
    assert.equal(new URL(page.url()).searchParams.get('view'), 'findings');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a finding links to its gates, and the count chips filter the gates', async () => {
  const { page, problems, context } = await open(DESKTOP, NOGO);
  await openPane(page, 'Findings');
  const link = page.locator('[data-testid=finding-row] .related a[href="#gate-index-predicate"]').first();
  await link.click();
  await page.locator('#gate-index-predicate').waitFor();
  await page.waitForTimeout(100);
  assertLandsInView(await placement(page, '#gate-index-predicate'), 'gate from a finding');

  const cards = page.locator('[data-testid=gate-result]:visible');
  const all = await cards.count();
  await page.locator('[data-testid=gate-count][data-status=fail]').click();
  const failed = await cards.evaluateAll((cs) => cs.map((c) => c.dataset.status));
  assert.ok(failed.length > 0 && failed.length < all, `${failed.length} of ${all}`);
  assert.ok(failed.every((s) => s === 'fail'), failed.join());
  await page.locator('[data-testid=gate-count][data-status=fail]').click();
  assert.equal(await cards.count(), all);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [viewport, label] of [
  [DESKTOP, '1280'],
  [PHONE, '390'],
]) {
  test(`no pane scrolls the page sideways at ${label} px (demo and no-go)`, async () => {
    for (const query of ['', NOGO]) {
      const { page, problems, context } = await open(viewport, query);
      for (const pane of PANES) {
        await openPane(page, pane);
        await page.waitForTimeout(150);
        await assertNoSidewaysScroll(page, `${pane} at ${label}${query && ' (no-go)'}`);
      }
      await openPane(page, 'Findings');
      await page.getByTestId('finding-row').first().waitFor();
      // The table keeps every column inside its box.
      const table = await page.getByTestId('findings-table').evaluate((t) => ({
        table: t.getBoundingClientRect().right,
        box: t.parentElement.getBoundingClientRect().right,
      }));
      assert.ok(table.table <= table.box + 1, `findings table ${JSON.stringify(table)}`);
      const name = query ? 'nogo' : 'demo';
      await page.screenshot({ path: join(shots, `${name}-findings-${label}.png`) });
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

test('printed on A4 the findings keep every column', async () => {
  for (const [query, name] of [
    ['', 'demo'],
    [NOGO, 'nogo'],
  ]) {
    const { page, problems, context } = await open(A4, query);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.getByTestId('finding-row').first().waitFor();
    const edges = await page.evaluate(() => ({
      cells: Math.max(
        ...[...document.querySelectorAll('.findings-table th, .findings-table td')].map(
          (c) => c.getBoundingClientRect().right,
        ),
      ),
      width: document.documentElement.clientWidth,
    }));
    assert.ok(edges.cells <= edges.width, `${name}: a column ends at ${edges.cells} of ${edges.width}`);
    assert.ok(await page.getByTestId('verdict').isVisible());
    await page.screenshot({ path: join(shots, `${name}-print-a4.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }
});
