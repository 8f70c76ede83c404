import { useTranslation } from 'react-i18next';
import type { BookingType } from '@shared/booking';
import type { Operation, Order } from '@shared/master-data';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity, type OperationStatus } from '../workflows/operation-activity';
import { workStateOf } from '@shared/work';
import { openQuantity } from '../workflows/rules/work-state';
import {
  finishOperation,
  interruptOperationPanel,
  openPanel,
  resumeOperation,
  startOperation,
} from '../workflows/station-work';
import { openMaterialPanel } from '../workflows/material-scan';
import { isTapOfLastSave } from '../workflows/one-intent';
import { ConfirmationDialog } from './panels/ConfirmationDialog';
import { MaterialPanel } from './panels/MaterialPanel';
import { QualityPanel } from './panels/QualityPanel';
import { useQualityChecklist } from './panels/quality/use-quality-checklist';
import { isQuantityKind, QuantityPanel } from './panels/QuantityPanel';
import { ReasonPanel } from './panels/ReasonPanel';

export function OperationPanel({ operation, order }: { operation: Operation; order: Order | undefined }) {
  const { t } = useTranslation();
  const panel = useTerminalStore((s) => s.panel);
  const state = useTerminalStore((s) => s.activity.operations.get(operation.id)) ?? emptyActivity();
  const unit = order?.unit ?? 'pcs';
  const workState = workStateOf(order, operation, state);
  const open = openQuantity(order?.quantity ?? 0, state);
  const savingActions = useTerminalStore((s) => s.savingActions);
  const isSettling = useTerminalStore((s) => s.isSettling);
  const dueInspections = useQualityChecklist(operation, order).items.filter((item) => item.state === 'due').length;

  return (
    <div
      className="operation-panel"
      data-testid="operation-panel"
      data-state={state.status}
      data-work-state={workState}
    >
      <header className="operation-panel__head">
        <div>
          <h2>
            {order?.number} · {operation.number} {operation.text}
          </h2>
          <p className="screen__hint">{order?.materialText}</p>
          <span className={`status-pill status-pill--${state.status}`}>{t(`work.status.${state.status}`)}</span>
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
          <div>
            <dt>{t('work.open')}</dt>
            <dd data-testid="counter-open">{open}</dd>
          </div>
        </dl>
      </header>

      {workState === 'closed' && <p className="rule-hint">{t('work.rules.closed')}</p>}
      {workState === 'finished' && <p className="rule-hint">{t('work.finishedHint')}</p>}
      {isQuantityKind(panel) && <QuantityPanel key={panel} kind={panel} unit={unit} open={open} activity={state} />}
      {panel === 'interrupt' && <ReasonPanel kind="interrupt" />}
      {panel === 'quality' && <QualityPanel operation={operation} order={order} />}
      {panel === 'material' && <MaterialPanel operation={operation} />}

      {panel === null && workState !== 'closed' && (
        <div className="action-grid">
          {actionsFor(state.status, Boolean(operation.qualityPlanId), dueInspections).map((action) => {
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
                onClick={(event) => {
                  if (!isTapOfLastSave(event.timeStamp)) action.run();
                }}
              >
                {isSaving ? t('common.saving') : t(action.labelKey)}
                {!isSaving && action.badgeKey && (
                  <span className="action-badge" data-testid={`${action.id}-badge`} data-count={action.badgeCount}>
                    {t(action.badgeKey, { count: action.badgeCount })}
                  </span>
                )}
              </button>
            );
          })}
        </div>
      )}
      <ConfirmationDialog unit={unit} />
    </div>
  );
}

interface OperationAction {
  id: string;
  labelKey: string;
  variant?: 'primary' | 'ok' | 'bad' | undefined;
  isDisabled?: boolean;
  /** The booking this button saves at once (not via a panel), so it can show that it is saving. */
  books?: BookingType;
  /** A count worth seeing before tapping, e.g. how many inspections are due. */
  badgeKey?: string;
  badgeCount?: number;
  run: () => void;
}

/** What an operator can do next, by the operation's state; nothing else is offered. */
function actionsFor(status: OperationStatus, hasQualityPlan: boolean, dueInspections: number): OperationAction[] {
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
    {
      id: 'book-quality',
      labelKey: 'work.quality',
      isDisabled: !hasQualityPlan,
      ...(dueInspections > 0 && { badgeKey: 'quality.dueCount', badgeCount: dueInspections }),
      run: () => openPanel('quality'),
    },
    { id: 'book-material', labelKey: 'work.material.open', run: openMaterialPanel },
    { id: 'interrupt', labelKey: 'work.interrupt', run: interruptOperationPanel },
    { id: 'finish-partial', labelKey: 'work.finishPartial', run: () => openPanel('partial') },
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
