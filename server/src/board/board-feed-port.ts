import type { BoardSnapshot, TerminalHeartbeat } from '@shared/board';
import type { BoardEvent } from './board-event-ring';

/**
 * The live board as the routes use it, on either store: SQLite's feed in one process (board-feed.ts), or
 * PostgreSQL's, where every instance follows the plant's change feed (storage/pg/pg-board-feed.ts).
 */
export interface BoardFeedPort {
  /** Stores the terminal's contact and folds its heartbeat in; returns the contact time stored. */
  heartbeat(terminal: { id: string; stationId: string }, heartbeat: TerminalHeartbeat): Promise<number>;
  snapshot(): Promise<BoardSnapshot>;
  /**
   * What a (re)connecting SSE client needs first: what changed after its `Last-Event-ID` while that can be
   * told, else the current state of every station under the newest id.
   */
  catchUp(lastEventId: string | undefined): Promise<BoardEvent[]>;
  subscribe(listener: (event: BoardEvent) => void): () => void;
}
