import { createRequire } from 'node:module';
import opcua, { type OPCUAClientOptions } from 'node-opcua-client';

// node-opcua-client is CommonJS: one default import, destructured here, so the rest of the folder imports names.
export const {
  AttributeIds,
  ClientMonitoredItem,
  DataType,
  MessageSecurityMode,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  TimestampsToReturn,
  UserTokenType,
  coerceNodeId,
  makeBrowsePath,
  sameNodeId,
} = opcua;
export type {
  ClientSession,
  ClientSubscription,
  DataValue,
  NodeId,
  OPCUAClient as OpcuaClient,
  UserIdentityInfo,
  Variant,
} from 'node-opcua-client';

/** The PKI folder node-opcua-client keeps: own/ (our certificate), trusted/, rejected/ and issuers/. */
export type CertificateManager = NonNullable<OPCUAClientOptions['clientCertificateManager']> & {
  readonly rootDir: string;
  initialize(): Promise<void>;
  dispose(): Promise<void>;
};

interface CertificateManagerModule {
  OPCUACertificateManager: new (options: {
    rootFolder: string;
    automaticallyAcceptUnknownCertificate: boolean;
    disableFileWatchers: boolean;
  }) => CertificateManager;
}

/**
 * A certificate manager rooted in `folder`. node-opcua-client only exports one that lives in the user's home
 * (~/.config/node-opcua-default-nodejs), so its own dependency is loaded the way the client loads it: same
 * package, same version. Unknown server certificates are refused and kept in rejected/ for plant IT to move.
 */
export function createCertificateManager(folder: string): CertificateManager {
  const requireFromClient = createRequire(createRequire(import.meta.url).resolve('node-opcua-client'));
  const { OPCUACertificateManager } = requireFromClient('node-opcua-certificate-manager') as CertificateManagerModule;
  // No file watchers: every connection attempt builds a new manager, so a certificate moved to trusted/ counts
  // from the next attempt on.
  return new OPCUACertificateManager({
    rootFolder: folder,
    automaticallyAcceptUnknownCertificate: false,
    disableFileWatchers: true,
  });
}
