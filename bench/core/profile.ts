import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession } from '@playwright/test';
import type { BenchContext } from './cases';

// With --profile, the measured phase of a page case is recorded with the V8 CPU profiler over CDP (the
// same data as a Chromium performance trace's JS samples); open the .cpuprofile in Chrome DevTools.

export async function withPageProfile<T>(
  ctx: BenchContext,
  cdp: Pick<CDPSession, 'send'>,
  name: string,
  work: () => Promise<T>,
): Promise<T> {
  if (!ctx.profileDir) return work();
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    fs.mkdirSync(ctx.profileDir, { recursive: true });
    const file = path.join(ctx.profileDir, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    ctx.log(`profile written: ${path.relative(process.cwd(), file)}`);
  }
}

/** The server's --cpu-prof folder for a case, when profiling. */
export function serverProfileDir(ctx: BenchContext, name: string): string | undefined {
  return ctx.profileDir ? path.join(ctx.profileDir, `server-${name}`) : undefined;
}
