import type { Page } from '@playwright/test';
import { MachineSettingsRequestSchema, type MachineSettingsRequest } from '@shared/ipc/contract';
import { createSyncClient, PullQuerySchema, PushRequestSchema } from '@shared/protocol';
import type { TestServerProcess } from './test-server-process';

// Electron's main process played by the test, for specs about what main sends the page (machine drafts,
// scanner events): `window.takt` answers every channel the renderer calls as main does. It holds the token
// and makes the sync requests in the test process with main's own client, so the token never enters the page;
// its journal is in memory. The renderer under test is unchanged. (electron-mode.spec.ts has its own, which
// records the journal's timing as well.)

export interface MainCredentials {
  terminalId: string;
  token: string;
}

/** Enrolls the station as main does at its first start. */
export async function enrollAsMain(server: TestServerProcess, stationId = 'ST-10'): Promise<MainCredentials> {
  const outcome = await createSyncClient({ baseUrl: server.url, fetch }).enroll({
    stationId,
    enrollmentCode: server.enrollmentCode,
  });
  if (outcome.kind !== 'ok') throw new Error(`enrollment failed: ${JSON.stringify(outcome)}`);
  return outcome.value;
}

export interface MainStandIn {
  /** Every `machine:settings` the page sent, as main took it (checked against the contract). */
  machineSettings: MachineSettingsRequest[];
}

/** Installs the stand-in before the page loads; the page then starts as the Electron terminal would. */
export async function installMainStandIn(
  page: Page,
  server: TestServerProcess,
  credentials: MainCredentials,
  stationId = 'ST-10',
): Promise<MainStandIn> {
  const machineSettings: MachineSettingsRequest[] = [];
  const sync = createSyncClient({ baseUrl: server.url, fetch, getToken: () => credentials.token });
  // Main checks every request against the IPC contract; so does the stand-in.
  await page.exposeFunction('mainSyncPush', (request: unknown) => sync.push(PushRequestSchema.parse(request)));
  await page.exposeFunction('mainSyncPull', (query: unknown) => sync.pull(PullQuerySchema.parse(query)));
  await page.exposeFunction('mainSyncProbe', () => sync.health());
  await page.exposeFunction('mainMachineSettings', (request: unknown) => {
    machineSettings.push(MachineSettingsRequestSchema.parse(request));
    return { applied: true };
  });
  await page.addInitScript(
    ([terminalId, station]) => {
      type Listener = (payload: unknown) => void;
      type Relay = (request?: unknown) => Promise<unknown>;
      const listeners = new Map<string, Set<Listener>>();
      const journal: unknown[] = [];
      const main = window as unknown as {
        mainSyncPush: Relay;
        mainSyncPull: Relay;
        mainSyncProbe: Relay;
        mainMachineSettings: Relay;
      };
      const ok = (value: unknown) => ({ ok: true, value });
      const unavailable = async () => ({
        ok: false,
        error: { code: 'handler-failed', message: 'not played by this stand-in' },
      });
      const bridge = {
        'app:info': async () =>
          ok({
            version: '0.1.0',
            platform: 'linux',
            electronVersion: 'test',
            isPackaged: false,
            stationId: station,
            terminalId,
          }),
        'sync:push': async (request: unknown) => ok(await main.mainSyncPush(request)),
        'sync:pull': async (query: unknown) => ok(await main.mainSyncPull(query)),
        'sync:probe': async () => ok(await main.mainSyncProbe()),
        'sync:heartbeat': unavailable,
        'line:read': unavailable,
        'export:save': unavailable,
        'scan:sources': async () => ok([]),
        'journal:append': async (booking: unknown) => {
          journal.push(booking);
          return ok({ durable: true });
        },
        'journal:replay': async () =>
          ok({ bookings: [...journal], corruptRecords: 0, truncatedSegments: 0, segments: 1 }),
        'app:keystore': async () => ok({ state: 'secure', backend: 'gnome_libsecret' }),
        'log:tail': async () => ok({ lines: [] }),
        'session:state': async () => ok({ received: true }),
        'machine:settings': async (request: unknown) => ok(await main.mainMachineSettings(request)),
        subscribe: (channel: string, listener: Listener) => {
          const set = listeners.get(channel) ?? new Set<Listener>();
          set.add(listener);
          listeners.set(channel, set);
          return () => set.delete(listener);
        },
      };
      Object.assign(window, {
        takt: bridge,
        emitFromMain: (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l(payload)),
      });
    },
    [credentials.terminalId, stationId] as const,
  );
  return { machineSettings };
}

/** Sends an event as main would (`machine:draft`, `scan:received`, …). */
export function emitFromMain(page: Page, channel: string, payload: unknown): Promise<void> {
  return page.evaluate(
    ([c, p]) => (window as unknown as { emitFromMain(c: string, p: unknown): void }).emitFromMain(c, p),
    [channel, payload] as const,
  );
}
