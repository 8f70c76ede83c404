import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppInfoSchema, LogTailSchema, type AppInfo } from '../../../shared/ipc';
import { exportPendingBookings } from '../workflows/export-pending';
import { electronBridge } from '../platform/bridge';
import { useTerminalStore } from '../store/terminal-store';

const LOG_TAIL_LINES = 200;

type ExportState =
  { kind: 'idle' | 'busy' | 'failed' | 'nothing-pending' } | { kind: 'saved'; count: number; fileName: string };

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
    exportPendingBookings(stationId).then(setExportState, () => setExportState({ kind: 'failed' }));
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
      {exportState.kind === 'failed' && <p data-testid="admin-export-result">{t('admin.exportFailed')}</p>}
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
