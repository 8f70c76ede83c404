import { describe, expect, it } from 'vitest';
import { createPrng, type Prng } from './prng.test-support';
import { WedgeDetector, type WedgeDetectorConfig, type WedgeKeyEvent, type WedgeOutput } from './wedge-detector';

const GS = '\u001d';

type Item = { kind: 'typed'; key: string } | { kind: 'scan'; text: string };

/** Flattens detector output so order across scans and typed keys can be compared item by item. */
function flatten(outputs: readonly WedgeOutput[]): Item[] {
  return outputs.flatMap((o): Item[] => (o.kind === 'scan' ? [o] : o.keys.map((k) => ({ kind: 'typed', key: k.key }))));
}

function keysAt(keys: readonly string[], start: number, stepMs: number): WedgeKeyEvent[] {
  return keys.map((key, i) => ({ key, at: start + i * stepMs }));
}

function run(detector: WedgeDetector, events: readonly WedgeKeyEvent[], endAt?: number): WedgeOutput[] {
  const out = events.flatMap((e) => detector.feed(e));
  const last = events.at(-1)?.at ?? 0;
  return [...out, ...detector.tick(endAt ?? last + 1000)];
}

describe('WedgeDetector', () => {
  it('recognises a scan at 1 ms per key with an Enter suffix, committing on the suffix', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const events = keysAt([...'4012345678901', 'Enter'], 1000, 1);
    const out = events.flatMap((e) => detector.feed(e));
    expect(out).toEqual([{ kind: 'scan', text: '4012345678901' }]);
    expect(detector.nextDeadline()).toBeUndefined();
  });

  it('keeps every character when many keys share one timestamp', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const out = run(detector, keysAt([...`]C1010401234567890110LOT${GS}21SER`, 'Enter'], 5, 0));
    expect(out).toEqual([{ kind: 'scan', text: `]C1010401234567890110LOT${GS}21SER` }]);
  });

  it('returns slow human keys as typed, each after its silence, with the original event objects', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const a = { key: 'a', at: 0 };
    const b = { key: 'b', at: 150 };
    expect(detector.feed(a)).toEqual([]);
    expect(detector.nextDeadline()).toBe(50);
    expect(detector.tick(49)).toEqual([]);
    const first = detector.tick(50);
    expect(first).toEqual([{ kind: 'typed', keys: [a] }]);
    expect(first[0]?.kind === 'typed' && first[0].keys[0]).toBe(a);
    expect(detector.feed(b)).toEqual([]);
    expect(detector.flush()).toEqual([{ kind: 'typed', keys: [b] }]);
  });

  it('treats a fast human roll of two keys as typing (shorter than minLength)', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    expect(flatten(run(detector, keysAt(['t', 'h', 'Enter'], 0, 12)))).toEqual([
      { kind: 'typed', key: 't' },
      { kind: 'typed', key: 'h' },
      { kind: 'typed', key: 'Enter' },
    ]);
  });

  it('requires the configured suffix: a fast burst without it is typed', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    expect(flatten(run(detector, keysAt([...'ABCDEF'], 0, 2))).map((i) => i.kind)).toEqual(Array(6).fill('typed'));
  });

  it('uses silence as the terminator when no suffix is configured, and still commits on Enter or Tab', () => {
    const silence = new WedgeDetector();
    expect(run(silence, keysAt([...'ORDER-4711'], 0, 3))).toEqual([{ kind: 'scan', text: 'ORDER-4711' }]);
    const enter = new WedgeDetector();
    expect(keysAt([...'ORDER-4711', 'Tab'], 0, 3).flatMap((e) => enter.feed(e))).toEqual([
      { kind: 'scan', text: 'ORDER-4711' },
    ]);
  });

  it('keeps the non-suffix one of Enter/Tab as data', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    expect(run(detector, keysAt([...'AB', 'Tab', ...'CD', 'Enter'], 0, 1))).toEqual([{ kind: 'scan', text: 'AB\tCD' }]);
  });

  it('splits off a human key that landed in the same burst just before the prefix', () => {
    const detector = new WedgeDetector({ prefix: '$$', suffix: 'Enter' });
    const events = [{ key: 'x', at: 0 }, ...keysAt([...'$$12345', 'Enter'], 20, 2)];
    expect(flatten(run(detector, events))).toEqual([
      { kind: 'typed', key: 'x' },
      { kind: 'scan', text: '12345' },
    ]);
  });

  it('rejects a burst without the configured prefix', () => {
    const detector = new WedgeDetector({ prefix: '$', suffix: 'Enter' });
    expect(flatten(run(detector, keysAt([...'12345', 'Enter'], 0, 2))).every((i) => i.kind === 'typed')).toBe(true);
  });

  it('passes other named keys through in order and never puts them in a scan', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const events = [{ key: 'a', at: 0 }, { key: 'Backspace', at: 5 }, ...keysAt([...'1234', 'Enter'], 200, 1)];
    expect(flatten(run(detector, events))).toEqual([
      { kind: 'typed', key: 'a' },
      { kind: 'typed', key: 'Backspace' },
      { kind: 'scan', text: '1234' },
    ]);
  });

  it('treats key names that are prototype properties as ordinary named keys', () => {
    const detector = new WedgeDetector();
    const events = ['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((key, i) => ({ key, at: i }));
    expect(flatten(run(detector, events))).toEqual(events.map(({ key }) => ({ kind: 'typed', key })));
    expect(() => new WedgeDetector({ suffix: 'constructor' })).toThrow(RangeError);
  });

  it('does not split a scan when the clock steps backwards inside it', () => {
    const detector = new WedgeDetector({ suffix: 'Enter' });
    const events = [...keysAt([...'ABC'], 1000, 1), ...keysAt([...'DEF', 'Enter'], 900, 1)];
    expect(run(detector, events)).toEqual([{ kind: 'scan', text: 'ABCDEF' }]);
  });

  it('releases a flood longer than maxLength as typed without losing a key', () => {
    const detector = new WedgeDetector({ maxLength: 10, suffix: 'Enter' });
    const keys = [...'x'.repeat(25)];
    const items = flatten(run(detector, keysAt(keys, 0, 1)));
    expect(items).toEqual(keys.map((key) => ({ kind: 'typed', key })));
  });

  it('ignores a tick before the silence deadline and a tick with nothing held', () => {
    const detector = new WedgeDetector();
    expect(detector.tick(1_000_000)).toEqual([]);
    detector.feed({ key: '1', at: 0 });
    expect(detector.tick(49)).toEqual([]);
  });

  it.each<[Partial<WedgeDetectorConfig>]>([
    [{ maxInterKeyMs: 60, endSilenceMs: 50 }],
    [{ maxInterKeyMs: -1 }],
    [{ minLength: 0 }],
    [{ minLength: 10, maxLength: 10 }],
    [{ suffix: 'Escape' }],
    [{ endSilenceMs: Number.NaN }],
  ])('rejects an unsafe config %j', (config) => {
    expect(() => new WedgeDetector(config)).toThrow(RangeError);
  });
});

/** A random session of human keystrokes (80-300 ms apart) with scans (0-maxScanGap ms per key) in between. */
function randomSession(
  prng: Prng,
  config: Partial<WedgeDetectorConfig>,
  maxScanGap: number,
): { events: WedgeKeyEvent[]; expected: Item[] } {
  const humanKeys = [...'abcxyzABC019 -./', 'Backspace', config.suffix === undefined ? 'Enter' : 'Tab'];
  const scanChars = [
    ...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdef-./:]',
    GS,
    ...(config.suffix === 'Enter' ? ['Tab'] : []),
  ];
  const events: WedgeKeyEvent[] = [];
  const expected: Item[] = [];
  let at = prng.int(0, 1000);
  let previous: 'human' | 'scan' | undefined;
  for (let segment = prng.int(10, 40); segment > 0; segment--) {
    const kind = prng.next() < 0.7 ? 'human' : 'scan';
    // Human keys are 80-300 ms apart; next to a scan the gap only has to exceed maxInterKeyMs (30).
    if (previous !== undefined) at += kind === 'human' && previous === 'human' ? prng.int(80, 300) : prng.int(31, 300);
    previous = kind;
    if (kind === 'human') {
      const key = prng.pick(humanKeys);
      events.push({ key, at });
      expected.push({ kind: 'typed', key });
      continue;
    }
    const body = Array.from({ length: prng.int(4, 48) }, () => prng.pick(scanChars));
    const keys = [...(config.prefix ?? ''), ...body, ...(config.suffix === undefined ? [] : [config.suffix])];
    keys.forEach((key, i) => {
      if (i > 0) at += prng.int(0, maxScanGap);
      events.push({ key, at });
    });
    expected.push({ kind: 'scan', text: body.map((k) => (k === 'Tab' ? '\t' : k)).join('') });
  }
  return { events, expected };
}

/** Feeds events and timer ticks (every 1-40 ms) in time order, as the Electron main process would. */
function runWithTicks(prng: Prng, detector: WedgeDetector, events: readonly WedgeKeyEvent[]): WedgeOutput[] {
  const out: WedgeOutput[] = [];
  let tickAt = (events[0]?.at ?? 0) + prng.int(1, 40);
  for (const event of events) {
    while (tickAt < event.at || (tickAt === event.at && prng.next() < 0.5)) {
      out.push(...detector.tick(tickAt));
      tickAt += prng.int(1, 40);
    }
    out.push(...detector.feed(event));
  }
  out.push(...detector.tick((events.at(-1)?.at ?? 0) + 1000));
  return out;
}

describe('WedgeDetector property: interleaved human typing and scans', () => {
  // 5 ms is a USB scanner (1 ms is covered by the 0-5 range); 30 ms is a slow Bluetooth one at the limit.
  const cases: [string, Partial<WedgeDetectorConfig>, number][] = [
    ['Enter suffix, USB speed', { suffix: 'Enter' }, 5],
    ['no suffix (silence), USB speed', {}, 5],
    ['prefix and Tab suffix, USB speed', { prefix: '#', suffix: 'Tab' }, 5],
    ['Enter suffix, keys up to maxInterKeyMs apart', { suffix: 'Enter' }, 30],
    ['no suffix, keys up to maxInterKeyMs apart', {}, 30],
  ];

  it.each(cases)(
    'recognises every scan exactly once and replays typed keys exactly (%s)',
    (_name, config, maxScanGap) => {
      for (let seed = 1; seed <= 300; seed++) {
        const prng = createPrng(seed);
        const { events, expected } = randomSession(prng, config, maxScanGap);
        const items = flatten(runWithTicks(prng, new WedgeDetector(config), events));
        expect(items, `seed ${seed}`).toEqual(expected);
      }
    },
  );
});

describe('WedgeDetector: keys typed into a text field', () => {
  const intoField = (events: readonly WedgeKeyEvent[]): WedgeKeyEvent[] =>
    events.map((event) => ({ ...event, intoTextField: true }));

  it('leaves a person typing a note at 15 ms per key with a final Enter as typing', () => {
    const detector = new WedgeDetector();
    const keys = [...'Spindel warm', 'Enter'];
    const out = flatten(run(detector, intoField(keysAt(keys, 0, 15))));
    expect(out).toEqual(keys.map((key) => ({ kind: 'typed', key })));
  });

  it('still takes a scanner burst at 2 ms per key out of the field', () => {
    const detector = new WedgeDetector();
    const out = run(detector, intoField(keysAt([...'FA1000004', 'Enter'], 0, 2)));
    expect(out).toEqual([{ kind: 'scan', text: 'FA1000004' }]);
  });

  it('keeps a scan whose keys a busy machine delayed twice by 20 ms a scan', () => {
    const detector = new WedgeDetector();
    const times = [0, 2, 4, 24, 26, 28, 48, 50, 52, 54];
    const events = [...'FA1000004', 'Enter'].map((key, i) => ({ key, at: times[i] ?? 0 }));
    expect(run(detector, intoField(events))).toEqual([{ kind: 'scan', text: 'FA1000004' }]);
  });

  it('needs the terminator in a text field: a fast burst ended by silence is typing', () => {
    const detector = new WedgeDetector();
    const keys = [...'FA1000004'];
    expect(flatten(run(detector, intoField(keysAt(keys, 0, 2))))).toEqual(keys.map((key) => ({ kind: 'typed', key })));
  });

  it('keeps the same 15 ms burst a scan outside a text field, as before', () => {
    const detector = new WedgeDetector();
    expect(run(detector, keysAt([...'FA1000004', 'Enter'], 0, 15))).toEqual([{ kind: 'scan', text: 'FA1000004' }]);
  });
});
