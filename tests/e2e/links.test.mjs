// Shared links land: a link to a finding, a gate card or a line of SQL, opened in a fresh
// browser, opens the pane that holds it with the target on screen and outlined, on a
// desktop and on a phone. "Copy link" writes such a link as it should be (no stray
// `=`), and links written with one, as earlier versions did, land all the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frames, openPane, pageProblems, servedApp } from './support.mjs';

const app = servedApp();

const screens = {
  desktop: { width: 1280, height: 720 },
  phone: { width: 390, height: 844 },
};

/** A fresh browser context, as someone opening a shared link has, of `viewport`'s size. */
async function freshPage(viewport) {
  const context = await app.browser.newContext({ viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
  const page = await context.newPage();
  return { context, page, problems: pageProblems(page) };
}

/**
 * Waits until `selector` is wholly inside the window and not under the sticky banner,
 * and says where it is.
 */
async function inView(page, selector) {
  await page.locator(selector).waitFor();
  await page.waitForFunction((selector) => {
    const el = document.querySelector(selector);
    const r = el?.getBoundingClientRect();
    if (!r || r.top < 0 || r.bottom > window.innerHeight) return false;
    return el.contains(document.elementFromPoint(r.left + 10, r.top + Math.min(r.height / 2, 10)));
  }, selector);
  return page.locator(selector).evaluate((el) => el.getBoundingClientRect().top);
}

/**
 * The last of each kind of target in the demo: a place far enough down its pane that
 * only a link that lands brings it on screen.
 */
async function farTargets(viewport) {
  const { context, page } = await freshPage(viewport);
  await page.goto(app.url);
  await page.getByTestId('gate-result').first().waitFor();
  const gateId = await page.getByTestId('gate-result').last().getAttribute('id');
  await openPane(page, 'Findings');
  const findingId = await page.getByTestId('finding-row').last().getAttribute('data-id');
  await openPane(page, 'SQL');
  const lines = Number(await page.getByTestId('sql-code').getAttribute('data-lines'));
  await context.close();
  return [
    {
      kind: 'finding',
      fragment: `#finding=${encodeURIComponent(findingId)}`,
      selector: `[data-testid=finding-row][data-id="${findingId}"]`,
      pane: 'Findings',
      marked: (el) => el.getAttribute('aria-current') === 'location',
    },
    {
      kind: 'gate',
      fragment: `#${encodeURIComponent(gateId)}`,
      selector: `[id="${gateId}"]`,
      pane: 'Gates & run',
      marked: (el) => el.classList.contains('landed') && getComputedStyle(el).outlineStyle !== 'none',
    },
    {
      kind: 'SQL line',
      fragment: `#sql-0-L${lines - 2}`,
      selector: `#sql-0-L${lines - 2}`,
      pane: 'SQL',
      marked: (el) => el.classList.contains('landed') && getComputedStyle(el).outlineStyle !== 'none',
    },
  ];
}

/** Opens `url` fresh and checks it landed on `target`. */
async function landsOn(viewport, url, target) {
  const { context, page, problems } = await freshPage(viewport);
  await page.goto(url);
  const top = await inView(page, target.selector);
  assert.equal(
    await page.locator('nav.panes button[aria-pressed=true]').textContent(),
    target.pane,
    `${url} opens ${target.pane}`,
  );
  await page.waitForFunction(target.marked, await page.locator(target.selector).elementHandle());
  // Well down its pane: on screen because the link brought it there.
  const offset = await page.locator(target.selector).evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
  assert.ok(offset > viewport.height, `${target.kind} at ${offset}px, below the first screen`);
  assert.deepEqual(problems, []);
  return { context, page, top };
}

for (const [screen, viewport] of Object.entries(screens)) {
  test(`links to a finding, a gate and a SQL line land when opened fresh (${screen})`, async () => {
    for (const target of await farTargets(viewport)) {
      const { context, page } = await landsOn(viewport, `${app.url}${target.fragment}`, target);

      // "Copy link" writes the same place, with nothing after it.
      await page.getByTestId('share-button').click();
      const link = await page.getByTestId('share-link').inputValue();
      // The demo's inputs travel in the fragment too (`&inputs=…`), after the place.
      const [place, ...rest] = new URL(link).hash.split('&');
      assert.equal(place, target.fragment, target.kind);
      assert.deepEqual(rest.map((p) => p.split('=')[0]), ['inputs'], target.kind);
      await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
      assert.ok((await page.evaluate(() => navigator.clipboard.readText())) === link, 'the link copied');
      await context.close();

      // The copied link lands too.
      (await landsOn(viewport, link, target)).context.close();
    }
  });
}

test('links written with a stray "=" by earlier versions still land', async () => {
  const viewport = screens.desktop;
  for (const target of (await farTargets(viewport)).filter((t) => t.kind !== 'finding')) {
    const { context } = await landsOn(viewport, `${app.url}${target.fragment}=`, target);
    await context.close();
  }
});

test('a link followed inside the page lands on a line that was outlined before', async () => {
  const viewport = screens.desktop;
  const [, gate, line] = await farTargets(viewport);
  const { context, page, problems } = await freshPage(viewport);
  await page.goto(`${app.url}${line.fragment}`);
  await inView(page, line.selector);
  await page.evaluate((fragment) => (location.hash = fragment), gate.fragment);
  await inView(page, gate.selector);
  await frames(page);
  assert.equal(await page.locator('.landed').count(), 1, 'only the latest target is outlined');
  assert.ok(await page.locator(gate.selector).evaluate((el) => el.classList.contains('landed')));
  assert.deepEqual(problems, []);
  await context.close();
});
