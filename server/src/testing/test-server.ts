import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Booking } from '@shared/booking';
import { SYNC_ROUTES } from '@shared/protocol';
import { uuidv7 } from '@shared/id/uuidv7';
import { createServer, type ServerOptions, type TaktServer } from '../app';

// Helpers for server tests and for simulations built on createServer + app.inject.

export const TEST_ENROLLMENT_CODE = 'TEST-7KQM-X2PR';
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestServer extends TaktServer {
  dataDir: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  enroll(stationId?: string): Promise<{ terminalId: string; token: string }>;
  push(token: string, body: unknown): Promise<LightMyRequestResponse>;
  pull(token: string, query: Record<string, string | number>): Promise<LightMyRequestResponse>;
  admin(
    method: 'GET' | 'POST',
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  /** Row counts of every table that a request may write to. */
  countRows(): Record<string, number>;
  /** Closes the server and deletes the data folder. */
  dispose(): Promise<void>;
}

const COUNTED_TABLES = [
  'terminals',
  'bookings',
  'quarantined_bookings',
  'rejected_bookings',
  'terminal_epochs',
  'alerts',
  'master_records',
];

/** An option set to undefined drops the test default (e.g. `enrollmentCode: undefined`: no plant-wide code). */
export type TestServerOptions = { [K in keyof ServerOptions]?: ServerOptions[K] | undefined };

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'takt-server-test-'));
  const chosen = { enrollmentCode: TEST_ENROLLMENT_CODE, adminToken: TEST_ADMIN_TOKEN, demo: true, ...options };
  const server = await createServer({
    ...(Object.fromEntries(
      Object.entries(chosen).filter(([, value]) => value !== undefined),
    ) as Partial<ServerOptions>),
    dataDir,
  });
  const request = (injectOptions: InjectOptions) => server.app.inject(injectOptions);
  return {
    ...server,
    dataDir,
    request,
    async enroll(stationId = 'ST-10') {
      const response = await request({
        method: 'POST',
        url: SYNC_ROUTES.enroll,
        payload: { stationId, enrollmentCode: TEST_ENROLLMENT_CODE },
      });
      if (response.statusCode !== 201) throw new Error(`enroll failed: ${response.statusCode} ${response.body}`);
      return response.json<{ terminalId: string; token: string }>();
    },
    push: (token, body) =>
      request({
        method: 'POST',
        url: SYNC_ROUTES.push,
        headers: { authorization: `Bearer ${token}` },
        payload: body as NonNullable<InjectOptions['payload']>,
      }),
    pull: (token, query) =>
      request({
        method: 'GET',
        url: SYNC_ROUTES.pull,
        headers: { authorization: `Bearer ${token}` },
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      }),
    admin: (method, url, payload, headers = {}) =>
      request({
        method,
        url,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as NonNullable<InjectOptions['payload']> }),
      }),
    countRows: () =>
      Object.fromEntries(
        COUNTED_TABLES.map((table) => [
          table,
          server.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number,
        ]),
      ),
    async dispose() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid good-quantity booking on a released demo order, at slot `seq`. */
export function makeBooking(terminalId: string, epoch: string, seq: number, overrides: Partial<Booking> = {}): Booking {
  return {
    id: uuidv7(),
    terminalId,
    epoch,
    seq,
    type: 'quantity.good',
    occurredAt: Date.now(),
    clockOffsetMs: 0,
    stationId: 'ST-10',
    operatorId: 'P-1001',
    orderId: 'FA1000004',
    operationId: 'FA1000004-0010',
    masterDataVersion: 'v1',
    payload: { quantity: 5, unit: 'Stk' },
    ...overrides,
  } as Booking;
}
