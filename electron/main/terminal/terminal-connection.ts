import type { CredentialStore, StoredCredential } from './credential-store';
import { createSyncClient, NOT_ENROLLED, type SyncOutcome } from '@shared/protocol';
import { createServerClient, type ServerClient } from './server-client';
import type { TerminalConfig } from './terminal-config';

// Holds this station's link to the central server: credentials from the encrypted store, or a fresh
// enrollment with the configured code. Until enrolled, sync calls answer `not-enrolled` and bookings
// simply wait in the outbox.
//
// A push goes with the credentials of the terminal its envelope names, to that terminal's server: after
// a new enrollment (the station or the server's origin changed in the configuration) the bookings captured
// under the earlier identity still go out with its token. Pulls use the current identity.
//
// Token rotation never strands the terminal: the server keeps the old token valid until the new one is first
// used, and the new one is written to the keystore before it is sent. A credential with a pending token sends
// that one; the first answer accepting it makes it the token, a 401 `unauthorized` for it means the server
// never took it (it was replaced by a later rotation whose answer got lost), so it is dropped and the old
// token, still valid then, is used again.

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
  /**
   * Asks the server for a new token of the current identity, stores it as pending and then confirms it
   * with a small pull: `rotated` once the server accepted it, `pending` when the confirmation did not get
   * through (the next request confirms it or falls back to the old token), `unsupported` from a server
   * without rotation.
   */
  rotateToken(): Promise<'rotated' | 'pending' | 'not-enrolled' | 'unsupported' | 'failed'>;
  /** When the current identity's token was last rotated; starts the clock (now) for one never rotated. */
  tokenRotatedAt(): number | null;
}

const tokenToSend = (credential: StoredCredential): string => credential.pendingToken ?? credential.token;

export function createTerminalConnection(
  config: TerminalConfig,
  store: CredentialStore,
  fetchImpl: typeof fetch = fetch,
  now: () => number = Date.now,
): TerminalConnection {
  let kept = store.loadAll();
  let current = currentCredential(kept, config);

  /** Writes the credential (keystore first) and puts it in place of the one with its terminal id. */
  function replace(credential: StoredCredential): void {
    store.update(credential);
    kept = kept.map((entry) => (entry.terminalId === credential.terminalId ? credential : entry));
    if (current?.terminalId === credential.terminalId) current = credential;
  }

  /**
   * One request with the token the credential sends now, then the rotation bookkeeping: the pending token
   * becomes the token once accepted, or is dropped (and the request sent again with the old token) when the
   * server does not know it.
   */
  async function send<T>(
    terminalId: string,
    call: (client: ServerClient, token: string, baseUrl: string) => Promise<SyncOutcome<T>>,
  ): Promise<SyncOutcome<T>> {
    const credential = kept.find((entry) => entry.terminalId === terminalId);
    if (!credential) return NOT_ENROLLED;
    const sent = tokenToSend(credential);
    const attempt = (token: string, baseUrl: string) =>
      call(createServerClient({ baseUrl, getCredentials: () => ({ terminalId, token }), fetchImpl }), token, baseUrl);
    const outcome = await attempt(sent, credential.serverUrl);
    const unknownToken = outcome.kind === 'http-error' && outcome.status === 401 && outcome.code === 'unauthorized';
    const latest = kept.find((entry) => entry.terminalId === terminalId);
    if (latest?.pendingToken !== undefined && latest.pendingToken === sent) {
      const { pendingToken, ...withoutPending } = latest;
      if (outcome.kind === 'ok') replace({ ...withoutPending, token: pendingToken });
      else if (unknownToken) replace(withoutPending);
    }
    // Refused with a token that is no longer the one to send (dropped as above, or a request in flight while
    // another confirmed the new token, which retired this one): once more with the right one.
    const afterwards = kept.find((entry) => entry.terminalId === terminalId);
    if (unknownToken && afterwards && tokenToSend(afterwards) !== sent)
      return attempt(tokenToSend(afterwards), afterwards.serverUrl);
    return outcome;
  }

  const routing: ServerClient = {
    push: (request) => send(request.terminalId, (client) => client.push(request)),
    pull: async (query) => (current ? send(current.terminalId, (client) => client.pull(query)) : NOT_ENROLLED),
    // Whether the current server is back; the health route needs no token.
    async probe() {
      return current
        ? createServerClient({ baseUrl: current.serverUrl, getCredentials: () => null, fetchImpl }).probe()
        : NOT_ENROLLED;
    },
    // The board knows a terminal by its current identity; an earlier one has nothing left to report.
    heartbeat: async (body) => (current ? send(current.terminalId, (client) => client.heartbeat(body)) : NOT_ENROLLED),
    line: async () => (current ? send(current.terminalId, (client) => client.line()) : NOT_ENROLLED),
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
      kept = [...kept.filter((entry) => entry.terminalId !== credential.terminalId), credential];
      current = credential;
      return 'enrolled';
    },
    forgetDrained(isDrained) {
      const active = current;
      if (!active) return [];
      const drained = kept.filter((entry) => entry.terminalId !== active.terminalId && isDrained(entry.terminalId));
      for (const entry of drained) store.remove(entry.terminalId);
      kept = kept.filter((entry) => !drained.includes(entry));
      return drained.map((entry) => entry.terminalId);
    },
    async rotateToken() {
      const rotating = current;
      if (!rotating) return 'not-enrolled';
      const { terminalId } = rotating;
      const answer = await send(terminalId, (_client, token, baseUrl) =>
        createSyncClient({ baseUrl, fetch: fetchImpl, getToken: () => token }).rotate(),
      );
      // A server without the route (an older one, or the PostgreSQL server today) keeps the current token.
      if (answer.kind === 'http-error' && answer.status === 404) return 'unsupported';
      if (answer.kind !== 'ok' || answer.value.terminalId !== terminalId) return 'failed';
      const latest = kept.find((entry) => entry.terminalId === terminalId);
      if (!latest) return 'failed';
      // In the keystore before the first use: a crash from here on leaves a token the server will take.
      replace({ ...latest, pendingToken: answer.value.token, rotatedAt: now() });
      const confirmed = await send(terminalId, (client) => client.pull({ dataset: 'stations', limit: 1 }));
      return confirmed.kind === 'ok' ? 'rotated' : 'pending';
    },
    tokenRotatedAt() {
      if (!current) return null;
      if (current.rotatedAt !== undefined) return current.rotatedAt;
      // Stored, so that a terminal restarted every day still reaches its first rotation.
      const startedAt = now();
      replace({ ...current, rotatedAt: startedAt });
      return startedAt;
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
