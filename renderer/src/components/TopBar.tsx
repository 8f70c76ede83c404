import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { Clock } from './Clock';
import { ConnectionStatus } from './ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';

export function TopBar() {
  const { t } = useTranslation();
  const stationName = useTerminalStore((s) => s.stationName ?? s.stationId);
  const operator = useTerminalStore((s) => s.operator);
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
      <LanguageSwitch />
    </header>
  );
}
