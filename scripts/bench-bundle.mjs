// Benchmark, not a test: how long a bundled seed review takes to open raw from disk
// (file://) in headless Chromium, from navigation start to the verdict on screen (the
// report title until the verdict banner exists), best of five; and the sizes of the
// single-file outputs. Needs dist/ (trunk build --release) and builds the debug CLI.
//   node scripts/bench-bundle.mjs
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCli, cli, launch, root, dist } from '../tests/e2e/support.mjs';

const seed = join(root, 'fixtures/seed');
const out = join(root, 'tests/e2e/output/bench');
const bundle = join(out, 'review.html');
const shown = '[data-testid=verdict], [data-testid=report-title]';
const rounds = 5;

await mkdir(out, { recursive: true });
buildCli();
process.stdout.write(
  execFileSync(
    cli,
    ['bundle', '--run', join(seed, 'run.json'), '--report', join(seed, 'money-core-audit-report.md'), '-o', bundle, '--app', dist],
    { encoding: 'utf8' },
  ),
);

const browser = await launch();
const times = [];
try {
  for (let round = 0; round < rounds; round++) {
    const context = await browser.newContext(); // nothing cached between rounds
    const page = await context.newPage();
    await page.goto(pathToFileURL(bundle).href, { waitUntil: 'commit' });
    // performance.now() counts from navigation start; taken in the page when it shows.
    const handle = await page.waitForFunction(
      (selector) => {
        const element = document.querySelector(selector);
        return element && element.checkVisibility() && performance.now();
      },
      shown,
      { polling: 'raf', timeout: 30_000 },
    );
    times.push(await handle.jsonValue());
    await context.close();
  }
} finally {
  await browser.close();
}

const kb = async (path) => `${((await stat(path)).size / 1024).toFixed(0)} KB`;
// The app's own wasm: PGlite's (pglite.wasm, initdb.wasm) are beside it in dist/.
const wasm = join(dist, (await readdir(dist)).find((name) => /^secondlook-app-.*_bg\.wasm$/.test(name)));
console.log(`review.html (seed):       ${await kb(bundle)}`);
console.log(`dist/secondlook.html:     ${await kb(join(dist, 'secondlook.html'))}`);
console.log(`dist wasm:                ${await kb(wasm)}`);
console.log(`open from file:// to visible, ms: ${times.map((t) => t.toFixed(0)).join(' ')}`);
console.log(`best ${Math.min(...times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms (budget 2000 ms)`);
