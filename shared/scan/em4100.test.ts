import { describe, expect, it } from 'vitest';
import { Em4100Decoder, type Em4100Event } from './em4100';
import { createPrng } from './prng.test-support';

const bytes = (text: string): Uint8Array => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

/** A module frame: STX, 10 hex digits, XOR checksum, optional tail (CR LF), ETX. */
function frame(uid: string, { checksum, tail = '' }: { checksum?: string; tail?: string } = {}): Uint8Array {
  const xor = (uid.match(/../g) ?? []).reduce((acc, pair) => acc ^ Number.parseInt(pair, 16), 0);
  const sum = checksum ?? xor.toString(16).padStart(2, '0').toUpperCase();
  return bytes(`\u0002${uid}${sum}${tail}\u0003`);
}

const concat = (...parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
const tag = (uid: string): Em4100Event => ({ kind: 'tag', uid });

describe('Em4100Decoder', () => {
  it('decodes the worked example 62E3086CED (checksum 08)', () => {
    expect(frame('62E3086CED')).toEqual(bytes('\u000262E3086CED08\u0003'));
    expect(new Em4100Decoder().push(frame('62E3086CED'))).toEqual([tag('62E3086CED')]);
  });

  it('accepts lowercase hex and a CR LF before ETX, and reports uppercase', () => {
    expect(new Em4100Decoder().push(frame('62e3086ced', { checksum: '08', tail: '\r\n' }))).toEqual([
      tag('62E3086CED'),
    ]);
  });

  it('reassembles a frame split at every possible position', () => {
    const whole = concat(frame('0F00A1B2C3'), frame('62E3086CED'));
    for (let cut = 0; cut <= whole.length; cut++) {
      const decoder = new Em4100Decoder();
      const events = [...decoder.push(whole.subarray(0, cut)), ...decoder.push(whole.subarray(cut))];
      expect(events, `cut at ${cut}`).toEqual([tag('0F00A1B2C3'), tag('62E3086CED')]);
    }
  });

  it('decodes byte-by-byte delivery (9600 baud, one byte per read)', () => {
    const decoder = new Em4100Decoder();
    const events = [...frame('62E3086CED')].flatMap((b) => decoder.push(Uint8Array.of(b)));
    expect(events).toEqual([tag('62E3086CED')]);
  });

  it('skips garbage between frames without reporting it', () => {
    const stream = concat(
      bytes('\u0000\u00ff garbage \r\n\u0003'),
      frame('62E3086CED'),
      bytes('\u0003\u0003xyz'),
      frame('0F00A1B2C3'),
    );
    expect(new Em4100Decoder().push(stream)).toEqual([tag('62E3086CED'), tag('0F00A1B2C3')]);
  });

  it('rejects a bad checksum and resyncs on the next STX', () => {
    const stream = concat(frame('62E3086CED', { checksum: '09' }), frame('62E3086CED'));
    expect(new Em4100Decoder().push(stream)).toEqual([
      { kind: 'error', code: 'em4100-checksum-mismatch' },
      tag('62E3086CED'),
    ]);
  });

  it.each([
    ['too few digits', bytes('\u000262E3086C08\u0003')],
    ['non-hex digit', bytes('\u000262E3086CEG08\u0003')],
    ['empty frame', bytes('\u0002\u0003')],
    ['binary inside', Uint8Array.of(0x02, 0x36, 0x32, 0x00, 0xff, 0x03)],
    ['CR in the middle', bytes('\u000262E30\r86CED08\u0003')],
  ])('rejects a malformed frame (%s)', (_name, stream) => {
    expect(new Em4100Decoder().push(concat(stream, frame('62E3086CED')))).toEqual([
      { kind: 'error', code: 'em4100-malformed-frame' },
      tag('62E3086CED'),
    ]);
  });

  it('reports a frame that lost its ETX when the next STX arrives, then decodes that frame', () => {
    const stream = concat(bytes('\u000262E30'), frame('0F00A1B2C3'));
    expect(new Em4100Decoder().push(stream)).toEqual([
      { kind: 'error', code: 'em4100-malformed-frame' },
      tag('0F00A1B2C3'),
    ]);
  });

  it('stops collecting an endless frame and reports it once', () => {
    const decoder = new Em4100Decoder();
    const events = decoder.push(
      concat(Uint8Array.of(0x02), new Uint8Array(100_000).fill(0x41), Uint8Array.of(0x03), frame('62E3086CED')),
    );
    expect(events).toEqual([{ kind: 'error', code: 'em4100-malformed-frame' }, tag('62E3086CED')]);
  });

  it('drops a half frame on reset (unplug)', () => {
    const decoder = new Em4100Decoder();
    decoder.push(bytes('\u000262E308'));
    decoder.reset();
    expect(decoder.push(bytes('6CED08\u0003'))).toEqual([]);
  });

  it('never throws and only reports valid tags or error codes on random bytes', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const prng = createPrng(seed);
      const noise = Uint8Array.from({ length: 4000 }, () =>
        prng.pick([0x02, 0x03, 0x0d, 0x30, 0x41, prng.int(0, 255)]),
      );
      const events = new Em4100Decoder().push(noise);
      for (const event of events) {
        if (event.kind === 'tag') expect(event.uid).toMatch(/^[0-9A-F]{10}$/);
        else expect(['em4100-malformed-frame', 'em4100-checksum-mismatch']).toContain(event.code);
      }
    }
  });
});
