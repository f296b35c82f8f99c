// secondlook's service worker. The app shell (index.html and the hashed files Trunk
// wrote) is served from cache, so a viewer opened once opens again with the network
// gone. Inputs (report, run file, SQL) come from the network when it answers, so a
// changed file is seen and its hash checked, and from cache when it does not.
// scripts/post-build.sh writes the shell's file names below at build time: every deploy
// is then a new worker, which waits until the page offers the reload (never a silent
// switch, never a stale app served silently).
const SHELL = [/* shell */];
const SHELL_CACHE = `secondlook-shell ${SHELL.join(' ')}`;
const INPUTS_CACHE = 'secondlook-inputs';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)));
});

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
  return (await cache.match(key, { ignoreSearch: true })) ?? fetch(request);
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
