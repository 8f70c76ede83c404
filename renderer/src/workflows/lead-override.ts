import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import type { Refusal } from './rules/verdict';

/**
 * Hook for a refusal that a shift lead may overrule (e.g. an expired lot). Resolves true once a lead
 * approved it. For now the approving lead must be the one logged in, and says so explicitly in a dialog;
 * anyone else gets the refusal. A badge-and-PIN step (`requestLeadApproval`) is meant to replace this body
 * without its callers changing.
 */
export function overrideNeedsLead(refusal: Refusal): Promise<boolean> {
  if (useTerminalStore.getState().operator?.role !== 'lead') {
    giveFeedback('error', refusal.messageKey, refusal.params);
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    useTerminalStore.setState({
      confirmation: {
        question: { kind: 'lead-override', refusal },
        accept: async () => {
          useTerminalStore.setState({ confirmation: null });
          resolve(true);
        },
        decline: () => resolve(false),
      },
    });
  });
}
