import { describe, expect, it } from 'vitest';
import { checkKeystore, judgeKeystore, type KeystoreProbe } from './keystore-status';

describe('judgeKeystore', () => {
  it.each([
    [
      { platform: 'linux', isAvailable: true, backend: 'gnome_libsecret' },
      { state: 'secure', backend: 'gnome_libsecret' },
    ],
    [
      { platform: 'linux', isAvailable: true, backend: 'kwallet6' },
      { state: 'secure', backend: 'kwallet6' },
    ],
    [
      { platform: 'linux', isAvailable: true, backend: 'basic_text' },
      { state: 'basic-text', backend: 'basic_text' },
    ],
    [
      { platform: 'linux', isAvailable: true, backend: 'unknown' },
      { state: 'unknown', backend: 'unknown' },
    ],
    [
      { platform: 'linux', isAvailable: false, backend: 'basic_text' },
      { state: 'unavailable', backend: 'basic_text' },
    ],
    [{ platform: 'linux', isAvailable: true }, { state: 'secure' }],
    [{ platform: 'win32', isAvailable: true, backend: 'basic_text' }, { state: 'secure' }],
    [{ platform: 'darwin', isAvailable: false }, { state: 'unavailable' }],
    [
      { platform: 'linux', isAvailable: true, backend: 'x'.repeat(500) },
      { state: 'secure', backend: 'x'.repeat(32) },
    ],
  ] as const)('%j -> %j', (reading, expected) => {
    expect(judgeKeystore(reading)).toEqual(expected);
  });
});

describe('checkKeystore', () => {
  const noSleep = async () => undefined;

  function scriptedProbe(backends: Array<string | Error>): KeystoreProbe & { calls: number } {
    const probe = {
      calls: 0,
      platform: 'linux' as const,
      isEncryptionAvailable: () => true,
      selectedBackend: () => {
        const next = backends[Math.min(probe.calls, backends.length - 1)]!;
        probe.calls += 1;
        if (next instanceof Error) throw next;
        return next;
      },
    };
    return probe;
  }

  it('asks again while the backend is not settled or the probe throws, and stops at the first final answer', async () => {
    const failures: unknown[] = [];
    const probe = scriptedProbe([new Error('not ready'), 'unknown', 'basic_text', 'gnome_libsecret']);
    const status = await checkKeystore(probe, { sleep: noSleep, onAttemptFailed: (e) => failures.push(e) });
    expect(status).toEqual({ state: 'basic-text', backend: 'basic_text' });
    expect(probe.calls).toBe(3);
    expect(failures).toHaveLength(1);
  });

  it('never rejects: a probe that always throws ends as unavailable after the attempts', async () => {
    const probe = scriptedProbe([new Error('safeStorage broken')]);
    const sleeps: number[] = [];
    const status = await checkKeystore(probe, {
      attempts: 3,
      delayMs: 50,
      sleep: async (ms) => void sleeps.push(ms),
    });
    expect(status).toEqual({ state: 'unavailable' });
    expect(probe.calls).toBe(3);
    expect(sleeps).toEqual([50, 50]);
  });

  it('reports an unsettled backend as unknown when it never settles', async () => {
    const status = await checkKeystore(scriptedProbe(['unknown']), { attempts: 2, sleep: noSleep });
    expect(status).toEqual({ state: 'unknown', backend: 'unknown' });
  });
});
