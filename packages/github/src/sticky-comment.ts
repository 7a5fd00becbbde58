/**
 * One comment per pull request and job, found again by its hidden marker and edited in
 * place on every run, so a PR never collects a pile of bot comments.
 */
import type { GitHubClient, RepoRef } from './client.ts';
import { type CommentBody, composeBody } from './comment-body.ts';
import { marker } from './marker.ts';

export type WhenEmpty = 'update' | 'delete' | 'keep';

export interface StickyCommentRequest {
  repo: RepoRef;
  /** The pull request (or issue) number. */
  issueNumber: number;
  /** Which job owns the comment: `validate`, `appset-preview`; one comment per key. */
  key: string;
  /** What to say; `undefined` when the job has nothing to say. */
  body: Omit<CommentBody, 'markers'> | undefined;
  /**
   * With nothing to say: `update` (default) writes `emptyBody` into an existing comment,
   * `delete` removes it, `keep` leaves it alone. None of them creates a comment.
   */
  whenEmpty?: WhenEmpty;
  emptyBody?: string;
}

export type StickyAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'none';

export interface StickyResult {
  action: StickyAction;
  commentId?: number;
  url?: string;
}

export async function upsertStickyComment(
  client: GitHubClient,
  request: StickyCommentRequest,
): Promise<StickyResult> {
  const tag = marker('sticky', request.key);
  const existing = await findMarked(client, request, tag);
  const [current, ...duplicates] = existing;
  // Two runs racing may each have created one; the oldest stays, the others go.
  for (const duplicate of duplicates) {
    await client.rest.issues.deleteComment({ ...request.repo, comment_id: duplicate.id });
  }
  if (request.body === undefined) return settleEmpty(client, request, tag, current);
  const body = composeBody({ ...request.body, markers: [tag] });
  return write(client, request, current, body);
}

interface MarkedComment {
  id: number;
  body: string;
  url: string;
}

async function findMarked(
  client: GitHubClient,
  request: StickyCommentRequest,
  tag: string,
): Promise<MarkedComment[]> {
  const comments = await client.paginate(client.rest.issues.listComments, {
    ...request.repo,
    issue_number: request.issueNumber,
    per_page: 100,
  });
  return comments
    .filter((comment) => comment.body?.startsWith(tag))
    .map((comment) => ({ id: comment.id, body: comment.body ?? '', url: comment.html_url }));
}

async function settleEmpty(
  client: GitHubClient,
  request: StickyCommentRequest,
  tag: string,
  current: MarkedComment | undefined,
): Promise<StickyResult> {
  const mode = request.whenEmpty ?? 'update';
  if (!current || mode === 'keep') return { action: 'none' };
  if (mode === 'delete') {
    await client.rest.issues.deleteComment({ ...request.repo, comment_id: current.id });
    return { action: 'deleted', commentId: current.id };
  }
  const body = `${tag}\n${request.emptyBody ?? 'No findings any more.'}`;
  return write(client, request, current, body);
}

async function write(
  client: GitHubClient,
  request: StickyCommentRequest,
  current: MarkedComment | undefined,
  body: string,
): Promise<StickyResult> {
  if (current?.body === body)
    return { action: 'unchanged', commentId: current.id, url: current.url };
  if (current) {
    const { data } = await client.rest.issues.updateComment({
      ...request.repo,
      comment_id: current.id,
      body,
    });
    return { action: 'updated', commentId: data.id, url: data.html_url };
  }
  const { data } = await client.rest.issues.createComment({
    ...request.repo,
    issue_number: request.issueNumber,
    body,
  });
  return { action: 'created', commentId: data.id, url: data.html_url };
}
