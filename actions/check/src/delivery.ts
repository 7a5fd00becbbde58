import * as core from '@actions/core';
import type { Report } from '@fleetops/core';
import {
  type ClientLog,
  clientOptionsFromEnv,
  createClient,
  type PublishRequest,
  parseRepo,
} from '@fleetops/github';
import type { CheckInputs } from './inputs.ts';

/**
 * Where the check's findings go on this run, for publishFindings: the job log, the job
 * summary and, with a token, a check run and (on a pull request) the PR itself.
 */
export function deliveryFor(inputs: CheckInputs, report: Report): PublishRequest {
  const { githubToken: token, repository } = inputs;
  const github = token &&
    repository && {
      client: createClient({ ...clientOptionsFromEnv(token), log }),
      repo: parseRepo(repository),
    };
  return {
    report,
    key: 'check',
    title: 'fleetops check',
    event: inputs.event,
    filter: inputs.filterMode,
    checkRun: inputs.checkRun,
    ...(github && { github }),
    ...(inputs.annotations && { annotations: process.stdout }),
    ...(inputs.summaryFile && { summaryFile: inputs.summaryFile }),
    ...(inputs.sourceUrl && { sourceUrl: inputs.sourceUrl }),
    ...(inputs.runUrl && { runUrl: inputs.runUrl }),
  };
}

// Retries and rate-limit waits go to the log as plain lines: a `::warning::` would turn
// GitHub's own hiccups into annotations on the run.
const log: ClientLog = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.info(message),
  error: (message) => core.info(message),
};
