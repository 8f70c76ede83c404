import type { BoardViewer } from '../../../shared/lead';
import type { ResolveRequest, ReviewResolution } from '../../../shared/review';
import type { createAuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import type { BookingRow } from '../bookings/booking-row';
import { ApiFailure } from '../http/api-error';
import { resolutionFromRow, type ResolutionRow, type ReviewQueueReader } from './review-queue';
import { SERVER_TERMINAL_ID, type createServerBookingWriter } from './server-terminal';

type OpenItem =
  { kind: 'flagged'; booking: BookingRow } | { kind: 'quarantined' } | { kind: 'gap' } | { kind: 'rejected' };

/**
 * Records a shift lead's decision on a review item. `reverse` (flagged bookings only) stores a real
 * booking.reverse as the server terminal first, then the decision and the audit entry in one transaction.
 * If the server stops between the two, the item stays open and deciding again finds the reversal already
 * stored (the reversal index) instead of writing a second one. Decisions run one at a time.
 */
export function createReviewResolver(deps: {
  db: Db;
  queue: ReviewQueueReader;
  writer: ReturnType<typeof createServerBookingWriter>;
  audit: ReturnType<typeof createAuditLog>;
  now: () => number;
}) {
  const { db } = deps;
  const flaggedBooking = db.prepare(
    `SELECT * FROM bookings WHERE id = ? AND review IS NOT NULL AND terminal_id <> '${SERVER_TERMINAL_ID}'`,
  );
  const quarantinedRow = db.prepare('SELECT 1 FROM quarantined_bookings WHERE rowid = ?').pluck();
  const rejectedRow = db.prepare('SELECT 1 FROM rejected_bookings WHERE rowid = ?').pluck();
  const gapRow = db
    .prepare(
      'SELECT 1 FROM terminal_epochs WHERE terminal_id = ? AND epoch = ? AND acked_up_to = ? AND acked_up_to < max_seq',
    )
    .pluck();
  const resolutionOf = db.prepare('SELECT * FROM review_resolutions WHERE item_id = ?');
  const insertResolution = db.prepare(
    `INSERT INTO review_resolutions (item_id, decision, reason, resolved_by, resolved_by_name, resolved_at, reversal_booking_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  const findOpenItem = (itemId: string): OpenItem | undefined => {
    const [prefix, ...rest] = itemId.split(':');
    const tail = rest.join(':');
    if (prefix === 'booking') {
      const booking = flaggedBooking.get(tail) as BookingRow | undefined;
      return booking ? { kind: 'flagged', booking } : undefined;
    }
    if (prefix === 'quarantine' && /^\d{1,15}$/.test(tail))
      return quarantinedRow.get(Number(tail)) ? { kind: 'quarantined' } : undefined;
    if (prefix === 'rejected' && /^\d{1,15}$/.test(tail))
      return rejectedRow.get(Number(tail)) ? { kind: 'rejected' } : undefined;
    if (prefix === 'gap') {
      // gap:<terminal id>:<epoch>:<acked up to>; terminal ids are UUIDs, an epoch may hold colons.
      const match = /^([^:]+):(.+):(\d{1,15})$/.exec(tail);
      if (match && gapRow.get(match[1], match[2], Number(match[3]))) return { kind: 'gap' };
    }
    return undefined;
  };

  const resolve = async (
    itemId: string,
    request: ResolveRequest,
    viewer: BoardViewer,
    clientIp: string,
  ): Promise<ReviewResolution> => {
    const earlier = resolutionOf.get(itemId) as ResolutionRow | undefined;
    if (earlier) throw new ApiFailure(409, 'already-resolved', `${itemId} was already decided`);
    const item = findOpenItem(itemId);
    if (!item) throw new ApiFailure(404, 'not-found', `no open review item ${itemId}`);
    const who = viewer.kind === 'lead' ? { id: viewer.operatorId, name: viewer.name } : { id: 'admin', name: 'admin' };

    let reversalBookingId: string | null = null;
    if (request.decision === 'reverse') {
      // Accepting it only acknowledges it: the refused item stays in rejected_bookings and is never ingested.
      if (item.kind === 'rejected')
        throw new ApiFailure(
          422,
          'cannot-reverse',
          'a rejected booking was never stored, so there is nothing to reverse; accept it to acknowledge it',
        );
      if (item.kind !== 'flagged')
        throw new ApiFailure(422, 'cannot-reverse', 'only a stored booking can be reversed; accept this item');
      if (item.booking.type === 'booking.reverse')
        throw new ApiFailure(422, 'cannot-reverse', 'a reversal is not reversed again; accept it or book anew');
      reversalBookingId =
        deps.queue.reversalOf(item.booking.id) ??
        (await deps.writer.writeReversal(
          {
            id: item.booking.id,
            stationId: item.booking.station_id,
            orderId: item.booking.order_id,
            operationId: item.booking.operation_id,
          },
          { reversedBookingId: item.booking.id, reason: request.reason },
          viewer.kind === 'lead' ? viewer.operatorId : undefined,
        ));
    }

    const resolvedAt = deps.now();
    db.transaction(() => {
      insertResolution.run(itemId, request.decision, request.reason, who.id, who.name, resolvedAt, reversalBookingId);
      deps.audit({
        action: 'review.resolve',
        target: itemId,
        clientIp,
        details: {
          decision: request.decision,
          reason: request.reason,
          by: who.id,
          ...(reversalBookingId === null ? {} : { reversalBookingId }),
        },
      });
    })();
    return resolutionFromRow(resolutionOf.get(itemId) as ResolutionRow);
  };

  let queue: Promise<unknown> = Promise.resolve();
  return {
    resolve(...args: Parameters<typeof resolve>): Promise<ReviewResolution> {
      const next = queue.then(() => resolve(...args));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
