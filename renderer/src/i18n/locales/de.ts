// German is the reference language: every other language must have exactly these keys (checked by a test
// and by the type of `en`).
export const de = {
  app: {
    name: 'Takt',
    loading: 'Terminal startet …',
  },
  topBar: {
    station: 'Station',
    noStation: 'Keine Station',
    operator: 'Bediener',
    noOperator: 'Niemand angemeldet',
    language: 'Sprache',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
  connection: {
    online: 'Online',
    offline: 'Offline',
    syncing: 'Synchronisiert …',
    pending_one: '{{count}} Buchung wartet',
    pending_other: '{{count}} Buchungen warten',
    allSynced: 'Alles übertragen',
    oldestPending: 'Älteste seit {{age}}',
    lastSync: 'Zuletzt übertragen: {{time}}',
    neverSynced: 'Noch nie übertragen',
    deadLetters_one: '{{count}} Buchung abgewiesen',
    deadLetters_other: '{{count}} Buchungen abgewiesen',
  },
  home: {
    scanBadge: 'Ausweis scannen, um sich anzumelden',
    scanHint: 'Halten Sie Ihren Ausweis an den Leser',
  },
} as const;
