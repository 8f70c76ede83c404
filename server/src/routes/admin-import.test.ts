import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperatorSchema, type Order } from '@shared/master-data';
import type { PullResponse } from '@shared/protocol';
import { startTestServer, TEST_ADMIN_TOKEN, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer({ demo: false });
});
afterEach(async () => {
  await server.dispose();
});

const order = (id: string, overrides: Partial<Order> = {}): Order => ({
  id,
  number: id,
  material: 'WEL-4711',
  materialText: 'Antriebswelle',
  quantity: 100,
  unit: 'Stk',
  dueDate: '2026-03-01',
  status: 'released',
  ...overrides,
});
const station = { id: 'ST-10', name: 'Drehzentrum 1' };
const operation = (id: string, orderId: string) => ({
  id,
  orderId,
  number: '0010',
  text: 'Drehen',
  stationId: 'ST-10',
  setupMinutes: 30,
  cycleSeconds: 60,
  status: 'released',
});

const importJson = (body: unknown) => server.admin('POST', '/api/v1/admin/import', body);
const importCsv = (csv: string, query: string) =>
  server.admin('POST', `/api/v1/admin/import?${query}`, csv, { 'content-type': 'text/csv; charset=utf-8' });
const liveKeys = (dataset: string) =>
  server.db
    .prepare('SELECT key FROM master_records WHERE dataset = ? AND value IS NOT NULL ORDER BY key')
    .pluck()
    .all(dataset);

describe('admin auth', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token' }],
    ['a terminal token', 'terminal'],
  ] as const)('answers 401 with %s', async (_name, headers) => {
    let authHeaders: Record<string, string> = headers === 'terminal' ? {} : { ...headers };
    if (headers === 'terminal') {
      await importJson({ stations: [station] });
      authHeaders = { authorization: `Bearer ${(await server.enroll()).token}` };
    }
    for (const [method, url] of [
      ['POST', '/api/v1/admin/import'],
      ['GET', '/api/v1/admin/bookings'],
      ['GET', '/api/v1/admin/alerts'],
    ] as const) {
      const response = await server.request({
        method,
        url,
        headers: authHeaders,
        ...(method === 'POST' ? { payload: { stations: [] } } : {}),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(TEST_ADMIN_TOKEN).not.toBe('');
  });
});

describe('JSON import', () => {
  it('imports, counts, and leaves unchanged rows alone on a second run', async () => {
    const body = {
      stations: [station],
      orders: [order('FA1'), order('FA2')],
      operations: [operation('FA1-0010', 'FA1')],
    };
    const first = await importJson(body);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      mode: 'merge',
      datasets: { orders: { received: 2, written: 2, unchanged: 0, deleted: 0 }, operations: { written: 1 } },
    });
    const second = await importJson(body);
    expect(second.json()).toMatchObject({ datasets: { orders: { written: 0, unchanged: 2 } } });
    const { audit } = (await server.admin('GET', '/api/v1/admin/audit')).json<{
      audit: Array<{ action: string; target: string; clientIp: string; at: number; details: unknown }>;
    }>();
    expect(audit.map((entry) => entry.action)).toEqual(['master-data.import', 'master-data.import']);
    expect(audit[0]).toMatchObject({
      target: 'merge',
      clientIp: expect.any(String),
      at: expect.any(Number),
      details: { datasets: { orders: { received: 2, written: 2 }, stations: { written: 1 } } },
    });
  });

  it('replace mode deletes what the file no longer has; merge mode keeps it', async () => {
    await importJson({ orders: [order('FA1'), order('FA2'), order('FA3')] });
    await importJson({ orders: [order('FA3', { status: 'closed' })] });
    expect(liveKeys('orders')).toEqual(['FA1', 'FA2', 'FA3']);
    const replaced = await importJson({ mode: 'replace', orders: [order('FA2'), order('FA4')] });
    expect(replaced.json()).toMatchObject({
      mode: 'replace',
      datasets: { orders: { written: 1, unchanged: 1, deleted: 2 } },
    });
    expect(liveKeys('orders')).toEqual(['FA2', 'FA4']);
  });

  it('rejects the whole request when one row is invalid, and names the row', async () => {
    const response = await importJson({
      stations: [station],
      orders: [order('FA1'), order('FA2', { dueDate: '1.3.2026' }), { id: 'FA3' }],
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json<{ error: { code: string; details: string[] } }>();
    expect(error.code).toBe('import-invalid');
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^orders\[1\]\.dueDate/),
        expect.stringMatching(/^orders\[2\]\.number/),
      ]),
    );
    expect(liveKeys('orders')).toEqual([]);
    expect(liveKeys('stations')).toEqual([]);
    expect((await server.admin('GET', '/api/v1/admin/audit')).json()).toMatchObject({ audit: [] });
  });

  it.each([
    ['[]', /can never match/],
    ['^(a+)+$', /nested quantifiers/],
    ['\\d{0,7}'.repeat(20), /variable count/],
    ['((((((a))))))', /nested more than/],
    ['a{100000}', /count/],
    ['^(\\d)\\1$', /back-references/],
  ])('refuses the scan pattern %s with the reason, importing nothing', async (source, reason) => {
    const response = await importJson({
      stations: [
        station,
        { ...station, id: 'ST-20', scanPatterns: { orderPattern: '^FA\\d{7}$', badgePattern: source } },
      ],
      orders: [order('FA1')],
    });
    expect(response.statusCode).toBe(422);
    const { error } = response.json<{ error: { code: string; details: string[] } }>();
    expect(error.details).toEqual([expect.stringMatching(/^stations\[1\]\.scanPatterns\.badgePattern: /)]);
    expect(error.details[0]).toMatch(reason);
    expect(liveKeys('stations')).toEqual([]);
  });

  it('rejects operations that point at unknown orders or stations, atomically', async () => {
    const response = await importJson({
      orders: [order('FA1')],
      operations: [operation('FA1-0010', 'FA1'), operation('FA9-0010', 'FA9')],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: string[] } }>().error.details).toEqual([
      'operations[0].stationId: unknown station "ST-10"',
      'operations[1].orderId: unknown order "FA9"',
      'operations[1].stationId: unknown station "ST-10"',
    ]);
    expect(server.countRows().master_records).toBe(0);
  });

  it('rejects duplicate ids and duplicate badges inside one request', async () => {
    const op = { id: 'P1', name: 'A', role: 'operator', badgeUid: '04:a1:b2:c3' };
    const response = await importJson({ orders: [order('FA1'), order('FA1')], operators: [op, { ...op, id: 'P2' }] });
    expect(response.statusCode).toBe(422);
    const details = response.json<{ error: { details: string[] } }>().error.details;
    expect(details).toContain('orders[1]: id "FA1" appears more than once');
    expect(details).toContain('operators[1].badgeUid: same badge as operator "P1"');
  });

  it('hashes operator badges and PINs, and keeps salts when nothing changed', async () => {
    const operators = [{ id: 'P1', name: 'Anna', role: 'lead', badgeUid: '04 a1 b2 c3', pin: '9876' }];
    await importJson({ operators });
    const stored = OperatorSchema.parse(
      JSON.parse(server.db.prepare("SELECT value FROM master_records WHERE key = 'P1'").pluck().get() as string),
    );
    expect(JSON.stringify(stored)).not.toMatch(/04 ?a1|04A1B2C3|9876/i);
    expect(stored.pin?.iterations).toBeGreaterThanOrEqual(100_000);
    expect((await importJson({ operators })).json()).toMatchObject({ datasets: { operators: { unchanged: 1 } } });
    const changedPin = await importJson({ operators: [{ ...operators[0], pin: '1111' }] });
    expect(changedPin.json()).toMatchObject({ datasets: { operators: { written: 1 } } });
  });

  it.each([
    ['an unknown dataset', { machines: [] }],
    ['a row list that is not an array', { orders: {} }],
    ['an unknown mode', { mode: 'wipe', orders: [] }],
    ['not an object', ['orders']],
  ])('answers 400 for %s', async (_name, body) => {
    const response = await importJson(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'invalid-request' } });
  });
});

describe('CSV import', () => {
  it('imports orders with quotes, escaped quotes, CRLF and a BOM', async () => {
    const csv =
      '\uFEFFid,number,material,materialText,quantity,unit,dueDate,status\r\n' +
      'FA1,FA1,WEL-4711,"Welle ""lang"", Ø40",100,Stk,2026-03-01,released\r\n' +
      'FA2,FA2,FLA-2210,"Flansch\r\nDN80",25.5,Stk,2026-03-02,in-progress\r\n';
    const response = await importCsv(csv, 'dataset=orders');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ datasets: { orders: { written: 2 } } });
    const { token } = await (async () => {
      await importJson({ stations: [station] });
      return server.enroll();
    })();
    const pulled = (await server.pull(token, { dataset: 'orders' })).json<PullResponse>();
    expect(pulled.changes.map((c) => c.value)).toEqual([
      order('FA1', { materialText: 'Welle "lang", Ø40' }),
      order('FA2', {
        material: 'FLA-2210',
        materialText: 'Flansch\r\nDN80',
        quantity: 25.5,
        dueDate: '2026-03-02',
        status: 'in-progress',
      }),
    ]);
  });

  it('reads semicolon files with decimal commas (German Excel) and reasons with both languages', async () => {
    const csv =
      'id;kind;textDe;textEn\nS01;scrap;Materialfehler;Material defect\nD01;downtime;"Kein Material; Lager leer";No material\n';
    const response = await importCsv(csv, 'dataset=reasons&mode=replace');
    expect(response.statusCode).toBe(200);
    const value = JSON.parse(
      server.db.prepare("SELECT value FROM master_records WHERE key = 'D01'").pluck().get() as string,
    );
    expect(value).toEqual({
      id: 'D01',
      kind: 'downtime',
      text: { de: 'Kein Material; Lager leer', en: 'No material' },
    });
    await importJson({ stations: [station], orders: [order('FA1')] });
    const ops =
      'id;orderId;number;text;stationId;setupMinutes;cycleSeconds;status\nFA1-0010;FA1;0010;Drehen;ST-10;12,5;90;released\n';
    expect((await importCsv(ops, 'dataset=operations')).statusCode).toBe(200);
    expect(
      JSON.parse(server.db.prepare("SELECT value FROM master_records WHERE key = 'FA1-0010'").pluck().get() as string)
        .setupMinutes,
    ).toBe(12.5);
  });

  it('reports malformed rows by line and imports nothing', async () => {
    const csv = [
      'id,number,material,materialText,quantity,unit,dueDate,status',
      'FA1,FA1,M,Text,100,Stk,2026-03-01,released',
      'FA2,FA2,M,Text,lots,Stk,2026-03-01,released',
      'FA3,FA3,M,Text,5,Stk',
      'FA4,FA4,M,Text,5,Stk,2026-03-01,shipped',
    ].join('\n');
    const response = await importCsv(csv, 'dataset=orders');
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: string[] } }>().error.details).toEqual([
      'line 3, quantity: "lots" is not a number',
      'line 4: 6 fields, the header has 8',
    ]);
    const second = await importCsv(
      csv
        .split('\n')
        .filter((_, i) => i !== 2 && i !== 3)
        .join('\n'),
      'dataset=orders',
    );
    expect(second.statusCode).toBe(422);
    expect(second.json<{ error: { details: string[] } }>().error.details).toEqual([
      expect.stringMatching(/^line 3\.status: /),
    ]);
    expect(liveKeys('orders')).toEqual([]);
  });

  it.each([
    ['an unknown column', 'id,number,colour\n', 'dataset=orders', 422],
    ['a missing column', 'id,kind\nS1,scrap\n', 'dataset=reasons', 422],
    ['an unclosed quote', 'id,kind,textDe,textEn\nS1,scrap,"open,x\n', 'dataset=reasons', 422],
    ['an empty file', '', 'dataset=reasons', 422],
    ['a dataset that has no CSV form', 'id\n', 'dataset=qualityPlans', 400],
    ['no dataset', 'id\n', 'mode=merge', 400],
  ])('refuses %s', async (_name, csv, query, status) => {
    const response = await importCsv(csv, query);
    expect(response.statusCode).toBe(status);
    expect(server.countRows().master_records).toBe(0);
  });
});
