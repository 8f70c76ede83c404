import { combineFigures, withRatios, type KpiBooking, type KpiCalendar, type KpiFigures, type Kpis } from '@shared/kpi';
import { machineSettingsOf } from '@shared/machine';
import { DATASET_SCHEMAS, type Reason, type Shift, type Station } from '@shared/master-data';
import type { MasterDataStore } from '../master-data/store';
import {
  addMachineFigures,
  emptyMachineFigures,
  stationFiguresWithMachine,
  UNASSIGNED_MACHINE_STOP,
  type MachineFigures,
} from './machine-figures';
import { KPI_PAYLOAD_FIELDS, type KpiEventRow, type KpiRows } from './kpi-rows';

// KPIs of stations from the bookings and the master data, through the pure engine (shared/kpi). The rows come
// from the store's KpiRows (kpi-rows.ts for SQLite, storage/pg/pg-board-reads.ts for PostgreSQL): one
// station's bookings of a few types over a business-time range.

/**
 * How far before the window the state of operations and downtimes is looked up. An operation or downtime
 * opened longer ago than this, with no booking since, is not seen (docs/kpi.md).
 */
export const STATE_LOOKBACK_MS = 7 * 86_400_000;

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

export function createStationKpis(rows: KpiRows, defaultTimeZone: string) {
  async function readMachine(stationId: string, from: number, to: number) {
    const [states, counts] = await Promise.all([
      rows.machineStates(stationId, from - STATE_LOOKBACK_MS, to + MACHINE_LATENESS_MS),
      rows.machineCounts(stationId, from, to + MACHINE_LATENESS_MS),
    ]);
    return {
      // A state booked after the window began before its end only if its `since` says so.
      machineStates: states.filter((row) => row.since < to),
      machineCounts: counts.filter((row) => row.at >= from && row.at < to),
    };
  }

  function microStopMs(store: MasterDataStore, stationId: string): number {
    const parsed = DATASET_SCHEMAS.stations.safeParse(store.get('stations', stationId));
    return machineSettingsOf(parsed.success ? parsed.data : undefined).microStopMs;
  }

  async function readBookings(stationId: string, from: number, to: number): Promise<KpiBooking[]> {
    const lookback = from - STATE_LOOKBACK_MS;
    const [eventRows, sums] = await Promise.all([
      rows.stateEvents(stationId, lookback, to),
      rows.quantitySums(stationId, from, to, lookback),
    ]);
    // Server order breaks ties in business time; sorting here spares the database a sort.
    eventRows.sort((a, b) => a.serverSeq - b.serverSeq);
    const events: KpiBooking[] = eventRows.map((row) => ({
      id: row.id,
      type: row.type,
      occurredAt: row.occurredAt,
      clockOffsetMs: row.clockOffsetMs,
      operationId: row.operationId ?? undefined,
      payload: payloadOf(row),
    }));
    // One summed booking per operation and type, at the window's start: the engine counts it exactly as the
    // single bookings (quantities and planned run time are sums).
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

  function calendar(store: MasterDataStore): KpiCalendar {
    const shifts = store.liveKeys('shifts').flatMap((key): Shift[] => {
      const parsed = DATASET_SCHEMAS.shifts.safeParse(store.get('shifts', key));
      return parsed.success ? [parsed.data] : [];
    });
    return { shifts, timeZone: defaultTimeZone };
  }

  function cycleTimes(store: MasterDataStore): (operationId: string) => number | undefined {
    const cache = new Map<string, number | undefined>();
    return (operationId) => {
      if (!cache.has(operationId)) {
        const parsed = DATASET_SCHEMAS.operations.safeParse(store.get('operations', operationId));
        cache.set(operationId, parsed.success ? parsed.data.cycleSeconds : undefined);
      }
      return cache.get(operationId);
    };
  }

  function reasonText(store: MasterDataStore, reasonCode: string, language: KpiQuery['language']): string {
    const parsed = DATASET_SCHEMAS.reasons.safeParse(store.get('reasons', reasonCode));
    if (!parsed.success && reasonCode === UNASSIGNED_MACHINE_STOP) return UNASSIGNED_MACHINE_STOP_TEXT[language] ?? '';
    if (!parsed.success) return reasonCode;
    const text: Reason['text'] = parsed.data.text;
    return text[language] ?? text.de;
  }

  return {
    /** The ids of the stations of an area in master data, sorted. */
    stationsOfArea(area: string, store: MasterDataStore): string[] {
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

    /**
     * KPIs of the stations together; `now` ends planned time and open intervals of a window not over yet.
     * `store`: the master data of this request.
     */
    async compute(query: KpiQuery, now: number, store: MasterDataStore): Promise<KpiAnswer> {
      const shared = {
        from: query.from,
        to: query.to,
        asOf: now,
        calendar: calendar(store),
        cycleSeconds: cycleTimes(store),
      };
      let machine: MachineFigures | undefined;
      const figures: KpiFigures[] = [];
      for (const stationId of query.stationIds) {
        const station = stationFiguresWithMachine({
          ...shared,
          bookings: await readBookings(stationId, query.from, query.to),
          ...(await readMachine(stationId, query.from, query.to)),
          microStopMs: microStopMs(store, stationId),
        });
        if (station.machine !== null) addMachineFigures((machine ??= emptyMachineFigures()), station.machine);
        figures.push(station.figures);
      }
      const kpis = withRatios(query.from, query.to, combineFigures(figures));
      return {
        ...kpis,
        stationIds: [...query.stationIds],
        downtime: {
          total: kpis.downtime.total,
          byReason: kpis.downtime.byReason.map((reason) => ({
            reasonCode: reason.reasonCode,
            reasonText: reasonText(store, reason.reasonCode, query.language),
            minutes: reason.minutes,
            time: reason.time,
          })),
        },
        ...(machine === undefined ? {} : { machine }),
      };
    },
  };
}

function payloadOf(row: KpiEventRow): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const field of KPI_PAYLOAD_FIELDS) if (row[field] !== null) payload[field] = row[field];
  return payload;
}
