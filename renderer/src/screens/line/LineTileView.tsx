import { useTranslation } from 'react-i18next';
import { formatElapsed } from '../../workflows/station-state';
import { StateIcon } from '../station-state/StateIcon';
import type { LineTile } from './line-model';

/** A station at a glance, for a lead a few steps away: state word, icon and colour, reason, people, progress. */
export function LineTileView({
  tile,
  isOwn,
  isStale,
  now,
}: {
  tile: LineTile;
  isOwn: boolean;
  isStale: boolean;
  now: number;
}) {
  const { t } = useTranslation();
  return (
    <article
      className={`line-tile line-tile--${tile.state}${isStale ? ' line-tile--stale' : ''}`}
      data-testid={`line-tile-${tile.stationId}`}
      data-state={tile.state}
      data-stale={isStale ? 'true' : 'false'}
    >
      <header className="line-tile__head">
        {tile.state === 'offline' ? (
          <svg className="line-tile__icon" viewBox="0 0 24 24" aria-hidden="true" data-icon="offline">
            {/* A crossed-out circle: offline reads without its colour too. */}
            <path
              d="M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20zm0 3a7 7 0 0 1 5.6 11.2L7.8 6.4A7 7 0 0 1 12 5zM6.4 7.8l9.8 9.8A7 7 0 0 1 6.4 7.8z"
              fill="currentColor"
              fillRule="evenodd"
            />
          </svg>
        ) : (
          <StateIcon kind={tile.state} className="line-tile__icon" />
        )}
        <div className="line-tile__title">
          <strong className="line-tile__state" data-testid="line-tile-state">
            {t(`line.state.${tile.state}`)}
          </strong>
          <span className="line-tile__name">
            {tile.name}
            {isOwn && <span className="line-tile__own"> · {t('line.thisStation')}</span>}
          </span>
          {tile.since !== null && <span className="line-tile__since">{formatElapsed(now - tile.since)}</span>}
        </div>
      </header>
      {isStale && <p className="line-tile__stale">{t('line.staleTile')}</p>}
      {tile.reason !== null && <p className="line-tile__reason">{tile.reason}</p>}
      {tile.scannersDown > 0 && (
        <p className="line-tile__health" data-testid="line-tile-scanners">
          {t('line.scannersDown', { number: tile.scannersDown })}
        </p>
      )}
      <p className="line-tile__operators">
        {tile.operators.length === 0 ? t('line.nobody') : tile.operators.join(', ')}
      </p>
      {tile.operations.map((operation) => {
        const share = operation.planned > 0 ? Math.min(1, operation.good / operation.planned) : 0;
        return (
          <div className="line-tile__operation" key={operation.label}>
            <span>{operation.label}</span>
            <span className="line-tile__counts">
              {operation.target === null
                ? t('line.progress', { good: operation.good, planned: operation.planned, unit: operation.unit })
                : t('line.progressTarget', {
                    good: operation.good,
                    planned: operation.planned,
                    target: operation.target,
                    unit: operation.unit,
                  })}
              {operation.scrap > 0 && ` · ${t('line.scrap', { scrap: operation.scrap })}`}
            </span>
            <span
              className="line-tile__bar"
              role="progressbar"
              aria-valuemin={0}
              aria-valuemax={operation.planned}
              aria-valuenow={operation.good}
            >
              <span style={{ width: `${Math.round(share * 100)}%` }} />
            </span>
          </div>
        );
      })}
    </article>
  );
}
