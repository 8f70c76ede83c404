// Runs a task now, on a timer, and again after failures with backoff, never two at once and never giving
// up. Shared by the uploader and the master-data puller.

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export interface RetryLoopOptions<R extends { ok: boolean }> {
  /** Must not throw; a thrown error counts as a failure and is passed to the caller that triggered the run. */
  run: () => Promise<R>;
  /** Delay after a success (the periodic run); null for no periodic run. */
  intervalMs: number | null;
  backoff: (attempt: number) => number;
  timers: Timers;
  now: () => number;
  /** Told when the next run is scheduled; `isRetry` when it is a retry after a failure. */
  onSchedule?: (nextRunAt: number | null, isRetry: boolean) => void;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function createRetryLoop<R extends { ok: boolean }>(options: RetryLoopOptions<R>) {
  let running: Promise<R> | undefined;
  let rerun: { next: Deferred<R | undefined>; isForced: boolean } | undefined;
  let timer: unknown;
  let failures = 0;
  let isStopped = false;

  const clearTimer = () => {
    if (timer !== undefined) options.timers.clearTimeout(timer);
    timer = undefined;
  };

  const schedule = (delay: number | null, isRetry: boolean) => {
    clearTimer();
    if (delay === null) {
      options.onSchedule?.(null, false);
      return;
    }
    timer = options.timers.setTimeout(() => {
      timer = undefined;
      if (!running && !isStopped) void start().catch(() => undefined);
    }, delay);
    options.onSchedule?.(options.now() + delay, isRetry);
  };

  const start = (): Promise<R> => {
    clearTimer();
    const current = (async () => {
      let result: R | undefined;
      try {
        result = await options.run();
        return result;
      } finally {
        running = undefined;
        afterRun(result);
      }
    })();
    running = current;
    return current;
  };

  const afterRun = (result: R | undefined) => {
    if (isStopped) return;
    const isOk = result?.ok === true;
    failures = isOk ? 0 : failures + 1;
    const queued = rerun;
    rerun = undefined;
    // A forced trigger always reruns; a soft one only when the run did not just fail (backoff wins).
    if (queued && (isOk || queued.isForced)) {
      start().then(queued.next.resolve, queued.next.reject);
      return;
    }
    queued?.next.resolve(undefined);
    if (isOk) schedule(options.intervalMs, false);
    else schedule(options.backoff(failures), true);
  };

  return {
    /**
     * Runs now (or right after the run in progress). A soft trigger (`isForced` false) while backing off
     * resolves to undefined at once and leaves the retry to the backoff timer.
     */
    trigger(isForced: boolean): Promise<R | undefined> {
      if (isStopped) return Promise.resolve(undefined);
      if (running) {
        rerun ??= { next: deferred<R | undefined>(), isForced };
        rerun.isForced ||= isForced;
        return rerun.next.promise;
      }
      if (!isForced && failures > 0 && timer !== undefined) return Promise.resolve(undefined);
      return start();
    },
    /** Runs in progress finish (or are abandoned by their own abort signal); nothing new starts. */
    async stop(): Promise<void> {
      isStopped = true;
      clearTimer();
      rerun?.next.resolve(undefined);
      rerun = undefined;
      await running?.catch(() => undefined);
    },
    get failures(): number {
      return failures;
    },
  };
}

export type RetryLoop<R extends { ok: boolean }> = ReturnType<typeof createRetryLoop<R>>;
