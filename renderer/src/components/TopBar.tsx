import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { Clock } from './Clock';
import { ConnectionStatus } from './ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';

export function TopBar() {
  const { t } = useTranslation();
  const stationName = useTerminalStore((s) => s.stationName ?? s.stationId);
  const operator = useTerminalStore((s) => s.operator);
  const view = useTerminalStore((s) => s.view);
  return (
    <header className="top-bar" data-testid="top-bar">
      <div className="top-bar__cell">
        <span className="top-bar__label">{t('topBar.station')}</span>
        <strong data-testid="station-name">{stationName ?? t('topBar.noStation')}</strong>
      </div>
      <Clock />
      <div className="top-bar__cell">
        <span className="top-bar__label">{t('topBar.operator')}</span>
        <strong data-testid="operator-name">{operator?.name ?? t('topBar.noOperator')}</strong>
      </div>
      <ConnectionStatus />
      <div className="top-bar__actions">
        <button
          type="button"
          className="touch-button touch-button--compact"
          data-testid="status-toggle"
          aria-pressed={view === 'status'}
          onClick={() => useTerminalStore.setState({ view: view === 'status' ? 'work' : 'status' })}
        >
          {view === 'status' ? t('status.back') : t('status.open')}
        </button>
        <LanguageSwitch />
      </div>
    </header>
  );
}
