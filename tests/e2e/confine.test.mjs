// A run's hrefs are fetched only from the run's own folder on the page's own site: `..`
// that climbs out (plain or percent-encoded), an absolute path and a URL are refused in
// the load panel, naming the href and the rule, and never requested; so is a run or a
// report on another site. (A symlink is the server's business: the page sees URLs only.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, root, serve, siteCopy } from './support.mjs';

const SECRET = 'ghp_NOT_FOR_THE_RUN';
const SEED_HREF = '"schema/0000_money_core.sql"';
let site;
let other;
let browser;

/** Each hostile href, by the run file that names it, with the rule its refusal gives. */
const hostile = () => ({
  climbs: ['../../secret/config', /leaves the run file's folder/],
  encoded: ['%2e%2e/%2E%2e/secret/config', /leaves the run file's folder/],
  absolute: ['/secret/config', /never an absolute path/],
  url: [`${other.url}seed/schema/0000_money_core.sql`, /never a URL/],
});

before(async () => {
  other = await serve(join(root, 'fixtures'));
  const dir = await siteCopy('confine');
  await mkdir(join(dir, 'runs/7'), { recursive: true });
  await mkdir(join(dir, 'secret'), { recursive: true });
  await writeFile(join(dir, 'secret/config'), `${SECRET} = 1;\n`);
  const seed = await readFile(join(root, 'fixtures/seed/run.json'), 'utf8');
  assert.ok(seed.includes(SEED_HREF), 'the seed changed: the edit no longer applies');
  for (const [name, [href]] of Object.entries(hostile())) {
    await writeFile(join(dir, `runs/7/${name}.json`), seed.replace(SEED_HREF, JSON.stringify(href)));
  }
  site = await serve(dir);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await other?.close();
});

/** Opens `query` on the site; resolves to the page and the URLs it requested. */
async function open(query) {
  const page = await browser.newPage();
  const requested = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(`${site.url}?${query}`);
  return { page, requested };
}

test('an href that leaves the run folder is refused by name and rule, never fetched', async () => {
  for (const [name, [href, rule]] of Object.entries(hostile())) {
    const { page, requested } = await open(`run=runs/7/${name}.json`);
    const error = page.getByTestId('load-error').filter({ hasText: href });
    await error.waitFor();
    assert.match(await error.textContent(), rule, name);
    await page.locator('[data-testid=verdict][data-verdict=not-verified]').waitFor();
    const asked = requested.filter((url) => url.includes('/secret/') || url.startsWith(other.url));
    assert.deepEqual(asked, [], name);
    assert.ok(!(await page.content()).includes(SECRET), name);
    await page.close();
  }
});

test('a run or a report on another site is refused, never fetched', async () => {
  for (const query of [`run=${other.url}seed/run.json`, `report=${other.url}seed/money-core-audit-report.md`]) {
    const { page, requested } = await open(query);
    const error = page.getByTestId('load-error').first();
    await error.waitFor();
    assert.match(await error.textContent(), /is not read: the page reads its inputs from its own site \(http:\/\/127\.0\.0\.1:\d+\) only/);
    assert.deepEqual(requested.filter((url) => url.startsWith(other.url)), [], query);
    await page.close();
  }
});
