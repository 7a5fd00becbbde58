// actions/check end to end, in two layers (the pure parts are unit-tested in actions/check/test):
// - entry: run() in this process with the real @actions/core, inputs through INPUT_*,
//   outputs and summary read back from the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files;
// - bundle: dist/index.js built from the current sources into a temporary directory,
//   started as a child process the way the runner starts it.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../actions/check/src/main.ts';
import { buildAction } from '../../scripts/bundles.mjs';
import {
  context,
  copyExampleFleet,
  duplicateKey,
  prepareStep,
  type RunnerStep,
  runBundle,
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
});
