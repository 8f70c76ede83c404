import type { MachineState } from '@shared/machine';

// One shape per machine state, so it reads without its colour: play, a slower (downward) wedge, pause, an
// octagon, a ring, a wrench-like key, a cross for a lost link. Drawn for Takt on a 24 x 24 grid.
const PATHS: Record<MachineState, string> = {
  producing: 'M8 5v14l11-7z',
  'reduced-speed': 'M4 7h16l-8 11z',
  'micro-stop': 'M6 5h4v14H6zM14 5h4v14h-4z',
  'unplanned-stop': 'M8 2h8l6 6v8l-6 6H8l-6-6V8zM11 6v8h2V6zM11 16v2h2v-2z',
  'no-order': 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20zm0 3a7 7 0 1 1 0 14 7 7 0 1 1 0-14z',
  setup: 'M3 9a6 6 0 0 1 9-5l-3 3 1 4 4 1 3-3a6 6 0 0 1-7 8l-5 5-3-3 5-5a6 6 0 0 1-4-5z',
  'no-signal': 'M5 7l2-2 5 5 5-5 2 2-5 5 5 5-2 2-5-5-5 5-2-2 5-5z',
};

export function MachineStateIcon({ state, className }: { state: MachineState; className: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" aria-hidden="true" data-icon={state}>
      <path d={PATHS[state]} fill="currentColor" fillRule="evenodd" />
    </svg>
  );
}
