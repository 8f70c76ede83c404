import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiFailure, parseOrFail } from '../http/api-error';
import type { KpiRows } from '../kpi/kpi-rows';
import { createStationKpis } from '../kpi/station-kpis';
import { requireViewer } from '../leads/board-viewer';
import type { MasterDataSource } from '../master-data/master-data-source';

// GET /api/v1/kpi: ISO 22400-2 KPIs of a station or an area for a window (docs/kpi.md), for the admin token
// and shift leads' sessions (a display link shows the board only).

const MAX_WINDOW_MS = 400 * 86_400_000;

/** Epoch milliseconds, or an ISO 8601 date-time with a zone (`2026-12-02T06:00:00+01:00`). */
const instant = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((text, context) => {
    const value = /^\d+$/.test(text)
      ? Number(text)
      : /^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/i.test(text)
        ? Date.parse(text)
        : Number.NaN;
    if (!Number.isSafeInteger(value)) {
      context.addIssue({ code: 'custom', message: 'epoch milliseconds or an ISO 8601 date-time with a time zone' });
      return z.NEVER;
    }
    return value;
  });

const KpiQuerySchema = z
  .strictObject({
    stationId: z.string().trim().min(1).max(64).optional(),
    area: z.string().trim().min(1).max(200).optional(),
    from: instant,
    to: instant,
    lang: z.enum(['de', 'en', 'pl', 'tr']).optional(),
  })
  .refine((q) => (q.stationId === undefined) !== (q.area === undefined), {
    message: 'name either a stationId or an area',
  })
  .refine((q) => q.from < q.to, { message: '"from" must be before "to"', path: ['to'] })
  .refine((q) => q.to - q.from <= MAX_WINDOW_MS, { message: 'the window is at most 400 days', path: ['to'] });

/** The same on both stores: only the rows come from the store's KpiRows. */
export async function registerKpiRoutes(
  app: FastifyInstance,
  deps: { rows: KpiRows; masterData: MasterDataSource; now: () => number },
): Promise<void> {
  const kpis = createStationKpis(deps.rows, Intl.DateTimeFormat().resolvedOptions().timeZone);
  await app.register(async (scope) => {
    scope.addHook('onRequest', async (request) => {
      requireViewer(request.server.boardReaders.viewerOf, request, ['admin', 'lead']);
    });

    scope.get('/api/v1/kpi', async (request) => {
      const query = parseOrFail(KpiQuerySchema, request.query, 'query');
      const store = await deps.masterData.current();
      const stationIds =
        query.stationId !== undefined ? [query.stationId] : kpis.stationsOfArea(query.area ?? '', store);
      if (stationIds.length === 0) throw new ApiFailure(404, 'not-found', `no station in area "${query.area}"`);
      const window = { stationIds, from: query.from, to: query.to, language: query.lang ?? 'de' } as const;
      return kpis.compute(window, deps.now(), store);
    });
  });
}
