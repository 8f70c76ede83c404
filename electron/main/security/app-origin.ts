// The terminal is served from one privileged origin. It must never change: IndexedDB (the outbox) lives
// per origin, so a new origin would be an empty database and every unsynced booking would look lost.
export const APP_SCHEME = 'app';
export const APP_HOST = 'terminal';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on our own origin, parsed properly (no prefix tricks like `app://terminal.evil`). */
export function isAppUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 4096) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
