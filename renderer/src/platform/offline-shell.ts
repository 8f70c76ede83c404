/** Registers the app-shell service worker in a browser terminal; Electron serves from disk and needs none. */
export function registerOfflineShell(): void {
  if (!('serviceWorker' in navigator) || !/^https?:$/.test(window.location.protocol)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
    // Without it the terminal still works; only a reload without network would fail.
  });
}
