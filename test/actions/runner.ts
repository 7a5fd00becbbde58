// A GitHub Actions runner, as far as a JavaScript action can tell: a workspace, the
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, the GITHUB_* context and one INPUT_*
// variable per input of action.yml, defaults included (the runner passes those too).
import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { readActionManifest } from '../../scripts/action-manifest.mjs';
import { repoRoot } from '../../scripts/bundles.mjs';

/** The repository the tests pretend to run in; summary links start with this. */
export const context = {
  serverUrl: 'https://github.com',
  repository: 'acme/fleet',
  sha: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
};

/** What the runner substitutes for the expressions action.yml defaults use. */
const expressions: Record<string, string> = { '${{ github.token }}': 'ghs_test-token' };

export interface RunnerStep {
  /** Environment of the step: GITHUB_*, RUNNER_TEMP and INPUT_* (no PATH, no HOME). */
  env: Record<string, string>;
  outputs(): Promise<Record<string, string>>;
  summary(): Promise<string>;
}

/**
 * Prepares one step of `actions/<action>`: empty output and summary files in `runnerTemp`,
 * inputs from `inputs` or the action.yml defaults. An input action.yml does not declare is
 * a mistake in the test, so it throws.
 */
export async function prepareStep(
  action: string,
  options: {
    workspace: string;
    runnerTemp: string;
    inputs?: Record<string, string>;
    /** More of the runner's variables, or other values for its defaults (GITHUB_SHA). */
    env?: Record<string, string>;
  },
): Promise<RunnerStep> {
  const { workspace, runnerTemp, inputs = {} } = options;
  const declared = readActionManifest(action).inputs ?? {};
  for (const name of Object.keys(inputs)) {
    if (!(name in declared)) throw new Error(`actions/${action}/action.yml has no input ${name}`);
  }
  const outputFile = path.join(runnerTemp, 'output');
  const summaryFile = path.join(runnerTemp, 'step_summary');
  await mkdir(runnerTemp, { recursive: true });
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_SERVER_URL: context.serverUrl,
    GITHUB_REPOSITORY: context.repository,
    GITHUB_SHA: context.sha,
    RUNNER_TEMP: runnerTemp,
    ...options.env,
  };
  for (const [name, input] of Object.entries(declared)) {
    const value = inputs[name] ?? input.default ?? '';
    // Same naming as the runner and @actions/core: spaces to _, upper case, hyphens kept.
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = expressions[value] ?? value;
  }
  return {
    env,
    outputs: async () => parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: () => readFile(summaryFile, 'utf8'),
  };
}

/**
 * Reads GITHUB_OUTPUT as the runner does: `name=value` lines and
 * `name<<DELIMITER` ... `DELIMITER` blocks (what @actions/core writes).
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const end = lines.indexOf(delimiter ?? '', i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${name} has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const equals = line.indexOf('=');
      if (equals < 0) throw new Error(`GITHUB_OUTPUT: cannot read line ${JSON.stringify(line)}`);
      outputs[line.slice(0, equals)] = line.slice(equals + 1);
    }
  }
  return outputs;
}

/** examples/fleet, copied so that nothing a test writes lands in the repository. */
export async function copyExampleFleet(to: string): Promise<void> {
  await cp(path.join(repoRoot, 'examples', 'fleet'), to, { recursive: true });
}

/** Where the broken fleet's one error is: the second `name:` key of a mapping. */
export const duplicateKey = { file: 'clusters/broken/cluster.yaml', line: 5, column: 3 };

/**
 * A fleet with one malformed manifest: a duplicate mapping key, which the Kubernetes API
 * rejects under strict decoding, at `duplicateKey`.
 */
export async function writeBrokenFleet(to: string): Promise<void> {
  const file = path.join(to, duplicateKey.file);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    [
      'apiVersion: cluster.x-k8s.io/v1beta1',
      'kind: Cluster',
      'metadata:',
      '  name: broken',
      '  name: broken-again',
      '',
    ].join('\n'),
  );
}

/** The workflow-command lines of a stdout, grouped by command (`error`, `warning`, ...). */
export function workflowCommands(stdout: string): Record<string, string[]> {
  const commands: Record<string, string[]> = {};
  for (const line of stdout.split('\n')) {
    const match = /^::([a-z-]+)[ :]/.exec(line);
    if (!match?.[1]) continue;
    commands[match[1]] ??= [];
    commands[match[1]]?.push(line);
  }
  return commands;
}

export interface StepResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs an action's bundle as the runner does: the node binary itself (Node 24 under pnpm),
 * not a shell wrapper, since /bin/sh drops variables such as INPUT_FAIL-ON whose names are
 * not shell identifiers; only the step's environment and PATH.
 */
export async function runBundle(
  bundle: string,
  step: RunnerStep,
  cwd: string,
): Promise<StepResult> {
  const child = promisify(execFile)(process.execPath, [bundle], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...step.env },
  });
  try {
    const { stdout, stderr } = await child;
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { exitCode: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * Runs `bundle`, built from `actions/<action>`, as the step of a fresh job of workflow run
 * `runId` (attempt 1) on a Linux runner, the variables the Actions cache keys are made of.
 * Every job gets the same workspace and RUNNER_TEMP paths under `root`, emptied, as on a
 * runner; `fill` writes the workspace first.
 */
export async function runWorkflowJob(
  action: string,
  bundle: string,
  options: {
    root: string;
    runId: string;
    fill: (workspace: string) => Promise<void>;
    inputs?: Record<string, string>;
    env?: Record<string, string>;
  },
): Promise<StepResult & { outputs: Record<string, string>; commands: Record<string, string[]> }> {
  const workspace = path.join(options.root, 'workspace');
  await rm(options.root, { recursive: true, force: true });
  await mkdir(workspace, { recursive: true });
  await options.fill(workspace);
  const step = await prepareStep(action, {
    workspace,
    runnerTemp: path.join(options.root, 'temp'),
    ...(options.inputs && { inputs: options.inputs }),
    env: {
      RUNNER_OS: 'Linux',
      GITHUB_RUN_ID: options.runId,
      GITHUB_RUN_ATTEMPT: '1',
      ...options.env,
    },
  });
  const result = await runBundle(bundle, step, workspace);
  return { ...result, outputs: await step.outputs(), commands: workflowCommands(result.stdout) };
}
