import { X509Certificate } from 'node:crypto';
import fs from 'node:fs/promises';
import { DeviceUnavailable } from '../../hardware/reconnect-loop';
import type { StateReason } from '../../hardware/scan-source';
import {
  AttributeIds,
  ClientMonitoredItem,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  TimestampsToReturn,
  UserTokenType,
  coerceNodeId,
  createCertificateManager,
  makeBrowsePath,
  type ClientSession,
  type ClientSubscription,
  type DataValue,
  type NodeId,
  type OpcuaClient,
  type UserIdentityInfo,
} from './opcua-library';

/**
 * One connection to an OPC UA server: secure channel, session, one subscription with a monitored item per
 * signal. It ends when the channel closes, the server ends the session or subscription, or the server falls
 * silent past its keep-alive; the collector then builds a new one, so no state of node-opcua's own
 * reconnection has to be trusted.
 */

export const MACHINERY_NAMESPACE = 'http://opcfoundation.org/UA/Machinery/';
/** `Executing` in MachineryItemState_StateMachineType (OPC 40001-1; its StateNumber is 3). */
const MACHINERY_EXECUTING_STATE = 5006;

export interface OpcuaLinkConfig {
  readonly machineId: string;
  readonly endpointUrl: string;
  readonly security: {
    readonly mode: 'None' | 'Sign' | 'SignAndEncrypt';
    readonly policy?: 'None' | 'Basic256Sha256' | 'Aes128_Sha256_RsaOaep' | 'Aes256_Sha256_RsaPss' | undefined;
    readonly certificateFile?: string | undefined;
    readonly privateKeyFile?: string | undefined;
  };
  readonly user?: { readonly userName: string; readonly password: string } | undefined;
  readonly machine?: string | undefined;
  readonly running?: { readonly nodeId: string } | undefined;
  readonly counter: { readonly nodeId: string };
  readonly samplingIntervalMs: number;
  readonly publishingIntervalMs: number;
  readonly timeoutMs: number;
}

export type OpcuaSignal = 'running' | 'counter';

export interface OpcuaLinkEvents {
  onValue(signal: OpcuaSignal, value: DataValue): void;
  /** A signal cannot be followed (unknown node, no access); undefined when it works again. */
  onProblem(signal: OpcuaSignal, problem: string | undefined): void;
}

export interface OpcuaLink {
  readonly lost: Promise<StateReason>;
  /** OPC 40001's Executing state, when the server has the Machinery model. */
  readonly executingState: NodeId | undefined;
  close(): Promise<void>;
}

export async function openOpcuaLink(
  config: OpcuaLinkConfig,
  pkiFolder: string,
  events: OpcuaLinkEvents,
): Promise<OpcuaLink> {
  const secure = config.security.mode !== 'None';
  if (secure) await checkReadable(config.security.certificateFile, config.security.privateKeyFile);
  const certificateManager = createCertificateManager(pkiFolder);
  const applicationUri = secure ? await applicationUriOf(config.security.certificateFile) : undefined;
  const client = OPCUAClient.create({
    applicationName: 'Takt',
    ...(applicationUri === undefined ? {} : { applicationUri }),
    clientCertificateManager: certificateManager,
    ...(config.security.certificateFile === undefined ? {} : { certificateFile: config.security.certificateFile }),
    ...(config.security.privateKeyFile === undefined ? {} : { privateKeyFile: config.security.privateKeyFile }),
    securityMode: MessageSecurityMode[config.security.mode],
    securityPolicy: SecurityPolicy[config.security.policy ?? (secure ? 'Basic256Sha256' : 'None')],
    // Reconnecting is the collector's: node-opcua gives up at once and reports the loss.
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    endpointMustExist: false,
    keepSessionAlive: false,
    requestedSessionTimeout: Math.max(60_000, 3 * config.timeoutMs),
    transportTimeout: config.timeoutMs,
    defaultTransactionTimeout: config.timeoutMs,
  });
  let markLost: (reason: StateReason) => void = () => undefined;
  const lost = new Promise<StateReason>((resolve) => {
    markLost = resolve;
  });
  client.on('connection_lost', () => markLost({ detail: `connection to ${config.endpointUrl} lost` }));
  client.on('close', () => markLost({ detail: `connection to ${config.endpointUrl} closed` }));

  const watchdog = new SilenceWatchdog((silentMs) =>
    markLost({ detail: `no keep-alive from the server for ${silentMs} ms` }),
  );
  const close = async () => {
    watchdog.stop();
    // A server that is gone does not answer CloseSession; the socket is closed either way.
    await withTimeout(client.disconnect(), config.timeoutMs).catch(() => undefined);
  };
  try {
    await connect(client, config);
    const session = await createSession(client, config);
    session.on('session_closed', () => markLost({ detail: 'the server closed the session' }));
    const namespaces = await session.readNamespaceArray();
    const machineryIndex = namespaces.indexOf(MACHINERY_NAMESPACE);
    const executingState =
      machineryIndex < 0 ? undefined : coerceNodeId(`ns=${machineryIndex};i=${MACHINERY_EXECUTING_STATE}`);
    const subscription = await session.createSubscription2({
      requestedPublishingInterval: config.publishingIntervalMs,
      requestedMaxKeepAliveCount: 10,
      requestedLifetimeCount: 60,
      maxNotificationsPerPublish: 100,
      publishingEnabled: true,
      priority: 10,
    });
    subscription.on('terminated', () => markLost({ detail: 'the server ended the subscription' }));
    watchdog.start(keepAliveMs(subscription) + config.timeoutMs);
    subscription.on('keepalive', () => watchdog.heard());
    subscription.on('received_notifications', () => watchdog.heard());

    const runningNode = await runningNodeId(session, config, machineryIndex, events);
    if (runningNode !== undefined) monitor(subscription, 'running', runningNode, config, events);
    monitor(subscription, 'counter', coerceNodeId(config.counter.nodeId), config, events);
    return { lost, executingState, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function connect(client: OpcuaClient, config: OpcuaLinkConfig): Promise<void> {
  try {
    await client.connect(config.endpointUrl);
  } catch (error) {
    const detail = `cannot connect to ${config.endpointUrl}: ${messageOf(error)}`;
    // A refused certificate or security setting does not heal by retrying: plant IT must act.
    const isSecurityProblem = /BadCertificate|BadSecurity|certificate/i.test(detail);
    throw new DeviceUnavailable(isSecurityProblem ? 'error' : 'disconnected', { detail });
  }
}

async function createSession(client: OpcuaClient, config: OpcuaLinkConfig): Promise<ClientSession> {
  const identity: UserIdentityInfo =
    config.user === undefined
      ? { type: UserTokenType.Anonymous }
      : { type: UserTokenType.UserName, userName: config.user.userName, password: config.user.password };
  try {
    return await client.createSession(identity);
  } catch (error) {
    throw new DeviceUnavailable('error', { detail: `the server refused the session: ${messageOf(error)}` });
  }
}

/** The configured node, or the machine's MachineryItemState/CurrentState/Id (OPC 40001-1). */
async function runningNodeId(
  session: ClientSession,
  config: OpcuaLinkConfig,
  machineryIndex: number,
  events: OpcuaLinkEvents,
): Promise<NodeId | undefined> {
  if (config.running !== undefined) return coerceNodeId(config.running.nodeId);
  const machine = config.machine ?? '';
  if (machineryIndex < 0) {
    events.onProblem('running', `the server has no OPC 40001 Machinery model (${MACHINERY_NAMESPACE})`);
    return undefined;
  }
  const path = `/${machineryIndex}:MachineryBuildingBlocks/${machineryIndex}:MachineryItemState/CurrentState/Id`;
  const result = await session.translateBrowsePath(makeBrowsePath(machine, path));
  const target = result.targets?.[0]?.targetId;
  if (!result.statusCode.isGood() || target === undefined) {
    events.onProblem(
      'running',
      `${machine} has no MachineryBuildingBlocks/MachineryItemState (${result.statusCode.name})`,
    );
    return undefined;
  }
  return coerceNodeId(target.toString());
}

function monitor(
  subscription: ClientSubscription,
  signal: OpcuaSignal,
  nodeId: NodeId,
  config: OpcuaLinkConfig,
  events: OpcuaLinkEvents,
): void {
  const item = ClientMonitoredItem.create(
    subscription,
    { nodeId, attributeId: AttributeIds.Value },
    // A short pulse of the running signal or several pieces between two publishes must not be lost.
    { samplingInterval: config.samplingIntervalMs, queueSize: 100, discardOldest: true },
    TimestampsToReturn.Both,
  );
  item.on('changed', (value: DataValue) => {
    if (value.statusCode.isGood()) events.onValue(signal, value);
    else events.onProblem(signal, `${nodeId.toString()}: ${value.statusCode.name}`);
  });
  item.on('err', (message: string) => events.onProblem(signal, `${nodeId.toString()}: ${message}`));
}

/** The certificate's subjectAltName URI: servers check that it is the session's applicationUri. */
async function applicationUriOf(certificateFile: string | undefined): Promise<string | undefined> {
  if (certificateFile === undefined) return undefined;
  const certificate = new X509Certificate(await fs.readFile(certificateFile));
  return /URI:([^,\s]+)/.exec(certificate.subjectAltName ?? '')?.[1];
}

async function checkReadable(...files: (string | undefined)[]): Promise<void> {
  for (const file of files) {
    try {
      await fs.access(file ?? '', fs.constants.R_OK);
    } catch {
      throw new DeviceUnavailable('error', { detail: `cannot read ${file ?? '(no file)'}` });
    }
  }
}

/** The longest a healthy subscription stays silent: the server sends a keep-alive after this many empty intervals. */
function keepAliveMs(subscription: ClientSubscription): number {
  return subscription.publishingInterval * subscription.maxKeepAliveCount;
}

/** Calls `onSilence` once when `heard()` has not been called for the given time. */
class SilenceWatchdog {
  readonly #onSilence: (silentMs: number) => void;
  #timer: NodeJS.Timeout | undefined;
  #limitMs = 0;

  constructor(onSilence: (silentMs: number) => void) {
    this.#onSilence = onSilence;
  }

  start(limitMs: number): void {
    this.#limitMs = limitMs;
    this.heard();
  }

  heard(): void {
    if (this.#limitMs === 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#onSilence(this.#limitMs), this.#limitMs);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#limitMs = 0;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // node-opcua's messages run over several lines with hints for developers; the first one says what failed.
  return text.split('\n')[0]?.trim() ?? text;
}
