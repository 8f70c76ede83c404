import type { MachineObservation, ObservationSink } from '../collector';

/** Collects a collector's observations so a test can wait for the one it expects (no fixed sleeps). */
export class ObservationRecorder {
  readonly observations: MachineObservation[] = [];
  readonly #waiters = new Set<{ test: (o: MachineObservation) => boolean; resolve: (o: MachineObservation) => void }>();

  readonly sink: ObservationSink = (observation) => {
    this.observations.push(observation);
    for (const waiter of this.#waiters) {
      if (waiter.test(observation)) {
        this.#waiters.delete(waiter);
        waiter.resolve(observation);
      }
    }
  };

  /** Where the next observation will land; pass it to waitFor to ignore what came before. */
  mark(): number {
    return this.observations.length;
  }

  waitFor(
    test: (o: MachineObservation) => boolean,
    what: string,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<MachineObservation> {
    const seen = this.observations.slice(from).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; saw ${JSON.stringify(this.observations.slice(from))}`));
      }, timeoutMs);
      const waiter = {
        test,
        resolve: (o: MachineObservation) => {
          clearTimeout(timer);
          resolve(o);
        },
      };
      this.#waiters.add(waiter);
    });
  }

  status(status: string, from = 0, detail?: string): Promise<MachineObservation> {
    return this.waitFor(
      (o) => o.kind === 'status' && o.status === status && (detail === undefined || (o.detail ?? '').includes(detail)),
      `status ${status}${detail === undefined ? '' : ` (${detail})`}`,
      from,
    );
  }

  counter(value: number, from = 0): Promise<MachineObservation> {
    return this.waitFor((o) => o.kind === 'counter' && o.value === value, `counter ${value}`, from);
  }

  state(running: boolean, from = 0): Promise<MachineObservation> {
    return this.waitFor((o) => o.kind === 'state' && o.running === running, `running ${running}`, from);
  }
}
