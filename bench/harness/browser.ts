import fs from 'node:fs';
import path from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../../tests/support/chromium';
import type { PouchBenchApi, TerminalBenchApi } from '../page/bench-api';
import { callPlain, type PlainPage } from './plain-browser';

// Debian's Chromium, headless, with an on-disk profile: a fresh (incognito-like) context would keep
// IndexedDB in memory and make every durability figure meaningless.

export function chromiumPath(): string {
  const found = chromiumExecutable();
  if (!found) throw new Error('the benchmarks need Chromium: set CHROMIUM_PATH or install Debian chromium');
  return found;
}

export interface BenchBrowser {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

export async function launchBenchBrowser(
  workDir: string,
  name: string,
  extraArgs: string[] = [],
): Promise<BenchBrowser> {
  const profile = path.join(workDir, `chromium-${name}`);
  fs.rmSync(profile, { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  return {
    context,
    page,
    cdp,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function chromiumVersion(cdp: CDPSession): Promise<string> {
  const version = await cdp.send('Browser.getVersion');
  return version.product;
}

/** JS heap in use after a full garbage collection, in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return usage.usedSize;
}

type Api = TerminalBenchApi & PouchBenchApi;

/** Calls a method of the bench page's API (window.taktBench or window.pouchBench) with one argument. */
export async function callPage<K extends keyof TerminalBenchApi>(
  page: Page | PlainPage,
  method: K,
  arg: Parameters<TerminalBenchApi[K]>[0],
): Promise<Awaited<ReturnType<TerminalBenchApi[K]>>>;
export async function callPage(page: Page | PlainPage, method: keyof Api, arg: unknown): Promise<unknown> {
  if (isPlain(page)) return callPlain(page, 'taktBench', method, arg);
  return page.evaluate(
    async ({ method, arg }) => {
      const api: Record<string, unknown> = { ...(window.taktBench ?? {}) };
      const fn = api[method];
      if (typeof fn !== 'function') throw new Error(`bench page has no ${method}()`);
      return (fn as (value: unknown) => Promise<unknown>)(arg);
    },
    { method, arg },
  );
}

export async function callPouch<K extends keyof PouchBenchApi>(
  page: Page | PlainPage,
  method: K,
  arg: Parameters<PouchBenchApi[K]>[0],
): Promise<Awaited<ReturnType<PouchBenchApi[K]>>>;
export async function callPouch(page: Page | PlainPage, method: keyof PouchBenchApi, arg: unknown): Promise<unknown> {
  if (isPlain(page)) return callPlain(page, 'pouchBench', method, arg);
  return page.evaluate(
    async ({ method, arg }) => {
      const api = window.pouchBench;
      if (!api) throw new Error('pouch bench page not loaded');
      return (api[method] as (value: unknown) => Promise<unknown>)(arg);
    },
    { method, arg },
  );
}

/** Opens a bench page and waits until its API is on `window`. */
export async function openBenchPage(page: Page | PlainPage, url: string): Promise<void> {
  await page.goto(url);
  if (isPlain(page)) return; // its goto waits for the title
  await page.waitForFunction(() => document.title.endsWith(': ready'), undefined, { timeout: 30_000 });
}

function isPlain(page: Page | PlainPage): page is PlainPage {
  return !('waitForFunction' in page);
}
