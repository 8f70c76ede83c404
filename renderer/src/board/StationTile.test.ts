import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { BoardStation, HeartbeatScanner } from '@shared/board';
import { de } from './i18n/de';
import { en } from './i18n/en';
import { pl } from './i18n/pl';
import { tr } from './i18n/tr';
import { StationTile } from './StationTile';

// The tile as the board renders it (React, the board's own messages); static markup, since a tile has no
// effects. The board's i18n module sets the document's language, which Node has not, so the instance is built here.

const NOW = Date.UTC(2026, 11, 2, 12, 0);

async function renderTile(scanners: HeartbeatScanner[] | undefined, language = 'de'): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en }, pl: { translation: pl }, tr: { translation: tr } },
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
  });
  const station: BoardStation = {
    stationId: 'ST-10',
    name: 'Säge',
    area: 'A',
    state: 'producing',
    since: NOW - 60_000,
    operators: [],
    operations: [],
    terminal: {
      lastSeenAt: NOW - 5_000,
      pending: 0,
      oldestPendingAt: null,
      gaps: 0,
      quarantined: 0,
      rejected: 0,
      ...(scanners === undefined ? {} : { scanners }),
    },
    lastBooking: null,
  };
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n }, createElement(StationTile, { station, now: NOW, onOpen: () => {} })),
  );
}

function health(markup: string): string {
  return /<footer class="([^"]*)">(.*)<\/footer>/.exec(markup)?.slice(1).join(' | ') ?? '';
}

describe('the station tile', () => {
  it('names each scanner that is not connected, with the warning icon and the state in words', async () => {
    const footer = health(
      await renderTile([
        { deviceId: 'hid-1', kind: 'hid', state: 'connected' },
        { deviceId: 'serial-1', kind: 'serial', state: 'disconnected' },
        { deviceId: 'hid-2', kind: 'hid', state: 'error' },
        { deviceId: 'serial-2', kind: 'serial', state: 'connecting' },
      ]),
    );
    expect(footer).toContain('tile__health--warn');
    expect(footer).toContain('<span>⚠ Scanner serial-1: getrennt</span>');
    expect(footer).toContain('<span>⚠ Scanner hid-2: Fehler</span>');
    expect(footer).toContain('<span>⚠ Scanner serial-2: verbindet …</span>');
    expect(footer).not.toContain('hid-1');
  });

  it('stays quiet when every scanner is connected or none was reported', async () => {
    for (const scanners of [[{ deviceId: 'hid-1', kind: 'hid', state: 'connected' as const }], [], undefined]) {
      const footer = health(await renderTile(scanners));
      expect(footer).not.toContain('tile__health--warn');
      expect(footer).not.toContain('Scanner');
    }
  });

  it.each([
    ['en', 'Scanner serial-1: disconnected'],
    ['pl', 'Skaner serial-1: rozłączony'],
    ['tr', 'Tarayıcı serial-1: bağlı değil'],
  ])('says it in %s', async (language, text) => {
    const markup = await renderTile([{ deviceId: 'serial-1', kind: 'serial', state: 'disconnected' }], language);
    expect(health(markup)).toContain(`⚠ ${text}`);
  });
});
