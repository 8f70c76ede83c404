// Keeps the terminal's app shell available offline in a browser terminal (tablets, the server-served
// terminal). Bookings never go through here: they live in IndexedDB. Only GET requests for our own
// pages and assets are cached; the API is never cached.
const CACHE = 'takt-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const response = await fetch('/', { cache: 'no-store' });
      const html = await response.clone().text();
      await cache.put('/', response);
      const assets = [...html.matchAll(/(?:src|href)="((?:\.?\/)?assets\/[^"]+)"/g)].map(
        (m) => new URL(m[1], self.location.origin).href,
      );
      await cache.addAll([...new Set(assets)]);
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
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  // The shift leads' board is another app (live only, never offline); its page must not replace the shell.
  if (url.pathname === '/board' || url.pathname.startsWith('/board/')) return;
  const isPage = event.request.mode === 'navigate';
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        // Network first, so a new release reaches the terminal as soon as the server is reachable.
        const response = await fetch(event.request);
        if (response.ok) await cache.put(isPage ? '/' : event.request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(isPage ? '/' : event.request);
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
