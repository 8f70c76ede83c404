import { useTranslation } from 'react-i18next';
import type { BoardStation, BoardStationState } from '@shared/board';
import { isBehindTarget, isOperationBehind } from './station-order';
import { formatDuration } from './use-board-feed';

/** Shape and word carry the state as well as the colour, so nobody needs to tell red from green. */
const STATE_ICON: Record<BoardStationState, string> = {
  producing: '▶',
  setup: '⚙',
  interrupted: '‖',
  down: '■',
  idle: '○',
  offline: '✕',
};

const BEHIND_ICON = '▼';
const WARNING_ICON = '⚠';

export function StationTile({
  station,
  now,
  onOpen,
}: {
  station: BoardStation;
  now: number;
  /** Opens the station's drill-down; the whole tile is the target, the name its keyboard-reachable button. */
  onOpen: (stationId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const duration = formatDuration(now - station.since);
  const reason =
    (i18n.language === 'en' ? station.reasonTexts?.en : station.reasonTexts?.de) ?? station.reasonText ?? '';
  const behind = isBehindTarget(station);
  const health = station.terminal;
  const problems = [
    health.pending !== null && health.pending > 0 ? t('tile.pending', { count: health.pending }) : undefined,
    health.gaps > 0 ? t('tile.gaps', { count: health.gaps }) : undefined,
    health.quarantined > 0 ? t('tile.quarantined', { count: health.quarantined }) : undefined,
    health.rejected > 0 ? t('tile.rejected', { count: health.rejected }) : undefined,
    // A connected scanner is the normal case and not worth the room on the tile.
    ...(health.scanners ?? [])
      .filter((scanner) => scanner.state !== 'connected')
      .map((scanner) =>
        t('tile.scanner', { device: scanner.deviceId, state: t(`tile.scannerState.${scanner.state}`) }),
      ),
  ].filter((text): text is string => text !== undefined);

  return (
    <article
      className={`tile tile--${station.state}${behind ? ' tile--behind' : ''}`}
      data-testid={`tile-${station.stationId}`}
      data-state={station.state}
      onClick={() => onOpen(station.stationId)}
    >
      <header className="tile__head">
        <h2 className="tile__name">
          <button
            type="button"
            className="tile__open"
            data-testid={`tile-open-${station.stationId}`}
            aria-label={t('tile.open', { name: station.name })}
            onClick={(event) => {
              // The tile's own click handler would open it a second time.
              event.stopPropagation();
              onOpen(station.stationId);
            }}
          >
            {station.name}
            <span className="tile__id">{station.stationId}</span>
          </button>
        </h2>
        <div className="tile__state" data-testid="tile-state">
          <span className="tile__icon" aria-hidden="true">
            {STATE_ICON[station.state]}
          </span>
          {t(`state.${station.state}`)}
        </div>
      </header>
      <p className="tile__since">
        {station.state !== 'offline'
          ? t('tile.since', { duration })
          : // Never heard from: the `since` is only when the server started, no contact duration at all.
            health.lastSeenAt === null
            ? t('tile.noContactYet')
            : t('tile.offlineSince', { duration })}
        {reason !== '' && <strong className="tile__reason"> · {reason}</strong>}
      </p>
      <p className="tile__operators">
        {station.operators.length > 0 ? station.operators.map((op) => op.name).join(', ') : t('tile.noOperator')}
      </p>
      {station.operations.length === 0 && <p className="tile__muted">{t('tile.noOperation')}</p>}
      {station.operations.map((op) => {
        const share = op.planned > 0 ? Math.min(1, op.good / op.planned) : 0;
        const targetShare = op.planned > 0 ? Math.min(1, op.target / op.planned) : 0;
        const isBehind = isOperationBehind(op);
        return (
          <div className="tile__op" key={op.operationId} data-testid={`tile-op-${op.operationId}`}>
            <div className="tile__op-head">
              <span>
                {op.orderNumber} / {op.operationNumber}
              </span>
              <span className="tile__count" data-testid="tile-good">
                {t('tile.progress', { good: op.good, planned: op.planned, unit: op.unit })}
              </span>
            </div>
            <div className="bar" aria-hidden="true">
              <div
                className={`bar__fill${isBehind ? ' bar__fill--behind' : ''}`}
                style={{ width: `${share * 100}%` }}
              />
              {op.target > 0 && <div className="bar__target" style={{ left: `${targetShare * 100}%` }} />}
            </div>
            <div className="tile__op-foot">
              {op.target > 0 && <span>{t('tile.target', { target: Math.floor(op.target) })}</span>}
              {isBehind && (
                <strong className="tile__behind">
                  {BEHIND_ICON} {t('tile.behind')}
                </strong>
              )}
              {op.scrap > 0 && <span>{t('tile.scrap', { scrap: op.scrap })}</span>}
            </div>
          </div>
        );
      })}
      <footer className={`tile__health${problems.length > 0 ? ' tile__health--warn' : ''}`}>
        <span>
          {health.lastSeenAt === null
            ? t('tile.neverSeen')
            : t('tile.lastSeen', { age: formatDuration(now - health.lastSeenAt) })}
        </span>
        {problems.map((text) => (
          <span key={text}>
            {WARNING_ICON} {text}
          </span>
        ))}
      </footer>
    </article>
  );
}
