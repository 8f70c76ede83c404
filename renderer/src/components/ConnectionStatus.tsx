import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useTerminalStore } from '../store/terminal-store';
import { connectionStateOf } from './connection-state';

/** Always visible: an operator must see at a glance whether bookings are reaching the server. */
export function ConnectionStatus() {
  const { t, i18n } = useTranslation();
  const health = useTerminalStore(
    useShallow((s) => ({
      state: connectionStateOf(s),
      pendingCount: s.pendingCount,
      oldestPendingAt: s.oldestPendingAt,
      lastSyncAt: s.lastSyncAt,
      deadLetterCount: s.deadLetterCount,
      isSyncing: s.isSyncing,
      nextRetryAt: s.nextRetryAt,
    })),
  );
  const { state } = health;
  const timeOf = (ms: number) => new Date(ms).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const headline = {
    starting: t('connection.starting'),
    'not-enrolled': t('connection.notEnrolled'),
    offline: t('connection.offline'),
    pending: health.isSyncing ? t('connection.syncing') : t('connection.online'),
    synced: health.isSyncing ? t('connection.syncing') : t('connection.online'),
  }[state];
  const isWaitingForSetup = state === 'starting' || state === 'not-enrolled';
  return (
    <div
      className={`connection connection--${state}`}
      data-testid="connection-status"
      data-state={state}
      data-next-retry-at={health.nextRetryAt ?? undefined}
      role="status"
    >
      <span className="connection__dot" aria-hidden="true" />
      <div className="connection__text">
        <strong data-testid="connection-online">{headline}</strong>
        <span data-testid="pending-count" data-count={health.pendingCount}>
          {health.pendingCount > 0
            ? t('connection.pending', { count: health.pendingCount })
            : isWaitingForSetup
              ? t('connection.nothingSent')
              : t('connection.allSynced')}
        </span>
        {!isWaitingForSetup && (
          <span className="connection__detail">
            {health.oldestPendingAt !== null
              ? t('connection.oldestPending', { age: timeOf(health.oldestPendingAt) })
              : health.lastSyncAt !== null
                ? t('connection.lastSync', { time: timeOf(health.lastSyncAt) })
                : t('connection.neverSynced')}
          </span>
        )}
        {health.deadLetterCount > 0 && (
          <span className="connection__dead" data-testid="dead-letter-count">
            {t('connection.deadLetters', { count: health.deadLetterCount })}
          </span>
        )}
      </div>
    </div>
  );
}
