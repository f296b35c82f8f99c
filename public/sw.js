// secondlook's service worker. The app shell (index.html and the hashed files Trunk
// wrote) is served from cache, so a viewer opened once opens again with the network
// gone. Inputs (report, run file, SQL) come from the network when it answers, so a
// changed file is seen and its hash checked, and from cache when it does not.
// scripts/post-build.sh writes the shell's file names below at build time: every deploy
// is then a new worker, which waits until the page offers the reload (never a silent
// switch, never a stale app served silently).
// Installing caches nothing: the first visit's page is loading the files the verdict
// needs, and PGlite (5 MB and more) would take the link from it. The shell is cached
// as it passes, and the page asks for the rest ("precache") once its verdict has shown.
const SHELL = [/* shell */];
const SHELL_CACHE = `secondlook-shell ${SHELL.join(' ')}`;
const INPUTS_CACHE = 'secondlook-inputs';
// Each shell file being downloaded, so that the precache and a request of the page or
// a worker for the same file fetch it once.
const underway = new Map();

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('secondlook-shell') && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  // Answered to the page that asked: it says the viewer works offline only when every
  // file of the shell is in the cache.
  if (event.data === 'precache') {
    event.waitUntil(
      precache().then(
        () => event.source?.postMessage({ precached: true }),
        (error) => event.source?.postMessage({ precacheFailed: String(error?.message ?? error) }),
      ),
    );
  }
  // An input the page fetched before this worker controlled it.
  if (typeof event.data === 'string' && event.data.startsWith('keep ')) {
    const url = event.data.slice('keep '.length);
    event.waitUntil(caches.open(INPUTS_CACHE).then((cache) => cache.add(url)).catch(() => {}));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const scope = new URL(self.registration.scope);
  const url = new URL(request.url);
  const path = url.origin === scope.origin ? url.pathname : null;
  if (path === scope.pathname || path === `${scope.pathname}index.html`) {
    // Any query (?report=…) and fragment open the same page.
    event.respondWith(fromShell(new URL('./', scope).href, request));
  } else if (path !== null && SHELL.some((file) => new URL(file, scope).pathname === path)) {
    event.respondWith(fromShell(url.href, request));
  } else {
    event.respondWith(networkThenCache(request));
  }
});

async function fromShell(key, request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(key, { ignoreSearch: true });
  if (cached) return cached;
  try {
    return (await download(cache, key)).response;
  } catch {
    return fetch(request);
  }
}

/** Fetches a shell file once however many ask, and keeps it when the server had it. */
function download(cache, key) {
  let pending = underway.get(key);
  if (!pending) {
    pending = fetch(key).then((response) => ({
      response,
      // The page reads its copy as it arrives; the cache gets the other.
      stored: response.ok ? cache.put(key, response.clone()) : Promise.resolve(),
    }));
    underway.set(key, pending);
    const done = () => underway.delete(key);
    pending.then(({ stored }) => stored).then(done, done);
  }
  return pending.then(({ response, stored }) => ({ response: response.clone(), stored }));
}

/** Every shell file not cached yet, fetched and cached; rejects naming what is missing. */
async function precache() {
  const cache = await caches.open(SHELL_CACHE);
  const keys = SHELL.map((file) => new URL(file, self.registration.scope).href);
  await Promise.all(
    keys.map(async (key) => {
      if (await cache.match(key)) return;
      const { response, stored } = await download(cache, key);
      if (!response.ok) throw new Error(`${key}: HTTP ${response.status}`);
      await stored;
    }),
  );
  for (const key of keys) {
    if (!(await cache.match(key))) throw new Error(`${key} is not in the cache`);
  }
}

async function networkThenCache(request) {
  const cache = await caches.open(INPUTS_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (offline) {
    return (await cache.match(request)) ?? Promise.reject(offline);
  }
}
