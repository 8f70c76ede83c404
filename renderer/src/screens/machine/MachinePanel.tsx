import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '@shared/master-data';
import { BookingButton } from '../../components/BookingButton';
import { getTerminalData } from '../../data';
import { useTerminalStore } from '../../store/terminal-store';
import { confirmMachineGood, explainMachineStop } from '../../workflows/station-work';
import { ReasonButtons } from '../panels/ReasonButtons';
import { ElapsedTimer } from '../station-state/ElapsedTimer';
import { MachineStateIcon } from './MachineStateIcon';
import { useMachinePanel } from './use-machine-panel';
import './machine.css';

/**
 * Beside the current operation: what the machine does and since when, what it counted in this run next to
 * what was booked, one tap to confirm the rest as good, and the reason for a long stop. Nothing without a machine.
 */
export function MachinePanel({
  cycleSeconds,
  unit,
}: {
  cycleSeconds: ReadonlyMap<string, number>;
  /** The selected order's unit; its confirmation books in it. */
  unit: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const panel = useMachinePanel(cycleSeconds);
  if (!panel.hasMachine) return null;
  const { state, run, stop } = panel;
  const orderUnit = unit ?? 'pcs';
  const time = (at: number) => new Date(at).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <section
      className={`machine-panel machine-panel--${state.state}`}
      data-testid="machine-panel"
      data-state={state.state}
      data-since={state.since}
      aria-label={t('machine.title')}
    >
      <div className="machine-panel__state" role="status">
        <MachineStateIcon state={state.state} className="machine-panel__icon" />
        <div className="machine-panel__text">
          <span className="machine-panel__label">{t('machine.title')}</span>
          <strong className="machine-panel__word" data-testid="machine-state-word">
            {t(`machine.state.${state.state}`)}
          </strong>
          <span className="machine-panel__since">
            {t('machine.since', { time: time(state.since) })}
            {' · '}
            <ElapsedTimer since={state.since} className="machine-panel__timer" data-testid="machine-state-timer" />
          </span>
        </div>
      </div>
      {run && (
        <dl className="machine-panel__counts" aria-label={t('machine.run', { time: time(run.startedAt) })}>
          <span className="machine-panel__run" data-testid="machine-run" aria-hidden="true">
            {t('machine.run', { time: time(run.startedAt) })}
          </span>
          <div>
            <dt>{t('machine.counted')}</dt>
            <dd data-testid="machine-count">{run.counted}</dd>
          </div>
          <div>
            <dt>{t('machine.good')}</dt>
            <dd data-testid="machine-booked-good">{run.booked.good}</dd>
          </div>
          <div>
            <dt>{t('machine.scrap')}</dt>
            <dd data-testid="machine-booked-scrap">{run.booked.scrap}</dd>
          </div>
        </dl>
      )}
      {run && run.toConfirm > 0 && (
        <BookingButton
          kind="quantity.good"
          className="touch-button touch-button--ok machine-panel__confirm"
          data-testid="machine-confirm"
          onClick={() => void confirmMachineGood(run.toConfirm, orderUnit)}
        >
          {t('machine.confirm', { quantity: run.toConfirm })}
        </BookingButton>
      )}
      {run && run.toConfirm <= 0 && (
        <p className="machine-panel__hint" data-testid="machine-confirm-reason">
          {t('machine.nothingToConfirm', { counted: run.counted, booked: run.counted - run.toConfirm })}
        </p>
      )}
      {!run && state.state !== 'no-order' && (
        <p className="machine-panel__hint" data-testid="machine-confirm-reason">
          {t('machine.notProducing')}
        </p>
      )}
      {stop && <StopReasonPrompt since={stop.since} time={time(stop.since)} />}
    </section>
  );
}

/** A long stop nobody explained asks for its reason; the downtime booked covers the stop from its start. */
function StopReasonPrompt({ since, time }: { since: number; time: string }) {
  const { t } = useTranslation();
  const [reasons, setReasons] = useState<Reason[]>([]);
  const isSaving = useTerminalStore((s) => s.savingActions.has('downtime.start'));
  useEffect(() => {
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons('downtime')
      .then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, []);
  return (
    <div className="machine-stop" data-testid="machine-stop-prompt" data-since={since} role="alert">
      <h3>{isSaving ? t('common.saving') : t('machine.stopAsk', { time })}</h3>
      <ReasonButtons
        reasons={reasons}
        selected={null}
        isBusy={isSaving}
        onSelect={(code) => void explainMachineStop(code, since)}
      />
    </div>
  );
}
