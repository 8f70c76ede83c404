import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const SECRETS_FILE_NAME = 'secrets.json';

export interface ServerSecrets {
  enrollmentCode: string;
  adminToken: string;
  /** Which values were generated on this start (and written to the secrets file). */
  generated: Array<'enrollmentCode' | 'adminToken'>;
  file: string;
}

const StoredSecretsSchema = z.object({
  enrollmentCode: z.string().min(1).max(128).optional(),
  adminToken: z.string().min(16).max(256).optional(),
});

// No 0/O, 1/I/L: the code is read off a screen and typed on a tablet with gloves.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function generateEnrollmentCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

export function generateAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Explicit values (options or environment) win and are not persisted; otherwise the value stored in the data
 * folder is used, and a missing one is generated and stored so it survives a restart.
 */
export function loadSecrets(
  dataDir: string,
  explicit: { enrollmentCode?: string; adminToken?: string },
): ServerSecrets {
  const file = join(dataDir, SECRETS_FILE_NAME);
  const stored = readStoredSecrets(file);
  const generated: ServerSecrets['generated'] = [];
  const enrollmentCode =
    explicit.enrollmentCode ?? stored.enrollmentCode ?? (generated.push('enrollmentCode'), generateEnrollmentCode());
  const adminToken = explicit.adminToken ?? stored.adminToken ?? (generated.push('adminToken'), generateAdminToken());
  if (generated.length > 0) {
    const next = { ...stored };
    if (generated.includes('enrollmentCode')) next.enrollmentCode = enrollmentCode;
    if (generated.includes('adminToken')) next.adminToken = adminToken;
    const temp = `${file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }
  return { enrollmentCode, adminToken, generated, file };
}

function readStoredSecrets(file: string): z.infer<typeof StoredSecretsSchema> {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new Error(`${file} is not valid JSON; fix or delete it`);
  }
  const parsed = StoredSecretsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${file} is not a valid secrets file; fix or delete it`);
  return parsed.data;
}
