import type { HandoverFacts, Handover } from '../../../shared/board/handover';
import type { ShiftWindowInfo } from '../../../shared/board/station-detail';
import { uuidv7 } from '../../../shared/id/uuidv7';
import { DATASET_SCHEMAS, type Operation, type Reason } from '../../../shared/master-data';
import type { Db } from '../db/database';
import type { createStationKpis } from '../kpi/station-kpis';
import type { MasterDataStore } from '../master-data/store';

// The shift handover: the facts of a shift gathered from the bookings (through the KPI engine, so output
// and downtime agree with the KPI view), and the signed handovers in `shift_handovers` (migration 7).

const BUSINESS_TIME = 'occurred_at + clock_offset_ms';
const MINUTE = 60_000;

interface FactRow {
  id: string;
  type: 'quality.result' | 'shift.note';
  at: number;
  operatorId: string | null;
  operationId: string | null;
  payload: string;
}

interface HandoverRow {
  id: string;
  shift_id: string;
  shift_name: string;
  shift_start: number;
  shift_end: number;
  text: string;
  facts: string;
  author_id: string;
  author_name: string;
  signed_at: number;
}

export type HandoverSignResult = { ok: true; handover: Handover } | { ok: false; existing: Handover };

export function createHandovers(deps: {
  db: Db;
  store: MasterDataStore;
  kpis: ReturnType<typeof createStationKpis>;
  openReviewCount: () => number;
  now: () => number;
}) {
  const { db, store } = deps;
  // Per station on the index of migration 5; the reversals are taken out like everywhere else.
  const selectFacts = db.prepare<[string, number, number, string, number], FactRow>(
    `SELECT id, type, ${BUSINESS_TIME} AS at, operator_id AS operatorId, operation_id AS operationId, payload
       FROM bookings
      WHERE station_id = ? AND type IN ('quality.result', 'shift.note')
        AND ${BUSINESS_TIME} >= ? AND ${BUSINESS_TIME} < ?
        AND id NOT IN (SELECT json_extract(payload, '$.reversedBookingId') FROM bookings
                        WHERE station_id = ? AND type = 'booking.reverse' AND ${BUSINESS_TIME} >= ?
                          AND json_extract(payload, '$.reversedBookingId') IS NOT NULL)
      ORDER BY at`,
  );
  const insert = db.prepare(
    `INSERT INTO shift_handovers (id, shift_id, shift_name, shift_start, shift_end, text, facts, author_id,
       author_name, signed_at) VALUES (@id, @shift_id, @shift_name, @shift_start, @shift_end, @text, @facts,
       @author_id, @author_name, @signed_at)`,
  );
  const byStart = db.prepare<[number], HandoverRow>('SELECT * FROM shift_handovers WHERE shift_start = ?');
  const latest = db.prepare<[number], HandoverRow>('SELECT * FROM shift_handovers ORDER BY shift_start DESC LIMIT ?');

  function read<T>(dataset: keyof typeof DATASET_SCHEMAS, key: string | null): T | undefined {
    if (key === null) return undefined;
    const parsed = DATASET_SCHEMAS[dataset].safeParse(store.get(dataset, key));
    return parsed.success ? (parsed.data as T) : undefined;
  }

  function stationList(): Array<{ id: string; name: string }> {
    return store
      .liveKeys('stations')
      .sort()
      .map((id) => ({ id, name: read<{ name: string }>('stations', id)?.name ?? id }));
  }

  function facts(shift: ShiftWindowInfo): HandoverFacts {
    const now = deps.now();
    const stations = stationList();
    const byReason = new Map<string, number>();
    const result: HandoverFacts = {
      from: shift.start,
      to: shift.end,
      totals: { good: 0, scrap: 0, rework: 0, downtimeMinutes: 0 },
      stations: [],
      downtimes: [],
      openReview: deps.openReviewCount(),
      qualityAlarms: [],
      notes: [],
    };
    for (const station of stations) {
      const kpi = deps.kpis.compute(
        { stationIds: [station.id], from: shift.start, to: shift.end, language: 'de' },
        now,
      );
      const downtimeMinutes = kpi.downtime.total / MINUTE;
      result.stations.push({
        stationId: station.id,
        name: station.name,
        good: kpi.good,
        scrap: kpi.scrap,
        rework: kpi.rework,
        downtimeMinutes,
      });
      result.totals.good += kpi.good;
      result.totals.scrap += kpi.scrap;
      result.totals.rework += kpi.rework;
      result.totals.downtimeMinutes += downtimeMinutes;
      for (const reason of kpi.downtime.byReason)
        byReason.set(reason.reasonCode, (byReason.get(reason.reasonCode) ?? 0) + reason.minutes);

      const rows = selectFacts.all(station.id, shift.start, Math.min(shift.end, now + 1), station.id, shift.start);
      for (const row of rows) {
        const payload = JSON.parse(row.payload) as Record<string, unknown>;
        const operatorName = read<{ name: string }>('operators', row.operatorId)?.name;
        if (row.type === 'shift.note') {
          result.notes.push({
            stationId: station.id,
            ...(operatorName === undefined ? {} : { operatorName }),
            text: String(payload.text ?? ''),
            occurredAt: row.at,
          });
        } else if (payload.verdict === 'fail') {
          const characteristicId = String(payload.characteristicId ?? '');
          const known = characteristicOf(row.operationId, characteristicId);
          result.qualityAlarms.push({
            stationId: station.id,
            characteristicId,
            ...(known === undefined ? {} : { name: known.name }),
            ...(typeof payload.value === 'number' ? { value: payload.value } : {}),
            ...(payload.attribute === 'ok' || payload.attribute === 'nok' ? { attribute: payload.attribute } : {}),
            ...(known?.unit === undefined ? {} : { unit: known.unit }),
            occurredAt: row.at,
          });
        }
      }
    }
    result.downtimes = [...byReason]
      .map(([reasonCode, minutes]) => {
        const texts = read<Reason>('reasons', reasonCode)?.text;
        return { reasonCode, ...(texts === undefined ? {} : { reasonTexts: texts }), minutes };
      })
      .sort((a, b) => b.minutes - a.minutes || a.reasonCode.localeCompare(b.reasonCode));
    return result;
  }

  function characteristicOf(operationId: string | null, characteristicId: string) {
    const planId = read<Operation>('operations', operationId)?.qualityPlanId;
    if (planId === undefined) return undefined;
    const plan = DATASET_SCHEMAS.qualityPlans.safeParse(store.get('qualityPlans', planId));
    return plan.success ? plan.data.characteristics.find((c) => c.id === characteristicId) : undefined;
  }

  return {
    facts,
    signedFor(shiftStart: number): Handover | null {
      const row = byStart.get(shiftStart);
      return row ? fromRow(row) : null;
    },
    /** Newest shift first. */
    list(limit: number): Handover[] {
      return latest.all(limit).map(fromRow);
    },
    /**
     * Signs the handover of a shift with the facts as the bookings say now. A shift is handed over once: a
     * second signature is refused and the first one returned (the UNIQUE key decides, also between servers).
     */
    sign(shift: ShiftWindowInfo, text: string, author: { id: string; name: string }): HandoverSignResult {
      const handover: Handover = {
        id: uuidv7(deps.now()),
        shift,
        text,
        facts: facts(shift),
        authorId: author.id,
        authorName: author.name,
        signedAt: deps.now(),
      };
      const stored = db.transaction(() => {
        const existing = byStart.get(shift.start);
        if (existing) return fromRow(existing);
        insert.run({
          id: handover.id,
          shift_id: shift.shiftId,
          shift_name: shift.name,
          shift_start: shift.start,
          shift_end: shift.end,
          text,
          facts: JSON.stringify(handover.facts),
          author_id: author.id,
          author_name: author.name,
          signed_at: handover.signedAt,
        });
        return undefined;
      })();
      return stored ? { ok: false, existing: stored } : { ok: true, handover };
    },
  };
}

export type Handovers = ReturnType<typeof createHandovers>;

function fromRow(row: HandoverRow): Handover {
  return {
    id: row.id,
    shift: { shiftId: row.shift_id, name: row.shift_name, start: row.shift_start, end: row.shift_end },
    text: row.text,
    facts: JSON.parse(row.facts) as HandoverFacts,
    authorId: row.author_id,
    authorName: row.author_name,
    signedAt: row.signed_at,
  };
}
