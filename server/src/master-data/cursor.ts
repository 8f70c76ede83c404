import { z } from 'zod';
import { DATASET_NAMES, type DatasetName } from '@shared/master-data';

/** Where a terminal stands in one dataset's change log. Opaque to the terminal; only this server reads it. */
export interface PullCursor {
  dataset: DatasetName;
  generation: string;
  seq: number;
}

const CursorSchema = z.strictObject({
  v: z.literal(1),
  d: z.enum(DATASET_NAMES as [DatasetName, ...DatasetName[]]),
  g: z.string().min(1).max(32),
  s: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export function encodeCursor(cursor: PullCursor): string {
  return Buffer.from(JSON.stringify({ v: 1, d: cursor.dataset, g: cursor.generation, s: cursor.seq })).toString(
    'base64url',
  );
}

/** undefined for anything this server did not issue (garbage, other versions, tampered fields). */
export function decodeCursor(text: string): PullCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = CursorSchema.safeParse(json);
  return parsed.success ? { dataset: parsed.data.d, generation: parsed.data.g, seq: parsed.data.s } : undefined;
}
