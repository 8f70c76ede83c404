import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '../../../shared/master-data';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity } from '../workflows/operation-activity';
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
  const isRunning = state.status === 'setup' || state.status === 'production';

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
          {(state.status === 'idle' || state.status === 'finished') && (
            <>
              <button
                type="button"
                className="touch-button"
                data-testid="start-setup"
                onClick={() => void startOperation('setup')}
              >
                {t('work.startSetup')}
              </button>
              <button
                type="button"
                className="touch-button touch-button--primary"
                data-testid="start-production"
                onClick={() => void startOperation('production')}
              >
                {t('work.startProduction')}
              </button>
            </>
          )}
          {state.status === 'setup' && (
            <button
              type="button"
              className="touch-button touch-button--primary"
              data-testid="start-production"
              onClick={() => void startOperation('production')}
            >
              {t('work.startProduction')}
            </button>
          )}
          {isRunning && (
            <>
              <button
                type="button"
                className="touch-button touch-button--ok"
                data-testid="book-good"
                onClick={() => openPanel('good')}
              >
                {t('work.bookGood')}
              </button>
              <button
                type="button"
                className="touch-button touch-button--bad"
                data-testid="book-scrap"
                onClick={() => openPanel('scrap')}
              >
                {t('work.bookScrap')}
              </button>
              <button
                type="button"
                className="touch-button"
                data-testid="book-rework"
                onClick={() => openPanel('rework')}
              >
                {t('work.bookRework')}
              </button>
              <button
                type="button"
                className="touch-button"
                data-testid="book-quality"
                onClick={() => openPanel('quality')}
                disabled={!operation.qualityPlanId}
              >
                {t('work.quality')}
              </button>
              <button type="button" className="touch-button" data-testid="interrupt" onClick={interruptOperationPanel}>
                {t('work.interrupt')}
              </button>
              <button
                type="button"
                className="touch-button"
                data-testid="finish-partial"
                onClick={() => void finishOperation('partial')}
              >
                {t('work.finishPartial')}
              </button>
              <button
                type="button"
                className="touch-button touch-button--primary"
                data-testid="finish-final"
                onClick={() => void finishOperation('final')}
              >
                {t('work.finishFinal')}
              </button>
            </>
          )}
          {state.status === 'interrupted' && (
            <>
              <button
                type="button"
                className="touch-button touch-button--primary"
                data-testid="resume"
                onClick={() => void resumeOperation()}
              >
                {t('work.resume')}
              </button>
              <button
                type="button"
                className="touch-button"
                data-testid="finish-final"
                onClick={() => void finishOperation('final')}
              >
                {t('work.finishFinal')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
