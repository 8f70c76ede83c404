import type { FastifyInstance } from 'fastify';
import { SYNC_ROUTES, type RotateResponse } from '@shared/protocol';
import type { AuditEntry, createAuditLog } from '../audit/audit-log';
import type { Db } from '../db/database';
import { ApiFailure } from '../http/api-error';
import { authenticatedTerminal, requireTerminal } from '../http/auth';
import type { SyncStorage } from '../storage/sync-storage';
import type { RotateOutcome, TerminalRegistry } from '../terminals/terminal-registry';

/**
 * Stores a fresh token as the terminal's pending one (see TerminalRegistry.rotate) together with its audit
 * record, or neither; the store's `authenticate` makes it current on its first use.
 */
export interface TerminalTokenRotation {
  rotate(terminalId: string, clientIp: string): Promise<RotateOutcome>;
}

export const rotateAuditEntry = (terminalId: string, clientIp: string, replacedPending: boolean): AuditEntry => ({
  action: 'terminal.rotate',
  target: terminalId,
  clientIp,
  details: { by: 'terminal', replacedPending },
});

export function createSqliteTokenRotation(
  db: Db,
  terminals: TerminalRegistry,
  audit: ReturnType<typeof createAuditLog>,
): TerminalTokenRotation {
  return {
    rotate: async (terminalId, clientIp) =>
      db.transaction(() => {
        const result = terminals.rotate(terminalId);
        if (result.status === 'rotated') audit(rotateAuditEntry(terminalId, clientIp, result.replacedPending));
        return result;
      })(),
  };
}

/**
 * A terminal asks for a new token with its current one. The new token is only pending until its first use,
 * so asking again after a lost answer is always safe.
 */
export function registerTerminalRotateRoutes(
  app: FastifyInstance,
  deps: { sync: SyncStorage; rotation: TerminalTokenRotation },
): void {
  app.post(SYNC_ROUTES.rotate, { onRequest: requireTerminal(deps.sync) }, async (request) => {
    const terminal = authenticatedTerminal(request);
    const outcome = await deps.rotation.rotate(terminal.id, request.ip);
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
