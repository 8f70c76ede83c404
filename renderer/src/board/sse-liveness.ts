import {
  BOARD_HEARTBEAT_EVENT,
  BOARD_HEARTBEAT_MISSES,
  BOARD_STATION_EVENT,
  BoardHeartbeatSchema,
} from '@shared/board';

// A half-open connection (a sleeping Wi-Fi, a dead proxy) gives an EventSource no error: it just stays silent.
// The server sends a `heartbeat` event at a fixed interval, so silence for a few intervals means the link is
// gone even though the browser still calls it open (docs/board-api.md).

/** Assumed until the stream's first heartbeat names its interval (the server's default). */
const DEFAULT_INTERVAL_MS = 15_000;

/**
 * Calls `onLost` with the client time of the last event heard once `source` stayed silent for
 * BOARD_HEARTBEAT_MISSES heartbeat intervals. Returns the function that stops watching.
 */
export function watchLiveness(source: EventSource, onLost: (lastHeardAt: number) => void): () => void {
  let intervalMs = DEFAULT_INTERVAL_MS;
  let lastHeardAt = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => onLost(lastHeardAt), intervalMs * BOARD_HEARTBEAT_MISSES);
  };
  const heard = () => {
    lastHeardAt = Date.now();
    arm();
  };
  const heartbeat = (event: Event) => {
    const parsed = BoardHeartbeatSchema.safeParse(safeJson((event as MessageEvent<string>).data));
    if (parsed.success) intervalMs = parsed.data.intervalMs;
    heard();
  };

  source.addEventListener('open', heard);
  source.addEventListener(BOARD_STATION_EVENT, heard);
  source.addEventListener(BOARD_HEARTBEAT_EVENT, heartbeat);
  arm();
  return () => {
    clearTimeout(timer);
    source.removeEventListener('open', heard);
    source.removeEventListener(BOARD_STATION_EVENT, heard);
    source.removeEventListener(BOARD_HEARTBEAT_EVENT, heartbeat);
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
