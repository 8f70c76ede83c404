import { useTerminalStore } from '../store/terminal-store';
import { electronBridge } from '../platform/bridge';

/** Keeps main told whether an operator is logged in (main installs updates only when nobody is). */
export function reportSessionToMain(): void {
  const bridge = electronBridge();
  if (!bridge) return;
  let reported: boolean | null = null;
  const report = (isOperatorLoggedIn: boolean) => {
    if (isOperatorLoggedIn === reported) return;
    reported = isOperatorLoggedIn;
    // A lost report leaves main at its last answer (or "unknown", which never updates): safe either way.
    void bridge['session:state']({ isOperatorLoggedIn }).catch(() => undefined);
  };
  report(useTerminalStore.getState().operator !== null);
  useTerminalStore.subscribe((state) => report(state.operator !== null));
}
