import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BillOfMaterialsSchema } from '@shared/master-data';
import { startTestServer, type TestServer } from '../testing/test-server';

// Bills of materials through the admin import (JSON and CSV), on a server that holds the demo plant.

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.dispose();
});

const importJson = (body: unknown) => server.admin('POST', '/api/v1/admin/import', body);
const importCsv = (csv: string, query = 'dataset=boms') =>
  server.admin('POST', `/api/v1/admin/import?${query}`, csv, { 'content-type': 'text/csv; charset=utf-8' });
const storedBom = (key: string) => {
  const value = server.db
    .prepare("SELECT value FROM master_records WHERE dataset = 'boms' AND key = ?")
    .pluck()
    .get(key) as string | null | undefined;
  return value ? BillOfMaterialsSchema.parse(JSON.parse(value)) : undefined;
};
const bom = (id: string, operationId: string, components: unknown[] = [component()]) => ({
  id,
  operationId,
  components,
});
const component = (overrides: Record<string, unknown> = {}) => ({
  id: '0010',
  name: 'Ronde EN AW-6082',
  gtin: '04012345100051',
  quantityPerUnit: 1,
  unit: 'Stk',
  isLotRequired: true,
  ...overrides,
});

describe('bills of materials: JSON import', () => {
  it('imports a BOM for an operation and terminals can pull it', async () => {
    const response = await importJson({ boms: [bom('BOM-X', 'FA1000005-0020')] });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ datasets: { boms: { received: 1, written: 1 } } });
    expect(storedBom('BOM-X')?.operationId).toBe('FA1000005-0020');
    const { token } = await server.enroll('ST-10');
    const pulled = (await server.pull(token, { dataset: 'boms', limit: 5000 })).json<{
      changes: Array<{ key: string }>;
    }>();
    expect(pulled.changes.map((c) => c.key)).toContain('BOM-X');
  });

  it.each([
    ['an unknown operation', [bom('BOM-X', 'FA9-0010')], 'boms[0].operationId: unknown operation "FA9-0010"'],
    [
      'a second BOM for an operation that has one',
      [bom('BOM-X', 'FA1000004-0010')],
      'boms[0].operationId: operation "FA1000004-0010" already has bill of materials "BOM-FA1000004-0010"',
    ],
    [
      'a GTIN with a wrong check digit',
      [bom('BOM-X', 'FA1000005-0020', [component({ gtin: '04012345100052' })])],
      'check digit',
    ],
    [
      'a component without GTIN or material number',
      [bom('BOM-X', 'FA1000005-0020', [component({ gtin: undefined })])],
      'GTIN or a material number',
    ],
    ['no components', [bom('BOM-X', 'FA1000005-0020', [])], 'boms[0].components'],
    [
      'a zero quantity per unit',
      [bom('BOM-X', 'FA1000005-0020', [component({ quantityPerUnit: 0 })])],
      'quantityPerUnit',
    ],
    [
      'two components with one id',
      [bom('BOM-X', 'FA1000005-0020', [component(), component({ gtin: '04012345100013' })])],
      'unique',
    ],
  ])('refuses %s and writes nothing', async (_name, boms, message) => {
    const before = server.countRows().master_records;
    const response = await importJson({ boms });
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: string[] } }>().error.details.join('\n')).toContain(message);
    expect(server.countRows().master_records).toBe(before);
  });
});

describe('bills of materials: CSV import', () => {
  it('groups component lines by BOM id, with yes/no flags and decimal commas', async () => {
    const csv = [
      'id;operationId;componentId;name;gtin;materialNumber;quantityPerUnit;unit;lotRequired;serialRequired',
      'BOM-L;FA1000005-0020;0010;Rillenkugellager 6205-2RS;04012345100037;KL-6205;2;Stk;ja;',
      'BOM-L;FA1000005-0020;0020;Montagefett;;CH-FETT;0,002;kg;nein;no',
      'BOM-M;FA1000010-0020;0010;O-Ring 52×3;04012345100068;;1;Stk;x;',
    ].join('\r\n');
    const response = await importCsv(csv);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ datasets: { boms: { received: 2, written: 2 } } });
    expect(storedBom('BOM-L')).toEqual({
      id: 'BOM-L',
      operationId: 'FA1000005-0020',
      components: [
        {
          id: '0010',
          name: 'Rillenkugellager 6205-2RS',
          gtin: '04012345100037',
          materialNumber: 'KL-6205',
          quantityPerUnit: 2,
          unit: 'Stk',
          isLotRequired: true,
        },
        {
          id: '0020',
          name: 'Montagefett',
          materialNumber: 'CH-FETT',
          quantityPerUnit: 0.002,
          unit: 'kg',
          isLotRequired: false,
          isSerialRequired: false,
        },
      ],
    });
  });

  it.each([
    [
      'a flag that is neither yes nor no',
      'id,operationId,componentId,name,gtin,quantityPerUnit,unit,lotRequired\nB,FA1000005-0020,0010,Lager,04012345100037,2,Stk,maybe',
      'line 2, lotRequired: "maybe" is not yes or no',
    ],
    [
      'one BOM id for two operations',
      'id,operationId,componentId,name,gtin,quantityPerUnit,unit\nB,FA1000005-0020,0010,Lager,04012345100037,2,Stk\nB,FA1000010-0020,0020,Ring,04012345100068,1,Stk',
      'line 3: bill of materials "B" names two operations',
    ],
    [
      "a wrong GTIN, named by the BOM's first line",
      'id,operationId,componentId,name,gtin,quantityPerUnit,unit\nB,FA1000005-0020,0010,Lager,04012345100030,2,Stk',
      'line 2.components.0.gtin',
    ],
    [
      'a missing column',
      'id,operationId,name,quantityPerUnit,unit\nB,FA1000005-0020,Lager,2,Stk',
      'missing column(s) componentId',
    ],
  ])('refuses %s', async (_name, csv, message) => {
    const response = await importCsv(csv);
    expect(response.statusCode).toBe(422);
    expect(response.json<{ error: { details: string[] } }>().error.details.join('\n')).toContain(message);
    expect(storedBom('B')).toBeUndefined();
  });
});
