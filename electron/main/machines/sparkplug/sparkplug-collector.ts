import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import type { Clock, MachineCollector, MachineConnectionStatus, ObservationSink } from '../collector';
import { SPARKPLUG_DATA_TYPE, encodeSparkplugPayload } from './sparkplug-payload';
import { REBIRTH_METRIC, SPARKPLUG_NAMESPACE, SparkplugNodeSession, type SparkplugSignals } from './sparkplug-session';

/**
 * Follows one machine through an MQTT broker as a Sparkplug B host application: subscribes to its edge
 * node's births, data and deaths and asks the node to rebirth (NCMD `Node Control/Rebirth`) whenever the
 * picture may be incomplete: after (re)connecting, on a sequence gap, on data before a birth. mqtt.js
 * reconnects to the broker by itself every `reconnectPeriodMs`.
 */

export interface SparkplugCollectorConfig extends SparkplugSignals {
  readonly machineId: string;
  /** mqtt:// or mqtts:// */
  readonly brokerUrl: string;
  readonly clientId?: string | undefined;
  readonly reconnectPeriodMs: number;
  readonly connectTimeoutMs: number;
  /** While a requested rebirth has not arrived, ask again at most this often. */
  readonly rebirthRetryMs: number;
}

export class SparkplugCollector implements MachineCollector {
  readonly machineId: string;
  readonly #config: SparkplugCollectorConfig;
  readonly #emit: ObservationSink;
  readonly #clock: Clock;
  readonly #session: SparkplugNodeSession;
  #client: MqttClient | undefined;
  #status: { status: MachineConnectionStatus; detail: string } | undefined;
  /** When the rebirth still awaited was requested; undefined once a birth has answered it. */
  #rebirthRequestedAt: number | undefined;

  constructor(config: SparkplugCollectorConfig, emit: ObservationSink, clock: Clock = Date.now) {
    this.machineId = config.machineId;
    this.#config = config;
    this.#emit = emit;
    this.#clock = clock;
    this.#session = new SparkplugNodeSession(config);
  }

  start(): void {
    if (this.#client !== undefined) return;
    this.#setStatus('connecting', `connecting to ${this.#config.brokerUrl}`);
    const client = connect(this.#config.brokerUrl, {
      // Sparkplug B 3.0 is specified on MQTT 3.1.1.
      protocolVersion: 4,
      clean: true,
      // Unique per start: two clients with one id throw each other off the broker, again and again.
      clientId: this.#config.clientId ?? `takt-${this.machineId}-${randomBytes(4).toString('hex')}`,
      reconnectPeriod: this.#config.reconnectPeriodMs,
      connectTimeout: this.#config.connectTimeoutMs,
    });
    this.#client = client;
    client.on('connect', () => void this.#onConnect(client));
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('close', () => {
      this.#session.forget();
      // A refused connection reports its error first; that reason tells plant IT more than "closed".
      if (this.#status?.status !== 'error') this.#setStatus('disconnected', 'broker connection closed');
    });
    // Without a listener an 'error' event would throw in main.
    client.on('error', (error) => this.#setStatus('error', error.message));
  }

  async stop(): Promise<void> {
    const client = this.#client;
    if (client === undefined) return;
    this.#client = undefined;
    client.removeAllListeners('close');
    await client.endAsync(true);
    this.#session.forget();
    this.#setStatus('disconnected', 'stopped');
  }

  async #onConnect(client: MqttClient): Promise<void> {
    const { groupId, edgeNodeId } = this.#config;
    const nodeTopics = `${SPARKPLUG_NAMESPACE}/${groupId}/+/${edgeNodeId}`;
    this.#session.forget();
    this.#setStatus('connecting', 'broker connected, waiting for NBIRTH');
    try {
      // Every device's messages count in the node's sequence, so all of them are followed.
      await client.subscribeAsync([nodeTopics, `${nodeTopics}/+`], { qos: 0 });
    } catch (error) {
      this.#setStatus('error', `subscribe failed: ${(error as Error).message}`);
      return;
    }
    this.#rebirthRequestedAt = undefined;
    this.#requestRebirth('host connected');
  }

  #onMessage(topic: string, payload: Buffer): void {
    const update = this.#session.receive(topic, payload, this.#clock());
    if (update.isNodeBirth === true) this.#rebirthRequestedAt = undefined;
    if (update.status !== undefined) this.#setStatus(update.status.status, update.status.detail);
    for (const observation of update.observations) this.#emit(observation);
    if (update.rebirthReason !== undefined) this.#requestRebirth(update.rebirthReason);
  }

  #requestRebirth(reason: string): void {
    const client = this.#client;
    if (client === undefined || !client.connected) return;
    const now = this.#clock();
    if (this.#rebirthRequestedAt !== undefined && now - this.#rebirthRequestedAt < this.#config.rebirthRetryMs) return;
    this.#rebirthRequestedAt = now;
    const payload = encodeSparkplugPayload({
      timestamp: now,
      metrics: [{ name: REBIRTH_METRIC, datatype: SPARKPLUG_DATA_TYPE.Boolean, value: true }],
    });
    const { groupId, edgeNodeId } = this.#config;
    client.publish(
      `${SPARKPLUG_NAMESPACE}/${groupId}/NCMD/${edgeNodeId}`,
      Buffer.from(payload),
      { qos: 0 },
      (error) => {
        if (error !== undefined) this.#setStatus('error', `rebirth request (${reason}) failed: ${error.message}`);
      },
    );
  }

  #setStatus(status: MachineConnectionStatus, detail: string): void {
    if (this.#status?.status === status && this.#status.detail === detail) return;
    this.#status = { status, detail };
    this.#emit({ kind: 'status', status, at: this.#clock(), detail });
  }
}
