import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import type { BillOfMaterials, Reason } from '@shared/master-data';
import type { TerminalData } from '../terminal-data';
import { openTestTerminalData } from '../testing/fixtures';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});

const bom = (id: string, operationId: string): BillOfMaterials => ({
  id,
  operationId,
  components: [{ id: '0010', name: 'Ronde', gtin: '04012345100051', quantityPerUnit: 1, unit: 'Stk' }],
});

describe('bills of materials on the terminal', () => {
  it('are pulled like any dataset and found by operation', async () => {
    const data = openTestTerminalData();
    opened.push(data);
    await data.master.applyPullPage('boms', {
      changes: [bom('B1', 'FA1-0010'), bom('B2', 'FA2-0010')].map((value) => ({ key: value.id, op: 'put', value })),
      cursor: 'c1',
      hasMore: false,
    });
    expect((await data.master.getBomForOperation('FA2-0010'))?.id).toBe('B2');
    expect(await data.master.getBomForOperation('FA3-0010')).toBeUndefined();
  });

  it('a master database of version 1 (no boms table) opens with its data and then takes bills of materials', async () => {
    const name = 'test-master-upgrade-v1';
    const v1 = new Dexie(name);
    v1.version(1).stores({
      datasets: 'name',
      stations: '[_gen+_key]',
      operators: '[_gen+_key], [_gen+badgeSalt], [_gen+badgeHash]',
      orders: '[_gen+_key], [_gen+number]',
      operations: '[_gen+_key], [_gen+stationId], [_gen+orderId]',
      reasons: '[_gen+_key], [_gen+kind]',
      qualityPlans: '[_gen+_key]',
      shifts: '[_gen+_key]',
    });
    const reason: Reason = { id: 'S01', kind: 'scrap', text: { de: 'Materialfehler', en: 'Material defect' } };
    await v1.table('datasets').put({ name: 'reasons', gen: 1, cursor: 'r1' });
    await v1.table('reasons').put({ ...reason, _gen: 1, _key: 'S01' });
    v1.close();

    const data = openTestTerminalData({ masterDbName: name });
    opened.push(data);
    expect(await data.master.listReasons('scrap')).toEqual([reason]);
    expect(await data.master.getBomForOperation('FA1-0010')).toBeUndefined();
    await data.master.applyPullPage('boms', {
      changes: [{ key: 'B1', op: 'put', value: bom('B1', 'FA1-0010') }],
      cursor: 'c1',
      hasMore: false,
    });
    expect((await data.master.getBomForOperation('FA1-0010'))?.components[0]?.name).toBe('Ronde');
  });
});
