// One uploader at a time: across tabs with the Web Locks API, in one process with a promise chain.

export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

const localTails = new Map<string, Promise<unknown>>();

export function defaultLockManager(): LockManagerLike | null {
  const nav = typeof navigator === 'undefined' ? undefined : (navigator as { locks?: LockManagerLike });
  return nav?.locks ?? null;
}

/** Runs `task` while holding the named lock; concurrent callers wait their turn. */
export function runExclusive<T>(name: string, task: () => Promise<T>, locks: LockManagerLike | null): Promise<T> {
  if (locks) return locks.request(name, task);
  const previous = localTails.get(name) ?? Promise.resolve();
  const result = previous.then(task, task);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  localTails.set(name, tail);
  void tail.then(() => {
    if (localTails.get(name) === tail) localTails.delete(name);
  });
  return result;
}

/** Settles with `promise`, or rejects with an AbortError as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export function abortError(): Error {
  const error = new Error('sync engine stopped');
  error.name = 'AbortError';
  return error;
}
