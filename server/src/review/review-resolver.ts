import type { BoardViewer } from '@shared/lead';
import type { ResolveRequest, ReviewResolution } from '@shared/review';
import { ApiFailure } from '../http/api-error';
import { resolutionFromRow } from './review-queue';
import { createLocalTurns, parseReviewItemId, type ResolutionRow, type ReviewStore } from './review-store';
import type { createServerBookingWriter } from './server-terminal';

/**
 * Records a shift lead's decision on a review item. `reverse` (flagged bookings only) stores a real
 * booking.reverse as the server terminal first, then the decision and the audit entry in one transaction.
 * If the server stops between the two, the item stays open and deciding again finds the reversal already
 * stored instead of writing a second one. Decisions run one at a time: in this process, and through the
 * store across every instance on the same database, so an item is decided once.
 */
export function createReviewResolver(deps: {
  store: ReviewStore;
  writer: ReturnType<typeof createServerBookingWriter>;
  now: () => number;
}) {
  const { store } = deps;

  const resolve = async (
    itemId: string,
    request: ResolveRequest,
    viewer: BoardViewer,
    clientIp: string,
  ): Promise<ReviewResolution> => {
    if (await store.resolutionOf(itemId))
      throw new ApiFailure(409, 'already-resolved', `${itemId} was already decided`);
    const ref = parseReviewItemId(itemId);
    const item = ref === undefined ? undefined : await store.findOpenItem(ref);
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
        (await store.reversalOf(item.booking.id)) ??
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

    const row: ResolutionRow = {
      item_id: itemId,
      decision: request.decision,
      reason: request.reason,
      resolved_by: who.id,
      resolved_by_name: who.name,
      resolved_at: deps.now(),
      reversal_booking_id: reversalBookingId,
    };
    const isRecorded = await store.recordResolution(row, {
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
    if (!isRecorded) throw new ApiFailure(409, 'already-resolved', `${itemId} was already decided`);
    return resolutionFromRow(row);
  };

  // In-process turns first: at most one request per instance waits for the store's turn (a pool connection).
  const inTurn = createLocalTurns();
  return {
    resolve: (...args: Parameters<typeof resolve>): Promise<ReviewResolution> =>
      inTurn(() => store.oneAtATime(() => resolve(...args))),
  };
}
