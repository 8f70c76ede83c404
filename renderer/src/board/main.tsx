import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { BoardApp } from './BoardApp';
import { initBoardI18n } from './i18n/board-i18n';
import './board.css';

// The shift leads' board at /board: a live web page, no service worker, no offline storage.
async function boot(): Promise<void> {
  const i18n = await initBoardI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from board.html');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <BoardApp />
      </I18nextProvider>
    </StrictMode>,
  );
}

void boot();
