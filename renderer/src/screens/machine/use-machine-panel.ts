import { useEffect, useMemo, useState } from 'react';
import { useTerminalStore } from '../../store/terminal-store';
import { machinePanelOf, type MachinePanelView } from '../../workflows/machine/machine-view';

/** The machine panel at this second: re-derived when bookings land and every second (a stop grows long). */
export function useMachinePanel(cycleSeconds: ReadonlyMap<string, number>): MachinePanelView {
  const facts = useTerminalStore((s) => s.machine);
  const settings = useTerminalStore((s) => s.machineSettings);
  const hasMachineSettings = useTerminalStore((s) => s.hasMachineSettings);
  const activity = useTerminalStore((s) => s.activity);
  const selectedOperationId = useTerminalStore((s) => s.selectedOperationId);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return useMemo(
    () =>
      machinePanelOf({
        facts,
        settings,
        hasMachineSettings,
        activity,
        selectedOperationId,
        cycleSecondsOf: (operationId) => cycleSeconds.get(operationId) ?? 0,
        now,
      }),
    [facts, settings, hasMachineSettings, activity, selectedOperationId, cycleSeconds, now],
  );
}
