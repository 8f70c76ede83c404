import type { FastifyInstance } from 'fastify';
import { SYNC_ROUTES, type RotateResponse } from '../../../shared/protocol';
import type { createAuditLog } from '../audit/audit-log';
import { ApiFailure } from '../http/api-error';
import { authenticatedTerminal, requireTerminal } from '../http/auth';
import type { RouteContext } from './route-context';

/**
 * A terminal asks for a new token with its current one. The new token is only pending until its first use
 * (see TerminalRegistry.rotate), so asking again after a lost answer is always safe.
 */
export function registerTerminalRotateRoutes(
  app: FastifyInstance,
  ctx: Pick<RouteContext, 'sync' | 'db' | 'terminals'>,
  audit: ReturnType<typeof createAuditLog>,
): void {
  app.post(SYNC_ROUTES.rotate, { onRequest: requireTerminal(ctx.sync) }, async (request) => {
    const terminal = authenticatedTerminal(request);
    // The pending token and its audit record commit together.
    const outcome = ctx.db.transaction(() => {
      const result = ctx.terminals.rotate(terminal.id);
      if (result.status === 'rotated') {
        audit({
          action: 'terminal.rotate',
          target: terminal.id,
          clientIp: request.ip,
          details: { by: 'terminal', replacedPending: result.replacedPending },
        });
      }
      return result;
    })();
    // Revoked or deleted between the auth hook and here: answered as the hook would have.
    if (outcome.status !== 'rotated') {
      throw outcome.status === 'revoked'
        ? new ApiFailure(401, 'token-revoked', 'an admin revoked this terminal; enroll it again to sync')
        : new ApiFailure(401, 'unauthorized', 'unknown terminal token; enroll the terminal again');
    }
    request.log.info({ terminalId: terminal.id, replacedPending: outcome.replacedPending }, 'terminal token rotated');
    return { terminalId: terminal.id, token: outcome.token } satisfies RotateResponse;
  });
}
