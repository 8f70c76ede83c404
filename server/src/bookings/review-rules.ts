import type { Booking, BookingPayload } from '@shared/booking';
import {
  OperationSchema,
  OrderSchema,
  QualityPlanSchema,
  ReasonSchema,
  type Characteristic,
  type Operation,
  type Order,
  type QualityPlan,
  type Reason,
} from '@shared/master-data';
import { qualityFindings } from '@shared/quality';
import { workStateOf, workStateRefusal } from '@shared/work';
import type { MasterDataStore } from '../master-data/store';

/** A terminal clock further off than this makes the booking's time doubtful (Actual uses the same 5 min). */
export const MAX_CLOCK_OFFSET_MS = 5 * 60_000;

type ReasonKind = Reason['kind'];

const REASON_KIND_BY_TYPE: Partial<Record<Booking['type'], ReasonKind>> = {
  'operation.interrupt': 'interrupt',
  'quantity.scrap': 'scrap',
  'quantity.rework': 'rework',
  'downtime.start': 'downtime',
  'quality.result': 'defect',
};

/** Where a booking names a reason of a kind: most types in `reasonCode`, a failed inspection in `defectCode`. */
function reasonCodeOf(booking: Booking): string | undefined {
  const payload = booking.payload as { reasonCode?: unknown; defectCode?: unknown };
  const code = booking.type === 'quality.result' ? payload.defectCode : payload.reasonCode;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Business checks for a valid booking. A booking that fails one is still stored (it happened on the floor);
 * the findings go into its `review` column for the shift lead. Lookups are cached for one batch.
 */
export function createReviewRules(store: Pick<MasterDataStore, 'get'>) {
  return function startBatch(receivedAt: number) {
    const cache = new Map<string, unknown>();
    const lookup = <T>(
      dataset: 'orders' | 'operations' | 'reasons' | 'stations' | 'operators' | 'qualityPlans',
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
    const qualityPlan = (id: string) =>
      lookup<QualityPlan>('qualityPlans', id, (v) => QualityPlanSchema.safeParse(v).data);
    /** The characteristic is looked up in the plan of the booked operation: ids are unique only per plan. */
    const characteristic = (booking: Booking, id: string): Characteristic | undefined => {
      const planId = booking.operationId === undefined ? undefined : operation(booking.operationId)?.qualityPlanId;
      return planId === undefined ? undefined : qualityPlan(planId)?.characteristics.find((c) => c.id === id);
    };
    const exists = (dataset: 'stations' | 'operators', id: string) =>
      lookup<true>(dataset, id, (v) => (v === undefined ? undefined : true)) === true;

    return function findingsFor(booking: Booking): string[] {
      const findings: string[] = [];
      if (!exists('stations', booking.stationId)) findings.push(`unknown-station(${booking.stationId})`);
      if (booking.operatorId !== undefined && !exists('operators', booking.operatorId))
        findings.push(`unknown-operator(${booking.operatorId})`);
      const bookedOrder = booking.orderId === undefined ? undefined : order(booking.orderId);
      const bookedOperation = booking.operationId === undefined ? undefined : operation(booking.operationId);
      if (booking.orderId !== undefined && !bookedOrder) findings.push(`unknown-order(${booking.orderId})`);
      if (booking.operationId !== undefined) {
        if (!bookedOperation) findings.push(`unknown-operation(${booking.operationId})`);
        else if (booking.orderId !== undefined && bookedOperation.orderId !== booking.orderId)
          findings.push(`operation-of-other-order(${booking.operationId})`);
      }
      const closed = closedWorkFinding(booking, bookedOrder, bookedOperation);
      if (closed) findings.push(closed);
      const expectedKind = REASON_KIND_BY_TYPE[booking.type];
      const reasonCode = reasonCodeOf(booking);
      if (expectedKind !== undefined && reasonCode !== undefined) {
        const found = reason(reasonCode);
        if (!found) findings.push(`unknown-reason(${reasonCode})`);
        else if (found.kind !== expectedKind) findings.push(`reason-kind-mismatch(${reasonCode}:${found.kind})`);
      }
      if (booking.type === 'quality.result') {
        const result = booking.payload as BookingPayload<'quality.result'>;
        findings.push(...qualityFindings(characteristic(booking, result.characteristicId), result));
      }
      if (Math.abs(booking.clockOffsetMs) > MAX_CLOCK_OFFSET_MS)
        findings.push(`clock-offset(${booking.clockOffsetMs}ms)`);
      if (booking.occurredAt + booking.clockOffsetMs > receivedAt + MAX_CLOCK_OFFSET_MS)
        findings.push('occurred-in-future');
      return findings;
    };
  };
}

/**
 * The terminal's work-state rule, applied to what reached the server anyway (captured offline before the
 * order was closed, or by an outdated terminal). The server does not fold bookings into an activity, so it
 * judges the plan's state: closed order or operation. Reversals have their own rules and are not judged here.
 */
function closedWorkFinding(
  booking: Booking,
  order: Order | undefined,
  operation: Operation | undefined,
): string | null {
  if (booking.type === 'booking.reverse' || (order === undefined && operation === undefined)) return null;
  // A booking naming only an order is judged by the order: an unnamed operation adds no state of its own.
  const state = workStateOf(order, operation ?? { status: 'released' }, { status: 'idle' });
  if (workStateRefusal(state, booking.type, false) !== 'closed') return null;
  return order?.status === 'closed' ? `order-closed(${booking.orderId})` : `operation-closed(${booking.operationId})`;
}
