import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  STATION_DETAIL_BOOKING_LIMIT,
  type DetailBooking,
  type DetailOperation,
  type DetailQualityResult,
  type StationDetail,
  type TimelineSegment,
  type TimelineState,
} from '@shared/board/station-detail';
import {
  calendarTime,
  clipIntervals,
  measure,
  mergeIntervals,
  stationTimeline,
  subtractIntervals,
  type Interval,
  type KpiBooking,
} from '@shared/kpi';
import {
  DATASET_SCHEMAS,
  type Characteristic,
  type Operation,
  type Order,
  type Reason,
  type Shift,
} from '@shared/master-data';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { STATE_LOOKBACK_MS } from '../kpi/station-kpis';
import type { MasterDataSource } from '../master-data/master-data-source';
import type { MasterDataStore } from '../master-data/store';
import { requireBoardReader } from './board-auth';
import { createShiftCalendar } from './handover-shifts';
import type { DetailRow, StationDetailRows } from './station-detail-rows';

// The board's drill-down: one station over a window (the current shift by default): a state per instant,
// its bookings, quantities against plan and target, quality results with their limits, notes and transport
// requests. Read on request from the bookings (one station, one shift: a few hundred rows on the store's
// station/business-time index, station-detail-rows.ts), not from the live projection, which only knows the present.

/** Without a shift calendar the drill-down shows this much of the past. */
const FALLBACK_WINDOW_MS = 8 * 3_600_000;
/** Two days: a long weekend shift with room; more is a report, not a drill-down. */
const MAX_WINDOW_MS = 2 * 86_400_000;

type Row = DetailRow;
type ParsedRow = Row & { at: number; data: Record<string, unknown> };

const epochMs = z
  .string()
  .regex(/^\d{1,15}$/, 'epoch milliseconds')
  .transform(Number);
const DetailQuerySchema = z
  .strictObject({ from: epochMs.optional(), to: epochMs.optional() })
  .refine((q) => (q.from === undefined) === (q.to === undefined), { message: 'give both "from" and "to", or neither' })
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: '"from" must be before "to"',
    path: ['to'],
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.to - q.from <= MAX_WINDOW_MS, {
    message: 'the window is at most 48 hours',
    path: ['to'],
  });
const ParamsSchema = z.strictObject({ stationId: z.string().min(1).max(64) });

/** What the board's read routes (drill-down, shifts, handovers) need; the same for both stores but the rows. */
export interface BoardViewDeps {
  masterData: MasterDataSource;
  defaultTimeZone: string;
  now: () => number;
}

export function createStationDetails(deps: BoardViewDeps & { rows: StationDetailRows }) {
  return {
    /** Undefined for a station that neither master data nor any booking knows. */
    async detail(stationId: string, window: { from: number; to: number } | undefined) {
      const store = await deps.masterData.current();
      return stationDetailOf(deps, store, stationId, window);
    },
  };
}

async function stationDetailOf(
  deps: BoardViewDeps & { rows: StationDetailRows },
  store: MasterDataStore,
  stationId: string,
  window: { from: number; to: number } | undefined,
): Promise<StationDetail | undefined> {
  function read<T>(dataset: keyof typeof DATASET_SCHEMAS, key: string | null): T | undefined {
    if (key === null) return undefined;
    const parsed = DATASET_SCHEMAS[dataset].safeParse(store.get(dataset, key));
    return parsed.success ? (parsed.data as T) : undefined;
  }
  const reasonTexts = (code: unknown) => (typeof code === 'string' ? read<Reason>('reasons', code)?.text : undefined);
  const operatorName = (id: string | null) => read<{ name: string }>('operators', id)?.name;

  function characteristic(operationId: string | null, characteristicId: string): Characteristic | undefined {
    const planId = read<Operation>('operations', operationId)?.qualityPlanId;
    const plan =
      planId === undefined ? undefined : DATASET_SCHEMAS.qualityPlans.safeParse(store.get('qualityPlans', planId));
    return plan?.success ? plan.data.characteristics.find((c) => c.id === characteristicId) : undefined;
  }

  function plannedStops(from: number, to: number): Interval[] {
    const shifts = store.liveKeys('shifts').flatMap((key): Shift[] => {
      const parsed = DATASET_SCHEMAS.shifts.safeParse(store.get('shifts', key));
      return parsed.success ? [parsed.data] : [];
    });
    return calendarTime(shifts, deps.defaultTimeZone, from, to).plannedStops;
  }

  const station = read<{ name: string; area?: string }>('stations', stationId);
  if (station === undefined && !(await deps.rows.hasBookings(stationId))) return undefined;
  const now = deps.now();
  const shift = window === undefined ? createShiftCalendar(store, deps.defaultTimeZone).at(now) : null;
  const from = window?.from ?? shift?.start ?? now - FALLBACK_WINDOW_MS;
  const to = window?.to ?? shift?.end ?? now;
  const until = Math.max(from, Math.min(to, now));

  const parse = (row: Row): ParsedRow => ({
    ...row,
    at: row.occurredAt + row.clockOffsetMs,
    data: JSON.parse(row.payload) as Record<string, unknown>,
  });
  const lookback = from - STATE_LOOKBACK_MS;
  const [inWindow, before, reversals] = (
    await Promise.all([
      deps.rows.inWindow(stationId, from, until),
      deps.rows.stateBefore(stationId, lookback, from),
      deps.rows.reversals(stationId, lookback),
    ])
  ).map((rows) => rows.map(parse)) as [ParsedRow[], ParsedRow[], ParsedRow[]];
  const byId = new Map<string, ParsedRow>();
  for (const row of [...before, ...inWindow, ...reversals]) byId.set(row.id, row);
  const all = [...byId.values()].sort((a, b) => a.serverSeq - b.serverSeq);
  const reversed = new Set(
    all.flatMap((row) =>
      row.type === 'booking.reverse' && typeof row.data.reversedBookingId === 'string'
        ? [row.data.reversedBookingId]
        : [],
    ),
  );
  const kpiBookings: KpiBooking[] = all.map((row) => ({
    id: row.id,
    type: row.type,
    occurredAt: row.occurredAt,
    clockOffsetMs: row.clockOffsetMs,
    operationId: row.operationId ?? undefined,
    payload: row.data,
  }));
  const timeline = stationTimeline(kpiBookings, until);
  const stops = plannedStops(from, until);
  const newestFirst = [...inWindow].sort((a, b) => b.at - a.at || b.serverSeq - a.serverSeq);

  return {
    stationId,
    name: station?.name ?? stationId,
    area: station?.area ?? '',
    from,
    to,
    until,
    generatedAt: now,
    shift,
    plannedStops: stops,
    segments: segmentsOf(timeline, from, until, reasonTexts),
    bookings: newestFirst.slice(0, STATION_DETAIL_BOOKING_LIMIT).map((row) => toBooking(row, reversed.has(row.id))),
    bookingsTotal: inWindow.length,
    operations: operationsOf(inWindow, reversed, timeline, stops, from, until),
    quality: newestFirst.filter((row) => row.type === 'quality.result').map((row) => toQuality(row, reversed)),
    notes: newestFirst
      .filter((row) => row.type === 'shift.note' && !reversed.has(row.id))
      .map((row) => ({ id: row.id, occurredAt: row.at, ...nameOf(row), text: String(row.data.text ?? '') })),
    transports: newestFirst
      .filter((row) => row.type === 'transport.request' && !reversed.has(row.id))
      .map((row) => ({
        id: row.id,
        occurredAt: row.at,
        ...nameOf(row),
        ...optionalString('destination', row.data.destination),
        ...optionalString('containerSscc', row.data.containerSscc),
        ...optionalString('note', row.data.note),
      })),
  };

  function nameOf(row: Row): { operatorName?: string } {
    const name = operatorName(row.operatorId);
    return name === undefined ? {} : { operatorName: name };
  }

  function toBooking(row: ParsedRow, isReversed: boolean): DetailBooking {
    const texts = reasonTexts(row.data.reasonCode);
    return {
      id: row.id,
      type: row.type,
      occurredAt: row.at,
      ...(row.operatorId === null ? {} : { operatorId: row.operatorId }),
      ...nameOf(row),
      ...(row.orderId === null ? {} : { orderId: row.orderId }),
      ...(row.operationId === null ? {} : { operationId: row.operationId }),
      ...(typeof row.data.quantity === 'number' ? { quantity: row.data.quantity } : {}),
      ...optionalString('unit', row.data.unit),
      ...optionalString('reasonCode', row.data.reasonCode),
      ...(texts === undefined ? {} : { reasonTexts: texts }),
      reversed: isReversed,
    };
  }

  function toQuality(row: ParsedRow, reversed: Set<string>): DetailQualityResult {
    const characteristicId = String(row.data.characteristicId ?? '');
    const known = characteristic(row.operationId, characteristicId);
    const limits = known
      ? {
          name: known.name,
          ...(known.nominal === undefined ? {} : { nominal: known.nominal }),
          ...(known.lower === undefined ? {} : { lower: known.lower }),
          ...(known.upper === undefined ? {} : { upper: known.upper }),
          ...(known.unit === undefined ? {} : { unit: known.unit }),
          ...(known.decimals === undefined ? {} : { decimals: known.decimals }),
        }
      : {};
    return {
      id: row.id,
      occurredAt: row.at,
      characteristicId,
      ...(typeof row.data.value === 'number' ? { value: row.data.value } : {}),
      ...(row.data.attribute === 'ok' || row.data.attribute === 'nok' ? { attribute: row.data.attribute } : {}),
      verdict: row.data.verdict === 'fail' ? 'fail' : 'pass',
      ...limits,
      ...nameOf(row),
      reversed: reversed.has(row.id),
    };
  }

  function operationsOf(
    rows: ParsedRow[],
    reversed: Set<string>,
    timeline: ReturnType<typeof stationTimeline>,
    stops: Interval[],
    from: number,
    until: number,
  ): DetailOperation[] {
    const sums = new Map<string, { good: number; scrap: number; rework: number }>();
    const sumsOf = (id: string) => {
      let found = sums.get(id);
      if (!found) sums.set(id, (found = { good: 0, scrap: 0, rework: 0 }));
      return found;
    };
    for (const row of rows) {
      if (row.operationId === null) continue;
      const sum = sumsOf(row.operationId);
      if (reversed.has(row.id) || typeof row.data.quantity !== 'number') continue;
      if (row.type === 'quantity.good' || row.type === 'operation.finish') sum.good += row.data.quantity;
      else if (row.type === 'quantity.scrap') sum.scrap += row.data.quantity;
      else if (row.type === 'quantity.rework') sum.rework += row.data.quantity;
    }
    for (const interval of timeline.production) if (interval.end > from) sumsOf(interval.operationId);
    // Production time in the window counts for the target unless the station was down or in a break.
    const notProducing = mergeIntervals([...timeline.down, ...stops]);
    return [...sums].map(([operationId, sum]) => {
      const operation = read<Operation>('operations', operationId);
      const order = read<Order>('orders', operation?.orderId ?? null);
      const production = clipIntervals(
        mergeIntervals(timeline.production.filter((i) => i.operationId === operationId)),
        from,
        until,
      );
      const productionMs = measure(subtractIntervals(production, notProducing));
      const planned = order?.quantity ?? 0;
      const cycleMs = (operation?.cycleSeconds ?? 0) * 1000;
      const target = cycleMs > 0 ? Math.floor(productionMs / cycleMs) : 0;
      return {
        orderNumber: order?.number ?? operation?.orderId ?? '',
        operationNumber: operation?.number ?? operationId,
        operationId,
        unit: order?.unit ?? '',
        ...sum,
        planned,
        target: planned > 0 ? Math.min(planned, target) : target,
      };
    });
  }
}

function optionalString<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  return (typeof value === 'string' ? { [key]: value } : {}) as { [P in K]?: string };
}

type Timeline = ReturnType<typeof stationTimeline>;

/**
 * One state per instant, as the board's state rules rank them (docs/board-api.md): down over producing over
 * setup over interrupted; nothing booked is idle. Adjacent pieces of the same state and reason are joined.
 */
export function segmentsOf(
  timeline: Timeline,
  from: number,
  until: number,
  reasonTexts: (code: string) => TimelineSegment['reasonTexts'],
): TimelineSegment[] {
  type Piece = Interval & { state: TimelineState; reasonCode?: string };
  const ranked: Piece[][] = [
    timeline.down.map((i) => ({ ...i, state: 'down' })),
    timeline.production.map((i) => ({ ...i, state: 'producing' })),
    timeline.setup.map((i) => ({ ...i, state: 'setup' })),
    // The latest interruption names the reason when several operations are interrupted at once.
    [...timeline.interrupted].sort((a, b) => b.start - a.start).map((i) => ({ ...i, state: 'interrupted' })),
  ];
  const bounds = new Set<number>([from, until]);
  for (const list of ranked)
    for (const piece of list) for (const at of [piece.start, piece.end]) if (at > from && at < until) bounds.add(at);
  const points = [...bounds].sort((a, b) => a - b);
  const segments: TimelineSegment[] = [];
  for (let index = 0; index + 1 < points.length; index++) {
    const start = points[index] as number;
    const end = points[index + 1] as number;
    let covering: Piece | undefined;
    for (const list of ranked) {
      covering = list.find((piece) => piece.start <= start && piece.end >= end);
      if (covering) break;
    }
    const state: TimelineState = covering?.state ?? 'idle';
    const reasonCode = covering?.reasonCode;
    const last = segments.at(-1);
    if (last && last.state === state && last.reasonCode === reasonCode && last.end === start) {
      last.end = end;
      continue;
    }
    const texts = reasonCode === undefined ? undefined : reasonTexts(reasonCode);
    segments.push({
      state,
      start,
      end,
      ...(reasonCode === undefined ? {} : { reasonCode }),
      ...(texts === undefined ? {} : { reasonTexts: texts }),
    });
  }
  return segments;
}

export function registerStationDetailRoutes(
  app: FastifyInstance,
  deps: BoardViewDeps & { rows: StationDetailRows },
): void {
  const details = createStationDetails(deps);
  app.get('/api/v1/board/stations/:stationId', async (request) => {
    await requireBoardReader(request);
    const { stationId } = parseOrFail(ParamsSchema, request.params, 'path');
    const query = parseOrFail(DetailQuerySchema, request.query, 'query');
    const window = query.from !== undefined && query.to !== undefined ? { from: query.from, to: query.to } : undefined;
    const detail = await details.detail(stationId, window);
    if (!detail) throw new ApiFailure(404, 'unknown-station', `no station "${stationId}"`);
    return detail;
  });
}
