import type { BookingType } from '../../../shared/booking';
import {
  combineFigures,
  withRatios,
  type KpiBooking,
  type KpiCalendar,
  type KpiFigures,
  type Kpis,
} from '../../../shared/kpi';
import { machineSettingsOf } from '../../../shared/machine';
import { DATASET_SCHEMAS, type Reason, type Shift, type Station } from '../../../shared/master-data';
import type { Db } from '../db/database';
import type { MasterDataStore } from '../master-data/store';
import {
  addMachineFigures,
  emptyMachineFigures,
  stationFiguresWithMachine,
  UNASSIGNED_MACHINE_STOP,
  type MachineCountRow,
  type MachineFigures,
  type MachineStateRow,
} from './machine-figures';

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
  /** Present when a station of the query has machine data (docs/kpi.md, "Machine data"). */
  machine?: MachineFigures;
};

/**
 * How long after its interval a machine booking may be booked: a count is booked after its interval closed,
 * a state once it held. Rows are read by booking time this much past the window and kept by their own time.
 */
const MACHINE_LATENESS_MS = 10 * 60_000;

/** The Pareto's text of an unassigned machine stop, unless master data has a reason of that code. */
const UNASSIGNED_MACHINE_STOP_TEXT: Reason['text'] = {
  de: 'Maschinenstopp ohne Grund',
  en: 'Machine stop, no reason given',
  pl: 'Postój maszyny bez podanej przyczyny',
  tr: 'Makine duruşu, neden verilmedi',
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

  const selectMachineStates = db.prepare<Array<string | number>, MachineStateRow>(`
    SELECT json_extract(payload, '$.signal') AS signal, json_extract(payload, '$.state') AS state,
           json_extract(payload, '$.since') + clock_offset_ms AS since FROM bookings
     WHERE station_id = ? AND type = 'machine.state' AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
  `);
  const selectMachineCounts = db.prepare<Array<string | number>, MachineCountRow>(`
    SELECT json_extract(payload, '$.to') + clock_offset_ms AS at, json_extract(payload, '$.pieces') AS pieces
      FROM bookings
     WHERE station_id = ? AND type = 'machine.count' AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
  `);

  function readMachine(stationId: string, from: number, to: number) {
    const states = selectMachineStates.all(stationId, from - STATE_LOOKBACK_MS, to + MACHINE_LATENESS_MS);
    const counts = selectMachineCounts.all(stationId, from, to + MACHINE_LATENESS_MS);
    return {
      // A state booked after the window began before its end only if its `since` says so.
      machineStates: states.filter((row) => row.since < to),
      machineCounts: counts.filter((row) => row.at >= from && row.at < to),
    };
  }

  function microStopMs(stationId: string): number {
    const parsed = DATASET_SCHEMAS.stations.safeParse(store.get('stations', stationId));
    return machineSettingsOf(parsed.success ? parsed.data : undefined).microStopMs;
  }

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
    if (!parsed.success && reasonCode === UNASSIGNED_MACHINE_STOP) return UNASSIGNED_MACHINE_STOP_TEXT[language] ?? '';
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
      let machine: MachineFigures | undefined;
      const figures: KpiFigures[] = query.stationIds.map((stationId) => {
        const station = stationFiguresWithMachine({
          ...shared,
          bookings: readBookings(stationId, query.from, query.to),
          ...readMachine(stationId, query.from, query.to),
          microStopMs: microStopMs(stationId),
        });
        if (station.machine !== null) addMachineFigures((machine ??= emptyMachineFigures()), station.machine);
        return station.figures;
      });
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
        ...(machine === undefined ? {} : { machine }),
      };
    },
  };
}

function payloadOf(row: BookingRow): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of PAYLOAD_FIELDS) if (row[field] !== null) payload[field] = row[field];
  return payload;
}
