import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  SignHandoverRequestSchema,
  type BoardShifts,
  type HandoverDraft,
  type HandoverList,
} from '@shared/board/handover';
import { ApiFailure, parseOrFail } from '../http/api-error';
import type { KpiRows } from '../kpi/kpi-rows';
import { createStationKpis } from '../kpi/station-kpis';
import { requireViewer } from '../leads/board-viewer';
import { requireBoardReader } from './board-auth';
import { createHandovers } from './handover';
import type { HandoverRows } from './handover-rows';
import { createShiftCalendar } from './handover-shifts';
import type { BoardViewDeps } from './station-detail';

// The shift handover for leads (docs/board-api.md): the draft's facts, signing, and the signed handovers the
// next shift reads. A display link sees the shifts only: handovers are for the leads.

const DraftQuerySchema = z.strictObject({ shift: z.enum(['current', 'previous']).default('current') });
const ListQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,2}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(50))
    .default(10),
});

export function registerHandoverRoutes(
  app: FastifyInstance,
  deps: BoardViewDeps & { rows: HandoverRows; kpiRows: KpiRows },
): void {
  const handovers = createHandovers({
    rows: deps.rows,
    kpis: createStationKpis(deps.kpiRows, deps.defaultTimeZone),
    now: deps.now,
  });
  const calendar = async () => {
    const store = await deps.masterData.current();
    return { store, shifts: createShiftCalendar(store, deps.defaultTimeZone) };
  };
  const requireLead = (request: Parameters<typeof requireBoardReader>[0]) =>
    requireViewer(request.server.boardReaders.viewerOf, request, ['admin', 'lead']);

  app.get('/api/v1/board/shifts', async (request): Promise<BoardShifts> => {
    await requireBoardReader(request);
    const { shifts } = await calendar();
    const now = deps.now();
    return { serverTime: now, current: shifts.at(now), previous: shifts.before(now) };
  });

  app.get('/api/v1/board/handover/draft', async (request): Promise<HandoverDraft> => {
    requireLead(request);
    const query = parseOrFail(DraftQuerySchema, request.query, 'query');
    const { store, shifts } = await calendar();
    const now = deps.now();
    const shift = query.shift === 'current' ? shifts.at(now) : shifts.before(now);
    if (!shift) throw new ApiFailure(404, 'not-found', `no ${query.shift} shift in the shift calendar`);
    return { shift, facts: await handovers.facts(shift, store), signed: await handovers.signedFor(shift.start) };
  });

  app.post('/api/v1/board/handovers', async (request, reply) => {
    const viewer = requireLead(request);
    const body = parseOrFail(SignHandoverRequestSchema, request.body, 'handover');
    const { store, shifts } = await calendar();
    const shift = shifts.startingAt(body.shiftStart);
    if (!shift) throw new ApiFailure(404, 'not-found', 'no shift of the calendar starts at shiftStart');
    if (shift.start > deps.now()) throw new ApiFailure(422, 'invalid-request', 'this shift has not begun');
    const author =
      viewer.kind === 'lead' ? { id: viewer.operatorId, name: viewer.name } : { id: 'admin', name: 'admin' };
    const result = await handovers.sign(shift, body.text, author, store);
    if (!result.ok)
      throw new ApiFailure(409, 'already-signed', `${result.existing.authorName} signed this shift's handover`);
    return reply.code(201).send(result.handover);
  });

  app.get('/api/v1/board/handovers', async (request): Promise<HandoverList> => {
    requireLead(request);
    const query = parseOrFail(ListQuerySchema, request.query, 'query');
    return { handovers: await handovers.list(query.limit) };
  });
}
