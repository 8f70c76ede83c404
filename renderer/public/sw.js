// Keeps the terminal's app shell available offline in a browser terminal (tablets, the server-served
// terminal). Bookings never go through here: they live in IndexedDB. What is cached is exactly the shell:
// the terminal's HTML page, kept only from a navigation that answered with HTML, and the build's hashed
// files under /assets/ (the page's scripts, styles and the chunks they load). Nothing else the origin
// serves is ever cached: not the API, not the board, not the demo pages, not an error page.
const CACHE = 'takt-shell-v2';
const SHELL = '/';

/** Only the terminal's own page; other pages of the server (the board) are always fetched live. */
function isTerminalPage(url) {
  return url.origin === self.location.origin && (url.pathname === '/' || url.pathname === '/index.html');
}

function isBuildAsset(url) {
  return url.origin === self.location.origin && url.pathname.startsWith('/assets/');
}

function isHtml(response) {
  return response.ok && /^text\/html\b/i.test(response.headers.get('content-type') ?? '');
}

function assetsOf(html) {
  return [...html.matchAll(/(?:src|href)="((?:\.?\/)?assets\/[^"]+)"/g)].map(
    (m) => new URL(m[1], self.location.origin).href,
  );
}

/**
 * Stores a terminal page that differs from the kept one, with the assets it names (first, so the page is
 * never kept without its scripts), then drops the assets of the release before.
 */
async function keepShell(cache, response) {
  const html = await response.clone().text();
  const kept = await cache.match(SHELL);
  if (kept && (await kept.text()) === html) return;
  const assets = [...new Set(assetsOf(html))];
  await cache.addAll(assets);
  await cache.put(SHELL, response);
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (isBuildAsset(url) && !assets.includes(url.href)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const response = await fetch(SHELL, { cache: 'no-store' });
      if (!isHtml(response)) throw new Error(`terminal page answered ${response.status}`);
      await keepShell(await caches.open(CACHE), response);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate') {
    if (isTerminalPage(url)) event.respondWith(terminalPage(event));
    return;
  }
  if (isBuildAsset(url)) event.respondWith(buildAsset(request));
});

// Network first, so a new release reaches the terminal as soon as the server is reachable.
async function terminalPage(event) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(event.request);
    if (isHtml(response)) event.waitUntil(keepShell(cache, response.clone()).catch(() => undefined));
    return response;
  } catch (error) {
    const cached = await cache.match(SHELL);
    if (cached) return cached;
    throw error;
  }
}

// Hashed names never change content: the cache answers first; a chunk loaded later is kept once fetched.
async function buildAsset(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
