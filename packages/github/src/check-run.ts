/**
 * Findings as a check run with annotations, through the Checks API. The API takes at most
 * 50 annotations per request, so a run with more is created with the first 50 and updated
 * with the rest, the last update concluding it; 50 or fewer take one request. A token
 * without `checks: write` (a fork's pull request) is not an error: the caller gets
 * `skipped` and the job summary still carries every finding.
 *
 * Suppressed findings are accepted in the repository: they are no annotation and no
 * reason for the conclusion.
 */
import {
  activeFindings,
  countFindings,
  type Finding,
  formatLocation,
  type Severity,
  sortFindings,
} from '@fleetops/core';
import type { GitHubClient, RepoRef } from './client.ts';
import { isPermissionDenied } from './permission.ts';

/** The Checks API's limit per create or update request. */
export const annotationsPerRequest = 50;
/** 65,535 characters is the Checks API's limit on output.summary and output.text. */
const outputTextLimit = 65_535;
/** 64 KB is the API's limit on an annotation's message and raw_details. */
const annotationTextLimit = 65_535;

export interface CheckRunRequest {
  repo: RepoRef;
  /** The check's name in the pull request's checks list: `fleetops check`. */
  name: string;
  /** The commit it reports on: a pull request's head, GITHUB_SHA otherwise. */
  headSha: string;
  findings: readonly Finding[];
  title: string;
  /** Markdown for the run's page, cut to the API's limit. */
  summary: string;
  /** Where "Details" leads: the workflow run with the job summary. */
  detailsUrl?: string;
}

export type CheckConclusion = 'failure' | 'neutral' | 'success';

export type CheckRunResult =
  | {
      status: 'created';
      checkRunId: number;
      /** The check run's page; the API may leave it null. */
      url?: string;
      annotations: number;
      conclusion: CheckConclusion;
    }
  | { status: 'skipped'; reason: string };

const levels: Record<Severity, 'failure' | 'warning' | 'notice'> = {
  error: 'failure',
  warning: 'warning',
  note: 'notice',
};

/** Failure on an error in force, neutral on warnings only, success otherwise (notes too). */
export function checkConclusion(findings: readonly Finding[]): CheckConclusion {
  const counts = countFindings(findings);
  if (counts.error > 0) return 'failure';
  return counts.warning > 0 ? 'neutral' : 'success';
}

export async function publishCheckRun(
  client: GitHubClient,
  request: CheckRunRequest,
): Promise<CheckRunResult> {
  const active = activeFindings(request.findings);
  const annotations = sortFindings(active)
    .filter((finding) => finding.location.file !== '')
    .map(toAnnotation);
  const [first = [], ...later] = chunk(annotations, annotationsPerRequest);
  const conclusion = checkConclusion(active);
  const completed = { status: 'completed' as const, conclusion };
  const output = (batch: Annotation[]) => ({
    title: request.title,
    summary: cut(request.summary, outputTextLimit),
    annotations: batch,
  });
  let created: { id: number; html_url: string | null };
  try {
    ({ data: created } = await client.rest.checks.create({
      ...request.repo,
      name: request.name,
      head_sha: request.headSha,
      ...(request.detailsUrl && { details_url: request.detailsUrl }),
      output: output(first),
      ...(later.length === 0 ? completed : { status: 'in_progress' as const }),
    }));
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    return { status: 'skipped', reason: 'the token may not write checks' };
  }
  for (const [i, batch] of later.entries()) {
    await client.rest.checks.update({
      ...request.repo,
      check_run_id: created.id,
      output: output(batch),
      ...(i === later.length - 1 && completed),
    });
  }
  return {
    status: 'created',
    checkRunId: created.id,
    ...(created.html_url && { url: created.html_url }),
    annotations: annotations.length,
    conclusion,
  };
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
  raw_details?: string;
}

function toAnnotation(finding: Finding): Annotation {
  const { file, column, endColumn } = finding.location;
  // The API needs a line; a finding about a whole file sits on its first.
  const line = finding.location.line ?? 1;
  const end = Math.max(finding.location.endLine ?? line, line);
  // The API accepts columns only on a one-line annotation.
  const columns =
    end === line && column !== undefined && finding.location.line !== undefined
      ? { start_column: column, end_column: Math.max(endColumn ?? column, column) }
      : {};
  // Related places have no field of their own; the annotation's details list them.
  const related = (finding.related ?? []).map((place) => {
    const why = place.message === undefined ? '' : `: ${place.message}`;
    return `${formatLocation(place)}${why}`;
  });
  return {
    path: file,
    start_line: line,
    end_line: end,
    ...columns,
    annotation_level: levels[finding.severity],
    message: cut(finding.message, annotationTextLimit),
    title: finding.ruleId,
    ...(related.length > 0 && { raw_details: cut(related.join('\n'), annotationTextLimit) }),
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
