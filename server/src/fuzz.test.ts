import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeBooking,
  startTestServer,
  TEST_ADMIN_TOKEN,
  TEST_ENROLLMENT_CODE,
  type TestServer,
} from './testing/test-server';
import { createFuzzInputs } from './testing/fuzz-inputs';

// Seeded fuzzing of every endpoint that takes input. Invariants: no 5xx, always a JSON error body with a
// code, nothing stored by a refused request, and the server still healthy at the end.

const SEED = 0x7a4b7;
const ROUNDS_PER_TARGET = 900;

const { int, pick, chance, randomString, percentEncode, mutate, bodyFor } = createFuzzInputs(SEED);

let server: TestServer;
let terminal: { terminalId: string; token: string };
let nextSeq = 1;
const statuses = new Map<number, number>();

beforeAll(async () => {
  server = await startTestServer();
  terminal = await server.enroll();
});
afterAll(async () => {
  await server.dispose();
});

async function send(options: InjectOptions): Promise<void> {
  const before = server.countRows();
  const response = await server.request(options);
  statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
  // Without a built renderer the UI paths answer 503 by design; everything else must stay below 500.
  const isUiNotBuilt =
    response.statusCode === 503 &&
    response.body.includes('renderer-not-built') &&
    !String(options.url).startsWith('/api/');
  if (response.statusCode >= 500 && !isUiNotBuilt)
    throw new Error(`${response.statusCode} for ${options.method} ${options.url}: ${response.body.slice(0, 300)}`);
  if (response.statusCode >= 400) {
    const body: unknown = response.json();
    expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(server.countRows()).toEqual(before);
  }
}

function validPush() {
  const count = 1 + int(5);
  const bookings = Array.from({ length: count }, () => makeBooking(terminal.terminalId, 'fuzz', nextSeq++));
  return { terminalId: terminal.terminalId, epoch: 'fuzz', bookings };
}

describe(`fuzz (seed ${SEED})`, () => {
  it('push never fails with 5xx and stores nothing from a refused envelope', async () => {
    for (let i = 0; i < ROUNDS_PER_TARGET; i++) {
      // Most edits go inside the bookings, so the per-item paths (rejected, quarantined, duplicate) get exercised.
      const editPush = (value: unknown) =>
        chance(0.7)
          ? {
              ...(value as ReturnType<typeof validPush>),
              bookings: mutate((value as ReturnType<typeof validPush>).bookings),
            }
          : mutate(value);
      const { payload, contentType } = bodyFor(validPush, editPush);
      await send({
        method: 'POST',
        url: '/api/v1/sync/push',
        headers: {
          authorization: chance(0.95) ? `Bearer ${terminal.token}` : pick(['', 'Bearer', `Bearer ${randomString()}`]),
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        payload,
      });
    }
  });

  it('enroll never fails with 5xx', async () => {
    for (let i = 0; i < ROUNDS_PER_TARGET / 3; i++) {
      const { payload, contentType } = bodyFor(() => ({
        stationId: pick(['ST-10', 'ST-99', '']),
        enrollmentCode: pick([TEST_ENROLLMENT_CODE, 'nope']),
      }));
      await send({
        method: 'POST',
        url: '/api/v1/terminals/enroll',
        headers: contentType ? { 'content-type': contentType } : {},
        payload,
      });
    }
  });

  it('pull never fails with 5xx', async () => {
    const params = ['dataset', 'cursor', 'limit', '__proto__', 'constructor', 'x', 'dataset[]'];
    for (let i = 0; i < ROUNDS_PER_TARGET; i++) {
      const query = Array.from({ length: int(5) }, () => {
        const value = pick([
          pick(['orders', 'operators', 'qualityPlans', 'nope', '']),
          randomString(),
          String(int(10_000) - 10),
          Buffer.from(randomString()).toString('base64url'),
        ]);
        return `${percentEncode(pick(params))}=${percentEncode(value.slice(0, 3000))}`;
      }).join('&');
      await send({
        method: 'GET',
        url: `/api/v1/sync/pull?${query}`,
        headers: { authorization: `Bearer ${terminal.token}` },
      });
    }
  });

  it('import (JSON and CSV) never fails with 5xx and is all-or-nothing', async () => {
    const order = {
      id: 'FZ1',
      number: 'FZ1',
      material: 'M',
      materialText: 'T',
      quantity: 1,
      unit: 'Stk',
      dueDate: '2026-01-01',
      status: 'released',
    };
    for (let i = 0; i < ROUNDS_PER_TARGET / 2; i++) {
      const isCsv = chance(0.3);
      if (isCsv) {
        const lines = [
          'id,number,material,materialText,quantity,unit,dueDate,status',
          'FZ2,FZ2,M,T,1,Stk,2026-01-01,released',
        ];
        const text = chance(0.5)
          ? lines.join('\r\n').slice(0, int(120)) + randomString().slice(0, 200)
          : randomString();
        await send({
          method: 'POST',
          url: `/api/v1/admin/import?dataset=${pick(['orders', 'reasons', 'operators', 'x'])}${chance(0.3) ? '&mode=replace' : ''}`,
          headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'text/csv' },
          payload: text,
        });
        continue;
      }
      const { payload, contentType } = bodyFor(() => ({ mode: 'merge', orders: [order], delete: { orders: ['FZ0'] } }));
      await send({
        method: 'POST',
        url: '/api/v1/admin/import',
        headers: {
          authorization: `Bearer ${TEST_ADMIN_TOKEN}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        payload,
      });
    }
  });

  it('odd paths and methods answer 4xx, and the server is still healthy afterwards', async () => {
    for (let i = 0; i < 200; i++) {
      const path =
        pick(['/api/v1/', '/api/v1/sync/', '/api/v1/admin/', '/', '/api/v1/sync/pull/']) +
        pick(['', '..%2F..%2Fetc', '%00', 'push', '%ZZ', randomString().slice(0, 100)]);
      await send({ method: pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']), url: path });
    }
    console.info(`fuzz status counts: ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
    const health = await server.request({ method: 'GET', url: '/api/v1/health' });
    expect(health.statusCode).toBe(200);
    // The fuzzer must have reached both the happy path and the refusals, or it tested little.
    expect(statuses.get(200)).toBeGreaterThan(50);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(server.countRows().rejected_bookings).toBeGreaterThan(0);
  });
});
