import { statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { type FilterMode, filterModes, type RunEvent, readRunEvent } from '@fleetops/github';

export const failOnValues = ['error', 'warning', 'note', 'never'] as const;
export type FailOn = (typeof failOnValues)[number];

/** The inputs of action.yml and the runner context, parsed once: the action sees only this. */
export interface CheckInputs {
  /** GITHUB_WORKSPACE: where relative paths start and what annotations are relative to. */
  workspace: string;
  /** `https://github.com/OWNER/REPO/blob/SHA/`, for links from the job summary to files. */
  sourceUrl?: string;
  /** Absolute root of the fleet repository. */
  path: string;
  failOn: FailOn;
  annotations: boolean;
  /** Whether to publish a check run with every finding as an annotation (needs `checks: write`). */
  checkRun: boolean;
  /** Absolute path of the SARIF report to write, if one was asked for. */
  sarifFile?: string;
  githubToken?: string;
  /** Which findings become review comments on a pull request. */
  filterMode: FilterMode;
  /** GITHUB_REPOSITORY: the repository the comments go to. */
  repository?: string;
  /** What started the run, from GITHUB_EVENT_NAME and the GITHUB_EVENT_PATH payload. */
  event: RunEvent;
  /** The run's page, which shows the job summary. */
  runUrl?: string;
  /** GITHUB_STEP_SUMMARY; absent outside a runner. */
  summaryFile?: string;
}

/**
 * Reads the inputs from the runner's INPUT_* variables. Throws an Error that names the
 * input on a bad value. Relative paths resolve against the workspace, as `uses:` users expect.
 */
export function readInputs(): CheckInputs {
  const env = process.env;
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const sarifFile = optional('sarif-file');
  const githubToken = optional('github-token');
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  const { GITHUB_RUN_ID: runId, GITHUB_STEP_SUMMARY: summaryFile } = env;
  return {
    workspace,
    ...(server && repository && sha && { sourceUrl: `${server}/${repository}/blob/${sha}/` }),
    ...(server &&
      repository &&
      runId && { runUrl: `${server}/${repository}/actions/runs/${runId}` }),
    ...(repository && { repository }),
    ...(summaryFile && { summaryFile }),
    event: readRunEvent(env),
    filterMode: choice('filter-mode', filterModes, 'added'),
    path: directory('path', workspace),
    failOn: choice('fail-on', failOnValues, 'error'),
    annotations: boolean('annotations', true),
    checkRun: boolean('check-run', true),
    ...(sarifFile && { sarifFile: path.resolve(workspace, sarifFile) }),
    ...(githubToken && { githubToken }),
  };
}

/** An input's trimmed value; the runner passes an unset input as "", which means absent. */
function optional(name: string): string | undefined {
  return core.getInput(name) || undefined;
}

function choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = optional(name);
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(
    `Input '${name}' must be one of ${allowed.join(', ')}; got '${value}'. Default: ${fallback}.`,
  );
}

function boolean(name: string, fallback: boolean): boolean {
  if (optional(name) === undefined) return fallback;
  try {
    // YAML 1.2 core schema: true/True/TRUE/false/False/FALSE.
    return core.getBooleanInput(name);
  } catch {
    throw new Error(`Input '${name}' must be true or false; got '${core.getInput(name)}'.`);
  }
}

/** A directory that must exist, relative to the workspace; default: the workspace. */
function directory(name: string, workspace: string): string {
  const value = optional(name) ?? '.';
  const resolved = path.resolve(workspace, value);
  const isDirectory = statSync(resolved, { throwIfNoEntry: false })?.isDirectory();
  if (isDirectory) return resolved;
  const problem = isDirectory === false ? 'is not a directory' : 'does not exist';
  throw new Error(
    `Input '${name}': ${value} ${problem} in the workspace (${workspace}). Check out the fleet repository first, or fix the path.`,
  );
}
