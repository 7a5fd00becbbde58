import { statSync } from 'node:fs';
import path from 'node:path';
import {
  ActionInputs,
  type FilterMode,
  filterModes,
  type RunEvent,
  readRunEvent,
  runnerContext,
} from '@fleetops/github';
import { planSchemaCache, type SchemaCachePlan, type SchemaSource } from '@fleetops/schema-cache';
import { parseShard, type Shard, ShardError, type ValidationJobOptions } from '@fleetops/validate';

export const modes = ['validate', 'merge'] as const;

/** The inputs of action.yml and the runner context, parsed once: the action sees only this. */
export interface ValidateInputs {
  /** GITHUB_WORKSPACE: where relative paths start and what findings are relative to. */
  workspace: string;
  mode: (typeof modes)[number];
  /** The validate job, in `validate` mode. */
  job: ValidationJobOptions;
  /** The schema folder kept in the Actions cache; absent when off or nothing is downloaded. */
  schemaCache?: SchemaCachePlan;
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
  const inputs = new ActionInputs(env);
  const runner = runnerContext(env);
  const { workspace } = runner;
  const mode = inputs.choice('mode', modes, 'validate');
  const shard = shardInput(inputs);
  const reports = inputs.list('reports');
  if (mode === 'merge' && reports.length === 0)
    throw new Error(
      "Input 'reports' is required with mode: merge: the shards' report files or a glob such as reports/*.json.",
    );
  const event = readRunEvent(env);
  const cache = inputs.optional('cache');
  const locations = inputs.list('schema-locations');
  const source = {
    ...(locations.length > 0 && { locations }),
    kubernetesVersion: kubernetesVersion(inputs),
    strict: inputs.boolean('strict', false),
    offline: inputs.boolean('offline', false),
  };
  const cacheFolder = cache && path.resolve(workspace, cache);
  const schemaCache =
    mode === 'validate' ? schemaCachePlan(inputs, env, source, cacheFolder, shard) : undefined;
  const cacheDirectory = schemaCache?.directory ?? cacheFolder;
  const reportFile = inputs.optional('report-file');
  const sarifFile = inputs.optional('sarif-file');
  const githubToken = inputs.optional('github-token');
  const job: ValidationJobOptions = {
    paths: relativePaths(inputs, 'paths', workspace, ['.']),
    cwd: workspace,
    registry: { ...source, ...(cacheDirectory && { cacheDirectory }) },
    ignoreMissingSchemas: inputs.boolean('ignore-missing-schemas', false),
    skip: inputs.list('skip'),
    reject: inputs.list('reject'),
    crds: relativePaths(inputs, 'crds', workspace, []),
    ...(shard && { shard }),
  };
  return {
    ...runner,
    mode,
    job,
    ...(schemaCache && { schemaCache }),
    reports,
    ...(reportFile && { reportFile: path.resolve(workspace, reportFile) }),
    ...(sarifFile && { sarifFile: path.resolve(workspace, sarifFile) }),
    annotations: inputs.boolean('annotations', true) && mode === 'validate',
    filterMode: inputs.choice('filter-mode', filterModes, 'added'),
    ...(githubToken && { githubToken }),
    event: shard && shard.count > 1 ? { name: event.name } : event,
  };
}

function kubernetesVersion(inputs: ActionInputs): string {
  const value = inputs.optional('kubernetes-version') ?? 'master';
  if (/^(master|\d+\.\d+\.\d+)$/.test(value)) return value;
  throw new Error(
    `Input 'kubernetes-version' must be master or a full version x.y.z (e.g. 1.30.10); got '${value}'.`,
  );
}

/**
 * The schema folder to keep in the Actions cache (`schema-cache`, on by default): the
 * `cache` folder, or one under RUNNER_TEMP when none is named.
 */
function schemaCachePlan(
  inputs: ActionInputs,
  env: NodeJS.ProcessEnv,
  source: SchemaSource & { offline: boolean },
  directory: string | undefined,
  shard: Shard | undefined,
): SchemaCachePlan | undefined {
  return planSchemaCache(
    {
      ...source,
      enabled: inputs.boolean('schema-cache', true),
      directory,
      // The shards of a matrix download different schemas: each saves its own entry.
      job: shard && shard.count > 1 ? `shard-${shard.index}-of-${shard.count}` : undefined,
    },
    env,
  );
}

function shardInput(inputs: ActionInputs): Shard | undefined {
  const value = inputs.optional('shard');
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
function relativePaths(
  inputs: ActionInputs,
  name: string,
  workspace: string,
  fallback: string[],
): string[] {
  const entries = inputs.list(name);
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
