import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Booking, BookingDraft } from '@shared/booking';
import { closeTerminalData, configureTerminalData, type TerminalData } from '../../data';
import { TEST_IDENTITY } from '../../data/testing/fixtures';
import { useTerminalStore } from '../../store/terminal-store';
import { confirmMachineGood, explainMachineStop, refreshActivity, selectOperation } from '../station-work';

// The two machine actions through the real workflow, guard and capture (IndexedDB faked): one intent books
// once however the taps arrive, and the downtime of a stop is dated at the machine's stop.

const ANNA = { id: 'P-1001', name: 'Anna Berger', role: 'operator' as const };
let data: TerminalData;
let run = 0;
/** The guard is one per terminal (module state): each test counts other pieces, so no test repeats the one before. */
let counted = 0;
const put = <T extends { id: string }>(value: T) => ({ key: value.id, op: 'put' as const, value });

beforeEach(async () => {
  run++;
  data = configureTerminalData({
    bookingsDbName: `machine-b-${run}`,
    masterDbName: `machine-m-${run}`,
    crossTab: false,
  });
  await data.saveIdentity(TEST_IDENTITY);
  await data.master.applyPullPage('operations', {
    changes: [
      put({
        id: 'OP-1',
        orderId: 'FA1',
        number: '0010',
        text: 'Drehen',
        stationId: 'ST-10',
        setupMinutes: 10,
        cycleSeconds: 600, // a dozen pieces at once are far above this pace: only the machine's count makes them plausible
        status: 'released',
      }),
    ],
    cursor: 'o',
    hasMore: false,
  });
  await data.master.applyPullPage('orders', {
    changes: [
      put({
        id: 'FA1',
        number: 'FA1',
        material: 'M-1',
        materialText: 'Welle',
        quantity: 100,
        unit: 'pcs',
        dueDate: '2026-12-31',
        status: 'released',
      }),
    ],
    cursor: 'o',
    hasMore: false,
  });
  useTerminalStore.setState({ stationId: 'ST-10', operator: ANNA, team: [ANNA], confirmation: null });
  const started = await capture({ type: 'operation.start', payload: { phase: 'production' }, operatorId: ANNA.id });
  const at = started.occurredAt;
  counted = 10 + run;
  await capture({
    type: 'machine.count',
    payload: {
      ...{ signal: 'M1.parts', from: at, to: at + 1, bits: 32, resets: 0, wraps: 0 },
      ...{ startValue: 0, endValue: counted, pieces: counted },
    },
  });
  selectOperation('OP-1');
  await refreshActivity();
});
afterEach(() => closeTerminalData());

function capture(draft: Omit<BookingDraft, 'stationId' | 'orderId' | 'operationId'>): Promise<Booking> {
  return data.captureBooking({ ...draft, stationId: 'ST-10', orderId: 'FA1', operationId: 'OP-1' } as BookingDraft);
}

const booked = async (type: Booking['type']) =>
  (await data.history.listRecentBookings(100)).filter((b) => b.type === type);

describe('confirming the machine count as good', () => {
  it('books the count once however many taps arrive together, without a cycle-time question', async () => {
    const results = await Promise.all([1, 2, 3].map(() => confirmMachineGood(counted, 'pcs')));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(useTerminalStore.getState().confirmation).toBeNull();
    expect((await booked('quantity.good')).map((b) => b.payload)).toEqual([{ quantity: counted, unit: 'pcs' }]);
  });

  it('books nothing for a later tap on what the screen still showed: the pieces are booked already', async () => {
    expect(await confirmMachineGood(counted, 'pcs')).not.toBeNull();
    // Another content passes the repeat window; the workflow still sees nothing left to confirm.
    expect(await confirmMachineGood(counted - 1, 'pcs')).toBeNull();
    expect(await booked('quantity.good')).toHaveLength(1);
  });
});

describe('the reason of a machine stop', () => {
  it('dates the downtime at the stop, once', async () => {
    const stoppedAt = Date.now() - 5 * 60_000;
    const results = await Promise.all([explainMachineStop('D03', stoppedAt), explainMachineStop('D03', stoppedAt)]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect(await explainMachineStop('D01', stoppedAt)).toBeNull(); // answered: a downtime is open for it
    const downtimes = await booked('downtime.start');
    expect(downtimes.map((b) => [b.occurredAt, b.payload])).toEqual([[stoppedAt, { reasonCode: 'D03' }]]);
    expect(useTerminalStore.getState().activity.downtimeChangedAt).toBe(stoppedAt);
  });
});
