import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight';

/** A task that finishes only when the test says so, so calls really overlap. */
function deferredTask<T>(value: T) {
  let finish: () => void = () => undefined;
  let runs = 0;
  const task = () => {
    runs++;
    return new Promise<T>((resolve) => {
      finish = () => resolve(value);
    });
  };
  return { task, finish: () => finish(), runs: () => runs };
}

describe('createSingleFlight', () => {
  it('runs an action once while it is saving, however often it is repeated', async () => {
    const flight = createSingleFlight();
    const save = deferredTask('booking');
    const calls = [1, 2, 3].map(() => flight.run('quantity.good', { quantity: 5 }, save.task));
    save.finish();
    expect(await Promise.all(calls)).toEqual(['booking', null, null]);
    expect(save.runs()).toBe(1);
  });

  it('ignores a repeat with other content too while the action is saving (one tap, one booking)', async () => {
    const flight = createSingleFlight();
    const save = deferredTask('booking');
    const first = flight.run('quantity.good', { quantity: 5 }, save.task);
    const second = flight.run('quantity.good', { quantity: 6 }, save.task);
    save.finish();
    expect(await Promise.all([first, second])).toEqual(['booking', null]);
  });

  it('per content, lets different content of one action save together but not the same twice', async () => {
    const flight = createSingleFlight();
    const lotA = deferredTask('A');
    const lotB = deferredTask('B');
    const perContent = { isPerContent: true };
    const calls = [
      flight.run('material.consume', { lot: 'A' }, lotA.task, perContent),
      flight.run('material.consume', { lot: 'B' }, lotB.task, perContent),
      flight.run('material.consume', { lot: 'A' }, lotA.task, perContent),
    ];
    lotA.finish();
    lotB.finish();
    expect(await Promise.all(calls)).toEqual(['A', 'B', null]);
    expect(lotA.runs()).toBe(1);
  });

  it('lets different actions save at the same time', async () => {
    const flight = createSingleFlight();
    const good = deferredTask('good');
    const downtime = deferredTask('downtime');
    const calls = [
      flight.run('quantity.good', { quantity: 5 }, good.task),
      flight.run('downtime.start', { reasonCode: 'D01' }, downtime.task),
    ];
    good.finish();
    downtime.finish();
    expect(await Promise.all(calls)).toEqual(['good', 'downtime']);
  });

  it('ignores the same action with the same content right after it saved, but not once the moment passed', async () => {
    let clock = 10_000;
    const flight = createSingleFlight({ now: () => clock, repeatWindowMs: 1_000 });
    let runs = 0;
    const task = () => Promise.resolve(++runs);
    expect(await flight.run('operation.resume', {}, task)).toBe(1);
    clock += 999;
    expect(await flight.run('operation.resume', {}, task)).toBeNull();
    expect(await flight.run('quantity.good', {}, task)).toBe(2);
    clock += 1;
    expect(await flight.run('operation.resume', {}, task)).toBe(3);
  });

  it('books other content of the same action right after a save', async () => {
    const flight = createSingleFlight({ now: () => 0 });
    let runs = 0;
    const task = () => Promise.resolve(++runs);
    expect(await flight.run('quantity.good', { quantity: 5 }, task)).toBe(1);
    expect(await flight.run('quantity.good', { quantity: 7 }, task)).toBe(2);
  });

  it('lets the operator try again at once after a save failed or threw', async () => {
    const flight = createSingleFlight({ now: () => 0 });
    expect(await flight.run('quantity.good', { quantity: 5 }, () => Promise.resolve(null))).toBeNull();
    await expect(flight.run('quantity.good', { quantity: 5 }, () => Promise.reject(new Error('disk')))).rejects.toThrow(
      'disk',
    );
    expect(await flight.run('quantity.good', { quantity: 5 }, () => Promise.resolve('saved'))).toBe('saved');
  });

  it('tells which actions are saving', async () => {
    const seen: string[][] = [];
    const flight = createSingleFlight({ onBusyChange: (busy) => seen.push([...busy]) });
    const save = deferredTask('booking');
    const call = flight.run('downtime.end', {}, save.task);
    expect(seen).toEqual([['downtime.end']]);
    save.finish();
    await call;
    expect(seen).toEqual([['downtime.end'], []]);
  });
});
