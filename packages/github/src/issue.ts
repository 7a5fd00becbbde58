/**
 * One issue per scheduled job and subject (drift of a cluster, an expiring certificate):
 * found again by its label and hidden marker, created when there is something to report,
 * updated while there still is, closed with a comment once it is resolved.
 */
import type { GitHubClient, RepoRef } from './client.ts';
import { type CommentBody, composeBody } from './comment-body.ts';
import { marker } from './marker.ts';

export interface IssueRequest {
  repo: RepoRef;
  /** Identifies the issue across runs: `drift/prod-eu-1`. */
  key: string;
  /** Narrows the search to issues with this label, and is set on the issue. */
  label: string;
  title: string;
  /** What to report; `undefined` when resolved. */
  body: Omit<CommentBody, 'markers'> | undefined;
  /** The comment left when closing; plain Markdown. */
  resolvedComment?: string;
}

export type IssueResult =
  | { action: 'created' | 'updated' | 'unchanged' | 'closed'; issueNumber: number }
  | { action: 'none' };

export async function upsertIssue(
  client: GitHubClient,
  request: IssueRequest,
): Promise<IssueResult> {
  const tag = marker('issue', request.key);
  const issues = await client.paginate(client.rest.issues.listForRepo, {
    ...request.repo,
    state: 'open',
    labels: request.label,
    per_page: 100,
  });
  const open = issues.find((issue) => !issue.pull_request && issue.body?.startsWith(tag));
  if (request.body === undefined) {
    if (!open) return { action: 'none' };
    await client.rest.issues.createComment({
      ...request.repo,
      issue_number: open.number,
      body: request.resolvedComment ?? 'Resolved: the latest run found nothing to report.',
    });
    await client.rest.issues.update({
      ...request.repo,
      issue_number: open.number,
      state: 'closed',
      state_reason: 'completed',
    });
    return { action: 'closed', issueNumber: open.number };
  }
  const body = composeBody({ ...request.body, markers: [tag] });
  if (!open) {
    const { data } = await client.rest.issues.create({
      ...request.repo,
      title: request.title,
      body,
      labels: [request.label],
    });
    return { action: 'created', issueNumber: data.number };
  }
  if (open.body === body && open.title === request.title) {
    return { action: 'unchanged', issueNumber: open.number };
  }
  await client.rest.issues.update({
    ...request.repo,
    issue_number: open.number,
    title: request.title,
    body,
  });
  return { action: 'updated', issueNumber: open.number };
}
