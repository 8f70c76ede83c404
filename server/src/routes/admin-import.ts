import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiFailure, parseOrFail } from '../http/api-error';
import { CSV_DATASETS, csvToImportRequest, type CsvDataset } from '../master-data/csv-import';
import { ImportRequestSchema, type ImportOptions, type ImportRequest } from '../master-data/import';
import type { RouteContext } from './route-context';

/** ERP exports are large; 32 MB holds a few hundred thousand order rows. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

const CsvQuerySchema = z.strictObject({
  dataset: z.enum(CSV_DATASETS as [CsvDataset, ...CsvDataset[]]),
  mode: z.enum(['merge', 'replace']).optional(),
});
const JsonQuerySchema = z.strictObject({});

function isCsv(contentType: unknown): boolean {
  return typeof contentType === 'string' && /^text\/csv\b/i.test(contentType);
}

export function registerImportRoute(admin: FastifyInstance, ctx: Pick<RouteContext, 'sync'>): void {
  admin.post('/api/v1/admin/import', { bodyLimit: IMPORT_BODY_LIMIT }, async (request) => {
    let importRequest: ImportRequest;
    const options: ImportOptions = {};
    if (isCsv(request.headers['content-type'])) {
      const query = parseOrFail(CsvQuerySchema, request.query, 'CSV import query');
      if (typeof request.body !== 'string') throw new ApiFailure(400, 'invalid-request', 'the CSV body is missing');
      const parsed = await csvToImportRequest(request.body, query.dataset, query.mode ?? 'merge');
      if (!parsed.ok)
        throw new ApiFailure(422, 'import-invalid', 'the CSV file has errors; nothing was imported', parsed.errors);
      importRequest = parsed.request;
      options.rowLabel = (_dataset, index) => `line ${parsed.lineOf(index)}`;
    } else {
      parseOrFail(JsonQuerySchema, request.query, 'JSON import query (mode goes in the body)');
      importRequest = parseOrFail(ImportRequestSchema, request.body, 'import');
    }
    const outcome = await ctx.sync.importMasterData(importRequest, { clientIp: request.ip }, options);
    if (!outcome.ok)
      throw new ApiFailure(422, 'import-invalid', 'some rows are invalid; nothing was imported', outcome.errors);
    request.log.info({ import: outcome.summary }, 'master data imported');
    return outcome.summary;
  });
}
