import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '@shared/master-data';
import { BookingButton } from '../../components/BookingButton';
import { getTerminalData } from '../../data';
import { isLanguage } from '../../i18n/messages';
import type { ShiftEntry } from '../../workflows/shift-history';
import { reverseBooking } from '../../workflows/station-work';
import { summarizeBooking, type BookingLabels } from './booking-labels';
import { ReasonButtons } from './ReasonButtons';

/**
 * Shows exactly what will be reversed and asks why, before anything is booked. `needsLead`: the reversal
 * then asks a shift lead's badge and PIN (see reverseBooking), and the button says so.
 */
export function ReversalConfirm({
  entry,
  labels,
  needsLead,
  onDone,
}: {
  entry: ShiftEntry;
  labels: BookingLabels;
  needsLead: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const [reasons, setReasons] = useState<Reason[]>([]);
  const [reasonCode, setReasonCode] = useState<string | null>(null);
  useEffect(() => {
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons('reversal')
      .then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, []);

  const summary = summarizeBooking(entry.booking, labels, t, language);
  const confirm = () => {
    if (!reasonCode) return;
    void reverseBooking(entry.booking.id, reasonCode).then((saved) => saved && onDone());
  };
  return (
    <div className="entry-panel" data-testid="panel-reverse">
      <h3>{t('history.confirmTitle')}</h3>
      <dl className="reversal-summary" data-testid="reverse-summary">
        <div>
          <dt>{summary.time}</dt>
          <dd>
            <strong>{summary.type}</strong> {summary.detail}
          </dd>
        </div>
        {summary.operation && (
          <div>
            <dt />
            <dd>{summary.operation}</dd>
          </div>
        )}
      </dl>
      <p>{t('history.chooseReason')}</p>
      <ReasonButtons reasons={reasons} selected={reasonCode} onSelect={setReasonCode} />
      <div className="entry-panel__foot">
        <button type="button" className="touch-button" data-testid="reverse-back" onClick={onDone}>
          {t('history.back')}
        </button>
        <BookingButton
          kind="booking.reverse"
          className="touch-button touch-button--bad"
          data-testid="reverse-confirm"
          isDisabled={reasonCode === null}
          onClick={confirm}
        >
          {needsLead ? t('history.reverseWithLead') : t('history.confirm')}
        </BookingButton>
      </div>
    </div>
  );
}
