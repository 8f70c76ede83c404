import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { routeTypedBadge } from '../workflows/scan-router';

/** Waiting for a badge. Without a reader, the badge number can be typed; a typed number needs the PIN. */
export function LoginScreen() {
  const { t } = useTranslation();
  const [isManual, setManual] = useState(false);
  const [badge, setBadge] = useState('');
  const hasMasterData = useTerminalStore((s) => s.hasMasterData);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!badge.trim()) return;
    void routeTypedBadge(badge);
    setBadge('');
  };
  return (
    <section className="screen screen--centered" data-testid="login-screen">
      <div className="badge-icon" aria-hidden="true" />
      <h1 className="screen__title">{t('home.scanBadge')}</h1>
      <p className="screen__hint">{hasMasterData ? t('home.scanHint') : t('home.waitingForData')}</p>
      {isManual ? (
        <form className="inline-form" onSubmit={submit}>
          <label className="field">
            <span>{t('home.badgeNumber')}</span>
            <input
              data-testid="manual-badge"
              value={badge}
              autoFocus
              autoComplete="off"
              onChange={(event) => setBadge(event.target.value)}
            />
          </label>
          <button type="submit" className="touch-button touch-button--primary" data-testid="manual-badge-submit">
            {t('home.login')}
          </button>
        </form>
      ) : (
        <button type="button" className="touch-button" data-testid="manual-badge-open" onClick={() => setManual(true)}>
          {t('home.enterBadge')}
        </button>
      )}
    </section>
  );
}
