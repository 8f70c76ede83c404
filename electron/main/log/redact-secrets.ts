import { redactEnrollmentCode } from '../terminal/forget-enrollment-code';

// Secrets main knows of never reach a log file: the configured enrollment code (however typed) and any
// bearer token an error message might quote.

const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;

export function redactSecrets(line: string, enrollmentCode: string | undefined): string {
  return redactEnrollmentCode(line, enrollmentCode).replace(BEARER, 'Bearer [token]');
}
