import type { FastifyInstance } from 'fastify';
import {
  MAX_PUSH_BATCH,
  PullQuerySchema,
  PushRequestSchema,
  SYNC_ROUTES,
  type PullResponse,
  type PushResponse,
} from '@shared/protocol';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { authenticatedTerminal, requireTerminal } from '../http/auth';
import { checkProtocolVersion } from '../http/protocol-version';
import { DEFAULT_PULL_LIMIT } from '../master-data/store';
import type { RouteContext } from './route-context';

function bookingCount(body: unknown): number {
  return typeof body === 'object' && body !== null && 'bookings' in body && Array.isArray(body.bookings)
    ? body.bookings.length
    : 0;
}

export function registerSyncRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'sync' | 'now'>): void {
  const onRequest = requireTerminal(ctx.sync);

  app.post(SYNC_ROUTES.push, { onRequest }, async (request) => {
    checkProtocolVersion(request);
    const terminal = authenticatedTerminal(request);
    const count = bookingCount(request.body);
    if (count > MAX_PUSH_BATCH) {
      throw new ApiFailure(
        400,
        'batch-too-large',
        `at most ${MAX_PUSH_BATCH} bookings per push (got ${count}); send the rest in the next push`,
      );
    }
    const envelope = parseOrFail(PushRequestSchema, request.body, 'push envelope');
    if (envelope.terminalId !== terminal.id) {
      throw new ApiFailure(403, 'terminal-mismatch', 'the token belongs to another terminal than the envelope names');
    }
    const outcome = await ctx.sync.ingest({ ...envelope, enrolledStationId: terminal.stationId });
    const counts: Record<string, number> = {};
    for (const result of outcome.results) counts[result.status] = (counts[result.status] ?? 0) + 1;
    request.log.info(
      { terminalId: terminal.id, epoch: envelope.epoch, ackedUpTo: outcome.ackedUpTo, ...counts },
      'push stored',
    );
    return { results: outcome.results, ackedUpTo: outcome.ackedUpTo, serverTime: ctx.now() } satisfies PushResponse;
  });

  app.get(SYNC_ROUTES.pull, { onRequest }, async (request) => {
    checkProtocolVersion(request);
    const query = parseOrFail(PullQuerySchema, request.query, 'pull query');
    const page = await ctx.sync.pull(query.dataset, query.cursor, query.limit ?? DEFAULT_PULL_LIMIT);
    if (!page)
      throw new ApiFailure(
        400,
        'invalid-cursor',
        'the cursor was not issued by this server; pull again without a cursor',
      );
    return { ...page, serverTime: ctx.now() } satisfies PullResponse;
  });
}
