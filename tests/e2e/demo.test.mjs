// The built app (dist/) serves the embedded demo: the seed report's title and declared
// verdict are on screen from the first load (in the verdict banner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { openPage, root, screenshot, serve, servedApp } from './support.mjs';

const app = servedApp();

test('the demo shows the seed report title and declared verdict', async () => {
  const { page, problems } = await openPage(app.browser, app.url);
  const title = page.getByTestId('report-title');
  await title.waitFor();
  assert.equal(await title.textContent(), 'Money-Core Migration Workflow — Audit Report');
  assert.equal(
    await page.getByTestId('declared-verdict').textContent(),
    'go-with-changes (0 blockers)',
  );
  assert.equal(await page.getByTestId('finding-count').textContent(), '17');
  await screenshot(page, 'demo.png');
  assert.deepEqual(problems, []);
});

test('dist/ works from a sub-folder of artifact storage (relative URLs)', async () => {
  const storage = join(root, 'tests/e2e/output/artifacts');
  const viewer = join(storage, 'run-42/viewer');
  await rm(storage, { recursive: true, force: true });
  await mkdir(viewer, { recursive: true });
  await cp(join(root, 'dist'), viewer, { recursive: true });
  const nested = await serve(storage);
  try {
    const { page, problems } = await openPage(app.browser, `${nested.url}run-42/viewer/`);
    await page.getByTestId('report-title').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await nested.close();
  }
});
