import type { DatasetName } from '@shared/master-data';
import { detectDelimiter, parseCsv } from './csv';
import { IMPORT_CHUNK_ROWS, yieldToEventLoop, type ImportRequest } from './import';

type ColumnKind = 'text' | 'optional-text' | 'number' | 'optional-flag';

interface Column {
  /** Path of the field in the dataset record: `text.de` becomes `{ text: { de } }`. */
  field: string;
  kind: ColumnKind;
}

const text = (field: string): Column => ({ field, kind: 'text' });
const optionalText = (field: string): Column => ({ field, kind: 'optional-text' });
const number = (field: string): Column => ({ field, kind: 'number' });
const optionalFlag = (field: string): Column => ({ field, kind: 'optional-flag' });

/** Yes/no cells as ERP exports write them; empty means "not set". */
const FLAG_VALUES: Record<string, boolean> = { true: true, yes: true, ja: true, x: true, '1': true };
for (const no of ['false', 'no', 'nein', '0']) FLAG_VALUES[no] = false;

/** The datasets that fit in a flat table, with their columns by header name. */
export const CSV_COLUMNS = {
  stations: { id: text('id'), name: text('name'), area: optionalText('area'), loginMode: optionalText('loginMode') },
  operators: {
    id: text('id'),
    name: text('name'),
    role: text('role'),
    badgeUid: text('badgeUid'),
    pin: optionalText('pin'),
    language: optionalText('language'),
  },
  orders: {
    id: text('id'),
    number: text('number'),
    material: text('material'),
    materialText: text('materialText'),
    quantity: number('quantity'),
    unit: text('unit'),
    dueDate: text('dueDate'),
    status: text('status'),
  },
  operations: {
    id: text('id'),
    orderId: text('orderId'),
    number: text('number'),
    text: text('text'),
    stationId: text('stationId'),
    setupMinutes: number('setupMinutes'),
    cycleSeconds: number('cycleSeconds'),
    status: text('status'),
    qualityPlanId: optionalText('qualityPlanId'),
  },
  reasons: { id: text('id'), kind: text('kind'), textDe: text('text.de'), textEn: text('text.en') },
  // Breaks and planned downtime are lists: JSON import only.
  shifts: {
    id: text('id'),
    name: text('name'),
    start: text('start'),
    end: text('end'),
    timeZone: optionalText('timeZone'),
  },
  // One line per component; lines with the same id form one bill of materials (see groupBomLines).
  boms: {
    id: text('id'),
    operationId: text('operationId'),
    componentId: text('component.id'),
    name: text('component.name'),
    gtin: optionalText('component.gtin'),
    materialNumber: optionalText('component.materialNumber'),
    quantityPerUnit: number('component.quantityPerUnit'),
    unit: text('component.unit'),
    lotRequired: optionalFlag('component.isLotRequired'),
    serialRequired: optionalFlag('component.isSerialRequired'),
  },
} satisfies Partial<Record<DatasetName, Record<string, Column>>>;

export type CsvDataset = keyof typeof CSV_COLUMNS;
export const CSV_DATASETS = Object.keys(CSV_COLUMNS) as CsvDataset[];

export type CsvImportParse =
  { ok: true; request: ImportRequest; lineOf: (index: number) => number } | { ok: false; errors: string[] };

/** Turns a CSV file (header row first) into rows of one dataset; values are validated later by the import. */
/** Builds the rows in slices like the import itself, so a large file does not hold up the server. */
export async function csvToImportRequest(
  csv: string,
  dataset: CsvDataset,
  mode: 'merge' | 'replace',
): Promise<CsvImportParse> {
  const delimiter = detectDelimiter(csv);
  const parsed = parseCsv(csv, delimiter);
  if (!parsed.ok) return { ok: false, errors: [`line ${parsed.line}: ${parsed.message}`] };
  const [header, ...body] = parsed.records;
  if (!header) return { ok: false, errors: ['the file is empty; the first line must name the columns'] };

  const columns: Record<string, Column> = CSV_COLUMNS[dataset];
  const names = header.fields.map((name) => name.trim());
  const errors: string[] = [];
  const unknown = names.filter((name) => !Object.hasOwn(columns, name));
  if (unknown.length > 0)
    errors.push(
      `line ${header.line}: unknown column(s) ${unknown.join(', ')}; expected ${Object.keys(columns).join(', ')}`,
    );
  const missing = Object.entries(columns)
    .filter(([name, column]) => !column.kind.startsWith('optional-') && !names.includes(name))
    .map(([name]) => name);
  if (missing.length > 0) errors.push(`line ${header.line}: missing column(s) ${missing.join(', ')}`);
  if (new Set(names).size !== names.length) errors.push(`line ${header.line}: a column appears twice`);
  if (errors.length > 0) return { ok: false, errors };

  const rows: unknown[] = [];
  for (const [index, record] of body.entries()) {
    if (index > 0 && index % IMPORT_CHUNK_ROWS === 0) await yieldToEventLoop();
    if (record.fields.length !== names.length) {
      errors.push(`line ${record.line}: ${record.fields.length} fields, the header has ${names.length}`);
      continue;
    }
    const row: Record<string, unknown> = {};
    names.forEach((name, index) => {
      const column = columns[name];
      const cell = record.fields[index] ?? '';
      if (!column) return;
      if (column.kind.startsWith('optional-') && cell.trim() === '') return;
      if (column.kind === 'optional-flag') {
        const flag = FLAG_VALUES[cell.trim().toLowerCase()];
        if (flag === undefined) errors.push(`line ${record.line}, ${name}: "${cell.slice(0, 40)}" is not yes or no`);
        else setPath(row, column.field, flag);
        return;
      }
      if (column.kind !== 'number') return setPath(row, column.field, cell);
      const value = parseNumber(cell, delimiter);
      if (value === undefined) errors.push(`line ${record.line}, ${name}: "${cell.slice(0, 40)}" is not a number`);
      else setPath(row, column.field, value);
    });
    rows.push(row);
  }
  if (errors.length > 0) return { ok: false, errors };
  const lineOf = (index: number) => body[index]?.line ?? 0;
  if (dataset === 'boms') return groupBomLines(rows, lineOf, mode);
  return { ok: true, request: { mode, [dataset]: rows }, lineOf };
}

/** Component lines sharing a BOM id become one bill of materials; errors then name the BOM's first line. */
function groupBomLines(lines: unknown[], lineOf: (index: number) => number, mode: 'merge' | 'replace'): CsvImportParse {
  const boms = new Map<string, { firstIndex: number; operationId: unknown; components: unknown[] }>();
  const errors: string[] = [];
  lines.forEach((line, index) => {
    const { id, operationId, component } = line as { id?: unknown; operationId?: unknown; component?: unknown };
    const key = String(id ?? '');
    const bom = boms.get(key);
    if (bom === undefined) {
      boms.set(key, { firstIndex: index, operationId, components: [component] });
      return;
    }
    if (bom.operationId !== operationId)
      errors.push(`line ${lineOf(index)}: bill of materials "${key}" names two operations`);
    bom.components.push(component);
  });
  if (errors.length > 0) return { ok: false, errors };
  const grouped = [...boms.entries()];
  return {
    ok: true,
    request: {
      mode,
      boms: grouped.map(([id, bom]) => ({ id, operationId: bom.operationId, components: bom.components })),
    },
    lineOf: (index) => lineOf(grouped[index]?.[1].firstIndex ?? -1),
  };
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, leaf] = path.split('.') as [string, string | undefined];
  if (leaf === undefined) {
    target[head] = value;
    return;
  }
  const inner = (target[head] ??= {}) as Record<string, unknown>;
  inner[leaf] = value;
}

/** Plain decimals; with `;` as delimiter a decimal comma is accepted too (German Excel). */
function parseNumber(cell: string, delimiter: ',' | ';'): number | undefined {
  const trimmed = cell.trim();
  const normalized = delimiter === ';' ? trimmed.replace(',', '.') : trimmed;
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return undefined;
  return Number(normalized);
}
