import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';

/** Closes whatever entry panel is open, without saving anything. */
export function PanelCancelButton() {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className="touch-button"
      data-testid="panel-cancel"
      onClick={() => useTerminalStore.setState({ panel: null })}
    >
      {t('common.cancel')}
    </button>
  );
}
