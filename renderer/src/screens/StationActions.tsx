import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelCancelButton } from '../components/PanelCancelButton';
import { useTerminalStore } from '../store/terminal-store';
import { BookingButton } from '../components/BookingButton';
import { isTapOfLastSave } from '../workflows/one-intent';
import { endDowntime, openPanel, requestTransport, writeShiftNote } from '../workflows/station-work';
import { ReasonPanel } from './panels/ReasonPanel';
import { useReasonText } from './station-state/use-reason-text';
import { ShiftPanel } from './panels/ShiftPanel';

function openUnlessTapOfLastSave(eventTimeStamp: number, panel: 'downtime' | 'note' | 'history'): void {
  if (!isTapOfLastSave(eventTimeStamp)) openPanel(panel);
}

/** Station-wide actions that do not belong to one operation. */
export function StationActions() {
  const { t } = useTranslation();
  const panel = useTerminalStore((s) => s.panel);
  const downtimeReason = useReasonText(
    'downtime',
    useTerminalStore((s) => s.activity.downtimeReason),
  );
  // Right after a save these may sit where the tapped button was: the rest of a double tap must miss them.
  const isSettling = useTerminalStore((s) => s.isSettling);
  const [note, setNote] = useState('');

  const submitNote = (event: FormEvent) => {
    event.preventDefault();
    if (!note.trim()) return;
    void writeShiftNote(note.trim()).then((saved) => saved && setNote(''));
  };

  if (panel === 'downtime') return <ReasonPanel kind="downtime" />;
  if (panel === 'history') return <ShiftPanel />;
  if (panel === 'note') {
    return (
      <form className="entry-panel" data-testid="panel-note" onSubmit={submitNote}>
        <label className="field">
          <span>{t('work.shiftNote')}</span>
          <textarea
            data-testid="note-text"
            rows={3}
            maxLength={2000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </label>
        <div className="entry-panel__foot">
          <PanelCancelButton />
          <button
            type="submit"
            className="touch-button touch-button--primary"
            data-testid="note-save"
            disabled={!note.trim()}
          >
            {t('common.save')}
          </button>
        </div>
      </form>
    );
  }
  return (
    <div className="station-actions" data-testid="station-actions">
      {downtimeReason ? (
        <BookingButton
          kind="downtime.end"
          className="touch-button touch-button--bad"
          data-testid="downtime-end"
          onClick={() => void endDowntime()}
        >
          {t('work.endDowntime', { reason: downtimeReason })}
        </BookingButton>
      ) : (
        <button
          type="button"
          className="touch-button"
          data-testid="downtime-start"
          disabled={isSettling}
          data-settling={isSettling}
          onClick={(event) => openUnlessTapOfLastSave(event.timeStamp, 'downtime')}
        >
          {t('work.startDowntime')}
        </button>
      )}
      <BookingButton kind="transport.request" data-testid="transport" onClick={() => void requestTransport()}>
        {t('work.requestTransport')}
      </BookingButton>
      <button
        type="button"
        className="touch-button"
        data-testid="note"
        disabled={isSettling}
        data-settling={isSettling}
        onClick={(event) => openUnlessTapOfLastSave(event.timeStamp, 'note')}
      >
        {t('work.shiftNote')}
      </button>
      <button
        type="button"
        className="touch-button"
        data-testid="my-shift"
        disabled={isSettling}
        data-settling={isSettling}
        onClick={(event) => openUnlessTapOfLastSave(event.timeStamp, 'history')}
      >
        {t('history.open')}
      </button>
    </div>
  );
}
