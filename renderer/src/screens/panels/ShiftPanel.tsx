import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import { isLanguage } from '../../i18n/messages';
import { useTerminalStore } from '../../store/terminal-store';
import { canReverse } from '../../workflows/reversal-rules';
import { loadShiftHistory, type ShiftEntry, type ShiftHistory } from '../../workflows/shift-history';
import { summarizeBooking, useBookingLabels } from './booking-labels';
import { ReversalConfirm } from './ReversalConfirm';

/** "My shift": this station's bookings of the current shift, newest first, with their state at the server. */
export function ShiftPanel() {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const operator = useTerminalStore((s) => s.operator);
  // Re-read when a booking lands or the server answers, so states and reversals show as they change.
  const activity = useTerminalStore((s) => s.activity);
  const pendingCount = useTerminalStore((s) => s.pendingCount);
  const deadLetterCount = useTerminalStore((s) => s.deadLetterCount);
  const quarantinedCount = useTerminalStore((s) => s.quarantinedCount);
  const [history, setHistory] = useState<ShiftHistory | null>(null);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const labels = useBookingLabels(history?.entries.map((entry) => entry.booking) ?? []);

  useEffect(() => {
    let isCurrent = true;
    void loadShiftHistory().then((loaded) => isCurrent && setHistory(loaded));
    return () => {
      isCurrent = false;
    };
  }, [activity, pendingCount, deadLetterCount, quarantinedCount]);

  const chosen = history?.entries.find((entry) => entry.booking.id === chosenId);
  if (chosen && history) {
    const needsLead = operator ? !canReverse(chosen, operator, history.shift).ok : true;
    return <ReversalConfirm entry={chosen} labels={labels} needsLead={needsLead} onDone={() => setChosenId(null)} />;
  }

  const since = history
    ? new Date(history.shift.start).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : '';
  return (
    <div className="entry-panel" data-testid="panel-history">
      <h3>{t('history.title', { time: since })}</h3>
      {history?.entries.length === 0 && <p className="screen__hint">{t('history.empty')}</p>}
      <ul className="shift-history">
        {history?.entries.map((entry) => {
          const summary = summarizeBooking(entry.booking, labels, t, language);
          const verdict = operator ? canReverse(entry, operator, history.shift) : null;
          const byOther = entry.booking.operatorId !== operator?.id && entry.booking.operatorId;
          return (
            <li
              key={entry.booking.id}
              className="shift-history__row"
              data-testid="history-row"
              data-booking-id={entry.booking.id}
              data-type={entry.booking.type}
              data-sync={entry.syncState}
              data-reversed={entry.isReversed}
            >
              <span className="shift-history__time">{summary.time}</span>
              <span className="shift-history__what">
                <strong className={entry.isReversed ? 'shift-history__struck' : undefined}>{summary.type}</strong>{' '}
                {summary.detail}
                <span className="screen__hint">
                  {[
                    summary.operation,
                    byOther ? t('history.bookedBy', { name: labels.operators.get(byOther) ?? byOther }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </span>
              <SyncStateBadge entry={entry} />
              {entry.isReversed ? (
                <span className="status-pill" data-testid="history-reversed">
                  {t('history.reversed')}
                </span>
              ) : verdict?.ok ? (
                <button
                  type="button"
                  className="touch-button touch-button--compact"
                  data-testid="history-reverse"
                  onClick={() => setChosenId(entry.booking.id)}
                >
                  {t('history.reverse')}
                </button>
              ) : verdict?.refusal === 'needs-lead' ? (
                // Any operator may start it; a shift lead's badge and PIN approve it after the reason is chosen.
                <button
                  type="button"
                  className="touch-button touch-button--compact"
                  data-testid="history-reverse-with-lead"
                  onClick={() => setChosenId(entry.booking.id)}
                >
                  {t('history.reverseWithLead')}
                </button>
              ) : (
                <span />
              )}
            </li>
          );
        })}
      </ul>
      <div className="entry-panel__foot">
        <PanelCancelButton />
      </div>
    </div>
  );
}

function SyncStateBadge({ entry }: { entry: ShiftEntry }) {
  const { t } = useTranslation();
  const hasServerReason = entry.syncState !== 'pending' && entry.syncState !== 'sent';
  return (
    <span className={`sync-badge sync-badge--${entry.syncState}`} data-testid="history-sync">
      {t(`history.syncState.${entry.syncState}`, hasServerReason ? { reason: entry.serverReason ?? '–' } : {})}
    </span>
  );
}
