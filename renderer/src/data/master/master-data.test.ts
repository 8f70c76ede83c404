import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Operation, Operator, Reason } from '@shared/master-data';
import type { TerminalData } from '../terminal-data';
import { openTestTerminalData } from '../testing/fixtures';
import { PIN_KDF } from '@shared/security/pin-credential';
import { badgeHash, pinHash, verifyPin } from './credentials';

const opened: TerminalData[] = [];
afterEach(() => {
  for (const data of opened.splice(0)) data.close();
});
function terminal() {
  const data = openTestTerminalData();
  opened.push(data);
  return data;
}

const reason = (id: string, kind: Reason['kind'] = 'scrap'): Reason => ({ id, kind, text: { de: id, en: id } });
const put = <T extends { id: string }>(value: T) => ({ key: value.id, op: 'put' as const, value });
const del = (key: string) => ({ key, op: 'delete' as const });
const reasonIds = async (data: TerminalData, kind: Reason['kind'] = 'scrap') =>
  (await data.master.listReasons(kind)).map((r) => r.id).sort();

describe('master-data pull pages', () => {
  it('keeps a first download invisible until its last page, then switches it in', async () => {
    const data = terminal();
    await data.master.applyPullPage('reasons', { changes: [put(reason('R1'))], cursor: 'p1', hasMore: true });
    expect(await reasonIds(data)).toEqual([]);
    expect(await data.master.readPullCursor('reasons')).toBe('p1');
    const report = await data.master.applyPullPage('reasons', {
      changes: [put(reason('R2'))],
      cursor: 'p2',
      hasMore: false,
    });
    expect(report.swapped).toBe(true);
    expect(await reasonIds(data)).toEqual(['R1', 'R2']);
    expect(await data.master.readVersion()).toBe('reasons=p2');
  });

  it('applies incremental pages together with their cursor', async () => {
    const data = terminal();
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('R1')), put(reason('R2'))],
      cursor: 'c1',
      hasMore: false,
    });
    await data.master.applyPullPage('reasons', {
      changes: [del('R1'), put(reason('R3')), put(reason('R3', 'rework'))],
      cursor: 'c2',
      hasMore: false,
    });
    expect(await reasonIds(data)).toEqual(['R2']);
    expect(await reasonIds(data, 'rework')).toEqual(['R3']); // the last change of a key wins
    expect(await data.master.readPullCursor('reasons')).toBe('c2');
  });

  it('downloads a reset beside the live data and swaps it in atomically', async () => {
    const data = terminal();
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('OLD1')), put(reason('OLD2'))],
      cursor: 'c1',
      hasMore: false,
    });
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('NEW1'))],
      cursor: 'r1',
      hasMore: true,
      reset: true,
    });
    expect(await reasonIds(data)).toEqual(['OLD1', 'OLD2']); // still the complete old data
    expect(await data.master.readVersion()).toBe('reasons=c1');
    expect(await data.master.readPullCursor('reasons')).toBe('r1'); // resumes the download after a restart
    await data.master.applyPullPage('reasons', { changes: [put(reason('NEW2'))], cursor: 'r2', hasMore: false });
    expect(await reasonIds(data)).toEqual(['NEW1', 'NEW2']);
    expect(await data.master.readVersion()).toBe('reasons=r2');
    expect(await data.masterDb.table('reasons').count()).toBe(2); // the old generation was removed
  });

  it('throws away a half-done download when the server resets again', async () => {
    const data = terminal();
    await data.master.applyPullPage('reasons', { changes: [put(reason('OLD'))], cursor: 'c1', hasMore: false });
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('HALF'))],
      cursor: 'r1',
      hasMore: true,
      reset: true,
    });
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('FULL'))],
      cursor: 's1',
      hasMore: false,
      reset: true,
    });
    expect(await reasonIds(data)).toEqual(['FULL']);
    expect(await data.masterDb.table('reasons').count()).toBe(1);
  });

  it('skips records that fail the dataset schema and reports them', async () => {
    const data = terminal();
    const report = await data.master.applyPullPage('reasons', {
      changes: [put(reason('R1')), { key: 'BAD', op: 'put', value: { id: 'BAD', kind: 'nonsense' } }],
      cursor: 'c1',
      hasMore: false,
    });
    expect(report.invalidKeys).toEqual(['BAD']);
    expect(await reasonIds(data)).toEqual(['R1']);
  });

  it('rolls back a page whose transaction fails, cursor included', async () => {
    const data = terminal();
    await data.master.applyPullPage('reasons', { changes: [put(reason('R1'))], cursor: 'c1', hasMore: false });
    const fail = () => {
      throw new Error('disk I/O error');
    };
    data.masterDb.table('reasons').hook('creating', fail);
    await expect(
      data.master.applyPullPage('reasons', { changes: [put(reason('R2'))], cursor: 'c2', hasMore: false }),
    ).rejects.toThrow();
    data.masterDb.table('reasons').hook('creating').unsubscribe(fail);
    expect(await data.master.readPullCursor('reasons')).toBe('c1');
    expect(await reasonIds(data)).toEqual(['R1']);
  });

  it('keeps shift calendars of the old shape and the new one with breaks, planned downtime and a time zone', async () => {
    const data = terminal();
    const old = { id: 'early', name: 'Frühschicht', start: '06:00', end: '14:00' };
    const current = {
      id: 'late',
      name: 'Spätschicht',
      start: '14:00',
      end: '22:00',
      breaks: [{ start: '18:00', end: '18:30', name: 'Abendessen' }],
      plannedDowntime: [{ start: '21:30', end: '22:00' }],
      timeZone: 'Europe/Berlin',
    };
    const report = await data.master.applyPullPage('shifts', {
      changes: [put(old), put(current), put({ ...old, id: 'BAD', timeZone: 'Mars/Olympus' })],
      cursor: 's1',
      hasMore: false,
    });
    expect(report.invalidKeys).toEqual(['BAD']);
    const shifts = await data.master.listShifts();
    expect(shifts.sort((a, b) => a.id.localeCompare(b.id))).toEqual([old, current]);
  });
});

describe('master-data repositories', () => {
  const operation = (id: string, stationId: string): Operation => ({
    id,
    orderId: 'ORD-1',
    number: '0010',
    text: 'Turning',
    stationId,
    setupMinutes: 10,
    cycleSeconds: 30,
    status: 'released',
  });

  it('finds operations, orders, reasons and quality plans by their indexes', async () => {
    const data = terminal();
    await data.master.applyPullPage('operations', {
      changes: [put(operation('A', 'ST-10')), put(operation('B', 'ST-20')), put(operation('C', 'ST-10'))],
      cursor: 'o',
      hasMore: false,
    });
    await data.master.applyPullPage('orders', {
      changes: [
        put({
          id: 'ORD-1',
          number: '4711',
          material: 'M-1',
          materialText: 'Shaft',
          quantity: 100,
          unit: 'pcs',
          dueDate: '2026-01-31',
          status: 'released',
        }),
      ],
      cursor: 'o',
      hasMore: false,
    });
    await data.master.applyPullPage('reasons', {
      changes: [put(reason('S1')), put(reason('D1', 'downtime'))],
      cursor: 'r',
      hasMore: false,
    });
    await data.master.applyPullPage('qualityPlans', {
      changes: [put({ id: 'QP-1', name: 'Shaft', characteristics: [] })],
      cursor: 'q',
      hasMore: false,
    });

    expect((await data.master.listOperationsForStation('ST-10')).map((o) => o.id).sort()).toEqual(['A', 'C']);
    expect((await data.master.getOrderByNumber('4711'))?.id).toBe('ORD-1');
    expect(await data.master.getOrderByNumber('0000')).toBeUndefined();
    expect((await data.master.listReasons('downtime')).map((r) => r.id)).toEqual(['D1']);
    const plan = await data.master.getQualityPlan('QP-1');
    expect(plan).toEqual({ id: 'QP-1', name: 'Shaft', characteristics: [] }); // no bookkeeping fields leak out
    expect(await data.master.countRecords('operations')).toBe(3);
  });

  it('finds an operator by salted badge hash and checks the PIN', async () => {
    const data = terminal();
    const pin: NonNullable<Operator['pin']> = {
      salt: 'pin-salt-1',
      iterations: 100_000,
      hash: await pinHash('04A1B2C3', '2468', 'pin-salt-1', 100_000),
      kdf: PIN_KDF,
    };
    const anna: Operator = {
      id: 'OP-ANNA',
      name: 'Anna',
      role: 'lead',
      badgeSalt: 'salt-aaaa',
      badgeHash: await badgeHash('salt-aaaa', '04A1B2C3'),
      pin,
    };
    const ben: Operator = {
      id: 'OP-BEN',
      name: 'Ben',
      role: 'operator',
      badgeSalt: 'salt-bbbb',
      badgeHash: await badgeHash('salt-bbbb', '0A0B0C0D'),
    };
    await data.master.applyPullPage('operators', { changes: [put(anna), put(ben)], cursor: 'c', hasMore: false });

    expect((await data.master.findOperatorByBadge('04A1B2C3'))?.id).toBe('OP-ANNA');
    expect((await data.master.findOperatorByBadge('0A0B0C0D'))?.id).toBe('OP-BEN');
    expect(await data.master.findOperatorByBadge('DEADBEEF')).toBeUndefined();
    expect(await verifyPin(anna, '04A1B2C3', '2468')).toBe(true);
    expect(await verifyPin(anna, '04A1B2C3', '2469')).toBe(false);
    expect(await verifyPin(anna, '0A0B0C0D', '2468')).toBe(false); // the PIN is bound to Anna's badge
    expect(await verifyPin({ pin: { ...pin, kdf: undefined } }, '04A1B2C3', '2468')).toBe(false); // PIN-only hash
    expect(await verifyPin(ben, '0A0B0C0D', '2468')).toBe(false); // no PIN set
  });

  it('hashes like the shared contract says: SHA-256 hex of salt + UID', async () => {
    // echo -n 'abc' | sha256sum
    expect(await badgeHash('a', 'bc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
