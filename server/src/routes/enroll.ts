import type { FastifyInstance } from 'fastify';
import { EnrollRequestSchema, type EnrollResponse } from '../../../shared/protocol';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { isSameSecret } from '../hashing';
import { createFailureLimiter } from '../terminals/terminal-registry';
import type { RouteContext } from './route-context';

export const ENROLL_MAX_FAILURES = 10;
export const ENROLL_FAILURE_WINDOW_MS = 15 * 60_000;

/** Codes are typed on a tablet: case, spaces and dashes do not matter. */
function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

export function registerEnrollRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const limiter = createFailureLimiter({
    maxFailures: ENROLL_MAX_FAILURES,
    windowMs: ENROLL_FAILURE_WINDOW_MS,
    now: ctx.now,
  });
  const expectedCode = normalizeCode(ctx.enrollmentCode);

  app.post('/api/v1/terminals/enroll', async (request, reply) => {
    const retryAfterMs = limiter.retryAfterMs(request.ip);
    if (retryAfterMs > 0) {
      reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
      throw new ApiFailure(
        429,
        'too-many-attempts',
        'too many wrong enrollment codes from this address; wait and try again',
      );
    }
    const body = parseOrFail(EnrollRequestSchema, request.body, 'enrollment request');
    if (!isSameSecret(normalizeCode(body.enrollmentCode), expectedCode)) {
      limiter.recordFailure(request.ip);
      request.log.warn({ ip: request.ip, stationId: body.stationId }, 'enrollment with a wrong code');
      throw new ApiFailure(401, 'invalid-enrollment-code', 'the enrollment code is wrong');
    }
    if (ctx.store.get('stations', body.stationId) === undefined) {
      throw new ApiFailure(404, 'unknown-station', `station "${body.stationId}" is not in the master data`);
    }
    const enrolled = ctx.terminals.enroll(body.stationId);
    request.log.info({ terminalId: enrolled.terminalId, stationId: body.stationId }, 'terminal enrolled');
    reply.code(201);
    return enrolled satisfies EnrollResponse;
  });
}
