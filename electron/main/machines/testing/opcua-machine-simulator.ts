import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import opcuaClient from 'node-opcua-client';
import opcuaServer from 'node-opcua-server';

const { OPCUAServer } = opcuaServer;
// The server package re-exports none of the protocol's basic types; the client package has them.
const { DataType, MessageSecurityMode, SecurityPolicy, VariantArrayType, coerceNodeId } = opcuaClient;
type Namespace = ReturnType<NonNullable<InstanceType<typeof OPCUAServer>['engine']['addressSpace']>['getOwnNamespace']>;
type UAVariable = ReturnType<Namespace['addVariable']>;

/**
 * An OPC UA server for the tests, on 127.0.0.1: one machine built from the real OPC 40001 Machinery model
 * (Machines/Press1 with MachineryBuildingBlocks/MachineryItemState) plus a part counter in three widths and a
 * plain Boolean "Running" variable for configured node ids. It can be stopped (port closed, clients cut off)
 * and started again on the same port with its values kept, like a PLC that reboots.
 */

export type MachineryState = 'NotAvailable' | 'OutOfService' | 'NotExecuting' | 'Executing';

/** The states' nodes in MachineryItemState_StateMachineType (OPC 40001-1), and their StateNumber. */
const STATE_NODES: Record<MachineryState, { id: number; number: number }> = {
  NotAvailable: { id: 5005, number: 0 },
  OutOfService: { id: 5004, number: 1 },
  NotExecuting: { id: 5007, number: 2 },
  Executing: { id: 5006, number: 3 },
};

export interface OpcuaMachineSimulator {
  readonly port: number;
  readonly endpointUrl: string;
  /** Node ids as a controls engineer would write them into the configuration. */
  readonly nodeIds: {
    readonly machine: string;
    readonly running: string;
    readonly stateNumber: string;
    readonly counter: string;
    readonly counter16: string;
    readonly counter64: string;
  };
  /** The server's certificate (PEM), for a test that trusts it. */
  readonly certificateFile: string;
  setState(state: MachineryState): void;
  /** Adds pieces to every counter, each wrapping at its own width. */
  count(pieces?: number): void;
  /** Sets every counter (0: a reset; 2^32 - 1: about to wrap). */
  setCounter(value: number): void;
  /** Closes the port and cuts every client off; the address space and its values stay. */
  stop(): Promise<void>;
  /** Listens on the same port again. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface OpcuaMachineSimulatorOptions {
  /** A temporary folder for the server's own PKI. */
  readonly pkiFolder: string;
  /** When set, sessions must log in with one of these. */
  readonly users?: readonly { userName: string; password: string }[];
}

export async function startOpcuaMachineSimulator(
  options: OpcuaMachineSimulatorOptions,
): Promise<OpcuaMachineSimulator> {
  const { nodesets, OPCUACertificateManager } = serverDependencies();
  const certificateManager = new OPCUACertificateManager({
    rootFolder: options.pkiFolder,
    automaticallyAcceptUnknownCertificate: true,
    disableFileWatchers: true,
  });
  const users = options.users;
  const server = new OPCUAServer({
    port: 0,
    hostname: '127.0.0.1',
    nodeset_filename: [nodesets.standard, nodesets.di, nodesets.ia, nodesets.machinery],
    serverCertificateManager: certificateManager,
    userCertificateManager: certificateManager,
    securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
    securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
    allowAnonymous: users === undefined,
    ...(users === undefined
      ? {}
      : {
          userManager: {
            isValidUser: (name: string, password: string) =>
              users.some((u) => u.userName === name && u.password === password),
          },
        }),
  });
  await server.initialize();
  const machine = buildMachine(server);
  await server.start();
  const endpoint = server.endpoints[0];
  if (endpoint === undefined) throw new Error('the simulator has no endpoint');
  const suspend = promisify((done: (error?: Error) => void) => endpoint.suspendConnection(done));
  const restore = promisify((done: (error?: Error) => void) => endpoint.restoreConnection(done));
  let isListening = true;

  return {
    port: endpoint.port,
    endpointUrl: `opc.tcp://127.0.0.1:${endpoint.port}`,
    nodeIds: machine.nodeIds,
    certificateFile: path.join(options.pkiFolder, 'own', 'certs', 'certificate.pem'),
    setState: machine.setState,
    count: machine.count,
    setCounter: machine.setCounter,
    async stop() {
      if (!isListening) return;
      isListening = false;
      endpoint.abruptlyInterruptChannels();
      await suspend();
    },
    async restart() {
      if (isListening) return;
      await restore();
      isListening = true;
    },
    async close() {
      if (!isListening) await restore();
      await server.shutdown(0);
      await certificateManager.dispose();
    },
  };
}

function buildMachine(server: InstanceType<typeof OPCUAServer>) {
  const addressSpace = server.engine.addressSpace;
  if (addressSpace === null) throw new Error('the simulator has no address space');
  const namespace = addressSpace.getOwnNamespace();
  const machinery = addressSpace.getNamespaceIndex('http://opcfoundation.org/UA/Machinery/');
  const ns = namespace.index;
  const machinesFolder = addressSpace.findNode(`ns=${machinery};i=1001`) ?? addressSpace.rootFolder.objects;
  const press = namespace.addObject({ browseName: 'Press1', nodeId: 's=Press1', organizedBy: machinesFolder });
  const buildingBlocks = namespace.addObject({
    browseName: { name: 'MachineryBuildingBlocks', namespaceIndex: machinery },
    nodeId: 's=Press1.MachineryBuildingBlocks',
    organizedBy: press,
  });
  const stateMachineType = addressSpace.findObjectType('MachineryItemState_StateMachineType', machinery);
  if (stateMachineType === null) throw new Error('the Machinery model is missing');
  const itemState = stateMachineType.instantiate({
    browseName: { name: 'MachineryItemState', namespaceIndex: machinery },
    nodeId: 's=Press1.MachineryItemState',
    componentOf: buildingBlocks,
  });
  const currentState = itemState.getComponentByName('CurrentState') as UAVariable | null;
  const currentStateId = currentState?.getPropertyByName('Id') as UAVariable | null;
  if (currentState === null || currentStateId === null) throw new Error('MachineryItemState without CurrentState/Id');

  const variable = (name: string, dataType: number, value: unknown) => {
    const node = namespace.addVariable({
      componentOf: press,
      browseName: name,
      nodeId: `s=Press1.${name}`,
      dataType,
      minimumSamplingInterval: 0,
    });
    node.setValueFromSource({ dataType, arrayType: VariantArrayType.Scalar, value });
    return node;
  };
  const running = variable('Running', DataType.Boolean, false);
  const stateNumber = variable('StateNumber', DataType.UInt32, 0);
  const counters = [
    { node: variable('PartCount', DataType.UInt32, 0), dataType: DataType.UInt32, modulus: 2 ** 32 },
    { node: variable('PartCount16', DataType.UInt16, 0), dataType: DataType.UInt16, modulus: 2 ** 16 },
    {
      node: variable('PartCount64', DataType.UInt64, [0, 0]),
      dataType: DataType.UInt64,
      modulus: Number.POSITIVE_INFINITY,
    },
  ];
  let pieces = 0;

  const setCounter = (value: number) => {
    pieces = value;
    for (const { node, dataType, modulus } of counters) {
      const wrapped = value % modulus;
      // node-opcua takes 64-bit integers as [high, low] 32-bit words.
      const encoded = dataType === DataType.UInt64 ? [Math.floor(wrapped / 2 ** 32), wrapped % 2 ** 32] : wrapped;
      node.setValueFromSource({ dataType, arrayType: VariantArrayType.Scalar, value: encoded });
    }
  };
  const setState = (state: MachineryState) => {
    const { id, number } = STATE_NODES[state];
    currentState.setValueFromSource({ dataType: DataType.LocalizedText, value: { text: state } });
    currentStateId.setValueFromSource({ dataType: DataType.NodeId, value: coerceNodeId(`ns=${machinery};i=${id}`) });
    stateNumber.setValueFromSource({ dataType: DataType.UInt32, value: number });
    running.setValueFromSource({ dataType: DataType.Boolean, value: state === 'Executing' });
  };
  setState('NotExecuting');

  return {
    nodeIds: {
      machine: `ns=${ns};s=Press1`,
      running: `ns=${ns};s=Press1.Running`,
      stateNumber: `ns=${ns};s=Press1.StateNumber`,
      counter: `ns=${ns};s=Press1.PartCount`,
      counter16: `ns=${ns};s=Press1.PartCount16`,
      counter64: `ns=${ns};s=Press1.PartCount64`,
    },
    setState,
    count: (added = 1) => setCounter(pieces + added),
    setCounter,
  };
}

interface ServerDependencies {
  nodesets: Record<'standard' | 'di' | 'ia' | 'machinery', string>;
  OPCUACertificateManager: new (options: {
    rootFolder: string;
    automaticallyAcceptUnknownCertificate: boolean;
    disableFileWatchers: boolean;
  }) => NonNullable<ConstructorParameters<typeof OPCUAServer>[0]>['serverCertificateManager'] & {
    dispose(): Promise<void>;
  };
}

/** The nodesets and the certificate manager node-opcua-server itself depends on (it does not re-export them). */
function serverDependencies(): ServerDependencies {
  const requireFromServer = createRequire(createRequire(import.meta.url).resolve('node-opcua-server'));
  return {
    nodesets: (requireFromServer('node-opcua-nodesets') as { nodesets: ServerDependencies['nodesets'] }).nodesets,
    OPCUACertificateManager: (
      requireFromServer('node-opcua-certificate-manager') as Pick<ServerDependencies, 'OPCUACertificateManager'>
    ).OPCUACertificateManager,
  };
}
