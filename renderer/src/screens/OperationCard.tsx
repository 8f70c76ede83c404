import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '../../../shared/master-data';
import type { OperationActivity } from '../workflows/operation-activity';
import { isLate, openQuantity, workStateOf } from '../workflows/rules/work-state';
import { selectOperation } from '../workflows/station-work';

interface OperationCardProps {
  operation: Operation;
  order: Order | undefined;
  activity: OperationActivity;
  isSelected: boolean;
  /** Today on the terminal's clock (ISO date), for the late flag. */
  today: string;
}

/** One line of the work list: what, by when, how much is still open, and where it stands. */
export function OperationCard({ operation, order, activity, isSelected, today }: OperationCardProps) {
  const { t } = useTranslation();
  const state = workStateOf(order, operation, activity);
  const late = order !== undefined && isLate(order.dueDate, today, state);
  return (
    <button
      type="button"
      className="operation-card"
      aria-pressed={isSelected}
      data-testid={`operation-${order?.number ?? operation.orderId}-${operation.number}`}
      data-state={state}
      data-late={late}
      onClick={() => selectOperation(isSelected ? null : operation.id)}
    >
      <span className="operation-card__order">
        {order?.number} · {operation.number}
      </span>
      <span className="operation-card__text">{operation.text}</span>
      <span className="operation-card__material">{order?.materialText}</span>
      <span className="operation-card__plan">
        {order && (
          <>
            <span className={late ? 'operation-card__due operation-card__due--late' : 'operation-card__due'}>
              {late ? t('work.dueLate', { date: order.dueDate }) : t('work.due', { date: order.dueDate })}
            </span>
            <span data-testid="operation-open">
              {t('work.openOfPlanned', {
                open: openQuantity(order.quantity, activity),
                planned: order.quantity,
                unit: order.unit,
              })}
            </span>
          </>
        )}
      </span>
      <span className={`status-pill status-pill--${state}`}>{t(`work.state.${state}`)}</span>
    </button>
  );
}
