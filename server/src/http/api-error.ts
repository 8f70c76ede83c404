import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiError } from '@shared/protocol';

/** Every code the server answers with. Terminals translate these; never rename one, only add. */
export const API_ERROR_CODES = [
  'malformed-json',
  'invalid-request',
  'batch-too-large',
  'protocol-mismatch',
  'invalid-cursor',
  'unauthorized',
  'token-revoked',
  'terminal-mismatch',
  'invalid-enrollment-code',
  'unknown-station',
  'too-many-attempts',
  'not-found',
  'payload-too-large',
  'unsupported-media-type',
  'import-invalid',
  'renderer-not-built',
  'storage-unavailable',
  'internal-error',
  'invalid-credentials',
  'forbidden',
  'already-resolved',
  'cannot-reverse',
  'export-file-damaged',
  'export-file-invalid',
  'unknown-terminal',
  'already-signed',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

const MAX_DETAILS = 200;

/** Thrown by handlers for an answer that is not a success; the error handler turns it into the ApiError body. */
export class ApiFailure extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: readonly string[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export function apiErrorBody(code: ApiErrorCode, message: string, details?: readonly string[]): ApiError {
  const body: ApiError = { error: { code, message } };
  if (details && details.length > 0) body.error.details = details.slice(0, MAX_DETAILS).map((d) => d.slice(0, 500));
  return body;
}

export function sendApiError(
  reply: FastifyReply,
  status: number,
  code: ApiErrorCode,
  message: string,
  details?: readonly string[],
) {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send(apiErrorBody(code, message, details));
}

/** Zod issues as short `path: message` lines for the `details` of a 400. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** Parses with a schema or throws a 400 `invalid-request` that lists what is wrong. */
export function parseOrFail<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new ApiFailure(400, 'invalid-request', `${what} is not valid`, describeIssues(result.error));
  return result.data;
}

// Database trouble the client cannot fix but may retry: the terminal keeps the booking and tries again.
// SQLite's codes, and PostgreSQL's lost connections (SQLSTATE class 08, 57P0x), lack of resources (53),
// serialization failures and deadlocks (40001, 40P01).
const RETRYABLE_STORAGE_CODES =
  /^(SQLITE_(BUSY|LOCKED|FULL|IOERR|READONLY|CANTOPEN|PROTOCOL)|ECONNREFUSED$|ECONNRESET$|ETIMEDOUT$|08...$|53...$|57P0.$|40001$|40P01$)/;

const FASTIFY_CODES: Record<string, { status: number; code: ApiErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload-too-large',
    message: 'request body is larger than allowed',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'unsupported-media-type', message: 'unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid-request',
    message: 'content length does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'malformed-json', message: 'request body is empty' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'malformed-json', message: 'request body is not valid JSON' },
};

/** `onStorageError` hears every database failure a request ran into (health reports the last one). */
export function installErrorHandling(app: FastifyInstance, onStorageError: (code: string) => void = () => {}): void {
  app.setErrorHandler((error: FastifyError | ApiFailure | Error, request, reply) => {
    if (error instanceof ApiFailure) {
      return sendApiError(reply, error.statusCode, error.code, error.message, error.details);
    }
    const known = 'code' in error && typeof error.code === 'string' ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendApiError(reply, known.status, known.code, known.message);
    if ('code' in error && typeof error.code === 'string' && RETRYABLE_STORAGE_CODES.test(error.code)) {
      request.log.error({ err: error }, 'storage error');
      onStorageError(error.code);
      return sendApiError(reply, 503, 'storage-unavailable', 'the server could not reach its database; retry later');
    }
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      // Other framework-level client errors (e.g. a JSON body with a prototype-poisoning key).
      const code: ApiErrorCode =
        status === 413 ? 'payload-too-large' : status === 415 ? 'unsupported-media-type' : 'invalid-request';
      return sendApiError(reply, status, code, error.message.slice(0, 300));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendApiError(reply, 500, 'internal-error', 'the server failed to handle the request');
  });
}
