// actions/check end to end, in two layers (the pure parts are unit-tested in actions/check/test):
// - entry: run() in this process with the real @actions/core, inputs through INPUT_*,
//   outputs and summary read back from the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files;
// - bundle: dist/index.js built from the current sources into a temporary directory,
//   started as a child process the way the runner starts it.
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { run } from '../../actions/check/src/main.ts';
import { schemaCacheKeys } from '../../packages/schema-cache/src/key.ts';
import { sharedPath, startServer } from '../../packages/schemas/test/server.ts';
import { buildAction } from '../../scripts/bundles.mjs';
import { startCacheService } from '../actions-runtime/cache-service.ts';
import { runEntry as runActionEntry } from './entry.ts';
import {
  context,
  copyExampleFleet,
  duplicateKey,
  prepareStep,
  type RunnerStep,
  runBundle,
  runWorkflowJob,
  workflowCommands,
  writeBrokenFleet,
} from './runner.ts';

let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'fleetops-action-check-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let workspaces = 0;

/** A fresh workspace holding the example fleet, or a broken one, under `subdir`. */
async function workspace(fleet: 'example' | 'broken', subdir = '.'): Promise<string> {
  const dir = path.join(scratch, `workspace-${++workspaces}`);
  const root = path.join(dir, subdir);
  await (fleet === 'example' ? copyExampleFleet(root) : writeBrokenFleet(root));
  return dir;
}

/** A finding's annotation as GitHub needs it: the path from the repository root. */
const brokenAnnotation = (prefix: string) =>
  `::error file=${prefix}${duplicateKey.file},line=${duplicateKey.line},col=${duplicateKey.column},`;

describe('check action: entry', () => {
  // @actions/core remembers the first GITHUB_STEP_SUMMARY it sees, so every step of this
  // block shares one runner temp directory; prepareStep empties its files each time.
  const runnerTemp = () => path.join(scratch, 'runner-temp');

  const runEntry = (step: RunnerStep) => runActionEntry(run, step);

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('passes on the example fleet and reports its counts', async () => {
    const dir = await workspace('example');
    const step = await prepareStep('check', { workspace: dir, runnerTemp: runnerTemp() });

    const { exitCode, commands } = await runEntry(step);

    expect(exitCode).toBeUndefined();
    expect(commands.error).toBeUndefined();
    const outputs = await step.outputs();
    expect(outputs.errors).toBe('0');
    const annotations = (commands.warning?.length ?? 0) + (commands.notice?.length ?? 0);
    expect(outputs.findings).toBe(String(annotations));
    expect(outputs.warnings).toBe(String(commands.warning?.length ?? 0));
    expect(outputs.notes).toBe(String(commands.notice?.length ?? 0));
    expect(outputs['sarif-file']).toBeUndefined();
    expect(await step.summary()).toMatch(/^## fleetops: /);
  });

  it('annotates a broken manifest on its line, relative to the workspace, and fails', async () => {
    const dir = await workspace('broken', 'fleet');
    const step = await prepareStep('check', {
      workspace: dir,
      runnerTemp: runnerTemp(),
      inputs: { path: 'fleet' },
    });

    const { exitCode, commands } = await runEntry(step);

    expect(exitCode).toBe(1);
    const annotations = commands.error?.filter((line) => line.startsWith('::error file=')) ?? [];
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toContain(brokenAnnotation('fleet/'));
    expect(commands.error?.at(-1)).toBe('::error::fleetops check found 1 error (fail-on: error).');
    expect(await step.outputs()).toMatchObject({ findings: '1', errors: '1', warnings: '0' });
    const { serverUrl, repository, sha } = context;
    expect(await step.summary()).toContain(
      `(${serverUrl}/${repository}/blob/${sha}/fleet/${duplicateKey.file}#L${duplicateKey.line})`,
    );
  });

  it('passes with fail-on: never and writes no annotations with annotations: false', async () => {
    const dir = await workspace('broken');
    const step = await prepareStep('check', {
      workspace: dir,
      runnerTemp: runnerTemp(),
      inputs: { 'fail-on': 'never', annotations: 'false' },
    });

    const { exitCode, stdout } = await runEntry(step);

    expect(exitCode).toBeUndefined();
    expect(stdout).toBe('');
    expect(await step.outputs()).toMatchObject({ findings: '1', errors: '1' });
  });

  it('writes a SARIF report where sarif-file says, with workspace-relative paths', async () => {
    const dir = await workspace('broken', 'fleet');
    const step = await prepareStep('check', {
      workspace: dir,
      runnerTemp: runnerTemp(),
      inputs: { path: 'fleet', 'sarif-file': 'reports/fleetops.sarif', 'fail-on': 'never' },
    });

    await runEntry(step);

    const sarifFile = path.join(dir, 'reports', 'fleetops.sarif');
    expect((await step.outputs())['sarif-file']).toBe(sarifFile);
    const sarif = JSON.parse(await readFile(sarifFile, 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    const [result] = sarif.runs[0].results;
    expect(result.ruleId).toBe('load/duplicate-key');
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe(
      `fleet/${duplicateKey.file}`,
    );
    expect(result.locations[0].physicalLocation.region.startLine).toBe(duplicateKey.line);
  });

  it.each([
    [
      'fail-on',
      'errors',
      /Input 'fail-on' must be one of error, warning, note, never; got 'errors'/,
    ],
    ['annotations', 'yes', /Input 'annotations' must be true or false; got 'yes'/],
    ['path', 'nowhere', /Input 'path': nowhere does not exist in the workspace/],
  ])('fails on %s: %s and names the input', async (name, value, message) => {
    const dir = await workspace('example');
    const step = await prepareStep('check', {
      workspace: dir,
      runnerTemp: runnerTemp(),
      inputs: { [name]: value },
    });

    const { exitCode, commands } = await runEntry(step);

    expect(exitCode).toBe(1);
    expect(commands.error).toHaveLength(1);
    expect(commands.error?.[0]).toMatch(message);
    expect(await step.outputs()).toEqual({});
  });
});

describe('check action: bundle', () => {
  let bundle: string;

  beforeAll(async () => {
    // The bundle of this checkout's sources, never the committed dist; in a directory with
    // no node_modules, so a dependency left out of the bundle fails here as on a runner.
    bundle = await buildAction('check', { outRoot: path.join(scratch, 'build') });
  });

  it('passes on the example fleet', async () => {
    const dir = await workspace('example');
    const step = await prepareStep('check', { workspace: dir, runnerTemp: `${dir}-temp` });

    const { exitCode, stdout } = await runBundle(bundle, step, dir);

    expect(workflowCommands(stdout).error).toBeUndefined();
    expect(exitCode).toBe(0);
    expect(await step.outputs()).toMatchObject({ errors: '0' });
    expect(await step.summary()).toMatch(/^## fleetops: /);
  });

  it('annotates a broken fleet, sets its outputs and exits 1', async () => {
    const dir = await workspace('broken', 'fleet');
    const step = await prepareStep('check', {
      workspace: dir,
      runnerTemp: `${dir}-temp`,
      inputs: { path: 'fleet', 'sarif-file': 'fleetops.sarif' },
    });

    const { exitCode, stdout } = await runBundle(bundle, step, dir);

    expect(exitCode).toBe(1);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(brokenAnnotation('fleet/'));
    expect(lines[1]).toBe('::error::fleetops check found 1 error (fail-on: error).');
    expect(await step.outputs()).toEqual({
      findings: '1',
      errors: '1',
      warnings: '0',
      notes: '0',
      suppressed: '0',
      'review-comments': '0',
      'sarif-file': path.join(dir, 'fleetops.sarif'),
    });
    expect(await step.summary()).toContain(`/fleet/${duplicateKey.file}#L${duplicateKey.line})`);
  });

  // The schema folder kept in the Actions cache, when .fleetops.yaml names schema locations:
  // the real @actions/cache in the bundle against the cache service double, schemas over
  // HTTP. Each job sees the same workspace and RUNNER_TEMP paths, emptied, as on a runner.
  // A test checks the example fleet over HTTP twice: more than the default on a busy machine.
  describe('schema cache', { timeout: 60_000 }, () => {
    async function start() {
      const schemas = await startServer();
      const service = await startCacheService();
      onTestFinished(() => service.close());
      const locations = [
        `${schemas.url}/kubernetes-json-schema`,
        `${schemas.url}/crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
      ];
      return { schemas, service, locations };
    }

    /** A fresh job checking the example fleet, validated against `locations`: run `runId`. */
    async function cacheJob(
      root: string,
      options: {
        runId: string;
        env: Record<string, string>;
        validation: string[];
        inputs?: Record<string, string>;
      },
    ) {
      return runWorkflowJob('check', bundle, {
        root,
        runId: options.runId,
        env: options.env,
        inputs: { 'check-run': 'false', 'github-token': '', ...options.inputs },
        fill: async (workspace) => {
          await copyExampleFleet(workspace);
          await appendFile(
            path.join(workspace, '.fleetops.yaml'),
            ['', 'validation:', ...options.validation.map((line) => `  ${line}`), ''].join('\n'),
          );
        },
      });
    }

    // The on-disk cache keeps the bodies of schemas found and, beside them, the URLs that
    // answered 404 (every CRD kind at the Kubernetes location): a warm run asks nothing.
    type Schemas = Awaited<ReturnType<typeof startServer>>;
    const warmRequests = (schemas: Schemas, from: number) =>
      schemas.requests.slice(from).map((request) => request.path);
    const notFound = (schemas: Schemas, upTo: number) =>
      schemas.requests
        .slice(0, upTo)
        .map((request) => request.path)
        .filter((path) => !existsSync(sharedPath(`.${path}`)));

    const locationLines = (locations: string[]) => [
      'schemaLocations:',
      ...locations.map((location) => `  - "${location}"`),
    ];

    it('saves what a cold run downloads; a warm run restores it, requests no schema and saves nothing', async () => {
      const { schemas, service, locations } = await start();
      const root = path.join(scratch, 'schema-cache-runner');
      const { key } = schemaCacheKeys(
        { locations },
        { os: 'Linux', runId: '2001', runAttempt: '1' },
      );
      const job = { env: service.env, validation: locationLines(locations) };

      const cold = await cacheJob(root, { ...job, runId: '2001' });

      expect(cold.exitCode).toBe(0);
      expect(cold.outputs.errors).toBe('0');
      const downloaded = schemas.requests.length;
      expect(downloaded).toBeGreaterThan(5);
      expect(service.saved()).toEqual([key]);
      expect(cold.stdout).toContain(`remembered 404s saved as ${key}.`);
      expect(workflowCommands(cold.stdout).warning ?? []).not.toContainEqual(
        expect.stringContaining('Schema cache'),
      );

      const warm = await cacheJob(root, { ...job, runId: '2002' });

      expect(warm.exitCode).toBe(0);
      expect(warm.outputs).toEqual(cold.outputs);
      // The cold run's 404s included: they are in the restored folder too.
      expect(notFound(schemas, downloaded).length).toBeGreaterThan(0);
      expect(warmRequests(schemas, downloaded)).toEqual([]);
      expect(warm.stdout).toContain(`remembered 404s restored from ${key}.`);
      expect(warm.stdout).toContain('Schema cache: nothing new downloaded, nothing to save.');
      expect(service.saved()).toEqual([key]);
      expect(service.violations()).toEqual([]);
    });

    it('keeps validation.cacheDirectory, and only restores it with validation.offline', async () => {
      const { schemas, service, locations } = await start();
      const root = path.join(scratch, 'schema-cache-folder');
      const validation = [...locationLines(locations), 'cacheDirectory: .schemas'];

      const cold = await cacheJob(root, { runId: '2001', env: service.env, validation });
      const downloaded = schemas.requests.length;
      const offline = await cacheJob(root, {
        runId: '2002',
        env: service.env,
        validation: [...validation, 'offline: true'],
      });

      expect(offline.exitCode).toBe(0);
      expect(offline.outputs).toEqual(cold.outputs);
      expect(schemas.requests).toHaveLength(downloaded);
      expect(offline.stdout).toContain('remembered 404s restored from');
      expect(service.saved()).toHaveLength(1);

      expect(service.violations()).toEqual([]);
    });

    it('uses no cache with schema-cache: false', async () => {
      const { schemas, service, locations } = await start();

      const off = await cacheJob(path.join(scratch, 'schema-cache-off'), {
        runId: '2003',
        env: service.env,
        validation: locationLines(locations),
        inputs: { 'schema-cache': 'false' },
      });

      expect(off.exitCode).toBe(0);
      expect(off.outputs.errors).toBe('0');
      expect(schemas.requests.length).toBeGreaterThan(5);
      expect(off.stdout).not.toContain('Schema cache');
      expect(service.twirp.calls).toEqual([]);
    });
  });
});
