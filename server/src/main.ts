import { readFileSync } from 'node:fs';
import { createServer } from './app';
import { parseCliArgs, postgresRefusal, USAGE } from './cli-args';

function envValue(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2), process.cwd(), process.env);
  if (parsed.ok === 'help') {
    console.log(USAGE);
    return;
  }
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { options } = parsed;
  if (parsed.command === 'migrate') {
    const { migrateStore } = await import('./migrate-command');
    const result = await migrateStore(options).catch((error: unknown) => {
      console.error(`Takt migrate failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
    console.log(
      result.from === result.to
        ? `${result.store} at ${result.where}: schema version ${result.to}, already up to date`
        : `${result.store} at ${result.where}: schema migrated from version ${result.from} to ${result.to}`,
    );
    return;
  }
  if (parsed.command === 'move-to-postgres' && options.databaseUrl !== undefined) {
    const { moveToPostgres, MoveRefusedError } = await import('./storage/move/move-to-postgres');
    const { formatMoveReport, formatTableChecks } = await import('./storage/move/move-report');
    try {
      const report = await moveToPostgres({
        dataDir: options.dataDir,
        databaseUrl: options.databaseUrl,
        plantId: options.plantId ?? 'default',
      });
      console.log(formatMoveReport(report));
    } catch (error) {
      console.error(`Takt move-to-postgres refused: ${error instanceof Error ? error.message : String(error)}`);
      if (error instanceof MoveRefusedError) console.error(formatTableChecks(error.tables).join('\n'));
      process.exitCode = 1;
    }
    return;
  }
  // Everything the server creates (database, WAL, secrets, probes) is for its own user only.
  process.umask(0o077);
  const enrollmentCode = envValue('TAKT_ENROLLMENT_CODE');
  if (enrollmentCode !== undefined && !options.demo) {
    // A plant-wide code that never expires is for demos and development only.
    console.error(
      'TAKT_ENROLLMENT_CODE is only used with --demo. In production, create enrollment codes per station or for one use with POST /api/v1/admin/enrollment-codes (see README, "Enrolling terminals").',
    );
    process.exitCode = 2;
    return;
  }
  const adminToken = envValue('TAKT_ADMIN_TOKEN');
  let tls: { cert: string; key: string } | undefined;
  if (options.tls) {
    try {
      tls = { cert: readFileSync(options.tls.certFile, 'utf8'), key: readFileSync(options.tls.keyFile, 'utf8') };
    } catch (error) {
      console.error(
        `cannot read the TLS certificate or key: ${error instanceof Error ? error.message : String(error)}`,
      );
      process.exitCode = 2;
      return;
    }
  }
  const refusal = postgresRefusal(options);
  if (refusal !== undefined) {
    console.error(refusal);
    process.exitCode = 2;
    return;
  }
  const common = {
    ...(tls ? { tls } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    dataDir: options.dataDir,
    logger: { level: process.env.TAKT_LOG_LEVEL ?? 'info' },
    ...(enrollmentCode === undefined ? {} : { enrollmentCode }),
    ...(adminToken === undefined ? {} : { adminToken }),
  };
  const server =
    options.databaseUrl === undefined
      ? await createServer({
          ...common,
          ...(options.boardOfflineAfterMs === undefined ? {} : { boardOfflineAfterMs: options.boardOfflineAfterMs }),
          staticDir: options.staticDir,
          ...(options.updatesDir === undefined ? {} : { updatesDir: options.updatesDir }),
          demo: options.demo,
          init: options.init,
        })
      : // Loaded only when asked for: the SQLite default starts without the PostgreSQL driver.
        await (
          await import('./storage/pg/pg-server')
        ).createPgServer({
          ...common,
          databaseUrl: options.databaseUrl,
          ...(options.plantId === undefined ? {} : { plantId: options.plantId }),
          ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
          staticDir: options.staticDir,
          ...(options.updatesDir === undefined ? {} : { updatesDir: options.updatesDir }),
        });

  let isStopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (isStopping) process.exit(1); // a second Ctrl+C means: now
    isStopping = true;
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await server.app.listen({ port: options.port, host: options.host });
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const scheme = tls ? 'https' : 'http';
  // One line that people and test harnesses read: the URL and, in demo mode, the code for tablets. The admin
  // token is a secret: it stays in the 0600 secrets file (or the environment), never in a log.
  const enrollment =
    server.enrollmentCode === undefined
      ? 'enrollment codes: POST /api/v1/admin/enrollment-codes'
      : `enrollment code: ${server.enrollmentCode}`;
  console.log(
    `Takt server listening on ${scheme}://${shownHost}:${port} | ${enrollment} | admin token: in ${server.secretsFile}`,
  );
}

main().catch((error: unknown) => {
  console.error('Takt server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
