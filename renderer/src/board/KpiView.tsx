import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardStation } from '@shared/board';
import type { ShiftWindowInfo } from '@shared/board/station-detail';
import { BoardApiError, fetchKpi, fetchShifts } from './board-api';
import { FactorChart, OutputChart, ParetoChart, type OutputSlice } from './KpiCharts';
import type { KpiAnswer, KpiScope } from './kpi-answer';
import { formatClock, formatNumber } from './time-format';

const HOUR = 3_600_000;
/** Without a shift calendar the view shows the last eight hours. */
const FALLBACK_WINDOW_MS = 8 * HOUR;
/** The figures of a running shift change by the minute; reading them twice a minute is enough. */
const REFRESH_MS = 60_000;

type Load =
  | { status: 'loading' }
  | { status: 'forbidden' }
  | { status: 'failed'; message: string }
  | {
      status: 'ready';
      shift: ShiftWindowInfo | null;
      from: number;
      to: number;
      total: KpiAnswer;
      slices: OutputSlice[];
    };

const scopeKey = (scope: KpiScope) => `${scope.kind}:${scope.id}`;

/** ISO 22400 KPIs of a station or an area for the current shift (docs/kpi.md): for leads, not display links. */
export function KpiView({
  stations,
  initialStationId,
  onUnauthorized,
}: {
  stations: readonly BoardStation[];
  initialStationId?: string | undefined;
  onUnauthorized: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const areas = useMemo(
    () => [...new Set(stations.map((s) => s.area).filter((area) => area !== ''))].sort(),
    [stations],
  );
  const sortedStations = useMemo(
    () => [...stations].sort((a, b) => a.stationId.localeCompare(b.stationId)),
    [stations],
  );
  const [chosen, setChosen] = useState<string | undefined>(
    initialStationId === undefined ? undefined : `station:${initialStationId}`,
  );
  const fallback =
    areas[0] !== undefined
      ? `area:${areas[0]}`
      : sortedStations[0]
        ? `station:${sortedStations[0].stationId}`
        : undefined;
  const selected = chosen ?? fallback;
  const [load, setLoad] = useState<Load>({ status: 'loading' });

  useEffect(() => {
    if (selected === undefined) return;
    const separator = selected.indexOf(':');
    const scope: KpiScope = {
      kind: selected.slice(0, separator) === 'area' ? 'area' : 'station',
      id: selected.slice(separator + 1),
    };
    let isCurrent = true;
    const refresh = async () => {
      try {
        const shifts = await fetchShifts();
        const now = shifts.serverTime;
        const shift = shifts.current;
        const from = shift?.start ?? now - FALLBACK_WINDOW_MS;
        const to = shift?.end ?? now;
        const hours: number[] = [];
        for (let start = from; start < Math.min(to, now); start += HOUR) hours.push(start);
        const [total, ...perHour] = await Promise.all([
          fetchKpi(scope, from, to, language),
          ...hours.map((start) => fetchKpi(scope, start, Math.min(start + HOUR, to), language)),
        ]);
        if (!isCurrent || total === undefined) return;
        const slices = perHour.map((answer, index) => ({
          from: hours[index] ?? from,
          good: answer.good,
          target: answer.target,
        }));
        setLoad({ status: 'ready', shift, from, to, total, slices });
      } catch (error) {
        if (!isCurrent) return;
        if (error instanceof BoardApiError && error.status === 401) onUnauthorized();
        else if (error instanceof BoardApiError && error.status === 403) setLoad({ status: 'forbidden' });
        else setLoad({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      isCurrent = false;
      clearInterval(timer);
    };
  }, [selected, language, onUnauthorized]);

  if (load.status === 'forbidden')
    return (
      <main className="kpi" data-testid="kpi-view">
        <p className="panel notice" data-testid="kpi-forbidden">
          {t('kpi.forbidden')}
        </p>
      </main>
    );

  const minutes = (ms: number) => formatNumber(Math.round(ms / 60_000), language);
  return (
    <main className="kpi" data-testid="kpi-view">
      <header className="kpi__head">
        <label>
          {t('kpi.scope')}{' '}
          <select data-testid="kpi-scope" value={selected ?? ''} onChange={(event) => setChosen(event.target.value)}>
            {areas.map((area) => (
              <option key={area} value={scopeKey({ kind: 'area', id: area })}>
                {t('kpi.area', { area })}
              </option>
            ))}
            {sortedStations.map((station) => (
              <option key={station.stationId} value={scopeKey({ kind: 'station', id: station.stationId })}>
                {station.stationId} · {station.name}
              </option>
            ))}
          </select>
        </label>
        {load.status === 'ready' && (
          <span className="muted">
            {load.shift
              ? t('detail.shift', {
                  name: load.shift.name,
                  from: formatClock(load.shift.start, language),
                  to: formatClock(load.shift.end, language),
                })
              : t('detail.window', { from: formatClock(load.from, language), to: formatClock(load.to, language) })}
          </span>
        )}
      </header>
      {load.status === 'loading' && <p className="muted">{t('app.loading')}</p>}
      {load.status === 'failed' && (
        <p className="error" role="alert">
          {t('kpi.failed', { message: load.message })}
        </p>
      )}
      {load.status === 'ready' && (
        <div className="kpi__grid">
          <section className="panel">
            <h3>{t('kpi.factors')}</h3>
            <FactorChart
              factors={[
                { key: 'oee', value: load.total.oee },
                { key: 'availability', value: load.total.availability },
                { key: 'performance', value: load.total.performance },
                { key: 'quality', value: load.total.quality },
              ]}
            />
            <dl className="kpi__figures" data-testid="kpi-figures">
              <dt>{t('kpi.produced')}</dt>
              <dd data-testid="kpi-produced">{formatNumber(load.total.produced, language)}</dd>
              <dt>{t('kpi.good')}</dt>
              <dd>{formatNumber(load.total.good, language)}</dd>
              <dt>{t('kpi.scrap')}</dt>
              <dd>{formatNumber(load.total.scrap, language)}</dd>
              <dt>{t('kpi.plannedBusy')}</dt>
              <dd>{t('kpi.minutes', { minutes: minutes(load.total.plannedBusyTime) })}</dd>
              <dt>{t('kpi.production')}</dt>
              <dd>{t('kpi.minutes', { minutes: minutes(load.total.actualProductionTime) })}</dd>
              <dt>{t('kpi.downtime')}</dt>
              <dd>{t('kpi.minutes', { minutes: minutes(load.total.downtime.total) })}</dd>
            </dl>
            {load.total.oee === null && <p className="muted">{t('kpi.nothingPlanned')}</p>}
          </section>
          <section className="panel">
            <h3>{t('kpi.output')}</h3>
            {load.slices.length === 0 ? (
              <p className="muted">{t('kpi.noHours')}</p>
            ) : (
              <OutputChart slices={load.slices} />
            )}
          </section>
          <section className="panel">
            <h3>{t('kpi.pareto')}</h3>
            {load.total.downtime.byReason.length === 0 ? (
              <p className="muted">{t('kpi.noDowntime')}</p>
            ) : (
              <>
                <ParetoChart reasons={load.total.downtime.byReason} />
                <p className="muted">{t('kpi.paretoNote')}</p>
              </>
            )}
          </section>
        </div>
      )}
    </main>
  );
}
