/**
 * Findings on the lines a pull request changes, as review comments on those lines: one
 * review per run with only the comments not already made, and comments whose finding has
 * gone are marked resolved rather than left to mislead. A suppressed finding is no review
 * comment: it was accepted in the repository, so a comment made before it was suppressed
 * is resolved like one whose finding is gone.
 */
import { createHash } from 'node:crypto';
import { activeFindings, escapeMarkdown, type Finding, type RuleCatalog } from '@fleetops/core';
import type { GitHubClient, RepoRef } from './client.ts';
import { composeBody } from './comment-body.ts';
import { type FilterMode, type LinePlacement, placeFindings } from './diff-filter.ts';
import { findingMarkdown, findingsList } from './finding-markdown.ts';
import { marker, markerValues, markerWithValue } from './marker.ts';
import { fetchPullDiff, type PullDiff } from './pull-diff.ts';

export interface ReviewRequest {
  repo: RepoRef;
  pullNumber: number;
  /** Which job's comments these are; a re-run of the same job compares against them. */
  key: string;
  findings: readonly Finding[];
  filter?: FilterMode;
  rules?: RuleCatalog;
  /** The PR's diff when the caller has already fetched it; read from the files API otherwise. */
  diff?: PullDiff;
}

export interface ReviewResult {
  /** The review posted by this run, if it had anything new to say. */
  reviewId?: number;
  /** Review comments created by this run. */
  created: number;
  /** Earlier comments whose finding is still there (not repeated). */
  kept: number;
  /** Earlier comments whose finding is gone, now marked resolved. */
  resolved: number;
  /** Findings in force the filter rejected: render them in the job summary. */
  outside: Finding[];
}

export async function reviewPullRequest(
  client: GitHubClient,
  request: ReviewRequest,
): Promise<ReviewResult> {
  const { data: pull } = await client.rest.pulls.get({
    ...request.repo,
    pull_number: request.pullNumber,
  });
  const diff = request.diff ?? (await fetchPullDiff(client, request.repo, request.pullNumber));
  const findings = activeFindings(request.findings);
  const placement = placeFindings(findings, diff, request.filter ?? 'added');
  const earlier = await earlierComments(client, request);
  const wanted = new Map(placement.onLines.map((place) => [fingerprint(place.finding), place]));
  const fresh = [...wanted].filter(([print]) => !earlier.has(print)).map(([, place]) => place);
  // A finding that still stands but left the diff is not resolved; only a vanished one is.
  const present = new Set(findings.map(fingerprint));
  const gone = [...earlier].filter(([print]) => !present.has(print)).map(([, comment]) => comment);

  for (const comment of gone) await markResolved(client, request, comment, pull.head.sha);
  const result: ReviewResult = {
    created: 0,
    kept: earlier.size - gone.length,
    resolved: gone.length,
    outside: placement.outside,
  };
  if (fresh.length === 0 && placement.offLines.length === 0) return result;
  const { data: review } = await client.rest.pulls.createReview({
    ...request.repo,
    pull_number: request.pullNumber,
    commit_id: pull.head.sha,
    event: 'COMMENT',
    body: reviewBody(request, fresh.length, placement.offLines),
    comments: fresh.map((place) => draft(request, place)),
  });
  return { ...result, reviewId: review.id, created: fresh.length };
}

/** Stable across runs while the finding stands where it stood: rule, file, line, message. */
export function fingerprint(finding: Finding): string {
  const { ruleId, message, location } = finding;
  const text = [ruleId, location.file, location.line ?? '', message].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

interface EarlierComment {
  id: number;
  body: string;
}

/** This job's live comments on the PR, by fingerprint; resolved ones are history. */
async function earlierComments(
  client: GitHubClient,
  request: ReviewRequest,
): Promise<Map<string, EarlierComment>> {
  const comments = await client.paginate(client.rest.pulls.listReviewComments, {
    ...request.repo,
    pull_number: request.pullNumber,
    per_page: 100,
  });
  const live = new Map<string, EarlierComment>();
  for (const comment of comments) {
    if (comment.body.includes(marker('resolved', request.key))) continue;
    for (const print of markerValues(comment.body, 'review', request.key)) {
      if (!live.has(print)) live.set(print, { id: comment.id, body: comment.body });
    }
  }
  return live;
}

async function markResolved(
  client: GitHubClient,
  request: ReviewRequest,
  comment: EarlierComment,
  headSha: string,
): Promise<void> {
  const earlier = comment.body.replace(/^<!-- fleetops:[^\n]* -->\n/gm, '');
  const body = [
    comment.body.split('\n')[0],
    marker('resolved', request.key),
    `✅ No longer reported as of ${headSha.slice(0, 7)}.`,
    '',
    `<details><summary>Earlier finding</summary>\n\n${earlier}\n\n</details>`,
  ].join('\n');
  await client.rest.pulls.updateReviewComment({
    ...request.repo,
    comment_id: comment.id,
    body: composeBody({ markers: [], heading: body, sections: [] }),
  });
}

function draft(request: ReviewRequest, place: LinePlacement) {
  const body = [
    markerWithValue('review', request.key, fingerprint(place.finding)),
    findingMarkdown(place.finding, request.rules),
  ].join('\n');
  return {
    path: place.path,
    line: place.line,
    side: 'RIGHT' as const,
    ...(place.startLine === undefined
      ? {}
      : { start_line: place.startLine, start_side: 'RIGHT' as const }),
    body: composeBody({ markers: [], heading: body, sections: [] }),
  };
}

function reviewBody(request: ReviewRequest, commented: number, offLines: Finding[]): string {
  const count = commented === 1 ? '1 new finding' : `${commented} new findings`;
  const heading = `**${escapeMarkdown(request.key)}**: ${count} on changed lines.`;
  const sections =
    offLines.length === 0
      ? []
      : [
          {
            collapsedTitle: `${offLines.length} more in changed files, on lines the diff does not show`,
            body: findingsList(offLines, request.rules),
          },
        ];
  return composeBody({ markers: [marker('review-body', request.key)], heading, sections });
}
