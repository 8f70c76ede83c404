import { useTranslation } from 'react-i18next';
import type { StationState } from '../../workflows/station-state';
import { ElapsedTimer } from './ElapsedTimer';
import { StateIcon } from './StateIcon';
import { useReasonText } from './use-reason-text';

/** Across the top of the station screen: what the station is doing, why, and for how long. */
export function StationStateBanner({ state, operationLabel }: { state: StationState; operationLabel: string | null }) {
  const { t } = useTranslation();
  const reason = useReasonText(state.kind === 'down' ? 'downtime' : 'interrupt', state.reasonCode);
  return (
    <div
      className={`station-state station-state--${state.kind}`}
      data-testid="station-state"
      data-state={state.kind}
      role="status"
    >
      <StateIcon kind={state.kind} className="station-state__icon" />
      <div className="station-state__text">
        <strong className="station-state__word" data-testid="station-state-word">
          {t(`stationState.${state.kind}`)}
        </strong>
        {(reason ?? operationLabel) !== null && (
          <span className="station-state__detail" data-testid="station-state-reason">
            {[reason, operationLabel].filter((part) => part !== null).join(' · ')}
          </span>
        )}
      </div>
      {state.since !== null && (
        <ElapsedTimer since={state.since} className="station-state__timer" data-testid="station-state-timer" />
      )}
    </div>
  );
}
