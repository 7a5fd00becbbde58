import path from 'node:path';
import {
  ActionInputs,
  type FilterMode,
  filterModes,
  type RunEvent,
  readRunEvent,
  runnerContext,
} from '@fleetops/github';

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
  /** Whether to keep the downloaded schemas in the Actions cache (`schema-cache`). */
  schemaCache: boolean;
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
  const inputs = new ActionInputs(env);
  const runner = runnerContext(env);
  const { workspace } = runner;
  const sarifFile = inputs.optional('sarif-file');
  const githubToken = inputs.optional('github-token');
  return {
    ...runner,
    event: readRunEvent(env),
    filterMode: inputs.choice('filter-mode', filterModes, 'added'),
    path: inputs.directory('path', workspace),
    failOn: inputs.choice('fail-on', failOnValues, 'error'),
    annotations: inputs.boolean('annotations', true),
    checkRun: inputs.boolean('check-run', true),
    schemaCache: inputs.boolean('schema-cache', true),
    ...(sarifFile && { sarifFile: path.resolve(workspace, sarifFile) }),
    ...(githubToken && { githubToken }),
  };
}
