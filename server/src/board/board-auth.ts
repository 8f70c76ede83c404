import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiFailure } from '../http/api-error';
import { bearerToken } from '../http/auth';
import { isSameSecret } from '../hashing';

/** Who may read the board. The admin token for now; lead sessions and display links join here. */
export type BoardReader = { kind: 'admin' };

/** What `requireBoardReader` checks against; decorated onto the server once in app.ts. */
export interface BoardReaderConfig {
  adminToken: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    boardReaders: BoardReaderConfig;
  }
}

export function installBoardReaders(app: FastifyInstance, config: BoardReaderConfig): void {
  app.decorate('boardReaders', config);
}

/** The one gate of every board route: returns who reads, or throws 401. */
export function requireBoardReader(request: FastifyRequest): BoardReader {
  const token = bearerToken(request.headers.authorization);
  if (token !== undefined && isSameSecret(token, request.server.boardReaders.adminToken)) return { kind: 'admin' };
  throw new ApiFailure(401, 'unauthorized', 'send the admin token as "Authorization: Bearer <token>"');
}
