// actions/validate end to end, in two layers (the job itself is tested in packages/validate):
// - entry: run() in this process with the real @actions/core, inputs through INPUT_*,
//   outputs and summary read back from the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files;
// - bundle: dist/index.js built from the current sources into a temporary directory,
//   started as a child process the way the runner starts it.
// Schemas are the real upstream ones in ../shared/schemas, read in place (no network).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { run } from '../../actions/validate/src/main.ts';
import { schemaCacheKeys } from '../../packages/schema-cache/src/key.ts';
import { startServer } from '../../packages/schemas/test/server.ts';
import { buildAction } from '../../scripts/bundles.mjs';
import { alreadyExists, startCacheService } from '../actions-runtime/cache-service.ts';
import { TwirpError } from '../actions-runtime/twirp.ts';
import { runEntry as runActionEntry } from './entry.ts';
import { invalidDeployment, schemaLocations, validDeployment } from './manifests.ts';
import {
  context,
  copyExampleFleet,
  prepareStep,
  type RunnerStep,
  runBundle,
  runWorkflowJob,
} from './runner.ts';

/** A Deployment and a ConfigMap, both valid. */
const validManifests = [
  validDeployment,
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n',
].join('---\n');

let scratch: string;
let workspaces = 0;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'fleetops-action-validate-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function exampleWorkspace(): Promise<string> {
  const dir = path.join(scratch, `workspace-${++workspaces}`);
  await copyExampleFleet(dir);
  return dir;
}

async function brokenWorkspace(): Promise<string> {
  const dir = path.join(scratch, `workspace-${++workspaces}`);
  await mkdir(path.join(dir, 'apps'), { recursive: true });
  await writeFile(path.join(dir, 'apps', 'web.yaml'), invalidDeployment);
  await writeFile(
    path.join(dir, 'apps', 'config.yaml'),
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  a: b\n---\nkind: Secret\n',
  );
  return dir;
}

describe('validate action: entry', () => {
  // @actions/core remembers the first GITHUB_STEP_SUMMARY it sees, so every step of this
  // block shares one runner temp directory; prepareStep empties its files each time.
  const runnerTemp = () => path.join(scratch, 'runner-temp');

  const runEntry = (step: RunnerStep) => runActionEntry(run, step);

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const step = (workspace: string, inputs: Record<string, string>) =>
    prepareStep('validate', {
      workspace,
      runnerTemp: runnerTemp(),
      inputs: { 'schema-locations': schemaLocations, offline: 'true', ...inputs },
    });

  it('passes on the example fleet and counts its resources per kind', async () => {
    const dir = await exampleWorkspace();
    const validate = await step(dir, { paths: 'clusters\nmanagement' });

    const { exitCode, stdout, commands } = await runEntry(validate);

    expect(exitCode).toBeUndefined();
    expect(commands.error).toBeUndefined();
    expect(stdout.split('\n')[0]).toBe('fleetops validate: clusters, management');
    expect(await validate.outputs()).toEqual({
      valid: '103',
      invalid: '0',
      errors: '0',
      skipped: '0',
      files: '36',
    });
    const summary = await validate.summary();
    expect(summary).toMatch(/^## fleetops validate: 103 resources in 36 files\n\n✅ 103 valid,/);
    expect(summary).toContain('| Cluster | cluster.x-k8s.io/v1beta2 | 6 | 6 | 0 | 0 | 0 |');
    expect(summary).toContain('| **Total** | | **103** | **103** | **0** | **0** | **0** |');
    expect(summary).toContain('## fleetops: no findings');
  });

  it('annotates each error at its line, writes SARIF and fails', async () => {
    const dir = await brokenWorkspace();
    const validate = await step(dir, { 'sarif-file': 'out/validate.sarif' });

    const { exitCode, commands } = await runEntry(validate);

    expect(exitCode).toBe(1);
    const annotations = commands.error?.filter((line) => line.startsWith('::error file=')) ?? [];
    expect(
      annotations.map((line) => /file=([^,]+),line=(\d+),col=(\d+)/.exec(line)?.slice(1)),
    ).toEqual([
      ['apps/config.yaml', '8', '1'],
      ['apps/web.yaml', '6', '13'],
    ]);
    expect(commands.error?.at(-1)).toBe(
      '::error::fleetops validate found 1 invalid resource and 1 resource in error.',
    );
    const sarifFile = path.join(dir, 'out', 'validate.sarif');
    expect(await validate.outputs()).toEqual({
      valid: '1',
      invalid: '1',
      errors: '1',
      skipped: '0',
      files: '2',
      'sarif-file': sarifFile,
    });
    const sarif = JSON.parse(await readFile(sarifFile, 'utf8'));
    const regions = sarif.runs[0].results.map(
      (result: {
        locations: {
          physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
        }[];
      }) => {
        const { artifactLocation, region } = result.locations[0]!.physicalLocation;
        return `${artifactLocation.uri}:${region.startLine}`;
      },
    );
    expect(regions.sort()).toEqual(['apps/config.yaml:8', 'apps/web.yaml:6']);
    const summary = await validate.summary();
    expect(summary).toContain('| Deployment | apps/v1 | 1 | 0 | 1 | 0 | 0 |');
    expect(summary).toContain('| Secret |  | 1 | 0 | 0 | 1 | 0 |');
    const { serverUrl, repository, sha } = context;
    expect(summary).toContain(`(${serverUrl}/${repository}/blob/${sha}/apps/web.yaml#L6)`);
  });

  it('splits the example fleet over shards whose merge equals the whole run', async () => {
    const dir = await exampleWorkspace();
    const counts: Record<string, string>[] = [];
    for (const index of [1, 2, 3]) {
      const shard = await step(dir, {
        paths: 'clusters, management',
        shard: `${index}/3`,
        'report-file': `reports/shard-${index}/validate-report.json`,
      });
      const { exitCode } = await runEntry(shard);
      expect(exitCode).toBeUndefined();
      const outputs = await shard.outputs();
      expect(outputs['report-file']).toBe(
        path.join(dir, 'reports', `shard-${index}`, 'validate-report.json'),
      );
      counts.push(outputs);
      expect(await shard.summary()).toMatch(
        new RegExp(`^## fleetops validate \\(shard ${index}/3\\)`),
      );
    }
    const files = counts.map((outputs) => Number(outputs.files));
    expect(files.every((n) => n > 0 && n < 36)).toBe(true);

    const merge = await step(dir, { mode: 'merge', reports: 'reports/*/validate-report.json' });
    const { exitCode, stdout } = await runEntry(merge);

    expect(exitCode).toBeUndefined();
    expect(stdout.split('\n')[0]).toBe(
      'fleetops validate: merging the reports reports/*/validate-report.json',
    );
    expect(await merge.outputs()).toEqual({
      valid: '103',
      invalid: '0',
      errors: '0',
      skipped: '0',
      files: '36',
    });
    expect(await merge.summary()).toMatch(
      /^## fleetops validate \(3 shards merged\): 103 resources in 36 files/,
    );
  });

  it('merges the errors of the shards and fails the merge on them, without annotating again', async () => {
    const dir = await brokenWorkspace();
    for (const index of [1, 2]) {
      await runEntry(
        await step(dir, { paths: 'apps', shard: `${index}/2`, 'report-file': `r/${index}.json` }),
      );
    }

    const merge = await step(dir, { mode: 'merge', reports: 'r/1.json, r/2.json' });
    const { exitCode, commands } = await runEntry(merge);

    expect(exitCode).toBe(1);
    expect(commands.error).toEqual([
      '::error::fleetops validate found 1 invalid resource and 1 resource in error.',
    ]);
    expect(await merge.outputs()).toMatchObject({
      valid: '1',
      invalid: '1',
      errors: '1',
      files: '2',
    });
    expect(await merge.summary()).toContain('/apps/web.yaml#L6) | ❌ error | [validate/schema]');
  });

  it('fails the merge when a shard’s report is missing', async () => {
    const dir = await brokenWorkspace();
    await runEntry(await step(dir, { paths: 'apps', shard: '1/2', 'report-file': 'r/1.json' }));

    const { exitCode, commands } = await runEntry(
      await step(dir, { mode: 'merge', reports: 'r/*.json' }),
    );

    expect(exitCode).toBe(1);
    expect(commands.error?.[0]).toMatch(/^::error::shard 2\/2 missing among the reports/);
  });

  it.each([
    ['shard', '5/4', /Input 'shard': '5\/4' is not a shard: expected i\/n with 1 <= i <= n <= 256/],
    ['kubernetes-version', 'latest', /Input 'kubernetes-version' must be master or a full version/],
    ['mode', 'merge', /Input 'reports' is required with mode: merge/],
    ['strict', 'yes', /Input 'strict' must be true or false; got 'yes'/],
    ['paths', 'nowhere', /Input 'paths': nowhere does not exist in the workspace/],
    ['paths', '../elsewhere', /Input 'paths': \.\.\/elsewhere is outside the workspace/],
  ])('fails on %s: %s and names the input', async (name, value, message) => {
    const dir = await brokenWorkspace();

    const { exitCode, commands } = await runEntry(await step(dir, { [name]: value }));

    expect(exitCode).toBe(1);
    expect(commands.error).toHaveLength(1);
    expect(commands.error?.[0]).toMatch(message);
  });
});

describe('validate action: bundle', () => {
  let bundle: string;

  beforeAll(async () => {
    // The bundle of this checkout's sources, never the committed dist; in a directory with
    // no node_modules, so a dependency left out of the bundle fails here as on a runner.
    bundle = await buildAction('validate', { outRoot: path.join(scratch, 'build') });
  });

  it('writes its start line first, then annotations, outputs and the exit status', async () => {
    const dir = await brokenWorkspace();
    const validate = await prepareStep('validate', {
      workspace: dir,
      runnerTemp: `${dir}-temp`,
      inputs: { 'schema-locations': schemaLocations, offline: 'true', paths: 'apps' },
    });

    const { exitCode, stdout } = await runBundle(bundle, validate, dir);

    expect(exitCode).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('fleetops validate: apps');
    expect(lines.slice(1, 3).map((line) => line.slice(0, line.indexOf(',endLine=')))).toEqual([
      '::error file=apps/config.yaml,line=8,col=1',
      '::error file=apps/web.yaml,line=6,col=13',
    ]);
    expect(lines.at(-1)).toBe(
      '::error::fleetops validate found 1 invalid resource and 1 resource in error.',
    );
    expect(await validate.outputs()).toMatchObject({ valid: '1', invalid: '1', errors: '1' });
    expect(await validate.summary()).toMatch(/^## fleetops validate: 3 resources in 2 files/);
  });
  // The schema folder kept in the Actions cache: the real @actions/cache in the bundle
  // against the cache service double, schemas over HTTP from a loopback server. The jobs of
  // a hosted runner see the same GITHUB_WORKSPACE and RUNNER_TEMP paths, emptied: so do these
  // (@actions/cache's version, which a restore must match, hashes the cached path).
  describe('schema cache', () => {
    const passing = { valid: '2', invalid: '0', errors: '0', skipped: '0', files: '1' };

    async function start() {
      const schemas = await startServer();
      const service = await startCacheService();
      onTestFinished(() => service.close());
      const location = `${schemas.url}/kubernetes-json-schema`;
      const { key, restoreKeys } = schemaCacheKeys(
        { locations: [location] },
        { os: 'Linux', runId: '1001', runAttempt: '1' },
      );
      return { schemas, service, location, key, prefix: restoreKeys[0] ?? '' };
    }

    /** A fresh job at `root` validating two valid resources: run `runId` of the workflow. */
    async function cacheJob(
      root: string,
      options: { runId: string; env: Record<string, string>; inputs: Record<string, string> },
    ) {
      return runWorkflowJob('validate', bundle, {
        root,
        runId: options.runId,
        env: options.env,
        inputs: { paths: 'apps', ...options.inputs },
        fill: async (workspace) => {
          await mkdir(path.join(workspace, 'apps'));
          await writeFile(path.join(workspace, 'apps', 'web.yaml'), validManifests);
        },
      });
    }

    it('saves what a cold run downloads; a warm run restores it, requests no schema and saves nothing', async () => {
      const { schemas, service, location, key, prefix } = await start();
      const root = path.join(scratch, 'schema-cache-runner');
      const job = { env: service.env, inputs: { 'schema-locations': location } };

      const cold = await cacheJob(root, { ...job, runId: '1001' });

      expect(cold.exitCode).toBe(0);
      expect(cold.outputs).toEqual(passing);
      expect(schemas.requests.map((request) => request.path).sort()).toEqual([
        '/kubernetes-json-schema/master-standalone/configmap-v1.json',
        '/kubernetes-json-schema/master-standalone/deployment-apps-v1.json',
      ]);
      expect(key).toMatch(/^fleetops-schemas-linux-[0-9a-f]{16}-1001-1$/);
      expect(service.saved()).toEqual([key]);
      expect(service.archive(key)?.length).toBeGreaterThan(0);
      expect(cold.stdout).toContain(`Schema cache: nothing restored under ${prefix}*`);
      expect(cold.stdout).toContain(`Schema cache: 2 new schemas saved as ${key}.`);
      expect(cold.commands.warning).toBeUndefined();

      const warm = await cacheJob(root, { ...job, runId: '1002' });

      expect(warm.exitCode).toBe(0);
      expect(warm.outputs).toEqual(passing);
      expect(schemas.requests).toHaveLength(2);
      expect(warm.stdout).toContain(`Schema cache: 2 schemas restored from ${key}.`);
      expect(warm.stdout).toContain('Schema cache: nothing new downloaded, nothing to save.');
      expect(service.twirp.calls.map((call) => call.method)).toEqual([
        'GetCacheEntryDownloadURL',
        'CreateCacheEntry',
        'FinalizeCacheEntryUpload',
        'GetCacheEntryDownloadURL',
      ]);
      expect(service.twirp.calls.at(-1)?.input).toMatchObject({
        key: `${prefix}1002-1`,
        restoreKeys: [prefix],
      });
      expect(service.saved()).toEqual([key]);
      expect(warm.commands.warning).toBeUndefined();
      expect(service.violations()).toEqual([]);
    });

    it('keeps the cache folder the user names, and offline only restores it', async () => {
      const { schemas, service, location } = await start();
      const root = path.join(scratch, 'schema-cache-folder');
      const inputs = { 'schema-locations': location, cache: '.schemas' };

      await cacheJob(root, { runId: '1001', env: service.env, inputs });
      expect(service.saved()).toHaveLength(1);
      const offline = await cacheJob(root, {
        runId: '1002',
        env: service.env,
        inputs: { ...inputs, offline: 'true' },
      });

      expect(offline.exitCode).toBe(0);
      expect(offline.outputs).toEqual(passing);
      expect(schemas.requests).toHaveLength(2);
      expect(offline.stdout).toContain('Schema cache: 2 schemas restored from');
      expect(service.saved()).toHaveLength(1);
    });

    type Service = Awaited<ReturnType<typeof startCacheService>>;
    it.each([
      [
        'answers 501 to the lookup and 409 to the reservation',
        (service: Service) => {
          service.twirp.fault(
            'GetCacheEntryDownloadURL',
            new TwirpError('unimplemented', 'v2 is off'),
          );
          service.twirp.fault('CreateCacheEntry', new TwirpError('already_exists', alreadyExists));
          return service.env;
        },
        [
          '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: (501) Not Implemented: v2 is off',
          expect.stringMatching(
            /^::warning::Schema cache: 2 new schemas could not be saved as fleetops-schemas-linux-\w+-1001-1 \(see above\); the next run downloads them again\.$/,
          ),
        ],
      ],
      [
        'is unreachable',
        (service: Service) => ({ ...service.env, ACTIONS_RESULTS_URL: 'http://127.0.0.1:1/' }),
        [
          '::warning::Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNREFUSED',
          expect.stringMatching(/^::warning::Schema cache: 2 new schemas could not be saved as/),
        ],
      ],
      [
        'is not given to the step (no ACTIONS_* variables)',
        () => ({}),
        [
          '::warning::Schema cache: the Actions cache service is not available to this step (the runner set neither ACTIONS_RESULTS_URL nor ACTIONS_CACHE_URL), so the schemas downloaded now are not kept for the next run. Set the input schema-cache to false to silence this.',
        ],
      ],
    ])('warns when the cache service %s, and validates the same', async (_, env, warnings) => {
      const { schemas, service, location } = await start();
      const job = await cacheJob(path.join(scratch, 'schema-cache-failing'), {
        runId: '1001',
        env: env(service),
        inputs: { 'schema-locations': location },
      });

      expect(job.exitCode).toBe(0);
      expect(job.outputs).toEqual(passing);
      expect(schemas.requests).toHaveLength(2);
      expect(job.commands.error).toBeUndefined();
      // @actions/cache warns in its own words too (the lines of a multi-line one: %0A).
      const lines = job.commands.warning?.map((line) => line.split('%0A')[0]) ?? [];
      expect(lines).toEqual(expect.arrayContaining(warnings));
      for (const line of lines)
        expect(line).toMatch(/^::warning::(Failed to (restore|save): |Schema cache: )/);
      expect(service.saved()).toEqual([]);
      expect(service.violations()).toEqual([]);
    });

    it('uses no cache with only local locations, or with schema-cache: false', async () => {
      const { service, location } = await start();
      for (const [name, inputs] of [
        ['local', { 'schema-locations': schemaLocations }],
        ['off', { 'schema-locations': location, 'schema-cache': 'false' }],
      ] as const) {
        const job = await cacheJob(path.join(scratch, `schema-cache-${name}`), {
          runId: '1001',
          env: service.env,
          inputs,
        });
        expect(job.exitCode).toBe(0);
        expect(job.outputs).toEqual(passing);
        expect(job.stdout).not.toContain('Schema cache');
      }
      expect(service.twirp.calls).toEqual([]);
    });
  });
});
