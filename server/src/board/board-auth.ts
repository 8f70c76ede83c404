import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BoardViewer } from '@shared/lead';
import { bearerToken, type requireTerminal } from '../http/auth';
import { requireViewer, type BoardViewers } from '../leads/board-viewer';

/**
 * Who may read the board: the admin token, a shift lead's session or a display link (server/src/leads), and
 * an enrolled terminal's token, so that a lead at a terminal sees the line there (read only, GET routes).
 */
export type BoardReader = BoardViewer | { kind: 'terminal'; terminalId: string; stationId: string };

/** What `requireBoardReader` checks against; decorated onto the server once in app.ts. */
export interface BoardReaderConfig {
  viewerOf: BoardViewers;
  /** Terminal tokens (the registry on SQLite, the storage on PostgreSQL); without it, terminals cannot read the board. */
  terminals?: Parameters<typeof requireTerminal>[0];
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
export async function requireBoardReader(request: FastifyRequest): Promise<BoardReader> {
  const terminal = await terminalReader(request);
  if (terminal) return terminal;
  return requireViewer(request.server.boardReaders.viewerOf, request, ['admin', 'lead', 'display']);
}

/** A terminal's token on a read: its terminal. A revoked token counts as none (then 401 like any unknown one). */
async function terminalReader(request: FastifyRequest): Promise<BoardReader | undefined> {
  const registry = request.server.boardReaders.terminals;
  if (!registry || (request.method !== 'GET' && request.method !== 'HEAD')) return undefined;
  const token = bearerToken(request.headers.authorization);
  const terminal = token === undefined ? undefined : await registry.authenticate(token);
  if (!terminal || terminal.revokedAt !== null) return undefined;
  return { kind: 'terminal', terminalId: terminal.id, stationId: terminal.stationId };
}
