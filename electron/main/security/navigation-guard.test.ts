import { describe, expect, it } from 'vitest';
import { isAppUrl } from './app-origin';
import { decideNavigation, decideWindowOpen } from './navigation-guard';

describe('decideNavigation', () => {
  it.each(['app://terminal/index.html', 'app://terminal/', 'app://terminal/assets/x.js?v=1#top'])(
    'allows our own page %s',
    (url) => expect(decideNavigation(url)).toEqual({ allow: true }),
  );

  it.each([
    'https://evil.example/',
    'http://localhost:8080/',
    'app://terminal.evil.example/index.html',
    'app://evil/index.html',
    'app://user@terminal/index.html',
    'app://user:pw@terminal/index.html',
    'app://terminal:8080/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'blob:app://terminal/1234',
    'app:terminal/index.html'.replace('app:', 'apps:'),
  ])('denies foreign %s', (url) => expect(decideNavigation(url)).toEqual({ allow: false, reason: 'foreign-origin' }));

  it.each(['', 'not a url', '://', 'app//terminal', '\u0000', null, undefined, 42, {}, ['app://terminal/']])(
    'denies malformed %j',
    (url) => expect(decideNavigation(url)).toEqual({ allow: false, reason: 'malformed-url' }),
  );

  it('denies absurdly long URLs without parsing trouble', () => {
    expect(isAppUrl(`app://terminal/${'a'.repeat(10_000)}`)).toBe(false);
  });

  it('never opens a new window', () => {
    expect(decideWindowOpen()).toEqual({ action: 'deny' });
  });
});
