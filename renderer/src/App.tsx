import { useTranslation } from 'react-i18next';
import { FeedbackBanner } from './components/FeedbackBanner';
import { IdleWarning } from './components/IdleWarning';
import { PinDialog } from './components/PinDialog';
import { TopBar } from './components/TopBar';
import { LoginScreen } from './screens/LoginScreen';
import { StartProblemScreen } from './screens/StartProblemScreen';
import { SetupScreen } from './screens/SetupScreen';
import { StatusScreen } from './screens/StatusScreen';
import { StationScreen } from './screens/StationScreen';
import { DowntimeOverlay } from './screens/station-state/DowntimeOverlay';
import { useTerminalStore } from './store/terminal-store';

export function App() {
  const { t } = useTranslation();
  const phase = useTerminalStore((s) => s.phase);
  const isLoggedIn = useTerminalStore((s) => s.operator !== null);
  const view = useTerminalStore((s) => s.view);
  const hasMasterData = useTerminalStore((s) => s.hasMasterData);
  return (
    <div
      className="terminal"
      data-testid="terminal"
      data-phase={phase}
      data-master={hasMasterData ? 'ready' : 'loading'}
    >
      <TopBar />
      <main className="terminal__main">
        {phase === 'starting' && <p className="screen__hint">{t('app.loading')}</p>}
        {phase === 'setup' && <SetupScreen />}
        {(phase === 'insecure' || phase === 'recovery') && <StartProblemScreen problem={phase} />}
        {phase === 'ready' && view === 'status' && <StatusScreen />}
        {phase === 'ready' && view === 'work' && (isLoggedIn ? <StationScreen /> : <LoginScreen />)}
      </main>
      {phase === 'ready' && view === 'work' && isLoggedIn && <DowntimeOverlay />}
      <PinDialog />
      <IdleWarning />
      <FeedbackBanner />
    </div>
  );
}
