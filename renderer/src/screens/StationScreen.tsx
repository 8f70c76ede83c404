import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '../../../shared/master-data';
import { getOrder, listOperationsForStation } from '../data';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity } from '../workflows/operation-activity';
import { logout } from '../workflows/session';
import { deriveStationState } from '../workflows/station-state';
import { selectOperation } from '../workflows/station-work';
import { OperationPanel } from './OperationPanel';
import { StationActions } from './StationActions';
import { StationStateBanner } from './station-state/StationStateBanner';

interface OperationRow {
  operation: Operation;
  order: Order | undefined;
}

export function StationScreen() {
  const { t } = useTranslation();
  const stationId = useTerminalStore((s) => s.stationId);
  const selectedId = useTerminalStore((s) => s.selectedOperationId);
  const activity = useTerminalStore((s) => s.activity);
  const masterRevision = useTerminalStore((s) => s.masterRevision);
  const [rows, setRows] = useState<OperationRow[]>([]);

  useEffect(() => {
    if (!stationId) return;
    let isCurrent = true;
    void (async () => {
      const operations = await listOperationsForStation(stationId);
      const withOrders = await Promise.all(
        operations.map(async (operation) => ({ operation, order: await getOrder(operation.orderId) })),
      );
      const open = withOrders.filter((row) => row.operation.status !== 'closed' && row.order?.status !== 'closed');
      open.sort(
        (a, b) =>
          (a.order?.dueDate ?? '').localeCompare(b.order?.dueDate ?? '') ||
          a.operation.number.localeCompare(b.operation.number),
      );
      if (isCurrent) setRows(open);
    })();
    return () => {
      isCurrent = false;
    };
  }, [stationId, masterRevision]);

  const selected = rows.find((row) => row.operation.id === selectedId) ?? null;
  const stationState = useMemo(() => deriveStationState(activity, selectedId), [activity, selectedId]);
  const stateRow = rows.find((row) => row.operation.id === stationState.operationId);
  return (
    <section className="station" data-testid="station-screen">
      <StationStateBanner
        state={stationState}
        operationLabel={stateRow ? `${stateRow.order?.number ?? ''} · ${stateRow.operation.number}` : null}
      />
      <div className="station__list">
        <div className="station__list-head">
          <h2>{t('work.operations')}</h2>
          <button
            type="button"
            className="touch-button touch-button--compact"
            data-testid="logout"
            onClick={() => void logout('manual')}
          >
            {t('session.logout')}
          </button>
        </div>
        {rows.length === 0 && <p className="screen__hint">{t('work.noOperations')}</p>}
        <ul className="operation-list">
          {rows.map(({ operation, order }) => {
            const state = activity.operations.get(operation.id) ?? emptyActivity();
            return (
              <li key={operation.id}>
                <button
                  type="button"
                  className="operation-card"
                  aria-pressed={operation.id === selectedId}
                  data-testid={`operation-${order?.number ?? operation.orderId}-${operation.number}`}
                  data-state={state.status}
                  onClick={() => selectOperation(operation.id === selectedId ? null : operation.id)}
                >
                  <span className="operation-card__order">
                    {order?.number} · {operation.number}
                  </span>
                  <span className="operation-card__text">{operation.text}</span>
                  <span className="operation-card__material">{order?.materialText}</span>
                  <span className={`status-pill status-pill--${state.status}`}>{t(`work.status.${state.status}`)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
      <div className="station__detail">
        {selected ? (
          <OperationPanel operation={selected.operation} order={selected.order} />
        ) : (
          <p className="screen__hint">{t('work.scanOrSelect')}</p>
        )}
        <StationActions />
      </div>
    </section>
  );
}
