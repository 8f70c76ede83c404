import type { KeystoreStatus } from '@shared/ipc/terminal-health';

// The terminal token is encrypted with Electron's safeStorage. Whether that protects anything depends on the
// OS: on Linux without a secret service Electron falls back to `basic_text` (a key compiled into Chromium).
// The terminal still works then, but plant IT must be told, on the status screen and in the log.

export interface KeystoreProbe {
  platform: NodeJS.Platform;
  isEncryptionAvailable: () => boolean;
  /** Linux only (Electron's `safeStorage.getSelectedStorageBackend`). */
  selectedBackend?: () => string;
}

/** Pure: what one reading of safeStorage means. */
export function judgeKeystore(reading: {
  platform: NodeJS.Platform;
  isAvailable: boolean;
  backend?: string;
}): KeystoreStatus {
  const backend = reading.platform === 'linux' ? reading.backend : undefined;
  const withBackend = backend === undefined ? {} : { backend: backend.slice(0, 32) };
  if (!reading.isAvailable) return { state: 'unavailable', ...withBackend };
  if (backend === undefined || reading.platform !== 'linux') return { state: 'secure', ...withBackend };
  if (backend === 'basic_text') return { state: 'basic-text', ...withBackend };
  if (backend === 'unknown' || backend === '') return { state: 'unknown', ...withBackend };
  return { state: 'secure', ...withBackend };
}

/** Pure: whether a reading is worth taking again (the backend settles shortly after start; errors pass). */
export function shouldRetryKeystore(status: KeystoreStatus | 'threw'): boolean {
  return status === 'threw' || status.state === 'unknown' || status.state === 'unavailable';
}

export interface KeystoreCheckOptions {
  attempts?: number;
  delayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onAttemptFailed?: (problem: unknown) => void;
}

/**
 * Reads safeStorage until the answer is final or the attempts are used up. Never rejects: a probe that throws
 * counts as a failed attempt, and after the last one the keystore is reported `unavailable`.
 */
export async function checkKeystore(probe: KeystoreProbe, options: KeystoreCheckOptions = {}): Promise<KeystoreStatus> {
  const attempts = Math.max(1, options.attempts ?? 5);
  const delayMs = options.delayMs ?? 2_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let last: KeystoreStatus = { state: 'unavailable' };
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    let reading: KeystoreStatus | 'threw';
    try {
      reading = judgeKeystore({
        platform: probe.platform,
        isAvailable: probe.isEncryptionAvailable(),
        ...(probe.platform === 'linux' && probe.selectedBackend ? { backend: probe.selectedBackend() } : {}),
      });
    } catch (error) {
      options.onAttemptFailed?.(error);
      reading = 'threw';
    }
    if (reading !== 'threw') last = reading;
    if (!shouldRetryKeystore(reading)) return last;
    if (attempt < attempts) await sleep(delayMs);
  }
  return last;
}
