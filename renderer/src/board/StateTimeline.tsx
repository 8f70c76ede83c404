import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineSegment, TimelineState } from '@shared/board/station-detail';
import { localized } from './localized';
import { formatClock } from './time-format';

/** Colour (Okabe-Ito, as the tiles) and a pattern of its own per state: no one needs to tell colours apart. */
const STATE_ICON: Record<TimelineState, string> = {
  producing: '▶',
  setup: '⚙',
  interrupted: '‖',
  down: '■',
  idle: '○',
};

const HOUR = 3_600_000;
/** A segment narrower than this share of the bar gets its icon only, narrower still nothing (the list names it). */
const LABEL_MIN_SHARE = 0.07;
const ICON_MIN_SHARE = 0.012;

function StatePatterns({ prefix }: { prefix: string }) {
  return (
    <defs>
      <pattern
        id={`${prefix}-setup`}
        width="10"
        height="10"
        patternUnits="userSpaceOnUse"
        patternTransform="rotate(45)"
      >
        <rect width="10" height="10" fill="var(--setup)" />
        <rect width="4" height="10" fill="#5aa9dc" />
      </pattern>
      <pattern id={`${prefix}-interrupted`} width="10" height="10" patternUnits="userSpaceOnUse">
        <rect width="10" height="10" fill="var(--interrupted)" />
        <circle cx="5" cy="5" r="2" fill="#7a5400" />
      </pattern>
      <pattern id={`${prefix}-down`} width="10" height="10" patternUnits="userSpaceOnUse">
        <rect width="10" height="10" fill="var(--down)" />
        <path d="M0 0L10 10M10 0L0 10" stroke="#4a1c00" strokeWidth="1.6" />
      </pattern>
      <pattern id={`${prefix}-idle`} width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill="#3b424c" />
        <path d="M0 4H8" stroke="#59626e" strokeWidth="1.5" />
      </pattern>
      <pattern id={`${prefix}-stop`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
        <rect width="6" height="6" fill="#0c0f12" />
        <rect width="2" height="6" fill="#aab4c0" />
      </pattern>
    </defs>
  );
}

const fillOf = (prefix: string, state: TimelineState): string =>
  state === 'producing' ? 'var(--producing)' : `url(#${prefix}-${state})`;
/** Dark words on the light fills, light words on the dark ones. */
const textColour = (state: TimelineState): string => (state === 'idle' || state === 'setup' ? '#ffffff' : '#111418');

export function StateTimeline({
  segments,
  plannedStops,
  from,
  to,
}: {
  segments: readonly TimelineSegment[];
  plannedStops: ReadonlyArray<{ start: number; end: number }>;
  from: number;
  to: number;
}) {
  const { t, i18n } = useTranslation();
  const prefix = `tl${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const span = Math.max(1, to - from);
  const x = (at: number) => `${(((Math.min(Math.max(at, from), to) - from) / span) * 100).toFixed(3)}%`;
  const w = (start: number, end: number) =>
    `${(((Math.min(end, to) - Math.max(start, from)) / span) * 100).toFixed(3)}%`;
  const hours: number[] = [];
  for (let hour = Math.ceil(from / HOUR) * HOUR; hour <= to; hour += HOUR) hours.push(hour);
  const language = i18n.language;

  return (
    <figure className="timeline" data-testid="timeline">
      <svg width="100%" height="118" role="img" aria-label={t('detail.timelineLabel')}>
        <StatePatterns prefix={prefix} />
        {segments.map((segment) => {
          const share = (segment.end - segment.start) / span;
          const reason = localized(segment.reasonTexts, language) ?? segment.reasonCode;
          return (
            <g key={segment.start} data-testid="timeline-bar-segment" data-state={segment.state}>
              <rect
                x={x(segment.start)}
                y="4"
                width={w(segment.start, segment.end)}
                height="58"
                fill={fillOf(prefix, segment.state)}
                stroke="#111418"
                strokeWidth="1"
              />
              {share >= ICON_MIN_SHARE && (
                <text
                  x={x(segment.start + (segment.end - segment.start) / 2)}
                  y="30"
                  textAnchor="middle"
                  fill={textColour(segment.state)}
                >
                  {share >= LABEL_MIN_SHARE
                    ? `${STATE_ICON[segment.state]} ${t(`state.${segment.state}`)}`
                    : STATE_ICON[segment.state]}
                  {share >= LABEL_MIN_SHARE && reason !== undefined && (
                    <tspan x={x(segment.start + (segment.end - segment.start) / 2)} dy="1.2em">
                      {reason}
                    </tspan>
                  )}
                </text>
              )}
            </g>
          );
        })}
        {plannedStops.map((stop) => (
          <rect
            key={stop.start}
            x={x(stop.start)}
            y="66"
            width={w(stop.start, stop.end)}
            height="12"
            fill={`url(#${prefix}-stop)`}
          />
        ))}
        {hours.map((hour) => (
          <g key={hour}>
            <line x1={x(hour)} x2={x(hour)} y1="62" y2="84" stroke="#aab4c0" strokeWidth="1" />
            <text
              x={x(hour)}
              y="104"
              textAnchor={hour === from ? 'start' : hour === to ? 'end' : 'middle'}
              fill="#f2f4f7"
              className="timeline__hour"
            >
              {formatClock(hour, language)}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="timeline__legend">
        {(Object.keys(STATE_ICON) as TimelineState[]).map((state) => (
          <span key={state} className="timeline__key">
            <svg width="1.6em" height="1em" aria-hidden="true">
              <rect width="100%" height="100%" fill={fillOf(prefix, state)} />
            </svg>
            {STATE_ICON[state]} {t(`state.${state}`)}
          </span>
        ))}
        <span className="timeline__key">
          <svg width="1.6em" height="1em" aria-hidden="true">
            <rect width="100%" height="100%" fill={`url(#${prefix}-stop)`} />
          </svg>
          {t('detail.plannedStop')}
        </span>
      </figcaption>
      <ol className="timeline__list" aria-label={t('detail.timelineList')}>
        {[...segments].reverse().map((segment) => {
          const reason = localized(segment.reasonTexts, language) ?? segment.reasonCode;
          return (
            <li key={segment.start} data-testid="timeline-segment" data-state={segment.state}>
              <span className="timeline__time">
                {formatClock(segment.start, language)}–{formatClock(segment.end, language)}
              </span>
              <span className={`timeline__state timeline__state--${segment.state}`}>
                {STATE_ICON[segment.state]} {t(`state.${segment.state}`)}
              </span>
              {reason !== undefined && <span>{reason}</span>}
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
