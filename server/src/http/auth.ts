import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { isSameSecret } from '../hashing';
import type { TerminalIdentity } from '../terminals/terminal-registry';
import { ApiFailure } from './api-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the terminal auth hook before the body is read. */
    terminal: TerminalIdentity | null;
  }
}

/** The token of an `Authorization: Bearer <token>` header, or undefined for anything else. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string' || header.length > 600) return undefined;
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header);
  return match?.[1];
}

// Auth runs on onRequest, before the body is parsed: an unauthenticated client gets 401 without us reading it.
export function requireTerminal(registry: {
  authenticate(token: string): TerminalIdentity | undefined | Promise<TerminalIdentity | undefined>;
}): onRequestAsyncHookHandler {
  return async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined)
      throw new ApiFailure(401, 'unauthorized', 'send the terminal token as "Authorization: Bearer <token>"');
    const terminal = await registry.authenticate(token);
    if (!terminal) throw new ApiFailure(401, 'unauthorized', 'unknown terminal token; enroll the terminal again');
    if (terminal.revokedAt !== null)
      throw new ApiFailure(401, 'token-revoked', 'an admin revoked this terminal; enroll it again to sync');
    request.terminal = terminal;
  };
}

export function requireAdmin(adminToken: string): onRequestAsyncHookHandler {
  return async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token === undefined || !isSameSecret(token, adminToken)) {
      throw new ApiFailure(401, 'unauthorized', 'send the admin token as "Authorization: Bearer <token>"');
    }
  };
}

export function authenticatedTerminal(request: FastifyRequest): TerminalIdentity {
  if (!request.terminal) throw new ApiFailure(401, 'unauthorized', 'terminal not authenticated');
  return request.terminal;
}
