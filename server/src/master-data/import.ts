import { z } from 'zod';
import { DATASET_NAMES, DATASET_SCHEMAS, OperatorSchema, type DatasetName, type Operator } from '@shared/master-data';
import {
  canonicalBadgeUid,
  OperatorImportRowSchema,
  randomSalt,
  toOperatorRecord,
  type OperatorImportRow,
  type PinHasher,
  type SaltSource,
} from './operator-secrets';
import { findScanPatternProblems } from '@shared/barcode';
import type { AuditEntry } from '../audit/audit-log';
import type { MasterDataStore } from './store';

export const MAX_IMPORT_ROWS = 200_000;
const MAX_ERRORS = 200;
/**
 * Rows checked between two turns of the event loop. Checking 200,000 rows takes seconds; in slices the
 * server keeps answering terminals meanwhile. The write stays one transaction (all or nothing).
 */
export const IMPORT_CHUNK_ROWS = 1_000;

/** Lets pending I/O (pushes, pulls, health probes) run before the next slice of work. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const rows = z.array(z.unknown()).max(MAX_IMPORT_ROWS).optional();
const keys = z.array(z.string().trim().min(1).max(64)).max(MAX_IMPORT_ROWS).optional();

/**
 * `merge` (default) writes the given rows and leaves the rest; `replace` makes each dataset present in the
 * request exactly the given rows (the others get tombstones). `delete` removes keys explicitly.
 */
export const ImportRequestSchema = z.strictObject({
  mode: z.enum(['merge', 'replace']).optional(),
  stations: rows,
  operators: rows,
  orders: rows,
  operations: rows,
  reasons: rows,
  qualityPlans: rows,
  shifts: rows,
  boms: rows,
  delete: z
    .strictObject({
      stations: keys,
      operators: keys,
      orders: keys,
      operations: keys,
      reasons: keys,
      qualityPlans: keys,
      shifts: keys,
      boms: keys,
    })
    .optional(),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

export interface DatasetImportCounts {
  received: number;
  written: number;
  unchanged: number;
  deleted: number;
}
export interface ImportSummary {
  mode: 'merge' | 'replace';
  datasets: Partial<Record<DatasetName, DatasetImportCounts>>;
}
/** The audit trail's row for an import: its mode and what it changed per dataset, not the rows themselves. */
export function importAuditEntry(summary: ImportSummary, clientIp: string): AuditEntry {
  return { action: 'master-data.import', target: summary.mode, clientIp, details: { datasets: summary.datasets } };
}

export type ImportOutcome = { ok: true; summary: ImportSummary } | { ok: false; errors: string[] };

export interface ImportOptions {
  makeSalt?: SaltSource;
  hashPin?: PinHasher;
  /** How an error names a row: `orders[3]` for JSON, `line 5` for CSV. */
  rowLabel?: (dataset: DatasetName, index: number) => string;
  /** Runs inside the import's transaction once it is written (the audit row commits with the import or not at all). */
  onWritten?: (summary: ImportSummary) => void;
}

interface ValidRow {
  key: string;
  value: unknown;
}

class ReferenceErrors extends Error {
  constructor(readonly errors: string[]) {
    super('import references unknown records');
  }
}

type RowLabel = NonNullable<ImportOptions['rowLabel']>;

interface OperatorRow {
  row: OperatorImportRow;
  canonicalUid: string;
}

/**
 * Validates every row in slices of IMPORT_CHUNK_ROWS (yielding to the event loop between them), then writes
 * everything in one transaction or nothing at all.
 */
export async function importMasterData(
  store: MasterDataStore,
  request: ImportRequest,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const label = options.rowLabel ?? ((dataset, index) => `${dataset}[${index}]`);
  const { errors, valid, operators } = await validateRows(request, label);
  if (errors.length > 0) return { ok: false, errors };

  if (request.operators !== undefined) {
    const makeSalt = options.makeSalt ?? randomSalt;
    const records = await Promise.all(
      operators.map(({ row, canonicalUid }) =>
        toOperatorRecord(row, canonicalUid, storedOperator(store, row.id), makeSalt, options.hashPin),
      ),
    );
    valid.set(
      'operators',
      records.map((record) => ({ key: record.id, value: record })),
    );
  }

  try {
    const summary = store.transaction(() => {
      const written = writeImport(store, request, valid, label);
      options.onWritten?.(written);
      return written;
    });
    return { ok: true, summary };
  } catch (error) {
    if (error instanceof ReferenceErrors) return { ok: false, errors: error.errors.slice(0, MAX_ERRORS) };
    throw error;
  }
}

async function validateRows(request: ImportRequest, label: RowLabel) {
  const errors: string[] = [];
  const addError = (message: string) => {
    if (errors.length < MAX_ERRORS) errors.push(message);
  };
  const valid = new Map<DatasetName, ValidRow[]>();
  const operators: OperatorRow[] = [];

  for (const dataset of DATASET_NAMES) {
    const input = request[dataset];
    if (input === undefined) continue;
    const accepted: ValidRow[] = [];
    const seenKeys = new Set<string>();
    const seenBadges = new Map<string, string>();
    const validateRow = (row: unknown, index: number): void => {
      const where = label(dataset, index);
      const reportIssues = (error: z.ZodError) => {
        for (const issue of error.issues.slice(0, 5)) {
          const path = issue.path.map(String).join('.');
          addError(`${where}${path ? `.${path}` : ''}: ${issue.message}`);
        }
      };
      const claimKey = (key: string): boolean => {
        if (seenKeys.has(key)) {
          addError(`${where}: id "${key}" appears more than once`);
          return false;
        }
        seenKeys.add(key);
        return true;
      };
      if (dataset === 'operators') {
        const parsed = OperatorImportRowSchema.safeParse(row);
        if (!parsed.success) return reportIssues(parsed.error);
        if (!claimKey(parsed.data.id)) return;
        const canonicalUid = canonicalBadgeUid(parsed.data.badgeUid);
        if (canonicalUid === undefined) return addError(`${where}.badgeUid: not a hex badge UID`);
        const holder = seenBadges.get(canonicalUid);
        if (holder !== undefined) return addError(`${where}.badgeUid: same badge as operator "${holder}"`);
        seenBadges.set(canonicalUid, parsed.data.id);
        operators.push({ row: parsed.data, canonicalUid });
        return;
      }
      const parsed = DATASET_SCHEMAS[dataset].safeParse(row);
      if (!parsed.success) return reportIssues(parsed.error);
      if (dataset === 'stations') {
        // The terminal refuses the same patterns at its first scan; refuse them here, with the reason.
        const problems = findScanPatternProblems(DATASET_SCHEMAS.stations.parse(parsed.data).scanPatterns ?? {});
        if (problems.length > 0) return problems.forEach((problem) => addError(`${where}.scanPatterns.${problem}`));
      }
      if (claimKey(parsed.data.id)) accepted.push({ key: parsed.data.id, value: parsed.data });
    };
    for (const [index, row] of input.entries()) {
      if (index > 0 && index % IMPORT_CHUNK_ROWS === 0) await yieldToEventLoop();
      validateRow(row, index);
    }
    if (dataset !== 'operators') valid.set(dataset, accepted);
  }
  return { errors, valid, operators };
}

/** Runs inside the import transaction; throwing ReferenceErrors rolls the whole import back. */
function writeImport(
  store: MasterDataStore,
  request: ImportRequest,
  valid: Map<DatasetName, ValidRow[]>,
  label: RowLabel,
): ImportSummary {
  const mode = request.mode ?? 'merge';
  const datasets: ImportSummary['datasets'] = {};
  for (const dataset of DATASET_NAMES) {
    const given = valid.get(dataset);
    const explicitDeletes = request.delete?.[dataset] ?? [];
    if (given === undefined && explicitDeletes.length === 0) continue;
    const counts: DatasetImportCounts = { received: given?.length ?? 0, written: 0, unchanged: 0, deleted: 0 };
    for (const { key, value } of given ?? []) counts[store.put(dataset, key, value)] += 1;
    const givenKeys = new Set((given ?? []).map((row) => row.key));
    const missing =
      mode === 'replace' && given !== undefined ? store.liveKeys(dataset).filter((key) => !givenKeys.has(key)) : [];
    for (const key of [...missing, ...explicitDeletes]) if (store.remove(dataset, key)) counts.deleted += 1;
    datasets[dataset] = counts;
  }
  const referenceErrors = [
    ...findBrokenReferences(store, valid.get('operations') ?? [], label),
    ...findBrokenBomReferences(store, valid.get('boms') ?? [], label),
  ];
  if (referenceErrors.length > 0) throw new ReferenceErrors(referenceErrors);
  return { mode, datasets };
}

function storedOperator(store: MasterDataStore, id: string): Operator | undefined {
  const parsed = OperatorSchema.safeParse(store.get('operators', id));
  return parsed.success ? parsed.data : undefined;
}

/** Operations must point at an order, a station and (if given) a quality plan that exist after the import. */
function findBrokenReferences(store: MasterDataStore, operations: ValidRow[], label: RowLabel): string[] {
  const errors: string[] = [];
  operations.forEach(({ value }, index) => {
    const operation = DATASET_SCHEMAS.operations.parse(value);
    const where = label('operations', index);
    if (store.get('orders', operation.orderId) === undefined)
      errors.push(`${where}.orderId: unknown order "${operation.orderId}"`);
    if (store.get('stations', operation.stationId) === undefined)
      errors.push(`${where}.stationId: unknown station "${operation.stationId}"`);
    if (operation.qualityPlanId !== undefined && store.get('qualityPlans', operation.qualityPlanId) === undefined) {
      errors.push(`${where}.qualityPlanId: unknown quality plan "${operation.qualityPlanId}"`);
    }
  });
  return errors;
}

/** A bill of materials belongs to an operation that exists, and an operation has at most one. */
function findBrokenBomReferences(store: MasterDataStore, boms: ValidRow[], label: RowLabel): string[] {
  if (boms.length === 0) return [];
  const errors: string[] = [];
  // Read after this import's writes, so it sees stored and imported BOMs alike.
  const bomsByOperation = new Map<string, string[]>();
  for (const key of store.liveKeys('boms')) {
    const stored = DATASET_SCHEMAS.boms.safeParse(store.get('boms', key));
    if (!stored.success) continue;
    bomsByOperation.set(stored.data.operationId, [...(bomsByOperation.get(stored.data.operationId) ?? []), key]);
  }
  boms.forEach(({ key, value }, index) => {
    const bom = DATASET_SCHEMAS.boms.parse(value);
    const where = label('boms', index);
    if (store.get('operations', bom.operationId) === undefined)
      errors.push(`${where}.operationId: unknown operation "${bom.operationId}"`);
    const other = bomsByOperation.get(bom.operationId)?.find((owner) => owner !== key);
    if (other !== undefined)
      errors.push(`${where}.operationId: operation "${bom.operationId}" already has bill of materials "${other}"`);
  });
  return errors;
}
