import type { CredentialStore } from './credential-store';
import { createServerClient, enrollTerminal, type ServerClient, type TerminalCredentials } from './server-client';
import type { TerminalConfig } from './terminal-config';

// Holds this station's link to the central server: credentials from the encrypted store, or a fresh
// enrollment with the configured code. Until enrolled, sync calls answer `not-enrolled` and bookings
// simply wait in the outbox.

export interface TerminalConnection {
  client(): ServerClient | null;
  terminalId(): string | null;
  ensureEnrolled(): Promise<'enrolled' | 'missing-code' | 'failed'>;
}

export function createTerminalConnection(
  config: TerminalConfig,
  store: CredentialStore,
  fetchImpl: typeof fetch = fetch,
): TerminalConnection {
  let credentials: TerminalCredentials | null = store.load(config.serverUrl);
  const client = createServerClient({ baseUrl: config.serverUrl, getCredentials: () => credentials, fetchImpl });

  return {
    client: () => (credentials ? client : null),
    terminalId: () => credentials?.terminalId ?? null,
    async ensureEnrolled() {
      if (credentials) return 'enrolled';
      if (!config.enrollmentCode) return 'missing-code';
      const outcome = await enrollTerminal(config.serverUrl, config.stationId, config.enrollmentCode, fetchImpl);
      if (outcome.kind !== 'ok') return 'failed';
      store.save(config.serverUrl, outcome.value);
      credentials = outcome.value;
      return 'enrolled';
    },
  };
}
