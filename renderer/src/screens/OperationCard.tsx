import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '@shared/master-data';
import type { OperationActivity } from '../workflows/operation-activity';
import { workStateOf } from '@shared/work';
import { isLate, openQuantity } from '../workflows/rules/work-state';
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
  const { t, i18n } = useTranslation();
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
              {t(late ? 'work.dueLate' : 'work.due', { date: formatDueDate(order.dueDate, i18n.language) })}
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

/** A due date (ISO day) as people of this language write it: 03.12.2026, 12/3/2026, 3.12.2026, 03.12.2026. */
export function formatDueDate(isoDay: string, language: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return isoDay;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
}
