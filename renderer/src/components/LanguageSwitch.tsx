import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import { LANGUAGES } from '../i18n/messages';
import { useTerminalStore } from '../store/terminal-store';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useTerminalStore((s) => s.language);
  return (
    <div className="language-switch" role="group" aria-label={t('topBar.language')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          className="touch-button touch-button--compact"
          aria-pressed={language === code}
          data-testid={`language-${code}`}
          onClick={() => {
            useTerminalStore.setState({ language: code });
            void changeLanguage(code);
          }}
        >
          {t(`language.${code}`)}
        </button>
      ))}
    </div>
  );
}
