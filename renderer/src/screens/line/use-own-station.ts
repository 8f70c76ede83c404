import { useEffect, useMemo, useState } from 'react';
import { getTerminalData } from '../../data';
import { useTerminalStore } from '../../store/terminal-store';
import { deriveStationState } from '../../workflows/station-state';
import { useReasonText } from '../station-state/use-reason-text';
import type { LineTile, LineTileOperation } from './line-model';

/**
 * This station as the terminal itself knows it, from its own bookings: live even when the server is out
 * of reach, and never older than the server's view of it (its pending bookings are already in here).
 */
export function useOwnStationTile(): LineTile | null {
  const stationId = useTerminalStore((s) => s.stationId);
  const stationName = useTerminalStore((s) => s.stationName);
  const activity = useTerminalStore((s) => s.activity);
  const selectedId = useTerminalStore((s) => s.selectedOperationId);
  const team = useTerminalStore((s) => s.team);
  const state = useMemo(() => deriveStationState(activity, selectedId), [activity, selectedId]);
  const reason = useReasonText(state.kind === 'down' ? 'downtime' : 'interrupt', state.reasonCode);
  const [operations, setOperations] = useState<LineTileOperation[]>([]);

  useEffect(() => {
    let isCurrent = true;
    const open = [...activity.operations].filter(([, op]) => op.status !== 'idle' && op.status !== 'finished');
    void Promise.all(
      open.map(async ([id, op]): Promise<LineTileOperation> => {
        const operation = await getTerminalData().master.getOperation(id);
        const order = operation ? await getTerminalData().master.getOrder(operation.orderId) : undefined;
        return {
          label: operation && order ? `${order.number} · ${operation.number}` : id,
          good: op.good,
          scrap: op.scrap,
          planned: order?.quantity ?? 0,
          target: null,
          unit: order?.unit ?? '',
        };
      }),
    ).then((rows) => isCurrent && setOperations(rows));
    return () => {
      isCurrent = false;
    };
  }, [activity]);

  if (!stationId) return null;
  return {
    stationId,
    name: stationName ?? stationId,
    state: state.kind,
    since: state.since,
    reason,
    operators: team.map((member) => member.name),
    operations,
    // This terminal's own scanners are on its status screen; the tile is about the station's work.
    scannersDown: 0,
  };
}
