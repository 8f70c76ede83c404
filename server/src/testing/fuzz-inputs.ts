// Input generators for the server fuzz test: a seeded PRNG, random JSON, hostile nesting, and mutations of
// valid bodies. Deterministic for a seed, so a failure can be replayed.

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generators drawing from one seeded stream. */
export function createFuzzInputs(seed: number) {
  const random = mulberry32(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const chance = (p: number) => random() < p;

  const KEYS = [
    'terminalId',
    'epoch',
    'bookings',
    'id',
    'seq',
    'type',
    'payload',
    'stationId',
    'enrollmentCode',
    'orders',
    'operators',
    'mode',
    'delete',
    'dataset',
    'cursor',
    'limit',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    '',
    'ü',
    '0',
  ];

  function randomString(): string {
    switch (int(6)) {
      case 0:
        return '';
      case 1:
        return 'x'.repeat(int(5000));
      case 2:
        return String.fromCharCode(...Array.from({ length: int(40) }, () => int(0xd7ff)));
      case 3:
        return pick([
          'ST-10',
          'FA1000004',
          'quantity.good',
          'TEST-CODE',
          '__proto__',
          'null',
          '\u0000',
          '\ud800',
          '../../etc/passwd',
        ]);
      case 4:
        return `${int(1e9)}`;
      default:
        return Math.random().toString(36);
    }
  }

  function randomValue(depth: number): unknown {
    switch (int(depth > 4 ? 5 : 8)) {
      case 0:
        return null;
      case 1:
        return chance(0.5);
      case 2:
        return pick([0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MIN_VALUE, int(1000)]);
      case 3:
      case 4:
        return randomString();
      case 5:
        return Array.from({ length: int(6) }, () => randomValue(depth + 1));
      default:
        return Object.fromEntries(Array.from({ length: int(6) }, () => [pick(KEYS), randomValue(depth + 1)]));
    }
  }

  /** encodeURIComponent throws on lone surrogates; a fuzzer wants them sent anyway, byte by byte. */
  function percentEncode(text: string): string {
    try {
      return encodeURIComponent(text);
    } catch {
      return [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
    }
  }

  function deepNesting(): string {
    const depth = 1 + int(60_000);
    return pick([
      () => '['.repeat(depth) + ']'.repeat(depth),
      () => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
      () => '{"bookings":' + '['.repeat(depth) + ']'.repeat(depth) + ',"terminalId":"x","epoch":"e"}',
      () => '['.repeat(depth),
    ])();
  }

  /** A random edit somewhere inside a valid body: delete, replace, poison or duplicate. */
  function mutate(value: unknown): unknown {
    if (Array.isArray(value)) {
      if (value.length === 0 || chance(0.2)) return chance(0.5) ? randomValue(2) : [...value, ...value];
      const copy = [...value];
      const i = int(copy.length);
      copy[i] = mutate(copy[i]);
      return copy;
    }
    if (typeof value === 'object' && value !== null) {
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      const keys = Object.keys(copy);
      const key = pick(keys.length > 0 ? keys : ['x']);
      switch (int(5)) {
        case 0:
          delete copy[key];
          break;
        case 1:
          copy[key] = randomValue(3);
          break;
        case 2:
          Object.defineProperty(copy, pick(['__proto__', 'constructor']), {
            value: { polluted: true },
            enumerable: true,
          });
          break;
        case 3:
          copy[pick(KEYS)] = randomValue(3);
          break;
        default:
          copy[key] = mutate(copy[key]);
      }
      return copy;
    }
    return chance(0.5) ? randomValue(3) : value;
  }

  function bodyFor(
    valid: () => unknown,
    edit: (value: unknown) => unknown = mutate,
  ): { payload: string; contentType: string | undefined } {
    const kind = int(10);
    let payload: string;
    if (kind <= 3) payload = JSON.stringify(edit(valid()));
    else if (kind === 4) payload = JSON.stringify(randomValue(0));
    else if (kind === 5) payload = JSON.stringify(valid()).slice(0, int(200));
    else if (kind === 6) payload = chance(0.15) ? deepNesting() : JSON.stringify(mutate(mutate(valid())));
    else if (kind === 7) payload = chance(0.1) ? `"${'x'.repeat(2_100_000 + int(100_000))}"` : randomString();
    else if (kind === 8) payload = JSON.stringify(valid()).replace('{', '{"__proto__":{"isAdmin":true},');
    else payload = JSON.stringify(mutate(mutate(mutate(valid()))));
    const contentType = chance(0.9)
      ? 'application/json'
      : pick([
          undefined,
          'text/plain',
          'text/csv',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/json; charset=latin1',
        ]);
    return { payload, contentType };
  }

  return { int, pick, chance, randomString, randomValue, percentEncode, mutate, bodyFor };
}
