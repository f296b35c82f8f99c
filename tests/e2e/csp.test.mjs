// The Content Security Policy is in force on the served app and on the single-file app,
// blocks script that is not the app's own, and blocks nothing the app needs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dist, openPage, openPane, servedApp } from './support.mjs';

const app = servedApp();
const PANES = ['Findings', 'Checklists', 'SQL', 'Schema', 'Report', 'Rules', 'Gates & run'];

/** Records every CSP violation the page reports. */
async function watchViolations(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

for (const [name, url] of [
  ['the served app', () => app.url],
  ['the single-file app from file://', () => pathToFileURL(join(dist, 'secondlook.html')).href],
]) {
  test(`${name} ships a strict policy and runs under it`, async () => {
    const page = await app.browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await watchViolations(page);
    await page.goto(url());
    const policy = await page
      .locator('meta[http-equiv=Content-Security-Policy]')
      .getAttribute('content');
    for (const must of ["object-src 'none'", "base-uri 'none'", "'wasm-unsafe-eval'"]) {
      assert.ok(policy.includes(must), `${must} in ${policy}`);
    }
    assert.ok(!/script-src[^;]*'unsafe-(inline|eval)'/.test(policy), policy);
    await page.getByTestId('verdict').or(page.getByTestId('origin')).first().waitFor();
    for (const pane of PANES) await openPane(page, pane);

    // Script that is not the app's own does not run: an inline script runs as it is
    // inserted, or never.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.body.append(s);
      return window.__injected === true;
    });
    assert.equal(ran, false, 'an injected inline script ran');
    const violations = await page.evaluate(() => window.__violations);
    assert.deepEqual(
      violations.filter((v) => !v.startsWith('script-src-elem inline')),
      [],
      'nothing the app itself does is blocked',
    );
    assert.ok(violations.some((v) => v.startsWith('script-src-elem inline')), 'the injection was reported');
    assert.deepEqual(problems, []);
    await page.close();
  });
}
