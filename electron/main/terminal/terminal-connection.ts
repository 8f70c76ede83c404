import type { CredentialStore, StoredCredential } from './credential-store';
import { createSyncClient, NOT_ENROLLED } from '../../../shared/protocol';
import { createServerClient, type ServerClient } from './server-client';
import type { TerminalConfig } from './terminal-config';

// Holds this station's link to the central server: credentials from the encrypted store, or a fresh
// enrollment with the configured code. Until enrolled, sync calls answer `not-enrolled` and bookings
// simply wait in the outbox.
//
// A push goes with the credentials of the terminal its envelope names, to that terminal's server: after
// a new enrollment (the station or the server's origin changed in the configuration) the bookings captured
// under the earlier identity still go out with its token. Pulls use the current identity.

export interface TerminalConnection {
  /** Null while no credentials at all are kept. */
  client(): ServerClient | null;
  terminalId(): string | null;
  ensureEnrolled(): Promise<'enrolled' | 'missing-code' | 'failed'>;
  /**
   * Deletes, from memory and the keystore file, the credentials of earlier identities that `isDrained`
   * says have nothing left to send; returns their terminal ids. Nothing is deleted while no identity is
   * current (the station's own credentials might be among them).
   */
  forgetDrained(isDrained: (terminalId: string) => boolean): string[];
}

export function createTerminalConnection(
  config: TerminalConfig,
  store: CredentialStore,
  fetchImpl: typeof fetch = fetch,
): TerminalConnection {
  let kept = store.loadAll();
  let current = currentCredential(kept, config);
  const clients = new Map<string, ServerClient>();

  function clientFor(credential: StoredCredential): ServerClient {
    let client = clients.get(credential.terminalId);
    if (!client) {
      client = createServerClient({ baseUrl: credential.serverUrl, getCredentials: () => credential, fetchImpl });
      clients.set(credential.terminalId, client);
    }
    return client;
  }

  const routing: ServerClient = {
    async push(request) {
      const credential = kept.find((entry) => entry.terminalId === request.terminalId);
      return credential ? clientFor(credential).push(request) : NOT_ENROLLED;
    },
    async pull(query) {
      return current ? clientFor(current).pull(query) : NOT_ENROLLED;
    },
    // Whether the current server is back; the health route needs no token.
    async probe() {
      return current ? clientFor(current).probe() : NOT_ENROLLED;
    },
    // The board knows a terminal by its current identity; an earlier one has nothing left to report.
    async heartbeat(body) {
      return current ? clientFor(current).heartbeat(body) : NOT_ENROLLED;
    },
    async line() {
      return current ? clientFor(current).line() : NOT_ENROLLED;
    },
  };

  return {
    client: () => (kept.length > 0 ? routing : null),
    terminalId: () => current?.terminalId ?? null,
    async ensureEnrolled() {
      if (current) return 'enrolled';
      if (!config.enrollmentCode) return 'missing-code';
      const outcome = await createSyncClient({ baseUrl: config.serverUrl, fetch: fetchImpl }).enroll({
        stationId: config.stationId,
        enrollmentCode: config.enrollmentCode,
      });
      if (outcome.kind !== 'ok') return 'failed';
      const credential = { ...outcome.value, serverUrl: config.serverUrl, stationId: config.stationId };
      store.add(credential);
      clients.delete(credential.terminalId);
      kept = [...kept.filter((entry) => entry.terminalId !== credential.terminalId), credential];
      current = credential;
      return 'enrolled';
    },
    forgetDrained(isDrained) {
      const active = current;
      if (!active) return [];
      const drained = kept.filter((entry) => entry.terminalId !== active.terminalId && isDrained(entry.terminalId));
      for (const entry of drained) {
        store.remove(entry.terminalId);
        clients.delete(entry.terminalId);
      }
      kept = kept.filter((entry) => !drained.includes(entry));
      return drained.map((entry) => entry.terminalId);
    },
  };
}

/**
 * The newest credential for the configured server and station. Servers are compared by origin, so that
 * `http://mes:8080/` and `http://mes:8080` are one server; an entry from before stations were recorded
 * counts as the configured station's.
 */
export function currentCredential(kept: readonly StoredCredential[], config: TerminalConfig): StoredCredential | null {
  const matching = kept.filter(
    (entry) =>
      isSameOrigin(entry.serverUrl, config.serverUrl) &&
      (entry.stationId === undefined || entry.stationId === config.stationId),
  );
  return matching.at(-1) ?? null;
}

export function isSameOrigin(a: string, b: string): boolean {
  try {
    const origin = new URL(a).origin;
    return origin !== 'null' && origin === new URL(b).origin;
  } catch {
    return false;
  }
}
