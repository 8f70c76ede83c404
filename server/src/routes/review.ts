import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ResolveRequestSchema, type ReviewQueue, type ReviewResolution } from '@shared/review';
import { parseOrFail } from '../http/api-error';
import { requireViewer, viewerOf } from '../leads/board-viewer';
import type { MasterDataView } from '../leads/lead-credentials';
import { createReviewQueueReader } from '../review/review-queue';
import { createReviewResolver } from '../review/review-resolver';
import type { ReviewStore } from '../review/review-store';
import { createServerBookingWriter } from '../review/server-terminal';

const ItemParamsSchema = z.strictObject({ id: z.string().min(1).max(300) });

/** The shift lead's review queue: the admin token or a lead's session; a display link may not see it. */
export function registerReviewRoutes(
  app: FastifyInstance,
  deps: { store: ReviewStore; masterData: () => Promise<MasterDataView>; now: () => number },
): void {
  const queue = createReviewQueueReader(deps.store, deps.masterData);
  const resolver = createReviewResolver({
    store: deps.store,
    writer: createServerBookingWriter(deps.store, deps.now),
    now: deps.now,
  });

  // Checked before the body is read (an unauthenticated client gets 401 without us parsing anything).
  const onRequest = async (request: FastifyRequest) => {
    requireViewer(viewerOf, request, ['admin', 'lead']);
  };

  app.get('/api/v1/review', { onRequest }, async (): Promise<ReviewQueue> => queue.list());

  app.post('/api/v1/review/:id/resolve', { onRequest }, async (request): Promise<ReviewResolution> => {
    const viewer = requireViewer(viewerOf, request, ['admin', 'lead']);
    const { id } = parseOrFail(ItemParamsSchema, request.params, 'path');
    const body = parseOrFail(ResolveRequestSchema, request.body, 'decision');
    return resolver.resolve(id, body, viewer, request.ip);
  });
}
