import { DATASET_SCHEMAS, type Order } from '../../../shared/master-data';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';

// Traceability from the facts: which lots went into an order, and which orders used a lot. Built from the
// stored `material.consume` bookings; a consumption that a `booking.reverse` cancelled does not count.

export interface Consumption {
  bookingId: string;
  occurredAt: number;
  stationId: string;
  operatorId?: string;
  orderId?: string;
  orderNumber?: string;
  operationId?: string;
  gtin?: string;
  materialNumber?: string;
  lot?: string;
  serial?: string;
  expiry?: string;
  quantity: number;
  unit: string;
}

/** One lot (or material without a lot) summed over its consumptions, per unit. */
export interface LotTotal {
  gtin?: string;
  materialNumber?: string;
  lot?: string;
  quantity: number;
  unit: string;
  consumptions: number;
}

export interface OrderTotal {
  orderId: string;
  orderNumber: string;
  quantity: number;
  unit: string;
  consumptions: number;
}

interface ConsumeRow {
  id: string;
  occurred_at: number;
  station_id: string;
  operator_id: string | null;
  order_id: string | null;
  operation_id: string | null;
  payload: string;
}

const NOT_REVERSED = `NOT EXISTS (
  SELECT 1 FROM bookings AS reversal
   WHERE reversal.type = 'booking.reverse' AND json_extract(reversal.payload, '$.reversedBookingId') = bookings.id)`;

export function createMaterialTrace(db: Db, store: MasterDataStore) {
  const byOrder = db.prepare(
    `SELECT id, occurred_at, station_id, operator_id, order_id, operation_id, payload FROM bookings
      WHERE type = 'material.consume' AND order_id = ? AND ${NOT_REVERSED} ORDER BY occurred_at, server_seq`,
  );
  // A full scan of the consumptions; an expression index on the lot is the next step if plants need it.
  const byLot = db.prepare(
    `SELECT id, occurred_at, station_id, operator_id, order_id, operation_id, payload FROM bookings
      WHERE type = 'material.consume' AND json_extract(payload, '$.lot') = @lot
        AND (@gtin IS NULL OR json_extract(payload, '$.gtin') = @gtin) AND ${NOT_REVERSED}
      ORDER BY occurred_at, server_seq`,
  );
  const orderIdByNumber = db
    .prepare(
      `SELECT key FROM master_records WHERE dataset = 'orders' AND value IS NOT NULL
        AND json_extract(value, '$.number') = ? LIMIT 1`,
    )
    .pluck();

  const readOrder = (orderId: string): Order | undefined => {
    const parsed = DATASET_SCHEMAS.orders.safeParse(store.get('orders', orderId));
    return parsed.success ? parsed.data : undefined;
  };
  const toConsumption = (row: ConsumeRow): Consumption => {
    const payload = JSON.parse(row.payload) as Omit<Consumption, 'bookingId' | 'occurredAt' | 'stationId'>;
    const orderNumber = row.order_id === null ? undefined : (readOrder(row.order_id)?.number ?? row.order_id);
    return {
      bookingId: row.id,
      occurredAt: row.occurred_at,
      stationId: row.station_id,
      ...(row.operator_id === null ? {} : { operatorId: row.operator_id }),
      ...(row.order_id === null ? {} : { orderId: row.order_id }),
      ...(orderNumber === undefined ? {} : { orderNumber }),
      ...(row.operation_id === null ? {} : { operationId: row.operation_id }),
      ...pick(payload, ['gtin', 'materialNumber', 'lot', 'serial', 'expiry']),
      quantity: payload.quantity,
      unit: payload.unit,
    };
  };

  return {
    /** undefined when the order is neither in the master data nor named by any booking. */
    order(orderNumber: string) {
      const orderId = (orderIdByNumber.get(orderNumber) as string | undefined) ?? orderNumber;
      const order = readOrder(orderId);
      const consumptions = (byOrder.all(orderId) as ConsumeRow[]).map(toConsumption);
      if (order === undefined && consumptions.length === 0) return undefined;
      return {
        orderNumber,
        orderId,
        ...(order === undefined ? {} : { material: order.material, materialText: order.materialText }),
        lots: sumBy(consumptions, (c) => [c.gtin, c.materialNumber, c.lot, c.unit], lotTotal),
        consumptions,
      };
    },
    lot(lot: string, gtin: string | undefined) {
      const consumptions = (byLot.all({ lot, gtin: gtin ?? null }) as ConsumeRow[]).map(toConsumption);
      const onOrders = consumptions.filter((c) => c.orderId !== undefined);
      return {
        lot,
        ...(gtin === undefined ? {} : { gtin }),
        orders: sumBy(onOrders, (c) => [c.orderId, c.unit], orderTotal),
        consumptions,
      };
    },
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

function lotTotal(first: Consumption): LotTotal {
  return { ...pick(first, ['gtin', 'materialNumber', 'lot']), quantity: 0, unit: first.unit, consumptions: 0 };
}

function orderTotal(first: Consumption): OrderTotal {
  return {
    orderId: first.orderId ?? '',
    orderNumber: first.orderNumber ?? first.orderId ?? '',
    quantity: 0,
    unit: first.unit,
    consumptions: 0,
  };
}

/** Groups consumptions by a key, summing quantities in order of first appearance. */
function sumBy<T extends { quantity: number; consumptions: number }>(
  consumptions: readonly Consumption[],
  keyOf: (c: Consumption) => Array<string | undefined>,
  start: (first: Consumption) => T,
): T[] {
  const totals = new Map<string, T>();
  for (const consumption of consumptions) {
    const key = JSON.stringify(keyOf(consumption));
    const total = totals.get(key) ?? start(consumption);
    totals.set(key, total);
    // Quantities are decimal (kg); round away binary-fraction noise at a precision no scale reaches.
    total.quantity = Math.round((total.quantity + consumption.quantity) * 1e6) / 1e6;
    total.consumptions += 1;
  }
  return [...totals.values()];
}
