import type { FastifyInstance } from 'fastify';
import { BOARD_STATION_EVENT, TerminalHeartbeatSchema, type TerminalHeartbeatResponse } from '../../../shared/board';
import type { Db } from '../db/database';
import { parseOrFail } from '../http/api-error';
import { authenticatedTerminal, requireTerminal } from '../http/auth';
import type { TerminalRegistry } from '../terminals/terminal-registry';
import { requireBoardReader } from './board-auth';
import type { BoardEvent } from './board-event-ring';
import type { BoardFeed } from './board-feed';

export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
/** Browsers wait this long before reconnecting an EventSource whose connection dropped. */
const SSE_RETRY_MS = 3_000;
/**
 * A client that does not read (a sleeping tablet behind a half-open connection) would make Node buffer
 * events without end; past this it is cut off and catches up by Last-Event-ID when it reconnects.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;

export interface BoardRouteDeps {
  db: Db;
  board: BoardFeed;
  terminals: TerminalRegistry;
  now: () => number;
  /** A comment line this often keeps proxies from closing a quiet stream and lets clients see it is alive. */
  sseHeartbeatMs?: number;
}

function sseEvent(event: BoardEvent): string {
  return `id: ${event.id}\nevent: ${BOARD_STATION_EVENT}\ndata: ${JSON.stringify(event.station)}\n\n`;
}

export function registerBoardRoutes(app: FastifyInstance, deps: BoardRouteDeps): void {
  const heartbeatMs = deps.sseHeartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS;
  const touchTerminal = deps.db.prepare('UPDATE terminals SET last_seen_at = ? WHERE id = ?');
  const openStreams = new Set<() => void>();

  app.post('/api/v1/terminals/heartbeat', { onRequest: requireTerminal(deps.terminals) }, async (request) => {
    const terminal = authenticatedTerminal(request);
    const heartbeat = parseOrFail(TerminalHeartbeatSchema, request.body, 'heartbeat');
    // Stored like a push's contact, so a restarted server knows who was online.
    touchTerminal.run(deps.now(), terminal.id);
    deps.board.heartbeat(terminal, heartbeat);
    return { serverTime: deps.now() } satisfies TerminalHeartbeatResponse;
  });

  app.get('/api/v1/board', async (request) => {
    requireBoardReader(request);
    return deps.board.snapshot();
  });

  app.get('/api/v1/board/events', async (request, reply) => {
    requireBoardReader(request);
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && header.length <= 64 ? header : undefined;
    reply.hijack();
    const raw = reply.raw;
    // Hijacked replies skip Fastify's header handling: carry over what the security hooks set.
    for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) raw.setHeader(name, value);
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // nginx would otherwise buffer the stream and deliver events in lumps.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${SSE_RETRY_MS}\n\n`);
    for (const event of deps.board.catchUp(lastEventId)) raw.write(sseEvent(event));
    const send = (text: string) => {
      if (raw.writableLength > MAX_UNSENT_BYTES) raw.destroy();
      else if (!raw.writableEnded) raw.write(text);
    };
    const unsubscribe = deps.board.subscribe((event) => send(sseEvent(event)));
    const heartbeat = setInterval(() => send(`: heartbeat ${deps.now()}\n\n`), heartbeatMs);
    function stop(): void {
      clearInterval(heartbeat);
      unsubscribe();
      openStreams.delete(stop);
      if (!raw.writableEnded) raw.end();
    }
    openStreams.add(stop);
    raw.on('close', stop);
    request.raw.on('close', stop);
  });

  // Open streams would keep the HTTP server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const stop of [...openStreams]) stop();
  });
}
