import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardViewer } from '@shared/lead';
import { BoardApiError, signIn } from './board-api';

const KNOWN_ERRORS = new Set(['invalid-credentials', 'too-many-attempts', 'forbidden']);

export function LoginPage({
  onSignedIn,
  isLinkInvalid,
}: {
  onSignedIn: (viewer: BoardViewer) => void;
  isLinkInvalid: boolean;
}) {
  const { t } = useTranslation();
  const [badge, setBadge] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | undefined>(isLinkInvalid ? t('login.linkInvalid') : undefined);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn({ badge, pin }));
    } catch (failure) {
      const code = failure instanceof BoardApiError ? failure.code : 'failed';
      setError(
        t(`login.${KNOWN_ERRORS.has(code) ? code : 'failed'}`, {
          seconds: failure instanceof BoardApiError ? (failure.retryAfterSeconds ?? 60) : 60,
        }),
      );
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login__form" onSubmit={(event) => void submit(event)} data-testid="board-login">
        <h1>{t('login.title')}</h1>
        <label>
          {t('login.badge')}
          <input
            data-testid="login-badge"
            value={badge}
            autoComplete="username"
            autoCapitalize="characters"
            onChange={(event) => setBadge(event.target.value)}
            required
          />
        </label>
        <label>
          {t('login.pin')}
          <input
            data-testid="login-pin"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            pattern="[0-9]{4,8}"
            value={pin}
            onChange={(event) => setPin(event.target.value)}
            required
          />
        </label>
        <button type="submit" data-testid="login-submit" disabled={isBusy}>
          {isBusy ? t('login.busy') : t('login.submit')}
        </button>
        {error !== undefined && (
          <p className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
