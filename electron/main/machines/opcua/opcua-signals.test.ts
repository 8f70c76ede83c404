import { describe, expect, it } from 'vitest';
import { DataType, coerceNodeId, type Variant } from './opcua-library';
import { readCounter, readRunning } from './opcua-signals';

const variant = (dataType: number, value: unknown, arrayType = 0) => ({ dataType, value, arrayType }) as Variant;
const EXECUTING = coerceNodeId('ns=4;i=5006');

describe('reading the running signal', () => {
  it.each([
    ['a Boolean true', variant(DataType.Boolean, true), {}, true],
    ['a Boolean false', variant(DataType.Boolean, false), {}, false],
    ['a number that is not 0', variant(DataType.Int32, 2), {}, true],
    ['a StateNumber 3 with runningValues [3]', variant(DataType.UInt32, 3), { runningValues: [3] }, true],
    ['a StateNumber 2 with runningValues [3]', variant(DataType.UInt32, 2), { runningValues: [3] }, false],
    ['a text in runningValues', variant(DataType.String, 'RUN'), { runningValues: ['RUN', 'AUTO'] }, true],
    [
      'a localized text',
      variant(DataType.LocalizedText, { text: 'Executing' }),
      { runningValues: ['Executing'] },
      true,
    ],
    [
      'a Boolean with runningValues [false] (a stop signal)',
      variant(DataType.Boolean, false),
      { runningValues: [false] },
      true,
    ],
    [
      'the Executing state id',
      variant(DataType.NodeId, coerceNodeId('ns=4;i=5006')),
      { executingState: EXECUTING },
      true,
    ],
    [
      'the NotExecuting state id',
      variant(DataType.NodeId, coerceNodeId('ns=4;i=5007')),
      { executingState: EXECUTING },
      false,
    ],
    [
      'i=5006 of another namespace',
      variant(DataType.NodeId, coerceNodeId('ns=3;i=5006')),
      { executingState: EXECUTING },
      false,
    ],
  ])('reads %s', (_, value, meaning, running) => {
    expect(readRunning(value, meaning)).toEqual({ ok: true, value: running });
  });

  it.each([
    ['no value', variant(DataType.Null, null), {}, 'no value'],
    ['a text without runningValues', variant(DataType.String, 'RUN'), {}, 'text without runningValues'],
    ['a state id on a server without the Machinery model', variant(DataType.NodeId, EXECUTING), {}, 'Machinery'],
    ['an array', variant(DataType.Boolean, [true, false], 1), {}, 'an array'],
    ['a date', variant(DataType.DateTime, new Date(0)), {}, 'DateTime'],
  ])('refuses %s with a reason', (_, value, meaning, problem) => {
    const reading = readRunning(value, meaning);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.problem).toContain(problem);
  });
});

describe('reading the raw counter', () => {
  it.each([
    ['a UInt16', variant(DataType.UInt16, 65_535), undefined, { value: 65_535, bits: 16 }],
    [
      'a negative Int16 (a PLC INT past 32767)',
      variant(DataType.Int16, -32_768),
      undefined,
      { value: 32_768, bits: 16 },
    ],
    ['a UInt32', variant(DataType.UInt32, 0xffffffff), undefined, { value: 0xffffffff, bits: 32 }],
    ['a negative Int32', variant(DataType.Int32, -1), undefined, { value: 0xffffffff, bits: 32 }],
    ['a UInt64 as [high, low]', variant(DataType.UInt64, [1, 5]), undefined, { value: 5, bits: 32 }],
    ['a whole Double', variant(DataType.Double, 2 ** 32 + 9), undefined, { value: 9, bits: 32 }],
    ['a UInt32 that wraps at 16 bits', variant(DataType.UInt32, 65_537), 16 as const, { value: 1, bits: 16 }],
  ])('reads %s', (_, value, bits, expected) => {
    expect(readCounter(value, bits)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a fraction', variant(DataType.Double, 1.5), 'Double'],
    ['a text', variant(DataType.String, '12'), 'String'],
    ['a Boolean', variant(DataType.Boolean, true), 'Boolean'],
    ['an array', variant(DataType.UInt32, [1, 2], 1), 'an array'],
    ['no value', variant(DataType.Null, null), 'no value'],
  ])('refuses %s with a reason', (_, value, problem) => {
    const reading = readCounter(value);
    expect(reading.ok).toBe(false);
    if (!reading.ok) expect(reading.problem).toContain(problem);
  });
});
