import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from './content-security-policy';

const directives = (policy: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);

describe('content security policy', () => {
  it('forbids inline and remote script, plugins and framing', () => {
    const policy = directives(CONTENT_SECURITY_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it.each(['renderer/index.html', 'renderer/board.html'])(
    'is the same policy %s ships in its meta tag (frame-ancestors only works as a header)',
    (page) => {
      const html = fs.readFileSync(page, 'utf8');
      const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(directives(meta)).toEqual(
        directives(CONTENT_SECURITY_POLICY).filter((d) => !d.startsWith('frame-ancestors')),
      );
    },
  );
});
