// The release archive (scripts/release.sh) as a CI job uses it: unpacked into an empty
// folder with no repository, no dist/ and no Rust or Node on PATH, its one binary
// checks the seed, writes a bundle that opens from file://, writes a static site, and
// serves the review until Ctrl-C. scripts/test.sh builds the archive (dev profile) into
// target/archive before these tests; it prints the archive's size and the time from the
// unpacked archive to a verdict (docs/benchmarks.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, pageProblems, root, serve } from './support.mjs';

const archives = join(root, 'target/archive');
const seed = join(root, 'fixtures/seed');
const PROOF_TIMEOUT = 180_000;
let browser;
let work;
let secondlook;
let env;

before(async () => {
  const names = (await readdir(archives).catch(() => [])).filter((n) => n.endsWith('.tar.gz'));
  assert.equal(
    names.length,
    1,
    `one archive in ${archives}, not ${names.length}: run scripts/release.sh --profile dev --no-viewer-build`,
  );
  const archive = join(archives, names[0]);
  const [sum, file] = (await readFile(`${archive}.sha256`, 'utf8')).trim().split(/\s+/);
  assert.equal(file, names[0]);
  assert.equal(createHash('sha256').update(await readFile(archive)).digest('hex'), sum);

  work = await mkdtemp(join(tmpdir(), 'secondlook-onebin-'));
  // PATH: tar and gzip to unpack, nothing else; no cargo, rustc, trunk or node.
  const bin = join(work, 'bin');
  await mkdir(bin);
  for (const tool of ['tar', 'gzip']) await symlink(`/usr/bin/${tool}`, join(bin, tool));
  env = { PATH: bin, HOME: work, LANG: 'C.UTF-8' };
  const review = join(work, 'review');
  await mkdir(review);
  const started = performance.now();
  execFileSync('tar', ['-xzf', archive, '-C', review], { env });
  const [unpacked] = await readdir(review);
  secondlook = join(review, unpacked, 'secondlook');
  // The inputs a job has: the pull request's run, report and SQL, nothing of this repository.
  const inputs = join(work, 'migration');
  await cp(seed, inputs, { recursive: true });
  const verdict = run(['check', '--run', 'migration/run.json', '--report', 'migration/money-core-audit-report.md', '--format', 'json']);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(JSON.parse(verdict).verdict, 'go');
  const size = (await stat(archive)).size / (1024 * 1024);
  console.log(`benchmark: archive ${names[0]} ${size.toFixed(1)} MB; unpacked and checked the seed in ${seconds.toFixed(2)} s`);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** secondlook ARGS in the work folder, with the bare PATH; its stdout. */
function run(args) {
  try {
    return execFileSync(secondlook, args, { cwd: work, env, encoding: 'utf8' });
  } catch (failed) {
    if (failed.status === 1 || failed.status === 3) return failed.stdout;
    throw failed;
  }
}

const inputArgs = ['--run', 'migration/run.json', '--report', 'migration/money-core-audit-report.md'];

/** The page's verdict once shown; with `proven`, after PostgreSQL (PGlite) proved it. */
async function verdictAt(url, { proven = false } = {}) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const problems = pageProblems(page);
  await page.goto(url);
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  if (proven) await page.locator('.verdict-box[data-basis=proven]').waitFor({ timeout: PROOF_TIMEOUT });
  const verdict = await page.getByTestId('verdict').getAttribute('data-verdict');
  const title = await page.getByTestId('report-title').textContent();
  await context.close();
  assert.deepEqual(problems, []);
  return { verdict, title };
}

const title = 'Money-Core Migration Workflow — Audit Report';

test('--version names the commit and says the viewer and PGlite are inside', () => {
  const version = run(['--version']);
  assert.match(version, /^secondlook \d+\.\d+\.\d+ \(commit [0-9a-f]{12}; viewer embedded; PGlite embedded\)\n$/);
});

test('the archive carries the licence texts of what the binary holds', async () => {
  const unpacked = dirname(secondlook);
  const listed = await readFile(join(unpacked, 'THIRD-PARTY.txt'), 'utf8');
  assert.match(listed, /^  leptos v0\.8\.\d+ MIT$/m);
  assert.match(await readFile(join(unpacked, 'licenses/PGLITE-LICENSE'), 'utf8'), /Apache License/);
  // A crate's own files, as it ships them; the crates that ship none are named.
  const serde = (await readdir(join(unpacked, 'licenses'))).find((d) => /^serde-1\./.test(d));
  assert.ok(serde, 'no licenses/serde-1.*');
  assert.match(await readFile(join(unpacked, 'licenses', serde, 'LICENSE-MIT'), 'utf8'), /Permission is hereby granted/);
  assert.match(listed, /^Crates that ship no licence file of their own/m);
});

test('bundle needs no --app: the page opens from file:// with its verdict', async () => {
  const printed = run(['bundle', ...inputArgs, '-o', 'review.html']);
  assert.match(printed, /^wrote review\.html \(\d/);
  const opened = await verdictAt(pathToFileURL(join(work, 'review.html')).href);
  assert.deepEqual(opened, { verdict: 'go', title });
});

test('viewer -o writes a site that, served, shows the verdict proven by PostgreSQL', { timeout: 2 * PROOF_TIMEOUT }, async () => {
  const printed = run(['viewer', '-o', 'site', ...inputArgs]);
  const link = printed.match(/open (index\.html\?\S+)/)?.[1];
  assert.ok(link, printed);
  const server = await serve(join(work, 'site'));
  try {
    const opened = await verdictAt(`${server.url}${link}`, { proven: true });
    assert.deepEqual(opened, { verdict: 'go', title });
  } finally {
    await server.close();
  }
});

test('viewer -o with a migrations folder: the page reaches the verdict check gives', async () => {
  await cp(join(root, 'fixtures/folders/drizzle'), join(work, 'drizzle'), { recursive: true });
  const checked = JSON.parse(run(['check', '--migrations', 'drizzle', '--format', 'json'])).verdict;
  const printed = run(['viewer', '-o', 'site-folder', '--migrations', 'drizzle']);
  const link = printed.match(/open (index\.html\?\S+)/)?.[1];
  assert.equal(link, 'index.html?migrations=inputs/migrations/drizzle/');
  const server = await serve(join(work, 'site-folder'));
  try {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    const problems = pageProblems(page);
    await page.goto(`${server.url}${link}`);
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('load-error').count(), 0);
    assert.equal(await page.getByTestId('verdict').getAttribute('data-verdict'), checked);
    await context.close();
    assert.deepEqual(problems, []);
  } finally {
    await server.close();
  }
});

test('show serves the review at the printed address until Ctrl-C, which frees the port', { timeout: 2 * PROOF_TIMEOUT }, async () => {
  const started = performance.now();
  const child = spawn(secondlook, ['show', '--no-open', ...inputArgs], { cwd: work, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const url = await new Promise((found, failed) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.match(/^(http:\/\/127\.0\.0\.1:\d+\/\S*)\n/m);
      if (line) found(line[1]);
    });
    child.on('exit', () => failed(new Error(`show exited before printing an address: ${out}`)));
  });
  const port = Number(new URL(url).port);
  const opened = await verdictAt(url, { proven: true });
  const seconds = (performance.now() - started) / 1000;
  console.log(`benchmark: show, from start to the verdict proven by PostgreSQL in Chromium: ${seconds.toFixed(1)} s`);
  assert.deepEqual(opened, { verdict: 'go', title });

  child.kill('SIGINT');
  assert.deepEqual(await exited, { code: null, signal: 'SIGINT' });
  await assert.rejects(fetch(url), 'nothing answers at the address after Ctrl-C');
  // The port is free: this process can listen on it.
  const listener = createServer();
  await new Promise((ok, failed) => {
    listener.once('error', failed);
    listener.listen(port, '127.0.0.1', ok);
  });
  await new Promise((ok) => listener.close(ok));
});
