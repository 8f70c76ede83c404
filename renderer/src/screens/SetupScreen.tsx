import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { completeSetup } from '../app/boot';
import { electronBridge } from '../platform/bridge';
import { EnrollmentError } from '../sync';

/** Plant IT enrolls a browser terminal once: station plus the server's enrollment code. */
export function SetupScreen() {
  const { t } = useTranslation();
  const [stationId, setStationId] = useState('');
  const [code, setCode] = useState('');
  const [isWorking, setWorking] = useState(false);
  const [errorKey, setErrorKey] = useState<string | null>(null);

  if (electronBridge()) {
    // In Electron, plant IT configures the station in takt-terminal.json and main enrolls by itself.
    return (
      <section className="screen screen--centered" data-testid="setup-screen">
        <h1 className="screen__title">{t('setup.title')}</h1>
        <p className="screen__hint">{t('setup.waitingForMain')}</p>
      </section>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setWorking(true);
    setErrorKey(null);
    completeSetup(stationId.trim(), code.trim()).catch((error: unknown) => {
      setErrorKey(error instanceof EnrollmentError ? error.messageKey : 'enrollment.errors.server');
      setWorking(false);
    });
  };

  return (
    <form className="screen screen--centered setup" data-testid="setup-screen" onSubmit={submit}>
      <h1 className="screen__title">{t('setup.title')}</h1>
      <p className="screen__hint">{t('setup.hint')}</p>
      <label className="field">
        <span>{t('setup.station')}</span>
        <input
          data-testid="setup-station"
          value={stationId}
          autoComplete="off"
          onChange={(e) => setStationId(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('setup.code')}</span>
        <input data-testid="setup-code" value={code} autoComplete="off" onChange={(e) => setCode(e.target.value)} />
      </label>
      {errorKey && (
        <p className="form-error" role="alert" data-testid="setup-error">
          {t(errorKey)}
        </p>
      )}
      <button
        type="submit"
        className="touch-button touch-button--primary"
        data-testid="setup-submit"
        disabled={isWorking || !stationId.trim() || !code.trim()}
      >
        {isWorking ? t('setup.working') : t('setup.submit')}
      </button>
    </form>
  );
}
