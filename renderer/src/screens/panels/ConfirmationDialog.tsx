import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../../store/terminal-store';
import { declineConfirmation } from '../../workflows/operation-rules';
import type { Question } from '../../workflows/rules/verdict';

const GHOST_TAP_MS = 400;

/**
 * A booking held back by a rule, with the numbers the operator needs to answer. "No" is the safe answer and
 * has the focus, so a stray Enter books nothing.
 */
export function ConfirmationDialog({ unit }: { unit: string }) {
  const { t } = useTranslation();
  const confirmation = useTerminalStore((s) => s.confirmation);
  const cancel = useRef<HTMLButtonElement>(null);
  // The dialog appears under the finger that tapped Save: the rest of a double tap must not answer it, so
  // "yes" takes taps only after a moment (it does not look disabled meanwhile).
  const [armedFor, setArmedFor] = useState<unknown>(null);
  const isArmed = confirmation !== null && armedFor === confirmation;
  useEffect(() => {
    if (!confirmation) return;
    // When the question goes, the focus goes back where it was (the pad's input): after "correct" the
    // operator fixes the number with the physical keyboard as before.
    const focusBefore = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    cancel.current?.focus({ preventScroll: true });
    const timer = setTimeout(() => setArmedFor(confirmation), GHOST_TAP_MS);
    return () => {
      clearTimeout(timer);
      if (focusBefore?.isConnected) focusBefore.focus({ preventScroll: true });
    };
  }, [confirmation]);
  if (!confirmation) return null;
  const { question, accept } = confirmation;
  const isWarning = question.kind !== 'final-summary' || question.remaining > 0;

  return (
    <div className="confirm-overlay">
      <div
        className={`confirm-dialog${isWarning ? ' confirm-dialog--warn' : ''}`}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        data-testid="confirm-dialog"
        data-kind={question.kind}
      >
        <h3 id="confirm-title">{title(question, unit, t)}</h3>
        <QuestionBody question={question} unit={unit} />
        <div className="entry-panel__foot">
          <button
            ref={cancel}
            type="button"
            className="touch-button"
            data-testid="confirm-cancel"
            onClick={declineConfirmation}
          >
            {question.kind === 'implausible-quantity' ? t('work.confirm.correct') : t('common.cancel')}
          </button>
          <button
            type="button"
            className="touch-button touch-button--primary"
            data-testid="confirm-accept"
            disabled={!isArmed}
            data-settling={!isArmed}
            data-needs-lead={question.kind === 'implausible-quantity' && question.needsLead}
            onClick={() => void accept()}
          >
            {acceptLabel(question, unit, t)}
          </button>
        </div>
      </div>
    </div>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

function title(question: Question, unit: string, t: Translate): string {
  switch (question.kind) {
    case 'end-downtime':
      return t('work.confirm.downtimeTitle', { reason: question.reasonCode });
    case 'implausible-quantity':
      return t('work.confirm.quantityTitle', { quantity: question.entered, unit });
    case 'final-summary':
      return question.remaining > 0 ? t('work.confirm.belowPlanTitle') : t('work.confirm.finishTitle');
    case 'duplicate-label':
      return t('work.material.duplicateTitle', { time: clockTime(question.bookedAt) });
    case 'lead-override':
      return t('work.material.leadOverrideTitle');
  }
}

function acceptLabel(question: Question, unit: string, t: Translate): string {
  switch (question.kind) {
    case 'end-downtime':
      return t('work.confirm.endDowntimeAndContinue');
    case 'implausible-quantity':
      return t(question.needsLead ? 'work.confirm.bookAnywayWithLead' : 'work.confirm.bookAnyway', {
        quantity: question.entered,
        unit,
      });
    case 'final-summary':
      return t('work.confirm.finish');
    case 'duplicate-label':
      return t('work.material.bookAgain');
    case 'lead-override':
      return t('work.material.overrideAsLead');
  }
}

function QuestionBody({ question, unit }: { question: Question; unit: string }) {
  const { t } = useTranslation();
  if (question.kind === 'end-downtime') return <p>{t('work.confirm.downtimeText')}</p>;
  if (question.kind === 'duplicate-label') {
    const label = question.lot === null ? question.material : `${question.material} · ${question.lot}`;
    return <p>{t('work.material.duplicateText', { label, time: clockTime(question.bookedAt) })}</p>;
  }
  if (question.kind === 'lead-override') {
    return <p data-testid="confirm-refusal">{t(question.refusal.messageKey, question.refusal.params ?? {})}</p>;
  }
  const figures: Array<[string, number]> =
    question.kind === 'implausible-quantity'
      ? [
          ['entered', question.entered],
          ['planned', question.planned],
          ['booked', question.booked],
          ['open', question.open],
        ]
      : [
          ['good', question.good],
          ['scrap', question.scrap],
          ['rework', question.rework],
          ['planned', question.planned],
          ['remaining', question.remaining],
        ];
  return (
    <>
      <dl className="confirm-figures">
        {figures.map(([name, quantity]) => (
          <div key={name}>
            <dt>{t(`work.confirm.figure.${name}`)}</dt>
            <dd data-testid={`confirm-${name}`}>
              {quantity} {unit}
            </dd>
          </div>
        ))}
      </dl>
      {question.kind === 'implausible-quantity' &&
        question.exceeds.map((reason) => (
          <p key={reason} className="confirm-reason">
            {reason === 'open'
              ? t('work.confirm.aboveOpen', { limit: roundForDisplay(question.openLimit), unit })
              : t('work.confirm.aboveCycle', { limit: question.cycleLimit ?? 0, unit })}
          </p>
        ))}
      {question.kind === 'final-summary' && question.remaining > 0 && (
        <p className="confirm-reason">{t('work.confirm.belowPlanText', { remaining: question.remaining, unit })}</p>
      )}
    </>
  );
}

/** "10:42" on the terminal's clock. */
function clockTime(at: number): string {
  const time = new Date(at);
  return `${String(time.getHours()).padStart(2, '0')}:${String(time.getMinutes()).padStart(2, '0')}`;
}

function roundForDisplay(quantity: number): number {
  return Math.round(quantity * 1000) / 1000;
}
