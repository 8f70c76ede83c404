import type { PushResponse, PushResult } from '@shared/protocol';
import type { Prng } from './prng';
import type { SimServer } from './sim-server';

// The network between one simulated terminal and the server, with seeded faults. It wraps the real
// server's HTTP handling (inject), so the terminal's fetch transport, the routes and the store all run.

export const FAULT_KINDS = [
  'drop-request',
  'drop-answer',
  'duplicate-delivery',
  'stash-for-replay',
  'replay-stale-first',
  'replay-stale-after',
  'server-busy',
  'server-crash-before',
  'server-crash-after-commit',
  'server-crash-mid-batch',
  'client-crash-after-answer',
  'clock-jump-in-flight',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultCounts = Record<FaultKind, number>;

export function emptyFaultCounts(): FaultCounts {
  return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as FaultCounts;
}

export interface NetworkHooks {
  /** Kills the terminal right now (synchronously stops its engine); the sim restarts it afterwards. */
  crashClient(): void;
  jumpClock(): void;
  /** Time passing on the wire. */
  latency(): void;
}

export interface ServerBehaviour {
  /** The negative control: a broken server that treats a (terminal, seq) it saw before as a duplicate. */
  isSeqOnlyDedupe: boolean;
  seenSlots: Set<string>;
  now: () => number;
}

type Request = { url: string; init: RequestInit };

export function createFaultyNetwork(
  prng: Prng,
  server: SimServer,
  hooks: NetworkHooks,
  behaviour: ServerBehaviour,
  counts: FaultCounts,
) {
  let faultRate = 0;
  const stash: Request[] = [];

  const send = (request: Request): Promise<Response> =>
    behaviour.isSeqOnlyDedupe && request.url.endsWith('/sync/push')
      ? seqOnlyDedupe(request)
      : server.fetch(request.url, request.init);
  const deliver = async (request: Request): Promise<Response> => {
    hooks.latency();
    const response = await send(request);
    hooks.latency();
    return response;
  };

  async function seqOnlyDedupe(request: Request): Promise<Response> {
    const body = JSON.parse(String(request.init.body)) as {
      terminalId: string;
      bookings: { id: string; seq: number }[];
    };
    const slot = (b: { seq: number }) => `${body.terminalId}:${b.seq}`;
    const fresh = body.bookings.filter((b) => !behaviour.seenSlots.has(slot(b)));
    let forwarded: PushResponse | undefined;
    if (fresh.length > 0) {
      const response = await server.fetch(request.url, {
        ...request.init,
        body: JSON.stringify({ ...body, bookings: fresh }),
      });
      if (!response.ok) return response;
      forwarded = (await response.json()) as PushResponse;
    }
    const byId = new Map((forwarded?.results ?? []).map((r) => [r.id, r]));
    const results = body.bookings.map((b): PushResult => byId.get(b.id) ?? { id: b.id, status: 'duplicate' });
    for (const b of fresh) if (byId.get(b.id)?.status !== 'rejected') behaviour.seenSlots.add(slot(b));
    const answer: PushResponse = { results, ackedUpTo: forwarded?.ackedUpTo ?? 0, serverTime: behaviour.now() };
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  }

  const lost = (what: string) => new TypeError(`simulated network failure: ${what}`);

  async function faultyFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const request = { url: String(input), init };
    if (!prng.chance(faultRate)) return deliver(request);
    const isPush = request.url.endsWith('/sync/push');
    const fault = pickFault(isPush);
    counts[fault]++;
    switch (fault) {
      case 'drop-request':
        throw lost('request lost');
      case 'drop-answer':
        await deliver(request);
        throw lost('answer lost');
      case 'duplicate-delivery': {
        const first = await deliver(request);
        const second = await deliver(request);
        return prng.chance(0.5) ? first : second;
      }
      case 'stash-for-replay':
        stash.push(request);
        return deliver(request);
      case 'replay-stale-first':
        await replayStale();
        return deliver(request);
      case 'replay-stale-after': {
        const response = await deliver(request);
        await replayStale();
        return response;
      }
      case 'server-busy':
        return new Response(JSON.stringify({ error: { code: 'busy', message: 'try later' } }), { status: 503 });
      case 'server-crash-before':
        await server.crash();
        throw lost('server died before the request');
      case 'server-crash-after-commit':
        await deliver(request);
        await server.crash();
        throw lost('server died after commit, before answering');
      case 'server-crash-mid-batch': {
        const ids = (JSON.parse(String(init.body)) as { bookings: { id: string }[] }).bookings.map((b) => b.id);
        await server.failInsideTransactionAt(ids[prng.int(Math.min(1, ids.length - 1), ids.length - 1)] ?? '');
        await deliver(request).catch(() => undefined);
        await server.crash();
        throw lost('server died inside the push transaction');
      }
      case 'client-crash-after-answer': {
        const response = await deliver(request);
        hooks.crashClient();
        return response;
      }
      case 'clock-jump-in-flight': {
        hooks.latency();
        const response = await send(request);
        hooks.jumpClock();
        hooks.latency();
        return response;
      }
    }
  }

  function pickFault(isPush: boolean): FaultKind {
    for (;;) {
      const fault = prng.pick(FAULT_KINDS);
      if (fault === 'server-crash-mid-batch' && !isPush) continue;
      return fault;
    }
  }

  async function replayStale(): Promise<void> {
    const index = prng.int(0, Math.max(0, stash.length - 1));
    const [stale] = stash.splice(index, 1);
    if (stale) await deliver(stale).catch(() => undefined); // nobody waits for this answer any more
  }

  return {
    fetch: faultyFetch as typeof fetch,
    setFaultRate(rate: number) {
      faultRate = rate;
    },
    /** Delivers every stashed stale request (late network duplicates) before the final check. */
    async flushStale(): Promise<void> {
      while (stash.length > 0) await replayStale();
    },
  };
}
