import { useEffect, useMemo, useState } from 'react';
import type { Operation, Order, QualityPlan } from '@shared/master-data';
import { checklistOf, type ChecklistItem } from '@shared/quality';
import { getTerminalData } from '../../../data';
import { useTerminalStore } from '../../../store/terminal-store';
import { emptyInspections } from '../../../workflows/quality/inspection-history';

/** The operation's quality plan as a checklist, re-derived whenever a booking or a master-data pull lands. */
export function useQualityChecklist(
  operation: Operation,
  order: Order | undefined,
): { plan: QualityPlan | null; items: ChecklistItem[] } {
  const plan = useQualityPlan(operation.qualityPlanId);
  const inspections = useTerminalStore((s) => s.inspections.get(operation.id));
  const planned = order?.quantity ?? 0;
  const items = useMemo(() => {
    if (!plan) return [];
    const { lastResults, ...progress } = inspections ?? emptyInspections();
    return checklistOf(plan, { ...progress, open: planned - progress.good }, lastResults);
  }, [plan, inspections, planned]);
  return { plan, items };
}

function useQualityPlan(qualityPlanId: string | undefined): QualityPlan | null {
  const masterRevision = useTerminalStore((s) => s.masterRevision);
  const [plan, setPlan] = useState<QualityPlan | null>(null);
  useEffect(() => {
    if (!qualityPlanId) return;
    let isCurrent = true;
    void getTerminalData()
      .master.getQualityPlan(qualityPlanId)
      .then((found) => isCurrent && setPlan(found ?? null));
    return () => {
      isCurrent = false;
    };
  }, [qualityPlanId, masterRevision]);
  return qualityPlanId ? plan : null;
}
