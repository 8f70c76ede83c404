import fs from 'node:fs';

// An enrollment code is a one-time secret: once this terminal holds its own token, the code must not stay
// readable in takt-terminal.json (a copied config would enroll a rogue tablet while the code is valid) or
// turn up in a log.

export type ForgetOutcome = 'removed' | 'absent' | 'failed';

/**
 * Rewrites the config file without `enrollmentCode`, atomically (temp file in the same folder, then
 * rename), so a crash leaves either the old file or the new one, never half of it. Keeps every other
 * setting and the file's permissions; a file that is missing or not a JSON object is left alone.
 */
export function forgetEnrollmentCode(configFile: string): ForgetOutcome {
  let text: string;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    return 'absent';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'failed';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'failed';
  if (!('enrollmentCode' in parsed)) return 'absent';
  const { enrollmentCode: _used, ...rest } = parsed as Record<string, unknown>;
  const temp = `${configFile}.tmp`;
  try {
    const mode = fs.statSync(configFile).mode & 0o777;
    fs.writeFileSync(temp, `${JSON.stringify(rest, null, 2)}\n`, { mode });
    const handle = fs.openSync(temp, 'r');
    try {
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    fs.renameSync(temp, configFile);
    return 'removed';
  } catch {
    fs.rmSync(temp, { force: true });
    return 'failed';
  }
}

/** Replaces the code in a log line however it was typed (case, spaces, dashes). */
export function redactEnrollmentCode(text: string, code: string | undefined): string {
  const characters = code?.replace(/[\s-]+/g, '') ?? '';
  if (characters.length < 4) return text;
  const escaped = [...characters].map((char) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(escaped.join('[\\s-]*'), 'gi'), '[enrollment code]');
}
