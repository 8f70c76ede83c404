import type { MachineConnectionStatus, MachineObservation } from '../collector';
import {
  SPARKPLUG_DATA_TYPE,
  decodeSparkplugPayload,
  type SparkplugMetric,
  type SparkplugValue,
} from './sparkplug-payload';

/**
 * What a Sparkplug host must remember about one edge node (Sparkplug 3.0, chapter 7): the birth (its bdSeq
 * and metric aliases), the message sequence, and whether the configured device is alive. Pure: it turns
 * (topic, payload, time) into observations and says when to ask the node to rebirth; the MQTT side lives in
 * sparkplug-collector.ts.
 */

export const SPARKPLUG_NAMESPACE = 'spBv1.0';
export const REBIRTH_METRIC = 'Node Control/Rebirth';

export interface SparkplugSignals {
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** Read DBIRTH/DDATA of this device; without it the node's own NBIRTH/NDATA metrics are read. */
  readonly deviceId?: string | undefined;
  /** A boolean metric, or a numeric/text state metric together with the values that mean "running". */
  readonly running: { readonly metric: string; readonly runningValues?: readonly (number | string)[] | undefined };
  readonly counter: { readonly metric: string };
}

export interface SessionUpdate {
  readonly observations: MachineObservation[];
  readonly status?: { readonly status: MachineConnectionStatus; readonly detail: string };
  /** Why a rebirth should be requested (a sequence gap, data before birth, a broken payload). */
  readonly rebirthReason?: string | undefined;
  /** An NBIRTH arrived: any rebirth requested so far has been answered. */
  readonly isNodeBirth?: boolean | undefined;
}

interface NodeBirth {
  readonly bdSeq: bigint | undefined;
  readonly aliases: Map<bigint, string>;
  nextSeq: number;
}

const NO_UPDATE: SessionUpdate = { observations: [] };

export class SparkplugNodeSession {
  readonly #signals: SparkplugSignals;
  #node: NodeBirth | undefined;
  #deviceAliases: Map<bigint, string> | undefined;

  constructor(signals: SparkplugSignals) {
    this.#signals = signals;
  }

  /** The broker link was lost or renewed: whatever happened meanwhile is unknown, so a new birth is needed. */
  forget(): void {
    this.#node = undefined;
    this.#deviceAliases = undefined;
  }

  receive(topic: string, payloadBytes: Uint8Array, at: number): SessionUpdate {
    const address = this.#parseTopic(topic);
    if (address === undefined) return NO_UPDATE;
    const { messageType, deviceId } = address;
    if (messageType === 'NCMD' || messageType === 'DCMD') return NO_UPDATE;

    let payload;
    try {
      payload = decodeSparkplugPayload(payloadBytes);
    } catch (error) {
      // A payload we cannot read may have carried a birth or a value: start over from a fresh birth.
      this.forget();
      const reason = `unreadable ${messageType}: ${(error as Error).message}`;
      return {
        observations: [],
        status: { status: 'connecting', detail: `waiting for NBIRTH (${reason})` },
        rebirthReason: reason,
      };
    }

    if (messageType === 'NBIRTH') return this.#nodeBirth(payload.seq, payload.metrics, at);
    if (messageType === 'NDEATH') return this.#nodeDeath(payload.metrics);

    const node = this.#node;
    if (node === undefined) return { observations: [], rebirthReason: `${messageType} before NBIRTH` };
    const gap = this.#checkSequence(node, payload.seq, messageType);

    const isOurDevice = deviceId !== undefined && deviceId === this.#signals.deviceId;
    let update: SessionUpdate = NO_UPDATE;
    if (messageType === 'NDATA' && this.#signals.deviceId === undefined) {
      update = { observations: this.#observe(payload.metrics, node.aliases, at) };
    } else if (messageType === 'DBIRTH' && isOurDevice) {
      this.#deviceAliases = aliasesOf(payload.metrics);
      update = {
        observations: this.#observe(payload.metrics, this.#deviceAliases, at),
        status: { status: 'connected', detail: 'DBIRTH' },
      };
    } else if (messageType === 'DDEATH' && isOurDevice) {
      this.#deviceAliases = undefined;
      update = { observations: [], status: { status: 'disconnected', detail: 'device offline (DDEATH)' } };
    } else if (messageType === 'DDATA' && isOurDevice) {
      if (this.#deviceAliases === undefined) return { observations: [], rebirthReason: 'DDATA before DBIRTH' };
      update = { observations: this.#observe(payload.metrics, this.#deviceAliases, at) };
    }
    return gap === undefined ? update : { ...update, rebirthReason: gap };
  }

  #parseTopic(topic: string): { messageType: string; deviceId?: string | undefined } | undefined {
    const parts = topic.split('/');
    if (parts.length < 4 || parts.length > 5) return undefined;
    const [namespace, groupId, messageType, edgeNodeId, deviceId] = parts;
    if (namespace !== SPARKPLUG_NAMESPACE || groupId !== this.#signals.groupId) return undefined;
    if (edgeNodeId !== this.#signals.edgeNodeId || messageType === undefined) return undefined;
    const isDeviceMessage = messageType.startsWith('D');
    if (isDeviceMessage !== (deviceId !== undefined)) return undefined;
    return { messageType, deviceId };
  }

  #nodeBirth(seq: number | undefined, metrics: readonly SparkplugMetric[], at: number): SessionUpdate {
    const bdSeq = metrics.find((m) => m.name === 'bdSeq')?.value;
    const aliases = aliasesOf(metrics);
    this.#node = { bdSeq: toBigInt(bdSeq), aliases, nextSeq: ((seq ?? 0) + 1) % 256 };
    // A node's rebirth is followed by its devices' births; the old device aliases are void.
    this.#deviceAliases = undefined;
    if (this.#signals.deviceId !== undefined) {
      return {
        observations: [],
        status: { status: 'connecting', detail: 'NBIRTH, waiting for DBIRTH' },
        isNodeBirth: true,
      };
    }
    return {
      observations: this.#observe(metrics, aliases, at),
      status: { status: 'connected', detail: 'NBIRTH' },
      isNodeBirth: true,
    };
  }

  #nodeDeath(metrics: readonly SparkplugMetric[]): SessionUpdate {
    const bdSeq = toBigInt(metrics.find((m) => m.name === 'bdSeq')?.value);
    // A late will from an earlier session must not kill the current one (its bdSeq differs).
    if (this.#node?.bdSeq !== undefined && bdSeq !== undefined && bdSeq !== this.#node.bdSeq) return NO_UPDATE;
    this.forget();
    return { observations: [], status: { status: 'disconnected', detail: 'edge node offline (NDEATH)' } };
  }

  #checkSequence(node: NodeBirth, seq: number | undefined, messageType: string): string | undefined {
    const expected = node.nextSeq;
    // Resynchronise on what arrived: the values are absolute, so reading on loses nothing while the rebirth is under way.
    node.nextSeq = ((seq ?? expected) + 1) % 256;
    if (seq === expected) return undefined;
    return `${messageType} seq ${seq ?? 'missing'}, expected ${expected}`;
  }

  #observe(metrics: readonly SparkplugMetric[], aliases: Map<bigint, string>, at: number): MachineObservation[] {
    const observations: MachineObservation[] = [];
    for (const metric of metrics) {
      const name = metric.name ?? (metric.alias === undefined ? undefined : aliases.get(metric.alias));
      if (name === undefined || metric.value === undefined) continue;
      if (name === this.#signals.running.metric) {
        const running = this.#isRunning(metric.value);
        if (running !== undefined) observations.push({ kind: 'state', running, at });
      }
      if (name === this.#signals.counter.metric) {
        const counter = counterOf(metric.value, metric.datatype);
        if (counter !== undefined) observations.push({ kind: 'counter', ...counter, at });
      }
    }
    return observations;
  }

  #isRunning(value: SparkplugValue): boolean | undefined {
    const { runningValues } = this.#signals.running;
    if (typeof value === 'boolean') return value;
    if (runningValues === undefined) return typeof value === 'string' ? undefined : Number(value) !== 0;
    return runningValues.includes(typeof value === 'bigint' ? Number(value) : value);
  }
}

function aliasesOf(metrics: readonly SparkplugMetric[]): Map<bigint, string> {
  const aliases = new Map<bigint, string>();
  for (const metric of metrics)
    if (metric.alias !== undefined && metric.name !== undefined) aliases.set(metric.alias, metric.name);
  return aliases;
}

function toBigInt(value: SparkplugValue | undefined): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/**
 * A 16-bit counter wraps at 2^16; anything wider is reported modulo 2^32, which keeps the counter arithmetic
 * exact (differences of a 64-bit counter modulo 2^32 are its differences as long as fewer than 2^32 pieces
 * pass between two reports). 8-bit counters wrap too often to count pieces and are read as 32-bit.
 */
function counterOf(value: SparkplugValue, datatype: number | undefined): { value: number; bits: 16 | 32 } | undefined {
  if (typeof value === 'boolean' || typeof value === 'string') return undefined;
  if (typeof value === 'number' && !Number.isInteger(value)) return undefined;
  const bits = datatype === SPARKPLUG_DATA_TYPE.Int16 || datatype === SPARKPLUG_DATA_TYPE.UInt16 ? 16 : 32;
  return { value: Number(BigInt.asUintN(bits, BigInt(value))), bits };
}
