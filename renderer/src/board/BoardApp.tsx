import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardViewer } from '../../../shared/lead';
import { fetchReview, fetchViewer, signOut } from './board-api';
import { changeBoardLanguage, type BoardLanguage } from './i18n/board-i18n';
import { LoginPage } from './LoginPage';
import { ReviewQueueView } from './ReviewQueueView';
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
  const [view, setView] = useState<'stations' | 'review'>('stations');
  const [reviewCount, setReviewCount] = useState<number | undefined>();
  const stations = useMemo(() => orderStations([...feed.stations.values()]), [feed.stations]);
  const serverNow = now + feed.serverOffsetMs;
  const canReview = viewer.kind !== 'display';
  const onCount = useCallback((count: number) => setReviewCount(count), []);

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
  const otherLanguage: BoardLanguage = i18n.language === 'en' ? 'de' : 'en';

  return (
    <div className="board" data-testid="board" data-connection={feed.connection}>
      <header className="board__bar">
        <h1>{t('app.title')}</h1>
        <nav className="board__tabs">
          <button
            type="button"
            aria-pressed={view === 'stations'}
            data-testid="tab-stations"
            onClick={() => setView('stations')}
          >
            {t('header.stations')}
          </button>
          {canReview && (
            <button
              type="button"
              aria-pressed={view === 'review'}
              data-testid="tab-review"
              onClick={() => setView('review')}
            >
              {t('header.review', { count: reviewCount ?? 0 })}
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
        <button type="button" lang={otherLanguage} onClick={() => void changeBoardLanguage(i18n, otherLanguage)}>
          {otherLanguage.toUpperCase()}
        </button>
        {viewer.kind === 'lead' && (
          <button type="button" data-testid="board-logout" onClick={() => void logout()}>
            {t('header.logout')}
          </button>
        )}
      </header>
      {view === 'stations' ? (
        <main className={`tiles${feed.connection === 'stale' ? ' tiles--stale' : ''}`} data-testid="tiles">
          {stations.length === 0 && feed.connection === 'live' && <p className="muted">{t('empty')}</p>}
          {stations.map((station) => (
            <StationTile key={station.stationId} station={station} now={serverNow} />
          ))}
        </main>
      ) : (
        <ReviewQueueView onCount={onCount} onUnauthorized={onSignedOut} />
      )}
    </div>
  );
}
