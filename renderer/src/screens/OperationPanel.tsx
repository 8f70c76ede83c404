import { useTranslation } from 'react-i18next';
import type { BookingType } from '../../../shared/booking';
import type { Operation, Order } from '../../../shared/master-data';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity, type OperationStatus } from '../workflows/operation-activity';
import {
  finishOperation,
  interruptOperationPanel,
  openPanel,
  resumeOperation,
  startOperation,
} from '../workflows/station-work';
import { QualityPanel } from './panels/QualityPanel';
import { QuantityPanel } from './panels/QuantityPanel';
import { ReasonPanel } from './panels/ReasonPanel';

export function OperationPanel({ operation, order }: { operation: Operation; order: Order | undefined }) {
  const { t } = useTranslation();
  const panel = useTerminalStore((s) => s.panel);
  const state = useTerminalStore((s) => s.activity.operations.get(operation.id)) ?? emptyActivity();
  const unit = order?.unit ?? 'pcs';
  const savingActions = useTerminalStore((s) => s.savingActions);
  const isSettling = useTerminalStore((s) => s.isSettling);

  return (
    <div className="operation-panel" data-testid="operation-panel" data-state={state.status}>
      <header className="operation-panel__head">
        <div>
          <h2>
            {order?.number} · {operation.number} {operation.text}
          </h2>
          <p className="screen__hint">{order?.materialText}</p>
        </div>
        <dl className="counters">
          <div>
            <dt>{t('work.good')}</dt>
            <dd data-testid="counter-good">{state.good}</dd>
          </div>
          <div>
            <dt>{t('work.scrap')}</dt>
            <dd data-testid="counter-scrap">{state.scrap}</dd>
          </div>
          <div>
            <dt>{t('work.planned')}</dt>
            <dd>{order?.quantity}</dd>
          </div>
        </dl>
      </header>

      {panel === 'good' && <QuantityPanel kind="good" unit={unit} />}
      {panel === 'scrap' && <QuantityPanel kind="scrap" unit={unit} />}
      {panel === 'rework' && <QuantityPanel kind="rework" unit={unit} />}
      {panel === 'interrupt' && <ReasonPanel kind="interrupt" />}
      {panel === 'quality' && <QualityPanel qualityPlanId={operation.qualityPlanId} />}

      {panel === null && (
        <div className="action-grid">
          {actionsFor(state.status, Boolean(operation.qualityPlanId)).map((action) => {
            const isSaving = action.books !== undefined && savingActions.has(action.books);
            return (
              <button
                key={action.id}
                type="button"
                className={`touch-button${action.variant ? ` touch-button--${action.variant}` : ''}`}
                data-testid={action.id}
                disabled={action.isDisabled || isSaving || isSettling}
                data-settling={isSettling && !action.isDisabled && !isSaving}
                aria-busy={isSaving}
                onClick={action.run}
              >
                {isSaving ? t('common.saving') : t(action.labelKey)}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}

interface OperationAction {
  id: string;
  labelKey: string;
  variant?: 'primary' | 'ok' | 'bad';
  isDisabled?: boolean;
  /** The booking this button saves at once (not via a panel), so it can show that it is saving. */
  books?: BookingType;
  run: () => void;
}

/** What an operator can do next, by the operation's state; nothing else is offered. */
function actionsFor(status: OperationStatus, hasQualityPlan: boolean): OperationAction[] {
  const startProduction: OperationAction = {
    id: 'start-production',
    labelKey: 'work.startProduction',
    variant: 'primary',
    books: 'operation.start',
    run: () => void startOperation('production'),
  };
  const finishFinal: OperationAction = {
    id: 'finish-final',
    labelKey: 'work.finishFinal',
    variant: 'primary',
    books: 'operation.finish',
    run: () => void finishOperation('final'),
  };
  const running: OperationAction[] = [
    { id: 'book-good', labelKey: 'work.bookGood', variant: 'ok', run: () => openPanel('good') },
    { id: 'book-scrap', labelKey: 'work.bookScrap', variant: 'bad', run: () => openPanel('scrap') },
    { id: 'book-rework', labelKey: 'work.bookRework', run: () => openPanel('rework') },
    { id: 'book-quality', labelKey: 'work.quality', isDisabled: !hasQualityPlan, run: () => openPanel('quality') },
    { id: 'interrupt', labelKey: 'work.interrupt', run: interruptOperationPanel },
    {
      id: 'finish-partial',
      labelKey: 'work.finishPartial',
      books: 'operation.finish',
      run: () => void finishOperation('partial'),
    },
    finishFinal,
  ];
  switch (status) {
    case 'idle':
    case 'finished':
      return [
        {
          id: 'start-setup',
          labelKey: 'work.startSetup',
          books: 'operation.start',
          run: () => void startOperation('setup'),
        },
        startProduction,
      ];
    case 'setup':
      return [startProduction, ...running];
    case 'production':
      return running;
    case 'interrupted':
      return [
        {
          id: 'resume',
          labelKey: 'work.resume',
          variant: 'primary',
          books: 'operation.resume',
          run: () => void resumeOperation(),
        },
        { ...finishFinal, variant: undefined },
      ];
  }
}
