import i18next from 'i18next';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '@shared/review';
import { de } from './i18n/de';
import { en } from './i18n/en';
import { pl } from './i18n/pl';
import { tr } from './i18n/tr';
import { ReviewItemCard } from './ReviewQueueView';

// A review item as the board renders it (React, the board's own messages), as static markup: the card's
// facts and buttons are what a lead decides on. The board's i18n module needs a document, so the instance
// is built here.

const rejected: ReviewItem = {
  id: 'rejected:7',
  kind: 'rejected',
  stationId: 'ST-10',
  receivedAt: Date.UTC(2026, 11, 2, 12, 0),
  terminalId: 'T-0001',
  epoch: 'e',
  seq: 12,
  rejection: 'station-mismatch',
  reason: 'station-mismatch: booking for ST-20, terminal enrolled for ST-10',
  bookingStationId: 'ST-20',
  booking: { type: 'quantity.good', orderId: 'FA1000004', operationId: 'FA1000004-0010', stationId: 'ST-20' },
};

async function renderCard(item: ReviewItem, language = 'de'): Promise<string> {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { de: { translation: de }, en: { translation: en }, pl: { translation: pl }, tr: { translation: tr } },
    lng: language,
    fallbackLng: 'de',
    interpolation: { escapeValue: false },
  });
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n }, createElement(ReviewItemCard, { item, onDecided: async () => {} })),
  );
}

describe('a rejected booking in the review queue', () => {
  it('names the kind, both stations, the terminal and the booking as sent, and offers only accept', async () => {
    const markup = await renderCard(rejected);
    expect(markup).toContain('data-testid="review-item-rejected"');
    expect(markup).toContain('<strong>Abgewiesen</strong>');
    expect(markup).toContain('Buchung für Station ST-20, das Terminal ist aber für ST-10 eingerichtet');
    expect(markup).toContain('FA1000004 / FA1000004-0010 · Terminal T-0001, Nr. 12');
    expect(markup).toContain('Nicht gespeichert');
    expect(markup).toContain('data-testid="review-accept"');
    expect(markup).not.toContain('data-testid="review-reverse"');
  });

  it('shows the reason of an unreadable item, and an item without a booking or seq', async () => {
    const markup = await renderCard({
      ...rejected,
      rejection: 'invalid',
      reason: 'type: Invalid input',
      booking: undefined,
      bookingStationId: undefined,
      seq: undefined,
      excerpt: '{"type":"x"',
    });
    expect(markup).toContain('Buchung unlesbar (Fehler im Terminal): type: Invalid input');
    expect(markup).toContain('Terminal T-0001, Nr. –');
  });

  it.each([
    ['en', 'Rejected', 'Booking for station ST-20, but the terminal is enrolled for ST-10'],
    ['pl', 'Odrzucone', 'Rezerwacja dla stanowiska ST-20, ale terminal jest przypisany do ST-10'],
    ['tr', 'Reddedildi', 'Kayıt ST-20 istasyonu için, ancak terminal ST-10 için kayıtlı'],
  ])('says it in %s', async (language, kind, reason) => {
    const markup = await renderCard(rejected, language);
    expect(markup).toContain(`<strong>${kind}</strong>`);
    expect(markup).toContain(reason);
  });
});
