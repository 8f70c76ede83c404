// One intent, one booking. A double tap (or a tap that lands while the first one is still saving) is the
// same intent as the first tap, so it must not book again. The guard is keyed per action: while an action
// is saving, a repeat of it is ignored; right after it saved, the same action with the same content is
// ignored for a moment too, because a gloved double tap can outlast a fast save. Two separate bookings of
// the same quantity need two panel openings, which takes longer than that moment.

export const REPEAT_WINDOW_MS = 1_000;

export interface SingleFlight {
  /**
   * Runs `task` unless the same action is saving now or just saved the same `content`; then resolves
   * with null without running it. With `isPerContent`, only the same content counts as the same intent
   * while saving too: scans of two different labels that arrive together are two intents.
   */
  run<T>(
    action: string,
    content: unknown,
    task: () => Promise<T | null>,
    options?: { isPerContent?: boolean },
  ): Promise<T | null>;
}

export interface SingleFlightOptions {
  now?: () => number;
  repeatWindowMs?: number;
  /** Told the actions that are saving whenever that set changes, so buttons can show it. */
  onBusyChange?: (busy: ReadonlySet<string>) => void;
}

export function createSingleFlight(options: SingleFlightOptions = {}): SingleFlight {
  const now = options.now ?? (() => Date.now());
  const repeatWindowMs = options.repeatWindowMs ?? REPEAT_WINDOW_MS;
  /** Guard key → the action it belongs to. */
  const busy = new Map<string, string>();
  const lastDone = new Map<string, { content: string; at: number }>();
  const announce = () => options.onBusyChange?.(new Set(busy.values()));

  return {
    async run<T>(
      action: string,
      content: unknown,
      task: () => Promise<T | null>,
      { isPerContent = false }: { isPerContent?: boolean } = {},
    ): Promise<T | null> {
      const fingerprint = JSON.stringify(content) ?? '';
      const key = isPerContent ? `${action}\n${fingerprint}` : action;
      const last = lastDone.get(key);
      if (busy.has(key)) return null;
      if (last && last.content === fingerprint && now() - last.at < repeatWindowMs) return null;
      busy.set(key, action);
      announce();
      try {
        const result = await task();
        // Only a booking that was saved makes the next identical tap a repeat; after a failure, trying
        // again at once is what the operator should do.
        if (result !== null) lastDone.set(key, { content: fingerprint, at: now() });
        return result;
      } finally {
        busy.delete(key);
        announce();
      }
    },
  };
}
