import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bootTerminal } from './app/boot';
import { registerOfflineShell } from './platform/offline-shell';
import { reportSessionToMain } from './app/report-session';
import { storagePersistence } from './platform/storage-persistence';
import { initI18n, initialLanguage } from './i18n';
import { useTerminalStore } from './store/terminal-store';
import './styles.css';

async function boot(): Promise<void> {
  const language = initialLanguage();
  useTerminalStore.setState({ language });
  await initI18n(language);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  if (new URLSearchParams(window.location.search).has('recovery')) {
    // Main loads this after the page crashed again and again: show what to do, start nothing that may crash.
    useTerminalStore.setState({ phase: 'recovery' });
    return;
  }
  registerOfflineShell();
  void storagePersistence(); // asked at start, not when someone opens the status screen
  reportSessionToMain();
  await bootTerminal();
}

void boot();
