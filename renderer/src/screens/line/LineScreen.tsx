import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LineNote } from '@shared/board/line-notes';
import { readLineFromServer } from '../../app/line-source';
import { getTerminalData, type StoredLine } from '../../data';
import { isLanguage } from '../../i18n/messages';
import { useTerminalStore } from '../../store/terminal-store';
import { ageMinutes, notesForLine, sortTiles, tileFromBoard, type LineTile } from './line-model';
import { LineTileView } from './LineTileView';
import { useOwnStationTile } from './use-own-station';
import './line.css';

/** How often the open view asks the server; the board's own stream is for browsers with a lead's cookie. */
const REFRESH_MS = 10_000;

/**
 * The shift lead's view of the whole line at a terminal: every station from the server's board, this one
 * live from its own bookings, and the stations' notes and transport requests. Offline it keeps the last
 * board it read (also across a reload) and says how old that is.
 */
export function LineScreen({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const isDeviceOnline = useTerminalStore((s) => s.isOnline);
  const own = useOwnStationTile();
  const [line, setLine] = useState<StoredLine | null>(null);
  const [isFresh, setIsFresh] = useState(false);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sessionData = getTerminalData().session;
    void sessionData.readLineSnapshot().then((stored) => {
      if (!abort.signal.aborted && stored) setLine((current) => current ?? stored);
    });
    const refresh = async () => {
      const outcome = await readLineFromServer(abort.signal);
      if (abort.signal.aborted) return;
      if (outcome.kind === 'ok') {
        const fresh = { view: outcome.value, fetchedAt: Date.now() };
        setLine(fresh);
        setIsFresh(true);
        void sessionData.saveLineSnapshot(fresh);
      } else {
        setIsFresh(false);
      }
      timer = setTimeout(() => void refresh(), REFRESH_MS);
    };
    void refresh();
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      abort.abort();
      clearTimeout(timer);
      clearInterval(tick);
    };
  }, []);

  // The device losing its network is known at once; the next read would only confirm it.
  const isLive = isFresh && isDeviceOnline;
  const others = useMemo(
    () =>
      (line?.view.board.stations ?? [])
        .filter((station) => station.stationId !== own?.stationId)
        .map((station) => tileFromBoard(station, language)),
    [line, own?.stationId, language],
  );
  const tiles: LineTile[] = own ? [own, ...sortTiles(others)] : sortTiles(others);
  const notes = notesForLine(line?.view.notes ?? [], new Set(tiles.map((tile) => tile.stationId)));
  const names = new Map(tiles.map((tile) => [tile.stationId, tile.name]));
  const age = line ? ageMinutes(line.fetchedAt, now) : null;

  return (
    <section className="line" data-testid="line-screen" data-live={isLive ? 'true' : 'false'}>
      <header className="line__head">
        <h2>{t('line.title')}</h2>
        <div
          className={`line__freshness ${isLive ? 'line__freshness--live' : 'line__freshness--stale'}`}
          data-testid="line-freshness"
          role="status"
        >
          {isLive
            ? t('line.live')
            : age === null
              ? t('line.noSnapshot')
              : t('line.stale', {
                  minutes: age,
                  time: new Date(line?.fetchedAt ?? 0).toLocaleTimeString(language, {
                    hour: '2-digit',
                    minute: '2-digit',
                  }),
                })}
        </div>
        <button type="button" className="touch-button line__close" data-testid="line-close" onClick={onClose}>
          {t('line.close')}
        </button>
      </header>
      <ul className="line__tiles">
        {tiles.map((tile) => {
          const isOwn = tile.stationId === own?.stationId;
          return (
            <li key={tile.stationId}>
              <LineTileView tile={tile} isOwn={isOwn} isStale={!isOwn && !isLive} now={now} />
            </li>
          );
        })}
      </ul>
      <section className="line__notes" aria-labelledby="line-notes-title">
        <h3 id="line-notes-title">{t('line.notesTitle')}</h3>
        {notes.length === 0 ? (
          <p className="screen__hint">{t('line.noNotes')}</p>
        ) : (
          <ul data-testid="line-notes">
            {notes.map((note) => (
              <NoteRow key={note.id} note={note} stationName={names.get(note.stationId) ?? note.stationId} />
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

function NoteRow({ note, stationName }: { note: LineNote; stationName: string }) {
  const { t, i18n } = useTranslation();
  const isTransport = note.type === 'transport.request';
  const detail = [
    isTransport && note.destination ? t('line.destination', { destination: note.destination }) : null,
    note.text,
  ]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' · ');
  return (
    <li
      className={`line-note line-note--${isTransport ? 'transport' : 'note'}`}
      data-testid="line-note"
      data-type={note.type}
    >
      <span className="line-note__kind">{isTransport ? t('line.transport') : t('line.note')}</span>
      <span className="line-note__meta">
        {stationName} ·{' '}
        {new Date(note.occurredAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })}
        {note.operatorName ? ` · ${note.operatorName}` : ''}
      </span>
      <span className="line-note__text">{detail}</span>
    </li>
  );
}
