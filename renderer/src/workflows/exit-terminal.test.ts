import { describe, expect, it, vi } from 'vitest';
import type { TeamMember } from './identity/team';
import { exitTerminal } from './exit-terminal';

const lead: TeamMember = { id: 'OP-LEAD-1', name: 'Sabine Krüger', role: 'lead' };

function bridge(answer: () => Promise<unknown>) {
  return { 'kiosk:exit': vi.fn(answer) } as unknown as Parameters<typeof exitTerminal>[0] & {
    'kiosk:exit': ReturnType<typeof vi.fn>;
  };
}

describe('exiting the terminal from the admin screen', () => {
  it("asks main to exit with the approving lead's id", async () => {
    const main = bridge(async () => ({ ok: true, value: { exiting: true } }));
    const approve = vi.fn(async () => lead);
    expect(await exitTerminal(main, approve)).toBe('exiting');
    expect(approve).toHaveBeenCalledWith('approval.reasons.exitTerminal');
    expect(main['kiosk:exit']).toHaveBeenCalledWith({ approvedBy: 'OP-LEAD-1' });
  });

  it('does nothing when the PIN dialog is cancelled, or when anyone but a lead comes back', async () => {
    const main = bridge(async () => ({ ok: true, value: { exiting: true } }));
    expect(await exitTerminal(main, async () => null)).toBe('cancelled');
    expect(await exitTerminal(main, async () => ({ ...lead, role: 'operator' }))).toBe('cancelled');
    expect(main['kiosk:exit']).not.toHaveBeenCalled();
  });

  it('says so when main refuses or the bridge fails', async () => {
    const refusing = bridge(async () => ({ ok: false, error: { code: 'handler-failed', message: 'no' } }));
    expect(await exitTerminal(refusing, async () => lead)).toBe('failed');
    const broken = bridge(() => Promise.reject(new Error('bridge gone')));
    expect(await exitTerminal(broken, async () => lead)).toBe('failed');
  });
});
