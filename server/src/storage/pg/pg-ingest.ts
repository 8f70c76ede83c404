import type pg from 'pg';
import type { Booking } from '../../../../shared/booking';
import type { DatasetName } from '../../../../shared/master-data';
import type { PushResult } from '../../../../shared/protocol';
import type { AlertInput } from '../../alerts/alerts';
import { GAP_ALERT_AFTER_MS } from '../../bookings/ack-tracker';
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

// The push on PostgreSQL. Pushes of one terminal take turns (a transaction-scoped advisory lock on plant and
// terminal), so the slot checks and ackedUpTo are exact with any number of server instances; different
// terminals run in parallel. A push's bookings go in with one INSERT ... SELECT FROM unnest(...).

type Query = Pick<pg.PoolClient, 'query'>;

interface StoredRow {
  id: string;
  terminal_id: string;
  epoch: string;
  seq: number;
  content_hash: string;
}

interface EpochRow {
  epoch: string;
  acked_up_to: number;
  max_seq: number;
  gap_since: number | null;
  is_gap_alerted: boolean;
}

interface Quarantined {
  booking: Booking;
  existing: StoredSlot;
  kind: QuarantineKind;
}

const REVIEW_DATASETS: readonly DatasetName[] = ['stations', 'operators', 'orders', 'operations', 'reasons'];

/** The master data the review rules of these bookings read, fetched in two queries (plans follow operations). */
export async function loadReviewData(
  db: Query,
  plantId: string,
  bookings: Array<Partial<Record<keyof Booking, unknown>>>,
): Promise<Pick<MasterDataStore, 'get'>> {
  const values = new Map<string, unknown>();
  const keyOf = (dataset: string, key: string) => `${dataset}\u0000${key}`;
  const fetch = async (wanted: Array<[string, string]>) => {
    if (wanted.length === 0) return;
    const result = await db.query<{ dataset: string; key: string; value: string }>(
      `SELECT r.dataset, r.key, r.value FROM master_records r
         JOIN unnest($2::text[], $3::text[]) AS w(dataset, key) ON r.dataset = w.dataset AND r.key = w.key
       WHERE r.plant_id = $1 AND r.value IS NOT NULL`,
      [plantId, wanted.map(([dataset]) => dataset), wanted.map(([, key]) => key)],
    );
    for (const row of result.rows) values.set(keyOf(row.dataset, row.key), JSON.parse(row.value) as unknown);
  };
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
  await fetch([...wanted.values()].filter(([dataset]) => REVIEW_DATASETS.includes(dataset as DatasetName)));
  const plans = new Map<string, [string, string]>();
  for (const [cacheKey, value] of values) {
    const planId = (value as { qualityPlanId?: unknown }).qualityPlanId;
    if (cacheKey.startsWith('operations\u0000') && typeof planId === 'string')
      plans.set(planId, ['qualityPlans', planId]);
  }
  await fetch([...plans.values()]);
  return { get: (dataset, key) => values.get(keyOf(dataset, key)) };
}

export interface PgIngestContext {
  plantId: string;
  receivedAt: number;
  review: Pick<MasterDataStore, 'get'>;
}

/** Runs inside the push's transaction; returns the outcome and the alerts it stored (for the log). */
export async function ingestInTransaction(
  db: Query,
  batch: PushBatch,
  context: PgIngestContext,
): Promise<{ outcome: IngestOutcome; alerts: AlertInput[] }> {
  const { plantId, receivedAt } = context;
  // PostgreSQL text holds no NUL; a space cannot occur in a plant or terminal id.
  await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${plantId} ${batch.terminalId}`]);
  const items = batch.bookings.map((item, index) => classifyPushItem(batch, item, index));
  const results: PushResult[] = new Array<PushResult>(items.length);
  const alerts: AlertInput[] = [];
  let maxSeq = 0;

  const rejected = items.flatMap((item, index) => (item.isValid ? [] : [{ item, index }]));
  if (rejected.length > 0) {
    const inserted = await insertRejected(
      db,
      plantId,
      batch,
      rejected.map(({ item }) => item),
      receivedAt,
    );
    for (const { item, index } of rejected) {
      if (item.slot !== null) maxSeq = Math.max(maxSeq, item.slot);
      // The first copy of a raw item raises its alert; a resend of the same raw text does not.
      if (item.alert && inserted.delete(item.rawHash)) alerts.push(item.alert);
      results[index] = rejectedResult(item);
    }
  }

  const findingsFor = createReviewRules(context.review)(receivedAt);
  const valid = items.flatMap((item, index) => (item.isValid ? [{ booking: item.booking, index }] : []));
  const findings = new Map(valid.map(({ booking, index }) => [index, findingsFor(booking)]));
  const accepted: Array<{ booking: Booking; index: number }> = [];
  const quarantined: Array<Quarantined & { index: number }> = [];
  let pending = valid;
  while (pending.length > 0) {
    // Within one INSERT each id and each slot appears once; later repeats are judged against what it stored.
    const ids = new Set<string>();
    const slots = new Set<number>();
    const candidates: typeof pending = [];
    const deferred: typeof pending = [];
    for (const entry of pending) {
      const isRepeat = ids.has(entry.booking.id) || slots.has(entry.booking.seq);
      (isRepeat ? deferred : candidates).push(entry);
      ids.add(entry.booking.id);
      slots.add(entry.booking.seq);
    }
    const stored = await insertBookings(db, plantId, batch, candidates, findings, receivedAt);
    const unresolved: typeof pending = [...deferred];
    for (const entry of candidates) {
      if (stored.has(entry.booking.id)) accepted.push(entry);
      else unresolved.push(entry);
    }
    if (unresolved.length === 0) break;
    const { byId, bySlot } = await findConflicts(db, plantId, batch, unresolved);
    const wasCandidate = new Set(candidates);
    pending = [];
    for (const entry of unresolved) {
      const { booking, index } = entry;
      const sameId = byId.get(booking.id);
      if (sameId) {
        const existing = { id: sameId.id, terminalId: sameId.terminal_id, epoch: sameId.epoch, seq: sameId.seq };
        const isSameSlot =
          sameId.terminal_id === booking.terminalId && sameId.epoch === booking.epoch && sameId.seq === booking.seq;
        if (!isSameSlot) quarantined.push({ booking, existing, kind: 'id-reused', index });
        else if (sameId.content_hash === contentHash(booking)) results[index] = { id: booking.id, status: 'duplicate' };
        else quarantined.push({ booking, existing, kind: 'duplicate-differs', index });
        continue;
      }
      const slotHolder = bySlot.get(booking.seq);
      if (slotHolder) {
        const existing = {
          id: slotHolder.id,
          terminalId: slotHolder.terminal_id,
          epoch: slotHolder.epoch,
          seq: slotHolder.seq,
        };
        quarantined.push({ booking, existing, kind: 'seq-reused', index });
        continue;
      }
      // A candidate that was not stored must have run into something; a deferred one gets its own turn.
      if (wasCandidate.has(entry))
        throw new Error(`booking ${booking.id} was neither stored nor in conflict with a stored booking`);
      pending.push(entry);
    }
  }

  accepted.sort((a, b) => a.index - b.index);
  for (const { booking, index } of accepted) {
    maxSeq = Math.max(maxSeq, booking.seq);
    results[index] = acceptedResult(booking, findings.get(index) ?? []);
  }
  const newEvidence = await insertQuarantined(db, plantId, quarantined, receivedAt);
  for (const entry of quarantined) {
    const { result, alert } = quarantineOutcome(entry.booking, entry.existing, entry.kind);
    results[entry.index] = result;
    const evidenceKey = `${entry.booking.id}\u0000${sha256Hex(stringifyForStorage(entry.booking))}`;
    if (newEvidence.delete(evidenceKey)) alerts.push(alert);
  }

  const ackedUpTo = await advanceAck(db, plantId, batch, maxSeq, receivedAt, alerts);
  await insertAlerts(db, plantId, alerts, receivedAt);
  await db.query('UPDATE terminals SET last_seen_at = $1 WHERE id = $2', [receivedAt, batch.terminalId]);
  return { outcome: { results, ackedUpTo, accepted: accepted.map(({ booking }) => booking) }, alerts };
}

function contentHash(booking: Booking): string {
  return sha256Hex(canonicalJson(booking));
}

/** Returns the raw hashes that were stored for the first time. */
async function insertRejected(
  db: Query,
  plantId: string,
  batch: PushBatch,
  items: RejectedItem[],
  receivedAt: number,
): Promise<Set<string>> {
  const result = await db.query<{ raw_hash: string }>(
    `INSERT INTO rejected_bookings (plant_id, terminal_id, epoch, seq, item_id, reason, raw, raw_hash, received_at)
     SELECT $1, $2, $3, u.seq, u.item_id, u.reason, u.raw, u.raw_hash, $4
       FROM unnest($5::bigint[], $6::text[], $7::text[], $8::text[], $9::text[])
         WITH ORDINALITY AS u(seq, item_id, reason, raw, raw_hash, ord)
      ORDER BY u.ord
     ON CONFLICT (plant_id, terminal_id, raw_hash) DO NOTHING
     RETURNING raw_hash`,
    [
      plantId,
      batch.terminalId,
      batch.epoch,
      receivedAt,
      items.map((item) => item.slot),
      items.map((item) => item.resultId),
      items.map((item) => item.reason),
      items.map((item) => item.raw),
      items.map((item) => item.rawHash),
    ],
  );
  return new Set(result.rows.map((row) => row.raw_hash));
}

/**
 * One statement for all candidates. The conflict target is the id only: a new id in a taken slot is left out
 * by the NOT EXISTS (exact, since this terminal's pushes take turns) and then quarantined, never hidden.
 */
async function insertBookings(
  db: Query,
  plantId: string,
  batch: PushBatch,
  candidates: Array<{ booking: Booking; index: number }>,
  findings: Map<number, string[]>,
  receivedAt: number,
): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const column = <T>(pick: (booking: Booking, index: number) => T) =>
    candidates.map(({ booking, index }) => pick(booking, index));
  const result = await db.query<{ id: string }>(
    `INSERT INTO bookings (plant_id, id, terminal_id, epoch, seq, type, occurred_at, clock_offset_ms, station_id,
       operator_id, order_id, operation_id, master_data_version, payload, content_hash, received_at, review)
     SELECT $1, u.id, $2, $3, u.seq, u.type, u.occurred_at, u.clock_offset_ms, u.station_id, u.operator_id,
            u.order_id, u.operation_id, u.master_data_version, u.payload, u.content_hash, $4, u.review
       FROM unnest($5::text[], $6::bigint[], $7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::text[],
                   $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[])
         WITH ORDINALITY AS u(id, seq, type, occurred_at, clock_offset_ms, station_id, operator_id, order_id,
                              operation_id, master_data_version, payload, content_hash, review, ord)
      WHERE NOT EXISTS (SELECT 1 FROM bookings b
                         WHERE b.plant_id = $1 AND b.terminal_id = $2 AND b.epoch = $3 AND b.seq = u.seq)
      ORDER BY u.ord
     ON CONFLICT (id) DO NOTHING
     RETURNING id`,
    [
      plantId,
      batch.terminalId,
      batch.epoch,
      receivedAt,
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
        const found = findings.get(index) ?? [];
        return found.length > 0 ? found.join('; ') : null;
      }),
    ],
  );
  return new Set(result.rows.map((row) => row.id));
}

async function findConflicts(
  db: Query,
  plantId: string,
  batch: PushBatch,
  entries: Array<{ booking: Booking }>,
): Promise<{ byId: Map<string, StoredRow>; bySlot: Map<number, StoredRow> }> {
  const result = await db.query<StoredRow & { match: 'id' | 'slot' }>(
    `SELECT 'id' AS match, id, terminal_id, epoch, seq, content_hash FROM bookings WHERE id = ANY($4::text[])
     UNION ALL
     SELECT 'slot', id, terminal_id, epoch, seq, content_hash FROM bookings
      WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3 AND seq = ANY($5::bigint[])`,
    [
      plantId,
      batch.terminalId,
      batch.epoch,
      entries.map(({ booking }) => booking.id),
      entries.map(({ booking }) => booking.seq),
    ],
  );
  const byId = new Map<string, StoredRow>();
  const bySlot = new Map<number, StoredRow>();
  for (const row of result.rows) {
    if (row.match === 'id') byId.set(row.id, row);
    else bySlot.set(row.seq, row);
  }
  return { byId, bySlot };
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

/** The same rules as the SQLite ack tracker (bookings/ack-tracker.ts), with the contiguous run found in SQL. */
async function advanceAck(
  db: Query,
  plantId: string,
  batch: PushBatch,
  batchMaxSeq: number,
  now: number,
  alerts: AlertInput[],
): Promise<number> {
  const { terminalId, epoch } = batch;
  const epochs = await db.query<EpochRow>(
    `SELECT epoch, acked_up_to, max_seq, gap_since, is_gap_alerted FROM terminal_epochs
      WHERE plant_id = $1 AND terminal_id = $2`,
    [plantId, terminalId],
  );
  const row = epochs.rows.find((candidate) => candidate.epoch === epoch);
  if (!row) {
    const previous = epochs.rows;
    if (previous.length > 0) {
      const withGaps = previous.filter((other) => other.acked_up_to < other.max_seq);
      alerts.push({
        kind: 'terminal-new-epoch',
        severity: withGaps.length > 0 ? 'critical' : 'warning',
        terminalId,
        message:
          `terminal ${terminalId} started epoch ${epoch}: its local database was recreated` +
          (withGaps.length > 0
            ? `, and earlier epochs still miss bookings (${withGaps.map((r) => `${r.epoch} after seq ${r.acked_up_to}`).join(', ')})`
            : ''),
        details: {
          epoch,
          previousEpochs: previous.map((other) => ({
            epoch: other.epoch,
            ackedUpTo: other.acked_up_to,
            maxSeq: other.max_seq,
          })),
        },
      });
    }
  }
  const acked = row?.acked_up_to ?? 0;
  // Stored and rejected slots after the last ack: seq minus its rank is constant along a run without holes.
  const run = await db.query<{ acked: number }>(
    `WITH slots AS (
       SELECT seq FROM bookings WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3 AND seq > $4
       UNION
       SELECT seq FROM rejected_bookings WHERE plant_id = $1 AND terminal_id = $2 AND epoch = $3 AND seq > $4
     ), ranked AS (SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS start FROM slots)
     SELECT COALESCE(MAX(seq), $4)::bigint AS acked FROM ranked WHERE start = $4`,
    [plantId, terminalId, epoch, acked],
  );
  const ackedUpTo = run.rows[0]?.acked ?? acked;
  const maxSeq = Math.max(row?.max_seq ?? 0, batchMaxSeq, ackedUpTo);
  const hasGap = ackedUpTo < maxSeq;
  const isSameGap = hasGap && row !== undefined && row.acked_up_to === ackedUpTo && row.gap_since !== null;
  const gapSince = hasGap ? (isSameGap ? (row.gap_since ?? now) : now) : null;
  let isGapAlerted = isSameGap && row.is_gap_alerted;
  if (hasGap && !isGapAlerted && gapSince !== null && now - gapSince >= GAP_ALERT_AFTER_MS) {
    isGapAlerted = true;
    alerts.push({
      kind: 'seq-gap',
      severity: 'critical',
      terminalId,
      message: `terminal ${terminalId} epoch ${epoch}: seq ${ackedUpTo + 1} still missing while seqs up to ${maxSeq} arrived`,
      details: { epoch, ackedUpTo, maxSeq, gapSince },
    });
  }
  await db.query(
    `INSERT INTO terminal_epochs (plant_id, terminal_id, epoch, acked_up_to, max_seq, first_seen_at, last_push_at,
       gap_since, is_gap_alerted)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8)
     ON CONFLICT (plant_id, terminal_id, epoch) DO UPDATE SET acked_up_to = $4, max_seq = $5, last_push_at = $6,
       gap_since = $7, is_gap_alerted = $8`,
    [plantId, terminalId, epoch, ackedUpTo, maxSeq, now, gapSince, isGapAlerted],
  );
  return ackedUpTo;
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
