import type { TaktBridge } from '@shared/ipc/contract';
import type { TeamMember } from './identity/team';

export type ExitOutcome = 'exiting' | 'cancelled' | 'failed';

/**
 * The kiosk's only way out: a shift lead approves with badge and PIN (checked here, where the leads' PIN
 * hashes are), then main logs who approved and quits. Cancelling the PIN dialog changes nothing.
 */
export async function exitTerminal(
  bridge: Pick<TaktBridge, 'kiosk:exit'>,
  approve: (reasonKey: string) => Promise<TeamMember | null>,
): Promise<ExitOutcome> {
  const lead = await approve('approval.reasons.exitTerminal');
  if (lead === null || lead.role !== 'lead') return 'cancelled';
  try {
    const result = await bridge['kiosk:exit']({ approvedBy: lead.id });
    return result.ok ? 'exiting' : 'failed';
  } catch {
    return 'failed';
  }
}
