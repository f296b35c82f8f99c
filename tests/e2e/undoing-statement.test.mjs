// A protection undone further down is blamed on the statement that undid it: the seed's
// append-only trigger, disabled by a later ALTER TABLE, and its mixed-id CHECK, dropped by
// a later DROP CONSTRAINT. Each gate's first SQL link (on its card and in the banner) goes
// to that line, the SQL pane highlights it, and the fix (card and banner) says to remove
// it, at 1280×720 and on a 390×844 phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, openPage, root, servedSeedReview } from './support.mjs';

const UNDO = 'ALTER TABLE "ledger_entries" DISABLE TRIGGER ledger_entries_no_update_delete;';
const DROP = 'ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_owner_mixed_id";';

let site;
let browser;
let line;
let dropLine;

test.before(async () => {
  const seed = await readFile(join(root, 'fixtures/seed/schema/0000_money_core.sql'), 'utf8');
  const sql = `${seed.trimEnd()}\n\n${UNDO}\n${DROP}\n`;
  line = sql.split('\n').indexOf(UNDO) + 1;
  dropLine = sql.split('\n').indexOf(DROP) + 1;
  site = await servedSeedReview('undoing-statement', sql);
  browser = await launch();
});

test.after(async () => {
  await browser?.close();
  await site?.server.close();
});

test('the statement that disabled the trigger is the evidence, highlighted, and the fix', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const what = `${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await openPage(context, `${site.server.url}?report=report.md&run=run.json`);
    await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
    const card = page.locator('[data-testid=gate-result][data-gate=append-only]').first();
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'fail', what);
    const message = await card.locator('.gate-message').textContent();
    assert.match(message, /trigger ledger_entries_no_update_delete is disabled by `ALTER TABLE/, `${what}: ${message}`);
    const fix = new RegExp(`^What would fix it: Remove \`ALTER TABLE .*DISABLE TRIGGER.*\` at \\S*0000_money_core\\.sql:${line}\\.$`);
    assert.match(await card.getByTestId('gate-fix').textContent(), fix, what);
    const item = page.locator('[data-testid=attention][data-gate=append-only]');
    assert.match(await item.getByTestId('attention-fix').textContent(), fix, `${what}: the banner's fix`);

    const target = `#sql-0-L${line}`;
    const first = card.locator('.evidence a').first();
    assert.equal(await first.getAttribute('href'), target, what);
    const banner = page.locator('[data-testid=attention][data-gate=append-only] [data-testid=attention-evidence]');
    assert.equal(await banner.getAttribute('href'), target, `${what}: the banner's link`);

    await first.click();
    const shown = page.locator(target);
    await shown.waitFor();
    assert.match(await shown.getAttribute('class'), /\bband-finding\b/, `${what}: highlighted`);
    assert.match(await shown.textContent(), /DISABLE TRIGGER ledger_entries_no_update_delete/);
    assert.equal(new URL(page.url()).searchParams.get('view'), 'sql');
    // The CREATE TRIGGER above it was fine, and is not what the gate points at first.
    const create = await page.locator('.sql-line', { hasText: 'CREATE TRIGGER ledger_entries_no_update_delete' }).getAttribute('data-line');
    assert.notEqual(Number(create), line);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
});

test('the DROP CONSTRAINT that removed the mixed-id CHECK is the evidence, highlighted, and the fix', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const what = `${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await openPage(context, `${site.server.url}?report=report.md&run=run.json`);
    await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
    const card = page.locator('[data-testid=gate-result][data-gate=mixed-id-check]').first();
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'fail', what);
    const message = await card.locator('.gate-message').textContent();
    assert.match(message, /ledger_entries_owner_mixed_id tied them until `ALTER TABLE .*DROP CONSTRAINT/, `${what}: ${message}`);
    const fix = new RegExp(`^What would fix it: Remove \`ALTER TABLE .*DROP CONSTRAINT.*\` at \\S*0000_money_core\\.sql:${dropLine}\\.$`);
    assert.match(await card.getByTestId('gate-fix').textContent(), fix, what);
    const item = page.locator('[data-testid=attention][data-gate=mixed-id-check]');
    assert.match(await item.getByTestId('attention-fix').textContent(), fix, `${what}: the banner's fix`);

    const target = `#sql-0-L${dropLine}`;
    const first = card.locator('.evidence a').first();
    assert.equal(await first.getAttribute('href'), target, what);
    const banner = item.getByTestId('attention-evidence');
    assert.equal(await banner.getAttribute('href'), target, `${what}: the banner's link`);

    await first.click();
    const shown = page.locator(target);
    await shown.waitFor();
    assert.match(await shown.getAttribute('class'), /\bband-finding\b/, `${what}: highlighted`);
    assert.match(await shown.textContent(), /DROP CONSTRAINT "ledger_entries_owner_mixed_id"/);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
});
