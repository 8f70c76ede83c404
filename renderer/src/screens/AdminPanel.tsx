import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppInfoSchema, LogTailSchema, type AppInfo } from '@shared/ipc';
import { reenrollTerminal } from '../app/boot';
import { exitTerminal, type ExitOutcome } from '../workflows/exit-terminal';
import { exportPendingBookings, saverFor, type ExportOutcome } from '../workflows/export-pending';
import { requestLeadApproval } from '../workflows/session';
import { electronBridge } from '../platform/bridge';
import { useTerminalStore } from '../store/terminal-store';
import { EnrollmentForm } from './EnrollmentForm';

const LOG_TAIL_LINES = 200;

type ExportState = { kind: 'idle' | 'busy' } | ExportOutcome;

/**
 * For plant IT and shift leads, opened with a lead's PIN from the status screen (which already shows sync
 * health and devices): the configuration, main's log (Electron) and the export of pending bookings.
 */
export function AdminPanel({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const stationId = useTerminalStore((s) => s.stationId);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [logLines, setLogLines] = useState<string[] | null>(null);
  const [exportState, setExportState] = useState<ExportState>({ kind: 'idle' });

  useEffect(() => {
    const bridge = electronBridge();
    if (!bridge) return;
    let isCurrent = true;
    void bridge['app:info'](undefined).then((result) => {
      const parsed = result.ok ? AppInfoSchema.safeParse(result.value) : null;
      if (isCurrent && parsed?.success) setInfo(parsed.data);
    });
    void bridge['log:tail']({ lines: LOG_TAIL_LINES }).then((result) => {
      const parsed = result.ok ? LogTailSchema.safeParse(result.value) : null;
      if (isCurrent && parsed?.success) setLogLines(parsed.data.lines);
    });
    return () => {
      isCurrent = false;
    };
  }, []);

  const runExport = () => {
    setExportState({ kind: 'busy' });
    exportPendingBookings(stationId, saverFor(electronBridge())).then(setExportState, (error: unknown) =>
      setExportState({ kind: 'failed', reason: error instanceof Error ? error.message : String(error) }),
    );
  };

  const config: Array<[string, string]> = [
    [t('admin.station'), info?.stationId ?? stationId ?? '–'],
    [t('admin.server'), info?.serverUrl ?? window.location.origin],
    [t('admin.terminalId'), info?.terminalId ?? '–'],
    [
      t('admin.version'),
      info ? `${info.version} (Electron ${info.electronVersion}, ${info.platform})` : t('admin.browser'),
    ],
  ];

  return (
    <div className="status-card status-card--wide" data-testid="admin-panel">
      <h2>{t('admin.title')}</h2>
      <dl className="status-list">
        {config.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('admin.exportTitle')}</h3>
      <p className="screen__hint">{t('admin.exportHint')}</p>
      <button
        type="button"
        className="touch-button"
        data-testid="admin-export"
        disabled={exportState.kind === 'busy'}
        onClick={runExport}
      >
        {t('admin.export')}
      </button>
      {exportState.kind === 'saved' && (
        <p data-testid="admin-export-result">
          {t('admin.exported', { total: exportState.count, file: exportState.fileName })}
        </p>
      )}
      {exportState.kind === 'nothing-pending' && <p data-testid="admin-export-result">{t('admin.nothingPending')}</p>}
      {exportState.kind === 'cancelled' && <p data-testid="admin-export-result">{t('admin.exportCancelled')}</p>}
      {exportState.kind === 'failed' && (
        <p data-testid="admin-export-result" title={exportState.reason}>
          {t('admin.exportFailed')}
        </p>
      )}
      <ReenrollSection />
      <ExitSection />
      {logLines !== null && (
        <>
          <h3>{t('admin.log')}</h3>
          <pre className="admin-log" data-testid="admin-log">
            {logLines.join('\n')}
          </pre>
        </>
      )}
      <button type="button" className="touch-button" data-testid="admin-close" onClick={onClose}>
        {t('admin.close')}
      </button>
    </div>
  );
}

/**
 * Enrolls this terminal again (tablet moved to another station, new server). Bookings still waiting are
 * not stranded: the old identity's token is kept until they are sent (see saveIdentity), which the form
 * says before it is used. In Electron main enrolls from takt-terminal.json, so the section says where.
 */
function ReenrollSection() {
  const { t } = useTranslation();
  const pendingCount = useTerminalStore((s) => s.pendingCount);

  if (electronBridge()) {
    return (
      <>
        <h3>{t('admin.reenrollTitle')}</h3>
        <p className="screen__hint" data-testid="admin-reenroll-hint">
          {t('admin.reenrollElectron')}
        </p>
      </>
    );
  }

  return (
    <EnrollmentForm
      data-testid="admin-reenroll"
      testIdPrefix="admin-reenroll"
      submitLabel={t('admin.reenroll')}
      // On success the terminal starts afresh as the new identity (the page reloads).
      enroll={reenrollTerminal}
    >
      <h3>{t('admin.reenrollTitle')}</h3>
      <p className="screen__hint" data-testid="admin-reenroll-hint">
        {pendingCount > 0 ? t('admin.reenrollPending', { total: pendingCount }) : t('admin.reenrollHint')}
      </p>
    </EnrollmentForm>
  );
}

/** Electron only: the kiosk closes for nobody but a shift lead (badge and PIN again, at the moment of exit). */
function ExitSection() {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<ExitOutcome | 'busy' | null>(null);
  const bridge = electronBridge();
  if (!bridge) return null;

  const exit = () => {
    setOutcome('busy');
    void exitTerminal(bridge, requestLeadApproval).then(setOutcome);
  };
  return (
    <>
      <h3>{t('admin.exitTitle')}</h3>
      <p className="screen__hint">{t('admin.exitHint')}</p>
      <button
        type="button"
        className="touch-button"
        data-testid="admin-exit"
        disabled={outcome === 'busy' || outcome === 'exiting'}
        onClick={exit}
      >
        {t('admin.exit')}
      </button>
      {outcome === 'failed' && <p data-testid="admin-exit-failed">{t('admin.exitFailed')}</p>}
    </>
  );
}
