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

/**
 * On each viewport: the gate's card fails, its message says what undid it, its first
 * evidence link (on the card and in the banner) goes to `line`, the fix (card and
 * banner) is to remove that statement, and following the link shows the line
 * highlighted. `undone` matches the message, `statement` the statement's text.
 */
async function blamed(gate, line, undone, statement, after = async () => {}) {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 390, height: 844 }]) {
    const what = `${gate} at ${viewport.width}px`;
    const context = await browser.newContext({ viewport });
    const { page, problems } = await openPage(context, `${site.server.url}?report=report.md&run=run.json`);
    await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
    const card = page.locator(`[data-testid=gate-result][data-gate=${gate}]`).first();
    await card.waitFor();
    assert.equal(await card.getAttribute('data-status'), 'fail', what);
    const message = await card.locator('.gate-message').textContent();
    assert.match(message, undone, `${what}: ${message}`);
    const fix = new RegExp(`^What would fix it: Remove \`ALTER TABLE .*${statement.source}.*\` at \\S*0000_money_core\\.sql:${line}\\.$`);
    assert.match(await card.getByTestId('gate-fix').textContent(), fix, what);
    const item = page.locator(`[data-testid=attention][data-gate=${gate}]`);
    assert.match(await item.getByTestId('attention-fix').textContent(), fix, `${what}: the banner's fix`);

    const target = `#sql-0-L${line}`;
    const first = card.locator('.evidence a').first();
    assert.equal(await first.getAttribute('href'), target, what);
    assert.equal(await item.getByTestId('attention-evidence').getAttribute('href'), target, `${what}: the banner's link`);

    await first.click();
    const shown = page.locator(target);
    await shown.waitFor();
    assert.match(await shown.getAttribute('class'), /\bband-finding\b/, `${what}: highlighted`);
    assert.match(await shown.textContent(), statement);
    assert.equal(new URL(page.url()).searchParams.get('view'), 'sql');
    await after(page);
    assert.deepEqual(problems, [], what);
    await context.close();
  }
}

test('the statement that disabled the trigger is the evidence, highlighted, and the fix', async () => {
  await blamed(
    'append-only',
    line,
    /trigger ledger_entries_no_update_delete is disabled by `ALTER TABLE/,
    /DISABLE TRIGGER ledger_entries_no_update_delete/,
    async (page) => {
      // The CREATE TRIGGER above it was fine, and is not what the gate points at first.
      const create = await page.locator('.sql-line', { hasText: 'CREATE TRIGGER ledger_entries_no_update_delete' }).getAttribute('data-line');
      assert.notEqual(Number(create), line);
    },
  );
});

test('the DROP CONSTRAINT that removed the mixed-id CHECK is the evidence, highlighted, and the fix', async () => {
  await blamed(
    'mixed-id-check',
    dropLine,
    /ledger_entries_owner_mixed_id tied them until `ALTER TABLE .*DROP CONSTRAINT/,
    /DROP CONSTRAINT "ledger_entries_owner_mixed_id"/,
  );
});
