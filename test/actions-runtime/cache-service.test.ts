// The cache service double against the real client: @actions/cache's saveCache and
// restoreCache, in this process, with the variables the runner sets. Whatever the double
// sees is what the client sends, and it must speak the protocol with no violation.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { restoreCache, saveCache } from '@actions/cache';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { alreadyExists, type CacheServiceDouble, startCacheService } from './cache-service.ts';
import { TwirpError } from './twirp.ts';

let scratch: string;
let service: CacheServiceDouble;
let folder: string;
let stdout: string[];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'fleetops-cache-service-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  service = await startCacheService();
  const workspace = path.join(scratch, 'workspace');
  folder = path.join(scratch, 'temp', 'schemas');
  await mkdir(workspace, { recursive: true });
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  for (const [name, value] of Object.entries({
    ...service.env,
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: path.join(scratch, 'temp'),
    GITHUB_SERVER_URL: 'https://github.com',
  }))
    vi.stubEnv(name, value);
  // @actions/core writes its log lines and workflow commands to stdout.
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await service.close();
});

describe('cache service double, with @actions/cache', () => {
  it('saves an archive through a reservation, a blob upload and a finalization, and restores it by prefix', async () => {
    await writeFile(path.join(folder, 'a.json'), '{"a":1}');

    const id = await saveCache([folder], 'schemas-linux-abc-100-1');

    expect(id).toBe(1);
    expect(service.twirp.calls.map((call) => call.method)).toEqual([
      'CreateCacheEntry',
      'FinalizeCacheEntryUpload',
    ]);
    expect(
      service.storage.requests.map((request) => `${request.operation} ${request.status}`),
    ).toEqual(['put-blob 201']);
    expect(service.saved()).toEqual(['schemas-linux-abc-100-1']);
    expect(service.archive('schemas-linux-abc-100-1')?.length).toBeGreaterThan(0);

    await rm(folder, { recursive: true });
    const restored = await restoreCache([folder], 'schemas-linux-abc-200-1', [
      'schemas-linux-abc-',
    ]);

    expect(restored).toBe('schemas-linux-abc-100-1');
    expect(await readFile(path.join(folder, 'a.json'), 'utf8')).toBe('{"a":1}');
    const lookup = service.twirp.calls.at(-1);
    expect(lookup?.method).toBe('GetCacheEntryDownloadURL');
    expect(lookup?.input).toMatchObject({
      key: 'schemas-linux-abc-200-1',
      restoreKeys: ['schemas-linux-abc-'],
      version: service.entries[0]?.version,
    });
    expect(lookup?.headers.authorization).toBe(`Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}`);
    expect(service.storage.requests.at(-1)).toMatchObject({ operation: 'get-blob', status: 200 });
    expect(service.violations()).toEqual([]);
  });

  it('finds nothing under another prefix or for other paths (another version)', async () => {
    await writeFile(path.join(folder, 'a.json'), '{}');
    await saveCache([folder], 'schemas-linux-abc-100-1');

    expect(await restoreCache([folder], 'schemas-linux-def-200-1', ['schemas-linux-def-'])).toBe(
      undefined,
    );
    expect(
      await restoreCache([path.join(scratch, 'elsewhere')], 'schemas-linux-abc-200-1', [
        'schemas-linux-abc-',
      ]),
    ).toBe(undefined);
    expect(service.violations()).toEqual([]);
  });

  it('answers a second reservation of a key with 409 already_exists, and the client gives up with -1', async () => {
    await writeFile(path.join(folder, 'a.json'), '{}');
    await saveCache([folder], 'schemas-linux-abc-100-1');

    expect(await saveCache([folder], 'schemas-linux-abc-100-1')).toBe(-1);
    expect(stdout.join('')).toContain(
      'Failed to save: Unable to reserve cache with key schemas-linux-abc-100-1, another job may be creating this cache.',
    );
    expect(service.saved()).toEqual(['schemas-linux-abc-100-1']);
    expect(alreadyExists).toMatch(/already exists/);
  });

  it('plays faults: a Twirp error, a dropped connection; the client reports them as a miss', async () => {
    service.twirp.fault(
      'GetCacheEntryDownloadURL',
      new TwirpError('unimplemented', 'v2 is off'),
      'reset',
    );

    expect(await restoreCache([folder], 'k-1', ['k-'])).toBe(undefined);
    expect(await restoreCache([folder], 'k-1', ['k-'])).toBe(undefined);
    const warnings = stdout
      .join('')
      .split('\n')
      .filter((line) => line.startsWith('::warning::'));
    expect(warnings).toEqual([
      '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: (501) Not Implemented: v2 is off',
      expect.stringMatching(/^::warning::Failed to restore: .*ECONNRESET/),
    ]);
  });

  it('refuses requests that break the protocol, and records why', async () => {
    const post = (route: string, body: string, headers: Record<string, string> = {}) =>
      fetch(new URL(route, service.twirp.url), {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${service.env.ACTIONS_RUNTIME_TOKEN}`,
          ...headers,
        },
      });
    const route = '/twirp/github.actions.results.api.v1.CacheService/GetCacheEntryDownloadURL';

    expect((await post(route, '{"key":"k","restoreKeys":[],"version":"v"}')).status).toBe(400);
    expect((await post(route, '{"key":"k","version":"v","scope":"x"}')).status).toBe(400);
    expect(
      (await post(route, '{"key":"k","version":"v"}', { authorization: 'Bearer nope' })).status,
    ).toBe(401);
    expect(
      (await post('/twirp/github.actions.results.api.v1.CacheService/DeleteCacheEntry', '{}'))
        .status,
    ).toBe(404);
    expect((await post(route, '{"key":"k","version":"v"}')).status).toBe(200);
    const forged = service.storage.signedUrl('caches/1', 'r').replace('sp=r', 'sp=cw');
    expect((await fetch(forged, { method: 'PUT', body: 'x' })).status).toBe(403);

    expect(service.violations()).toEqual([
      expect.stringContaining('has no field restoreKeys'),
      expect.stringContaining('has no field scope'),
      expect.stringContaining('not the runtime token'),
      expect.stringContaining('no method'),
      expect.stringContaining('AuthenticationFailed'),
    ]);
  });
});
