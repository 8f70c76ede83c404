// A browser may evict a site's IndexedDB when the disk runs low unless the site's storage is persistent:
// for a terminal whose outbox holds bookings not yet sent, that would lose them. The terminal asks once at
// start; when the browser refuses, the status screen says so (Electron's storage is never evicted).

export type StoragePersistence = 'persisted' | 'refused' | 'unsupported';

type PersistentStorageApi = Pick<StorageManager, 'persist' | 'persisted'>;

/** Asks for persistent storage unless it is already granted; never rejects. */
export async function requestPersistentStorage(storage: PersistentStorageApi | undefined): Promise<StoragePersistence> {
  if (!storage || typeof storage.persist !== 'function') return 'unsupported';
  try {
    if (typeof storage.persisted === 'function' && (await storage.persisted())) return 'persisted';
    return (await storage.persist()) ? 'persisted' : 'refused';
  } catch {
    return 'refused';
  }
}

let asked: Promise<StoragePersistence> | null = null;

/** The browser's answer, asked once per page (a browser terminal only; Electron answers `persisted`). */
export function storagePersistence(): Promise<StoragePersistence> {
  asked ??= isBrowserTerminal()
    ? requestPersistentStorage(typeof navigator === 'undefined' ? undefined : navigator.storage)
    : Promise.resolve('persisted');
  return asked;
}

function isBrowserTerminal(): boolean {
  return typeof window !== 'undefined' && /^https?:$/.test(window.location.protocol) && !window.takt;
}
