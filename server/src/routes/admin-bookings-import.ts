import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { validateBooking, type Booking } from '@shared/booking';
import { MAX_PUSH_BATCH, PendingExportFileSchema, type PendingImportSummary } from '@shared/protocol';
import { createAuditLog, type AuditEntry } from '../audit/audit-log';
import type { IngestOutcome, PushBatch } from '../bookings/ingest';
import type { Db } from '../db/database';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { IMPORT_CHUNK_ROWS, yieldToEventLoop } from '../master-data/import';
import type { RouteContext } from './route-context';

// Pending bookings a terminal exported to a file (its network gone for good) come in here. The whole file
// is checked before anything is stored, so a damaged file changes nothing; then its bookings go through
// the same ingest as a push, one push-sized batch of one terminal and epoch at a time, so a booking the
// server already has is answered `duplicate` and importing the same file twice adds nothing.

/** A full export (100,000 bookings of about 500 bytes) fits. */
export const BOOKINGS_IMPORT_BODY_LIMIT = 64 * 1024 * 1024;
const MAX_LISTED_PROBLEMS = 20;

/** What the import reads and writes: the enrolled station of a terminal, the push ingest, the audit trail. */
export interface BookingsImportStore {
  stationOf(terminalId: string): Promise<string | undefined>;
  ingest(batch: PushBatch): Promise<IngestOutcome>;
  appendAudit(entry: AuditEntry): Promise<void>;
}

export function createSqliteBookingsImportStore(
  ctx: Pick<RouteContext, 'db' | 'bookings' | 'now'>,
): BookingsImportStore {
  const db: Db = ctx.db;
  const audit = createAuditLog(db, ctx.now);
  const stationOf = db.prepare('SELECT station_id FROM terminals WHERE id = ?').pluck();
  return {
    stationOf: async (terminalId) => stationOf.get(terminalId) as string | undefined,
    ingest: (batch) => ctx.bookings.ingest(batch),
    appendAudit: async (entry) => audit(entry),
  };
}

export function registerBookingsImportRoute(admin: FastifyInstance, store: BookingsImportStore): void {
  admin.post('/api/v1/admin/bookings/import', { bodyLimit: BOOKINGS_IMPORT_BODY_LIMIT }, async (request) => {
    const file = parseOrFail(PendingExportFileSchema, request.body, 'pending-bookings file');
    if (file.bookingCount !== file.bookings.length || (await checksumOf(file.bookings)) !== file.sha256) {
      throw new ApiFailure(
        422,
        'export-file-damaged',
        'the file does not match its checksum (damaged or edited); nothing was imported. Export it again from the terminal.',
      );
    }
    const bookings = await validateAll(file.bookings);
    const stations = await enrolledStations(bookings, (terminalId) => store.stationOf(terminalId));

    const summary: PendingImportSummary = {
      bookings: bookings.length,
      accepted: 0,
      duplicate: 0,
      quarantined: 0,
      rejected: 0,
    };
    for (const batch of pushSizedBatches(bookings)) {
      // The push ingest may commit without giving the loop a turn (a store without group commit): yield here.
      await yieldToEventLoop();
      const first = batch[0]!;
      const outcome = await store.ingest({
        terminalId: first.terminalId,
        enrolledStationId: stations.get(first.terminalId)!,
        epoch: first.epoch,
        bookings: batch,
      });
      for (const result of outcome.results) summary[result.status] += 1;
    }
    await store.appendAudit({
      action: 'bookings.import',
      target: [...stations.keys()].join(','),
      clientIp: request.ip,
      details: { ...summary, exportedAt: file.exportedAt, sha256: file.sha256 },
    });
    request.log.info({ import: summary }, 'pending bookings imported from a file');
    return summary;
  });
}

/**
 * SHA-256 of `exportedBookingsText(items)`, hashed a slice at a time: JSON.stringify of an array is its
 * items' texts joined by commas in brackets (parsed JSON holds no `undefined`), so the hash is the same.
 */
async function checksumOf(items: readonly unknown[]): Promise<string> {
  const hash = createHash('sha256').update('[');
  for (let start = 0; start < items.length; start += IMPORT_CHUNK_ROWS) {
    if (start > 0) await yieldToEventLoop();
    const slice = items.slice(start, start + IMPORT_CHUNK_ROWS).map((item) => JSON.stringify(item));
    hash.update(`${start > 0 ? ',' : ''}${slice.join(',')}`, 'utf8');
  }
  return hash.update(']').digest('hex');
}

async function validateAll(items: readonly unknown[]): Promise<Booking[]> {
  const bookings: Booking[] = [];
  const problems: string[] = [];
  for (let index = 0; index < items.length; index++) {
    if (index > 0 && index % IMPORT_CHUNK_ROWS === 0) await yieldToEventLoop();
    const validation = validateBooking(items[index]);
    if (validation.ok) bookings.push(validation.booking);
    else if (problems.length < MAX_LISTED_PROBLEMS)
      problems.push(`booking ${index + 1}: ${validation.issues.join('; ')}`);
  }
  const ids = new Set(bookings.map((booking) => booking.id));
  if (problems.length === 0 && ids.size !== bookings.length) problems.push('the same booking id appears twice');
  if (problems.length > 0) {
    throw new ApiFailure(422, 'export-file-invalid', 'the file holds invalid bookings; nothing was imported', problems);
  }
  return bookings;
}

/** Every terminal named in the file must be one this server enrolled (its station binds the bookings). */
async function enrolledStations(
  bookings: readonly Booking[],
  stationOf: (terminalId: string) => Promise<string | undefined>,
): Promise<Map<string, string>> {
  const stations = new Map<string, string>();
  for (const booking of bookings) {
    if (stations.has(booking.terminalId)) continue;
    const stationId = await stationOf(booking.terminalId);
    if (stationId === undefined) {
      throw new ApiFailure(
        422,
        'unknown-terminal',
        `terminal ${booking.terminalId} was never enrolled at this server; nothing was imported`,
      );
    }
    stations.set(booking.terminalId, stationId);
  }
  return stations;
}

/** In the terminal's order: by terminal and epoch, then seq, at most one push's worth per batch. */
function pushSizedBatches(bookings: readonly Booking[]): Booking[][] {
  const streams = new Map<string, Booking[]>();
  for (const booking of bookings) {
    const key = JSON.stringify([booking.terminalId, booking.epoch]);
    const stream = streams.get(key) ?? [];
    stream.push(booking);
    streams.set(key, stream);
  }
  const batches: Booking[][] = [];
  for (const stream of streams.values()) {
    stream.sort((a, b) => a.seq - b.seq);
    for (let start = 0; start < stream.length; start += MAX_PUSH_BATCH) {
      batches.push(stream.slice(start, start + MAX_PUSH_BATCH));
    }
  }
  return batches;
}
