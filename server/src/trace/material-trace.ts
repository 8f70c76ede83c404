import { DATASET_SCHEMAS, type Order } from '@shared/master-data';
import type { MasterDataSource } from '../master-data/master-data-source';
import type { MasterDataStore } from '../master-data/store';
import type { ConsumeRow, TraceRows } from './trace-rows';

// Traceability from the facts: which lots went into an order, and which orders used a lot. Built from the
// stored `material.consume` bookings; a consumption that a `booking.reverse` cancelled does not count. The
// rows come from the store's TraceRows (trace-rows.ts, storage/pg/pg-trace.ts).

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

export function createMaterialTrace(rows: TraceRows, masterData: MasterDataSource) {
  const readOrder = (store: MasterDataStore, orderId: string): Order | undefined => {
    const parsed = DATASET_SCHEMAS.orders.safeParse(store.get('orders', orderId));
    return parsed.success ? parsed.data : undefined;
  };
  const toConsumption = (store: MasterDataStore, row: ConsumeRow): Consumption => {
    const payload = JSON.parse(row.payload) as Omit<Consumption, 'bookingId' | 'occurredAt' | 'stationId'>;
    const orderNumber = row.order_id === null ? undefined : (readOrder(store, row.order_id)?.number ?? row.order_id);
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
    async order(orderNumber: string) {
      const store = await masterData.current();
      const orderId = (await rows.orderIdByNumber(orderNumber)) ?? orderNumber;
      const order = readOrder(store, orderId);
      const consumptions = (await rows.consumptionsOfOrder(orderId)).map((row) => toConsumption(store, row));
      if (order === undefined && consumptions.length === 0) return undefined;
      return {
        orderNumber,
        orderId,
        ...(order === undefined ? {} : { material: order.material, materialText: order.materialText }),
        lots: sumBy(consumptions, (c) => [c.gtin, c.materialNumber, c.lot, c.unit], lotTotal),
        consumptions,
      };
    },
    async lot(lot: string, gtin: string | undefined) {
      const store = await masterData.current();
      const consumptions = (await rows.consumptionsOfLot(lot, gtin)).map((row) => toConsumption(store, row));
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
