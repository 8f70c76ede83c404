import { isBookable, type WorkState } from '@shared/work';

// What the work list shows about an operation besides its state (the state rule itself is in shared/work,
// where the server's review rules use it too).

/** Good pieces still to make (shared/work: the server's review uses it too). */
export { openQuantity } from '@shared/work';

/** Late: due before today and still to be worked on. */
export function isLate(dueDate: string, today: string, state: WorkState): boolean {
  return isBookable(state) && dueDate < today;
}

/** The calendar day of a moment on this terminal's clock, as the ISO date master data uses. */
export function localIsoDay(at: Date): string {
  const month = String(at.getMonth() + 1).padStart(2, '0');
  const day = String(at.getDate()).padStart(2, '0');
  return `${at.getFullYear()}-${month}-${day}`;
}

/** Work list order: earliest due date first, then by operation number. */
export function compareByDueDate(
  a: { dueDate: string | undefined; operationNumber: string },
  b: { dueDate: string | undefined; operationNumber: string },
): number {
  return (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.operationNumber.localeCompare(b.operationNumber);
}
