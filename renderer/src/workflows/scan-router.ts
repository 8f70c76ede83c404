import { classifyScan, closestScanKind, type ClosestScanKind, type ScanClassification } from '@shared/barcode';
import { BadgeDebouncer, normalizeBadgeUid, type BadgeUidFormat } from '@shared/scan/badge-uid';
import { getTerminalData } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import { emptyActivity } from './operation-activity';
import { chooseScannedOperation } from './rules/scan-selection';
import { workStateOf } from '@shared/work';
import { loginWithBadge, logout } from './session';
import { consumeComponentLabel } from './material-scan';
import { typedQuantity } from './typed-quantity';
import {
  finishOperation,
  interruptOperationPanel,
  requestTransport,
  resumeOperation,
  selectOperation,
  startOperation,
} from './station-work';

// Every scan, from any source, ends here: classified against the plant's patterns, then handed to the
// workflow it belongs to whatever has focus. An unknown or invalid scan never creates a booking.

export interface IncomingScan {
  text: string;
  isBadgeSource?: boolean;
}

// A card left on a reader is read again and again; only the first read counts.
const badgeReads = new BadgeDebouncer();

export async function routeScan(scan: IncomingScan): Promise<ScanClassification> {
  const { scanPatterns, operator } = useTerminalStore.getState();
  const classification = classifyScan(scan, scanPatterns);
  switch (classification.kind) {
    case 'operator-badge': {
      // A wedge scan that fits the badge pattern may still be a torn order label ("FA100000" is 8 hex digits).
      const nearMiss = scan.isBadgeSource === true ? null : closestScanKind(scan.text, scanPatterns);
      await routeBadge(classification.uid, scanPatterns.badgeFormat ?? 'hex', nearMiss);
      break;
    }
    case 'invalid':
      giveFeedback('error', `scan.errors.${classification.code}`);
      break;
    case 'unknown': {
      const nearMiss = closestScanKind(classification.text, scanPatterns);
      if (nearMiss) sayNearMiss(nearMiss);
      else giveFeedback('error', `scan.errors.${classification.code}`);
      break;
    }
    default:
      if (!operator) giveFeedback('error', 'session.loginFirst');
      else await routeWork(classification);
  }
  return classification;
}

function sayNearMiss(nearMiss: ClosestScanKind): void {
  const { kind, expectedDigits, actualDigits } = nearMiss;
  if (expectedDigits === undefined || actualDigits === undefined) giveFeedback('error', `scan.nearMiss.${kind}`);
  else giveFeedback('error', `scan.nearMiss.${kind}Digits`, { expected: expectedDigits, actual: actualDigits });
}

async function routeBadge(uid: string, format: BadgeUidFormat, nearMiss: ClosestScanKind | null): Promise<void> {
  const normalized = normalizeBadgeUid(uid, { format });
  if (!normalized.ok) {
    if (nearMiss) sayNearMiss(nearMiss);
    else giveFeedback('error', `scanInput.errors.${normalized.code}`);
    return;
  }
  if (nearMiss && !(await getTerminalData().master.findOperatorByBadge(normalized.uid))) {
    sayNearMiss(nearMiss);
    return;
  }
  if (badgeReads.accept(normalized.uid, performance.now())) await loginWithBadge(normalized.uid, 'scan');
}

/** A badge number typed by hand (no reader, or a lead approving): always followed by the PIN. */
export async function routeTypedBadge(text: string): Promise<void> {
  const normalized = normalizeBadgeUid(text.trim(), { format: 'hex' });
  if (!normalized.ok) {
    giveFeedback('error', `scanInput.errors.${normalized.code}`);
    return;
  }
  await loginWithBadge(normalized.uid, 'typed');
}

async function routeWork(
  scan: Exclude<ScanClassification, { kind: 'operator-badge' | 'invalid' | 'unknown' }>,
): Promise<void> {
  switch (scan.kind) {
    case 'order':
      await selectFromOrder(scan.orderNumber, null);
      return;
    case 'operation':
      await selectFromOrder(scan.orderNumber, scan.operationNumber);
      return;
    case 'material':
      if (!keepsTypedQuantity()) await consumeComponentLabel(scan);
      return;
    case 'container':
      await requestTransport(scan.sscc);
      return;
    case 'other-gs1':
      giveFeedback('error', 'scan.errors.notUsedHere');
      return;
    case 'command':
      await runCommand(scan.command);
      return;
  }
}

async function selectFromOrder(orderNumber: string, operationNumber: string | null): Promise<void> {
  const order = await getTerminalData().master.getOrderByNumber(orderNumber);
  if (!order) {
    giveFeedback('error', 'scan.errors.unknownOrder', { order: orderNumber });
    return;
  }
  const { stationId, activity, operator } = useTerminalStore.getState();
  const candidates = (await getTerminalData().master.listOperationsForOrder(order.id))
    .filter((op) => op.stationId === stationId)
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((op) => ({
      operation: op,
      number: op.number,
      state: workStateOf(order, op, activity.operations.get(op.id) ?? emptyActivity()),
    }));
  const choice = chooseScannedOperation(order.number, candidates, operationNumber, operator?.role === 'lead');
  if (!choice) {
    giveFeedback('error', 'scan.errors.notForThisStation', { order: orderNumber });
    return;
  }
  if (choice.kind === 'refuse') {
    giveFeedback('error', choice.refusal.messageKey, choice.refusal.params);
    return;
  }
  const operation = choice.operation;
  // The operation already on screen: nothing to change, so an open quantity pad keeps what it holds.
  if (operation.id !== useTerminalStore.getState().selectedOperationId) {
    if (keepsTypedQuantity()) return;
    selectOperation(operation.id);
  }
  giveFeedback('success', 'scan.operationSelected', { order: order.number, operation: operation.number });
}

/** True (and says so) when the pad holds an unsaved quantity that the scan would otherwise close. */
function keepsTypedQuantity(): boolean {
  const quantity = typedQuantity();
  if (quantity === null) return false;
  giveFeedback('error', 'scan.typedQuantityKept', { quantity });
  return true;
}

async function runCommand(command: string): Promise<void> {
  switch (command) {
    case 'logout':
      await logout('manual');
      return;
    case 'cancel':
      useTerminalStore.setState({ panel: null, confirmation: null });
      giveFeedback('info', 'scan.cancelled');
      return;
    case 'start':
      await startOperation('production');
      return;
    case 'interrupt':
      interruptOperationPanel();
      return;
    case 'resume':
      await resumeOperation();
      return;
    case 'finish':
      await finishOperation('final');
      return;
    default:
      giveFeedback('info', 'scan.commandNotApplicable');
  }
}
