import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewDecision, ReviewItem, ReviewQueue } from '@shared/review';
import { BoardApiError, fetchReview, resolveItem } from './board-api';

/** `order-closed(FA1)` → the translated "Order FA1 is closed"; an unknown finding is shown as it is. */
function useFindingText() {
  const { t, i18n } = useTranslation();
  return (finding: string) => {
    const match = /^([a-z-]+)(?:\((.*)\))?$/.exec(finding);
    const key = `finding.${match?.[1] ?? ''}`;
    return match && i18n.exists(key) ? t(key, { arg: match[2] ?? '' }) : t('finding.other', { text: finding });
  };
}

export function ReviewQueueView({
  onCount,
  onUnauthorized,
}: {
  onCount: (count: number) => void;
  onUnauthorized: () => void;
}) {
  const { t } = useTranslation();
  const [queue, setQueue] = useState<ReviewQueue | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();

  const reload = useCallback(
    () =>
      fetchReview().then(
        (next) => {
          setQueue(next);
          setLoadError(undefined);
          onCount(next.openCount);
        },
        (error: unknown) => {
          if (error instanceof BoardApiError && error.status === 401) onUnauthorized();
          else setLoadError(error instanceof Error ? error.message : String(error));
        },
      ),
    [onCount, onUnauthorized],
  );

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), 15_000);
    return () => clearInterval(timer);
  }, [reload]);

  if (!queue) return <p className="muted">{loadError ?? t('app.loading')}</p>;
  return (
    <section className="review" data-testid="review-queue">
      <h2>{t('review.title')}</h2>
      {queue.items.length === 0 && <p className="muted">{t('review.empty')}</p>}
      <ul className="review__list">
        {queue.items.map((item) => (
          <ReviewItemCard key={item.id} item={item} onDecided={reload} />
        ))}
      </ul>
      {queue.resolved.length > 0 && (
        <>
          <h3>{t('review.decided')}</h3>
          <ul className="review__decided" data-testid="review-decided">
            {queue.resolved.map((r) => (
              <li key={r.itemId}>
                {t('review.decidedBy', {
                  decision: t(`review.decision.${r.decision}`),
                  name: r.resolvedByName,
                  time: new Date(r.resolvedAt).toLocaleString(),
                  reason: r.reason,
                })}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Type, order and operation of a booking as stored or as sent (a rejected one may lack any of them). */
function useBookingText() {
  const { t } = useTranslation();
  return (booking: Record<string, unknown>) => {
    const type = String(booking.type ?? '–');
    return t('review.booking', {
      // A type this board has no words for (a newer terminal's) is shown as it came.
      type: t(`bookingType.${type}`, { defaultValue: type }),
      order: String(booking.orderId ?? '–'),
      operation: String(booking.operationId ?? '–'),
    });
  };
}

/** One open item with its facts and the decision form; exported for its markup test. */
export function ReviewItemCard({ item, onDecided }: { item: ReviewItem; onDecided: () => Promise<void> }) {
  const { t } = useTranslation();
  const findingText = useFindingText();
  const bookingText = useBookingText();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);

  const decide = async (decision: ReviewDecision) => {
    if (reason.trim() === '') {
      setError(t('review.reasonNeeded'));
      return;
    }
    setBusy(true);
    try {
      await resolveItem(item.id, { decision, reason: reason.trim() });
      await onDecided();
    } catch (failure) {
      setError(t('review.failed', { message: failure instanceof Error ? failure.message : String(failure) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className={`review__item review__item--${item.kind}`} data-testid={`review-item-${item.kind}`}>
      <div className="review__head">
        <strong>{t(`review.${item.kind}`)}</strong>
        <span>{t('review.station', { station: item.stationId })}</span>
        {item.kind !== 'gap' && (
          <span className="muted">{t('review.received', { time: new Date(item.receivedAt).toLocaleString() })}</span>
        )}
      </div>
      {item.kind === 'flagged' && (
        <>
          <p>
            {bookingText(item.booking)}
            {item.operatorName !== undefined && ` · ${t('review.by', { name: item.operatorName })}`}
          </p>
          <ul className="review__findings">
            {item.findings.map((finding) => (
              <li key={finding}>{findingText(finding)}</li>
            ))}
          </ul>
          {item.reversedBy !== undefined && <p className="muted">{t('review.alreadyReversed')}</p>}
        </>
      )}
      {item.kind === 'quarantined' && <p>{t('review.conflict', { id: item.conflictsWithId, kind: item.conflict })}</p>}
      {item.kind === 'rejected' && (
        <>
          <p className="review__rejection">
            {t(`review.rejection.${item.rejection}`, {
              booking: item.bookingStationId ?? '–',
              enrolled: item.stationId,
              reason: item.reason,
            })}
          </p>
          <p>
            {item.booking !== undefined && `${bookingText(item.booking)} · `}
            {t('review.rejectedFrom', { terminal: item.terminalId, seq: item.seq ?? '–' })}
          </p>
          <p className="muted">{t('review.notStored')}</p>
        </>
      )}
      {item.kind === 'gap' && (
        <p>
          {t('review.gapText', {
            missing: item.missing,
            from: item.firstMissing,
            terminal: item.terminalId,
            max: item.maxSeq,
          })}
        </p>
      )}
      <div className="review__decide">
        <label>
          {t('review.reason')}
          <input
            data-testid="review-reason"
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
        <button type="button" data-testid="review-accept" disabled={isBusy} onClick={() => void decide('accept')}>
          {t('review.accept')}
        </button>
        {item.kind === 'flagged' && (
          <button
            type="button"
            className="danger"
            data-testid="review-reverse"
            disabled={isBusy}
            onClick={() => void decide('reverse')}
          >
            {t('review.reverse')}
          </button>
        )}
      </div>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
