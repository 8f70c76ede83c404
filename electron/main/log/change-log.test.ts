import { describe, expect, it } from 'vitest';
import type { RotatingLog } from './rotating-log';
import { createDeviceLog, createSyncErrorLog } from './change-log';

function memoryLog(): RotatingLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    file: 'memory',
    info: (topic, message) => lines.push(`INFO [${topic}] ${message}`),
    warn: (topic, message) => lines.push(`WARN [${topic}] ${message}`),
    error: (topic, message) => lines.push(`ERROR [${topic}] ${message}`),
    tail: () => lines,
  };
}

describe('sync error log', () => {
  it('writes a failure once while it lasts, a new failure again, and the recovery once', () => {
    const log = memoryLog();
    const report = createSyncErrorLog(log);
    report('sync:push', { kind: 'ok' });
    for (let i = 0; i < 50; i += 1) report('sync:push', { kind: 'network-error', message: 'ECONNREFUSED' });
    report('sync:push', { kind: 'http-error', status: 503, code: 'degraded' });
    report('sync:pull', { kind: 'http-error', status: 503, code: 'degraded' });
    report('sync:push', { kind: 'ok' });
    report('sync:push', { kind: 'ok' });
    expect(log.lines).toEqual([
      'WARN [sync] sync:push failed: network error: ECONNREFUSED',
      'WARN [sync] sync:push failed: HTTP 503 degraded',
      'WARN [sync] sync:pull failed: HTTP 503 degraded',
      'INFO [sync] sync:push works again (was: HTTP 503 degraded)',
    ]);
  });
});

describe('device log', () => {
  it('writes a device when its state changes, never its scan counts', () => {
    const log = memoryLog();
    const report = createDeviceLog(log);
    const base = { deviceId: 'scanner-1', kind: 'serial' as const, scans: 0, errors: 0 };
    report({ ...base, state: 'connecting' });
    report({ ...base, state: 'connected' });
    report({ ...base, state: 'connected', scans: 12 });
    report({ ...base, state: 'disconnected', code: 'serial-disconnected', detail: '/dev/ttyUSB0' });
    expect(log.lines).toEqual([
      'INFO [device] scanner-1 (serial): connecting',
      'INFO [device] scanner-1 (serial): connected',
      'WARN [device] scanner-1 (serial): disconnected (serial-disconnected) – /dev/ttyUSB0',
    ]);
  });
});
