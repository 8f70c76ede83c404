import type { MoveReport, TableCheck } from './move-to-postgres';

const HASH_PREFIX = 12;

/** The per-table comparison as operators read it: rows and hash prefix on each side, ok or MISMATCH. */
export function formatTableChecks(checks: readonly TableCheck[]): string[] {
  const width = Math.max(...checks.map((check) => check.table.length), 'table'.length);
  const header = `${'table'.padEnd(width)}  ${'sqlite rows'.padStart(11)}  ${'postgres rows'.padStart(13)}  ${'hash'.padEnd(HASH_PREFIX)}  check`;
  return [
    header,
    ...checks.map((check) =>
      [
        check.table.padEnd(width),
        String(check.sqlite.rows).padStart(11),
        String(check.postgres.rows).padStart(13),
        (check.isOk ? check.sqlite.hash : check.postgres.hash).slice(0, HASH_PREFIX),
        check.isOk ? 'ok' : `MISMATCH (sqlite ${check.sqlite.hash.slice(0, HASH_PREFIX)})`,
      ].join('  '),
    ),
  ];
}

export function formatMoveReport(report: MoveReport): string {
  const lines = [
    report.outcome === 'copied'
      ? `Moved into plant "${report.plantId}"; verified by row counts and hashes:`
      : `Plant "${report.plantId}" already holds exactly this data: nothing changed. Verified:`,
    ...formatTableChecks(report.tables),
  ];
  for (const { table, rows } of report.notMoved) {
    lines.push(`${table}: ${rows} rows, not moved (not served on PostgreSQL yet)`);
  }
  if (report.pendingTokenTerminals > 0) {
    lines.push(
      `${report.pendingTokenTerminals} terminal(s) had a rotated token not used yet: moved as pending; the current token works until the new one is first used`,
    );
  }
  lines.push(
    "The admin token stays in the data folder's secrets file: give every PostgreSQL instance the same TAKT_ADMIN_TOKEN.",
  );
  return lines.join('\n');
}
