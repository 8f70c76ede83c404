import { describe, expect, it } from 'vitest';
import { LineFramer, type LineFramerConfig, type LineFramerEvent } from './line-framer';
import { createPrng } from './prng.test-support';

const bytes = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
const text = (frame: Uint8Array): string => String.fromCharCode(...frame);

/** Frames as strings and errors as codes, so expectations read like the wire. */
function readable(events: readonly LineFramerEvent[]): string[] {
  return events.map((e) => (e.kind === 'frame' ? text(e.bytes) : `!${e.code}`));
}

function feed(config: LineFramerConfig, chunks: readonly string[], now = 0): string[] {
  const framer = new LineFramer(config);
  return readable(chunks.flatMap((c) => framer.push(bytes(c), now)));
}

describe('LineFramer terminators', () => {
  it.each<[LineFramerConfig['terminator'], string, string[]]>([
    ['cr', 'A1\rB2\r', ['A1', 'B2']],
    ['cr', 'A1\r\nB2\r\n', ['A1', 'B2']],
    ['cr', 'A1\nB2\r', ['A1\nB2']],
    ['lf', 'A1\nB2\n', ['A1', 'B2']],
    ['lf', 'A1\r\nB2\r\n', ['A1', 'B2']],
    ['lf', 'A\r1\n', ['A\r1']],
    ['crlf', 'A1\r\nB2\r\n', ['A1', 'B2']],
    ['crlf', 'A\r1\nB\r\n', ['A\r1\nB']],
    ['crlf', 'A\r\r\n', ['A\r']],
    ['stx-etx', '\u0002A1\u0003\u0002B2\u0003', ['A1', 'B2']],
    ['stx-etx', 'noise\u0002A1\u0003\r\n\u0003\u0002B2\u0003', ['A1', 'B2']],
  ])('%s splits %j into %j', (terminator, stream, expected) => {
    expect(feed({ terminator }, [stream])).toEqual(expected);
  });

  it('keeps GS and 8-bit bytes inside a frame', () => {
    const framer = new LineFramer({ terminator: 'cr' });
    const [event] = framer.push(Uint8Array.of(0x5d, 0x43, 0x31, 0x1d, 0x00, 0xff, 0x0d), 0);
    expect(event).toEqual({ kind: 'frame', bytes: Uint8Array.of(0x5d, 0x43, 0x31, 0x1d, 0x00, 0xff) });
  });

  it.each<[LineFramerConfig['terminator'], string]>([
    ['cr', 'ORDER-1\rOP-0010\r'],
    ['lf', 'ORDER-1\nOP-0010\n'],
    ['crlf', 'ORDER-1\r\nOP-0010\r\n'],
    ['stx-etx', '\u0002ORDER-1\u0003\u0002OP-0010\u0003'],
  ])('%s reassembles frames split at every position', (terminator, wire) => {
    for (let cut = 0; cut <= wire.length; cut++) {
      expect(feed({ terminator }, [wire.slice(0, cut), wire.slice(cut)]), `cut ${cut}`).toEqual(['ORDER-1', 'OP-0010']);
    }
  });

  it('drops empty frames', () => {
    expect(feed({ terminator: 'cr' }, ['\r\r\r\n\rA\r'])).toEqual(['A']);
    expect(feed({ terminator: 'lf' }, ['\n\r\n\n'])).toEqual([]);
    expect(feed({ terminator: 'stx-etx' }, ['\u0002\u0003\u0002\u0003'])).toEqual([]);
  });

  it('reports an STX frame cut short by the next STX, and keeps the new one', () => {
    expect(feed({ terminator: 'stx-etx' }, ['\u0002LOST\u0002A1\u0003'])).toEqual(['!frame-incomplete', 'A1']);
  });
});

describe('LineFramer maximum length', () => {
  it('accepts a frame of exactly maxFrameLength, also with CRLF', () => {
    expect(feed({ terminator: 'lf', maxFrameLength: 4 }, ['ABCD\r\n'])).toEqual(['ABCD']);
    expect(feed({ terminator: 'crlf', maxFrameLength: 4 }, ['ABCD\r\n'])).toEqual(['ABCD']);
    expect(feed({ terminator: 'cr', maxFrameLength: 4 }, ['ABCD\r'])).toEqual(['ABCD']);
  });

  it.each<[LineFramerConfig['terminator'], string]>([
    ['cr', '\r'],
    ['lf', '\n'],
    ['crlf', '\r\n'],
  ])('%s rejects one byte too many, and the next frame survives', (terminator, end) => {
    expect(feed({ terminator, maxFrameLength: 4 }, [`ABCDE${end}OK${end}`])).toEqual(['!frame-too-long', 'OK']);
  });

  it('reports a huge frame once and never emits its tail', () => {
    const framer = new LineFramer({ terminator: 'cr', maxFrameLength: 64 });
    const huge = new Uint8Array(1_000_000).fill(0x41);
    const events = [...framer.push(huge, 0), ...framer.push(huge, 0), ...framer.push(bytes('TAIL\rNEXT\r'), 0)];
    expect(readable(events)).toEqual(['!frame-too-long', 'NEXT']);
  });

  it('skips an overlong STX frame up to ETX, or restarts at the next STX', () => {
    expect(feed({ terminator: 'stx-etx', maxFrameLength: 3 }, ['\u0002ABCDEF\u0003\u0002OK\u0003'])).toEqual([
      '!frame-too-long',
      'OK',
    ]);
    expect(feed({ terminator: 'stx-etx', maxFrameLength: 3 }, ['\u0002ABCDEF\u0002OK\u0003'])).toEqual([
      '!frame-too-long',
      'OK',
    ]);
  });
});

describe('LineFramer inter-byte timeout', () => {
  it("ends 'none' frames after the silence, driven by flush(now)", () => {
    const framer = new LineFramer({ terminator: 'none', interByteTimeoutMs: 50 });
    expect(framer.push(bytes('4006'), 0)).toEqual([]);
    expect(framer.push(bytes('381333931'), 10)).toEqual([]);
    expect(framer.nextDeadline()).toBe(60);
    expect(framer.flush(59)).toEqual([]);
    expect(readable(framer.flush(60))).toEqual(['4006381333931']);
    expect(framer.nextDeadline()).toBeUndefined();
    expect(framer.flush(1000)).toEqual([]);
  });

  it('ends the old frame when bytes arrive after the deadline even if the timer fired late', () => {
    const framer = new LineFramer({ terminator: 'none', interByteTimeoutMs: 50 });
    framer.push(bytes('FIRST'), 0);
    expect(readable(framer.push(bytes('SECOND'), 80))).toEqual(['FIRST']);
    expect(readable(framer.flush(130))).toEqual(['SECOND']);
  });

  it('uses the timeout as a fallback for a lost suffix', () => {
    const framer = new LineFramer({ terminator: 'cr', interByteTimeoutMs: 100 });
    expect(readable(framer.push(bytes('A1\rB2'), 0))).toEqual(['A1']);
    expect(readable(framer.flush(100))).toEqual(['B2']);
  });

  it('reports an STX frame that never got its ETX', () => {
    const framer = new LineFramer({ terminator: 'stx-etx', interByteTimeoutMs: 100 });
    framer.push(bytes('\u0002HALF'), 0);
    expect(readable(framer.flush(100))).toEqual(['!frame-incomplete']);
    expect(readable(framer.push(bytes('\u0002OK\u0003'), 150))).toEqual(['OK']);
  });

  it('ends skipping an overlong frame at the silence', () => {
    const framer = new LineFramer({ terminator: 'none', interByteTimeoutMs: 20, maxFrameLength: 3 });
    expect(readable(framer.push(bytes('TOOLONG'), 0))).toEqual(['!frame-too-long']);
    expect(framer.flush(20)).toEqual([]);
    framer.push(bytes('OK'), 30);
    expect(readable(framer.flush(50))).toEqual(['OK']);
  });

  it('has no deadline without a timeout and ignores empty chunks', () => {
    const framer = new LineFramer({ terminator: 'cr' });
    framer.push(bytes('A'), 0);
    expect(framer.nextDeadline()).toBeUndefined();
    expect(framer.push(new Uint8Array(0), 10)).toEqual([]);
  });

  it('forgets a partial frame on reset', () => {
    const framer = new LineFramer({ terminator: 'cr', interByteTimeoutMs: 10 });
    framer.push(bytes('PART'), 0);
    framer.reset();
    expect(framer.nextDeadline()).toBeUndefined();
    expect(readable(framer.push(bytes('NEW\r'), 1))).toEqual(['NEW']);
  });
});

describe('LineFramer hostile input', () => {
  it.each<LineFramerConfig>([
    { terminator: 'none' },
    { terminator: 'cr', interByteTimeoutMs: 0 },
    { terminator: 'cr', maxFrameLength: 0 },
    { terminator: 'cr', maxFrameLength: 1.5 },
  ])('rejects config %j', (config) => {
    expect(() => new LineFramer(config)).toThrow(RangeError);
  });

  it.each<LineFramerConfig['terminator']>(['cr', 'lf', 'crlf', 'stx-etx'])(
    '%s: random binary never yields an empty or overlong frame',
    (terminator) => {
      for (let seed = 1; seed <= 15; seed++) {
        const prng = createPrng(seed);
        const framer = new LineFramer({ terminator, maxFrameLength: 32, interByteTimeoutMs: 25 });
        let now = 0;
        for (let chunk = 0; chunk < 200; chunk++) {
          now += prng.int(0, 30);
          const data = Uint8Array.from({ length: prng.int(0, 40) }, () =>
            prng.pick([0x02, 0x03, 0x0a, 0x0d, prng.int(0, 255)]),
          );
          for (const event of [...framer.push(data, now), ...framer.flush(now)]) {
            if (event.kind === 'frame') expect(event.bytes.length).toBeGreaterThan(0);
            if (event.kind === 'frame') expect(event.bytes.length).toBeLessThanOrEqual(32);
          }
        }
      }
    },
  );
});
