import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiFailure, parseOrFail } from '../http/api-error';
import type { EnrollmentCodeAdmin } from '../storage/enrollment-code-admin';

/** Thirty days: a code is for a planned roll-out, not a standing credential. */
export const MAX_CODE_LIFETIME_MINUTES = 30 * 24 * 60;
export const MAX_CODE_USES = 1_000;

const CreateCodeSchema = z.strictObject({
  stationId: z.string().trim().min(1).max(64).optional(),
  expiresInMinutes: z.number().int().min(1).max(MAX_CODE_LIFETIME_MINUTES),
  uses: z.number().int().min(1).max(MAX_CODE_USES),
});
const CodeParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });
const RevokeBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() }).optional();

/**
 * Enrollment codes: created by an admin, shown once, stored hashed, listed without the code, revocable.
 * Each create and revoke is written to the audit trail in the same transaction.
 */
export function registerEnrollmentCodeRoutes(admin: FastifyInstance, codes: EnrollmentCodeAdmin): void {
  admin.post('/api/v1/admin/enrollment-codes', async (request, reply) => {
    const body = parseOrFail(CreateCodeSchema, request.body, 'enrollment code request');
    const outcome = await codes.create(body, request.ip);
    if (outcome.status === 'unknown-station') {
      throw new ApiFailure(422, 'unknown-station', `station "${body.stationId ?? ''}" is not in the master data`);
    }
    const created = outcome.code;
    request.log.info({ codeId: created.id, stationId: created.stationId }, 'enrollment code created');
    reply.code(201);
    return created;
  });

  admin.get('/api/v1/admin/enrollment-codes', async () => ({ codes: await codes.list() }));

  admin.post('/api/v1/admin/enrollment-codes/:id/revoke', async (request) => {
    const { id } = parseOrFail(CodeParamsSchema, request.params, 'path');
    const body = parseOrFail(RevokeBodySchema, request.body ?? undefined, 'body');
    const outcome = await codes.revoke(id, request.ip, body?.reason);
    if (outcome.status === 'not-found') throw new ApiFailure(404, 'not-found', `no enrollment code ${id}`);
    request.log.warn({ codeId: id, outcome: outcome.status }, 'enrollment code revoked');
    return { id, revokedAt: outcome.revokedAt };
  });
}
