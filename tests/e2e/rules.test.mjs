// The Rules pane lists every gate of the core's registry, each linkable by its id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gateIds, openPage, openPane, screenshot, servedApp } from './support.mjs';

const app = servedApp();

test('the Rules pane shows every registered gate in order, self-audit first, Squawk\'s linked to their pages', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  await openPane(page, 'Rules');
  const rules = page.locator('section.rules-panel article.rule-card');
  await rules.first().waitFor();
  assert.ok(gateIds.length > 0, 'docs/gates.md lists no gate');
  assert.deepEqual(
    await rules.evaluateAll((els) => els.map((e) => e.id)),
    gateIds.map((id) => `rule-${id}`),
  );
  assert.equal(gateIds[0], 'self-audit-safe');
  const squawk = page.locator('[id="rule-squawk:require-lock-timeout"]');
  assert.equal(
    await squawk.locator('a').getAttribute('href'),
    'https://squawkhq.com/docs/require-lock-timeout',
  );
  const money = page.locator('#rule-money-type');
  assert.match(await money.textContent(), /DECIMAL_PRECISION_TRUNCATION_RISK/);
  assert.match(await money.locator('.severity-badge').textContent(), /blocker/i);
  // Its examples, labelled by what the gate says of each, with the change they make.
  const examples = money.getByTestId('rule-example');
  assert.deepEqual(
    await examples.evaluateAll((els) => els.map((e) => [e.dataset.example, e.textContent.trim()])),
    [['numeric-38-2', 'Fires'], ['double-precision', 'Fires'], ['decimal-spelling', 'Passes']],
  );
  const first = money.locator('[data-example="numeric-38-2"] + dd');
  assert.deepEqual(await first.locator('code').allTextContents(), [
    '"amount" numeric(38, 18) NOT NULL, "token_decimals"',
    '"amount" numeric(38, 2) NOT NULL, "token_decimals"',
  ]);
  await screenshot(page, 'rules.png', { fullPage: true });
  assert.deepEqual(problems, []);
});
