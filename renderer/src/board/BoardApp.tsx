import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardViewer } from '@shared/lead';
import { fetchReview, fetchViewer, signOut } from './board-api';
import { HandoverView } from './HandoverView';
import { BOARD_LANGUAGES, changeBoardLanguage, type BoardLanguage } from './i18n/board-i18n';
import { KpiView } from './KpiView';
import { LoginPage } from './LoginPage';
import { ReviewQueueView } from './ReviewQueueView';
import { StationDetailView } from './StationDetailView';
import { StationTile } from './StationTile';
import { orderStations } from './station-order';
import { formatDuration, useBoardFeed, useNow } from './use-board-feed';

type Session = { status: 'checking' } | { status: 'signed-out' } | { status: 'signed-in'; viewer: BoardViewer };

export function BoardApp() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ status: 'checking' });
  const isLinkInvalid = new URLSearchParams(window.location.search).get('link') === 'invalid';

  useEffect(() => {
    fetchViewer().then(
      (viewer) => setSession(viewer ? { status: 'signed-in', viewer } : { status: 'signed-out' }),
      () => setSession({ status: 'signed-out' }),
    );
  }, []);

  const signedIn = (viewer: BoardViewer) => setSession({ status: 'signed-in', viewer });
  const signedOut = () => setSession({ status: 'signed-out' });
  if (session.status === 'checking') return <p className="muted centered">{t('app.loading')}</p>;
  if (session.status === 'signed-out') return <LoginPage isLinkInvalid={isLinkInvalid} onSignedIn={signedIn} />;
  return <BoardScreen viewer={session.viewer} onSignedOut={signedOut} />;
}

function BoardScreen({ viewer, onSignedOut }: { viewer: BoardViewer; onSignedOut: () => void }) {
  const { t, i18n } = useTranslation();
  const feed = useBoardFeed(onSignedOut);
  const now = useNow();
  const [view, setView] = useState<'stations' | 'kpi' | 'review' | 'handover'>('stations');
  // The drill-down opens over the stations view; back returns to the tile that opened it.
  const [openStationId, setOpenStationId] = useState<string | undefined>();
  const [reviewCount, setReviewCount] = useState<number | undefined>();
  const stations = useMemo(() => orderStations([...feed.stations.values()]), [feed.stations]);
  const serverNow = now + feed.serverOffsetMs;
  const canReview = viewer.kind !== 'display';
  const onCount = useCallback((count: number) => setReviewCount(count), []);
  const closeDetail = useCallback(() => {
    const stationId = openStationId;
    setOpenStationId(undefined);
    // Keyboard users land on the tile they came from.
    if (stationId !== undefined)
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>(`[data-testid="tile-open-${stationId}"]`)?.focus(),
      );
  }, [openStationId]);
  const showView = (next: typeof view) => {
    setOpenStationId(undefined);
    setView(next);
  };

  useEffect(() => {
    if (!canReview) return;
    const refresh = () =>
      fetchReview().then(
        (queue) => setReviewCount(queue.openCount),
        () => undefined,
      );
    void refresh();
    const timer = setInterval(() => void refresh(), 30_000);
    return () => clearInterval(timer);
  }, [canReview]);

  const logout = async () => {
    await signOut().catch(() => undefined);
    onSignedOut();
  };

  return (
    <div className="board" data-testid="board" data-connection={feed.connection}>
      <header className="board__bar">
        <h1>{t('app.title')}</h1>
        <nav className="board__tabs">
          <button
            type="button"
            aria-pressed={view === 'stations'}
            data-testid="tab-stations"
            onClick={() => showView('stations')}
          >
            {t('header.stations')}
          </button>
          <button type="button" aria-pressed={view === 'kpi'} data-testid="tab-kpi" onClick={() => showView('kpi')}>
            {t('header.kpi')}
          </button>
          {canReview && (
            <button
              type="button"
              aria-pressed={view === 'review'}
              data-testid="tab-review"
              onClick={() => showView('review')}
            >
              {t('header.review', { count: reviewCount ?? 0 })}
            </button>
          )}
          {canReview && (
            <button
              type="button"
              aria-pressed={view === 'handover'}
              data-testid="tab-handover"
              onClick={() => showView('handover')}
            >
              {t('header.handover')}
            </button>
          )}
        </nav>
        <span className={`board__status board__status--${feed.connection}`} data-testid="board-status">
          {feed.connection === 'live' && `● ${t('header.live')}`}
          {feed.connection === 'connecting' && t('header.connecting')}
          {feed.connection === 'stale' &&
            t('header.stale', { age: formatDuration(feed.lastUpdateAt === null ? 0 : now - feed.lastUpdateAt) })}
        </span>
        <span className="board__who" data-testid="board-viewer">
          {viewer.kind === 'lead' && viewer.name}
          {viewer.kind === 'admin' && t('header.admin')}
          {viewer.kind === 'display' && t('header.display', { label: viewer.label })}
        </span>
        <select
          aria-label={t('header.language')}
          data-testid="board-language"
          value={i18n.language}
          onChange={(event) => void changeBoardLanguage(i18n, event.target.value as BoardLanguage)}
        >
          {BOARD_LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {language.toUpperCase()}
            </option>
          ))}
        </select>
        {viewer.kind === 'lead' && (
          <button type="button" data-testid="board-logout" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        )}
      </header>
      {view === 'stations' && openStationId !== undefined && (
        <StationDetailView
          stationId={openStationId}
          station={feed.stations.get(openStationId)}
          onBack={closeDetail}
          onUnauthorized={onSignedOut}
        />
      )}
      {view === 'stations' && openStationId === undefined && (
        <main className={`tiles${feed.connection === 'stale' ? ' tiles--stale' : ''}`} data-testid="tiles">
          {stations.length === 0 && feed.connection === 'live' && <p className="muted">{t('empty')}</p>}
          {stations.map((station) => (
            <StationTile key={station.stationId} station={station} now={serverNow} onOpen={setOpenStationId} />
          ))}
        </main>
      )}
      {view === 'kpi' && <KpiView stations={stations} onUnauthorized={onSignedOut} />}
      {view === 'review' && <ReviewQueueView onCount={onCount} onUnauthorized={onSignedOut} />}
      {view === 'handover' && <HandoverView onUnauthorized={onSignedOut} />}
    </div>
  );
}
