import type { TerminalConnection } from './terminal-connection';

// Rotates the terminal token on a schedule (and on demand), so a token copied off a station stops working
// by itself. The connection does the safe part (keystore first, old token kept until the new one is
// accepted); this only decides when. It checks every hour rather than arming one long timer: Node's timers
// cannot wait 30 days, and a terminal that was off when a rotation was due rotates soon after it is back.

export const DEFAULT_TOKEN_ROTATION_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;

export type RotationResult = Awaited<ReturnType<TerminalConnection['rotateToken']>>;

export interface TokenRotationOptions {
  connection: Pick<TerminalConnection, 'rotateToken' | 'tokenRotatedAt'>;
  /** Days between rotations; 30 unless set. */
  everyDays?: number;
  /** How often to look whether a rotation is due; an hour unless set. */
  checkEveryMs?: number;
  now?: () => number;
  /** Told each rotation's result, e.g. for the log. */
  onResult?: (result: RotationResult) => void;
}

export function startTokenRotation(options: TokenRotationOptions) {
  const everyMs = (options.everyDays ?? DEFAULT_TOKEN_ROTATION_DAYS) * DAY_MS;
  const now = options.now ?? Date.now;
  let running: Promise<RotationResult> | undefined;

  function rotateNow(): Promise<RotationResult> {
    // One at a time: a second rotation in flight would replace the first one's pending token at once.
    running ??= options.connection.rotateToken().then(
      (result) => {
        running = undefined;
        options.onResult?.(result);
        return result;
      },
      () => {
        running = undefined;
        options.onResult?.('failed');
        return 'failed' as const;
      },
    );
    return running;
  }

  async function check(): Promise<RotationResult | 'not-due'> {
    const rotatedAt = options.connection.tokenRotatedAt();
    if (rotatedAt === null) return 'not-enrolled';
    return now() - rotatedAt >= everyMs ? rotateNow() : 'not-due';
  }

  const timer = setInterval(() => void check(), options.checkEveryMs ?? CHECK_EVERY_MS);
  return {
    /** Rotates now (e.g. an admin's request at the station), whatever the schedule says. */
    rotateNow,
    /** Rotates if the schedule says so; what the timer runs. */
    check,
    stop: () => clearInterval(timer),
  };
}

export type TokenRotation = ReturnType<typeof startTokenRotation>;
