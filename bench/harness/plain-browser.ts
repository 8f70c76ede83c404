import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { CDPSession } from '@playwright/test';
import { CHROMIUM_FLAGS, chromiumExecutable } from '../../tests/support/chromium';

// Chromium driven over its DevTools pipe with only Runtime (and Profiler when profiling): no Network domain.
// Playwright enables the Network domain on every page it drives, and Chromium then hands DevTools each request
// body: measured on this machine with a 250 KB push body and an echo server, a round trip took 30–49 ms in a
// Playwright page against 9–10 ms in a Chromium without any DevTools client (bench/README.md, case 2). A
// terminal has no DevTools attached, so the drain and its PouchDB peer are measured in this page instead.

export interface PlainPage {
  /** Evaluates `expression` in the page, awaits it and answers its value (JSON-serialisable). */
  evaluate(expression: string): Promise<unknown>;
  goto(url: string): Promise<void>;
}

export interface PlainBrowser {
  page: PlainPage;
  /** The page's DevTools session (for the CPU profiler). */
  cdp: Pick<CDPSession, 'send'>;
  close(): Promise<void>;
}

interface Message {
  id?: number;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

export async function launchPlainBrowser(workDir: string, name: string): Promise<PlainBrowser> {
  const profile = path.join(workDir, `chromium-plain-${name}`);
  fs.rmSync(profile, { recursive: true, force: true });
  const executable = chromiumExecutable();
  if (!executable) throw new Error('the drain bench needs Chromium: set CHROMIUM_PATH or install Debian chromium');
  const child = spawn(
    executable,
    [...CHROMIUM_FLAGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const waiting = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\0'); end !== -1; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end)) as Message;
      buffered = buffered.slice(end + 1);
      const waiter = message.id === undefined ? undefined : waiting.get(message.id);
      if (!waiter || message.id === undefined) continue;
      waiting.delete(message.id);
      if (message.error) waiter.reject(new Error(message.error.message));
      else waiter.resolve(message.result ?? {});
    }
  });
  child.on('exit', () => {
    for (const waiter of waiting.values()) waiter.reject(new Error('Chromium exited'));
    waiting.clear();
  });

  function send(method: string, params: object = {}, session?: string): Promise<Record<string, unknown>> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(session ? { sessionId: session } : {}) })}\0`);
    });
  }

  let sessionId: string;
  try {
    sessionId = await attachToPage(send);
  } catch (error) {
    child.kill();
    throw error;
  }

  async function evaluate(expression: string): Promise<unknown> {
    const answer = (await send(
      'Runtime.evaluate',
      { expression, awaitPromise: true, returnByValue: true },
      sessionId,
    )) as {
      result: { value?: unknown };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (answer.exceptionDetails)
      throw new Error(answer.exceptionDetails.exception?.description ?? answer.exceptionDetails.text);
    return answer.result.value;
  }

  return {
    page: {
      evaluate,
      async goto(url) {
        await send('Page.navigate', { url }, sessionId);
        const deadline = Date.now() + 30_000;
        for (;;) {
          const state = await evaluate('[document.title, location.href]').catch(() => ['', '']);
          const [title, href] = state as [string, string];
          if (title.endsWith(': ready') && href === url) return;
          if (Date.now() > deadline) throw new Error(`plain Chromium: ${url} not ready after 30 s`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
    },
    cdp: { send: ((method: string, params?: object) => send(method, params, sessionId)) as CDPSession['send'] },
    async close() {
      const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      await send('Browser.close').catch(() => undefined);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Calls `window[api][method](arg)` in a plain page (the bench pages' APIs: taktBench, pouchBench). */
export function callPlain(
  page: PlainPage,
  api: 'taktBench' | 'pouchBench',
  method: string,
  arg: unknown,
): Promise<unknown> {
  return page.evaluate(`(async () => {
    const api = window[${JSON.stringify(api)}];
    if (!api || typeof api[${JSON.stringify(method)}] !== 'function') throw new Error('bench page has no ${method}()');
    return api[${JSON.stringify(method)}](${JSON.stringify(arg)});
  })()`);
}

async function attachToPage(
  send: (method: string, params?: object) => Promise<Record<string, unknown>>,
): Promise<string> {
  const { targetInfos } = (await send('Target.getTargets')) as {
    targetInfos: Array<{ targetId: string; type: string }>;
  };
  const target = targetInfos.find((info) => info.type === 'page');
  if (!target) throw new Error('plain Chromium: no page target');
  const { sessionId } = (await send('Target.attachToTarget', { targetId: target.targetId, flatten: true })) as {
    sessionId: string;
  };
  return sessionId;
}
