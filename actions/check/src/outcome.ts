import {
  annotationsShownPerStep,
  ConfigError,
  countFindings,
  type Finding,
  type FindingCounts,
  formatLocation,
} from '@fleetops/core';
import type { PublishResult } from '@fleetops/github';
import type { FailOn } from './inputs.ts';

/**
 * The count outputs: `findings` is the findings in force (errors + warnings + notes), as
 * `fail-on` sees them; suppressed findings, accepted in the repository, are `suppressed`.
 */
export function countOutputs(findings: readonly Finding[]): Record<string, number> {
  const counts = countFindings(findings);
  return {
    findings: counts.error + counts.warning + counts.note,
    errors: counts.error,
    warnings: counts.warning,
    notes: counts.note,
    suppressed: counts.suppressed,
  };
}

/**
 * Why the step fails under `fail-on`, or undefined when it passes. Severities rank
 * error > warning > note; `fail-on: warning` fails on errors and warnings.
 */
export function failureReason(counts: FindingCounts, failOn: FailOn): string | undefined {
  const ranked = (['error', 'warning', 'note'] as const).slice(0, rank[failOn]);
  const failing = ranked.filter((severity) => counts[severity] > 0);
  if (failing.length === 0) return undefined;
  const found = failing.map((severity) => plural(counts[severity], severity)).join(', ');
  return `fleetops check found ${found} (fail-on: ${failOn}).`;
}

const rank: Record<FailOn, number> = { never: 0, error: 1, warning: 2, note: 3 };

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The message of an error that stopped the check: a bad .fleetops.yaml names file and line. */
export function errorMessage(error: unknown): string {
  if (error instanceof ConfigError) return `${formatLocation(error.location)}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * GitHub drops a step's annotations past the first few of each severity without a word;
 * say so in the log, and where the rest are.
 */
export function annotationOverflow(counts: FindingCounts): string | undefined {
  const hidden = (['error', 'warning'] as const).filter(
    (severity) => counts[severity] > annotationsShownPerStep,
  );
  if (hidden.length === 0) return undefined;
  const what = hidden.map((severity) => plural(counts[severity], severity)).join(' and ');
  return `GitHub shows the first ${annotationsShownPerStep} annotations of each severity per step; all ${what} are in the job summary (and the SARIF file, if you asked for one).`;
}

/**
 * The outputs that say where the findings went: `review-comments` always (0 off a pull
 * request), `comment-url` and `check-run-url` only when there is such a page.
 */
export function deliveryOutputs(published: PublishResult): Record<string, string | number> {
  const commentUrl = published.pullRequest?.sticky?.url;
  const checkRun = published.checkRun;
  const checkRunUrl = checkRun?.status === 'created' ? checkRun.url : undefined;
  return {
    'review-comments': published.pullRequest?.commented ?? 0,
    ...(commentUrl && { 'comment-url': commentUrl }),
    ...(checkRunUrl && { 'check-run-url': checkRunUrl }),
  };
}
