import { statSync } from 'node:fs';
import path from 'node:path';
import * as core from '@actions/core';
import { type FilterMode, filterModes, type RunEvent, readRunEvent } from '@fleetops/github';
import { parseShard, type Shard, ShardError, type ValidationJobOptions } from '@fleetops/validate';

export const modes = ['validate', 'merge'] as const;

/** The inputs of action.yml and the runner context, parsed once: the action sees only this. */
export interface ValidateInputs {
  /** GITHUB_WORKSPACE: where relative paths start and what findings are relative to. */
  workspace: string;
  mode: (typeof modes)[number];
  /** The validate job, in `validate` mode. */
  job: ValidationJobOptions;
  /** Report paths and globs, in `merge` mode. */
  reports: string[];
  /** Absolute paths of the files to write, when asked for. */
  reportFile?: string;
  sarifFile?: string;
  annotations: boolean;
  filterMode: FilterMode;
  githubToken?: string;
  /** GITHUB_REPOSITORY: the repository comments go to. */
  repository?: string;
  /** What started the run; a shard never sees the pull request (the merge comments). */
  event: RunEvent;
  /** `https://github.com/OWNER/REPO/blob/SHA/`, for links from the job summary to files. */
  sourceUrl?: string;
  runUrl?: string;
  /** GITHUB_STEP_SUMMARY; absent outside a runner. */
  summaryFile?: string;
}

/**
 * Reads the inputs from the runner's INPUT_* variables. Throws an Error that names the
 * input on a bad value. Relative paths resolve against the workspace.
 */
export function readInputs(): ValidateInputs {
  const env = process.env;
  const workspace = path.resolve(env.GITHUB_WORKSPACE || process.cwd());
  const mode = choice('mode', modes, 'validate');
  const shard = shardInput();
  const reports = list('reports');
  if (mode === 'merge' && reports.length === 0)
    throw new Error(
      "Input 'reports' is required with mode: merge: the shards' report files or a glob such as reports/*.json.",
    );
  const event = readRunEvent(env);
  const cache = optional('cache');
  const locations = list('schema-locations');
  const reportFile = optional('report-file');
  const sarifFile = optional('sarif-file');
  const githubToken = optional('github-token');
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  const { GITHUB_RUN_ID: runId, GITHUB_STEP_SUMMARY: summaryFile } = env;
  const job: ValidationJobOptions = {
    paths: relativePaths('paths', workspace, ['.']),
    cwd: workspace,
    registry: {
      ...(locations.length > 0 && { locations }),
      kubernetesVersion: kubernetesVersion(),
      strict: boolean('strict', false),
      ...(cache && { cacheDirectory: path.resolve(workspace, cache) }),
      offline: boolean('offline', false),
    },
    ignoreMissingSchemas: boolean('ignore-missing-schemas', false),
    skip: list('skip'),
    reject: list('reject'),
    crds: relativePaths('crds', workspace, []),
    ...(shard && { shard }),
  };
  return {
    workspace,
    mode,
    job,
    reports,
    ...(reportFile && { reportFile: path.resolve(workspace, reportFile) }),
    ...(sarifFile && { sarifFile: path.resolve(workspace, sarifFile) }),
    annotations: boolean('annotations', true) && mode === 'validate',
    filterMode: choice('filter-mode', filterModes, 'added'),
    ...(githubToken && { githubToken }),
    ...(repository && { repository }),
    event: shard && shard.count > 1 ? { name: event.name } : event,
    ...(server && repository && sha && { sourceUrl: `${server}/${repository}/blob/${sha}/` }),
    ...(server &&
      repository &&
      runId && { runUrl: `${server}/${repository}/actions/runs/${runId}` }),
    ...(summaryFile && { summaryFile }),
  };
}

/** An input's trimmed value; the runner passes an unset input as "", which means absent. */
function optional(name: string): string | undefined {
  return core.getInput(name) || undefined;
}

/** Entries separated by newlines or commas, trimmed, empty ones dropped. */
function list(name: string): string[] {
  return (optional(name) ?? '')
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
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

function kubernetesVersion(): string {
  const value = optional('kubernetes-version') ?? 'master';
  if (/^(master|\d+\.\d+\.\d+)$/.test(value)) return value;
  throw new Error(
    `Input 'kubernetes-version' must be master or a full version x.y.z (e.g. 1.30.10); got '${value}'.`,
  );
}

function shardInput(): Shard | undefined {
  const value = optional('shard');
  if (value === undefined) return undefined;
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof ShardError) throw new Error(`Input 'shard': ${error.message}`);
    throw error;
  }
}

/**
 * Paths as the findings should name them: relative to the workspace, which is what GitHub
 * resolves annotation and SARIF paths against. A path outside the workspace is refused.
 */
function relativePaths(name: string, workspace: string, fallback: string[]): string[] {
  const entries = list(name);
  return (entries.length > 0 ? entries : fallback).map((entry) => {
    const relative = path.relative(workspace, path.resolve(workspace, entry));
    if (relative.startsWith('..') || path.isAbsolute(relative))
      throw new Error(`Input '${name}': ${entry} is outside the workspace (${workspace}).`);
    if (statSync(path.resolve(workspace, entry), { throwIfNoEntry: false }) === undefined)
      throw new Error(
        `Input '${name}': ${entry} does not exist in the workspace (${workspace}). Check out the repository first, or fix the path.`,
      );
    return relative === '' ? '.' : relative.split(path.sep).join('/');
  });
}
