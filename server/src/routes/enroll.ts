import type { FastifyInstance } from 'fastify';
import { EnrollRequestSchema, SYNC_ROUTES, type EnrollResponse } from '@shared/protocol';
import { normalizeEnrollmentCode } from '../enrollment/enrollment-codes';
import { DEFAULT_LOCKOUT_LIMITS } from '../enrollment/enrollment-lockout';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { isSameSecret } from '../hashing';
import type { RouteContext } from './route-context';

export const ENROLL_MAX_FAILURES = DEFAULT_LOCKOUT_LIMITS.maxFailuresPerStation;
export const ENROLL_FAILURE_WINDOW_MS = DEFAULT_LOCKOUT_LIMITS.windowMs;

/**
 * A terminal enrolls with a code an admin created (POST /api/v1/admin/enrollment-codes: for one station or
 * any, expiring, limited uses) or, in demo and development mode only, with the plant-wide code.
 */
export function registerEnrollRoutes(app: FastifyInstance, ctx: Pick<RouteContext, 'sync' | 'enrollmentCode'>): void {
  const plantCode = ctx.enrollmentCode === undefined ? undefined : normalizeEnrollmentCode(ctx.enrollmentCode);

  app.post(SYNC_ROUTES.enroll, async (request, reply) => {
    const body = parseOrFail(EnrollRequestSchema, request.body, 'enrollment request');
    const retryAfterMs = await ctx.sync.enrollmentRetryAfterMs(request.ip, body.stationId);
    if (retryAfterMs > 0) {
      reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
      throw new ApiFailure(429, 'too-many-attempts', 'too many wrong enrollment codes; wait and try again');
    }
    const isPlantCode =
      plantCode !== undefined && isSameSecret(normalizeEnrollmentCode(body.enrollmentCode), plantCode);
    // The code's use and the new terminal commit together; an unknown station rolls the use back.
    const enrolled = await ctx.sync.enroll({
      stationId: body.stationId,
      enrollmentCode: body.enrollmentCode,
      isPlantCode,
    });
    if (enrolled.status === 'unknown-station') {
      throw new ApiFailure(404, 'unknown-station', `station "${body.stationId}" is not in the master data`);
    }
    if (enrolled.status === 'invalid-code') {
      await ctx.sync.recordEnrollmentFailure(request.ip, body.stationId);
      request.log.warn({ ip: request.ip, stationId: body.stationId }, 'enrollment with a wrong code');
      throw new ApiFailure(
        401,
        'invalid-enrollment-code',
        'the enrollment code is wrong, expired, used up, revoked or meant for another station',
      );
    }
    const { codeId } = enrolled;
    const response = { terminalId: enrolled.terminalId, token: enrolled.token };
    request.log.info({ terminalId: response.terminalId, stationId: body.stationId, codeId }, 'terminal enrolled');
    reply.code(201);
    return response satisfies EnrollResponse;
  });
}
