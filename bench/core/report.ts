import type { CaseResult, TableRow } from './cases';

// The results table, for the terminal and as Markdown for bench/README.md.

const HEADERS = ['case', 'Takt', 'reference', 'ratio', 'target', 'met?'] as const;

function cells(row: TableRow): string[] {
  const met = row.met === null ? 'n/a' : row.met ? 'yes' : 'NO';
  const ratio =
    row.ratio === null || !Number.isFinite(row.ratio)
      ? '—'
      : row.ratio >= 10
        ? row.ratio.toFixed(0)
        : row.ratio >= 0.1
          ? row.ratio.toFixed(2)
          : row.ratio.toPrecision(2);
  return [row.case, row.takt, row.reference, ratio, row.target, met];
}

export function allRows(results: readonly CaseResult[]): TableRow[] {
  return results.flatMap((result) =>
    result.error === undefined
      ? result.rows
      : [
          {
            case: result.title,
            takt: `error: ${result.error.split('\n')[0]?.slice(0, 120) ?? ''}`,
            reference: '—',
            ratio: null,
            target: '—',
            met: false,
          },
        ],
  );
}

export function textTable(rows: readonly TableRow[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...body.map((line) => (line[i] ?? '').length)));
  const line = (values: readonly string[]) => values.map((value, i) => value.padEnd(widths[i] ?? 0)).join(' | ');
  return [line(HEADERS), widths.map((width) => '-'.repeat(width)).join('-|-'), ...body.map(line)].join('\n');
}

export function markdownTable(rows: readonly TableRow[]): string {
  const escape = (value: string) => value.replaceAll('|', '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}
