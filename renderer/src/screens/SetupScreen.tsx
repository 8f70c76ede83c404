import { useTranslation } from 'react-i18next';
import { completeSetup } from '../app/boot';
import { electronBridge } from '../platform/bridge';
import { EnrollmentForm } from './EnrollmentForm';

/** Plant IT enrolls a browser terminal once: station plus the server's enrollment code. */
export function SetupScreen() {
  const { t } = useTranslation();

  if (electronBridge()) {
    // In Electron, plant IT configures the station in takt-terminal.json and main enrolls by itself.
    return (
      <section className="screen screen--centered" data-testid="setup-screen">
        <h1 className="screen__title">{t('setup.title')}</h1>
        <p className="screen__hint">{t('setup.waitingForMain')}</p>
      </section>
    );
  }

  return (
    <EnrollmentForm
      className="screen screen--centered setup"
      data-testid="setup-screen"
      testIdPrefix="setup"
      submitLabel={t('setup.submit')}
      isPrimary
      enroll={completeSetup}
    >
      <h1 className="screen__title">{t('setup.title')}</h1>
      <p className="screen__hint">{t('setup.hint')}</p>
    </EnrollmentForm>
  );
}
