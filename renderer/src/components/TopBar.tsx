import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { Clock } from './Clock';
import { ConnectionStatus } from './ConnectionStatus';
import { LanguageSwitch } from './LanguageSwitch';
import { TeamPanel } from './TeamPanel';

export function TopBar() {
  const { t } = useTranslation();
  const stationName = useTerminalStore((s) => s.stationName ?? s.stationId);
  const operator = useTerminalStore((s) => s.operator);
  const view = useTerminalStore((s) => s.view);
  const teamSize = useTerminalStore((s) => s.team.length);
  const [isTeamOpen, setTeamOpen] = useState(false);
  return (
    <header className="top-bar" data-testid="top-bar">
      <div className="top-bar__cell">
        <span className="top-bar__label">{t('topBar.station')}</span>
        <NameText data-testid="station-name" text={stationName ?? t('topBar.noStation')} />
      </div>
      <Clock />
      <button
        type="button"
        className="top-bar__cell top-bar__team"
        data-testid="team-toggle"
        aria-expanded={isTeamOpen}
        disabled={teamSize === 0}
        onClick={() => setTeamOpen(!isTeamOpen)}
      >
        <span className="top-bar__label">{t('topBar.operator')}</span>
        <NameText data-testid="operator-name" text={operator?.name ?? t('topBar.noOperator')} />
        {teamSize > 1 && (
          <span className="top-bar__team-count" data-testid="team-count" data-count={teamSize}>
            {t('topBar.team', { count: teamSize })}
          </span>
        )}
      </button>
      {isTeamOpen && teamSize > 0 && <TeamPanel onClose={() => setTeamOpen(false)} />}
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

/** Past this many characters a name gets the smaller font, so most names fit on two lines uncut. */
const LONG_NAME = 16;

function NameText({ text, 'data-testid': testId }: { text: string; 'data-testid': string }) {
  const isLong = text.length > LONG_NAME;
  return (
    <strong className={`top-bar__name${isLong ? ' top-bar__name--long' : ''}`} data-testid={testId} title={text}>
      {text}
    </strong>
  );
}
