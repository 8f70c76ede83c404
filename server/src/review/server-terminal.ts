import type { BookingPayload } from '@shared/booking';
import { uuidv7 } from '@shared/id/uuidv7';
import { createLocalTurns, type ReviewStore } from './review-store';

/**
 * The server's own terminal identity. Bookings the server writes itself (today: the reversals a shift lead
 * decides in the review queue) are ordinary bookings of this terminal, in one epoch with its own gap-free
 * seq, stored through the same ingest as every push, so projections, exports and the ack bookkeeping treat
 * them like any other. Its token hash is not 64 hex digits, so no bearer token ever authenticates as it.
 */
export const SERVER_TERMINAL_ID = 'takt-server';
export const SERVER_EPOCH = 'server-1';
const SERVER_MASTER_DATA_VERSION = 'server';

export interface StoredBookingRef {
  id: string;
  stationId: string;
  orderId: string | null;
  operationId: string | null;
}

/**
 * Writes server bookings one at a time: the next seq is read from the database and the booking committed
 * before the next one starts, so two decisions at the same moment never take the same slot. (Decisions on
 * several instances take turns in the review store, see ReviewStore.oneAtATime.)
 */
export function createServerBookingWriter(
  store: Pick<ReviewStore, 'serverTerminalId' | 'ensureServerTerminal' | 'lastServerSeq' | 'ingest'>,
  now: () => number,
) {
  const inTurn = createLocalTurns();

  const writeReversal = async (
    reversed: StoredBookingRef,
    payload: BookingPayload<'booking.reverse'>,
    operatorId: string | undefined,
  ): Promise<string> => {
    await store.ensureServerTerminal(now());
    const seq = (await store.lastServerSeq(SERVER_EPOCH)) + 1;
    const booking = {
      id: uuidv7(now()),
      terminalId: store.serverTerminalId,
      epoch: SERVER_EPOCH,
      seq,
      type: 'booking.reverse',
      occurredAt: now(),
      clockOffsetMs: 0,
      stationId: reversed.stationId,
      ...(operatorId === undefined ? {} : { operatorId }),
      ...(reversed.orderId === null ? {} : { orderId: reversed.orderId }),
      ...(reversed.operationId === null ? {} : { operationId: reversed.operationId }),
      masterDataVersion: SERVER_MASTER_DATA_VERSION,
      payload,
    };
    const outcome = await store.ingest({
      terminalId: store.serverTerminalId,
      enrolledStationId: reversed.stationId,
      epoch: SERVER_EPOCH,
      bookings: [booking],
    });
    const result = outcome.results[0];
    if (result?.status !== 'accepted')
      throw new Error(`the server's reversal was not stored: ${result?.status ?? 'no result'} ${result?.reason ?? ''}`);
    return booking.id;
  };

  return {
    /** Stores a booking.reverse of `reversed` as the server terminal; resolves with its id once committed. */
    writeReversal: (...args: Parameters<typeof writeReversal>): Promise<string> => inTurn(() => writeReversal(...args)),
  };
}
