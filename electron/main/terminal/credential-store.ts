import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TerminalCredentials } from './server-client';

// The terminal token is a secret: it stays in main, encrypted at rest with the OS keystore (Electron's
// safeStorage, injected so this module runs in plain Node tests). Writes are atomic: temp file, fsync,
// rename, so a power cut leaves either the old or the new file, never half of one.

const StoredSchema = z.strictObject({
  terminalId: z.string().min(1),
  serverUrl: z.string().min(1),
  encryptedToken: z.string().min(1),
});

export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(encrypted: Buffer): string;
}

export interface CredentialStore {
  load(serverUrl: string): TerminalCredentials | null;
  save(serverUrl: string, credentials: TerminalCredentials): void;
}

export function createCredentialStore(filePath: string, cipher: SecretCipher): CredentialStore {
  return {
    load(serverUrl) {
      let text: string;
      try {
        text = fs.readFileSync(filePath, 'utf8');
      } catch {
        return null;
      }
      try {
        const stored = StoredSchema.parse(JSON.parse(text));
        // Credentials belong to one server; pointing the terminal elsewhere means enrolling again.
        if (stored.serverUrl !== serverUrl) return null;
        return { terminalId: stored.terminalId, token: cipher.decrypt(Buffer.from(stored.encryptedToken, 'base64')) };
      } catch {
        return null;
      }
    },
    save(serverUrl, credentials) {
      const body = JSON.stringify({
        terminalId: credentials.terminalId,
        serverUrl,
        encryptedToken: cipher.encrypt(credentials.token).toString('base64'),
      } satisfies z.infer<typeof StoredSchema>);
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
    },
  };
}
