import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { IpcResponse } from '@shared/ipc/contract';
import { getTerminalData, type DeadLetterRow } from '../data';
import { retrySyncNow } from '../app/boot';
import { electronBridge } from '../platform/bridge';
import { useTerminalStore } from '../store/terminal-store';
import { requestLeadApproval } from '../workflows/session';
import { AdminPanel } from './AdminPanel';
import { TerminalWarnings } from './TerminalWarnings';

/** For plant IT and shift leads: what this terminal is, how its sync and its scanners are doing. */
export function StatusScreen() {
  const { t, i18n } = useTranslation();
  const sync = useTerminalStore(
    useShallow((s) => ({
      pendingCount: s.pendingCount,
      deadLetterCount: s.deadLetterCount,
      quarantinedCount: s.quarantinedCount,
      lastError: s.lastError,
      clockOffsetMs: s.clockOffsetMs,
      lastSeq: s.lastSeq,
      ackedUpTo: s.ackedUpTo,
      lastSyncAt: s.lastSyncAt,
      stationId: s.stationId,
      nextRetryAt: s.nextRetryAt,
    })),
  );
  const [isRetrying, setIsRetrying] = useState(false);
  const [isAdminOpen, setIsAdminOpen] = useState(false);
  const openAdmin = () =>
    void requestLeadApproval('approval.reasons.adminScreen').then((lead) => setIsAdminOpen(lead !== null));
  const retryNow = () => {
    setIsRetrying(true);
    void retrySyncNow().finally(() => setIsRetrying(false));
  };
  const [terminalId, setTerminalId] = useState<string | null>(null);
  const [deadLetters, setDeadLetters] = useState<DeadLetterRow[]>([]);
  const [sources, setSources] = useState<IpcResponse<'scan:sources'> | null>(null);

  useEffect(() => {
    void getTerminalData()
      .readIdentity()
      .then((identity) => setTerminalId(identity?.terminalId ?? null));
    void getTerminalData().outbox.listDeadLetters(20).then(setDeadLetters);
  }, [sync.deadLetterCount]);

  useEffect(() => {
    const bridge = electronBridge();
    if (!bridge) return;
    const poll = () => void bridge['scan:sources'](undefined).then((result) => result.ok && setSources(result.value));
    poll();
    const timer = setInterval(poll, 2_000);
    return () => clearInterval(timer);
  }, []);

  const time = (ms: number | null) => (ms === null ? '–' : new Date(ms).toLocaleString(i18n.language));
  const rows: Array<[string, string | number]> = [
    [t('status.station'), sync.stationId ?? '–'],
    [t('status.terminal'), terminalId ?? '–'],
    [t('status.pending'), sync.pendingCount],
    [t('status.lastSeq'), sync.lastSeq],
    [t('status.ackedUpTo'), sync.ackedUpTo ?? '–'],
    [t('status.lastSync'), time(sync.lastSyncAt)],
    [t('status.lastError'), sync.lastError ? t(`sync.errors.${sync.lastError}`) : '–'],
    [t('status.nextRetry'), time(sync.nextRetryAt)],
    [
      t('status.clockOffset'),
      sync.clockOffsetMs === null ? '–' : t('status.milliseconds', { value: sync.clockOffsetMs }),
    ],
    [t('status.deadLetters'), sync.deadLetterCount],
    [t('status.quarantined'), sync.quarantinedCount],
  ];

  return (
    <section className="status-screen" data-testid="status-screen">
      <TerminalWarnings />
      {isAdminOpen ? (
        <AdminPanel onClose={() => setIsAdminOpen(false)} />
      ) : (
        <button type="button" className="touch-button status-card--wide" data-testid="admin-open" onClick={openAdmin}>
          {t('admin.open')}
        </button>
      )}
      <div className="status-card">
        <h2>{t('status.sync')}</h2>
        <button
          type="button"
          className="touch-button touch-button--primary status-card__retry"
          data-testid="sync-retry-now"
          disabled={isRetrying}
          onClick={retryNow}
        >
          {isRetrying ? t('status.retrying') : t('status.retryNow')}
        </button>
        <dl className="status-list">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </div>
      <div className="status-card">
        <h2>{t('status.scanners')}</h2>
        {sources === null ? (
          <p className="screen__hint">{t('status.browserScanning')}</p>
        ) : sources.length === 0 ? (
          <p className="screen__hint">{t('status.noDevices')}</p>
        ) : (
          <ul className="status-devices" data-testid="scan-sources">
            {sources.map((source) => (
              <li key={source.deviceId} data-state={source.state}>
                <strong>{source.deviceId}</strong> · {source.kind} · {t(`status.deviceState.${source.state}`)}
                {source.code && <span> · {t(`scanInput.errors.${source.code}`)}</span>}
                <span className="screen__hint">
                  {' '}
                  {t('status.deviceCounts', { scans: source.scans, errors: source.errors })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {deadLetters.length > 0 && (
        <div className="status-card status-card--wide">
          <h2>{t('status.deadLetterList')}</h2>
          <ul className="status-devices" data-testid="dead-letters">
            {deadLetters.map((row) => (
              <li key={row.id}>
                {t('status.deadLetterRow', {
                  time: time(row.rejectedAt),
                  type: row.booking.type,
                  seq: row.booking.seq,
                  reason: row.reason,
                })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
