import type { Messages } from '../messages';

export const en: Messages = {
  app: {
    name: 'Takt',
    loading: 'Terminal starting …',
  },
  topBar: {
    station: 'Station',
    noStation: 'No station',
    operator: 'Operator',
    noOperator: 'Nobody logged in',
    language: 'Language',
  },
  language: {
    de: 'Deutsch',
    en: 'English',
  },
  connection: {
    online: 'Online',
    offline: 'Offline',
    syncing: 'Syncing …',
    pending_one: '{{count}} booking waiting',
    pending_other: '{{count}} bookings waiting',
    allSynced: 'All sent',
    oldestPending: 'Oldest since {{age}}',
    lastSync: 'Last sent: {{time}}',
    neverSynced: 'Never sent',
    deadLetters_one: '{{count}} booking rejected',
    deadLetters_other: '{{count}} bookings rejected',
  },
  home: {
    scanBadge: 'Scan your badge to log in',
    scanHint: 'Hold your badge to the reader',
  },
};
