/**
 * reviewdog's filter modes, over findings and a pull request's diff:
 * - `added`: findings on lines the PR adds (the default: comment only on what the author wrote)
 * - `diff_context`: findings on any line the diff shows, added or context
 * - `file`: findings anywhere in a file the PR changes
 * - `nofilter`: every finding
 * A finding the filter admits sits on a diff line when it can (a review comment) and
 * otherwise goes into the review's body; a finding it rejects goes to the job summary.
 */
import type { Finding } from '@fleetops/core';
import type { PullDiff } from './pull-diff.ts';

export const filterModes = ['added', 'diff_context', 'file', 'nofilter'] as const;
export type FilterMode = (typeof filterModes)[number];

export interface LinePlacement {
  finding: Finding;
  path: string;
  line: number;
  /** First line of a multi-line comment, when the whole range is on the diff. */
  startLine?: number;
}

export interface Placement {
  /** On a diff line: these become review comments. */
  onLines: LinePlacement[];
  /** Admitted by the filter but on no diff line: listed in the review's body. */
  offLines: Finding[];
  /** Rejected by the filter: for the job summary. */
  outside: Finding[];
}

export function isFilterMode(value: string): value is FilterMode {
  return (filterModes as readonly string[]).includes(value);
}

export function placeFindings(
  findings: readonly Finding[],
  diff: PullDiff,
  mode: FilterMode = 'added',
): Placement {
  const placement: Placement = { onLines: [], offLines: [], outside: [] };
  for (const finding of findings) {
    const { file, line } = finding.location;
    const fileDiff = diff.get(file);
    const lines = mode === 'added' ? fileDiff?.added : fileDiff?.shown;
    const onDiff = line !== undefined && fileDiff?.shown.has(line) === true;
    const admitted =
      mode === 'nofilter' ||
      (mode === 'file' && fileDiff !== undefined) ||
      (line !== undefined && lines?.has(line) === true);
    if (!admitted) placement.outside.push(finding);
    else if (onDiff) placement.onLines.push(onLine(finding, fileDiff!.shown));
    else placement.offLines.push(finding);
  }
  return placement;
}

/** A range comment when every line from line to endLine is shown, else the first line alone. */
function onLine(finding: Finding, shown: Set<number>): LinePlacement {
  const { file, line, endLine } = finding.location;
  const start = line!;
  const end = endLine ?? start;
  let spans = end > start;
  for (let n = start; spans && n <= end; n++) spans = shown.has(n);
  return spans
    ? { finding, path: file, line: end, startLine: start }
    : { finding, path: file, line: start };
}
