import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { closePanel } from '../workflows/station-work';

/**
 * Closes whatever entry panel is open, without saving anything. Like the booking buttons it is disabled while
 * a save runs and settles, so a repeated tap on a save does not close the panel that shows its result.
 */
export function PanelCancelButton() {
  const { t } = useTranslation();
  // Disabled for the moment of a save without looking it (`data-settling`): no flicker after every booking.
  const isBusy = useTerminalStore((s) => s.isSettling || s.savingActions.size > 0);
  return (
    <button
      type="button"
      className="touch-button"
      data-testid="panel-cancel"
      disabled={isBusy}
      data-settling={isBusy}
      onClick={(event) => closePanel(event.timeStamp)}
    >
      {t('common.cancel')}
    </button>
  );
}
