import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import type { Refusal } from './rules/verdict';
import { requestLeadApproval } from './session';

/** A refusal a shift lead overruled; `approvedBy` names a lead who approved with badge and PIN. */
export interface LeadOverride {
  approvedBy?: string;
}

/**
 * Hook for a refusal that a shift lead may overrule (e.g. an expired lot). Resolves once a lead approved
 * it, or null. A lead who is logged in decides in a dialog that shows the refusal; for anyone else the
 * refusal is shown and a lead approves with badge and PIN at this terminal.
 */
export function overrideNeedsLead(refusal: Refusal): Promise<LeadOverride | null> {
  if (useTerminalStore.getState().operator?.role === 'lead') return askLoggedInLead(refusal);
  giveFeedback('error', refusal.messageKey, refusal.params);
  return requestLeadApproval('approval.reasons.materialOverride').then((lead) => {
    if (!lead) {
      giveFeedback('info', 'approval.cancelled');
      return null;
    }
    return { approvedBy: lead.id };
  });
}

function askLoggedInLead(refusal: Refusal): Promise<LeadOverride | null> {
  return new Promise((resolve) => {
    useTerminalStore.setState({
      confirmation: {
        question: { kind: 'lead-override', refusal },
        accept: async () => {
          useTerminalStore.setState({ confirmation: null });
          resolve({});
        },
        decline: () => resolve(null),
      },
    });
  });
}
