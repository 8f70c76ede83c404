import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { generateEnrollmentCode } from '../enrollment/enrollment-codes';

export const SECRETS_FILE_NAME = 'secrets.json';

export interface ServerSecrets {
  /** The plant-wide enrollment code of demo and development mode; undefined otherwise. */
  enrollmentCode: string | undefined;
  adminToken: string;
  /** Which values were generated on this start (and written to the secrets file). */
  generated: Array<'enrollmentCode' | 'adminToken'>;
  file: string;
}

const StoredSecretsSchema = z.object({
  enrollmentCode: z.string().min(1).max(128).optional(),
  adminToken: z.string().min(16).max(256).optional(),
});

export function generateAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Explicit values (options or environment) win and are not persisted; otherwise the value stored in the data
 * folder is used, and a missing one is generated and stored so it survives a restart. The plant-wide
 * enrollment code exists only when `withPlantCode` (demo and development mode, or an explicit code):
 * in production an admin creates limited codes through the admin API instead.
 */
export function loadSecrets(
  dataDir: string,
  explicit: { enrollmentCode?: string; adminToken?: string },
  { withPlantCode = true }: { withPlantCode?: boolean } = {},
): ServerSecrets {
  const file = join(dataDir, SECRETS_FILE_NAME);
  const stored = readStoredSecrets(file);
  const generated: ServerSecrets['generated'] = [];
  const enrollmentCode = !withPlantCode
    ? undefined
    : (explicit.enrollmentCode ??
      stored.enrollmentCode ??
      (generated.push('enrollmentCode'), generateEnrollmentCode()));
  const adminToken = explicit.adminToken ?? stored.adminToken ?? (generated.push('adminToken'), generateAdminToken());
  if (generated.length > 0) {
    const next = { ...stored };
    if (generated.includes('enrollmentCode') && enrollmentCode !== undefined) next.enrollmentCode = enrollmentCode;
    if (generated.includes('adminToken')) next.adminToken = adminToken;
    const temp = `${file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }
  // `mode` applies only when a file is created: a file left by a crash or copied in by hand may be wider.
  if (existsSync(file)) chmodSync(file, 0o600);
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
