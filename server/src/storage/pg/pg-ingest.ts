import type pg from 'pg';
import type { Booking } from '@shared/booking';
import type { DatasetName } from '@shared/master-data';
import type { PushResult } from '@shared/protocol';
import type { AlertInput } from '../../alerts/alerts';
import { GAP_ALERT_AFTER_MS, newEpochAlert, seqGapAlert } from '../../bookings/ack-tracker';
import type { IngestOutcome } from '../../bookings/ingest';
import {
  acceptedResult,
  classifyPushItem,
  quarantineOutcome,
  rejectedResult,
  type PushBatch,
  type QuarantineKind,
  type RejectedItem,
  type StoredSlot,
} from '../../bookings/push-items';
import { canonicalJson, stringifyForStorage } from '../../bookings/raw-json';
import { createReviewRules } from '../../bookings/review-rules';
import { sha256Hex } from '../../hashing';
import type { MasterDataStore } from '../../master-data/store';
import { createPgQuantityReview } from './pg-quantity-review';

// The push on PostgreSQL. TypeScript validates the items, runs the review rules (the quantity check first reads
// the history of the operations it judges, pg-quantity-review.ts) and hashes the content; the database function
// takt_push (migration 2) stores them in one call: pushes of one terminal take turns there (a transaction-scoped
// advisory lock on plant and terminal), so the slot checks and ackedUpTo are exact with any number of server
// instances, and a push's bookings go in with one INSERT ... SELECT FROM unnest(...).

type Query = Pick<pg.PoolClient, 'query'>;

interface Quarantined {
  booking: Booking;
  existing: StoredSlot;
  kind: QuarantineKind;
}

export interface ReviewData {
  review: Pick<MasterDataStore, 'get'>;
  /** The plant's master_seq the values belong to; takt_push refuses the push (TK002) once it moved on. */
  masterSeq: number | null;
}

/** Far above a plant's stations, operators, orders and reasons in use at one time; beyond, the cache starts over. */
const MAX_CACHED_RECORDS = 50_000;

/**
 * The master data the review rules read, cached by this instance for one value of the plant's master_seq.
 * Every change of master data takes the next master_seq (the pull cursors rely on that, migration 1), so
 * takt_push compares it in the push's own call: a push reviewed against data that another instance has changed
 * meanwhile is refused with TK002, and the caller forgets the cache and reviews it again. A push whose keys are
 * all cached needs no query for them; one that misses some reads all of its keys, with their quality plans and
 * master_seq, in one statement (one snapshot).
 */
export function createReviewDataCache(db: Query, plantId: string) {
  const keyOf = (dataset: string, key: string) => `${dataset}\u0000${key}`;
  let masterSeq: number | null = null;
  // null: known to be absent (or deleted) at masterSeq.
  let values = new Map<string, unknown>();

  async function fetch(wanted: Array<[string, string]>): Promise<void> {
    const result = await db.query<{ dataset: string; key: string | null; value: string | null }>(
      `WITH found AS (
         SELECT r.dataset, r.key, r.value FROM master_records r
           JOIN unnest($2::text[], $3::text[]) AS w(dataset, key) ON r.dataset = w.dataset AND r.key = w.key
          WHERE r.plant_id = $1 AND r.value IS NOT NULL
       ), plans AS (
         SELECT r.dataset, r.key, r.value FROM master_records r
          WHERE r.plant_id = $1 AND r.dataset = 'qualityPlans' AND r.value IS NOT NULL
            AND r.key IN (SELECT f.value::jsonb ->> 'qualityPlanId' FROM found f
                           WHERE f.dataset = 'operations' AND jsonb_typeof(f.value::jsonb -> 'qualityPlanId') = 'string')
       )
       SELECT '' AS dataset, NULL AS key, master_seq::text AS value FROM master_counters WHERE plant_id = $1
       UNION ALL SELECT dataset, key, value FROM found
       UNION ALL SELECT dataset, key, value FROM plans`,
      [plantId, wanted.map(([dataset]) => dataset), wanted.map(([, key]) => key)],
    );
    const fetched = new Map<string, unknown>(wanted.map(([dataset, key]) => [keyOf(dataset, key), null]));
    let seq: number | null = null;
    for (const row of result.rows) {
      if (row.key === null) seq = Number(row.value);
      else fetched.set(keyOf(row.dataset, row.key), JSON.parse(row.value ?? 'null') as unknown);
    }
    for (const [cacheKey, value] of fetched) {
      const planId = (value as { qualityPlanId?: unknown } | null)?.qualityPlanId;
      if (cacheKey.startsWith('operations\u0000') && typeof planId === 'string') {
        const planKey = keyOf('qualityPlans', planId);
        if (!fetched.has(planKey)) fetched.set(planKey, null);
      }
    }
    // A new map for a new master_seq: pushes still reviewing against the old one keep a consistent view.
    if (seq !== masterSeq || values.size > MAX_CACHED_RECORDS) values = new Map();
    masterSeq = seq;
    for (const [cacheKey, value] of fetched) values.set(cacheKey, value);
  }

  return {
    async load(bookings: Array<Partial<Record<keyof Booking, unknown>>>): Promise<ReviewData> {
      const wanted = new Map<string, [string, string]>();
      const want = (dataset: DatasetName, key: unknown) => {
        if (typeof key === 'string') wanted.set(keyOf(dataset, key), [dataset, key]);
      };
      for (const booking of bookings) {
        // Items are not validated yet: any field may be missing or of another type.
        const payload = (booking.payload ?? {}) as { reasonCode?: unknown; defectCode?: unknown };
        want('stations', booking.stationId);
        want('operators', booking.operatorId);
        want('orders', booking.orderId);
        want('operations', booking.operationId);
        want('reasons', payload.reasonCode);
        want('reasons', payload.defectCode);
      }
      const isMissing = [...wanted.keys()].some((cacheKey) => !values.has(cacheKey));
      if (masterSeq === null || isMissing) await fetch([...wanted.values()]);
      const snapshot = values;
      return {
        review: { get: (dataset, key) => snapshot.get(keyOf(dataset, key)) ?? undefined },
        masterSeq,
      };
    },
    /** After TK002: the next load reads again. */
    forget(): void {
      masterSeq = null;
      values = new Map();
    },
  };
}

export interface PgIngestContext extends ReviewData {
  plantId: string;
  receivedAt: number;
}

/** What takt_push (migration 2) found for a valid booking it did not store. */
interface PushConflict {
  /** Position among the valid bookings of the push. */
  index: number;
  kind: 'duplicate' | QuarantineKind;
  id: string;
  terminalId: string;
  epoch: string;
  seq: number;
}

interface PushFacts {
  ackedUpTo: number;
  conflicts: PushConflict[];
  /** Raw hashes of rejected items stored for the first time. */
  rejectedNew: string[];
  /** The terminal's other epochs, when this push opened a new one after them. */
  previousEpochs: Array<{ epoch: string; ackedUpTo: number; maxSeq: number }> | null;
  gap: { ackedUpTo: number; maxSeq: number; gapSince: number } | null;
}

/** takt_push raises this instead of anything that needs an alert when it may not alert. */
const NEEDS_ALERTS = 'TK001';
/** takt_push raises this when the plant's master data changed after the push was reviewed. */
export const STALE_MASTER_DATA = 'TK002';

const PUSH_CALL = {
  name: 'takt-push',
  text: `SELECT takt_push($1, $2, $3, $4, $5, $6, $7, $8::bigint[], $9::text[], $10::text[], $11::text[],
           $12::text[], $13::text[], $14::bigint[], $15::text[], $16::bigint[], $17::bigint[], $18::text[],
           $19::text[], $20::text[], $21::text[], $22::text[], $23::text[], $24::text[], $25::text[]) AS facts`,
};

/**
 * One push. The whole rule set runs in the database function takt_push (migration 2): one round trip and one
 * implicit transaction when nothing needs an alert, which is nearly every push (one more before it, the quantity
 * history, when the push holds a quantity booking for an operation). A push that needs one (a
 * conflict, a station mismatch, a new epoch after others, a gap alert) goes through the function again inside a
 * transaction that also stores the quarantine evidence and the alerts, so they commit with the bookings.
 */
export async function ingestPush(
  pool: pg.Pool,
  batch: PushBatch,
  context: PgIngestContext,
): Promise<{ outcome: IngestOutcome; alerts: AlertInput[] }> {
  const items = batch.bookings.map((item, index) => classifyPushItem(batch, item, index));
  const rejected = items.flatMap((item, index) => (item.isValid ? [] : [{ item, index }]));
  const valid = items.flatMap((item, index) => (item.isValid ? [{ booking: item.booking, index }] : []));
  const findingsFor = createReviewRules(context.review)(context.receivedAt);
  const quantityFindingsFor = await createPgQuantityReview(
    pool,
    context.plantId,
    context.review,
    valid.map(({ booking }) => booking),
  );
  const findings = valid.map(({ booking }) => [...findingsFor(booking), ...quantityFindingsFor(booking)]);
  const values = pushValues(
    batch,
    context,
    rejected.map(({ item }) => item),
    valid.map(({ booking }) => booking),
    findings,
  );
  const build = (facts: PushFacts, evidence: Set<string>) =>
    buildOutcome(batch, { items, rejected, valid, findings }, facts, evidence);

  if (!rejected.some(({ item }) => item.alert)) {
    try {
      const result = await pool.query<{ facts: PushFacts }>({
        ...PUSH_CALL,
        values: [...values.head, false, context.masterSeq, ...values.arrays],
      });
      return build(firstFacts(result.rows), new Set());
    } catch (error) {
      if ((error as { code?: unknown }).code !== NEEDS_ALERTS) throw error;
    }
  }
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query<{ facts: PushFacts }>({
      ...PUSH_CALL,
      values: [...values.head, true, context.masterSeq, ...values.arrays],
    });
    const facts = firstFacts(result.rows);
    const quarantined = facts.conflicts.flatMap((conflict) => {
      const entry = valid[conflict.index];
      if (conflict.kind === 'duplicate' || entry === undefined) return [];
      return [{ booking: entry.booking, existing: slotOf(conflict), kind: conflict.kind }];
    });
    const evidence = await insertQuarantined(client, context.plantId, quarantined, context.receivedAt);
    const built = build(facts, evidence);
    await insertAlerts(client, context.plantId, built.alerts, context.receivedAt);
    await client.query('COMMIT');
    return built;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

function firstFacts(rows: Array<{ facts: PushFacts }>): PushFacts {
  const facts = rows[0]?.facts;
  if (facts === undefined) throw new Error('takt_push returned no row');
  return facts;
}

function slotOf(conflict: PushConflict): StoredSlot {
  return { id: conflict.id, terminalId: conflict.terminalId, epoch: conflict.epoch, seq: conflict.seq };
}

function pushValues(
  batch: PushBatch,
  context: PgIngestContext,
  rejected: RejectedItem[],
  bookings: Booking[],
  findings: string[][],
): { head: unknown[]; arrays: unknown[] } {
  const column = <T>(pick: (booking: Booking, index: number) => T) => bookings.map(pick);
  return {
    head: [context.plantId, batch.terminalId, batch.epoch, context.receivedAt, GAP_ALERT_AFTER_MS],
    arrays: [
      rejected.map((item) => item.slot),
      rejected.map((item) => item.resultId),
      rejected.map((item) => item.reason),
      rejected.map((item) => item.raw),
      rejected.map((item) => item.rawHash),
      column((b) => b.id),
      column((b) => b.seq),
      column((b) => b.type),
      column((b) => b.occurredAt),
      column((b) => b.clockOffsetMs),
      column((b) => b.stationId),
      column((b) => b.operatorId ?? null),
      column((b) => b.orderId ?? null),
      column((b) => b.operationId ?? null),
      column((b) => b.masterDataVersion),
      column((b) => JSON.stringify(b.payload)),
      column((b) => contentHash(b)),
      column((_b, index) => {
        const found = findings[index] ?? [];
        return found.length > 0 ? found.join('; ') : null;
      }),
    ],
  };
}

/** The answers in item order and the alerts in the order the TypeScript ingest raised them before. */
function buildOutcome(
  batch: PushBatch,
  push: {
    items: unknown[];
    rejected: Array<{ item: RejectedItem; index: number }>;
    valid: Array<{ booking: Booking; index: number }>;
    findings: string[][];
  },
  facts: PushFacts,
  newEvidence: Set<string>,
): { outcome: IngestOutcome; alerts: AlertInput[] } {
  const results: PushResult[] = new Array<PushResult>(push.items.length);
  const alerts: AlertInput[] = [];
  const newRejected = new Set(facts.rejectedNew);
  for (const { item, index } of push.rejected) {
    // The first copy of a raw item raises its alert; a resend of the same raw text does not.
    if (item.alert && newRejected.delete(item.rawHash)) alerts.push(item.alert);
    results[index] = rejectedResult(item);
  }
  const conflicts = new Map(facts.conflicts.map((conflict) => [conflict.index, conflict]));
  const accepted: Booking[] = [];
  const quarantineAlerts: AlertInput[] = [];
  push.valid.forEach(({ booking, index }, position) => {
    const conflict = conflicts.get(position);
    if (conflict === undefined) {
      accepted.push(booking);
      results[index] = acceptedResult(booking, push.findings[position] ?? []);
    } else if (conflict.kind === 'duplicate') {
      results[index] = { id: booking.id, status: 'duplicate' };
    } else {
      const { result, alert } = quarantineOutcome(booking, slotOf(conflict), conflict.kind);
      results[index] = result;
      const evidenceKey = `${booking.id}\u0000${sha256Hex(stringifyForStorage(booking))}`;
      if (newEvidence.delete(evidenceKey)) quarantineAlerts.push(alert);
    }
  });
  alerts.push(...quarantineAlerts);
  const { terminalId, epoch } = batch;
  const previous = facts.previousEpochs;
  if (previous !== null && previous.length > 0) alerts.push(newEpochAlert(terminalId, epoch, previous));
  if (facts.gap !== null) alerts.push(seqGapAlert(terminalId, epoch, facts.gap));
  return { outcome: { results, ackedUpTo: facts.ackedUpTo, accepted }, alerts };
}

function contentHash(booking: Booking): string {
  return sha256Hex(canonicalJson(booking));
}

/** Stores each distinct piece of evidence once; returns the `id\0hash` of those stored now. */
async function insertQuarantined(
  db: Query,
  plantId: string,
  entries: Quarantined[],
  receivedAt: number,
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const texts = entries.map(({ booking }) => stringifyForStorage(booking));
  const result = await db.query<{ id: string; booking_hash: string }>(
    `INSERT INTO quarantined_bookings (plant_id, id, terminal_id, epoch, seq, conflicts_with_id, kind, booking,
       booking_hash, received_at)
     SELECT $1, u.id, u.terminal_id, u.epoch, u.seq, u.conflicts_with_id, u.kind, u.booking, u.booking_hash, $2
       FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::text[])
         WITH ORDINALITY AS u(id, terminal_id, epoch, seq, conflicts_with_id, kind, booking, booking_hash, ord)
      ORDER BY u.ord
     ON CONFLICT (plant_id, id, booking_hash) DO NOTHING
     RETURNING id, booking_hash`,
    [
      plantId,
      receivedAt,
      entries.map(({ booking }) => booking.id),
      entries.map(({ booking }) => booking.terminalId),
      entries.map(({ booking }) => booking.epoch),
      entries.map(({ booking }) => booking.seq),
      entries.map(({ existing }) => existing.id),
      entries.map(({ kind }) => kind),
      texts,
      texts.map((text) => sha256Hex(text)),
    ],
  );
  return new Set(result.rows.map((row) => `${row.id}\u0000${row.booking_hash}`));
}

async function insertAlerts(db: Query, plantId: string, alerts: AlertInput[], now: number): Promise<void> {
  if (alerts.length === 0) return;
  await db.query(
    `INSERT INTO alerts (plant_id, created_at, kind, severity, terminal_id, message, details)
     SELECT $1, $2, u.kind, u.severity, u.terminal_id, u.message, u.details
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS u(kind, severity, terminal_id, message, details, ord)
      ORDER BY u.ord`,
    [
      plantId,
      now,
      alerts.map((alert) => alert.kind),
      alerts.map((alert) => alert.severity),
      alerts.map((alert) => alert.terminalId ?? null),
      alerts.map((alert) => alert.message),
      alerts.map((alert) => (alert.details ? JSON.stringify(alert.details) : null)),
    ],
  );
}
