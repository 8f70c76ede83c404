// What a rule says about a booking the operator asked for: go ahead, refuse (with a translated reason that
// says what to do), or ask first (the question carries the numbers the operator must see).

export interface Refusal {
  messageKey: string;
  params?: Record<string, string | number>;
}

export interface QuantityNumbers {
  entered: number;
  planned: number;
  /** Good pieces booked so far. */
  booked: number;
  open: number;
}

export type ImplausibleQuantity = {
  kind: 'implausible-quantity';
  /** The most the open quantity makes plausible (tolerance share of it). */
  openLimit: number;
  /** The most the cycle time allows since the last booking, when the operation has one. */
  cycleLimit: number | null;
  exceeds: Array<'open' | 'cycle'>;
} & QuantityNumbers;

export type Question =
  | { kind: 'end-downtime'; reasonCode: string }
  /**
   * `needsLead`: booking more than the order still needs is a decision about the order, so "book anyway"
   * takes a shift lead's badge + PIN; a quantity only above the machine's pace is the operator's call.
   */
  | (ImplausibleQuantity & { needsLead: boolean })
  | { kind: 'final-summary'; good: number; scrap: number; rework: number; planned: number; remaining: number }
  /** The same label was booked on this operation before: a second box of one lot, or a double scan? */
  | { kind: 'duplicate-label'; bookedAt: number; material: string; lot: string | null }
  /** A rule refused this, and the shift lead who is logged in may overrule it. */
  | { kind: 'lead-override'; refusal: Refusal };

export type QuestionKind = Question['kind'];

/** `needs-lead`: allowed once a shift lead approves at the terminal (badge + PIN); `reasonKey` says what for. */
export type RuleVerdict =
  | { kind: 'allow' }
  | { kind: 'refuse'; refusal: Refusal }
  | { kind: 'ask'; question: Question }
  | { kind: 'needs-lead'; reasonKey: string };

export const ALLOW: RuleVerdict = { kind: 'allow' };
export const refuse = (messageKey: string, params?: Refusal['params']): RuleVerdict => ({
  kind: 'refuse',
  refusal: params ? { messageKey, params } : { messageKey },
});
export const ask = (question: Question): RuleVerdict => ({ kind: 'ask', question });
export const needsLead = (reasonKey: string): RuleVerdict => ({ kind: 'needs-lead', reasonKey });
