import type { FastifyInstance } from 'fastify';
import {
  BOARD_HEARTBEAT_EVENT,
  BOARD_STATION_EVENT,
  TerminalHeartbeatSchema,
  type BoardHeartbeat,
  type TerminalHeartbeatResponse,
} from '@shared/board';
import { SYNC_ROUTES } from '@shared/protocol';
import { parseOrFail } from '../http/api-error';
import { authenticatedTerminal, requireTerminal } from '../http/auth';
import { requireBoardReader } from './board-auth';
import type { BoardEvent } from './board-event-ring';
import type { BoardFeedPort } from './board-feed-port';

export const DEFAULT_SSE_HEARTBEAT_MS = 15_000;
/** Browsers wait this long before reconnecting an EventSource whose connection dropped. */
const SSE_RETRY_MS = 3_000;
/**
 * A client that does not read (a sleeping tablet behind a half-open connection) would make Node buffer
 * events without end; past this it is cut off and catches up by Last-Event-ID when it reconnects.
 */
const MAX_UNSENT_BYTES = 1024 * 1024;

export interface BoardRouteDeps {
  board: BoardFeedPort;
  /** Who a terminal token belongs to (the registry on SQLite, the storage on PostgreSQL). */
  terminals: Parameters<typeof requireTerminal>[0];
  now: () => number;
  /** A `heartbeat` event this often keeps proxies from closing a quiet stream and lets clients see it is alive. */
  sseHeartbeatMs?: number;
}

function sseEvent(event: BoardEvent): string {
  return `id: ${event.id}\nevent: ${BOARD_STATION_EVENT}\ndata: ${JSON.stringify(event.station)}\n\n`;
}

/** Without an id line, so a reconnecting client still replays from the last station event it saw. */
function sseHeartbeat(heartbeat: BoardHeartbeat): string {
  return `event: ${BOARD_HEARTBEAT_EVENT}\ndata: ${JSON.stringify(heartbeat)}\n\n`;
}

export function registerBoardRoutes(app: FastifyInstance, deps: BoardRouteDeps): void {
  const heartbeatMs = deps.sseHeartbeatMs ?? DEFAULT_SSE_HEARTBEAT_MS;
  const openStreams = new Set<() => void>();

  app.post(SYNC_ROUTES.heartbeat, { onRequest: requireTerminal(deps.terminals) }, async (request) => {
    const terminal = authenticatedTerminal(request);
    const heartbeat = parseOrFail(TerminalHeartbeatSchema, request.body, 'heartbeat');
    // Stored like a push's contact, so a restarted server (or another instance) knows who was online.
    const at = await deps.board.heartbeat(terminal, heartbeat);
    return { serverTime: at } satisfies TerminalHeartbeatResponse;
  });

  app.get('/api/v1/board', async (request) => {
    await requireBoardReader(request);
    return deps.board.snapshot();
  });

  app.get('/api/v1/board/events', async (request, reply) => {
    await requireBoardReader(request);
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
    const send = (text: string) => {
      if (raw.writableLength > MAX_UNSENT_BYTES) raw.destroy();
      else if (!raw.writableEnded) raw.write(text);
    };
    // Subscribed before the catch-up is read, so nothing published meanwhile is lost; what came meanwhile
    // follows the catch-up (whole station objects: a repeat is harmless, the newest one is last).
    let held: BoardEvent[] | undefined = [];
    const unsubscribe = deps.board.subscribe((event) => {
      if (held) held.push(event);
      else send(sseEvent(event));
    });
    let catchUp: BoardEvent[];
    try {
      catchUp = await deps.board.catchUp(lastEventId);
    } catch (error) {
      unsubscribe();
      request.log.error({ err: error }, 'board events: catch-up failed');
      raw.destroy();
      return;
    }
    if (raw.destroyed || raw.writableEnded) {
      unsubscribe();
      return;
    }
    for (const event of [...catchUp, ...held]) send(sseEvent(event));
    held = undefined;
    const sendHeartbeat = () => send(sseHeartbeat({ serverTime: deps.now(), intervalMs: heartbeatMs }));
    // One at once: the client learns the interval (and so when to give up on a silent link) right away.
    sendHeartbeat();
    const heartbeat = setInterval(sendHeartbeat, heartbeatMs);
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
