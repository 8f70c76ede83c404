import type { ScanSourceState } from '@shared/scan/raw-scan';
import type { StateReason } from './scan-source';

/**
 * Keeps a device connected: connect, wait until it is lost (unplug, read error), wait, connect again.
 * Neither serialport nor node-hid reconnect on their own (serialport #648), and a terminal must recover
 * from a scanner unplugged mid-shift without anybody restarting the app.
 */

export interface BackoffConfig {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffConfig = { initialDelayMs: 250, maxDelayMs: 10_000 };

/** An open device. `lost` settles once when the device goes away by itself, never because of `close()`. */
export interface DeviceSession {
  readonly lost: Promise<StateReason>;
  close(): Promise<void>;
}

/** Thrown by `connect` when no session could be made; `state` tells absent devices from broken ones. */
export class DeviceUnavailable extends Error {
  readonly state: Extract<ScanSourceState, 'disconnected' | 'error'>;
  readonly reason: StateReason;

  constructor(state: Extract<ScanSourceState, 'disconnected' | 'error'>, reason: StateReason) {
    super(reason.detail ?? reason.code ?? state);
    this.name = 'DeviceUnavailable';
    this.state = state;
    this.reason = reason;
  }
}

export interface ReconnectLoopOptions {
  readonly connect: () => Promise<DeviceSession>;
  readonly onState: (state: ScanSourceState, reason?: StateReason) => void;
  /** Called when a session is lost, before the reconnect delay; drop half-received data here. */
  readonly onLost: (reason: StateReason) => void;
  /** Called for a failure that is not a DeviceUnavailable: a bug or an unexpected OS error. */
  readonly describeFailure: (error: unknown) => StateReason;
  readonly backoff?: BackoffConfig | undefined;
}

export class ReconnectLoop {
  readonly #options: ReconnectLoopOptions;
  readonly #backoff: BackoffConfig;
  #isStopping = false;
  #running: Promise<void> | undefined;
  /** Settles when stop() is called, so waiting for a lost session can be cut short. */
  #stopRequested: Promise<undefined> = Promise.resolve(undefined);
  #requestStop: () => void = () => undefined;
  #wakeUp: (() => void) | undefined;

  constructor(options: ReconnectLoopOptions) {
    this.#options = options;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  start(): void {
    if (this.#running !== undefined) return;
    this.#isStopping = false;
    this.#stopRequested = new Promise((resolve) => {
      this.#requestStop = () => resolve(undefined);
    });
    this.#running = this.#run();
  }

  async stop(): Promise<void> {
    this.#isStopping = true;
    this.#requestStop();
    this.#wakeUp?.();
    // The loop closes its own session, so a session it is just receiving cannot slip past a stop().
    await this.#running;
    this.#running = undefined;
  }

  async #run(): Promise<void> {
    let delay = this.#backoff.initialDelayMs;
    this.#options.onState('connecting');
    while (!this.#isStopping) {
      const session = await this.#tryConnect();
      if (session !== undefined) {
        delay = this.#backoff.initialDelayMs;
        const reason = await Promise.race([session.lost, this.#stopRequested]);
        if (reason === undefined || this.#isStopping) {
          await session.close();
          break;
        }
        this.#options.onLost(reason);
        this.#options.onState('disconnected', reason);
        await session.close();
      }
      await this.#sleep(delay);
      delay = Math.min(delay * 2, this.#backoff.maxDelayMs);
    }
  }

  async #tryConnect(): Promise<DeviceSession | undefined> {
    const attempt = this.#options.connect();
    try {
      // An open can hang (a driver, a stuck USB hub); stop() must not hang with it.
      const session = await Promise.race([attempt, this.#stopRequested]);
      if (session === undefined || this.#isStopping) {
        void attempt.then(
          (late) => late.close(),
          () => undefined,
        );
        return undefined;
      }
      this.#options.onState('connected');
      return session;
    } catch (error) {
      if (error instanceof DeviceUnavailable) this.#options.onState(error.state, error.reason);
      else this.#options.onState('error', this.#options.describeFailure(error));
      return undefined;
    }
  }

  /** Waits `ms`, or less when stop() is called; leaves no timer behind either way. */
  #sleep(ms: number): Promise<void> {
    if (this.#isStopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wakeUp = undefined;
        resolve();
      }, ms);
      this.#wakeUp = () => {
        clearTimeout(timer);
        this.#wakeUp = undefined;
        resolve();
      };
    });
  }
}
