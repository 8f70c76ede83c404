import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parentPid, processCpuMs, processTreeCpuMs } from '../../bench/core/process-cpu';

describe.skipIf(process.platform !== 'linux')('process CPU from /proc', () => {
  it('counts a busy child inside its parent tree, and says null for a process that is gone', async () => {
    const before = processTreeCpuMs(process.pid) as number;
    // The child spins until it has used 300 ms of CPU by its own account, then idles.
    const child = spawn(process.execPath, [
      '-e',
      'const s = process.cpuUsage(); while ((process.cpuUsage(s).user + process.cpuUsage(s).system) < 300_000) {} setInterval(() => {}, 1000)',
    ]);
    const pid = child.pid as number;
    expect(parentPid(pid)).toBe(process.pid);
    let own = 0;
    while (own < 300) {
      own = processCpuMs(pid) ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const tree = processTreeCpuMs(process.pid) as number;
    expect(tree - before).toBeGreaterThanOrEqual(own);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(processCpuMs(pid)).toBeNull();
    expect(parentPid(pid)).toBeNull();
  });
});
