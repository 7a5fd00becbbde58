import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type Report, render, tool } from '@fleetops/core';
import {
  appendStepSummary,
  type ClientLog,
  clientOptionsFromEnv,
  createClient,
  parseRepo,
  publishFindings,
} from '@fleetops/github';
import {
  renderKindTable,
  renderShardReport,
  type ValidationOutcome,
  validateRules,
} from '@fleetops/validate';
import type { ValidateInputs } from './inputs.ts';

export interface Delivered {
  notices: string[];
  reportFile?: string;
  sarifFile?: string;
  commentUrl?: string;
}

/**
 * Where the outcome goes on this run: the per-kind table at the head of the job summary,
 * then the findings as check publishes them (summary, annotations, pull request), and the
 * report files asked for.
 */
export async function deliver(
  inputs: ValidateInputs,
  outcome: ValidationOutcome,
): Promise<Delivered> {
  const report: Report = {
    tool,
    findings: outcome.findings,
    rules: validateRules,
    stats: { files: outcome.tally.files },
    root: inputs.workspace,
  };
  if (inputs.summaryFile) {
    const scope = {
      ...(outcome.shard && { shard: outcome.shard }),
      ...(outcome.merged && { shards: outcome.merged }),
    };
    await appendStepSummary(inputs.summaryFile, renderKindTable(outcome.tally, scope));
  }
  const published = await publishFindings({
    report,
    key: 'validate',
    title: 'fleetops validate',
    event: inputs.event,
    filter: inputs.filterMode,
    ...(github(inputs) && { github: github(inputs) }),
    ...(inputs.annotations && { annotations: process.stdout }),
    ...(inputs.summaryFile && { summaryFile: inputs.summaryFile }),
    ...(inputs.sourceUrl && { sourceUrl: inputs.sourceUrl }),
    ...(inputs.runUrl && { runUrl: inputs.runUrl }),
  });
  if (inputs.reportFile) await write(inputs.reportFile, renderShardReport(outcome));
  if (inputs.sarifFile) await write(inputs.sarifFile, render('sarif', report));
  const commentUrl = published.pullRequest?.sticky?.url;
  return {
    notices: published.notices,
    ...(inputs.reportFile && { reportFile: inputs.reportFile }),
    ...(inputs.sarifFile && { sarifFile: inputs.sarifFile }),
    ...(commentUrl && { commentUrl }),
  };
}

function github(inputs: ValidateInputs) {
  const { githubToken: token, repository } = inputs;
  if (!token || !repository) return undefined;
  return {
    client: createClient({ ...clientOptionsFromEnv(token), log }),
    repo: parseRepo(repository),
  };
}

async function write(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

// Retries and rate-limit waits go to the log as plain lines: a `::warning::` would turn
// GitHub's own hiccups into annotations on the run.
const log: ClientLog = {
  debug: (message) => core.debug(message),
  info: (message) => core.info(message),
  warn: (message) => core.info(message),
  error: (message) => core.info(message),
};
