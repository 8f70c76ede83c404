// The terminal-facing HTTP surface: the server registers these paths and every client calls them, so a
// path is written once. The admin routes are for people and scripts and are not listed here.

export const SYNC_ROUTES = {
  health: '/api/v1/health',
  enroll: '/api/v1/terminals/enroll',
  push: '/api/v1/sync/push',
  pull: '/api/v1/sync/pull',
  heartbeat: '/api/v1/terminals/heartbeat',
  rotate: '/api/v1/terminals/rotate',
} as const;

/**
 * Carries `PROTOCOL_VERSION` on every push and pull. A header, not an envelope field: the envelope is a
 * strict object, so a field would make servers from before the header refuse every push.
 */
export const PROTOCOL_VERSION_HEADER = 'takt-protocol-version';
