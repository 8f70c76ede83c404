import { connect, type MqttClient } from 'mqtt';
import {
  SPARKPLUG_DATA_TYPE,
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  type SparkplugMetric,
} from '../sparkplug/sparkplug-payload';
import { REBIRTH_METRIC } from '../sparkplug/sparkplug-session';

/**
 * A Sparkplug B edge node for the tests: births with aliases, data by alias only, a will (NDEATH) with its
 * bdSeq, and a rebirth on NCMD `Node Control/Rebirth` unless told to ignore it. Metrics live on the node
 * itself or on one device, as the test chooses.
 */

export interface EdgeMetric {
  readonly name: string;
  readonly alias: number;
  readonly datatype: number;
  value: SparkplugMetric['value'];
}

export interface EdgeNodeOptions {
  readonly brokerUrl: string;
  readonly groupId: string;
  readonly edgeNodeId: string;
  readonly deviceId?: string | undefined;
  readonly metrics: EdgeMetric[];
}

export class SparkplugEdgeNode {
  readonly #options: EdgeNodeOptions;
  #client: MqttClient | undefined;
  #bdSeq = 0;
  #seq = 0;
  rebirthRequests = 0;
  ignoresRebirth = false;
  readonly #rebirthWaiters: { count: number; resolve: () => void }[] = [];

  constructor(options: EdgeNodeOptions) {
    this.#options = options;
  }

  /** Connects (a new session, so a new bdSeq) and publishes the births. */
  async connect(): Promise<void> {
    this.#bdSeq = (this.#bdSeq + 1) % 256;
    const client = connect(this.#options.brokerUrl, {
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 100,
      will: { topic: this.#topic('NDEATH'), payload: Buffer.from(this.#deathPayload()), qos: 0, retain: false },
    });
    this.#client = client;
    client.on('error', () => undefined);
    client.on('message', (_topic, payload) => {
      const rebirth = decodeSparkplugPayload(payload).metrics.some(
        (m) => m.name === REBIRTH_METRIC && m.value === true,
      );
      if (!rebirth) return;
      this.rebirthRequests++;
      for (const waiter of this.#rebirthWaiters.filter((w) => w.count <= this.rebirthRequests)) waiter.resolve();
      if (!this.ignoresRebirth) void this.publishBirths();
    });
    // After a broker restart mqtt.js reconnects by itself; a real edge node then publishes its births again.
    client.on('connect', () => {
      void client.subscribeAsync(this.#topic('NCMD')).then(() => this.publishBirths());
    });
    await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  }

  async publishBirths(): Promise<void> {
    this.#seq = 0;
    const nodeMetrics: SparkplugMetric[] = [
      { name: 'bdSeq', datatype: SPARKPLUG_DATA_TYPE.UInt64, value: BigInt(this.#bdSeq) },
      { name: REBIRTH_METRIC, datatype: SPARKPLUG_DATA_TYPE.Boolean, value: false },
    ];
    const named = this.#options.metrics.map((m) => ({ ...m, alias: BigInt(m.alias) }));
    if (this.#options.deviceId === undefined) {
      await this.#publish('NBIRTH', [...nodeMetrics, ...named], 0);
    } else {
      await this.#publish('NBIRTH', nodeMetrics, 0);
      await this.#publish('DBIRTH', named, this.#nextSeq());
    }
  }

  /** Sets metric values and publishes them by alias; `skipSeq` leaves out sequence numbers to make a gap. */
  async update(values: Record<string, SparkplugMetric['value']>, skipSeq = 0): Promise<void> {
    const changed: SparkplugMetric[] = [];
    for (const [name, value] of Object.entries(values)) {
      const metric = this.#options.metrics.find((m) => m.name === name);
      if (metric === undefined) throw new Error(`no metric ${name}`);
      metric.value = value;
      changed.push({ alias: BigInt(metric.alias), datatype: metric.datatype, value });
    }
    for (let skipped = 0; skipped < skipSeq; skipped++) this.#nextSeq();
    await this.#publish(this.#options.deviceId === undefined ? 'NDATA' : 'DDATA', changed, this.#nextSeq());
  }

  /** Raw bytes on one of this node's topics, for hostile-payload tests. */
  async publishRaw(messageType: string, payload: Buffer): Promise<void> {
    await this.#client?.publishAsync(this.#topic(messageType), payload);
  }

  async deviceDeath(): Promise<void> {
    await this.#publish('DDEATH', [], this.#nextSeq());
  }

  /** Dies without saying goodbye, so the broker publishes the will (NDEATH). */
  kill(): void {
    const client = this.#client;
    this.#client = undefined;
    client?.stream.destroy();
    client?.end(true);
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.endAsync(true);
  }

  waitForRebirthRequests(count: number): Promise<void> {
    if (this.rebirthRequests >= count) return Promise.resolve();
    return new Promise((resolve) => this.#rebirthWaiters.push({ count, resolve }));
  }

  #nextSeq(): number {
    this.#seq = (this.#seq + 1) % 256;
    return this.#seq;
  }

  #deathPayload(): Uint8Array {
    return encodeSparkplugPayload({
      timestamp: Date.now(),
      metrics: [{ name: 'bdSeq', datatype: SPARKPLUG_DATA_TYPE.UInt64, value: BigInt(this.#bdSeq) }],
    });
  }

  async #publish(messageType: string, metrics: SparkplugMetric[], seq: number): Promise<void> {
    const payload = encodeSparkplugPayload({ timestamp: Date.now(), metrics, seq });
    await this.#client?.publishAsync(this.#topic(messageType), Buffer.from(payload));
  }

  #topic(messageType: string): string {
    const { groupId, edgeNodeId, deviceId } = this.#options;
    const base = `spBv1.0/${groupId}/${messageType}/${edgeNodeId}`;
    return messageType.startsWith('D') && deviceId !== undefined ? `${base}/${deviceId}` : base;
  }
}
