/**
 * Findings as a check run with annotations, through the Checks API. The API takes at most
 * 50 annotations per request, so the run is created with the first 50 and updated with the
 * rest. A token without `checks: write` (a fork's pull request) is not an error: the caller
 * gets `skipped` and the job summary still carries every finding.
 */
import { type Finding, hasErrors, type Severity, sortFindings } from '@fleetops/core';
import type { GitHubClient, RepoRef } from './client.ts';

/** The Checks API's limit per create or update request. */
export const annotationsPerRequest = 50;
/** 65,535 characters is the Checks API's limit on output.summary and output.text. */
const outputTextLimit = 65_535;

export interface CheckRunRequest {
  repo: RepoRef;
  name: string;
  headSha: string;
  findings: readonly Finding[];
  title: string;
  /** Markdown for the run's page, cut to the API's limit. */
  summary: string;
}

export type CheckRunResult =
  | { status: 'created'; checkRunId: number; annotations: number }
  | { status: 'skipped'; reason: string };

const levels: Record<Severity, 'failure' | 'warning' | 'notice'> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
};

export async function publishCheckRun(
  client: GitHubClient,
  request: CheckRunRequest,
): Promise<CheckRunResult> {
  const annotations = sortFindings(request.findings)
    .filter((finding) => finding.location.line !== undefined)
    .map(toAnnotation);
  const batches = chunk(annotations, annotationsPerRequest);
  const output = (batch: Annotation[]) => ({
    title: request.title,
    summary: cut(request.summary, outputTextLimit),
    annotations: batch,
  });
  let checkRunId: number;
  try {
    const { data } = await client.rest.checks.create({
      ...request.repo,
      name: request.name,
      head_sha: request.headSha,
      status: 'in_progress',
      output: output(batches[0] ?? []),
    });
    checkRunId = data.id;
  } catch (error) {
    if ((error as { status?: number }).status === 403) {
      return { status: 'skipped', reason: 'the token may not write checks' };
    }
    throw error;
  }
  for (const batch of batches.slice(1)) {
    await client.rest.checks.update({
      ...request.repo,
      check_run_id: checkRunId,
      output: output(batch),
    });
  }
  await client.rest.checks.update({
    ...request.repo,
    check_run_id: checkRunId,
    conclusion: hasErrors(request.findings) ? 'failure' : 'success',
  });
  return { status: 'created', checkRunId, annotations: annotations.length };
}

interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
}

function toAnnotation(finding: Finding): Annotation {
  const { file, line, column, endLine, endColumn } = finding.location;
  const end = endLine ?? line!;
  // The API accepts columns only on a one-line annotation.
  const columns =
    end === line && column !== undefined
      ? { start_column: column, end_column: endColumn ?? column }
      : {};
  return {
    path: file,
    start_line: line!,
    end_line: end,
    ...columns,
    annotation_level: levels[finding.severity],
    // 64 KB is the API's limit on an annotation message; findings are far shorter.
    message: cut(finding.message, 65_535),
    title: finding.ruleId,
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
