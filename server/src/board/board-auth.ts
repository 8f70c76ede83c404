import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BoardViewer } from '../../../shared/lead';
import { requireViewer, type BoardViewers } from '../leads/board-viewer';

/** Who may read the board: the admin token, a shift lead's session or a display link (server/src/leads). */
export type BoardReader = BoardViewer;

/** What `requireBoardReader` checks against; decorated onto the server once in app.ts. */
export interface BoardReaderConfig {
  viewerOf: BoardViewers;
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
  return requireViewer(request.server.boardReaders.viewerOf, request, ['admin', 'lead', 'display']);
}
