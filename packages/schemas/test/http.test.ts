import { describe, expect, it } from 'vitest';
import { HttpClient, retryAfterMs } from '../src/http.ts';
import { SchemaRegistry } from '../src/registry.ts';
import { parseSchemaHeader } from '../src/schema-header.ts';
import { hang, slow, startServer, status, truncated } from './server.ts';

const PATH = '/kubernetes-json-schema/master-standalone/configmap-v1.json';

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

describe('HttpClient', () => {
  it('returns the body of a 200 and the status of a 404 without retrying', async () => {
    const server = await startServer();
    const client = new HttpClient({ sleep: async () => {} });
    const ok = await client.get(server.url + PATH);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).properties.kind.enum).toEqual(['ConfigMap']);
    expect((await client.get(`${server.url}/nothing.json`)).status).toBe(404);
    expect(server.requests.map((r) => r.path)).toEqual([PATH, '/nothing.json']);
  });

  it('honours Retry-After on 429 and 503, in seconds and as a date', async () => {
    const server = await startServer();
    const inTwoSeconds = new Date(Date.now() + 2_000).toUTCString();
    server.fault(
      PATH,
      status(429, { 'retry-after': '7' }),
      status(503, { 'retry-after': inTwoSeconds }),
    );
    const { delays, sleep } = recordingSleep();
    const response = await new HttpClient({ sleep, random: () => 0.5 }).get(server.url + PATH);
    expect(response.status).toBe(200);
    expect(delays[0]).toBe(7_000);
    // An HTTP date has one-second resolution: between 0 and 2 s from now.
    expect(delays[1]).toBeGreaterThan(0);
    expect(delays[1]).toBeLessThanOrEqual(2_000);
    expect(server.requests).toHaveLength(3);
  });

  it('backs off exponentially with jitter on 500, and caps a long Retry-After', async () => {
    const server = await startServer();
    server.fault(PATH, status(500), status(502), status(429, { 'retry-after': '3600' }));
    const { delays, sleep } = recordingSleep();
    const client = new HttpClient({ sleep, random: () => 1, baseDelayMs: 100, maxDelayMs: 60_000 });
    expect((await client.get(server.url + PATH)).status).toBe(200);
    expect(delays).toEqual([100, 200, 60_000]);

    server.fault(PATH, status(500), status(500));
    const low = recordingSleep();
    await new HttpClient({ sleep: low.sleep, random: () => 0, baseDelayMs: 100 }).get(
      server.url + PATH,
    );
    expect(low.delays).toEqual([50, 100]);
  });

  it('gives up after the bounded number of retries with the last status', async () => {
    const server = await startServer();
    server.fault(PATH, status(500), status(500), status(500));
    const { delays, sleep } = recordingSleep();
    const response = await new HttpClient({ sleep, retries: 2 }).get(server.url + PATH);
    expect(response.status).toBe(500);
    expect(delays).toHaveLength(2);
    expect(server.requests).toHaveLength(3);
  });

  it('retries a truncated body and a timeout, then fails with the reason', async () => {
    const server = await startServer();
    server.fault(PATH, truncated, hang);
    const { delays, sleep } = recordingSleep();
    const client = new HttpClient({ sleep, timeoutMs: 200 });
    expect((await client.get(server.url + PATH)).status).toBe(200);
    expect(delays).toHaveLength(2);

    server.fault(PATH, hang, hang);
    await expect(
      new HttpClient({ sleep, timeoutMs: 100, retries: 1 }).get(server.url + PATH),
    ).rejects.toThrow('timed out');
  });

  it('takes a slow 200 that completes within the timeout once, without retrying', async () => {
    const server = await startServer();
    const body = JSON.stringify({ type: 'object', description: 'slow but complete' });
    server.fault(PATH, slow(150, body));
    const { delays, sleep } = recordingSleep();
    const client = new HttpClient({ sleep, timeoutMs: 2_000 });
    const started = Date.now();
    const response = await client.get(server.url + PATH);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response).toEqual({ status: 200, body });
    expect(delays).toEqual([]);
    expect(server.requests.map((r) => r.path)).toEqual([PATH]);
  });

  it('sends extra headers to their host only, also across redirects', async () => {
    const server = await startServer();
    const other = await startServer();
    const token = 'sEcReT-t0ken';
    const headers = [
      parseSchemaHeader(`127.0.0.1:${new URL(server.url).port}: Authorization: Bearer \${T}`, {
        T: token,
      }),
    ];
    server.fault('/moved.json', status(302, { location: other.url + PATH }));
    const client = new HttpClient({ headers, sleep: async () => {} });
    expect((await client.get(server.url + PATH)).status).toBe(200);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
    expect((await client.get(`${server.url}/moved.json`)).status).toBe(200);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
    expect(other.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
      [PATH, undefined],
    ]);
  });

  it('never puts a header value in an error message', async () => {
    const token = 'abcd-secret-value';
    const headers = [parseSchemaHeader(`bad.test: X-Token: ${token}`)];
    const fetchThatLeaks: typeof fetch = async (_url, init) => {
      throw new Error(`refused with ${JSON.stringify(init?.headers)}`);
    };
    const client = new HttpClient({ headers, fetch: fetchThatLeaks, retries: 0 });
    const error = await client.get('https://bad.test/x.json').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('***');
    expect((error as Error).message).not.toContain(token);
  });
});

describe('insecureSkipTlsVerify (kubeconform -insecure-skip-tls-verify)', () => {
  it('fails on a self-signed certificate unless told to skip verification', async () => {
    const server = await startServer({ tls: true });
    expect(server.url).toMatch(/^https:/);
    await expect(new HttpClient({ retries: 0 }).get(server.url + PATH)).rejects.toThrow(
      /certificate|self.signed/i,
    );
    const insecure = new HttpClient({ retries: 0, insecureSkipTlsVerify: true });
    const response = await insecure.get(server.url + PATH);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).properties.kind.enum).toEqual(['ConfigMap']);
  });

  it('loads the schema through the registry option', async () => {
    const server = await startServer({ tls: true });
    const location = `${server.url}/kubernetes-json-schema/master-standalone/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
    const resource = { apiVersion: 'v1', kind: 'ConfigMap' };
    const strict = new SchemaRegistry({ locations: [location], http: { retries: 0 } });
    expect(await strict.schemaFor(resource)).toMatchObject({ error: expect.any(String) });
    const insecure = new SchemaRegistry({
      locations: [location],
      insecureSkipTlsVerify: true,
      http: { retries: 0 },
    });
    expect(await insecure.schemaFor(resource)).toMatchObject({
      source: `${server.url}${PATH}`,
      schema: { properties: { kind: { enum: ['ConfigMap'] } } },
    });
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and dates and ignores garbage', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});
