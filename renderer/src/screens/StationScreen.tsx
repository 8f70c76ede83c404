import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '@shared/master-data';
import { getTerminalData } from '../data';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity } from '../workflows/operation-activity';
import { logout } from '../workflows/session';
import { compareByDueDate, localIsoDay } from '../workflows/rules/work-state';
import { OperationCard } from './OperationCard';
import { deriveStationState } from '../workflows/station-state';
import { OperationPanel } from './OperationPanel';
import { StationActions } from './StationActions';
import { StationStateBanner } from './station-state/StationStateBanner';
import { LineScreen } from './line/LineScreen';
import { MachinePanel } from './machine/MachinePanel';

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
  // The role comes from master data at login (workflows/session.ts): only a lead sees the whole line here.
  const isLead = useTerminalStore((s) => s.operator?.role === 'lead');
  const [isLineOpen, setIsLineOpen] = useState(false);

  useEffect(() => {
    if (!stationId) return;
    let isCurrent = true;
    void (async () => {
      const operations = await getTerminalData().master.listOperationsForStation(stationId);
      const withOrders = await Promise.all(
        operations.map(async (operation) => ({
          operation,
          order: await getTerminalData().master.getOrder(operation.orderId),
        })),
      );
      const open = withOrders.filter((row) => row.operation.status !== 'closed' && row.order?.status !== 'closed');
      const byDue = (row: OperationRow) => ({ dueDate: row.order?.dueDate, operationNumber: row.operation.number });
      open.sort((a, b) => compareByDueDate(byDue(a), byDue(b)));
      if (isCurrent) setRows(open);
    })();
    return () => {
      isCurrent = false;
    };
  }, [stationId, masterRevision]);

  const today = localIsoDay(new Date());
  const selected = rows.find((row) => row.operation.id === selectedId) ?? null;
  const stationState = useMemo(() => deriveStationState(activity, selectedId), [activity, selectedId]);
  const stateRow = rows.find((row) => row.operation.id === stationState.operationId);
  const cycleSeconds = useMemo(
    () => new Map(rows.map((row) => [row.operation.id, row.operation.cycleSeconds] as const)),
    [rows],
  );
  if (isLead && isLineOpen) {
    return (
      <section className="station" data-testid="station-screen">
        <LineScreen onClose={() => setIsLineOpen(false)} />
      </section>
    );
  }
  return (
    <section className="station" data-testid="station-screen">
      <StationStateBanner
        state={stationState}
        operationLabel={stateRow ? `${stateRow.order?.number ?? ''} · ${stateRow.operation.number}` : null}
      />
      <div className="station__list">
        <div className="station__list-head">
          <h2>{t('work.operations')}</h2>
          {isLead && (
            <button
              type="button"
              className="touch-button touch-button--compact touch-button--primary"
              data-testid="line-open"
              onClick={() => setIsLineOpen(true)}
            >
              {t('line.open')}
            </button>
          )}
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
          {rows.map(({ operation, order }) => (
            <li key={operation.id}>
              <OperationCard
                operation={operation}
                order={order}
                activity={activity.operations.get(operation.id) ?? emptyActivity()}
                isSelected={operation.id === selectedId}
                today={today}
              />
            </li>
          ))}
        </ul>
      </div>
      <div className="station__detail">
        <MachinePanel cycleSeconds={cycleSeconds} unit={selected?.order?.unit} />
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
