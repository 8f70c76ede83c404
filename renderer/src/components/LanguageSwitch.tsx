import { useTranslation } from 'react-i18next';
import { changeLanguage } from '../i18n';
import { LANGUAGES } from '../i18n/messages';
import { useTerminalStore } from '../store/terminal-store';

// Four full names ("Deutsch English Polski Türkçe") crowd the top bar, so each button shows the ISO code
// (the same in every language, hence not translated) and says the language's own name to touch and
// screen readers; one tap switches, as before.
export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useTerminalStore((s) => s.language);
  return (
    <div className="language-switch" role="group" aria-label={t('topBar.language')}>
      {LANGUAGES.map((code) => (
        <button
          key={code}
          type="button"
          lang={code}
          className="touch-button touch-button--compact language-switch__button"
          aria-pressed={language === code}
          aria-label={t(`language.${code}`)}
          title={t(`language.${code}`)}
          data-testid={`language-${code}`}
          onClick={() => {
            useTerminalStore.setState({ language: code });
            void changeLanguage(code);
          }}
        >
          {code.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
