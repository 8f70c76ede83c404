import type { HandoverFacts, Handover } from '@shared/board/handover';
import type { ShiftWindowInfo } from '@shared/board/station-detail';
import { uuidv7 } from '@shared/id/uuidv7';
import { DATASET_SCHEMAS, type Operation, type Reason } from '@shared/master-data';
import type { createStationKpis } from '../kpi/station-kpis';
import type { MasterDataStore } from '../master-data/store';
import type { HandoverRow, HandoverRows } from './handover-rows';

// The shift handover: the facts of a shift gathered from the bookings (through the KPI engine, so output
// and downtime agree with the KPI view), and the signed handovers in `shift_handovers`; the rows come from
// the store's HandoverRows (handover-rows.ts, storage/pg/pg-board-reads.ts).

const MINUTE = 60_000;

export type HandoverSignResult = { ok: true; handover: Handover } | { ok: false; existing: Handover };

export function createHandovers(deps: {
  rows: HandoverRows;
  kpis: ReturnType<typeof createStationKpis>;
  now: () => number;
}) {
  const { rows } = deps;

  function read<T>(store: MasterDataStore, dataset: keyof typeof DATASET_SCHEMAS, key: string | null): T | undefined {
    if (key === null) return undefined;
    const parsed = DATASET_SCHEMAS[dataset].safeParse(store.get(dataset, key));
    return parsed.success ? (parsed.data as T) : undefined;
  }

  function stationList(store: MasterDataStore): Array<{ id: string; name: string }> {
    return store
      .liveKeys('stations')
      .sort()
      .map((id) => ({ id, name: read<{ name: string }>(store, 'stations', id)?.name ?? id }));
  }

  async function facts(shift: ShiftWindowInfo, store: MasterDataStore): Promise<HandoverFacts> {
    const now = deps.now();
    const stations = stationList(store);
    const byReason = new Map<string, number>();
    const result: HandoverFacts = {
      from: shift.start,
      to: shift.end,
      totals: { good: 0, scrap: 0, rework: 0, downtimeMinutes: 0 },
      stations: [],
      downtimes: [],
      openReview: await rows.openReviewCount(),
      qualityAlarms: [],
      notes: [],
    };
    for (const station of stations) {
      const kpi = await deps.kpis.compute(
        { stationIds: [station.id], from: shift.start, to: shift.end, language: 'de' },
        now,
        store,
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

      for (const row of await rows.facts(station.id, shift.start, Math.min(shift.end, now + 1))) {
        const payload = JSON.parse(row.payload) as Record<string, unknown>;
        const operatorName = read<{ name: string }>(store, 'operators', row.operatorId)?.name;
        if (row.type === 'shift.note') {
          result.notes.push({
            stationId: station.id,
            ...(operatorName === undefined ? {} : { operatorName }),
            text: String(payload.text ?? ''),
            occurredAt: row.at,
          });
        } else if (payload.verdict === 'fail') {
          const characteristicId = String(payload.characteristicId ?? '');
          const known = characteristicOf(store, row.operationId, characteristicId);
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
        const texts = read<Reason>(store, 'reasons', reasonCode)?.text;
        return { reasonCode, ...(texts === undefined ? {} : { reasonTexts: texts }), minutes };
      })
      .sort((a, b) => b.minutes - a.minutes || a.reasonCode.localeCompare(b.reasonCode));
    return result;
  }

  function characteristicOf(store: MasterDataStore, operationId: string | null, characteristicId: string) {
    const planId = read<Operation>(store, 'operations', operationId)?.qualityPlanId;
    if (planId === undefined) return undefined;
    const plan = DATASET_SCHEMAS.qualityPlans.safeParse(store.get('qualityPlans', planId));
    return plan.success ? plan.data.characteristics.find((c) => c.id === characteristicId) : undefined;
  }

  return {
    facts,
    async signedFor(shiftStart: number): Promise<Handover | null> {
      const row = await rows.signedFor(shiftStart);
      return row ? fromRow(row) : null;
    },
    /** Newest shift first. */
    async list(limit: number): Promise<Handover[]> {
      return (await rows.latest(limit)).map(fromRow);
    },
    /**
     * Signs the handover of a shift with the facts as the bookings say now. A shift is handed over once: a
     * second signature is refused and the first one returned (the unique key decides, also between servers).
     */
    async sign(
      shift: ShiftWindowInfo,
      text: string,
      author: { id: string; name: string },
      store: MasterDataStore,
    ): Promise<HandoverSignResult> {
      const handover: Handover = {
        id: uuidv7(deps.now()),
        shift,
        text,
        facts: await facts(shift, store),
        authorId: author.id,
        authorName: author.name,
        signedAt: deps.now(),
      };
      const existing = await rows.insertUnlessSigned({
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
      return existing ? { ok: false, existing: fromRow(existing) } : { ok: true, handover };
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
