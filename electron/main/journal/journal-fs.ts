import fs from 'node:fs/promises';
import path from 'node:path';

// The file operations the journal needs, behind an interface so tests can count syncs and inject failures.

export interface JournalFile {
  append(bytes: Buffer): Promise<void>;
  /** fdatasync: the appended bytes are on the disk, not just in the page cache. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface JournalFs {
  mkdir(dir: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  readFile(file: string): Promise<Buffer>;
  openForAppend(file: string): Promise<JournalFile>;
  unlink(file: string): Promise<void>;
  /** Temp file, fsync, rename: a power cut leaves the old or the new content, never half of it. */
  writeFileAtomic(file: string, text: string): Promise<void>;
  /** Makes a created or deleted directory entry durable (a no-op where directories cannot be opened). */
  syncDir(dir: string): Promise<void>;
}

export const nodeJournalFs: JournalFs = {
  mkdir: async (dir) => {
    await fs.mkdir(dir, { recursive: true });
  },
  readdir: (dir) => fs.readdir(dir),
  readFile: (file) => fs.readFile(file),
  async openForAppend(file) {
    const handle = await fs.open(file, 'a', 0o600);
    return {
      append: async (bytes) => {
        await handle.write(bytes);
      },
      sync: () => handle.datasync(),
      close: () => handle.close(),
    };
  },
  unlink: (file) => fs.unlink(file),
  async writeFileAtomic(file, text) {
    const temp = `${file}.${process.pid}.tmp`;
    const handle = await fs.open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  },
  async syncDir(dir) {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(path.resolve(dir), 'r');
      await handle.sync();
    } catch {
      // Windows cannot open a directory; NTFS journals its metadata itself.
    } finally {
      await handle?.close();
    }
  },
};
