import type { BoardOperation, BoardStation, BoardStationState } from '@shared/board';
import { MACHINE_BOOKING_TYPES, type Booking, type BookingPayload } from '@shared/booking';
import type { TerminalHeartbeat } from '@shared/board';
import {
  applyMachineBooking,
  emptyStationMachine,
  machineView,
  type CurrentOperation,
  type StationMachine,
} from './station-machine';
import { emptyTerminalHealth, sumTerminals, type TerminalHealth } from './terminal-health';

// The board's view of every station, folded booking by booking in server order (never rebuilt per request).
// Pure: master data and the clock come in as functions, so the unit tests feed fixed streams and a fixed now.
// Operation phases follow the terminal's own rules (renderer/src/workflows/operation-activity.ts), so a lead
// and an operator read the same facts the same way.

export interface BoardMasterData {
  stationIds(): string[];
  station(id: string): { name: string; area?: string | undefined } | undefined;
  operatorName(id: string): string | undefined;
  order(id: string): { number: string; quantity: number; unit: string } | undefined;
  operation(id: string): { number: string; cycleSeconds: number } | undefined;
  reason(id: string): { de: string; en: string; pl?: string | undefined; tr?: string | undefined } | undefined;
}

export interface StationProjectionOptions {
  masterData: BoardMasterData;
  /** A station whose terminals were not heard from for this long is `offline`. */
  offlineAfterMs: number;
  /** When the projection was built: the `since` of a station that has not done anything yet. */
  startedAt: number;
}

type ActivePhase = 'setup' | 'production' | 'interrupted';

interface ActiveOperation {
  orderId: string;
  phase: ActivePhase;
  since: number;
  /** When it was opened (business time): the machine's count of the operation starts there. */
  startedAt: number;
  interruptReason: string | null;
}

/** Totals of an operation over its whole life (a restarted operation continues counting). */
interface OperationTotals {
  good: number;
  scrap: number;
  rework: number;
  /** Production time up to `runningSince` (or in total while not running). */
  productionMs: number;
  /** Business time production (re)started and still runs; null while not producing. */
  runningSince: number | null;
}

interface DerivedState {
  state: Exclude<BoardStationState, 'offline'>;
  reasonCode: string | null;
  since: number;
}

interface StationActivity {
  operations: Map<string, ActiveOperation>;
  downtime: { reasonCode: string; since: number } | null;
  /** The state as of the last booking and since when (business time); offline is decided at read time. */
  derived: DerivedState;
  operatorIds: string[];
  lastBooking: BoardStation['lastBooking'];
  terminals: Map<string, TerminalHealth>;
  machine: StationMachine;
}

/** The counters an ingest hook knows per terminal after a push (from the database, not from memory). */
export type TerminalCounts = Pick<TerminalHealth, 'gaps' | 'quarantined' | 'rejected'>;

function businessTime(booking: Booking): number {
  return booking.occurredAt + booking.clockOffsetMs;
}

export function createStationProjection(options: StationProjectionOptions) {
  const stations = new Map<string, StationActivity>();
  const totals = new Map<string, OperationTotals>();
  const md = options.masterData;

  function stationOf(id: string): StationActivity {
    let station = stations.get(id);
    if (!station) {
      station = {
        operations: new Map(),
        downtime: null,
        derived: { state: 'idle', reasonCode: null, since: options.startedAt },
        operatorIds: [],
        lastBooking: null,
        terminals: new Map(),
        machine: emptyStationMachine(),
      };
      stations.set(id, station);
    }
    return station;
  }

  function totalsOf(operationId: string): OperationTotals {
    let found = totals.get(operationId);
    if (!found) {
      found = { good: 0, scrap: 0, rework: 0, productionMs: 0, runningSince: null };
      totals.set(operationId, found);
    }
    return found;
  }

  function terminalOf(station: StationActivity, terminalId: string): TerminalHealth {
    let found = station.terminals.get(terminalId);
    if (!found) {
      found = emptyTerminalHealth();
      station.terminals.set(terminalId, found);
    }
    return found;
  }

  /** Production time runs while an operation is in production and the station is not down. */
  function syncProductionClock(station: StationActivity, operationId: string, at: number): void {
    const active = station.operations.get(operationId);
    const shouldRun = active?.phase === 'production' && station.downtime === null;
    const operation = totalsOf(operationId);
    if (shouldRun && operation.runningSince === null) operation.runningSince = at;
    if (!shouldRun && operation.runningSince !== null) {
      operation.productionMs += Math.max(0, at - operation.runningSince);
      operation.runningSince = null;
    }
  }

  function setPhase(
    station: StationActivity,
    booking: Booking,
    phase: ActivePhase | 'finished',
    reason: string | null,
  ): void {
    const operationId = booking.operationId as string;
    const at = businessTime(booking);
    const before = station.operations.get(operationId);
    if (phase === 'finished') station.operations.delete(operationId);
    else if (!before || before.phase !== phase || before.interruptReason !== reason) {
      station.operations.set(operationId, {
        orderId: booking.orderId as string,
        phase,
        since: before?.phase === phase ? before.since : at,
        startedAt: before?.startedAt ?? at,
        interruptReason: reason,
      });
    }
    syncProductionClock(station, operationId, at);
  }

  function addQuantity(booking: Booking, field: 'good' | 'scrap' | 'rework', quantity: number, sign: 1 | -1): void {
    if (booking.operationId === undefined) return;
    const operation = totalsOf(booking.operationId);
    operation[field] = Math.max(0, operation[field] + sign * quantity);
  }

  /** Undoes the quantities of a reversed booking; state changes stay (a reversed start is corrected by a new booking). */
  function reverse(reversed: Booking): void {
    const payload = reversed.payload as { quantity?: unknown };
    if (typeof payload.quantity !== 'number') return;
    if (reversed.type === 'quantity.good' || reversed.type === 'operation.finish')
      addQuantity(reversed, 'good', payload.quantity, -1);
    if (reversed.type === 'quantity.scrap') addQuantity(reversed, 'scrap', payload.quantity, -1);
    if (reversed.type === 'quantity.rework') addQuantity(reversed, 'rework', payload.quantity, -1);
  }

  return {
    /**
     * Folds one stored booking in (call in server order). `reversed` is the booking a `booking.reverse`
     * names, looked up by the caller. Returns the station that may have changed.
     */
    apply(booking: Booking, reversed?: Booking): string {
      const station = stationOf(booking.stationId);
      // The machine's own bookings fill the station's machine part only: people's state and last booking stay.
      if (MACHINE_BOOKING_TYPES.has(booking.type)) {
        applyMachineBooking(station.machine, booking, currentOperation(station));
        return booking.stationId;
      }
      const at = businessTime(booking);
      station.lastBooking = {
        id: booking.id,
        type: booking.type,
        occurredAt: at,
        ...(booking.operatorId === undefined ? {} : { operatorId: booking.operatorId }),
      };
      switch (booking.type) {
        case 'operator.login':
          if (booking.operatorId !== undefined && !station.operatorIds.includes(booking.operatorId))
            station.operatorIds.push(booking.operatorId);
          break;
        case 'operator.logout':
          station.operatorIds = station.operatorIds.filter((id) => id !== booking.operatorId);
          break;
        case 'operation.start':
          setPhase(station, booking, (booking.payload as BookingPayload<'operation.start'>).phase, null);
          break;
        case 'operation.interrupt':
          setPhase(
            station,
            booking,
            'interrupted',
            (booking.payload as BookingPayload<'operation.interrupt'>).reasonCode,
          );
          break;
        case 'operation.resume':
          setPhase(station, booking, 'production', null);
          break;
        case 'operation.finish': {
          const payload = booking.payload as BookingPayload<'operation.finish'>;
          // A partial confirmation leaves the operation open but stopped, as on the terminal.
          setPhase(station, booking, payload.mode === 'final' ? 'finished' : 'interrupted', null);
          if (payload.quantity !== undefined) addQuantity(booking, 'good', payload.quantity, 1);
          break;
        }
        case 'quantity.good':
        case 'quantity.scrap':
        case 'quantity.rework': {
          const field =
            booking.type === 'quantity.good' ? 'good' : booking.type === 'quantity.scrap' ? 'scrap' : 'rework';
          addQuantity(booking, field, (booking.payload as { quantity: number }).quantity, 1);
          break;
        }
        case 'downtime.start':
        case 'downtime.end':
          station.downtime =
            booking.type === 'downtime.start'
              ? { reasonCode: (booking.payload as BookingPayload<'downtime.start'>).reasonCode, since: at }
              : null;
          for (const operationId of station.operations.keys()) syncProductionClock(station, operationId, at);
          break;
        case 'booking.reverse':
          if (reversed !== undefined) reverse(reversed);
          break;
        default:
          break;
      }
      const next = deriveState(station);
      if (next.state !== station.derived.state || next.reasonCode !== station.derived.reasonCode) {
        station.derived = { ...next, since: at };
      }
      return booking.stationId;
    },

    /** A push or heartbeat arrived from the terminal (server clock). */
    recordContact(stationId: string, terminalId: string, at: number): void {
      const terminal = terminalOf(stationOf(stationId), terminalId);
      terminal.lastSeenAt = Math.max(terminal.lastSeenAt ?? 0, at);
    },

    recordHeartbeat(stationId: string, terminalId: string, heartbeat: TerminalHeartbeat, at: number): void {
      const terminal = terminalOf(stationOf(stationId), terminalId);
      terminal.pending = heartbeat.pending;
      terminal.oldestPendingAt = heartbeat.pending === 0 ? null : heartbeat.oldestPendingAt;
      // A browser terminal has no scanners to tell of: the board shows none rather than an empty list.
      if (heartbeat.scanners.length > 0) terminal.scanners = heartbeat.scanners;
      else delete terminal.scanners;
      terminal.lastSeenAt = Math.max(terminal.lastSeenAt ?? 0, at);
    },

    recordTerminalCounts(stationId: string, terminalId: string, counts: Partial<TerminalCounts>): void {
      Object.assign(terminalOf(stationOf(stationId), terminalId), counts);
    },

    /** Every station of master data and every station a booking or terminal named, sorted by id. */
    stationIds(): string[] {
      return [...new Set([...md.stationIds(), ...stations.keys()])].sort();
    },

    /** The board's object for one station at server time `now`. */
    station(stationId: string, now: number): BoardStation {
      const station = stations.get(stationId) ?? stationOf(stationId);
      const master = md.station(stationId);
      const terminal = sumTerminals(station.terminals);
      const current = station.derived;
      const isOffline = terminal.lastSeenAt === null || now - terminal.lastSeenAt >= options.offlineAfterMs;
      const reasonTexts = current.reasonCode === null ? undefined : md.reason(current.reasonCode);
      const machine = machineView(station.machine, currentOperation(station));
      return {
        stationId,
        name: master?.name ?? stationId,
        area: master?.area ?? '',
        state: isOffline ? 'offline' : current.state,
        since: isOffline ? (terminal.lastSeenAt ?? options.startedAt) : current.since,
        ...(current.reasonCode === null ? {} : { reasonCode: current.reasonCode }),
        ...(reasonTexts === undefined ? {} : { reasonText: reasonTexts.de, reasonTexts }),
        operators: station.operatorIds.map((id) => ({ id, name: md.operatorName(id) ?? id })),
        operations: [...station.operations].map(([operationId, active]) => operationView(operationId, active, now)),
        terminal,
        lastBooking: station.lastBooking,
        ...(machine === undefined ? {} : { machine }),
      };
    },
  };

  /** The open operation started last (the latest in server order on a tie). */
  function currentOperation(station: StationActivity): CurrentOperation | null {
    let current: CurrentOperation | null = null;
    for (const [operationId, active] of station.operations)
      if (current === null || active.startedAt >= current.startedAt)
        current = { operationId, startedAt: active.startedAt };
    return current;
  }

  /** A running downtime wins, then any operation in production, then setup, then interrupted. */
  function deriveState(station: StationActivity): Omit<DerivedState, 'since'> {
    if (station.downtime) return { state: 'down', reasonCode: station.downtime.reasonCode };
    const phases = [...station.operations.values()];
    if (phases.some((active) => active.phase === 'production')) return { state: 'producing', reasonCode: null };
    if (phases.some((active) => active.phase === 'setup')) return { state: 'setup', reasonCode: null };
    let latest: ActiveOperation | undefined;
    for (const active of phases) if (!latest || active.since >= latest.since) latest = active;
    return latest ? { state: 'interrupted', reasonCode: latest.interruptReason } : { state: 'idle', reasonCode: null };
  }

  function operationView(operationId: string, active: ActiveOperation, now: number): BoardOperation {
    const order = md.order(active.orderId);
    const operation = md.operation(operationId);
    const counted = totalsOf(operationId);
    const productionMs =
      counted.productionMs + (counted.runningSince === null ? 0 : Math.max(0, now - counted.runningSince));
    const cycleMs = (operation?.cycleSeconds ?? 0) * 1_000;
    const planned = order?.quantity ?? 0;
    const byTime = cycleMs > 0 ? Math.floor(productionMs / cycleMs) : 0;
    return {
      orderNumber: order?.number ?? active.orderId,
      operationNumber: operation?.number ?? operationId,
      phase: active.phase,
      good: counted.good,
      scrap: counted.scrap,
      rework: counted.rework,
      planned,
      // More than the order asks for is never the target.
      target: planned > 0 ? Math.min(planned, byTime) : byTime,
      orderId: active.orderId,
      operationId,
      unit: order?.unit ?? '',
      since: active.since,
    };
  }
}

export type StationProjection = ReturnType<typeof createStationProjection>;
