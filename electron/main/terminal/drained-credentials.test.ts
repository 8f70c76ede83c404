import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { createIpcHandlers } from '../ipc/handlers';
import { openJournal, type BookingJournal } from '../journal/journal';
import { createCredentialStore, type CredentialStore, type SecretCipher } from './credential-store';
import type { TerminalConfig } from './terminal-config';
import { createTerminalConnection, type TerminalConnection } from './terminal-connection';

// After a new enrollment the earlier identity's token stays in the keystore file while any booking captured
// under it is unacknowledged, and is deleted once the server has acknowledged the last of them. The real
// journal and credential store run on a temporary folder; only the server is played by a fetch function.

const cipher: SecretCipher = {
  encrypt: (plain) => Buffer.from([...Buffer.from(plain)].map((b) => b ^ 0x5a)),
  decrypt: (encrypted) => Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString(),
};

const OLD_EPOCH = '01890000-0000-7000-8000-0000000000e1';
const NEW_EPOCH = '01890000-0000-7000-8000-0000000000e2';

function booking(terminalId: string, epoch: string, seq: number): Booking {
  return {
    id: `01890000-0000-7000-8${epoch.slice(-3)}-${String(seq).padStart(12, '0')}`,
    terminalId,
    epoch,
    seq,
    type: 'quantity.good',
    occurredAt: 1_700_000_000_000 + seq,
    clockOffsetMs: 0,
    stationId: 'ST-10',
    orderId: 'FA1000004',
    operationId: '0010',
    masterDataVersion: 'v1',
    payload: { quantity: seq, unit: 'pcs' },
  } as Booking;
}

const config = (stationId: string): TerminalConfig => ({
  serverUrl: 'http://mes:8080',
  stationId,
  enrollmentCode: 'CODE',
  wedgeLayout: 'us',
  scanSources: [],
});

/** The server: enrolls `T-new`, and acknowledges each push up to the seq the test sets. */
function server(ackedUpTo: { value: number }): typeof fetch {
  const json = (status: number, value: unknown) =>
    new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
  return (async (input: RequestInfo | URL) => {
    if (String(input).endsWith('/api/v1/terminals/enroll')) {
      return json(201, { terminalId: 'T-new', token: 'token-new'.padEnd(40, 'x') });
    }
    return json(200, { results: [], ackedUpTo: ackedUpTo.value, serverTime: 1 });
  }) as typeof fetch;
}

let dir: string;
let store: CredentialStore;
let journal: BookingJournal;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'takt-drained-'));
  store = createCredentialStore(path.join(dir, 'credentials.json'), cipher);
  journal = await openJournal({ dir: path.join(dir, 'journal'), log: () => undefined });
});
afterEach(async () => {
  await journal.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function handlersFor(connection: TerminalConnection, forgotten: string[]) {
  let acknowledged: () => void = () => undefined;
  const handlers = createIpcHandlers({
    appInfo: () => ({ version: '1', platform: 'linux', electronVersion: '1', isPackaged: false }),
    serverClient: () => connection.client(),
    scanSources: () => [],
    journal: async () => journal,
    keystore: () => ({ state: 'secure' as const }),
    logTail: () => [],
    onSessionState: () => undefined,
    chooseExportPath: async () => undefined,
    onAcknowledged: (opened) => {
      forgotten.push(...connection.forgetDrained((terminalId) => opened.pendingCount(terminalId) === 0));
      acknowledged();
    },
  });
  // The journal takes an acknowledgement after the push has answered: wait for it.
  const push = async (terminalId: string, epoch: string) => {
    const done = new Promise<void>((resolve) => (acknowledged = resolve));
    await handlers['sync:push']({ terminalId, epoch, bookings: [{}] });
    await done;
  };
  return push;
}

const storedIds = () => store.loadAll().map((entry) => entry.terminalId);

describe('credentials of an earlier identity', () => {
  it('are kept until its last booking is acknowledged, then deleted from the keystore file', async () => {
    store.add({ terminalId: 'T-old', token: 'token-old', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    for (const seq of [1, 2, 3]) await journal.append(booking('T-old', OLD_EPOCH, seq));
    const ack = { value: 0 };
    const connection = createTerminalConnection(config('ST-20'), store, server(ack));
    expect(await connection.ensureEnrolled()).toBe('enrolled');
    await journal.append(booking('T-new', NEW_EPOCH, 1));
    const forgotten: string[] = [];
    const push = handlersFor(connection, forgotten);

    ack.value = 2; // two of the three old bookings arrived
    await push('T-old', OLD_EPOCH);
    expect(storedIds()).toEqual(['T-old', 'T-new']);

    // The new identity's bookings going out does not make the old ones sent.
    ack.value = 1;
    await push('T-new', NEW_EPOCH);
    expect(storedIds()).toEqual(['T-old', 'T-new']);

    ack.value = 3;
    await push('T-old', OLD_EPOCH);
    expect(forgotten).toEqual(['T-old']);
    expect(storedIds()).toEqual(['T-new']);
    expect(fs.readFileSync(path.join(dir, 'credentials.json'), 'utf8')).not.toContain('T-old');
    // Gone for good: a late push under the old identity is not sent with any token.
    expect(await connection.client()?.push({ terminalId: 'T-old', epoch: OLD_EPOCH, bookings: [{}] })).toEqual({
      kind: 'http-error',
      status: 401,
      code: 'not-enrolled',
    });
  });

  it('survive a restart in between, and the current identity is never deleted', async () => {
    store.add({ terminalId: 'T-old', token: 'token-old', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    await journal.append(booking('T-old', OLD_EPOCH, 1));
    const ack = { value: 0 };
    const first = createTerminalConnection(config('ST-20'), store, server(ack));
    await first.ensureEnrolled();
    await handlersFor(first, [])('T-old', OLD_EPOCH);
    expect(storedIds()).toEqual(['T-old', 'T-new']);

    await journal.close();
    journal = await openJournal({ dir: path.join(dir, 'journal'), log: () => undefined });
    const restarted = createTerminalConnection(config('ST-20'), store, server(ack));
    expect(restarted.terminalId()).toBe('T-new');
    ack.value = 1;
    const forgotten: string[] = [];
    await handlersFor(restarted, forgotten)('T-old', OLD_EPOCH);
    expect(forgotten).toEqual(['T-old']);
    expect(storedIds()).toEqual(['T-new']); // nothing of T-new was journaled, and it stays all the same
  });

  it('are all kept while no identity is current (enrollment at the new address still pending)', () => {
    store.add({ terminalId: 'T-old', token: 'token-old', serverUrl: 'http://mes:8080', stationId: 'ST-10' });
    const connection = createTerminalConnection(config('ST-20'), store, server({ value: 0 }));
    expect(connection.forgetDrained(() => true)).toEqual([]);
    expect(storedIds()).toEqual(['T-old']);
  });
});
