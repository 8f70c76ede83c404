import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BookingDraft } from '@shared/booking';
import type { Operator, Station } from '@shared/master-data';
import { useTerminalStore } from '../store/terminal-store';
import { MAX_PIN_ATTEMPTS } from './identity/pin-lockout';

// The session workflow against an in-memory terminal: what a badge does to the team, when the PIN is
// asked, and what a lead approval resolves to. PINs are checked by a stand-in (the real KDF has its own test).

const data = vi.hoisted(() => ({
  operators: new Map<string, Operator & { uid: string; clearPin: string }>(),
  station: { id: 'ST-10', name: 'Lathe' } as Station,
  drafts: [] as BookingDraft[],
  attempts: new Map<string, { failures: number; lockedUntil: number | null }>(),
  activeId: null as string | null,
  feedback: [] as string[],
}));

vi.mock('../data', () => ({
  getTerminalData: () => ({
    master: {
      findOperatorByBadge: async (uid: string) => [...data.operators.values()].find((o) => o.uid === uid),
      getOperator: async (id: string) => data.operators.get(id),
      getStation: async () => data.station,
    },
    captureBooking: async (draft: BookingDraft) => {
      data.drafts.push(draft);
      return { ...draft, id: String(data.drafts.length) };
    },
    session: {
      readPinAttempts: async (key: string) => data.attempts.get(key),
      savePinAttempts: async (key: string, value: { failures: number; lockedUntil: number | null }) => {
        data.attempts.set(key, value);
      },
      saveActiveOperatorId: async (id: string | null) => {
        data.activeId = id;
      },
    },
  }),
  sha256hex: async (text: string) => `key:${text}`,
  verifyPin: async (operator: { uid: string; clearPin: string }, uid: string, pin: string) =>
    operator.uid === uid && operator.clearPin === pin,
  isCaptureError: () => false,
}));
vi.mock('../i18n', () => ({ changeLanguage: async () => {} }));
vi.mock('../feedback/feedback-store', () => ({
  giveFeedback: (_tone: string, key: string) => data.feedback.push(key),
}));

const { loginWithBadge, logout, logoutAll, requestLeadApproval, cancelPinPrompt, submitPin } =
  await import('./session');

function addOperator(id: string, uid: string, role: Operator['role'], extra: Partial<Operator> = {}): void {
  data.operators.set(id, {
    id,
    name: id,
    role,
    badgeHash: '0'.repeat(64),
    badgeSalt: 'salt-salt',
    pin: { hash: '0'.repeat(64), salt: 'salt-salt', iterations: 100_000 },
    uid,
    clearPin: `${uid.slice(-4)}`,
    ...extra,
  });
}
const team = () => useTerminalStore.getState().team.map((m) => m.id);
const active = () => useTerminalStore.getState().operator?.id ?? null;
const prompt = () => useTerminalStore.getState().pinPrompt;

beforeEach(() => {
  data.operators.clear();
  data.drafts.length = 0;
  data.attempts.clear();
  data.feedback.length = 0;
  data.station = { id: 'ST-10', name: 'Lathe' };
  useTerminalStore.setState({ stationId: 'ST-10', operator: null, team: [], pinPrompt: null });
  addOperator('ANNA', '04A1B2C3', 'operator', { language: 'en' });
  addOperator('BEN', '04A1B2C4', 'operator');
  addOperator('LEA', '04A1B2D1', 'lead');
});

describe('team login', () => {
  it('a second badge joins the team instead of replacing; a member badge switches without a booking', async () => {
    await loginWithBadge('04A1B2C3');
    await loginWithBadge('04A1B2C4');
    expect(team()).toEqual(['ANNA', 'BEN']);
    expect(active()).toBe('BEN');
    await loginWithBadge('04A1B2C3');
    expect(active()).toBe('ANNA');
    expect(data.drafts.map((d) => [d.type, d.operatorId])).toEqual([
      ['operator.login', 'ANNA'],
      ['operator.login', 'BEN'],
    ]);
    expect(data.activeId).toBe('ANNA');
    expect(useTerminalStore.getState().language).toBe('en');
  });

  it('logs out the active member, then all', async () => {
    await loginWithBadge('04A1B2C3');
    await loginWithBadge('04A1B2C4');
    await logout('manual');
    expect(team()).toEqual(['ANNA']);
    expect(active()).toBe('ANNA');
    await loginWithBadge('04A1B2D1');
    await logoutAll('timeout');
    expect(team()).toEqual([]);
    expect(data.drafts.filter((d) => d.type === 'operator.logout').map((d) => [d.operatorId, d.payload])).toEqual([
      ['BEN', { reason: 'manual' }],
      ['LEA', { reason: 'timeout' }],
      ['ANNA', { reason: 'timeout' }],
    ]);
  });

  it('a typed badge always needs the PIN, even on a badge-only station', async () => {
    await loginWithBadge('04A1B2C3', 'typed');
    expect(prompt()).toMatchObject({ purpose: 'login', step: 'pin', name: null });
    expect(data.drafts).toEqual([]);
    await submitPin('B2C3');
    expect(prompt()).toBeNull();
    expect(data.drafts).toEqual([
      { type: 'operator.login', payload: { method: 'manual' }, stationId: 'ST-10', operatorId: 'ANNA' },
    ]);
  });

  it('a badge+pin station asks the PIN after a scan too', async () => {
    data.station = { ...data.station, loginMode: 'badge+pin' };
    await loginWithBadge('04A1B2C4');
    expect(prompt()).toMatchObject({ step: 'pin', name: 'BEN' });
    await submitPin('0000');
    expect(prompt()).toMatchObject({ errorKey: 'pin.wrong', attemptsLeft: MAX_PIN_ATTEMPTS - 1 });
    await submitPin('B2C4');
    expect(team()).toEqual(['BEN']);
    expect(data.drafts[0]?.payload).toEqual({ method: 'pin' });
  });

  it('locks a badge after 5 wrong PINs: even the right PIN is refused until the lock is over', async () => {
    await loginWithBadge('04A1B2C3', 'typed');
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await submitPin('9999');
    expect(prompt()?.lockedUntil).toBeGreaterThan(Date.now());
    await submitPin('B2C3');
    expect(team()).toEqual([]);
    cancelPinPrompt();
    // Asking again (as after a reload) finds the lock in local data.
    await loginWithBadge('04A1B2C3', 'typed');
    expect(prompt()?.lockedUntil).toBeGreaterThan(Date.now());
    expect(data.drafts).toEqual([]);
  });
});

describe('lead approval', () => {
  it("resolves to the lead after the lead's badge and PIN; the team stays as it was", async () => {
    await loginWithBadge('04A1B2C3');
    const approval = requestLeadApproval('approval.reasons.restartFinished');
    expect(prompt()).toMatchObject({
      purpose: 'approval',
      step: 'badge',
      reasonKey: 'approval.reasons.restartFinished',
    });
    await loginWithBadge('04A1B2D1'); // the lead scans
    expect(prompt()).toMatchObject({ step: 'pin', name: 'LEA' });
    await submitPin('B2D1');
    await expect(approval).resolves.toMatchObject({ id: 'LEA', role: 'lead' });
    expect(team()).toEqual(['ANNA']);
    expect(prompt()).toBeNull();
  });

  it('an operator with the right PIN is not a lead; a wrong PIN approves nothing; cancel resolves null', async () => {
    const approval = requestLeadApproval('approval.reasons.restartFinished');
    await loginWithBadge('04A1B2C4');
    await submitPin('B2C4');
    expect(prompt()).toMatchObject({ errorKey: 'approval.errors.notLead' });
    await loginWithBadge('04A1B2D1', 'typed');
    expect(prompt()).toMatchObject({ step: 'pin', name: null });
    await submitPin('0000');
    expect(prompt()).toMatchObject({ errorKey: 'pin.wrongBadgeOrPin' });
    cancelPinPrompt();
    await expect(approval).resolves.toBeNull();
    expect(data.drafts).toEqual([]);
  });
});
