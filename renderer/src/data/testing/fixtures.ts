import type { BookingDraft } from '@shared/booking';
import { openTerminalData, type TerminalDataOptions } from '../terminal-data';

// Helpers for unit tests and the simulation. Tests supply an IndexedDB (fake-indexeddb in Node).

let counter = 0;

/** Fresh, uniquely named databases so tests never share state. */
export function openTestTerminalData(options: TerminalDataOptions = {}) {
  counter++;
  return openTerminalData({
    bookingsDbName: `test-bookings-${counter}`,
    masterDbName: `test-master-${counter}`,
    sessionDbName: `test-session-${counter}`,
    crossTab: false,
    ...options,
  });
}

export function goodQuantityDraft(quantity = 1): BookingDraft {
  return {
    type: 'quantity.good',
    payload: { quantity, unit: 'pcs' },
    stationId: 'ST-10',
    orderId: 'ORD-1',
    operationId: 'ORD-1-0010',
  };
}

export const TEST_IDENTITY = { terminalId: 'T-0001', stationId: 'ST-10', token: 'x'.repeat(40) } as const;
