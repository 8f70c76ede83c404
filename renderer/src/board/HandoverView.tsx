import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Handover, HandoverDraft, HandoverFacts } from '@shared/board/handover';
import { HANDOVER_TEXT_MAX } from '@shared/board/handover';
import { BoardApiError, fetchHandoverDraft, fetchHandovers, fetchShifts, signHandover } from './board-api';
import { localized } from './localized';
import { formatClock, formatDateTime, formatNumber } from './time-format';

type Which = 'current' | 'previous';
const SHIFT_CHOICES: readonly Which[] = ['current', 'previous'];

/**
 * The shift handover: the handover the shift before signed, on top; below, the draft of a shift's handover
 * from its facts, which the lead edits and signs (once per shift).
 */
export function HandoverView({ onUnauthorized }: { onUnauthorized: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const [received, setReceived] = useState<Handover | null | undefined>();
  const [which, setWhich] = useState<Which>('current');
  // Kept with the shift it was loaded for: a switch shows nothing stale while the other one loads.
  const [loaded, setLoaded] = useState<{ which: Which; draft: HandoverDraft } | undefined>();
  const draft = loaded?.which === which ? loaded.draft : undefined;
  const setDraft = (next: HandoverDraft) => setLoaded({ which, draft: next });
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [isBusy, setBusy] = useState(false);

  const fail = useCallback(
    (cause: unknown) => {
      if (cause instanceof BoardApiError && cause.status === 401) onUnauthorized();
      else if (cause instanceof BoardApiError && cause.status === 404) setError(t('handover.noShift'));
      else setError(t('handover.failed', { message: cause instanceof Error ? cause.message : String(cause) }));
    },
    [onUnauthorized, t],
  );

  useEffect(() => {
    receivedHandover().then(setReceived, fail);
  }, [fail]);

  useEffect(() => {
    fetchHandoverDraft(which).then((next) => {
      setLoaded({ which, draft: next });
      setText(draftText(next.facts, t, language));
    }, fail);
  }, [which, fail, t, language]);

  const choose = (next: Which) => {
    setError(undefined);
    setWhich(next);
  };

  const sign = async () => {
    if (!draft) return;
    if (text.trim() === '') {
      setError(t('handover.textNeeded'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const signed = await signHandover({ shiftStart: draft.shift.start, text });
      setDraft({ ...draft, signed });
      setReceived(await receivedHandover());
    } catch (cause) {
      if (cause instanceof BoardApiError && cause.status === 409) {
        // Someone signed it meanwhile: show theirs.
        setDraft(await fetchHandoverDraft(which));
      } else fail(cause);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="handover" data-testid="handover-view">
      <section className="panel">
        <h3>{t('handover.received')}</h3>
        {received === undefined && <p className="muted">{t('app.loading')}</p>}
        {received === null && <p className="muted">{t('handover.noneReceived')}</p>}
        {received && <SignedHandover handover={received} kind="received" />}
      </section>
      <section className="panel">
        <h3>{t('handover.write')}</h3>
        <div className="board__tabs" role="group" aria-label={t('handover.whichShift')}>
          {SHIFT_CHOICES.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={which === option}
              data-testid={`handover-shift-${option}`}
              onClick={() => choose(option)}
            >
              {t(`handover.shift.${option}`)}
            </button>
          ))}
        </div>
        {error !== undefined && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {draft && (
          <>
            <p className="muted">
              {t('handover.forShift', {
                name: draft.shift.name,
                from: formatDateTime(draft.shift.start, language),
                to: formatClock(draft.shift.end, language),
              })}
            </p>
            {draft.signed ? (
              <SignedHandover handover={draft.signed} kind="signed" />
            ) : (
              <>
                <FactsList facts={draft.facts} />
                <label className="handover__text">
                  {t('handover.text')}
                  <textarea
                    data-testid="handover-text"
                    value={text}
                    maxLength={HANDOVER_TEXT_MAX}
                    rows={10}
                    onChange={(event) => setText(event.target.value)}
                  />
                </label>
                <button type="button" data-testid="handover-sign" disabled={isBusy} onClick={() => void sign()}>
                  {t('handover.sign')}
                </button>
              </>
            )}
          </>
        )}
      </section>
    </main>
  );
}

/** The newest handover of a shift that ended before this one began: what this shift took over. */
async function receivedHandover(): Promise<Handover | null> {
  const [shifts, handovers] = await Promise.all([fetchShifts(), fetchHandovers()]);
  const before = shifts.current?.start ?? shifts.serverTime;
  return handovers.find((handover) => handover.shift.end <= before) ?? null;
}

function SignedHandover({ handover, kind }: { handover: Handover; kind: 'received' | 'signed' }) {
  const { t, i18n } = useTranslation();
  return (
    <article className="handover__signed" data-testid={`handover-${kind}`}>
      <p>
        <strong>
          {t('handover.signedBy', {
            name: handover.authorName,
            time: formatDateTime(handover.signedAt, i18n.language),
          })}
        </strong>{' '}
        <span className="muted">
          {t('handover.forShift', {
            name: handover.shift.name,
            from: formatDateTime(handover.shift.start, i18n.language),
            to: formatClock(handover.shift.end, i18n.language),
          })}
        </span>
      </p>
      <p className="handover__body">{handover.text}</p>
      <FactsList facts={handover.facts} />
    </article>
  );
}

function FactsList({ facts }: { facts: HandoverFacts }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <dl className="kpi__figures" data-testid="handover-facts">
      <dt>{t('handover.output')}</dt>
      <dd>
        {t('handover.outputValue', {
          good: formatNumber(facts.totals.good, language),
          scrap: formatNumber(facts.totals.scrap, language),
          rework: formatNumber(facts.totals.rework, language),
        })}
      </dd>
      <dt>{t('handover.downtime')}</dt>
      <dd>
        {facts.downtimes.length === 0
          ? t('handover.none')
          : facts.downtimes
              .map(
                (d) =>
                  `${localized(d.reasonTexts, language) ?? d.reasonCode} ${t('kpi.minutes', { minutes: formatNumber(Math.round(d.minutes), language) })}`,
              )
              .join(', ')}
      </dd>
      <dt>{t('handover.openReview')}</dt>
      <dd>{formatNumber(facts.openReview, language)}</dd>
      <dt>{t('handover.qualityAlarms')}</dt>
      <dd>
        {facts.qualityAlarms.length === 0
          ? t('handover.none')
          : facts.qualityAlarms
              .map((alarm) => `${alarm.stationId} ${localized(alarm.name, language) ?? alarm.characteristicId}`)
              .join(', ')}
      </dd>
      <dt>{t('handover.notes')}</dt>
      <dd>
        {facts.notes.length === 0
          ? t('handover.none')
          : facts.notes.map((note) => `${note.stationId}: ${note.text}`).join(' · ')}
      </dd>
    </dl>
  );
}

/** The text the lead starts from: the facts in sentences, to be corrected and completed before signing. */
function draftText(facts: HandoverFacts, t: TFunction, language: string): string {
  const number = (value: number) => formatNumber(Math.round(value), language);
  const lines = [
    t('handover.draft.output', {
      good: number(facts.totals.good),
      scrap: number(facts.totals.scrap),
      rework: number(facts.totals.rework),
    }),
    ...facts.stations
      .filter((s) => s.good > 0 || s.scrap > 0 || s.downtimeMinutes > 0)
      .map((s) =>
        t('handover.draft.station', {
          station: `${s.stationId} ${s.name}`,
          good: number(s.good),
          scrap: number(s.scrap),
          minutes: number(s.downtimeMinutes),
        }),
      ),
    ...facts.downtimes.map((d) =>
      t('handover.draft.downtime', {
        reason: localized(d.reasonTexts, language) ?? d.reasonCode,
        minutes: number(d.minutes),
      }),
    ),
    t('handover.draft.review', { count: facts.openReview }),
    ...facts.qualityAlarms.map((alarm) =>
      t('handover.draft.quality', {
        station: alarm.stationId,
        characteristic: localized(alarm.name, language) ?? alarm.characteristicId,
        time: formatClock(alarm.occurredAt, language),
      }),
    ),
    ...facts.notes.map((note) => t('handover.draft.note', { station: note.stationId, text: note.text })),
  ];
  return lines.map((line) => `• ${line}`).join('\n');
}
