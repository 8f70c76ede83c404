import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../../store/terminal-store';
import { endDowntime } from '../../workflows/station-work';
import { ElapsedTimer } from './ElapsedTimer';
import { StateIcon } from './StateIcon';
import { useReasonText } from './use-reason-text';

/** A running downtime takes over the screen until someone ends it: nobody can miss or forget it. */
export function DowntimeOverlay() {
  const { t } = useTranslation();
  const reasonCode = useTerminalStore((s) => s.activity.downtimeReason);
  const since = useTerminalStore((s) => s.activity.downtimeChangedAt);
  const reason = useReasonText('downtime', reasonCode);
  const [isEnding, setIsEnding] = useState(false);
  if (reasonCode === null) return null;
  return (
    <section
      className="downtime-overlay"
      data-testid="downtime-overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="downtime-overlay-title"
    >
      <div className="downtime-overlay__head">
        <StateIcon kind="down" className="downtime-overlay__icon" />
        <h2 id="downtime-overlay-title" className="downtime-overlay__word">
          {t('stationState.down')}
        </h2>
      </div>
      <p className="downtime-overlay__reason" data-testid="downtime-reason">
        {reason}
      </p>
      {since !== null && (
        <ElapsedTimer since={since} className="downtime-overlay__timer" data-testid="downtime-timer" />
      )}
      <button
        type="button"
        className="touch-button downtime-overlay__end"
        data-testid="downtime-overlay-end"
        disabled={isEnding}
        onClick={() => {
          setIsEnding(true);
          void endDowntime().finally(() => setIsEnding(false));
        }}
      >
        {t('stationState.endDowntime')}
      </button>
    </section>
  );
}
