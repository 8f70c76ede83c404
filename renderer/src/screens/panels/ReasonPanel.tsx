import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import type { Reason } from '@shared/master-data';
import { getTerminalData } from '../../data';
import { useTerminalStore } from '../../store/terminal-store';
import { interruptOperation, startDowntime } from '../../workflows/station-work';
import { ReasonButtons } from './ReasonButtons';

/** One tap on a reason books it: interrupting or reporting downtime should not need a second step. */
export function ReasonPanel({ kind }: { kind: 'interrupt' | 'downtime' }) {
  const { t } = useTranslation();
  const [reasons, setReasons] = useState<Reason[]>([]);
  const isSaving = useTerminalStore((s) =>
    s.savingActions.has(kind === 'interrupt' ? 'operation.interrupt' : 'downtime.start'),
  );
  useEffect(() => {
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons(kind)
      .then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, [kind]);
  return (
    <div className="entry-panel" data-testid={`panel-${kind}`}>
      <h3>{isSaving ? t('common.saving') : t(`work.enter.${kind}`)}</h3>
      <ReasonButtons
        reasons={reasons}
        selected={null}
        isBusy={isSaving}
        onSelect={(code) => void (kind === 'interrupt' ? interruptOperation(code) : startDowntime(code))}
      />
      <div className="entry-panel__foot">
        <PanelCancelButton />
      </div>
    </div>
  );
}
