// actions/validate end to end, in two layers (the job itself is tested in packages/validate):
// - entry: run() in this process with the real @actions/core, inputs through INPUT_*,
//   outputs and summary read back from the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files;
// - bundle: dist/index.js built from the current sources into a temporary directory,
//   started as a child process the way the runner starts it.
// Schemas are the real upstream ones in ../shared/schemas, read in place (no network).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../actions/validate/src/main.ts';
import { buildAction } from '../../scripts/bundles.mjs';
import {
  context,
  copyExampleFleet,
  prepareStep,
  type RunnerStep,
  runBundle,
  workflowCommands,
} from './runner.ts';

const shared = fileURLToPath(new URL('../../../shared/schemas/', import.meta.url));
/** The two default locations, served from disk: the Kubernetes schemas and the CRD catalog. */
const schemaLocations = [
  `${shared}kubernetes-json-schema`,
  `${shared}crds-catalog/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json`,
].join('\n');

/** A Deployment whose replicas is a string (line 6) and a ConfigMap lacking metadata. */
const invalidDeployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  replicas: three',
  '  selector:',
  '    matchLabels: { app: web }',
  '  template:',
  '    metadata:',
  '      labels: { app: web }',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '',
].join('\n');

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

  async function runEntry(step: RunnerStep) {
    for (const [name, value] of Object.entries(step.env)) vi.stubEnv(name, value);
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await run();
    } finally {
      write.mockRestore();
    }
    const exitCode = process.exitCode;
    // setFailed sets the exit code of this very process: the test runner's.
    process.exitCode = undefined;
    const stdout = chunks.join('');
    return { exitCode, stdout, commands: workflowCommands(stdout) };
  }

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
});
