import type { BookingType } from '../booking';
import type { Interval } from './intervals';

// A station's booking stream turned into time intervals: when each operation was in setup, in production
// or interrupted for a reason, and when the station was down for a reason. Follows the terminal's own
// reading of the bookings (renderer/src/workflows/operation-activity.ts), in business time.

/** The fields of a booking the KPIs read; server rows and terminal bookings both fit. */
export interface KpiBooking {
  id: string;
  type: BookingType;
  occurredAt: number;
  /** The terminal's clock correction: business time is occurredAt + clockOffsetMs. */
  clockOffsetMs: number;
  operationId?: string | undefined;
  payload: unknown;
}

export interface OperationInterval extends Interval {
  operationId: string;
}
export interface ReasonInterval extends Interval {
  reasonCode: string;
}

export interface StationTimeline {
  production: OperationInterval[];
  setup: OperationInterval[];
  interrupted: ReasonInterval[];
  down: ReasonInterval[];
  /** Business times of interruptions and downtimes that began (a change of a running downtime's reason is none). */
  stopsBegun: number[];
}

type OperationState = 'setup' | 'production' | 'interrupted' | 'idle';

interface OpenOperation {
  state: OperationState;
  since: number;
  reasonCode: string | null;
}

export const businessTime = (booking: KpiBooking): number => booking.occurredAt + booking.clockOffsetMs;

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
}

/** Ids taken back by a `booking.reverse` in the stream: they count for nothing. */
export function reversedIds(bookings: readonly KpiBooking[]): Set<string> {
  const ids = new Set<string>();
  for (const booking of bookings) {
    const target = booking.type === 'booking.reverse' ? field(booking.payload, 'reversedBookingId') : undefined;
    if (typeof target === 'string') ids.add(target);
  }
  return ids;
}

/**
 * Intervals from a stream in server order; ties in business time keep that order. Intervals still open at
 * `until` end there. Bookings at or after `until` are ignored.
 */
export function stationTimeline(bookings: readonly KpiBooking[], until: number): StationTimeline {
  const reversed = reversedIds(bookings);
  const ordered = bookings
    .filter((b) => !reversed.has(b.id) && businessTime(b) < until)
    .map((booking, index) => ({ booking, index, at: businessTime(booking) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const timeline: StationTimeline = { production: [], setup: [], interrupted: [], down: [], stopsBegun: [] };
  const operations = new Map<string, OpenOperation>();
  let downtime: { reasonCode: string; since: number } | null = null;

  const closeOperation = (operationId: string, open: OpenOperation, at: number): void => {
    if (at <= open.since) return;
    const interval = { start: open.since, end: at };
    if (open.state === 'production') timeline.production.push({ ...interval, operationId });
    else if (open.state === 'setup') timeline.setup.push({ ...interval, operationId });
    else if (open.state === 'interrupted' && open.reasonCode !== null)
      timeline.interrupted.push({ ...interval, reasonCode: open.reasonCode });
  };
  const closeDowntime = (at: number): void => {
    if (downtime && at > downtime.since)
      timeline.down.push({ start: downtime.since, end: at, reasonCode: downtime.reasonCode });
    downtime = null;
  };

  for (const { booking, at } of ordered) {
    if (booking.type === 'downtime.start') {
      const reasonCode = String(field(booking.payload, 'reasonCode'));
      // A second start while down changes the reason from now on (the terminal knows one downtime at a time).
      if (downtime === null) timeline.stopsBegun.push(at);
      closeDowntime(at);
      downtime = { reasonCode, since: at };
      continue;
    }
    if (booking.type === 'downtime.end') {
      closeDowntime(at);
      continue;
    }
    if (booking.operationId === undefined) continue;
    const open = operations.get(booking.operationId) ?? { state: 'idle', since: at, reasonCode: null };
    const next = nextOperationState(booking, open.state);
    if (next === undefined) continue;
    if (next.state === 'interrupted' && next.reasonCode !== null && open.state !== 'interrupted')
      timeline.stopsBegun.push(at);
    closeOperation(booking.operationId, open, at);
    operations.set(booking.operationId, { ...next, since: at });
  }
  for (const [operationId, open] of operations) closeOperation(operationId, open, until);
  closeDowntime(until);
  return timeline;
}

function nextOperationState(booking: KpiBooking, current: OperationState): Omit<OpenOperation, 'since'> | undefined {
  switch (booking.type) {
    case 'operation.start':
      return { state: field(booking.payload, 'phase') === 'setup' ? 'setup' : 'production', reasonCode: null };
    case 'operation.interrupt':
      return { state: 'interrupted', reasonCode: String(field(booking.payload, 'reasonCode')) };
    case 'operation.resume':
      // As on the terminal: a resume during setup leaves it in setup.
      return { state: current === 'setup' ? 'setup' : 'production', reasonCode: null };
    case 'operation.finish':
      // A partial confirmation stops work on the operation without a fault: idle time, not downtime.
      return { state: 'idle', reasonCode: null };
    default:
      return undefined;
  }
}
