import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatClock, formatNumber, formatPercent } from './time-format';

// Plain SVG charts for the KPI view: no animation, no hover needed, every bar has its number written next to
// it, and the words are text at the board's font size (percent coordinates, no viewBox scaling).

const ROW = 46;

export interface Factor {
  key: 'oee' | 'availability' | 'performance' | 'quality';
  value: number | null;
}

/** OEE and its three factors as horizontal bars against 100 %. */
export function FactorChart({ factors }: { factors: readonly Factor[] }) {
  const { t, i18n } = useTranslation();
  const height = factors.length * ROW + 8;
  const barStart = 30;
  const barSpan = 54;
  return (
    <svg width="100%" height={height} role="img" aria-label={t('kpi.factorsLabel')} data-testid="kpi-factors">
      {factors.map((factor, index) => {
        const y = index * ROW + 4;
        const share = Math.min(1, Math.max(0, factor.value ?? 0));
        return (
          <g key={factor.key} data-testid={`kpi-${factor.key}`}>
            <text
              x="0"
              y={y + 28}
              fill="#f2f4f7"
              className={factor.key === 'oee' ? 'chart__label chart__label--strong' : 'chart__label'}
            >
              {t(`kpi.${factor.key}`)}
            </text>
            <rect x={`${barStart}%`} y={y + 6} width={`${barSpan}%`} height="30" fill="#2a313b" />
            <rect
              x={`${barStart}%`}
              y={y + 6}
              width={`${barSpan * share}%`}
              height="30"
              fill={factor.key === 'oee' ? '#e8edf3' : 'var(--setup)'}
            />
            <text
              x={`${barStart + barSpan + 2}%`}
              y={y + 28}
              fill="#f2f4f7"
              className="chart__value"
              data-testid="kpi-value"
            >
              {formatPercent(factor.value, i18n.language)}
            </text>
          </g>
        );
      })}
      <line
        x1={`${barStart + barSpan}%`}
        x2={`${barStart + barSpan}%`}
        y1="0"
        y2={height}
        stroke="#aab4c0"
        strokeDasharray="4 3"
      />
    </svg>
  );
}

export interface OutputSlice {
  from: number;
  good: number;
  target: number;
}

/** Good pieces against the cycle-time target per hour of the shift: two bars per hour, numbers above them. */
export function OutputChart({ slices }: { slices: readonly OutputSlice[] }) {
  const { t, i18n } = useTranslation();
  const pattern = `out${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const language = i18n.language;
  const top = 30;
  const plot = 170;
  const max = Math.max(1, ...slices.map((s) => Math.max(s.good, s.target)));
  const slot = 100 / Math.max(1, slices.length);
  const bar = slot * 0.34;
  const yOf = (value: number) => top + plot - (value / max) * plot;
  return (
    <figure className="chart">
      <svg width="100%" height={top + plot + 34} role="img" aria-label={t('kpi.outputLabel')} data-testid="kpi-output">
        <defs>
          <pattern id={pattern} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#2a313b" />
            <rect width="3" height="8" fill="#aab4c0" />
          </pattern>
        </defs>
        <line x1="0" x2="100%" y1={top + plot} y2={top + plot} stroke="#aab4c0" />
        {slices.map((slice, index) => {
          const left = index * slot + slot * 0.12;
          return (
            <g key={slice.from}>
              <rect
                x={`${left}%`}
                y={yOf(slice.good)}
                width={`${bar}%`}
                height={top + plot - yOf(slice.good)}
                fill="var(--producing)"
              />
              <text
                x={`${left + bar / 2}%`}
                y={yOf(slice.good) - 6}
                textAnchor="middle"
                fill="#f2f4f7"
                className="chart__value"
              >
                {formatNumber(slice.good, language)}
              </text>
              <rect
                x={`${left + bar + 2}%`}
                y={yOf(slice.target)}
                width={`${bar}%`}
                height={top + plot - yOf(slice.target)}
                fill={`url(#${pattern})`}
                stroke="#aab4c0"
              />
              <text
                x={`${left + bar * 1.5 + 2}%`}
                y={yOf(slice.target) - 6}
                textAnchor="middle"
                fill="#aab4c0"
                className="chart__value"
              >
                {formatNumber(Math.round(slice.target), language)}
              </text>
              <text
                x={`${index * slot + slot / 2}%`}
                y={top + plot + 24}
                textAnchor="middle"
                fill="#f2f4f7"
                className="chart__label"
              >
                {formatClock(slice.from, language)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="timeline__legend">
        <span className="timeline__key">
          <svg width="1.6em" height="1em" aria-hidden="true">
            <rect width="100%" height="100%" fill="var(--producing)" />
          </svg>
          {t('kpi.good')}
        </span>
        <span className="timeline__key">
          <svg width="1.6em" height="1em" aria-hidden="true">
            <rect width="100%" height="100%" fill={`url(#${pattern})`} />
          </svg>
          {t('kpi.target')}
        </span>
      </figcaption>
    </figure>
  );
}

export interface ParetoReason {
  reasonCode: string;
  reasonText: string;
  minutes: number;
}

/** Downtime by reason, longest first, with minutes and the cumulative share written next to each bar. */
export function ParetoChart({ reasons }: { reasons: readonly ParetoReason[] }) {
  const { t, i18n } = useTranslation();
  const sorted = [...reasons].sort((a, b) => b.minutes - a.minutes);
  const total = sorted.reduce((sum, r) => sum + r.minutes, 0);
  const cumulativeAt = sorted.map((_, index) => sorted.slice(0, index + 1).reduce((sum, r) => sum + r.minutes, 0));
  const max = Math.max(1, ...sorted.map((r) => r.minutes));
  const barStart = 34;
  const barSpan = 26;
  return (
    <svg
      width="100%"
      height={sorted.length * ROW + 8}
      role="img"
      aria-label={t('kpi.paretoLabel')}
      data-testid="kpi-pareto"
    >
      {sorted.map((reason, index) => {
        const y = index * ROW + 4;
        return (
          <g key={reason.reasonCode} data-testid="kpi-pareto-row">
            <text x="0" y={y + 28} fill="#f2f4f7" className="chart__label">
              {reason.reasonText}
            </text>
            <rect
              x={`${barStart}%`}
              y={y + 6}
              width={`${(barSpan * reason.minutes) / max}%`}
              height="30"
              fill="var(--down)"
            />
            <text x={`${barStart + barSpan + 2}%`} y={y + 28} fill="#f2f4f7" className="chart__value">
              {t('kpi.minutesShare', {
                minutes: formatNumber(Math.round(reason.minutes), i18n.language),
                share: formatPercent(total > 0 ? (cumulativeAt[index] ?? 0) / total : null, i18n.language),
              })}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
