import { isAppUrl } from './app-origin';

// A kiosk never leaves its own pages: every navigation, redirect or window.open to anywhere else is denied.
// Returning a decision (instead of acting) keeps the rule testable without Electron.

export type NavigationDecision = { allow: true } | { allow: false; reason: 'foreign-origin' | 'malformed-url' };

export function decideNavigation(target: unknown): NavigationDecision {
  if (typeof target !== 'string') return { allow: false, reason: 'malformed-url' };
  try {
    new URL(target);
  } catch {
    return { allow: false, reason: 'malformed-url' };
  }
  return isAppUrl(target) ? { allow: true } : { allow: false, reason: 'foreign-origin' };
}

/** New windows are never opened, whatever the URL: a kiosk has exactly one window. */
export function decideWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}
