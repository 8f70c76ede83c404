import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '@shared/booking';
import { closeTerminalData, configureTerminalData } from '../data';
import { TEST_IDENTITY } from '../data/testing/fixtures';
import { createMachineDraftCapture } from './machine-drafts';

let counter = 0;
afterEach(() => closeTerminalData());

async function terminal(append: (booking: Booking) => Promise<void> = async () => undefined) {
  counter++;
  const data = configureTerminalData({
    bookingsDbName: `machine-drafts-${counter}`,
    masterDbName: `machine-drafts-master-${counter}`,
    crossTab: false,
    journal: { append },
  });
  await data.saveIdentity(TEST_IDENTITY);
  return data;
}

const count = {
  type: 'machine.count',
  payload: {
    signal: 'press-1.parts',
    from: 1_000,
    to: 60_000,
    bits: 32,
    startValue: 4_294_967_290,
    endValue: 4,
    pieces: 10,
    resets: 0,
    wraps: 1,
  },
};
const stop = { type: 'machine.state', payload: { signal: 'press-1.run', state: 'stopped', since: 58_000 } };

describe('machine drafts from main', () => {
  it('captures each draft once, in order, through the outbox and the journal, for the station', async () => {
    const journaled: Booking[] = [];
    const data = await terminal(async (booking) => {
      journaled.push(booking);
    });
    const capture = createMachineDraftCapture(() => 'ST-10');
    // Main sends a draft again until the journal has it: the second copy arrives while the first is captured.
    const outcomes = await Promise.all([capture(count), capture(count), capture(stop)]);
    expect(outcomes).toEqual(['captured', 'duplicate', 'captured']);
    const pending = await data.outbox.readPendingBatch(10);
    expect(pending.map((b) => [b.type, b.seq, b.stationId, b.operatorId])).toEqual([
      ['machine.count', 1, 'ST-10', undefined],
      ['machine.state', 2, 'ST-10', undefined],
    ]);
    expect(journaled.map((b) => b.id)).toEqual(pending.map((b) => b.id));
  });

  it('recognises a draft captured before the page reloaded', async () => {
    const data = await terminal();
    expect(await createMachineDraftCapture(() => 'ST-10')(count)).toBe('captured');
    const afterReload = createMachineDraftCapture(() => 'ST-10');
    expect(await afterReload(count)).toBe('duplicate');
    expect(await afterReload(stop)).toBe('captured');
    expect(await data.outbox.readPendingBatch(10)).toHaveLength(2);
  });

  it('captures nothing that is not a machine draft or before the station is known, so main sends it again', async () => {
    const data = await terminal();
    const capture = createMachineDraftCapture(() => null);
    expect(await capture(stop)).toBe('no-station');
    const known = createMachineDraftCapture(() => 'ST-10');
    expect(await known({ ...count, payload: { ...count.payload, pieces: 11 } })).toBe('invalid');
    expect(await known({ type: 'quantity.good', payload: { quantity: 1, unit: 'pcs' } })).toBe('invalid');
    expect(await data.outbox.readPendingBatch(10)).toEqual([]);
  });

  it('counts a draft whose journal append failed as captured: the outbox has it', async () => {
    const data = await terminal(() => Promise.reject(new Error('EIO')));
    const capture = createMachineDraftCapture(() => 'ST-10');
    expect(await capture(count)).toBe('captured');
    expect(await capture(count)).toBe('duplicate');
    expect(await data.outbox.readPendingBatch(10)).toHaveLength(1);
  });
});
