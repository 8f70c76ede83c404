import type { BookingPayload } from '@shared/booking';
import type { BomComponent } from '@shared/master-data';
import { getTerminalData } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import { overrideNeedsLead, type LeadOverride } from './lead-override';
import { deriveMaterialUse, materialChecklist, type ChecklistRow } from './material-use';
import { judgeMaterialLabel, type ComponentLabel, type MaterialAcknowledgement } from './rules/material-rules';
import { localIsoDay } from './rules/work-state';
import { consumeMaterial, openPanel } from './station-work';

// A scanned component label, checked against the selected operation's bill of materials before anything
// is booked. The booking carries the BOM's unit and material number; the feedback names the material.

/** A label that passed every check but said no quantity: the operator enters it on the pad. */
export interface MaterialEntry {
  operationId: string;
  component: BomComponent;
  label: ComponentLabel;
  /** Offered on the pad: the BOM's quantity per unit. */
  defaultQuantity: number;
  override: LeadOverride;
}

const RECENT_BOOKINGS = 2_000;

// Labels are judged and booked one at a time: when a scanner reads one label twice in quick succession,
// the second is judged only after the first booking is saved, so it is asked about, not booked again.
let labelsInTurn: Promise<unknown> = Promise.resolve();

/** `override`: a shift lead overruled a refusal of this label (recorded on the booking when by badge + PIN). */
export function consumeComponentLabel(
  label: ComponentLabel,
  acknowledged: readonly MaterialAcknowledgement[] = [],
  override: LeadOverride = {},
): Promise<void> {
  const turn = labelsInTurn.then(() => judgeAndBook(label, acknowledged, override));
  labelsInTurn = turn.catch(() => undefined);
  // Waiting for a shift lead happens outside the turn, so an unanswered approval never blocks other labels.
  return turn.then(async (afterTurn) => afterTurn?.());
}

async function judgeAndBook(
  label: ComponentLabel,
  acknowledged: readonly MaterialAcknowledgement[],
  override: LeadOverride,
): Promise<(() => Promise<void>) | undefined> {
  const operationId = useTerminalStore.getState().selectedOperationId;
  if (!operationId) {
    giveFeedback('error', 'work.selectOperationFirst');
    return undefined;
  }
  const [bom, used] = await Promise.all([
    getTerminalData().master.getBomForOperation(operationId),
    materialUsedOn(operationId),
  ]);
  const verdict = judgeMaterialLabel({
    label,
    bom,
    used,
    today: localIsoDay(new Date()),
    acknowledged: new Set(acknowledged),
  });
  switch (verdict.kind) {
    case 'refuse':
      giveFeedback('error', verdict.refusal.messageKey, verdict.refusal.params);
      return undefined;
    case 'needs-lead':
      return async () => {
        const approval = await overrideNeedsLead(verdict.refusal);
        if (approval) await consumeComponentLabel(label, [...acknowledged, verdict.acknowledgement], approval);
      };
    case 'ask':
      useTerminalStore.setState({
        confirmation: {
          question: verdict.question,
          accept: async () => {
            useTerminalStore.setState({ confirmation: null });
            await consumeComponentLabel(label, [...acknowledged, 'duplicate-label'], override);
          },
        },
      });
      return undefined;
    case 'allow':
      if (verdict.quantity === null) {
        const defaultQuantity = verdict.component.quantityPerUnit;
        useTerminalStore.setState({
          panel: 'material',
          materialEntry: { operationId, component: verdict.component, label, defaultQuantity, override },
        });
        return undefined;
      }
      await bookComponent(label, verdict.component, verdict.quantity, override);
      return undefined;
  }
}

/** The operator entered the quantity of a label that carried none. */
export async function bookMaterialEntry(quantity: number): Promise<void> {
  const entry = useTerminalStore.getState().materialEntry;
  if (!entry || entry.operationId !== useTerminalStore.getState().selectedOperationId) return;
  if (await bookComponent(entry.label, entry.component, quantity, entry.override))
    useTerminalStore.setState({ materialEntry: null });
}

export function openMaterialPanel(): void {
  useTerminalStore.setState({ materialEntry: null });
  openPanel('material');
}

export function cancelMaterialEntry(): void {
  useTerminalStore.setState({ materialEntry: null });
}

async function bookComponent(
  label: ComponentLabel,
  component: BomComponent,
  quantity: number,
  override: LeadOverride,
): Promise<boolean> {
  const payload: BookingPayload<'material.consume'> = {
    gtin: label.gtin,
    ...(component.materialNumber === undefined ? {} : { materialNumber: component.materialNumber }),
    ...(label.lot === undefined ? {} : { lot: label.lot }),
    ...(label.serial === undefined ? {} : { serial: label.serial }),
    ...(label.expiry === undefined ? {} : { expiry: label.expiry }),
    quantity,
    unit: component.unit,
    ...(override.approvedBy === undefined ? {} : { approvedBy: override.approvedBy }),
  };
  const wasPanelOpen = useTerminalStore.getState().panel === 'material';
  const saved = await consumeMaterial(payload, component.name);
  // Booking closes entry panels; the checklist stays, since the next label usually follows.
  if (saved && wasPanelOpen) openPanel('material');
  return saved !== null;
}

async function materialUsedOn(operationId: string) {
  return deriveMaterialUse(await getTerminalData().history.listRecentBookings(RECENT_BOOKINGS)).get(operationId) ?? [];
}

/** The selected operation's BOM as a checklist, or null when it has none. */
export async function loadMaterialChecklist(operationId: string): Promise<ChecklistRow[] | null> {
  const [bom, used, operation] = await Promise.all([
    getTerminalData().master.getBomForOperation(operationId),
    materialUsedOn(operationId),
    getTerminalData().master.getOperation(operationId),
  ]);
  if (!bom) return null;
  const order = operation ? await getTerminalData().master.getOrder(operation.orderId) : undefined;
  return materialChecklist(bom, used, order?.quantity ?? 0);
}
