/** The terminal's version, set at build time from package.json (see electron.vite.config.ts); `dev` in tests. */
export function appVersion(): string {
  const version: unknown = import.meta.env['VITE_TAKT_VERSION'];
  return typeof version === 'string' ? version : 'dev';
}
