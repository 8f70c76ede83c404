import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { useSecondsUntil } from './use-seconds-until';

/** The last 30 s before an idle logout, with a countdown; any touch keeps the team logged in. */
export function IdleWarning() {
  const { t } = useTranslation();
  const logoutAt = useTerminalStore((s) => s.idleLogoutAt);
  const seconds = useSecondsUntil(logoutAt);
  if (logoutAt === null) return null;
  return (
    <div className="confirm-overlay">
      <div className="confirm-dialog confirm-dialog--warn" role="alertdialog" data-testid="idle-warning">
        <h3>{t('idle.title')}</h3>
        <p data-testid="idle-seconds" data-seconds={seconds}>
          {t('idle.text', { seconds })}
        </p>
        <div className="entry-panel__foot">
          {/* Touching anything counts as activity; the button just gives the finger a target. */}
          <button type="button" className="touch-button touch-button--primary" data-testid="idle-stay">
            {t('idle.stay')}
          </button>
        </div>
      </div>
    </div>
  );
}
