import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ResolveRequestSchema, type ReviewQueue, type ReviewResolution } from '../../../shared/review';
import type { createAuditLog } from '../audit/audit-log';
import { parseOrFail } from '../http/api-error';
import { requireViewer } from '../leads/board-viewer';
import type { LeadAccess } from '../leads/lead-access';
import { createReviewQueue } from '../review/review-queue';
import { createReviewResolver } from '../review/review-resolver';
import { createServerBookingWriter } from '../review/server-terminal';
import type { RouteContext } from './route-context';

const ItemParamsSchema = z.strictObject({ id: z.string().min(1).max(300) });

/** The shift lead's review queue: the admin token or a lead's session; a display link may not see it. */
export function registerReviewRoutes(
  app: FastifyInstance,
  ctx: RouteContext,
  access: LeadAccess,
  audit: ReturnType<typeof createAuditLog>,
): void {
  const queue = createReviewQueue(ctx.db, ctx.store);
  const resolver = createReviewResolver({
    db: ctx.db,
    queue,
    writer: createServerBookingWriter(ctx.db, ctx.bookings.ingest, ctx.now),
    audit,
    now: ctx.now,
  });

  // Checked before the body is read (an unauthenticated client gets 401 without us parsing anything).
  const onRequest = async (request: FastifyRequest) => {
    requireViewer(access.viewerOf, request, ['admin', 'lead']);
  };

  app.get('/api/v1/review', { onRequest }, async (): Promise<ReviewQueue> => queue.list());

  app.post('/api/v1/review/:id/resolve', { onRequest }, async (request): Promise<ReviewResolution> => {
    const viewer = requireViewer(access.viewerOf, request, ['admin', 'lead']);
    const { id } = parseOrFail(ItemParamsSchema, request.params, 'path');
    const body = parseOrFail(ResolveRequestSchema, request.body, 'decision');
    return resolver.resolve(id, body, viewer, request.ip);
  });
}
