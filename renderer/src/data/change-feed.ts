// Tells the sync engine (and other tabs) that local data changed, so it can push at once and refresh health.

/** captured: a booking was saved. answered: a server answer was applied. */
export type DataChange = 'captured' | 'answered' | 'identity' | 'master';
export type DataChangeListener = (change: DataChange) => void;

export interface ChangeFeed {
  emit(change: DataChange): void;
  subscribe(listener: DataChangeListener): () => void;
  close(): void;
}

const CHANGES: readonly DataChange[] = ['captured', 'answered', 'identity', 'master'];

/** With a channel name (and BroadcastChannel available) changes also reach other tabs of the same origin. */
export function createChangeFeed(channelName?: string): ChangeFeed {
  const listeners = new Set<DataChangeListener>();
  const notify = (change: DataChange) => {
    for (const listener of [...listeners]) listener(change);
  };
  const channel =
    channelName && typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(channelName) : undefined;
  if (channel) {
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const change = CHANGES.find((c) => c === event.data);
      if (change) notify(change);
    };
  }
  return {
    emit(change) {
      notify(change);
      channel?.postMessage(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      listeners.clear();
      channel?.close();
    },
  };
}
