import { statSync } from 'node:fs';
import path from 'node:path';

/**
 * An action's inputs, parsed the one way every fleetops action parses them: read as the
 * runner passes them (`INPUT_<NAME>` variables, trimmed, as @actions/core reads them), an
 * empty string means absent, booleans are YAML 1.2's words, lists split on newlines and
 * commas, and every error names the input, what it got and what it accepts. The runner
 * does not enforce `required: true`; the action's own reader does, through these.
 */
export class ActionInputs {
  constructor(private readonly env: Readonly<Record<string, string | undefined>> = process.env) {}

  /** The trimmed value, or undefined for an unset or empty input. */
  optional(name: string): string | undefined {
    const value = this.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
    return value || undefined;
  }

  /** Entries separated by newlines or commas, trimmed, empty ones dropped. */
  list(name: string): string[] {
    return (this.optional(name) ?? '')
      .split(/[\n,]/)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
  }

  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new Error(
      `Input '${name}' must be one of ${allowed.join(', ')}; got '${value}'. Default: ${fallback}.`,
    );
  }

  /** YAML 1.2 core schema booleans: true/True/TRUE/false/False/FALSE, as getBooleanInput. */
  boolean(name: string, fallback: boolean): boolean {
    const value = this.optional(name);
    if (value === undefined) return fallback;
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE'].includes(value)) return false;
    throw new Error(`Input '${name}' must be true or false; got '${value}'.`);
  }

  /** A directory that must exist, relative to the workspace; default: the workspace. */
  directory(name: string, workspace: string): string {
    const value = this.optional(name) ?? '.';
    const resolved = path.resolve(workspace, value);
    const isDirectory = statSync(resolved, { throwIfNoEntry: false })?.isDirectory();
    if (isDirectory) return resolved;
    const problem = isDirectory === false ? 'is not a directory' : 'does not exist';
    throw new Error(
      `Input '${name}': ${value} ${problem} in the workspace (${workspace}). Check out the fleet repository first, or fix the path.`,
    );
  }
}

/** Where a step runs, from the runner's GITHUB_* variables; each part absent off a runner. */
export interface RunnerContext {
  /** GITHUB_WORKSPACE (else the working directory): where relative paths start. */
  workspace: string;
  /** GITHUB_REPOSITORY: the repository comments go to. */
  repository?: string;
  /** The commit's files on GitHub (`…/blob/<sha>/`), for links to findings. */
  sourceUrl?: string;
  /** This run's page, for links from comments. */
  runUrl?: string;
  /** GITHUB_STEP_SUMMARY. */
  summaryFile?: string;
}

export function runnerContext(
  env: Readonly<Record<string, string | undefined>> = process.env,
): RunnerContext {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  const { GITHUB_RUN_ID: runId, GITHUB_STEP_SUMMARY: summaryFile } = env;
  return {
    workspace: path.resolve(env.GITHUB_WORKSPACE || process.cwd()),
    ...(repository && { repository }),
    ...(server && repository && sha && { sourceUrl: `${server}/${repository}/blob/${sha}/` }),
    ...(server &&
      repository &&
      runId && { runUrl: `${server}/${repository}/actions/runs/${runId}` }),
    ...(summaryFile && { summaryFile }),
  };
}
