// Ticks and sign-offs belong to the exact inputs (report, run and SQL): two runs that
// share a report keep their own ticks; a sign-off made for other files says which
// differ and restores nothing until the reviewer confirms, at 1280×720 and on a 390×844
// phone; ticks an earlier version kept per report only are offered, never applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, openPage, openPane, root, servedSeedReview } from './support.mjs';

const DESKTOP = { width: 1280, height: 720 };
const PHONE = { width: 390, height: 844 };
const OTHER_RUN = 'other-run.json';

let site;
let browser;

test.before(async () => {
  site = await servedSeedReview('signoff-inputs');
  // The same run with one more space: other bytes, the same report and SQL.
  const run = await readFile(join(site.dir, 'run.json'), 'utf8');
  await writeFile(join(site.dir, OTHER_RUN), `${run} `);
  browser = await launch();
});

test.after(async () => {
  await browser?.close();
  await site?.server.close();
});

const url = (run) => `${site.server.url}?report=report.md&run=${run}&view=checklists`;

/** Opens the Checklists pane of `run` in `context` and waits for its items. */
async function checklists(context, run) {
  const opened = await openPage(context, url(run));
  await opened.page.getByTestId('verdict').waitFor({ timeout: 120_000 });
  await openPane(opened.page, 'Checklists');
  await opened.page.getByTestId('checklist-item').first().waitFor();
  return opened;
}

const box = (page, at) => page.getByTestId('checklist-item').nth(at).locator(':scope > input');

/** The indexes of the ticked items. */
const ticked = (page) =>
  page
    .getByTestId('checklist-item')
    .evaluateAll((items) =>
      items.flatMap((li, at) => (li.querySelector(':scope > input').checked ? [at] : [])),
    );

test('two runs that share a report keep their own ticks', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const { page, problems } = await checklists(context, 'run.json');
  assert.deepEqual(await ticked(page), []);
  await box(page, 0).check();
  await box(page, 3).check();

  const other = await checklists(context, OTHER_RUN);
  assert.deepEqual(await ticked(other.page), [], 'the other run starts from the report');
  await box(other.page, 1).check();

  await page.reload();
  await openPane(page, 'Checklists');
  await page.getByTestId('checklist-item').first().waitFor();
  assert.deepEqual(await ticked(page), [0, 3]);
  await other.page.reload();
  await openPane(other.page, 'Checklists');
  await other.page.getByTestId('checklist-item').first().waitFor();
  assert.deepEqual(await ticked(other.page), [1]);
  assert.deepEqual([...problems, ...other.problems], []);
  await context.close();
});

test('a sign-off for another run names the file and restores nothing until confirmed', async () => {
  for (const viewport of [DESKTOP, PHONE]) {
    const what = `${viewport.width}px`;
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const { page, problems } = await checklists(context, 'run.json');
    await box(page, 0).check();
    await box(page, 2).check();
    await page.getByTestId('signoff-who').fill('Ada Reviewer');
    const download = page.waitForEvent('download');
    await page.getByTestId('signoff-export').click();
    const signed = await (await download).path();

    const other = await checklists(context, OTHER_RUN);
    const import_ = () => other.page.getByTestId('signoff-import').setInputFiles(signed);
    await import_();
    const confirm = other.page.getByTestId('signoff-confirm');
    await confirm.waitFor();
    const differs = await other.page.getByTestId('signoff-differs').locator('li').allTextContents();
    assert.equal(differs.length, 1, `${what}: ${differs}`);
    assert.match(differs[0], /the run checked is .*other-run\.json/, what);
    assert.match(differs[0], /run\.json/, what);
    assert.match(await confirm.textContent(), /Ada Reviewer.*Nothing is restored/s, what);
    assert.deepEqual(await ticked(other.page), [], `${what}: nothing restored before the answer`);
    // The question is on the screen, and the page does not scroll sideways for it.
    const place = await confirm.boundingBox();
    assert.ok(place.x >= 0 && place.x + place.width <= viewport.width, `${what}: ${JSON.stringify(place)}`);
    const wide = await other.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= viewport.width, `${what}: the page is ${wide} px wide`);

    await other.page.getByTestId('signoff-import-cancel').click();
    assert.equal(await confirm.count(), 0);
    assert.match(await other.page.getByTestId('signoff-message').textContent(), /nothing was restored/);
    assert.deepEqual(await ticked(other.page), [], `${what}: cancelled`);
    await other.page.reload();
    await openPane(other.page, 'Checklists');
    await other.page.getByTestId('checklist-item').first().waitFor();
    assert.deepEqual(await ticked(other.page), [], `${what}: nothing kept either`);

    await import_();
    await other.page.getByTestId('signoff-import-anyway').click();
    assert.equal(await confirm.count(), 0);
    assert.match(await other.page.getByTestId('signoff-message').textContent(), /Imported the sign-off by Ada Reviewer/);
    assert.deepEqual(await ticked(other.page), [0, 2], `${what}: restored once confirmed`);

    // Its own files: restored at once, no question.
    await box(page, 0).uncheck();
    await page.getByTestId('signoff-import').setInputFiles(signed);
    await page.getByTestId('signoff-message').filter({ hasText: 'Imported' }).waitFor();
    assert.equal(await page.getByTestId('signoff-confirm').count(), 0);
    assert.deepEqual(await ticked(page), [0, 2]);
    assert.deepEqual([...problems, ...other.problems], []);
    await context.close();
  }
});

test('ticks an earlier version kept per report are offered, not applied', async () => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const { page, problems } = await checklists(context, 'run.json');
  const ids = await page
    .getByTestId('checklist-item')
    .evaluateAll((items) => items.map((li) => li.dataset.itemId));
  const report = await readFile(join(site.dir, 'report.md'));
  const sha = createHash('sha256').update(report).digest('hex');
  await page.evaluate(
    ({ sha, ids }) => {
      localStorage.setItem(`secondlook.ticks.${sha}`, JSON.stringify({ format: 'secondlook-ticks/v1', ticked: [ids[1], ids[4]] }));
      localStorage.setItem(
        `secondlook.signoff-draft.${sha}`,
        JSON.stringify({ format: 'secondlook-signoff-draft/v1', who: 'Old Name', reasons: {} }),
      );
    },
    { sha, ids },
  );
  // This run has nothing of its own kept yet; the other one ticks something first.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.includes('.inputs.')) localStorage.removeItem(key);
  });
  const other = await checklists(context, OTHER_RUN);
  await other.page.getByTestId('earlier-kept').waitFor();
  await box(other.page, 2).check();

  await page.reload();
  await openPane(page, 'Checklists');
  const offer = page.getByTestId('earlier-kept');
  await offer.waitFor();
  assert.match(await offer.textContent(), /2 ticks and a name or reasons/);
  assert.deepEqual(await ticked(page), [], 'not applied by itself');
  assert.equal(await page.getByTestId('signoff-who').inputValue(), '');
  await page.getByTestId('earlier-kept-restore').click();
  assert.deepEqual(await ticked(page), [1, 4]);
  assert.equal(await page.getByTestId('signoff-who').inputValue(), 'Old Name');
  await page.reload();
  await openPane(page, 'Checklists');
  await page.getByTestId('checklist-item').first().waitFor();
  assert.deepEqual(await ticked(page), [1, 4], 'kept for these files now');
  assert.equal(await page.getByTestId('earlier-kept').count(), 0);

  // The other run has its own ticks: no offer; forgetting removes the old entries.
  await other.page.reload();
  await openPane(other.page, 'Checklists');
  await other.page.getByTestId('checklist-item').first().waitFor();
  assert.equal(await other.page.getByTestId('earlier-kept').count(), 0);
  assert.deepEqual(await ticked(other.page), [2]);
  await other.page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.includes('.inputs.')) localStorage.removeItem(key);
  });
  await other.page.reload();
  await openPane(other.page, 'Checklists');
  await other.page.getByTestId('earlier-kept-forget').click();
  assert.equal(await other.page.getByTestId('earlier-kept').count(), 0);
  const left = await other.page.evaluate((sha) => Object.keys(localStorage).filter((k) => k.endsWith(sha)), sha);
  assert.deepEqual(left, []);
  assert.deepEqual([...problems, ...other.problems], []);
  await context.close();
});
