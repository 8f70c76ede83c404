import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeTypeFor, resolveAssetPath } from './asset-path';

const root = path.resolve('/opt/takt/renderer');

describe('resolveAssetPath', () => {
  it.each([
    ['app://terminal/', 'index.html'],
    ['app://terminal/index.html', 'index.html'],
    ['app://terminal/assets/index-abc.js', 'assets/index-abc.js'],
    ['app://terminal/assets/a%20b.css', 'assets/a b.css'],
    ['app://terminal/index.html?x=1#y', 'index.html'],
  ])('maps %s inside the root', (url, relative) => {
    expect(resolveAssetPath(url, root)).toBe(path.join(root, relative));
  });

  it.each([
    'app://terminal/../../etc/passwd',
    'app://terminal/%2e%2e/%2e%2e/etc/passwd',
    'app://terminal/%2E%2E%2Fetc%2Fpasswd',
    'app://terminal/assets/..%2f..%2f..%2fetc/passwd',
    'app://terminal/%252e%252e/etc/passwd',
    'app://terminal/..%5c..%5cwindows%5cwin.ini',
    'app://terminal/assets\\..\\..\\secret',
    'app://terminal/index.html%00.png',
    'app://terminal/%E0%A4%A',
    'app://terminal//etc/passwd',
    'app://evil/index.html',
    'app://terminal.evil/index.html',
    'file:///etc/passwd',
    'http://terminal/index.html',
    '',
    null,
    42,
  ])('refuses %j', (url) => {
    const resolved = resolveAssetPath(url, root);
    // `//etc/passwd` may normalise to a path inside root; what matters is never escaping it.
    if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
    else expect(resolved).toBeNull();
  });

  it('never escapes the root for any two-segment traversal mix', () => {
    const pieces = ['..', '%2e%2e', '.', '%2e', 'assets', '%2f', '%5c', '\\', '%00', '%252e'];
    for (const a of pieces) {
      for (const b of pieces) {
        const resolved = resolveAssetPath(`app://terminal/${a}/${b}/etc/passwd`, root);
        if (resolved !== null) expect(resolved.startsWith(root + path.sep)).toBe(true);
      }
    }
  });
});

describe('mimeTypeFor', () => {
  it('knows the bundle types and falls back to octet-stream', () => {
    expect(mimeTypeFor('/a/index.html')).toMatch(/text\/html/);
    expect(mimeTypeFor('/a/x.JS')).toMatch(/javascript/);
    expect(mimeTypeFor('/a/x.exe')).toBe('application/octet-stream');
  });
});
