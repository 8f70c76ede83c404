import fs from 'node:fs';

// CPU time (user + system) of processes, read from /proc: how a throughput figure splits over the processes
// that made it (servers, database, load generators), so a figure measured with everything on one small machine
// also says what each part would need on machines of its own. Linux only; elsewhere every reading is null.

/** USER_HZ: /proc counts CPU time in ticks of 10 ms on every Linux the bench runs on. */
const TICK_MS = 10;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself. */
  ownMs: number;
  /** cutime + cstime: its children that have exited and were waited for. */
  exitedChildrenMs: number;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces; the fields after it are fixed.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const tick = (index: number) => Number(fields[index]) * TICK_MS;
  return { ppid: Number(fields[1]), ownMs: tick(11) + tick(12), exitedChildrenMs: tick(13) + tick(14) };
}

/** The parent of a process, or null when it is gone (or there is no /proc). */
export function parentPid(pid: number): number | null {
  return readStat(pid)?.ppid ?? null;
}

/** CPU time of one process so far, in ms, or null when it is gone (or there is no /proc). */
export function processCpuMs(pid: number): number | null {
  return readStat(pid)?.ownMs ?? null;
}

/**
 * CPU time of a process and all its descendants so far, in ms (live ones read one by one, exited ones from
 * the parent's account): for PostgreSQL the postmaster and its backends, walwriter, autovacuum workers.
 */
export function processTreeCpuMs(rootPid: number): number | null {
  const root = readStat(rootPid);
  if (!root) return null;
  const childrenOf = new Map<number, number[]>();
  const stats = new Map<number, ProcStat>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    stats.set(Number(entry), stat);
    childrenOf.set(stat.ppid, [...(childrenOf.get(stat.ppid) ?? []), Number(entry)]);
  }
  let total = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    const stat = pid === rootPid ? root : stats.get(pid);
    if (!stat) continue;
    total += stat.ownMs + stat.exitedChildrenMs;
    pending.push(...(childrenOf.get(pid) ?? []));
  }
  return total;
}
