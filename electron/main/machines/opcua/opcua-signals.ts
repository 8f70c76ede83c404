import { DataType, sameNodeId, type NodeId, type Variant } from './opcua-library';

/**
 * What a value read from the machine means for acquisition: the running signal and the raw piece counter.
 * Values the terminal cannot read as such are problems for plant IT, never guesses.
 */

export type Reading<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export type RunningValue = number | boolean | string;

export interface RunningMeaning {
  /** Values that mean running; without them a Boolean means itself and a number means running when not 0. */
  readonly runningValues?: readonly RunningValue[];
  /** OPC 40001's `Executing` state (MachineryItemState_StateMachineType), when the server has the Machinery model. */
  readonly executingState?: NodeId;
}

const SIXTEEN_BIT_TYPES: ReadonlySet<number> = new Set([
  DataType.SByte,
  DataType.Byte,
  DataType.Int16,
  DataType.UInt16,
]);
const THIRTY_TWO_BIT_TYPES: ReadonlySet<number> = new Set([DataType.Int32, DataType.UInt32]);
const SIXTY_FOUR_BIT_TYPES: ReadonlySet<number> = new Set([DataType.Int64, DataType.UInt64]);
const FLOAT_TYPES: ReadonlySet<number> = new Set([DataType.Float, DataType.Double]);

export function readRunning(variant: Variant, meaning: RunningMeaning): Reading<boolean> {
  const { dataType, value } = variant;
  if (variant.arrayType !== undefined && variant.arrayType !== 0) return refused(variant, 'an array');
  if (dataType === DataType.NodeId) {
    // A state machine's CurrentState/Id: the node of the state it is in.
    if (meaning.executingState === undefined)
      return refused(variant, 'a state id without the OPC 40001 Machinery model');
    return { ok: true, value: sameNodeId(value as NodeId, meaning.executingState) };
  }
  const plain = plainValue(variant);
  if (plain === undefined) return refused(variant, `a ${DataType[dataType] ?? dataType}`);
  if (meaning.runningValues !== undefined) return { ok: true, value: meaning.runningValues.includes(plain) };
  if (typeof plain === 'boolean') return { ok: true, value: plain };
  if (typeof plain === 'number') return { ok: true, value: plain !== 0 };
  return refused(variant, 'a text without runningValues');
}

export interface RawCount {
  readonly value: number;
  readonly bits: 16 | 32;
}

/** The raw counter and the width it wraps at: 8- and 16-bit types wrap at 2^16, wider ones are reported mod 2^32. */
export function readCounter(variant: Variant, bits?: 16 | 32): Reading<RawCount> {
  const { dataType, value } = variant;
  if (variant.arrayType !== undefined && variant.arrayType !== 0) return refused(variant, 'an array');
  let raw: number;
  let width: 16 | 32;
  if (SIXTEEN_BIT_TYPES.has(dataType) || THIRTY_TWO_BIT_TYPES.has(dataType)) {
    raw = value as number;
    width = SIXTEEN_BIT_TYPES.has(dataType) ? 16 : 32;
  } else if (SIXTY_FOUR_BIT_TYPES.has(dataType)) {
    // node-opcua hands 64-bit integers over as [high, low] 32-bit words; the low word is the value mod 2^32.
    raw = (value as [number, number])[1];
    width = 32;
  } else if (FLOAT_TYPES.has(dataType) && Number.isInteger(value)) {
    raw = value as number;
    width = 32;
  } else {
    return refused(variant, `a ${DataType[dataType] ?? dataType}`);
  }
  const wrapsAt = bits ?? width;
  const modulus = wrapsAt === 16 ? 0x1_0000 : 0x1_0000_0000;
  return { ok: true, value: { value: ((raw % modulus) + modulus) % modulus, bits: wrapsAt } };
}

function plainValue(variant: Variant): RunningValue | undefined {
  const { dataType, value } = variant;
  if (dataType === DataType.Boolean) return value as boolean;
  if (SIXTEEN_BIT_TYPES.has(dataType) || THIRTY_TWO_BIT_TYPES.has(dataType) || FLOAT_TYPES.has(dataType))
    return value as number;
  if (dataType === DataType.String) return value as string;
  if (dataType === DataType.LocalizedText) return (value as { text?: string | null }).text ?? '';
  return undefined;
}

function refused(variant: Variant, what: string): { ok: false; problem: string } {
  const shown = variant.dataType === DataType.Null ? 'no value' : what;
  return { ok: false, problem: `cannot be read: ${shown}` };
}
