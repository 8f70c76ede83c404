import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EnrollmentError } from '../sync';

/**
 * Station plus enrollment code, as the first set-up and a later re-enrollment both ask for them. `enroll`
 * settles only on failure (on success the terminal starts afresh as the new identity); its error is shown
 * translated and nothing else changes.
 */
export function EnrollmentForm({
  'data-testid': formTestId,
  testIdPrefix,
  className,
  submitLabel,
  isPrimary = false,
  enroll,
  children,
}: {
  'data-testid': string;
  /** The fields' test ids: `<prefix>-station`, `-code`, `-error`, `-submit`. */
  testIdPrefix: string;
  className?: string;
  submitLabel: string;
  isPrimary?: boolean;
  enroll: (stationId: string, code: string) => Promise<void>;
  /** Title and hint above the fields. */
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [stationId, setStationId] = useState('');
  const [code, setCode] = useState('');
  const [isWorking, setWorking] = useState(false);
  const [errorKey, setErrorKey] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setWorking(true);
    setErrorKey(null);
    enroll(stationId.trim(), code.trim()).catch((error: unknown) => {
      setErrorKey(error instanceof EnrollmentError ? error.messageKey : 'enrollment.errors.server');
      setWorking(false);
    });
  };

  return (
    <form className={className} data-testid={formTestId} onSubmit={submit}>
      {children}
      <label className="field">
        <span>{t('setup.station')}</span>
        <input
          data-testid={`${testIdPrefix}-station`}
          value={stationId}
          autoComplete="off"
          onChange={(e) => setStationId(e.target.value)}
        />
      </label>
      <label className="field">
        <span>{t('setup.code')}</span>
        <input
          data-testid={`${testIdPrefix}-code`}
          value={code}
          autoComplete="off"
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {errorKey && (
        <p className="form-error" role="alert" data-testid={`${testIdPrefix}-error`}>
          {t(errorKey)}
        </p>
      )}
      <button
        type="submit"
        className={isPrimary ? 'touch-button touch-button--primary' : 'touch-button'}
        data-testid={`${testIdPrefix}-submit`}
        disabled={isWorking || !stationId.trim() || !code.trim()}
      >
        {isWorking ? t('setup.working') : submitLabel}
      </button>
    </form>
  );
}
