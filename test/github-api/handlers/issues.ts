/** Issues, issue comments and labels: what sticky comments and issue upsert touch. */
import {
  type Exchange,
  type Handler,
  notFound,
  numberParam,
  paginate,
  tooLong,
  unprocessable,
} from '../exchange.ts';
import type { IssueRecord } from '../state.ts';

/** 65,536 characters is GitHub's maximum body of an issue, comment or pull request. */
export const maxBody = 65_536;

function issueOf(exchange: Exchange): IssueRecord {
  const issue = exchange.state.issues.get(numberParam(exchange, 'issue_number'));
  if (!issue) throw notFound();
  return issue;
}

function checkBody(resource: string, body: unknown): void {
  if (typeof body === 'string' && body.length > maxBody) throw tooLong(resource, 'body', maxBody);
}

/** A comment's edit: the request's body, checked, and `updatedAt` now. */
export function editComment(
  exchange: Exchange,
  comment: { body: string; updatedAt: string },
  resource: string,
): void {
  checkBody(resource, exchange.body.body);
  comment.body = exchange.body.body;
  comment.updatedAt = exchange.state.now();
}

/** Takes `item` out of `list`, as a delete does. */
export function remove<T>(list: T[], item: T): void {
  list.splice(list.indexOf(item), 1);
}

function commentOf(exchange: Exchange) {
  const id = numberParam(exchange, 'comment_id');
  const comment = exchange.state.issueComments.find((candidate) => candidate.id === id);
  if (!comment) throw notFound();
  return comment;
}

function labelNames(labels: unknown[] | undefined): string[] {
  return (labels ?? []).map((label) =>
    typeof label === 'string' ? label : String((label as { name?: string }).name),
  );
}

function ensureLabels(exchange: Exchange, names: string[]): void {
  for (const name of names) {
    if (!exchange.state.labels.has(name)) {
      exchange.state.labels.set(name, {
        id: exchange.state.id(),
        name,
        color: 'ededed',
        description: null,
      });
    }
  }
}

export const issueHandlers: Record<string, Handler> = {
  'issues/list-comments': (x) =>
    paginate(
      x.state.commentsOn(issueOf(x).number).map((c) => x.views.issueComment(c)),
      x,
    ),

  'issues/create-comment': (x) => {
    const issue = issueOf(x);
    checkBody('IssueComment', x.body.body);
    const now = x.state.now();
    const comment = {
      id: x.state.id(),
      issueNumber: issue.number,
      body: x.body.body as string,
      user: x.state.actor,
      createdAt: now,
      updatedAt: now,
    };
    x.state.issueComments.push(comment);
    return { status: 201, body: x.views.issueComment(comment) };
  },

  'issues/update-comment': (x) => {
    const comment = commentOf(x);
    editComment(x, comment, 'IssueComment');
    return { status: 200, body: x.views.issueComment(comment) };
  },

  'issues/delete-comment': (x) => {
    remove(x.state.issueComments, commentOf(x));
    return { status: 204 };
  },

  'issues/list-for-repo': (x) => {
    const state = x.query.get('state') ?? 'open';
    const wanted = (x.query.get('labels') ?? '').split(',').filter(Boolean);
    const issues = [...x.state.issues.values()]
      .filter((issue) => state === 'all' || issue.state === state)
      .filter((issue) => wanted.every((label) => issue.labels.includes(label)))
      .sort((a, b) => b.number - a.number);
    return paginate(
      issues.map((issue) => x.views.issue(issue)),
      x,
    );
  },

  'issues/get': (x) => ({ status: 200, body: x.views.issue(issueOf(x)) }),

  'issues/create': (x) => {
    checkBody('Issue', x.body.body);
    if (!x.body.title) throw unprocessable('Validation Failed', [{ code: 'missing_field' }]);
    const labels = labelNames(x.body.labels);
    ensureLabels(x, labels);
    const now = x.state.now();
    const issue: IssueRecord = {
      number: x.state.number(),
      id: x.state.id(),
      title: String(x.body.title),
      body: x.body.body ?? null,
      state: 'open',
      stateReason: null,
      labels,
      user: x.state.actor,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: false,
    };
    x.state.issues.set(issue.number, issue);
    return { status: 201, body: x.views.issue(issue) };
  },

  'issues/update': (x) => {
    const issue = issueOf(x);
    checkBody('Issue', x.body.body);
    if (x.body.title !== undefined) issue.title = String(x.body.title);
    if (x.body.body !== undefined) issue.body = x.body.body;
    if (x.body.labels !== undefined) {
      issue.labels = labelNames(x.body.labels);
      ensureLabels(x, issue.labels);
    }
    if (x.body.state !== undefined && x.body.state !== issue.state) {
      issue.state = x.body.state;
      issue.closedAt = issue.state === 'closed' ? x.state.now() : null;
      issue.stateReason = issue.state === 'closed' ? (x.body.state_reason ?? 'completed') : null;
    }
    issue.updatedAt = x.state.now();
    return { status: 200, body: x.views.issue(issue) };
  },

  'issues/add-labels': (x) => {
    const issue = issueOf(x);
    const names = labelNames(Array.isArray(x.body) ? x.body : x.body.labels);
    ensureLabels(x, names);
    issue.labels = [...new Set([...issue.labels, ...names])];
    return {
      status: 200,
      body: issue.labels.map((name) => x.views.label(x.state.labels.get(name)!)),
    };
  },
};
