// Makes the README's screenshots from the built app (dist/, so run `trunk build --release`
// first): the demo and a no-go review (fixtures/nogo) at 1280×720, on a 390×844 phone and
// printed on A4. The tests write theirs to tests/e2e/output/ and never touch docs/.
//   node scripts/screenshots.mjs
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, root, serveWithFixtures } from '../tests/e2e/support.mjs';

const NOGO = '?report=fixtures/seed/money-core-audit-report.md&run=fixtures/nogo/run.json';
const SHOTS = [
  // [file, query, viewport, printed]
  ['demo.png', '', { width: 1280, height: 720 }, false],
  ['nogo.png', NOGO, { width: 1280, height: 720 }, false],
  ['nogo-phone.png', NOGO, { width: 390, height: 844 }, false],
  // A4 is 210 mm wide: 794 CSS pixels at 96 per inch.
  ['nogo-print.png', NOGO, { width: 794, height: 1123 }, true],
];

const out = join(root, 'docs/screenshots');
await mkdir(out, { recursive: true });
const server = await serveWithFixtures('screenshots-site');
const browser = await launch();
try {
  for (const [file, query, viewport, printed] of SHOTS) {
    const page = await browser.newPage({ viewport });
    await page.goto(`${server.url}${query}`);
    await page.getByTestId('verdict').waitFor();
    if (printed) {
      await page.emulateMedia({ media: 'print' });
      await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
      await page.getByTestId('finding-row').first().waitFor();
    }
    await page.screenshot({ path: join(out, file), fullPage: printed });
    console.log(`docs/screenshots/${file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
