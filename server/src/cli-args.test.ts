import { describe, expect, it } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parseCliArgs, postgresRefusal } from './cli-args';

describe('parseCliArgs', () => {
  it('has defaults', () => {
    const parsed = parseCliArgs([], '/srv/takt');
    expect(parsed).toMatchObject({
      ok: true,
      options: { port: DEFAULT_PORT, host: DEFAULT_HOST, dataDir: '/srv/takt/data', demo: false, init: false },
    });
    expect(parsed.ok === true && parsed.options.staticDir).toMatch(/out\/renderer$/);
  });

  it('reads every option', () => {
    expect(
      parseCliArgs(['--port', '0', '--host', '0.0.0.0', '--data', 'tmp/x', '--static', '/web', '--demo'], '/srv'),
    ).toEqual({
      ok: true,
      command: 'serve',
      options: { port: 0, host: '0.0.0.0', dataDir: '/srv/tmp/x', staticDir: '/web', demo: true, init: false },
    });
  });

  it('reads the TLS files and the trusted proxies', () => {
    expect(
      parseCliArgs(
        ['--tls-cert', 'certs/server.pem', '--tls-key', '/etc/takt/key.pem', '--trust-proxy', '10.0.0.1'],
        '/srv',
      ),
    ).toMatchObject({
      ok: true,
      options: { tls: { certFile: '/srv/certs/server.pem', keyFile: '/etc/takt/key.pem' }, trustProxy: '10.0.0.1' },
    });
    expect(parseCliArgs(['--trust-proxy', 'true'])).toMatchObject({ ok: true, options: { trustProxy: true } });
    expect(parseCliArgs(['--offline-after', '30'])).toMatchObject({
      ok: true,
      options: { boardOfflineAfterMs: 30_000 },
    });
  });

  it.each([
    [['--tls-cert', 'a.pem']],
    [['--tls-key', 'a.pem']],
    [['--trust-proxy', ' ']],
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--port', '-1']],
    [['--bogus']],
    [['positional']],
    [['--host', '']],
    [['--offline-after', '0']],
    [['--offline-after', '1.5']],
  ])('refuses %j', (argv) => {
    expect(parseCliArgs(argv).ok).toBe(false);
  });

  it('takes "migrate" and "move-to-postgres" as commands, with the same options, and refuses any other word', () => {
    expect(parseCliArgs(['migrate', '--data', 'd'], '/srv')).toMatchObject({
      ok: true,
      command: 'migrate',
      options: { dataDir: '/srv/d' },
    });
    expect(parseCliArgs(['--database', 'postgres://u@h/db', 'migrate'])).toMatchObject({
      ok: true,
      command: 'migrate',
      options: { databaseUrl: 'postgres://u@h/db' },
    });
    expect(parseCliArgs(['migrat'])).toEqual({
      ok: false,
      message: 'unknown command "migrat" (the commands are "migrate" and "move-to-postgres")',
    });
    expect(parseCliArgs(['migrate', 'now'])).toMatchObject({ ok: false });
  });

  it('takes move-to-postgres with a source folder, a target URL and a plant', () => {
    expect(
      parseCliArgs(['move-to-postgres', '--data', 'd', '--database', 'postgres://u@h/db', '--plant', 'werk-2'], '/srv'),
    ).toMatchObject({
      ok: true,
      command: 'move-to-postgres',
      options: { dataDir: '/srv/d', databaseUrl: 'postgres://u@h/db', plantId: 'werk-2' },
    });
    expect(parseCliArgs(['move-to-postgres', '--data', 'd'])).toEqual({
      ok: false,
      message: 'move-to-postgres needs --database postgres://... (the target) and --data (the source)',
    });
  });

  it.each([
    [['--plant', 'x']],
    [['--database', 'postgres://u@h/db', '--plant', "a'b"]],
    [['--database', 'postgres://u@h/db', '--plant', '']],
  ])('refuses the plant in %j', (argv) => {
    expect(parseCliArgs(argv).ok).toBe(false);
  });

  it('takes a pool size with --database only, from 1 connection', () => {
    expect(parseCliArgs(['--database', 'postgres://u@h/db', '--pool-size', '4'])).toMatchObject({
      ok: true,
      options: { poolSize: 4 },
    });
    for (const size of ['0', 'many', '-3', '1000']) {
      expect(parseCliArgs(['--database', 'postgres://u@h/db', '--pool-size', size])).toMatchObject({
        ok: false,
        message: expect.stringContaining('--pool-size') as string,
      });
    }
    expect(parseCliArgs(['--pool-size', '4'])).toEqual({
      ok: false,
      message: '--pool-size needs --database: SQLite has no connection pool',
    });
  });

  it('asks for help', () => {
    expect(parseCliArgs(['--help']).ok).toBe('help');
  });

  it('takes the PostgreSQL URL from --database or TAKT_DATABASE_URL, the flag first, and refuses other URLs', () => {
    const url = 'postgres://takt:secret@db.example:5432/takt';
    expect(parseCliArgs(['--database', url], '/srv')).toMatchObject({ ok: true, options: { databaseUrl: url } });
    expect(parseCliArgs([], '/srv', { TAKT_DATABASE_URL: ` ${url} ` })).toMatchObject({
      ok: true,
      options: { databaseUrl: url },
    });
    const flagWins = parseCliArgs(['--database', url], '/srv', { TAKT_DATABASE_URL: 'postgres://other/db' });
    expect(flagWins.ok === true && flagWins.options.databaseUrl).toBe(url);
    const sqlite = parseCliArgs([], '/srv', { TAKT_DATABASE_URL: '' });
    expect(sqlite.ok === true && sqlite.options.databaseUrl).toBeUndefined();
    expect(parseCliArgs(['--database', 'mysql://x/y'])).toMatchObject({ ok: false });
    expect(parseCliArgs([], '/srv', { TAKT_DATABASE_URL: 'data/takt.sqlite' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('TAKT_DATABASE_URL'),
    });
  });

  it('refuses what the PostgreSQL store does not serve yet, and says what it serves', () => {
    const parsed = parseCliArgs(['--database', 'postgres://db/takt', '--demo']);
    if (parsed.ok !== true) throw new Error('expected options');
    expect(postgresRefusal(parsed.options)).toMatch(/does not support --demo .* it serves the whole API/);
    const plain = parseCliArgs(['--database', 'postgres://db/takt', '--updates', '/srv/updates']);
    expect(plain.ok === true && postgresRefusal(plain.options)).toBeUndefined();
    const sqliteDemo = parseCliArgs(['--demo']);
    expect(sqliteDemo.ok === true && postgresRefusal(sqliteDemo.options)).toBeUndefined();
  });
});
