import type { StationStateKind } from '../../workflows/station-state';

// One distinct shape per state, so the state reads without its colour (colour-blind safe).
// Paths after Material Icons (Apache 2.0): play, build, pause, report; idle is a ring.
const PATHS: Record<StationStateKind, string> = {
  producing: 'M8 5v14l11-7z',
  setup:
    'M22.7 19l-9.1-9.1c.9-2.3.4-5-1.5-6.9-2-2-5-2.4-7.4-1.3L9 6 6 9 1.6 4.7C.4 7.1.9 10.1 2.9 12.1c1.9 1.9 4.6 2.4 6.9 1.5l9.1 9.1c.4.4 1 .4 1.4 0l2.3-2.3c.5-.4.5-1.1.1-1.4z',
  interrupted: 'M6 19h4V5H6v14zm8-14v14h4V5h-4z',
  down: 'M15.73 3H8.27L3 8.27v7.46L8.27 21h7.46L21 15.73V8.27L15.73 3zM12 17.3c-.72 0-1.3-.58-1.3-1.3 0-.72.58-1.3 1.3-1.3.72 0 1.3.58 1.3 1.3 0 .72-.58 1.3-1.3 1.3zm1-4.3h-2V7h2v6z',
  idle: 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20zm0 3a7 7 0 1 1 0 14 7 7 0 1 1 0-14z',
};

export function StateIcon({ kind, className }: { kind: StationStateKind; className: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" data-icon={kind}>
      <path d={PATHS[kind]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
