import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openSessionStore, SessionDb } from './session-db';

// The lead's last line survives a reload: written to and read back from a real (fake-IndexedDB) session
// database reopened under the same name, and a snapshot that no longer parses counts as none.

const view = {
  board: {
    generatedAt: 1_000,
    stations: [
      {
        stationId: 'ST-20',
        name: 'Fräszentrum 2',
        area: '',
        state: 'down' as const,
        since: 900,
        reasonCode: 'D03',
        operators: [],
        operations: [],
        terminal: { lastSeenAt: 950, pending: null, oldestPendingAt: null, gaps: 0, quarantined: 0, rejected: 0 },
        lastBooking: null,
      },
    ],
  },
  notes: [{ id: 'n1', type: 'shift.note' as const, stationId: 'ST-20', occurredAt: 800, text: 'Spindel klemmt' }],
};

describe('line snapshot in session data', () => {
  it('reads back what was saved after the database is reopened', async () => {
    const first = new SessionDb('line-snapshot-test', {});
    expect(await openSessionStore(first).readLineSnapshot()).toBeNull();
    await openSessionStore(first).saveLineSnapshot({ view, fetchedAt: 1_234 });
    first.close();
    const reopened = new SessionDb('line-snapshot-test', {});
    expect(await openSessionStore(reopened).readLineSnapshot()).toEqual({ view, fetchedAt: 1_234 });

    await reopened.meta.put({
      key: 'lineSnapshot',
      value: JSON.stringify({ view: { board: 'old shape' }, fetchedAt: 1 }),
    });
    expect(await openSessionStore(reopened).readLineSnapshot()).toBeNull();
    await reopened.meta.put({ key: 'lineSnapshot', value: '{not json' });
    expect(await openSessionStore(reopened).readLineSnapshot()).toBeNull();
    reopened.close();
  });
});
