import fs from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

// The service worker (renderer/public/sw.js) run as written, in a V8 context with a fake CacheStorage and a
// scripted network: what it caches, what it serves offline and what it leaves alone.

const ORIGIN = 'https://mes.plant.local:8443';
const source = fs.readFileSync('renderer/public/sw.js', 'utf8');

type Route = () => Response;
interface FakeRequest {
  url: string;
  method: string;
  mode: string;
}

const page = (release: string) =>
  new Response(
    `<!doctype html><script type="module" src="/assets/index-${release}.js"></script><link rel="stylesheet" href="/assets/index-${release}.css">`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  );
const asset = (body: string) => new Response(body, { headers: { 'content-type': 'text/javascript' } });

function startWorker(initialRoutes: Record<string, Route>) {
  const routes = new Map(Object.entries(initialRoutes));
  let isOnline = true;
  const fetched: string[] = [];
  const store = new Map<string, Map<string, Response>>();
  const keyOf = (request: string | FakeRequest) =>
    new URL(typeof request === 'string' ? request : request.url, ORIGIN).href;
  const network = async (request: string | FakeRequest): Promise<Response> => {
    const url = new URL(keyOf(request));
    fetched.push(url.pathname);
    if (!isOnline) throw new TypeError('Failed to fetch');
    const route = routes.get(url.pathname);
    return route ? route() : new Response('not found', { status: 404, headers: { 'content-type': 'text/plain' } });
  };
  const openCache = (name: string) => {
    const entries = store.get(name) ?? new Map<string, Response>();
    store.set(name, entries);
    return {
      match: async (request: string | FakeRequest) => entries.get(keyOf(request))?.clone(),
      put: async (request: string | FakeRequest, response: Response) => void entries.set(keyOf(request), response),
      addAll: async (urls: string[]) => {
        for (const url of urls) {
          const response = await network(url);
          if (!response.ok) throw new TypeError(`addAll: ${url} answered ${response.status}`);
          entries.set(keyOf(url), response);
        }
      },
      keys: async () => [...entries.keys()].map((url) => new Request(url)),
      delete: async (request: Request) => entries.delete(request.url),
    };
  };
  const listeners = new Map<string, (event: unknown) => void>();
  const self = {
    location: new URL(`${ORIGIN}/sw.js`),
    addEventListener: (type: string, listener: (event: unknown) => void) => listeners.set(type, listener),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const caches = {
    open: async (name: string) => openCache(name),
    keys: async () => [...store.keys()],
    delete: async (name: string) => store.delete(name),
  };
  vm.runInNewContext(source, { self, caches, fetch: network, URL, Response, Request, Error, TypeError, Set });

  const background: Array<Promise<unknown>> = [];
  return {
    routes,
    fetched,
    setOnline: (value: boolean) => (isOnline = value),
    cachedPaths: () => [...(store.get('takt-shell-v2')?.keys() ?? [])].map((url) => new URL(url).pathname).sort(),
    async install() {
      listeners.get('install')!({ waitUntil: (p: Promise<unknown>) => background.push(p) });
      await Promise.all(background.splice(0));
    },
    /** The worker's answer, or null when it leaves the request to the browser. */
    async request(path: string, mode = 'no-cors', method = 'GET'): Promise<Response | null> {
      let answer: Promise<Response> | null = null;
      listeners.get('fetch')!({
        request: { url: new URL(path, ORIGIN).href, method, mode } satisfies FakeRequest,
        respondWith: (p: Promise<Response>) => (answer = p),
        waitUntil: (p: Promise<unknown>) => background.push(p),
      });
      const response = answer === null ? null : await (answer as Promise<Response>);
      await Promise.all(background.splice(0));
      return response;
    },
  };
}

const releaseA = {
  '/': () => page('aaa'),
  '/assets/index-aaa.js': () => asset('console.log("a")'),
  '/assets/index-aaa.css': () => asset('body{}'),
};

describe('service worker', () => {
  it('keeps the terminal page and its assets at install and serves them offline', async () => {
    const worker = startWorker(releaseA);
    await worker.install();
    expect(worker.cachedPaths()).toEqual(['/', '/assets/index-aaa.css', '/assets/index-aaa.js']);
    worker.setOnline(false);
    const shell = await worker.request('/?station=ST-10', 'navigate');
    expect(await shell?.text()).toContain('index-aaa.js');
    expect(await (await worker.request('/assets/index-aaa.js'))?.text()).toBe('console.log("a")');
  });

  it('leaves the API, other pages of the server and everything else alone', async () => {
    const worker = startWorker({
      ...releaseA,
      '/board': () => new Response('<!doctype html>board', { headers: { 'content-type': 'text/html' } }),
      '/demo/barcodes': () => new Response('<!doctype html>codes', { headers: { 'content-type': 'text/html' } }),
      '/logo.png': () => new Response('png', { headers: { 'content-type': 'image/png' } }),
    });
    await worker.install();
    expect(await worker.request('/board', 'navigate')).toBeNull();
    expect(await worker.request('/demo/barcodes', 'navigate')).toBeNull();
    expect(await worker.request('/api/v1/health', 'cors')).toBeNull();
    expect(await worker.request('/logo.png')).toBeNull();
    expect(await worker.request('/', 'navigate', 'POST')).toBeNull();
    expect(await worker.request('https://elsewhere.example/assets/x.js')).toBeNull();
    expect(worker.cachedPaths()).toEqual(['/', '/assets/index-aaa.css', '/assets/index-aaa.js']);
  });

  it('never replaces the kept page with an error or a page that is not HTML', async () => {
    const worker = startWorker(releaseA);
    await worker.install();
    worker.routes.set(
      '/',
      () => new Response('{"error":"degraded"}', { status: 503, headers: { 'content-type': 'application/json' } }),
    );
    expect((await worker.request('/', 'navigate'))?.status).toBe(503);
    worker.routes.set('/', () => new Response('{"ok":true}', { headers: { 'content-type': 'application/json' } }));
    await worker.request('/', 'navigate');
    worker.setOnline(false);
    expect(await (await worker.request('/', 'navigate'))?.text()).toContain('index-aaa.js');
  });

  it('takes a new release from the next navigation and drops the assets of the old one', async () => {
    const worker = startWorker(releaseA);
    await worker.install();
    worker.routes.set('/', () => page('bbb'));
    worker.routes.set('/assets/index-bbb.js', () => asset('console.log("b")'));
    worker.routes.set('/assets/index-bbb.css', () => asset('main{}'));
    await worker.request('/?station=ST-10', 'navigate');
    expect(worker.cachedPaths()).toEqual(['/', '/assets/index-bbb.css', '/assets/index-bbb.js']);
    // The same page again costs no asset downloads.
    worker.fetched.length = 0;
    await worker.request('/', 'navigate');
    expect(worker.fetched).toEqual(['/']);
  });

  it('keeps a chunk loaded later and serves it from the cache from then on', async () => {
    const worker = startWorker({ ...releaseA, '/assets/panel-ccc.js': () => asset('lazy') });
    await worker.install();
    expect(await (await worker.request('/assets/panel-ccc.js'))?.text()).toBe('lazy');
    worker.setOnline(false);
    expect(await (await worker.request('/assets/panel-ccc.js'))?.text()).toBe('lazy');
    expect(await worker.request('/assets/missing.js').catch((error: unknown) => error)).toBeInstanceOf(TypeError);
  });
});
