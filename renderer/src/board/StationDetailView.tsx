import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStation } from '@shared/board';
import type { DetailQualityResult, StationDetail } from '@shared/board/station-detail';
import { BoardApiError, fetchStationDetail } from './board-api';
import { localized } from './localized';
import { StateTimeline } from './StateTimeline';
import { formatClock, formatNumber } from './time-format';

const BEHIND_ICON = '▼';
const VERDICT_ICON = { pass: '✓', fail: '✗' } as const;

/** The timeline grows with time even when nothing is booked; the drill-down catches up this often. */
const REFRESH_MS = 60_000;

type Load = { status: 'loading' } | { status: 'failed'; message: string } | { status: 'ready'; detail: StationDetail };

/** One station's shift: the state over time, quantities, bookings, quality, notes and transport requests. */
export function StationDetailView({
  stationId,
  station,
  onBack,
  onUnauthorized,
}: {
  stationId: string;
  /** The live board object: a new booking or state reloads the drill-down. */
  station: BoardStation | undefined;
  onBack: () => void;
  onUnauthorized: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const backButton = useRef<HTMLButtonElement>(null);
  const language = i18n.language;
  const changed = `${station?.state ?? ''}|${station?.lastBooking?.id ?? ''}`;

  useEffect(() => {
    backButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onBack();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onBack]);

  useEffect(() => {
    let isCurrent = true;
    const refresh = () =>
      fetchStationDetail(stationId).then(
        (detail) => isCurrent && setLoad({ status: 'ready', detail }),
        (error: unknown) => {
          if (!isCurrent) return;
          if (error instanceof BoardApiError && error.status === 401) onUnauthorized();
          // A failed refresh keeps what is shown; only a first load shows the error.
          else
            setLoad((current) => (current.status === 'ready' ? current : { status: 'failed', message: String(error) }));
        },
      );
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [stationId, changed, onUnauthorized]);

  const detail = load.status === 'ready' ? load.detail : undefined;
  return (
    <main className="detail" data-testid="station-detail">
      <header className="detail__head">
        <button type="button" ref={backButton} data-testid="detail-back" onClick={onBack}>
          ← {t('detail.back')}
        </button>
        <h2>
          {detail?.name ?? station?.name ?? stationId} <span className="tile__id">{stationId}</span>
        </h2>
        {station && (
          <span className={`detail__state tile--${station.state}`} data-testid="detail-state">
            {t(`state.${station.state}`)}
          </span>
        )}
        {detail && (
          <span className="muted">
            {detail.shift
              ? t('detail.shift', {
                  name: detail.shift.name,
                  from: formatClock(detail.shift.start, language),
                  to: formatClock(detail.shift.end, language),
                })
              : t('detail.window', { from: formatClock(detail.from, language), to: formatClock(detail.to, language) })}
          </span>
        )}
      </header>
      {load.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {load.status === 'failed' && (
        <p className="error" role="alert">
          {t('detail.failed', { message: load.message })}
        </p>
      )}
      {detail && (
        <>
          <section className="panel">
            <h3>{t('detail.timeline')}</h3>
            <StateTimeline
              segments={detail.segments}
              plannedStops={detail.plannedStops}
              from={detail.from}
              to={detail.to}
            />
          </section>
          <div className="detail__grid">
            <section className="panel">
              <h3>{t('detail.quantities')}</h3>
              {detail.operations.length === 0 ? (
                <p className="muted">{t('detail.noQuantities')}</p>
              ) : (
                <div className="facts__scroll">
                  <table className="facts" data-testid="detail-operations">
                    <thead>
                      <tr>
                        <th>{t('detail.operation')}</th>
                        <th className="num">{t('detail.good')}</th>
                        <th className="num">{t('detail.target')}</th>
                        <th className="num">{t('detail.planned')}</th>
                        <th className="num">{t('detail.scrap')}</th>
                        <th className="num">{t('detail.rework')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {detail.operations.map((op) => (
                        <tr key={op.operationId}>
                          <td>
                            {op.orderNumber} / {op.operationNumber}
                          </td>
                          <td className="num">
                            <strong>{formatNumber(op.good, language)}</strong> {op.unit}
                            {op.target > 0 && op.good < op.target && (
                              <span className="tile__behind detail__behind">
                                {BEHIND_ICON} {t('tile.behind')}
                              </span>
                            )}
                          </td>
                          <td className="num">{formatNumber(op.target, language)}</td>
                          <td className="num">{formatNumber(op.planned, language)}</td>
                          <td className="num">{formatNumber(op.scrap, language)}</td>
                          <td className="num">{formatNumber(op.rework, language)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <h3>{t('detail.quality')}</h3>
              {detail.quality.length === 0 ? (
                <p className="muted">{t('detail.noQuality')}</p>
              ) : (
                <div className="facts__scroll">
                  <table className="facts" data-testid="detail-quality">
                    <thead>
                      <tr>
                        <th>{t('detail.time')}</th>
                        <th>{t('detail.characteristic')}</th>
                        <th className="num">{t('detail.value')}</th>
                        <th>{t('detail.limits')}</th>
                        <th>{t('detail.verdict')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {detail.quality.map((result) => (
                        <QualityRow key={result.id} result={result} />
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
            <section className="panel">
              <h3>
                {t('detail.bookings')}
                {detail.bookingsTotal > detail.bookings.length && (
                  <span className="muted">
                    {' '}
                    {t('detail.bookingsShown', { shown: detail.bookings.length, total: detail.bookingsTotal })}
                  </span>
                )}
              </h3>
              {detail.bookings.length === 0 ? (
                <p className="muted">{t('detail.noBookings')}</p>
              ) : (
                <ol className="bookings" data-testid="detail-bookings">
                  {detail.bookings.map((booking) => {
                    const reason = localized(booking.reasonTexts, language) ?? booking.reasonCode;
                    return (
                      <li
                        key={booking.id}
                        data-testid="detail-booking"
                        data-type={booking.type}
                        className={booking.reversed ? 'bookings__reversed' : undefined}
                      >
                        <span className="timeline__time">{formatClock(booking.occurredAt, language)}</span>
                        <strong>{t(`bookingType.${booking.type}`)}</strong>
                        {booking.quantity !== undefined && (
                          <span>
                            {formatNumber(booking.quantity, language)} {booking.unit ?? ''}
                          </span>
                        )}
                        {reason !== undefined && <span>{reason}</span>}
                        {booking.operationId !== undefined && <span className="muted">{booking.operationId}</span>}
                        {booking.operatorName !== undefined && <span className="muted">{booking.operatorName}</span>}
                        {booking.reversed && <em>{t('detail.reversed')}</em>}
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>
            <section className="panel">
              <h3>{t('detail.notes')}</h3>
              {detail.notes.length === 0 ? (
                <p className="muted">{t('detail.noNotes')}</p>
              ) : (
                <ul className="notes" data-testid="detail-notes">
                  {detail.notes.map((note) => (
                    <li key={note.id}>
                      <span className="timeline__time">{formatClock(note.occurredAt, language)}</span>{' '}
                      <span className="muted">{note.operatorName ?? ''}</span>
                      <p>{note.text}</p>
                    </li>
                  ))}
                </ul>
              )}
              <h3>{t('detail.transports')}</h3>
              {detail.transports.length === 0 ? (
                <p className="muted">{t('detail.noTransports')}</p>
              ) : (
                <ul className="notes" data-testid="detail-transports">
                  {detail.transports.map((request) => (
                    <li key={request.id}>
                      <span className="timeline__time">{formatClock(request.occurredAt, language)}</span>{' '}
                      <strong>{request.destination ?? t('detail.noDestination')}</strong>{' '}
                      <span className="muted">{request.operatorName ?? ''}</span>
                      {request.containerSscc !== undefined && <p>SSCC {request.containerSscc}</p>}
                      {request.note !== undefined && <p>{request.note}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </main>
  );
}

function QualityRow({ result }: { result: DetailQualityResult }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const number = (value: number) => formatNumber(value, language, result.decimals);
  const unit = result.unit === undefined ? '' : ` ${result.unit}`;
  const limits =
    result.lower !== undefined || result.upper !== undefined
      ? `${result.lower === undefined ? '…' : number(result.lower)} – ${result.upper === undefined ? '…' : number(result.upper)}${unit}`
      : '';
  const measured =
    result.value !== undefined
      ? `${number(result.value)}${unit}`
      : result.attribute !== undefined
        ? t(`detail.attribute.${result.attribute}`)
        : '';
  const passed = result.verdict === 'pass';
  return (
    <tr data-testid="detail-quality-row" className={result.reversed ? 'bookings__reversed' : undefined}>
      <td>{formatClock(result.occurredAt, language)}</td>
      <td>{localized(result.name, language) ?? result.characteristicId}</td>
      <td className="num">{measured}</td>
      <td>
        {limits}
        {result.nominal !== undefined && (
          <span className="muted"> ({t('detail.nominal', { value: number(result.nominal) })})</span>
        )}
      </td>
      <td className={passed ? 'verdict--pass' : 'verdict--fail'}>
        {VERDICT_ICON[result.verdict]} {t(`detail.verdictValue.${result.verdict}`)}
      </td>
    </tr>
  );
}
