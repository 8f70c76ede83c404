import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

// The terminal tokens are secrets: they stay in main, encrypted at rest with the OS keystore (Electron's
// safeStorage, injected so this module runs in plain Node tests). Writes are atomic: temp file, fsync,
// rename, so a power cut leaves either the old or the new file, never half of one.
//
// The file keeps a list: a terminal enrolled again (other station, other server address) still has to
// send what it captured under its earlier identity, and the server takes those bookings only with that
// identity's token, at that identity's server.

const StoredCredentialSchema = z.strictObject({
  terminalId: z.string().min(1),
  serverUrl: z.string().min(1),
  /** Absent in entries written before stations were recorded. */
  stationId: z.string().min(1).optional(),
  encryptedToken: z.string().min(1),
  /** A rotated token the server handed out that this terminal has not yet seen accepted. */
  encryptedPendingToken: z.string().min(1).optional(),
  /** When the token was last rotated (ms); absent until the first rotation is scheduled. */
  rotatedAt: z.number().int().nonnegative().optional(),
});
const StoredFileSchema = z.strictObject({
  version: z.literal(2),
  credentials: z.array(StoredCredentialSchema),
});
/** The format before re-enrollment kept earlier credentials: one object. It still loads. */
const LegacyFileSchema = StoredCredentialSchema.omit({ stationId: true, encryptedPendingToken: true, rotatedAt: true });

export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export interface StoredCredential {
  terminalId: string;
  token: string;
  serverUrl: string;
  stationId?: string;
  /**
   * A rotated token not yet seen accepted. The server keeps `token` valid until this one is first used, so
   * whichever of the two the server still knows, the terminal has it.
   */
  pendingToken?: string;
  rotatedAt?: number;
}

export interface CredentialStore {
  /** Every credential kept, oldest first; an entry the keystore cannot decrypt is left out. */
  loadAll(): StoredCredential[];
  /** Adds a credential as the newest; one with the same terminal id is replaced. The others stay. */
  add(credential: StoredCredential): void;
  /** Replaces the credential with the same terminal id where it is (a rotated token; the order is kept). */
  update(credential: StoredCredential): void;
  /** Deletes the credential of `terminalId` (an earlier identity with nothing left to send). */
  remove(terminalId: string): void;
}

export function createCredentialStore(filePath: string, cipher: SecretCipher): CredentialStore {
  function readEntries(): z.infer<typeof StoredCredentialSchema>[] {
    let text: string;
    try {
      text = fs.readFileSync(filePath, 'utf8');
    } catch {
      return [];
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return [];
    }
    const current = StoredFileSchema.safeParse(json);
    if (current.success) return current.data.credentials;
    const legacy = LegacyFileSchema.safeParse(json);
    return legacy.success ? [legacy.data] : [];
  }

  function writeEntries(credentials: z.infer<typeof StoredCredentialSchema>[]): void {
    const body = JSON.stringify({ version: 2, credentials } satisfies z.infer<typeof StoredFileSchema>);
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const temp = `${filePath}.${process.pid}.tmp`;
    const fd = fs.openSync(temp, 'w', 0o600);
    try {
      fs.writeFileSync(fd, body);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, filePath);
  }

  function stored(credential: StoredCredential): z.infer<typeof StoredCredentialSchema> {
    return {
      terminalId: credential.terminalId,
      serverUrl: credential.serverUrl,
      ...(credential.stationId === undefined ? {} : { stationId: credential.stationId }),
      encryptedToken: cipher.encrypt(credential.token).toString('base64'),
      ...(credential.pendingToken === undefined
        ? {}
        : { encryptedPendingToken: cipher.encrypt(credential.pendingToken).toString('base64') }),
      ...(credential.rotatedAt === undefined ? {} : { rotatedAt: credential.rotatedAt }),
    };
  }

  return {
    loadAll() {
      return readEntries().flatMap((entry) => {
        try {
          const token = cipher.decrypt(Buffer.from(entry.encryptedToken, 'base64'));
          const pending = entry.encryptedPendingToken;
          return [
            {
              terminalId: entry.terminalId,
              token,
              serverUrl: entry.serverUrl,
              ...(entry.stationId === undefined ? {} : { stationId: entry.stationId }),
              ...(pending === undefined ? {} : { pendingToken: cipher.decrypt(Buffer.from(pending, 'base64')) }),
              ...(entry.rotatedAt === undefined ? {} : { rotatedAt: entry.rotatedAt }),
            },
          ];
        } catch {
          return [];
        }
      });
    },
    add(credential) {
      // Entries are kept as stored (still encrypted): one the keystore cannot read now is not thrown away.
      const others = readEntries().filter((entry) => entry.terminalId !== credential.terminalId);
      writeEntries([...others, stored(credential)]);
    },
    update(credential) {
      const entries = readEntries();
      const at = entries.findIndex((entry) => entry.terminalId === credential.terminalId);
      writeEntries(at === -1 ? [...entries, stored(credential)] : entries.with(at, stored(credential)));
    },
    remove(terminalId) {
      const entries = readEntries();
      const others = entries.filter((entry) => entry.terminalId !== terminalId);
      if (others.length !== entries.length) writeEntries(others);
    },
  };
}
