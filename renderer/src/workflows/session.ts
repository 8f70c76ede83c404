import type { Operator } from '@shared/master-data';
import { getTerminalData, sha256hex, verifyPin } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { changeLanguage } from '../i18n';
import { useTerminalStore, type PinPrompt } from '../store/terminal-store';
import { book } from './book';
import { afterWrongPin, attemptsLeft, lockRemainingMs, MAX_PIN_ATTEMPTS, NO_ATTEMPTS } from './identity/pin-lockout';
import { activeMember, isMember, join, leave, switchTo, type Team, type TeamMember } from './identity/team';

// Logins, the team at the station, and the PIN step. A scanned badge logs in alone or with the PIN (per
// station); a typed badge number always needs the PIN, since anyone can read a number off a card. A badge
// of a team member makes that member active; any other badge joins the team.

export type BadgeSource = 'scan' | 'typed';
export type LogoutReason = 'manual' | 'timeout' | 'shift-end' | 'replaced';

/** What the open PIN dialog does with a PIN, a typed badge (approval) or a cancel. */
interface PinStep {
  submitPin: (pin: string) => Promise<void>;
  submitBadge: (canonicalUid: string, source: BadgeSource) => Promise<void>;
  cancel: () => void;
}
let pinStep: PinStep | null = null;

/** A badge was read or typed: switch to, add, or (after the PIN) log in that operator, or say why not. */
export async function loginWithBadge(canonicalUid: string, source: BadgeSource = 'scan'): Promise<void> {
  const { stationId } = useTerminalStore.getState();
  if (!stationId) return;
  const prompt = useTerminalStore.getState().pinPrompt;
  // A lead's badge during an approval belongs to the approval, not to the team.
  if (prompt?.purpose === 'approval' && pinStep) return pinStep.submitBadge(canonicalUid, source);
  if (prompt) closePinPrompt();

  const operator = await getTerminalData().master.findOperatorByBadge(canonicalUid);
  if (source === 'typed') {
    // Nothing about a typed number is said before the PIN: it could be a guess.
    await askPin({ purpose: 'login', name: null, reasonKey: null }, canonicalUid, operator, (checked) =>
      admit(checked, 'manual'),
    );
    return;
  }
  if (!operator) {
    giveFeedback('error', 'scan.errors.unknownBadge');
    return;
  }
  const team = currentTeam();
  if (isMember(team, operator.id)) {
    activate(switchTo(team, operator.id));
    giveFeedback('info', 'session.switched', { name: operator.name });
    return;
  }
  const station = await getTerminalData().master.getStation(stationId);
  if (station?.loginMode !== 'badge+pin') {
    await admit(operator, 'badge');
    return;
  }
  if (!operator.pin) {
    giveFeedback('error', 'session.errors.noPin', { name: operator.name });
    return;
  }
  await askPin({ purpose: 'login', name: operator.name, reasonKey: null }, canonicalUid, operator, (checked) =>
    admit(checked, 'pin'),
  );
}

/** Logs the operator in (a booking) and makes them the active team member; a member is only switched to. */
async function admit(operator: Operator, method: 'badge' | 'pin' | 'manual'): Promise<void> {
  const { stationId } = useTerminalStore.getState();
  if (!stationId) return;
  const team = currentTeam();
  if (isMember(team, operator.id)) {
    activate(switchTo(team, operator.id));
    giveFeedback('info', 'session.switched', { name: operator.name });
    return;
  }
  const saved = await book(
    { type: 'operator.login', payload: { method }, stationId, operatorId: operator.id },
    team.members.length === 0 ? 'session.welcome' : 'session.joined',
    { name: operator.name },
  );
  if (saved) activate(join(currentTeam(), toMember(operator)));
}

/** Logs out the active operator (the logout button, the logout command). */
export async function logout(reason: LogoutReason = 'manual'): Promise<void> {
  const active = useTerminalStore.getState().operator;
  if (active) await logoutMember(active.id, reason);
}

export async function logoutMember(operatorId: string, reason: LogoutReason = 'manual'): Promise<boolean> {
  const { stationId } = useTerminalStore.getState();
  const member = currentTeam().members.find((m) => m.id === operatorId);
  if (!stationId || !member) return false;
  const saved = await book(
    { type: 'operator.logout', payload: { reason }, stationId, operatorId: member.id },
    reason === 'timeout' ? 'session.timedOut' : reason === 'shift-end' ? 'session.shiftEnded' : 'session.goodbye',
    { name: member.name },
  );
  if (!saved) return false;
  const next = leave(currentTeam(), member.id);
  activate(next);
  if (next.members.length === 0)
    useTerminalStore.setState({ selectedOperationId: null, panel: null, confirmation: null });
  return true;
}

/** Everyone leaves the station (logout all, idle timeout, shift end). */
export async function logoutAll(reason: LogoutReason = 'manual'): Promise<void> {
  for (const member of [...currentTeam().members].reverse()) {
    if (!(await logoutMember(member.id, reason))) return;
  }
}

/** After a reload: the team the bookings say is logged in, with the member who was active. */
export async function restoreTeam(memberIds: readonly string[], activeId: string | null): Promise<void> {
  const operators = await Promise.all(memberIds.map((id) => getTerminalData().master.getOperator(id)));
  const members = operators.filter((o): o is Operator => o !== undefined).map(toMember);
  const team: Team = {
    members,
    activeId: members.some((m) => m.id === activeId) ? activeId : (members.at(-1)?.id ?? null),
  };
  activate(team, { isRestore: true });
}

/**
 * Asks for a shift lead's badge (scanned or typed) and PIN at this terminal. Resolves to the approving lead,
 * or null when cancelled. `reasonKey` says what is approved (shown in the dialog).
 */
export function requestLeadApproval(reasonKey: string): Promise<TeamMember | null> {
  if (pinStep) closePinPrompt();
  return new Promise((resolve) => {
    const settle = (lead: TeamMember | null) => {
      closePinPrompt();
      resolve(lead);
    };
    pinStep = {
      submitPin: async () => {},
      submitBadge: async (canonicalUid, source) => {
        const lead = await getTerminalData().master.findOperatorByBadge(canonicalUid);
        if (source === 'scan' && !lead) {
          showPromptError('scan.errors.unknownBadge');
          return;
        }
        // As at login, a typed number (maybe a guess) learns nothing before the PIN.
        const name = source === 'scan' ? (lead?.name ?? null) : null;
        await askPin({ purpose: 'approval', name, reasonKey }, canonicalUid, lead, (checked) => {
          if (checked.role !== 'lead') {
            showPromptError('approval.errors.notLead');
            return Promise.resolve();
          }
          giveFeedback('success', 'approval.approved', { name: checked.name });
          settle(toMember(checked));
          return Promise.resolve();
        });
      },
      cancel: () => settle(null),
    };
    useTerminalStore.setState({
      pinPrompt: {
        purpose: 'approval',
        step: 'badge',
        name: null,
        reasonKey,
        lockedUntil: null,
        attemptsLeft: MAX_PIN_ATTEMPTS,
        isChecking: false,
        errorKey: null,
      },
    });
  });
}

/** The PIN dialog's buttons. */
export function submitPin(pin: string): Promise<void> {
  return pinStep ? pinStep.submitPin(pin) : Promise.resolve();
}
export function cancelPinPrompt(): void {
  if (pinStep) pinStep.cancel();
  else closePinPrompt();
}

/**
 * Opens (or moves on to) the PIN step for one badge. Wrong PINs count per badge and station in local
 * data; after MAX_PIN_ATTEMPTS the badge is locked for a minute, also across reloads.
 */
async function askPin(
  shown: Pick<PinPrompt, 'purpose' | 'name' | 'reasonKey'>,
  canonicalUid: string,
  operator: Operator | undefined,
  onVerified: (operator: Operator) => Promise<void>,
): Promise<void> {
  const { stationId } = useTerminalStore.getState();
  const key = await sha256hex(`pin-attempts\u0000${stationId ?? ''}\u0000${canonicalUid}`);
  const session = getTerminalData().session;
  const attempts = (await session.readPinAttempts(key)) ?? NO_ATTEMPTS;
  const now = Date.now();
  const previous = pinStep;
  useTerminalStore.setState({
    pinPrompt: {
      ...shown,
      step: 'pin',
      lockedUntil: lockRemainingMs(attempts, now) > 0 ? attempts.lockedUntil : null,
      attemptsLeft: attemptsLeft(attempts, now),
      isChecking: false,
      errorKey: null,
    },
  });
  pinStep = {
    cancel: previous?.cancel ?? closePinPrompt,
    submitBadge: previous?.submitBadge ?? ((uid, source) => loginWithBadge(uid, source)),
    submitPin: async (pin) => {
      const prompt = useTerminalStore.getState().pinPrompt;
      if (!prompt || prompt.isChecking) return;
      const stored = (await session.readPinAttempts(key)) ?? NO_ATTEMPTS;
      if (lockRemainingMs(stored, Date.now()) > 0) {
        updatePrompt({ lockedUntil: stored.lockedUntil, attemptsLeft: 0, errorKey: 'pin.locked' });
        return;
      }
      updatePrompt({ isChecking: true, errorKey: null });
      const isRight = operator !== undefined && (await verifyPin(operator, canonicalUid, pin));
      if (isRight) {
        await session.savePinAttempts(key, NO_ATTEMPTS);
        updatePrompt({ isChecking: false });
        await onVerified(operator);
        if (useTerminalStore.getState().pinPrompt?.purpose === 'login') closePinPrompt();
        return;
      }
      const next = afterWrongPin(stored, Date.now());
      await session.savePinAttempts(key, next);
      const isLocked = next.lockedUntil !== null;
      updatePrompt({
        isChecking: false,
        lockedUntil: next.lockedUntil,
        attemptsLeft: attemptsLeft(next, Date.now()),
        errorKey: isLocked ? 'pin.locked' : prompt.name === null ? 'pin.wrongBadgeOrPin' : 'pin.wrong',
      });
      giveFeedback('error', isLocked ? 'pin.locked' : 'pin.wrong');
    },
  };
}

function updatePrompt(change: Partial<PinPrompt>): void {
  const prompt = useTerminalStore.getState().pinPrompt;
  if (prompt) useTerminalStore.setState({ pinPrompt: { ...prompt, ...change } });
}

function showPromptError(errorKey: string): void {
  updatePrompt({ errorKey, isChecking: false });
}

function closePinPrompt(): void {
  pinStep = null;
  useTerminalStore.setState({ pinPrompt: null });
}

function currentTeam(): Team {
  const { team, operator } = useTerminalStore.getState();
  return { members: team, activeId: operator?.id ?? null };
}

/** Publishes the team, remembers the active member across reloads and takes on their language. */
function activate(team: Team, options: { isRestore?: boolean } = {}): void {
  const active = activeMember(team);
  const previous = useTerminalStore.getState().operator;
  useTerminalStore.setState({ team: team.members, operator: active });
  if (!options.isRestore) void getTerminalData().session.saveActiveOperatorId(active?.id ?? null);
  if (active?.language && active.id !== previous?.id) {
    useTerminalStore.setState({ language: active.language });
    void changeLanguage(active.language);
  }
}

function toMember(operator: Operator): TeamMember {
  return {
    id: operator.id,
    name: operator.name,
    role: operator.role,
    ...(operator.language ? { language: operator.language } : {}),
  };
}
