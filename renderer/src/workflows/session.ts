import { findOperatorByBadge } from '../data';
import { giveFeedback } from '../feedback/feedback-store';
import { useTerminalStore } from '../store/terminal-store';
import { book } from './book';

/** A badge was read: log that operator in (replacing whoever was logged in), or say why not. */
export async function loginWithBadge(canonicalUid: string): Promise<void> {
  const { stationId, operator: current } = useTerminalStore.getState();
  if (!stationId) return;
  const operator = await findOperatorByBadge(canonicalUid);
  if (!operator) {
    giveFeedback('error', 'scan.errors.unknownBadge');
    return;
  }
  if (current?.id === operator.id) {
    giveFeedback('info', 'session.alreadyLoggedIn', { name: operator.name });
    return;
  }
  if (current) await logout('replaced');
  const saved = await book(
    { type: 'operator.login', payload: { method: 'badge' }, stationId, operatorId: operator.id },
    'session.welcome',
    {
      name: operator.name,
    },
  );
  if (saved) useTerminalStore.setState({ operator: { id: operator.id, name: operator.name, role: operator.role } });
}

export async function logout(reason: 'manual' | 'timeout' | 'shift-end' | 'replaced' = 'manual'): Promise<void> {
  const { stationId, operator } = useTerminalStore.getState();
  if (!stationId || !operator) return;
  const saved = await book(
    { type: 'operator.logout', payload: { reason }, stationId, operatorId: operator.id },
    'session.goodbye',
    {
      name: operator.name,
    },
  );
  if (saved) useTerminalStore.setState({ operator: null, selectedOperationId: null, panel: null, confirmation: null });
}
