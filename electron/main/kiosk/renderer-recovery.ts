// A crashed or hung renderer is reloaded, but not forever: a page that dies at every start would otherwise
// loop, flashing at the operator. After `maxReloads` within `windowMs` the recovery screen is shown instead.

export type RecoveryAction = 'reload' | 'show-recovery';

export interface RecoveryPolicyOptions {
  maxReloads: number;
  windowMs: number;
}

export function createRecoveryPolicy(options: RecoveryPolicyOptions): (now: number) => RecoveryAction {
  const reloads: number[] = [];
  return (now) => {
    while (reloads.length > 0 && now - reloads[0]! >= options.windowMs) reloads.shift();
    if (reloads.length >= options.maxReloads) return 'show-recovery';
    reloads.push(now);
    return 'reload';
  };
}
