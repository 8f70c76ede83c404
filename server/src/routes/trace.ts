import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiFailure, parseOrFail } from '../http/api-error';
import type { MasterDataSource } from '../master-data/master-data-source';
import { createMaterialTrace } from '../trace/material-trace';
import type { TraceRows } from '../trace/trace-rows';

const OrderParamsSchema = z.strictObject({ orderNumber: z.string().trim().min(1).max(200) });
const LotParamsSchema = z.strictObject({ lot: z.string().min(1).max(20) });
const LotQuerySchema = z.strictObject({
  gtin: z
    .string()
    .regex(/^\d{14}$/)
    .optional(),
});

/** Traceability answers for the admin API (registered inside its authenticated scope). */
export function registerTraceRoutes(
  admin: FastifyInstance,
  deps: { rows: TraceRows; masterData: MasterDataSource },
): void {
  const trace = createMaterialTrace(deps.rows, deps.masterData);

  admin.get('/api/v1/trace/order/:orderNumber', async (request) => {
    const { orderNumber } = parseOrFail(OrderParamsSchema, request.params, 'path');
    const answer = await trace.order(orderNumber);
    if (answer === undefined) throw new ApiFailure(404, 'not-found', `no order "${orderNumber}"`);
    return answer;
  });

  admin.get('/api/v1/trace/lot/:lot', async (request) => {
    const { lot } = parseOrFail(LotParamsSchema, request.params, 'path');
    const { gtin } = parseOrFail(LotQuerySchema, request.query, 'query');
    return await trace.lot(lot, gtin);
  });
}
