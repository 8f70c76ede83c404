// One policy for every way the terminal is served: app:// in Electron, http:// from the central server,
// and the meta tag in renderer/index.html (checked by a test).
// No inline scripts, no eval, no remote code; styles allow inline for React's style attributes.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "media-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
