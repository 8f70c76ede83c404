import http from 'node:http';
import { benchBookings } from '../fixtures/bookings';
import { uuidv7 } from '@shared/id/uuidv7';
import { SYNC_ROUTES } from '@shared/protocol/routes';
import { postJson } from './post-json';

// The floor under case 2's drain: one terminal's backlog pushed by a plain Node client over one keep-alive
// connection, `batch` bookings per push, one push in flight, every request body made before the clock runs.
// What is left is the server's part (HTTP, validation, review rules, insert, commit) and the loopback round
// trip; a terminal in a browser adds reading IndexedDB, building each push and applying each answer.

export interface NodePushDrain {
  ms: number;
  /** The server's ackedUpTo after the last push. */
  synced: number;
  pushes: number;
  rate: number;
  /** Per push: time from sending to the whole answer, ms. */
  pushMs: number[];
}

export async function nodePushDrain(options: {
  url: string;
  token: string;
  terminalId: string;
  total: number;
  batch: number;
}): Promise<NodePushDrain> {
  const { url, token, terminalId, total, batch } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const stream = { terminalId, epoch: uuidv7() };
    const now = Date.now();
    const bodies: Array<{ body: string; lastSeq: number; size: number }> = [];
    for (let first = 1; first <= total; first += batch) {
      const size = Math.min(batch, total - first + 1);
      const bookings = benchBookings(stream, first, size, now - (total - first - size) * 1_000, crypto);
      bodies.push({ body: JSON.stringify({ ...stream, bookings }), lastSeq: first + size - 1, size });
    }
    const pushMs: number[] = [];
    let synced = 0;
    const started = performance.now();
    for (const { body, lastSeq, size } of bodies) {
      const sent = performance.now();
      const answer = await postJson(agent, `${url}${SYNC_ROUTES.push}`, body, token);
      pushMs.push(performance.now() - sent);
      if (answer.status !== 200) throw new Error(`floor push: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
      const parsed = JSON.parse(answer.body) as { results: Array<{ status: string }>; ackedUpTo: number };
      const accepted = parsed.results.filter((item) => item.status === 'accepted').length;
      if (accepted !== size || parsed.ackedUpTo !== lastSeq)
        throw new Error(`floor push: ${accepted}/${size} accepted, ackedUpTo ${parsed.ackedUpTo}, expected ${lastSeq}`);
      synced = parsed.ackedUpTo;
    }
    const ms = performance.now() - started;
    return { ms, synced, pushes: bodies.length, rate: synced / (ms / 1000), pushMs };
  } finally {
    agent.destroy();
  }
}
