// Review over time: a run compared with its base (`?base=` and "Compare with…") says
// what is new, what changed in the schema and the report, and the findings table
// filters to what is new since the base.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { openPage, openPane, root, screenshot, servedApp, serveWithFixtures } from './support.mjs';

const site = servedApp(serveWithFixtures);

const RUN = 'view=findings&report=fixtures/diff/report.md&run=fixtures/diff/run.json';
const BASE = 'base=fixtures/seed/run.json&base-report=fixtures/seed/money-core-audit-report.md';

const texts = (locator) => locator.allTextContents();

test('?base= shows the new failures, the schema and the findings that changed', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?${RUN}&${BASE}`);
  const summary = page.getByTestId('compare-summary');
  await summary.waitFor();
  assert.equal(await page.getByTestId('compare-verdict').textContent(), 'go → no-go');

  const newGates = await texts(page.locator('[data-testid=compare-gate][data-change=new]'));
  assert.equal(newGates.length, 2, newGates.join('\n'));
  assert.ok(newGates.some((t) => t.includes('money-type:users.points_balance')));
  assert.ok(newGates.some((t) => t.includes('money-type:seller_offers.price')));
  // Nothing else moved: every other result is counted as unchanged, not listed.
  assert.equal(await page.getByTestId('compare-gate').count(), 2);

  const schema = await texts(page.getByTestId('compare-schema'));
  assert.ok(schema.some((t) => t.includes('users.points_balance') && t.includes('double precision')), schema.join('\n'));
  assert.ok(schema.some((t) => t.includes('seller_offers.price') && t.includes('real')), schema.join('\n'));

  const findings = await texts(page.getByTestId('compare-finding'));
  assert.equal(findings.length, 2, findings.join('\n'));
  assert.ok(findings.some((t) => t.startsWith('PREFLIGHT_DIRTY_BRANCH_STOP') && t.includes('absent')));
  assert.ok(findings.some((t) => t.startsWith('PREFLIGHT_BRANCH_ALREADY_EXISTS_REUSE_RISK')));

  // The findings table: only what is new since the base, kept in the URL.
  const rows = page.getByTestId('finding-row');
  const all = await rows.count();
  await page.getByTestId('filter-new').check();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('new') === '1');
  const ids = await rows.evaluateAll((r) => r.map((row) => row.getAttribute('data-id')));
  assert.deepEqual(ids.sort(), ['PREFLIGHT_DIRTY_BRANCH_STOP', 'money-type', 'money-type'], `of ${all}`);
  await screenshot(page, 'compare.png', { fullPage: true });
  assert.deepEqual(problems, []);
});

test('the base is still compared with after the review is built again and again', async () => {
  // The engine keeps the base's review until the page lets it go, however many reviews
  // come after it. Proving is off so that each paste is one review, quickly.
  const { page, problems } = await openPage(site.browser, 'about:blank');
  await page.addInitScript(() => {
    localStorage.setItem('secondlook-proof-auto', 'off');
    window.__verdicts = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (node.nodeType === 1 && (node.matches('[data-testid=verdict]') || node.querySelector('[data-testid=verdict]'))) {
            window.__verdicts++;
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${site.url}?${RUN}&${BASE}`);
  await page.getByTestId('compare-summary').waitFor();
  await page.locator('.open-inputs summary').click();
  for (let n = 1; n <= 6; n++) {
    const before = await page.evaluate(() => window.__verdicts);
    await page.locator('.open-inputs textarea').fill(`-- paste ${n}\nSELECT ${n};`);
    await page.getByRole('button', { name: 'Add pasted text' }).click();
    await page.waitForFunction((seen) => window.__verdicts > seen, before);
  }
  // The last paste's review is compared with the base, and nothing was lost on the way.
  await page.getByTestId('compare-summary').waitFor();
  assert.match(await page.getByTestId('compare-verdict').textContent(), /^go → /);
  assert.equal(await page.getByTestId('compare-error').count(), 0, await page.locator('body').innerText());
  assert.deepEqual(problems, []);
});

test('"Compare with…" takes the base run and its SQL as picked files', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?${RUN}`);
  await page.getByTestId('compare').waitFor();
  assert.equal(await page.getByTestId('compare-summary').count(), 0);
  assert.equal(await page.getByTestId('filter-new').count(), 0, 'no base: no "new since base" filter');
  await page.locator('[data-testid=compare] summary').click();
  await page.getByTestId('compare-picker').setInputFiles([
    join(root, 'fixtures/seed/run.json'),
    join(root, 'fixtures/seed/schema/0000_money_core.sql'),
  ]);
  await page.getByTestId('compare-summary').waitFor();
  assert.equal(await page.getByTestId('compare-verdict').textContent(), 'go → no-go');
  assert.equal(await page.locator('[data-testid=compare-gate][data-change=new]').count(), 2);
  // Without the base's report there are no findings to compare.
  assert.equal(await page.getByTestId('compare-finding').count(), 0);
  assert.deepEqual(problems, []);
});

test('a base that cannot be fetched is said, and the review still shows', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?${RUN}&base=fixtures/diff/none.json`);
  await page.getByTestId('compare-error').waitFor();
  assert.match(await page.getByTestId('compare-error').textContent(), /none\.json: HTTP 404/);
  await page.getByTestId('verdict').waitFor();
  // The browser logs the 404 of the missing base itself.
  assert.ok(problems.every((p) => p.includes('404')), problems.join('\n'));
});

test('signing a no-go review needs a reason for each failed blocker, kept in the sign-off', async () => {
  const { page, problems } = await openPage(site.browser, `${site.url}?${RUN}`);
  await page.getByTestId('verdict').waitFor();
  await openPane(page, 'Checklists');
  const risks = page.getByTestId('signoff-risk');
  await risks.first().waitFor();
  const gates = await risks.evaluateAll((r) => r.map((t) => t.getAttribute('data-gate')));
  assert.deepEqual(gates.sort(), ['money-type:seller_offers.price', 'money-type:users.points_balance']);
  await page.getByTestId('signoff-who').fill('Ada Reviewer');
  await page.getByTestId('signoff-export').click();
  assert.match(await page.getByTestId('signoff-message').textContent(), /Not exported: .*money-type:/);

  await risks.nth(0).fill('converted by migration 0001, ticket MONEY-12');
  await risks.nth(1).fill('converted by migration 0001, ticket MONEY-13');
  const download = page.waitForEvent('download');
  await page.getByTestId('signoff-export').click();
  const record = JSON.parse(await readFile(await (await download).path(), 'utf8'));
  assert.equal(record.verdict, 'no-go');
  assert.deepEqual(record.blockers.map((b) => b.status), ['fail', 'fail']);
  assert.deepEqual(record.acceptedRisks.map((r) => r.who), ['Ada Reviewer', 'Ada Reviewer']);
  assert.ok(record.acceptedRisks.every((r) => r.reason.startsWith('converted by migration 0001')));
  assert.deepEqual(problems, []);
});
