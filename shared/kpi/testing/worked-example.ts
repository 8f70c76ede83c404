import type { Shift } from '../../master-data';
import { at, streamBuilder } from './stream';
import type { KpiBooking } from '../station-timeline';

// The worked example of docs/kpi.md as data, for the engine's test and the API's test (through a real push).

export const WORKED_EXAMPLE_SHIFT: Shift = {
  id: 'early',
  name: 'Frühschicht',
  start: '06:00',
  end: '14:00',
  breaks: [
    { start: '09:00', end: '09:15', name: 'Pause' },
    { start: '12:00', end: '12:30', name: 'Mittag' },
  ],
  timeZone: 'UTC',
};

export const WORKED_EXAMPLE_CYCLE_SECONDS: Record<string, number> = { 'OP-A': 60, 'OP-B': 120 };

/** Station ST-10 on 3 November 2026, booking for booking as in the document's table. */
export function workedExampleStream(): KpiBooking[] {
  const s = streamBuilder();
  s.start(at('06:00'), 'OP-A', 'setup');
  s.start(at('06:20'), 'OP-A', 'production');
  s.good(at('07:00'), 'OP-A', 100);
  s.scrap(at('07:30'), 'OP-A', 10);
  s.downStart(at('08:30'), 'D01');
  s.interrupt(at('08:45'), 'OP-A', 'I01');
  s.downEnd(at('09:30'));
  s.resume(at('09:40'), 'OP-A');
  s.start(at('10:00'), 'OP-B', 'production');
  const typo = s.good(at('10:05'), 'OP-B', 50);
  s.reverse(at('10:06'), typo);
  s.good(at('11:00'), 'OP-A', 120);
  s.good(at('12:50'), 'OP-B', 70);
  s.rework(at('12:55'), 'OP-B', 5);
  s.finish(at('13:00'), 'OP-B', 'final');
  s.good(at('13:30'), 'OP-A', 100);
  return s.bookings;
}
