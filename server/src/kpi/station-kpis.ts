import type { BookingType } from '../../../shared/booking';
import {
  combineFigures,
  stationKpiFigures,
  withRatios,
  type KpiBooking,
  type KpiCalendar,
  type KpiFigures,
  type Kpis,
} from '../../../shared/kpi';
import { DATASET_SCHEMAS, type Reason, type Shift, type Station } from '../../../shared/master-data';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';

// KPIs of stations from the bookings in SQLite and the master data, through the pure engine (shared/kpi).
// Each query reads one station's bookings of a few types over a business-time range, on the index of
// migration 5 (the expression `occurred_at + clock_offset_ms` must stay spelled exactly like there).

/**
 * How far before the window the state of operations and downtimes is looked up. An operation or downtime
 * opened longer ago than this, with no booking since, is not seen (docs/kpi.md).
 */
export const STATE_LOOKBACK_MS = 7 * 86_400_000;

const STATE_TYPES: BookingType[] = [
  'operation.start',
  'operation.interrupt',
  'operation.resume',
  'operation.finish',
  'downtime.start',
  'downtime.end',
];
const QUANTITY_TYPES: BookingType[] = ['quantity.good', 'quantity.scrap', 'quantity.rework'];

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');
// Only the payload fields the engine reads, extracted by SQLite: cheaper than parsing every payload in JS.
const PAYLOAD_FIELDS = ['phase', 'mode', 'reasonCode', 'quantity', 'reversedBookingId'] as const;
const COLUMNS = `id, server_seq AS serverSeq, type, occurred_at AS occurredAt, clock_offset_ms AS clockOffsetMs,
  operation_id AS operationId, ${PAYLOAD_FIELDS.map((f) => `json_extract(payload, '$.${f}') AS ${f}`).join(', ')}`;
const BUSINESS_TIME = 'occurred_at + clock_offset_ms';

interface QuantityRow {
  operationId: string | null;
  type: BookingType;
  quantity: number;
}

interface BookingRow {
  id: string;
  serverSeq: number;
  type: BookingType;
  occurredAt: number;
  clockOffsetMs: number;
  operationId: string | null;
  phase: string | null;
  mode: string | null;
  reasonCode: string | null;
  quantity: number | null;
  reversedBookingId: string | null;
}

export interface KpiQuery {
  stationIds: readonly string[];
  from: number;
  to: number;
  /** Language of the reason texts (falls back to German). */
  language: 'de' | 'en' | 'pl' | 'tr';
}

export interface ReasonFigure {
  reasonCode: string;
  reasonText: string;
  minutes: number;
  time: number;
}

export type KpiAnswer = Omit<Kpis, 'downtime'> & {
  stationIds: string[];
  downtime: { total: number; byReason: ReasonFigure[] };
};

export function createStationKpis(db: Db, store: MasterDataStore, defaultTimeZone: string) {
  // Reversals count whenever they came: a correction made after the shift fixes that shift's figures.
  // (A NULL in the list would make every NOT IN unknown, so none is let in.)
  const reversals = `SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
     WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
       AND json_extract(payload, '$.reversedBookingId') IS NOT NULL`;
  const selectEvents = db.prepare<Array<string | number>, BookingRow>(`
    SELECT ${COLUMNS} FROM bookings
     WHERE station_id = ? AND type IN (${placeholders(STATE_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
    UNION ALL
    SELECT ${COLUMNS} FROM bookings
     WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
  `);
  // Quantities are most of a station's bookings and the KPIs only add them up (per operation and type,
  // inside the window, unless reversed), so SQLite sums them instead of handing every row to JS.
  const sumQuantities = db.prepare<Array<string | number>, QuantityRow>(`
    SELECT operation_id AS operationId, type, SUM(json_extract(payload, '$.quantity')) AS quantity FROM bookings
     WHERE station_id = ? AND type IN (${placeholders(QUANTITY_TYPES.length)})
       AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
       AND id NOT IN (${reversals})
     GROUP BY operation_id, type
  `);

  function readBookings(stationId: string, from: number, to: number): KpiBooking[] {
    const lookback = from - STATE_LOOKBACK_MS;
    const rows = selectEvents.all(stationId, ...STATE_TYPES, lookback, to, stationId, lookback);
    // Server order breaks ties in business time; sorting here spares SQLite a temporary b-tree.
    rows.sort((a, b) => a.serverSeq - b.serverSeq);
    const events: KpiBooking[] = rows.map((row) => ({
      id: row.id,
      type: row.type,
      occurredAt: row.occurredAt,
      clockOffsetMs: row.clockOffsetMs,
      operationId: row.operationId ?? undefined,
      payload: payloadOf(row),
    }));
    // One summed booking per operation and type, at the window's start: the engine counts it exactly as the
    // single bookings (quantities and planned run time are sums).
    const sums = sumQuantities.all(stationId, ...QUANTITY_TYPES, from, to, stationId, lookback);
    const totals: KpiBooking[] = sums.map((sum) => ({
      id: `sum:${sum.operationId ?? ''}:${sum.type}`,
      type: sum.type,
      occurredAt: from,
      clockOffsetMs: 0,
      operationId: sum.operationId ?? undefined,
      payload: { quantity: sum.quantity },
    }));
    return [...events, ...totals];
  }

  function calendar(): KpiCalendar {
    const shifts = store.liveKeys('shifts').flatMap((key): Shift[] => {
      const parsed = DATASET_SCHEMAS.shifts.safeParse(store.get('shifts', key));
      return parsed.success ? [parsed.data] : [];
    });
    return { shifts, timeZone: defaultTimeZone };
  }

  function cycleTimes(): (operationId: string) => number | undefined {
    const cache = new Map<string, number | undefined>();
    return (operationId) => {
      if (!cache.has(operationId)) {
        const parsed = DATASET_SCHEMAS.operations.safeParse(store.get('operations', operationId));
        cache.set(operationId, parsed.success ? parsed.data.cycleSeconds : undefined);
      }
      return cache.get(operationId);
    };
  }

  function reasonText(reasonCode: string, language: KpiQuery['language']): string {
    const parsed = DATASET_SCHEMAS.reasons.safeParse(store.get('reasons', reasonCode));
    if (!parsed.success) return reasonCode;
    const text: Reason['text'] = parsed.data.text;
    return text[language] ?? text.de;
  }

  return {
    /** The ids of the stations of an area in master data, sorted. */
    stationsOfArea(area: string): string[] {
      return store
        .liveKeys('stations')
        .flatMap((key): Station[] => {
          const parsed = DATASET_SCHEMAS.stations.safeParse(store.get('stations', key));
          return parsed.success ? [parsed.data] : [];
        })
        .filter((station) => station.area === area)
        .map((station) => station.id)
        .sort();
    },

    /** KPIs of the stations together; `now` ends planned time and open intervals of a window not over yet. */
    compute(query: KpiQuery, now: number): KpiAnswer {
      const shared = { from: query.from, to: query.to, asOf: now, calendar: calendar(), cycleSeconds: cycleTimes() };
      const figures: KpiFigures[] = query.stationIds.map((stationId) =>
        stationKpiFigures({ ...shared, bookings: readBookings(stationId, query.from, query.to) }),
      );
      const kpis = withRatios(query.from, query.to, combineFigures(figures));
      return {
        ...kpis,
        stationIds: [...query.stationIds],
        downtime: {
          total: kpis.downtime.total,
          byReason: kpis.downtime.byReason.map((reason) => ({
            reasonCode: reason.reasonCode,
            reasonText: reasonText(reason.reasonCode, query.language),
            minutes: reason.minutes,
            time: reason.time,
          })),
        },
      };
    },
  };
}

function payloadOf(row: BookingRow): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of PAYLOAD_FIELDS) if (row[field] !== null) payload[field] = row[field];
  return payload;
}
