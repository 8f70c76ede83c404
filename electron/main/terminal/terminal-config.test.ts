import { describe, expect, it } from 'vitest';
import { readTerminalConfig } from './terminal-config';

describe('readTerminalConfig', () => {
  it('reads a good file', () => {
    const result = readTerminalConfig(JSON.stringify({ serverUrl: 'https://mes:8080', stationId: 'ST-10' }), {});
    expect(result).toEqual({
      ok: true,
      config: { serverUrl: 'https://mes:8080', stationId: 'ST-10', wedgeLayout: 'us', scanSources: [] },
    });
  });

  it('reads how often the token is rotated', () => {
    const result = readTerminalConfig(
      JSON.stringify({ serverUrl: 'https://mes', stationId: 'ST-10', tokenRotationDays: 90 }),
      {},
    );
    expect(result).toMatchObject({ ok: true, config: { tokenRotationDays: 90 } });
  });

  it('lets environment variables win over the file', () => {
    const result = readTerminalConfig(JSON.stringify({ serverUrl: 'https://a:1', stationId: 'ST-10' }), {
      TAKT_SERVER_URL: 'https://b',
      TAKT_STATION_ID: 'ST-20',
      TAKT_ENROLLMENT_CODE: 'code',
    });
    expect(result).toEqual({
      ok: true,
      config: {
        serverUrl: 'https://b',
        stationId: 'ST-20',
        enrollmentCode: 'code',
        wedgeLayout: 'us',
        scanSources: [],
      },
    });
  });

  it.each([
    ['{', 'not valid JSON'],
    ['[]', 'must hold an object'],
    ['"x"', 'must hold an object'],
    ['null', 'must hold an object'],
    [JSON.stringify({ serverUrl: 'file:///etc/passwd', stationId: 'ST-10' }), 'serverUrl'],
    [JSON.stringify({ serverUrl: 'javascript:alert(1)', stationId: 'ST-10' }), 'serverUrl'],
    [JSON.stringify({ serverUrl: 'https://a', stationId: '' }), 'stationId'],
    [JSON.stringify({ serverUrl: 'https://a', stationId: 'ST', extra: 1 }), ''],
    [JSON.stringify({ serverUrl: 'https://a', stationId: 'ST', tokenRotationDays: 0 }), 'tokenRotationDays'],
    [JSON.stringify({ serverUrl: 'https://a', stationId: 'ST', tokenRotationDays: 1.5 }), 'tokenRotationDays'],
  ])('reports a broken file %s', (text, problem) => {
    const result = readTerminalConfig(text, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain(problem);
  });

  it('reads the wedge layout and scan sources, and refuses a broken device entry', () => {
    const base = { serverUrl: 'https://mes:8080', stationId: 'ST-10', wedgeLayout: 'de' };
    const good = readTerminalConfig(
      JSON.stringify({
        ...base,
        scanSources: [
          { kind: 'serial', deviceId: 'scanner-1', port: { path: '/dev/ttyACM0' }, framing: { terminator: 'cr' } },
        ],
      }),
      {},
    );
    expect(good.ok && good.config.wedgeLayout).toBe('de');
    expect(good.ok && good.config.scanSources).toHaveLength(1);
    const bad = readTerminalConfig(JSON.stringify({ ...base, scanSources: [{ kind: 'teleport' }] }), {});
    expect(bad.ok).toBe(false);
    expect(readTerminalConfig(JSON.stringify({ ...base, wedgeLayout: 'fr' }), {}).ok).toBe(false);
  });

  it.each([
    ['http://mes.plant.local:8080', false],
    ['http://10.0.0.5', false],
    ['http://localhost.evil.example:8080', false],
    ['http://127.0.0.1.evil.example', false],
    ['http://localhost:8080', true],
    ['http://127.0.0.1:8080', true],
    ['http://[::1]:8080', true],
    ['https://mes.plant.local', true],
  ])('server URL %s is accepted: %s (plain http only on this machine)', (serverUrl, accepted) => {
    const result = readTerminalConfig(JSON.stringify({ serverUrl, stationId: 'ST-10' }), {});
    expect(result.ok).toBe(accepted);
    if (!result.ok) expect(result.problem).toContain('https');
  });

  it('reports a missing configuration', () => {
    expect(readTerminalConfig(null, {}).ok).toBe(false);
  });
});

describe('the README', () => {
  it('shows a station configuration that the terminal accepts', async () => {
    const fs = await import('node:fs');
    const readme = fs.readFileSync('README.md', 'utf8');
    const sample = /## A station terminal \(Electron\)[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(sample).toBeDefined();
    const result = readTerminalConfig(sample ?? '', {});
    expect(result).toMatchObject({ ok: true, config: { stationId: 'ST-10', wedgeLayout: 'us' } });
    expect(result.ok && result.config.scanSources.map((source) => source.kind)).toEqual([
      'serial',
      'badge-serial',
      'hid',
    ]);
  });
});
