import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrollResponseSchema, HealthResponseSchema } from '@shared/protocol';
import { createServer, type TaktServer } from '../app';
import { ENROLL_MAX_FAILURES } from '../routes/enroll';
import { makeSelfSignedCert } from '../testing/self-signed-cert';
import { TEST_ADMIN_TOKEN, TEST_ENROLLMENT_CODE } from '../testing/test-server';

// HTTPS end to end: a self-signed certificate made by the test (as a plant CA would issue one), a real
// listening socket on 127.0.0.1, and clients that trust exactly that certificate.

let dir: string;
let cert: string;
let server: TaktServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'takt-tls-'));
  const made = makeSelfSignedCert(dir);
  cert = made.cert;
  server = await createServer({
    dataDir: join(dir, 'data'),
    enrollmentCode: TEST_ENROLLMENT_CODE,
    adminToken: TEST_ADMIN_TOKEN,
    demo: true,
    tls: made,
  });
  await server.app.listen({ host: '127.0.0.1', port: 0 });
  const address = server.app.server.address();
  port = typeof address === 'object' && address !== null ? address.port : 0;
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

function callHttps(
  path: string,
  options: { method?: string; body?: unknown; ca?: string } = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('HTTPS', () => {
  it('answers health and enrolls a terminal over TLS for a client that trusts the certificate', async () => {
    const health = await callHttps('/api/v1/health', { ca: cert });
    expect(health.status).toBe(200);
    expect(HealthResponseSchema.parse(health.body).status).toBe('ok');
    const enrolled = await callHttps('/api/v1/terminals/enroll', {
      method: 'POST',
      ca: cert,
      body: { stationId: 'ST-10', enrollmentCode: TEST_ENROLLMENT_CODE },
    });
    expect(enrolled.status).toBe(201);
    expect(EnrollResponseSchema.safeParse(enrolled.body).success).toBe(true);
  });

  it('is refused by a client that does not trust the certificate', async () => {
    await expect(callHttps('/api/v1/health')).rejects.toThrow(/self-signed|certificate/i);
  });

  it('does not speak plain HTTP on the TLS port', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/v1/health' }, (res) =>
        resolve(`status ${res.statusCode}`),
      );
      req.on('error', (error) => resolve(`error ${error.message}`));
      req.end();
    });
    expect(outcome).not.toBe('status 200');
  });
});

describe('behind a reverse proxy', () => {
  const enrollFrom = (app: TaktServer['app'], client: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/terminals/enroll',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': client },
      payload: { stationId: 'ST-10', enrollmentCode: 'WRONG-CODE' },
    });

  it('with trustProxy, one client behind the proxy locking itself out does not lock out the next', async () => {
    const proxied = await createServer({
      dataDir: join(dir, 'proxied'),
      enrollmentCode: TEST_ENROLLMENT_CODE,
      adminToken: TEST_ADMIN_TOKEN,
      demo: true,
      trustProxy: '127.0.0.1',
    });
    try {
      for (let i = 0; i < ENROLL_MAX_FAILURES; i++) await enrollFrom(proxied.app, '10.0.0.7');
      expect((await enrollFrom(proxied.app, '10.0.0.7')).statusCode).toBe(429);
      expect((await enrollFrom(proxied.app, '10.0.0.8')).statusCode).toBe(401);
    } finally {
      await proxied.close();
    }
  });

  it('without trustProxy, X-Forwarded-For is not believed (a client cannot pick another address)', async () => {
    const direct = await createServer({
      dataDir: join(dir, 'direct'),
      enrollmentCode: TEST_ENROLLMENT_CODE,
      adminToken: TEST_ADMIN_TOKEN,
      demo: true,
    });
    try {
      for (let i = 0; i < ENROLL_MAX_FAILURES; i++) await enrollFrom(direct.app, `10.0.0.${i}`);
      expect((await enrollFrom(direct.app, '10.0.0.99')).statusCode).toBe(429);
    } finally {
      await direct.close();
    }
  });
});
