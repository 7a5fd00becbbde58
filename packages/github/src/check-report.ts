/**
 * publishFindings' check run: one per workflow run, named after the job, on the commit the
 * event is about, with every finding in force as an annotation. GitHub shows the newest
 * check run of a name on a commit, so a re-run's check run takes the place of the last one
 * in the pull request's checks while the earlier one stays in the commit's history, as
 * every workflow run's own check runs do; nothing is looked up or edited across runs.
 */
import { activeFindings, escapeMarkdown, type Finding } from '@fleetops/core';
import { type CheckRunResult, publishCheckRun } from './check-run.ts';
import { findingCountsText, plural } from './finding-markdown.ts';
import type { PublishRequest } from './publish.ts';

/**
 * The check run of a request that asks for one, or undefined without a token or a commit.
 * `anchored`: on a pull request, the findings in force as its review placed them, so a
 * cross-file finding's annotation sits on the line the pull request changed, in its diff.
 */
export async function publishReportCheckRun(
  request: PublishRequest,
  anchored: readonly Finding[] | undefined,
  notices: string[],
): Promise<CheckRunResult | undefined> {
  const headSha = request.event.headSha;
  if (!request.checkRun || !request.github || !headSha) return undefined;
  const { client, repo } = request.github;
  const result = await publishCheckRun(client, {
    repo,
    name: request.title,
    headSha,
    findings: anchored ?? request.report.findings,
    title: findingCountsText(request.report.findings),
    summary: checkRunSummary(request),
    ...(request.runUrl && { detailsUrl: request.runUrl }),
  });
  if (result.status === 'skipped') notices.push(skippedNotice(request));
  return result;
}

function checkRunSummary(request: PublishRequest): string {
  const active = activeFindings(request.report.findings).length;
  const lines = [
    `### ${escapeMarkdown(request.title)}: ${findingCountsText(request.report.findings)}`,
  ];
  lines.push(
    active === 0
      ? 'No finding in force.'
      : `${active === 1 ? 'The finding in force is an annotation' : `Each of the ${plural(active, 'finding')} in force is an annotation`} on its file and line.`,
  );
  if (request.runUrl) lines.push(`[The job summary](${request.runUrl}) has the full report.`);
  return lines.join('\n\n');
}

function skippedNotice(request: PublishRequest): string {
  const why = request.event.pullRequest?.fromFork
    ? 'the pull request comes from a fork, and GitHub gives such runs a read-only token'
    : 'the token may not write checks (grant `checks: write` to the job)';
  return `fleetops could not create the check run "${request.title}": ${why}. The findings are in the job summary and the annotations.`;
}
