import type { BoardStation } from '@shared/board';

export interface BoardEvent {
  /** `<boot>-<n>`: the boot part tells an id of an earlier server process from one of this one. */
  id: string;
  station: BoardStation;
}

/**
 * The last `capacity` station events, for SSE replay after a reconnect (`Last-Event-ID`). Bounded in memory:
 * a client that was away longer, or that saw an earlier server process, gets the full state instead.
 */
export function createBoardEventRing(capacity: number, boot: string) {
  const events: BoardEvent[] = [];
  let next = 1;
  return {
    add(station: BoardStation): BoardEvent {
      const event = { id: `${boot}-${next}`, station };
      next += 1;
      events.push(event);
      if (events.length > capacity) events.shift();
      return event;
    },
    /** The id of the newest event, or `<boot>-0` before the first. */
    latestId: (): string => `${boot}-${next - 1}`,
    /** Events after `lastEventId`, or undefined when they are not all here any more (or never were). */
    after(lastEventId: string): BoardEvent[] | undefined {
      const match = /^([0-9a-z]+)-(\d{1,15})$/.exec(lastEventId);
      if (!match || match[1] !== boot) return undefined;
      const seen = Number(match[2]);
      if (seen >= next) return undefined;
      const oldest = next - events.length;
      if (seen < oldest - 1) return undefined;
      return events.slice(seen - oldest + 1);
    },
  };
}
