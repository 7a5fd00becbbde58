/**
 * Publish a job's findings for the event that started the run: the one place that
 * decides where findings go, so every action (and the CLI) delivers them the same way.
 *
 * - On a pull request: findings on lines the PR changes become review comments on those
 *   lines (one review per run, nothing repeated on a re-run); the rest go into one sticky
 *   comment. A token that may not write (a fork's pull request, Dependabot, a workflow
 *   granting `pull-requests: read`) is not an error: the run falls back to the summary and
 *   annotations and says why in a notice.
 * - On every event: the full report in the job summary, and the findings that are not
 *   review comments as workflow annotations (a commented line needs no second marker).
 * - With `checkRun` and a token: a check run named after the job on the event's commit,
 *   every finding in force an annotation (see check-report.ts); a token without
 *   `checks: write` gets a notice, as above.
 *
 * Suppressed findings were accepted in the repository: they are counted (the summary lists
 * them, marked) but never a review comment, an annotation or an entry of the sticky comment.
 */
import {
  activeFindings,
  countFindings,
  escapeMarkdown,
  type Finding,
  type FindingCounts,
  type Report,
  renderGithubAnnotations,
  renderMarkdownSummary,
  stepSummaryLimit,
} from '@fleetops/core';
import { anchorToDiff } from './anchor.ts';
import { publishReportCheckRun } from './check-report.ts';
import type { CheckRunResult } from './check-run.ts';
import type { GitHubClient, RepoRef } from './client.ts';
import type { CommentBody } from './comment-body.ts';
import { type FilterMode, placeFindings } from './diff-filter.ts';
import type { PullRequestRef, RunEvent } from './event.ts';
import { findingCountsText, findingsCommentBody, plural } from './finding-markdown.ts';
import { isPermissionDenied } from './permission.ts';
import { fetchPullDiff } from './pull-diff.ts';
import { type ReviewResult, reviewPullRequest } from './review.ts';
import { appendStepSummary, type SummaryWrite } from './step-summary.ts';
import { type StickyResult, upsertStickyComment } from './sticky-comment.ts';

export interface PublishRequest {
  /** The job's report; locations relative to the repository root, as GitHub resolves them. */
  report: Report;
  /** Which job: one sticky comment and one set of review comments per key (`check`). */
  key: string;
  /** Plain text naming the job in comments: `fleetops check`. */
  title: string;
  event: RunEvent;
  /** The API and the repository; without them (no token) a PR gets no comments. */
  github?: { client: GitHubClient; repo: RepoRef };
  /** Which findings become review comments; default `added`. */
  filter?: FilterMode;
  /** $GITHUB_STEP_SUMMARY; absent outside a runner. */
  summaryFile?: string;
  /** The job log, for workflow-command annotations; absent: no annotations. */
  annotations?: { write(text: string): unknown };
  /** `https://github.com/OWNER/REPO/blob/SHA/`: summary links to files. */
  sourceUrl?: string;
  /** The run's page, where the job summary is: the sticky comment links to it. */
  runUrl?: string;
  /**
   * Also a check run named `title` on `event.headSha`, when `github` is given: the actions'
   * `check-run` input. Off by default, so a caller opts in to the `checks: write` it needs.
   */
  checkRun?: boolean;
}

export interface PullRequestFeedback {
  number: number;
  sticky?: StickyResult;
  review?: ReviewResult;
  /** Findings that stand as review comments on changed lines (new and kept). */
  commented: number;
}

export interface PublishResult {
  /** What the pull request got; absent on other events and when the token may not write. */
  pullRequest?: PullRequestFeedback;
  /** Why a pull request got less than comments: for `::notice::` in the log. */
  notices: string[];
  /** Findings written as annotations, by severity (GitHub shows 10 of each per step). */
  annotated: FindingCounts;
  /** The check run, when asked for with a token and a commit; `skipped` adds a notice. */
  checkRun?: CheckRunResult;
  summary?: SummaryWrite;
}

export async function publishFindings(request: PublishRequest): Promise<PublishResult> {
  const notices: string[] = [];
  const delivered = await commentOnPullRequest(request, notices);
  const checkRun = await publishReportCheckRun(request, delivered?.anchored, notices);
  const rest = activeFindings(request.report.findings).filter(
    (finding) => !delivered?.onLines.has(finding),
  );
  if (request.annotations && rest.length > 0) {
    request.annotations.write(renderGithubAnnotations({ ...request.report, findings: rest }));
  }
  const pullRequest = delivered?.feedback;
  const summary =
    request.summaryFile === undefined
      ? undefined
      : await appendStepSummary(
          request.summaryFile,
          summaryMarkdown(request, { pullRequest, checkRun }, notices),
        );
  const { error, warning, note } = countFindings(request.annotations ? rest : []);
  return {
    ...(pullRequest && { pullRequest }),
    notices,
    annotated: { error, warning, note },
    ...(checkRun && { checkRun }),
    ...(summary && { summary }),
  };
}

interface Delivered {
  feedback: PullRequestFeedback;
  /** The report's findings that are review comments now. */
  onLines: Set<Finding>;
  /** The findings in force, each on the place of it the pull request changed (anchorToDiff). */
  anchored: Finding[];
}

async function commentOnPullRequest(
  request: PublishRequest,
  notices: string[],
): Promise<Delivered | undefined> {
  const pull = request.event.pullRequest;
  if (!pull) return undefined;
  if (!request.github) {
    notices.push(
      `No github-token, so pull request #${pull.number} gets no comments; the findings are in the job summary and the annotations.`,
    );
    return undefined;
  }
  const { client, repo } = request.github;
  const { key, report } = request;
  const mode = request.filter ?? 'added';
  let sticky: StickyResult | undefined;
  try {
    const diff = await fetchPullDiff(client, repo, pull.number);
    // Only findings in force are commented on; suppressed ones are counted in the sticky.
    const active = activeFindings(report.findings);
    const anchored = anchorToDiff(active, diff, mode);
    const original = new Map(anchored.map((finding, i) => [finding, active[i]!]));
    const placement = placeFindings(anchored, diff, mode);
    const onLines = new Set(placement.onLines.map((place) => original.get(place.finding)!));
    const rest = report.findings.filter((finding) => !onLines.has(finding));
    sticky = await upsertStickyComment(client, {
      repo,
      issueNumber: pull.number,
      key,
      body: stickyBody(request, pull, rest, onLines.size),
      emptyBody: emptyStickyBody(request, pull),
    });
    const review = await reviewPullRequest(client, {
      repo,
      pullNumber: pull.number,
      key,
      findings: anchored,
      // `file` and `nofilter` admit findings on no diff line; reviewPullRequest would list
      // them in a new review body on every run. The sticky comment has them already, so the
      // review gets exactly the line comments: those of `diff_context`.
      filter: mode === 'added' ? 'added' : 'diff_context',
      rules: report.rules,
      diff,
    });
    const feedback = { number: pull.number, sticky, review, commented: onLines.size };
    return { feedback, onLines, anchored };
  } catch (error) {
    if (!isPermissionDenied(error)) throw error;
    notices.push(deniedNotice(pull, sticky !== undefined));
    // The sticky comment, if written, lists only the rest: the summary must carry the others.
    return undefined;
  }
}

function deniedNotice(pull: PullRequestRef, commented: boolean): string {
  const what = commented ? 'could not add review comments to' : 'could not comment on';
  const why = pull.fromFork
    ? 'it comes from a fork, and GitHub gives such runs a read-only token'
    : 'the token may not write pull requests (grant `pull-requests: write` to the job)';
  return `fleetops ${what} pull request #${pull.number}: ${why}. The findings are in the job summary and the annotations.`;
}

function stickyBody(
  request: PublishRequest,
  pull: PullRequestRef,
  rest: readonly Finding[],
  commented: number,
): Omit<CommentBody, 'markers'> | undefined {
  const all = request.report.findings;
  if (!all.some((finding) => !finding.suppressed)) return undefined;
  const listed = activeFindings(rest).length;
  const overflowNote =
    request.runUrl && `[The job summary](${request.runUrl}) has the full report.`;
  const { sections } = findingsCommentBody(rest, {
    title: request.title,
    rules: request.report.rules,
    ...(overflowNote && { overflowNote }),
  });
  const where =
    commented === 0
      ? 'None is on a line this pull request changes.'
      : `${plural(commented, 'finding')} on lines this pull request changes ${commented === 1 ? 'is a review comment' : 'are review comments'} there${listed === 0 ? '.' : '; the others are below.'}`;
  const heading = [
    `### ${escapeMarkdown(request.title)}: ${findingCountsText(all)}`,
    '',
    `As of ${pull.headSha.slice(0, 7)}. ${where}`,
  ].join('\n');
  return { heading, sections, ...(overflowNote && { overflowNote }) };
}

/** What a pull request's sticky comment becomes when nothing is in force any more. */
function emptyStickyBody(request: PublishRequest, pull: PullRequestRef): string {
  const { suppressed } = countFindings(request.report.findings);
  const accepted = suppressed > 0 ? ` (${suppressed} suppressed)` : '';
  return `### ${escapeMarkdown(request.title)}: no findings${accepted}\n\nAs of ${pull.headSha.slice(0, 7)}.`;
}

/** The full report, then a line on what the pull request and the checks got, and any notice. */
function summaryMarkdown(
  request: PublishRequest,
  delivered: {
    pullRequest?: PullRequestFeedback | undefined;
    checkRun?: CheckRunResult | undefined;
  },
  notices: readonly string[],
): string {
  const { pullRequest, checkRun } = delivered;
  const lines: string[] = [];
  if (pullRequest) lines.push(feedbackLine(request, pullRequest));
  if (checkRun?.status === 'created') lines.push(checkRunLine(request, checkRun));
  for (const notice of notices) lines.push(`> [!NOTE]\n> ${notice}`);
  const footer = lines.length === 0 ? '' : `\n${lines.join('\n\n')}\n`;
  const options = {
    ...(request.sourceUrl && { sourceUrl: request.sourceUrl }),
    // The runner's 1 MiB covers the footer too; the findings table gives way, not the footer.
    maxBytes: stepSummaryLimit - Buffer.byteLength(footer, 'utf8'),
  };
  return renderMarkdownSummary(request.report, options) + footer;
}

function feedbackLine(request: PublishRequest, pullRequest: PullRequestFeedback): string {
  const total = activeFindings(request.report.findings).length;
  const head = `Pull request #${pullRequest.number}:`;
  if (total === 0) return `${head} nothing to comment on.`;
  const url = pullRequest.sticky?.url;
  const comment = url ? `[the ${escapeMarkdown(request.title)} comment](${url})` : 'the comment';
  const rest = total - pullRequest.commented;
  if (rest === 0) return `${head} every finding is a review comment on a changed line.`;
  return `${head} ${plural(pullRequest.commented, 'finding')} as review comments on changed lines, ${rest} in ${comment}.`;
}

function checkRunLine(
  request: PublishRequest,
  checkRun: Extract<CheckRunResult, { status: 'created' }>,
): string {
  const name = escapeMarkdown(request.title);
  const check = checkRun.url ? `[${name}](${checkRun.url})` : name;
  return `Check run ${check}: ${checkRun.conclusion}, ${plural(checkRun.annotations, 'annotation')}.`;
}
