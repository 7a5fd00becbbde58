/** Pull requests, their files, reviews and review comments. */
import {
  type Exchange,
  type Handler,
  notFound,
  numberParam,
  paginate,
  tooLong,
  unprocessable,
} from '../exchange.ts';
import { readPatch } from '../patch.ts';
import type { IssueRecord, PullRecord, ReviewCommentRecord, ReviewRecord } from '../state.ts';
import { editComment, maxBody, remove } from './issues.ts';

function pullOf(exchange: Exchange): PullRecord {
  const pull = exchange.state.pulls.get(numberParam(exchange, 'pull_number'));
  if (!pull) throw notFound();
  return pull;
}

function reviewCommentOf(exchange: Exchange): ReviewCommentRecord {
  const id = numberParam(exchange, 'comment_id');
  const comment = exchange.state.reviewComments.find((candidate) => candidate.id === id);
  if (!comment) throw notFound();
  return comment;
}

/** The message GitHub answers with when a review comment's line is not in the diff. */
const outsideDiff =
  'Pull request review thread line must be part of the diff and Pull request review thread diff hunk can\u2019t be blank';

interface DraftComment {
  path: string;
  line?: number;
  side?: 'LEFT' | 'RIGHT';
  start_line?: number;
  body: string;
}

/** Where on the diff a draft comment lands, or the 422 GitHub gives for it. */
function placeComment(pull: PullRecord, draft: DraftComment) {
  const file = pull.files.find((candidate) => candidate.filename === draft.path);
  if (!file?.patch || draft.line === undefined)
    throw unprocessable('Unprocessable Entity', [outsideDiff]);
  const side = draft.side ?? 'RIGHT';
  const lines = readPatch(file.patch);
  const shown = side === 'RIGHT' ? lines.right : lines.left;
  const range = draft.start_line === undefined ? [draft.line] : [draft.start_line, draft.line];
  if (!range.every((line) => shown.has(line))) {
    throw unprocessable('Unprocessable Entity', [outsideDiff]);
  }
  if (draft.body.length > maxBody) throw tooLong('PullRequestReviewComment', 'body', maxBody);
  const diffHunk = lines.hunkTo.get(draft.line) ?? file.patch;
  return { side, diffHunk, line: draft.line, startLine: draft.start_line ?? null };
}

function headBranch(head: string): string {
  return head.includes(':') ? head.slice(head.indexOf(':') + 1) : head;
}

/** The files that differ between two commits, as a pull request's diff lists them. */
export function changedFiles(exchange: Exchange, baseSha: string, headSha: string) {
  const treeOf = (sha: string) =>
    exchange.state.trees.get(exchange.state.commits.get(sha)?.tree ?? '') ?? new Map();
  const base = treeOf(baseSha);
  const head = treeOf(headSha);
  const paths = new Set([...base.keys(), ...head.keys()]);
  return [...paths]
    .filter((path) => base.get(path) !== head.get(path))
    .sort()
    .map((filename) => ({
      filename,
      status: !base.has(filename)
        ? ('added' as const)
        : !head.has(filename)
          ? ('removed' as const)
          : ('modified' as const),
    }));
}

export const pullHandlers: Record<string, Handler> = {
  'pulls/get': (x) => ({ status: 200, body: x.views.pull(pullOf(x)) }),

  'pulls/list': (x) => {
    const state = x.query.get('state') ?? 'open';
    const head = x.query.get('head');
    const base = x.query.get('base');
    const pulls = [...x.state.pulls.values()]
      .filter((pull) => state === 'all' || x.state.issues.get(pull.number)?.state === state)
      .filter((pull) => !head || pull.head.ref === headBranch(head))
      .filter((pull) => !base || pull.base.ref === base)
      .sort((a, b) => b.number - a.number);
    return paginate(
      pulls.map((pull) => x.views.pull(pull, true)),
      x,
    );
  },

  'pulls/create': (x) => {
    const head = headBranch(x.body.head);
    const headSha = x.state.refs.get(`refs/heads/${head}`);
    const baseSha = x.state.refs.get(`refs/heads/${x.body.base}`);
    if (!headSha || !baseSha) {
      throw unprocessable('Validation Failed', [
        { resource: 'PullRequest', field: headSha ? 'base' : 'head', code: 'invalid' },
      ]);
    }
    if (typeof x.body.body === 'string' && x.body.body.length > maxBody) {
      throw tooLong('PullRequest', 'body', maxBody);
    }
    const open = [...x.state.pulls.values()].find(
      (pull) => pull.head.ref === head && x.state.issues.get(pull.number)?.state === 'open',
    );
    if (open) {
      throw unprocessable('Validation Failed', [
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${x.state.owner}:${head}.`,
        },
      ]);
    }
    const now = x.state.now();
    const issue: IssueRecord = {
      number: x.state.number(),
      id: x.state.id(),
      title: String(x.body.title ?? head),
      body: x.body.body ?? null,
      state: 'open',
      stateReason: null,
      labels: [],
      user: x.state.actor,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: true,
    };
    const pull: PullRecord = {
      number: issue.number,
      head: { ref: head, sha: headSha },
      base: { ref: x.body.base, sha: baseSha },
      files: changedFiles(x, baseSha, headSha),
      draft: Boolean(x.body.draft),
    };
    x.state.issues.set(issue.number, issue);
    x.state.pulls.set(pull.number, pull);
    return { status: 201, body: x.views.pull(pull) };
  },

  'pulls/update': (x) => {
    const pull = pullOf(x);
    const issue = x.state.issues.get(pull.number)!;
    if (typeof x.body.body === 'string' && x.body.body.length > maxBody) {
      throw tooLong('PullRequest', 'body', maxBody);
    }
    if (x.body.title !== undefined) issue.title = x.body.title;
    if (x.body.body !== undefined) issue.body = x.body.body;
    if (x.body.state !== undefined) issue.state = x.body.state;
    issue.updatedAt = x.state.now();
    return { status: 200, body: x.views.pull(pull) };
  },

  'pulls/list-files': (x) =>
    paginate(
      pullOf(x).files.map((file) => x.views.diffEntry(file)),
      x,
    ),

  'pulls/list-review-comments': (x) =>
    paginate(
      x.state.reviewCommentsOn(pullOf(x).number).map((comment) => x.views.reviewComment(comment)),
      x,
    ),

  'pulls/list-reviews': (x) =>
    paginate(
      x.state.reviews
        .filter((review) => review.pullNumber === pullOf(x).number)
        .map((review) => x.views.review(review)),
      x,
    ),

  'pulls/create-review': (x) => {
    const pull = pullOf(x);
    if (typeof x.body.body === 'string' && x.body.body.length > maxBody) {
      throw tooLong('PullRequestReview', 'body', maxBody);
    }
    const drafts = (x.body.comments ?? []) as DraftComment[];
    // GitHub refuses the whole review when one comment is off the diff: nothing is kept.
    const placed = drafts.map((draft) => ({ draft, place: placeComment(pull, draft) }));
    const event = x.body.event as string | undefined;
    const review: ReviewRecord = {
      id: x.state.id(),
      pullNumber: pull.number,
      body: x.body.body ?? '',
      state:
        event === 'APPROVE'
          ? 'APPROVED'
          : event === 'REQUEST_CHANGES'
            ? 'CHANGES_REQUESTED'
            : event === 'COMMENT'
              ? 'COMMENTED'
              : 'PENDING',
      commitId: x.body.commit_id ?? pull.head.sha,
      user: x.state.actor,
    };
    x.state.reviews.push(review);
    for (const { draft, place } of placed) {
      const now = x.state.now();
      x.state.reviewComments.push({
        id: x.state.id(),
        pullNumber: pull.number,
        reviewId: review.id,
        path: draft.path,
        body: draft.body,
        commitId: review.commitId,
        user: x.state.actor,
        createdAt: now,
        updatedAt: now,
        ...place,
      });
    }
    return { status: 200, body: x.views.review(review) };
  },

  'pulls/update-review-comment': (x) => {
    const comment = reviewCommentOf(x);
    editComment(x, comment, 'PullRequestReviewComment');
    return { status: 200, body: x.views.reviewComment(comment) };
  },

  'pulls/delete-review-comment': (x) => {
    remove(x.state.reviewComments, reviewCommentOf(x));
    return { status: 204 };
  },
};
