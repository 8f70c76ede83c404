import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useTerminalStore } from '../store/terminal-store';
import type { TeamMember } from './identity/team';

// Who may overrule a refusal: a lead logged in decides in a dialog; anyone else asks a lead for badge + PIN.

const approval = vi.hoisted(() => vi.fn<(reasonKey: string) => Promise<TeamMember | null>>());
const feedback = vi.hoisted(() => [] as string[]);
vi.mock('./session', () => ({ requestLeadApproval: approval }));
vi.mock('../feedback/feedback-store', () => ({ giveFeedback: (_tone: string, key: string) => feedback.push(key) }));

const { overrideNeedsLead } = await import('./lead-override');

const EXPIRED = { messageKey: 'work.material.expired', params: { material: 'Ring', lot: 'L1', date: '2026-01-01' } };
const ANNA = { id: 'P-1001', name: 'Anna Berger', role: 'operator' as const };
const SABINE = { id: 'P-2001', name: 'Sabine Krüger', role: 'lead' as const };

beforeEach(() => {
  approval.mockReset();
  feedback.length = 0;
  useTerminalStore.setState({ operator: ANNA, confirmation: null });
});

describe('overrideNeedsLead', () => {
  it("an operator's override is approved by a lead's badge and PIN, and names that lead", async () => {
    approval.mockResolvedValueOnce(SABINE);
    await expect(overrideNeedsLead(EXPIRED)).resolves.toEqual({ approvedBy: SABINE.id });
    expect(approval).toHaveBeenCalledWith('approval.reasons.materialOverride');
    expect(feedback).toEqual(['work.material.expired']);
  });

  it('a cancelled approval overrides nothing', async () => {
    approval.mockResolvedValueOnce(null);
    await expect(overrideNeedsLead(EXPIRED)).resolves.toBeNull();
    expect(feedback).toEqual(['work.material.expired', 'approval.cancelled']);
  });

  it('a lead logged in decides in the dialog without a badge step', async () => {
    useTerminalStore.setState({ operator: SABINE });
    const decision = overrideNeedsLead(EXPIRED);
    const confirmation = useTerminalStore.getState().confirmation;
    expect(confirmation?.question).toEqual({ kind: 'lead-override', refusal: EXPIRED });
    await confirmation?.accept();
    await expect(decision).resolves.toEqual({});
    expect(approval).not.toHaveBeenCalled();
  });
});
