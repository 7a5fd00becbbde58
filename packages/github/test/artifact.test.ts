// uploadArtifact with the real @actions/artifact client against the results service double
// (Twirp ArtifactService + blob storage on a loopback port): what reaches the service, the
// zip it stores, and every way an upload fails coming back as a reason, never a throw.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ArtifactServiceDouble,
  startArtifactService,
} from '../../../test/actions-runtime/artifact-service.ts';
import {
  artifactNameProblem,
  artifactsUnavailable,
  artifactUrl,
  uploadArtifact,
} from '../src/artifact.ts';

const runner = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/fleet',
  GITHUB_RUN_ID: '4242',
};

let service: ArtifactServiceDouble;
let dir: string;
let files: string[];
/** What @actions/artifact logs through @actions/core: plain lines and workflow commands. */
let stdout: string[];
const saved = { ...process.env };

beforeEach(async () => {
  service = await startArtifactService();
  dir = await mkdtemp(path.join(os.tmpdir(), 'fleetops-artifact-'));
  files = [path.join(dir, 'report.json'), path.join(dir, 'report.md')];
  await writeFile(files[0]!, '{"added": 3}\n');
  await writeFile(files[1]!, '### 3 added\n');
  // @actions/artifact reads the runner's variables from process.env itself.
  Object.assign(process.env, runner, service.jobEnv());
  delete process.env.GITHUB_RETENTION_DAYS;
  stdout = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
});

afterEach(async () => {
  process.env = { ...saved };
  vi.restoreAllMocks();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('uploadArtifact', () => {
  it('uploads the files as one zip through CreateArtifact, the blob and FinalizeArtifact', async () => {
    const result = await uploadArtifact({
      name: 'appset-preview',
      files,
      rootDirectory: dir,
      retentionDays: 5,
    });

    expect(service.violations).toEqual([]);
    const [stored, ...more] = service.artifacts;
    expect(more).toEqual([]);
    expect(result).toEqual({
      status: 'uploaded',
      name: 'appset-preview',
      id: stored?.id,
      url: `https://github.com/acme/fleet/actions/runs/4242/artifacts/${stored?.id}`,
      size: stored?.zip?.length,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(stored).toMatchObject({ version: 7, mimeType: 'application/zip' });
    expect(service.contentType(stored?.id)).toBe('application/zip');
    expect(stored?.hash).toBe(`sha256:${result.status === 'uploaded' && result.digest}`);
    const days = ((stored?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(4.9);
    expect(days).toBeLessThanOrEqual(5);
    expect(service.files(stored?.id)).toEqual({
      'report.json': '{"added": 3}\n',
      'report.md': '### 3 added\n',
    });
    expect(service.calls.map((call) => call.call)).toEqual(['CreateArtifact', 'FinalizeArtifact']);
    expect(service.storage.requests.map((request) => request.operation)).toEqual([
      'put-block',
      'put-block-list',
    ]);
    // The signed URL's signature is masked in the log before anything could print it.
    const signature = new URL(service.signedUrls[0] ?? '').searchParams.get('sig');
    expect(stdout).toContain(`::add-mask::${signature}\n`);
  });

  it('leaves the retention to the repository without retentionDays', async () => {
    await uploadArtifact({ name: 'report', files, rootDirectory: dir });
    expect(service.artifacts[0]?.expiresAt).toBeUndefined();
  });

  it('takes name-2, name-3 when another job of the run has the name', async () => {
    const log: string[] = [];
    const upload = () =>
      uploadArtifact(
        { name: 'appset-preview', files, rootDirectory: dir },
        { log: (line) => log.push(line) },
      );
    expect(await upload()).toMatchObject({ status: 'uploaded', name: 'appset-preview' });
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken();
    expect(await upload()).toMatchObject({ status: 'uploaded', name: 'appset-preview-2' });
    process.env.ACTIONS_RUNTIME_TOKEN = service.runtimeToken();
    expect(await upload()).toMatchObject({ status: 'uploaded', name: 'appset-preview-3' });

    expect(service.violations).toEqual([]);
    expect(service.artifacts.map((artifact) => artifact.name)).toEqual([
      'appset-preview',
      'appset-preview-2',
      'appset-preview-3',
    ]);
    expect(log).toEqual([
      'An artifact named appset-preview exists in this workflow run; trying appset-preview-2.',
      'An artifact named appset-preview exists in this workflow run; trying appset-preview-2.',
      'An artifact named appset-preview-2 exists in this workflow run; trying appset-preview-3.',
    ]);
  });

  it('fails, without throwing, when the results service answers 5xx on every attempt', async () => {
    // The library waits 3 s, then ×1.5 each time, between its 5 attempts: the waits are
    // recorded and shortened so the test takes no 30 s.
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void, ms?: number) => {
      if ((ms ?? 0) >= 1000) waits.push(ms ?? 0);
      return realSetTimeout(callback, (ms ?? 0) >= 1000 ? 0 : ms);
    }) as typeof setTimeout);
    service.fail({ on: 'CreateArtifact', answer: { twirp: 'unavailable', msg: 'try later' } });

    const result = await uploadArtifact({ name: 'report', files, rootDirectory: dir });

    expect(result).toEqual({
      status: 'failed',
      name: 'report',
      reason:
        'Failed to CreateArtifact: Failed to make request after 5 attempts: Failed request: (503) Service Unavailable: try later',
    });
    expect(service.calls).toEqual(Array(5).fill({ call: 'CreateArtifact', status: 503 }));
    expect(waits).toHaveLength(4);
    expect(waits[0]).toBe(3000);
    expect(service.artifacts).toEqual([]);
  });

  it('retries a 500 from FinalizeArtifact and then succeeds', async () => {
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((callback: () => void) =>
      setImmediate(callback)) as unknown as typeof setTimeout);
    service.fail({ on: 'FinalizeArtifact', answer: { twirp: 'internal' }, times: 1 });

    const result = await uploadArtifact({ name: 'report', files, rootDirectory: dir });

    expect(result).toMatchObject({ status: 'uploaded', name: 'report' });
    expect(service.calls.filter((call) => call.call === 'FinalizeArtifact')).toEqual([
      { call: 'FinalizeArtifact', status: 500 },
      { call: 'FinalizeArtifact', status: 200 },
    ]);
  });

  it('fails when the results service cannot be reached', async () => {
    const url = service.url;
    await service.close();
    process.env.ACTIONS_RESULTS_URL = url;

    const result = await uploadArtifact({ name: 'report', files, rootDirectory: dir });

    expect(result).toMatchObject({ status: 'failed', name: 'report' });
    expect(result.status === 'failed' && result.reason).toMatch(
      /^Failed to CreateArtifact: Unable to make request: ECONNREFUSED/,
    );
    service = await startArtifactService();
  });

  it('fails when blob storage refuses the upload', async () => {
    service.storage.fault('put-block', 403);

    const result = await uploadArtifact({ name: 'report', files, rootDirectory: dir });

    expect(result).toMatchObject({ status: 'failed', name: 'report' });
    expect(service.calls.map((call) => call.call)).toEqual(['CreateArtifact']);
    expect(service.storage.requests.map((request) => [request.operation, request.status])).toEqual([
      ['put-block', 403],
    ]);
    expect(service.artifacts).toEqual([]);
  });

  it('fails before any request outside a GitHub Actions job and on GHES', async () => {
    const upload = { name: 'report', files, rootDirectory: dir };
    expect(await uploadArtifact(upload, { env: runner })).toEqual({
      status: 'failed',
      name: 'report',
      reason:
        'not running in a GitHub Actions job (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)',
    });
    const ghes = { ...process.env, GITHUB_SERVER_URL: 'https://git.example.com' };
    expect(await uploadArtifact(upload, { env: ghes })).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('GitHub Enterprise Server (git.example.com)'),
    });
    expect(service.calls).toEqual([]);
  });
});

describe('artifact helpers', () => {
  it('names what a runner lacks', () => {
    expect(artifactsUnavailable({ ACTIONS_RESULTS_URL: 'https://results.example/' })).toBe(
      'not running in a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set)',
    );
    const env = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://r/' };
    expect(artifactsUnavailable(env)).toBeUndefined();
    expect(
      artifactsUnavailable({ ...env, GITHUB_SERVER_URL: 'https://octo.ghe.com' }),
    ).toBeUndefined();
  });

  it('links the artifact in its run', () => {
    expect(artifactUrl(runner, 7)).toBe(
      'https://github.com/acme/fleet/actions/runs/4242/artifacts/7',
    );
    expect(artifactUrl({ ...runner, GITHUB_RUN_ID: undefined }, 7)).toBeUndefined();
  });

  it('refuses the characters artifacts cannot hold', () => {
    expect(artifactNameProblem('appset-preview (prod)')).toBeUndefined();
    expect(artifactNameProblem('')).toBe('is empty');
    expect(artifactNameProblem('a/b:c')).toBe(
      `contains ':', '/'; an artifact name may not contain " : < > | * ? \\ / or line breaks`,
    );
    expect(artifactNameProblem('a\nb')).toMatch(/^contains a line feed;/);
  });
});
