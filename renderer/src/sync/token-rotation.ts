import { createSyncClient, type SyncClientOptions, type SyncOutcome } from '@shared/protocol';
import { browserFetch } from './transport/fetch-transport';

// A browser terminal's token is renewed on a schedule, like the Electron terminal's (electron/main/terminal/
// token-rotation.ts), so a token copied out of a tablet's storage stops working by itself. The server keeps
// the old token valid until the new one is first used; the new one is stored (as pending) before that first
// use, and sent from then on. A small pull settles it: accepted, it is the token; unknown to the server
// (a later rotation replaced it, or a restored server database), it is dropped and the old one is used.

export const BROWSER_TOKEN_ROTATION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;

export interface RotationStore {
  read(): Promise<{ terminalId: string; token: string; pendingToken?: string; rotatedAt: number } | undefined>;
  storePending(terminalId: string, token: string): Promise<void>;
  settle(terminalId: string, pendingToken: string, isAccepted: boolean): Promise<void>;
}

export type BrowserRotationResult =
  'not-enrolled' | 'not-due' | 'rotated' | 'pending' | 'dropped' | 'unsupported' | 'failed';

export interface BrowserRotationOptions {
  store: RotationStore;
  baseUrl: string;
  fetch?: SyncClientOptions['fetch'];
  everyDays?: number;
  now?: () => number;
}

const isUnknownToken = (outcome: SyncOutcome<unknown>) =>
  outcome.kind === 'http-error' && outcome.status === 401 && outcome.code === 'unauthorized';

/** One look: settles a pending token, or rotates when the schedule says so. */
export async function rotateBrowserTokenIfDue(options: BrowserRotationOptions): Promise<BrowserRotationResult> {
  const now = options.now ?? Date.now;
  const clientWith = (token: string) =>
    createSyncClient({
      baseUrl: options.baseUrl,
      getToken: () => token,
      fetch: options.fetch ?? browserFetch,
    });
  const settle = async (terminalId: string, pendingToken: string): Promise<BrowserRotationResult> => {
    const confirmed = await clientWith(pendingToken).pull({ dataset: 'stations', limit: 1 });
    if (confirmed.kind === 'ok') {
      await options.store.settle(terminalId, pendingToken, true);
      return 'rotated';
    }
    if (isUnknownToken(confirmed)) {
      await options.store.settle(terminalId, pendingToken, false);
      return 'dropped';
    }
    return 'pending'; // offline: the pending token is sent meanwhile, and settled at the next look
  };

  const state = await options.store.read();
  if (!state) return 'not-enrolled';
  if (state.pendingToken !== undefined) return settle(state.terminalId, state.pendingToken);
  const everyMs = (options.everyDays ?? BROWSER_TOKEN_ROTATION_DAYS) * DAY_MS;
  if (now() - state.rotatedAt < everyMs) return 'not-due';

  const answer = await clientWith(state.token).rotate();
  if (answer.kind === 'http-error' && answer.status === 404) return 'unsupported';
  if (answer.kind !== 'ok' || answer.value.terminalId !== state.terminalId) return 'failed';
  await options.store.storePending(state.terminalId, answer.value.token);
  return settle(state.terminalId, answer.value.token);
}

/** Looks now and then every hour (a tablet that was off when a rotation was due rotates soon after). */
export function startBrowserTokenRotation(
  options: BrowserRotationOptions & { onResult?: (result: BrowserRotationResult) => void },
): () => void {
  let running = false;
  const look = () => {
    if (running) return;
    running = true;
    rotateBrowserTokenIfDue(options)
      .then(options.onResult, () => options.onResult?.('failed'))
      .finally(() => (running = false));
  };
  look();
  const timer = setInterval(look, CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
