import { useTranslation } from 'react-i18next';

/** Shown instead of the terminal when it cannot start safely; says what is wrong and what to do. */
export function StartProblemScreen({ problem }: { problem: 'insecure' | 'recovery' }) {
  const { t } = useTranslation();
  if (problem === 'insecure') {
    return (
      <section className="screen screen--centered" data-testid="start-problem" data-problem="insecure" role="alert">
        <h1 className="screen__title">{t('startProblem.insecureTitle')}</h1>
        <p className="screen__hint">{t('startProblem.insecureHint', { origin: window.location.origin })}</p>
      </section>
    );
  }
  return (
    <section className="screen screen--centered" data-testid="start-problem" data-problem="recovery" role="alert">
      <h1 className="screen__title">{t('startProblem.recoveryTitle')}</h1>
      <p className="screen__hint">{t('startProblem.recoveryHint')}</p>
      <button
        type="button"
        className="touch-button touch-button--primary"
        data-testid="restart-terminal"
        onClick={() => window.location.replace(window.location.pathname)}
      >
        {t('startProblem.restart')}
      </button>
    </section>
  );
}
