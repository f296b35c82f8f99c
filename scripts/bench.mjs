// The browser benchmark: download sizes, the page's and the engine's apart, time to
// verdict next to a blank Leptos page, large inputs next to the native CLI, and the
// core's growth ratios. It builds nothing; build first (docs/benchmarks.md says how):
//   trunk build --release                                   -> dist/
//   (cd benches/blank && trunk build --release)             -> benches/blank/dist/
//   cargo build --release -p secondlook-cli                 -> target/release/secondlook
//   cargo run --release -p secondlook-core --example bench_inputs  -> target/bench-inputs/
//   cargo bench -p secondlook-core --bench growth           -> target/bench/growth.json
// Run: node scripts/bench.mjs [runs]   (default 10 page loads each for demo and blank)
//      node scripts/bench.mjs --link   (only sizes and the shared 20 Mbit/s link)
//      node scripts/bench.mjs --proof  (only the proof with PostgreSQL in the tab)
//      node scripts/bench.mjs --no-proof (all but the proof)
//      node scripts/bench.mjs --dist DIR (another build's dist/, e.g. an older commit's,
//                                         measured beside the same blank page and CLI)
// Not a test: it prints figures and asserts nothing.
import { readFile, readdir, stat } from 'node:fs/promises';
import { execFileSync, spawnSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants as zlib } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { launch, root, dist as builtDist, serve } from '../tests/e2e/support.mjs';

const ONLY_PROOF = process.argv.includes('--proof');
const ONLY_LINK = process.argv.includes('--link');
const NO_PROOF = process.argv.includes('--no-proof');
const distArg = process.argv.indexOf('--dist');
const dist = distArg > 0 ? process.argv[distArg + 1] : builtDist;
const RUNS = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 10);
const SCALE_RUNS = 3;
const blankDist = join(root, 'benches/blank/dist');
const inputs = join(root, 'target/bench-inputs');
const cli = join(root, 'target/release/secondlook');
const growthFile = join(root, 'target/bench/growth.json');

/** Serves the app at /, the blank page at /blank/ and the large inputs at /inputs/. */
const serveAll = () =>
  serve(dist, [
    ['/blank/', blankDist],
    ['/inputs/', inputs],
  ]);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kB = (n) => (n / 1000).toFixed(1);
const ms = (n) => (n == null ? '-' : n.toFixed(0));

// --- download sizes ---------------------------------------------------------------

// PGlite and its worker: downloaded only for a proof, and counted on their own.
const PGLITE = ['proof-worker.js', 'pglite.wasm', 'pglite.data', 'initdb.wasm'];
// The review engine: its worker fetches it while the page is drawn.
const isEngine = (name) => name.startsWith('secondlook-engine') || name === 'engine-worker.js';
const isWeb = (name) => /\.(wasm|js|css)$/.test(name) && !PGLITE.includes(name);

async function sizes(dir, only = (name) => isWeb(name) && !isEngine(name)) {
  const total = { raw: 0, gzip: 0, brotli: 0, files: [] };
  for (const name of await readdir(dir)) {
    if (!only(name)) continue;
    const body = await readFile(join(dir, name));
    const gzip = gzipSync(body, { level: 9 }).length;
    const brotli = brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length;
    total.files.push({ name, raw: body.length, gzip, brotli });
    total.raw += body.length;
    total.gzip += gzip;
    total.brotli += brotli;
  }
  return total;
}

// --- page loads -------------------------------------------------------------------

/**
 * Before any page script: watch for `selector` to be in the page with a box and no file
 * still loading (`aria-busy`), note the
 * time of the next animation frame (the frame it is drawn in), and collect Long Tasks.
 * Times are ms since navigation start (performance.timeOrigin).
 */
const watch = (selector) => `
  window.__bench = { longTasks: [], seen: null, drawn: null, mounted: null, worker: [] };
  // The engine worker's calls and answers (src/engine.rs: { id, bytes } out; { id,
  // stage } and { id, result } back), to tell the review's time from the rest.
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (data, ...rest) {
    if (!this.__benchHeard) {
      this.__benchHeard = true;
      this.addEventListener('message', ({ data }) => {
        if (data?.id != null) __bench.worker.push({ id: data.id, at: performance.now(), stage: data.stage != null, result: data.result != null });
      });
    }
    if (data?.id != null) __bench.worker.push({ id: data.id, at: performance.now(), call: true, bytes: data.bytes?.length });
    return post.call(this, data, ...rest);
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) __bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    if (__bench.mounted === null && document.querySelector('.app, [data-testid=mounted]')) __bench.mounted = performance.now();
    if (__bench.seen !== null) return;
    const el = document.querySelector(${JSON.stringify(selector)});
    if (!el || el.getBoundingClientRect().height === 0) return;
    // The banner shows as soon as the run is read; a file still loading can change it.
    if (document.querySelector('[aria-busy=true]')) return;
    __bench.seen = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { __bench.drawn = performance.now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
`;

/** One cold load in a fresh browser context (no HTTP or compiled-wasm cache). */
async function load(browser, url, selector, timeout = 180_000, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(watch(selector));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__bench?.drawn != null, null, { timeout, polling: 50 });
    const result = await page.evaluate(() => ({
      ...window.__bench,
      timeOrigin: performance.timeOrigin,
      resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name, end: r.responseEnd })),
    }));
    const verdict = await page
      .locator('[data-testid=verdict]')
      .getAttribute('data-verdict', { timeout: 1000 })
      .catch(() => null);
    return { ...result, verdict, errors, page, context };
  } catch (e) {
    await context.close();
    throw e;
  }
}

const longTaskSummary = (tasks, over = 50) => {
  const long = tasks.filter((t) => t.duration > over);
  const total = long.reduce((s, t) => s + t.duration, 0);
  const max = long.reduce((m, t) => Math.max(m, t.duration), 0);
  return { count: long.length, total, max };
};

async function timeToVerdict(browser, base) {
  const demo = [];
  const blank = [];
  // Interleaved, so a burst of load from the shared machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    const d = await load(browser, base, '[data-testid=verdict]');
    demo.push(d);
    await d.context.close();
    const b = await load(browser, `${base}blank/`, '[data-testid=mounted]');
    blank.push(b);
    await b.context.close();
  }
  return { demo, blank };
}

/**
 * Opens the Findings pane and types into its filter a key at a time, as a person
 * would; Long Tasks > 200 ms from the pane's opening to the last match count.
 */
async function filter(page) {
  const before = await page.evaluate(() => window.__bench.longTasks.length);
  const start = Date.now();
  await page.locator('nav.panes button', { hasText: /^Findings$/ }).click();
  const input = page.getByTestId('findings-search');
  await input.waitFor();
  await input.pressSequentially('check 1', { delay: 50 });
  await page.waitForFunction(() => new URL(location.href).searchParams.get('q') === 'check 1');
  await page.waitForTimeout(500);
  const tasks = await page.evaluate((n) => window.__bench.longTasks.slice(n), before);
  const shown = await page.getByTestId('finding-row').count();
  const matches = await page.getByTestId('match-count').textContent();
  return { ms: Date.now() - start, shown, matches, ...longTaskSummary(tasks, 200) };
}

/** The CLI's median wall time and its verdict, to compare with the page's. */
function cliTime(run, report) {
  const times = [];
  let verdict = null;
  for (let i = 0; i < SCALE_RUNS; i++) {
    const start = process.hrtime.bigint();
    const out = spawnSync(cli, ['check', '--run', run, '--report', report, '--format', 'json'], {
      maxBuffer: 1 << 30,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (out.status === 2) throw new Error(`CLI could not read ${run}: ${out.stderr}`);
    verdict = out.stdout.toString().match(/"verdict"\s*:\s*"([^"]+)"/)?.[1] ?? null;
  }
  return { ms: median(times), verdict };
}

const SCALE = [
  { name: '5,000 findings', report: 'report-5000.md', run: 'seed/run.json' },
  { name: '5 MB migration', report: 'report-seed.md', run: 'migration-5mb/run.json' },
  { name: '10 MB run file', report: 'report-seed.md', run: 'run-10mb/run.json' },
];

async function scale(browser, base) {
  const rows = [];
  for (const s of SCALE) {
    const url = `${base}?report=inputs/${s.report}&run=inputs/${s.run}`;
    const loads = [];
    let filtered = null;
    for (let i = 0; i < SCALE_RUNS; i++) {
      const l = await load(browser, url, '[data-testid=verdict]');
      if (i === 0) filtered = await filter(l.page);
      await l.context.close();
      loads.push(l);
    }
    const bytes =
      (await stat(join(inputs, s.report))).size +
      (await stat(join(inputs, s.run))).size +
      (s.run.startsWith('migration-5mb')
        ? (await stat(join(inputs, 'migration-5mb/schema/0000_money_core.sql'))).size
        : 0);
    rows.push({
      ...s,
      bytes,
      browser: median(loads.map((l) => l.drawn)),
      cli: cliTime(join(inputs, s.run), join(inputs, s.report)),
      verdict: loads[0].verdict,
      long200: longTaskSummary(loads[0].longTasks, 200),
      filtered,
      errors: loads.flatMap((l) => l.errors).length,
    });
  }
  return rows;
}

// --- the shared link ----------------------------------------------------------------

// A reviewer's link: every response of the page, its workers and its service worker
// shares one pipe of 20 Mbit/s, each after 40 ms. Chromium's network emulation applies
// per target and gives each worker a pipe of its own, so the pipe is here, in a proxy
// in front of the static server, that sends all bodies through one token bucket.
const LINK_BYTES_PER_S = 20e6 / 8;
const LINK_DELAY_MS = 40;
const LINK_TICK_MS = 5;

/** The pipe: bodies sent in turns, a fair share each, at the link's rate in all. */
function sharedPipe() {
  const sending = new Set();
  let timer = null;
  let last = 0;
  let budget = 0;
  const tick = () => {
    const now = performance.now();
    budget += ((now - last) * LINK_BYTES_PER_S) / 1000;
    last = now;
    while (budget >= 1 && sending.size) {
      const share = Math.max(1, Math.floor(budget / sending.size));
      for (const s of [...sending]) {
        const n = Math.min(share, s.body.length - s.offset, Math.floor(budget));
        if (n <= 0) break;
        s.res.write(s.body.subarray(s.offset, s.offset + n));
        s.offset += n;
        budget -= n;
        if (s.offset >= s.body.length) {
          sending.delete(s);
          s.res.end(s.done);
        }
      }
    }
    if (!sending.size) {
      clearInterval(timer);
      timer = null;
      budget = 0;
    }
  };
  return (res, body, done) => {
    if (body.length === 0) return res.end(done);
    const s = { res, body, offset: 0, done };
    sending.add(s);
    // A closed browser context leaves its downloads (a precache) unfinished: they must
    // not take the link from the next load.
    res.on('close', () => sending.delete(s));
    if (!timer) {
      last = performance.now();
      timer = setInterval(tick, LINK_TICK_MS);
    }
  };
}

/**
 * A proxy for `upstream` over the shared pipe; `gzip`: it compresses what the browser
 * accepts gzipped, as a server set to (level 6, its usual default), else it sends the
 * bytes as stored. `sent` gets { path, bytes on the wire, at: wall-clock ms when the
 * last byte left }.
 */
async function linkProxy(upstream, gzip, sent) {
  const send = sharedPipe();
  const gzipped = new Map();
  const server = createServer((req, res) => {
    let closed = false;
    res.on('close', () => (closed = true));
    const forwarded = httpRequest(new URL(req.url, upstream), { headers: { 'accept-encoding': 'identity' } }, (up) => {
      const parts = [];
      up.on('data', (part) => parts.push(part));
      up.on('end', () => {
        let body = Buffer.concat(parts);
        const headers = { 'content-type': up.headers['content-type'] ?? 'application/octet-stream' };
        if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && body.length > 0) {
          const key = `${req.url} ${body.length}`;
          if (!gzipped.has(key)) gzipped.set(key, gzipSync(body, { level: 6 }));
          body = gzipped.get(key);
          headers['content-encoding'] = 'gzip';
        }
        headers['content-length'] = body.length;
        setTimeout(() => {
          if (closed) return; // its browser context is gone
          res.writeHead(up.statusCode, headers);
          const path = new URL(req.url, upstream).pathname;
          send(res, body, () => sent.push({ path, bytes: body.length, at: Date.now() }));
        }, LINK_DELAY_MS);
      });
    });
    forwarded.on('error', () => res.writeHead(502).end());
    forwarded.end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

const LINK_MODES = [
  { name: 'server gzips', gzip: true, context: {} },
  { name: 'server sends raw bytes', gzip: false, context: {} },
  { name: 'raw bytes, service worker blocked', gzip: false, context: { serviceWorkers: 'block' } },
];

/**
 * Where a demo load's time went, ms from navigation start: the page's wasm downloaded
 * and the page mounted; the engine's first answer (its wasm downloaded and compiled);
 * the inputs in; the review, from the engine's first stage to its result; the verdict
 * drawn. The page sees its own resources only; the engine's wasm comes from the server.
 */
function phases(l, sent) {
  const end = (re) => Math.max(0, ...l.resources.filter((r) => re.test(r.name)).map((r) => r.end));
  const relative = (at) => at - l.timeOrigin;
  const engineWasm = sent.filter((s) => /secondlook-engine.*\.wasm$/.test(s.path) && s.at <= l.timeOrigin + l.drawn);
  const byId = new Map();
  for (const m of l.worker) {
    const e = byId.get(m.id) ?? { id: m.id };
    if (m.call) e.call = m.at;
    if (m.stage && e.stage == null) e.stage = m.at;
    if (m.result) e.result = m.at;
    byId.set(m.id, e);
  }
  const answered = [...byId.values()].filter((e) => e.result != null && e.result <= l.drawn);
  // The review is the call whose engine reported stages; the last one before the verdict.
  const review = answered.filter((e) => e.stage != null).at(-1);
  return {
    pageWasm: end(/secondlook-app.*\.wasm$/),
    mounted: l.mounted,
    engineWasm: engineWasm.length ? relative(Math.max(...engineWasm.map((s) => s.at))) : null,
    engineFirst: answered.length ? Math.min(...answered.map((e) => e.result)) : null,
    inputs: end(/\.(md|json|sql)(\?|$)/),
    reviewStart: review?.stage ?? null,
    reviewEnd: review?.result ?? null,
    drawn: l.drawn,
  };
}

async function link(browser, base) {
  const rows = [];
  for (const mode of LINK_MODES) {
    const sent = [];
    const proxy = await linkProxy(base, mode.gzip, sent);
    const demo = [];
    const blank = [];
    try {
      // Alternated, so a burst of load from the shared machine hits both alike.
      for (let i = 0; i < RUNS; i++) {
        const d = await load(browser, proxy.url, '[data-testid=verdict]', 180_000, mode.context);
        const verdictAt = d.timeOrigin + d.drawn;
        const before = sent.filter((s) => s.at >= d.timeOrigin && s.at <= verdictAt);
        await d.context.close();
        demo.push({
          drawn: d.drawn,
          bytes: before.reduce((n, s) => n + s.bytes, 0),
          files: before.map((s) => s.path),
          phases: phases(d, sent),
        });
        const b = await load(browser, `${proxy.url}blank/`, '[data-testid=mounted]', 180_000, mode.context);
        await b.context.close();
        blank.push(b.drawn);
      }
    } finally {
      await proxy.close();
    }
    rows.push({ mode, demo, blank });
  }
  return rows;
}

function printLink(out, line, rows) {
  out.push(
    `## The shared link: every request of the page, its workers and its service worker through one 20 Mbit/s pipe, ${LINK_DELAY_MS} ms added to each; median of ${RUNS} cold loads, alternated with the blank page; kB = 1000 bytes on the wire`,
  );
  line('server', 'bytes before the verdict kB', 'demo verdict ms', 'blank page ms', 'ratio', 'target');
  for (const { mode, demo, blank } of rows) {
    const d = median(demo.map((l) => l.drawn));
    const b = median(blank);
    const target = mode.gzip ? 2.5 : 3;
    line(
      mode.name,
      kB(median(demo.map((l) => l.bytes))),
      ms(d),
      ms(b),
      `${(d / b).toFixed(1)}x`,
      `<= ${target}x ${d / b <= target ? 'met' : 'NOT met'}`,
    );
  }
  out.push('');
  out.push('Where the demo\'s time went, ms from navigation start (median of each)');
  line('server', 'page wasm in', 'page mounted', 'engine wasm in', 'engine first answer', 'inputs in', 'review starts', 'review answered', 'verdict drawn');
  for (const { mode, demo } of rows) {
    const m = (key) => ms(median(demo.map((l) => l.phases[key]).filter((v) => v != null)));
    line(mode.name, m('pageWasm'), m('mounted'), m('engineWasm'), m('engineFirst'), m('inputs'), m('reviewStart'), m('reviewEnd'), m('drawn'));
  }
  const files = [...new Set(rows[0].demo[0].files.map((f) => f.split('/').pop() || 'index.html'))];
  out.push(`fetched before the verdict (first gzip load): ${files.join(', ')}`);
}

// --- proof with PostgreSQL in the tab ---------------------------------------------

/** Cold start of PGlite in the proof worker: an empty plan, from posting to its answer. */
async function pgliteStart(browser, base) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // Any page of the origin but the app's, which would start a proof of its own.
    await page.goto(`${base}no-such-page`);
    return await page.evaluate(async (url) => {
      const start = performance.now();
      const worker = new Worker(url);
      const answer = await new Promise((done) => {
        worker.onmessage = ({ data }) => (data.executed || data.error) && done(data);
        worker.postMessage({ plan: JSON.stringify({ migration: [], probes: [] }) });
      });
      worker.terminate();
      if (answer.error) throw new Error(answer.error);
      return performance.now() - start;
    }, `${base}proof-worker.js`);
  } finally {
    await context.close();
  }
}

/**
 * One cold load of `url`: ms from navigation start to the verdict drawn and to the
 * proof done (the button pressed when the inputs are over the automatic size).
 */
async function proofLoad(browser, url) {
  const l = await load(browser, url, '[data-testid=verdict]');
  try {
    const { page } = l;
    if ((await page.locator('.app').getAttribute('data-proof-state')) === 'off') {
      await page.getByTestId('prove').click();
    }
    await page.waitForFunction(
      () => ['done', 'unavailable'].includes(document.querySelector('.app')?.dataset.proofState),
      null,
      { timeout: 600_000, polling: 50 },
    );
    const done = await page.evaluate(() => performance.now());
    const status = await page.getByTestId('proof-status').textContent();
    const proofs = await page.getByTestId('gate-result').evaluateAll((rows) => rows.map((r) => r.dataset.proof));
    const counts = {};
    for (const p of proofs) counts[p] = (counts[p] ?? 0) + 1;
    return { verdict: l.drawn, done, status, counts };
  } finally {
    await l.context.close();
  }
}

async function proof(browser, base) {
  const start = [];
  for (let i = 0; i < SCALE_RUNS; i++) start.push(await pgliteStart(browser, base));
  const rows = [];
  for (const [name, url] of [
    ['seed (the demo)', base],
    ['5 MB migration', `${base}?report=inputs/report-seed.md&run=inputs/migration-5mb/run.json`],
    ['over a baseline of 100 migrations', `${base}?report=inputs/report-seed.md&run=inputs/baseline-100/run.json`],
  ]) {
    const loads = [];
    for (let i = 0; i < SCALE_RUNS; i++) loads.push(await proofLoad(browser, url));
    rows.push({ name, loads });
  }
  return { start, rows };
}

function printProof(out, line, pglite, proven) {
  out.push('## Proof with PostgreSQL in the tab (PGlite), kB = 1000 bytes');
  line('file', 'raw kB', 'gzip kB', 'brotli kB');
  line('PGlite in all', kB(pglite.raw), kB(pglite.gzip), kB(pglite.brotli));
  for (const f of pglite.files) line(`  ${f.name}`, kB(f.raw), kB(f.gzip), kB(f.brotli));
  out.push(
    `PGlite cold start (fetch over loopback, compile, initdb, empty plan), median of ${SCALE_RUNS}: ${ms(median(proven.start))} ms (min ${ms(Math.min(...proven.start))}, max ${ms(Math.max(...proven.start))})`,
  );
  line('inputs', 'verdict ms', 'proof done ms', 'proof ms after the verdict', 'proofs', 'status');
  for (const { name, loads } of proven.rows) {
    const counts = Object.entries(loads[0].counts).map(([k, v]) => `${v} ${k}`).join(', ');
    line(
      name,
      ms(median(loads.map((l) => l.verdict))),
      ms(median(loads.map((l) => l.done))),
      ms(median(loads.map((l) => l.done - l.verdict))),
      counts,
      loads[0].status,
    );
  }
}

// --- main -------------------------------------------------------------------------

function machine() {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  let nproc = String(cpus().length);
  try {
    nproc = execFileSync('nproc').toString().trim();
  } catch {}
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  return `${model}; nproc ${nproc}; ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average ${load}`;
}

const startLoad = machine();
const app = await sizes(dist);
const engine = await sizes(dist, (name) => isWeb(name) && isEngine(name));
// --proof needs neither the blank page nor the large-input figures built.
const blankSizes = ONLY_PROOF ? null : await sizes(blankDist);
const pglite = await sizes(dist, (name) => PGLITE.includes(name));
const server = await serveAll();
const browser = await launch();
let ttv, scaled, proven, linked;
try {
  if (!NO_PROOF && !ONLY_LINK) proven = await proof(browser, server.url);
  if (!ONLY_PROOF) linked = await link(browser, server.url);
  if (!ONLY_PROOF && !ONLY_LINK) {
    ttv = await timeToVerdict(browser, server.url);
    scaled = await scale(browser, server.url);
  }
} finally {
  await browser.close();
  server.close();
}
const proofLines = [];
if (proven) printProof(proofLines, (...cells) => proofLines.push(cells.join(' | ')), pglite, proven);
if (ONLY_PROOF) {
  console.log([`machine: ${startLoad}`, ...proofLines].join('\n'));
  process.exit(0);
}
const linkLines = [];
if (linked) printLink(linkLines, (...cells) => linkLines.push(cells.join(' | ')), linked);
if (ONLY_LINK) {
  console.log([`machine at start: ${startLoad}`, `machine at end:   ${machine()}`, '', ...linkLines].join('\n'));
  process.exit(0);
}
let growth = null;
try {
  growth = JSON.parse(await readFile(growthFile, 'utf8'));
} catch {}

const out = [];
const line = (...cells) => out.push(cells.join(' | '));
out.push(`machine at start: ${startLoad}`);
out.push(`machine at end:   ${machine()}`);
out.push('');
out.push('## Download (wasm + js + css, after wasm-opt), kB = 1000 bytes; budget 550 kB gzip for the page');
line('page', 'raw kB', 'gzip kB', 'brotli kB', 'budget');
for (const [name, s] of [['app: the page (first download)', app], ['app: the engine (its worker, in parallel)', engine], ['blank Leptos', blankSizes]]) {
  line(name, kB(s.raw), kB(s.gzip), kB(s.brotli), s === app ? (s.gzip <= 550_000 ? 'met' : 'NOT met') : '');
  for (const f of s.files) line(`  ${f.name}`, kB(f.raw), kB(f.gzip), kB(f.brotli), '');
}
out.push('');
out.push(`## Time to verdict, ms from navigation start, median of ${RUNS} cold loads; target demo <= 1.5x blank`);
const demoMs = median(ttv.demo.map((l) => l.drawn));
const blankMs = median(ttv.blank.map((l) => l.drawn));
const demoLong = longTaskSummary(ttv.demo.flatMap((l) => l.longTasks));
line('page', 'median', 'min', 'max', 'long tasks/load', 'longest task');
for (const [name, loads] of [['demo (verdict)', ttv.demo], ['blank (mounted)', ttv.blank]]) {
  const t = loads.map((l) => l.drawn);
  const lt = longTaskSummary(loads.flatMap((l) => l.longTasks));
  line(name, ms(median(t)), ms(Math.min(...t)), ms(Math.max(...t)), (lt.count / loads.length).toFixed(1), ms(lt.max));
}
const ratio = demoMs / blankMs;
out.push(`demo / blank = ${ratio.toFixed(2)}x (${ratio <= 1.5 ? 'met' : 'NOT met'}); demo long tasks in total: ${demoLong.count}, ${ms(demoLong.total)} ms`);
out.push('', ...linkLines);
out.push('');
out.push(`## Large inputs to the verdict, median of ${SCALE_RUNS}; target browser <= 3x CLI`);
line('input', 'MB', 'verdict page / CLI', 'browser ms', 'CLI ms', 'ratio', 'long tasks >200ms (longest)', 'open Findings + type "check 1"');
for (const r of scaled) {
  const f = `${r.filtered.count} long tasks >200ms (longest ${ms(r.filtered.max)} ms); ${r.filtered.matches.trim()}, ${r.filtered.shown} rows in the DOM`;
  const x = r.browser / r.cli.ms;
  line(
    r.name,
    (r.bytes / 1e6).toFixed(1),
    `${r.verdict} / ${r.cli.verdict}`,
    ms(r.browser),
    ms(r.cli.ms),
    `${x.toFixed(1)}x ${x <= 3 ? 'met' : 'NOT met'}`,
    `${r.long200.count} (${ms(r.long200.max)} ms)`,
    f,
  );
  if (r.errors) out.push(`  ${r.errors} page errors`);
}
out.push('');
out.push(...proofLines, '');
out.push('## Growth: (time ratio / size ratio) against 1x, and [the same against the previous scale]');
out.push('1.0 = linear; a quadratic step gives ~4 at every step; the machine is shared, so +-50% is noise');
if (!growth) {
  out.push('no target/bench/growth.json: run `cargo bench -p secondlook-core --bench growth` first');
} else {
  line('stage', '1x ms', '4x', '16x', 'verdict');
  for (const g of growth) {
    const [a, b, c] = g.steps;
    const worst = Math.max(b.stepRatio, c.stepRatio);
    line(
      g.name,
      a.ms.toFixed(2),
      `${b.ms.toFixed(1)} ms (${b.perByteRatio.toFixed(2)}) [${b.stepRatio.toFixed(2)}]`,
      `${c.ms.toFixed(1)} ms (${c.perByteRatio.toFixed(2)}) [${c.stepRatio.toFixed(2)}]`,
      worst <= 2 ? 'linear within noise' : 'worse than linear: look for a quadratic step',
    );
  }
}
console.log(out.join('\n'));
