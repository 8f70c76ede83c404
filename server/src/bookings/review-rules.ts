import type { Booking } from '../../../shared/booking';
import {
  OperationSchema,
  OrderSchema,
  ReasonSchema,
  type Operation,
  type Order,
  type Reason,
} from '../../../shared/master-data';
import type { MasterDataStore } from '../master-data/store';

/** A terminal clock further off than this makes the booking's time doubtful (Actual uses the same 5 min). */
export const MAX_CLOCK_OFFSET_MS = 5 * 60_000;

type ReasonKind = Reason['kind'];

const REASON_KIND_BY_TYPE: Partial<Record<Booking['type'], ReasonKind>> = {
  'operation.interrupt': 'interrupt',
  'quantity.scrap': 'scrap',
  'quantity.rework': 'rework',
  'downtime.start': 'downtime',
};

/**
 * Business checks for a valid booking. A booking that fails one is still stored (it happened on the floor);
 * the findings go into its `review` column for the shift lead. Lookups are cached for one batch.
 */
export function createReviewRules(store: MasterDataStore) {
  return function startBatch(receivedAt: number) {
    const cache = new Map<string, unknown>();
    const lookup = <T>(
      dataset: 'orders' | 'operations' | 'reasons' | 'stations' | 'operators',
      key: string,
      read: (v: unknown) => T | undefined,
    ) => {
      const cacheKey = `${dataset}\u0000${key}`;
      if (!cache.has(cacheKey)) cache.set(cacheKey, read(store.get(dataset, key)));
      return cache.get(cacheKey) as T | undefined;
    };
    const order = (id: string) => lookup<Order>('orders', id, (v) => OrderSchema.safeParse(v).data);
    const operation = (id: string) => lookup<Operation>('operations', id, (v) => OperationSchema.safeParse(v).data);
    const reason = (id: string) => lookup<Reason>('reasons', id, (v) => ReasonSchema.safeParse(v).data);
    const exists = (dataset: 'stations' | 'operators', id: string) =>
      lookup<true>(dataset, id, (v) => (v === undefined ? undefined : true)) === true;

    return function findingsFor(booking: Booking): string[] {
      const findings: string[] = [];
      if (!exists('stations', booking.stationId)) findings.push(`unknown-station(${booking.stationId})`);
      if (booking.operatorId !== undefined && !exists('operators', booking.operatorId))
        findings.push(`unknown-operator(${booking.operatorId})`);
      if (booking.orderId !== undefined) {
        const found = order(booking.orderId);
        if (!found) findings.push(`unknown-order(${booking.orderId})`);
        else if (found.status === 'closed') findings.push(`order-closed(${booking.orderId})`);
      }
      if (booking.operationId !== undefined) {
        const found = operation(booking.operationId);
        if (!found) findings.push(`unknown-operation(${booking.operationId})`);
        else if (booking.orderId !== undefined && found.orderId !== booking.orderId)
          findings.push(`operation-of-other-order(${booking.operationId})`);
      }
      const expectedKind = REASON_KIND_BY_TYPE[booking.type];
      const payload = booking.payload as { reasonCode?: unknown };
      if (expectedKind !== undefined && typeof payload.reasonCode === 'string') {
        const found = reason(payload.reasonCode);
        if (!found) findings.push(`unknown-reason(${payload.reasonCode})`);
        else if (found.kind !== expectedKind)
          findings.push(`reason-kind-mismatch(${payload.reasonCode}:${found.kind})`);
      }
      if (Math.abs(booking.clockOffsetMs) > MAX_CLOCK_OFFSET_MS)
        findings.push(`clock-offset(${booking.clockOffsetMs}ms)`);
      if (booking.occurredAt + booking.clockOffsetMs > receivedAt + MAX_CLOCK_OFFSET_MS)
        findings.push('occurred-in-future');
      return findings;
    };
  };
}
