import type { GitHubClient } from '@fleetops/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientFor } from './client.ts';
import { type GitHubDouble, seedPullRequest, startGitHubDouble } from './index.ts';

let double: GitHubDouble;
let client: GitHubClient;
const repo = { owner: 'fleet-org', repo: 'fleet' };

beforeEach(async () => {
  double = await startGitHubDouble();
  client = clientFor(double);
});

afterEach(async () => {
  await double.close();
});

async function raw(method: string, path: string, body?: unknown, token = double.token) {
  const response = await fetch(`${double.url}${path}`, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = response.status === 204 ? undefined : await response.json();
  return {
    status: response.status,
    body: json as { message: string; errors: { message: string }[] },
  };
}

describe('the GitHub API double', () => {
  it('keeps issue comments and answers within the OpenAPI description', async () => {
    const number = seedPullRequest(double.state, { files: [] });
    const created = await client.rest.issues.createComment({
      ...repo,
      issue_number: number,
      body: 'hello',
    });
    expect(created.status).toBe(201);
    await client.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'again' });
    const listed = await client.rest.issues.listComments({ ...repo, issue_number: number });
    expect(listed.data.map((comment) => comment.body)).toEqual(['again']);
    expect(listed.data[0]?.user?.login).toBe('github-actions[bot]');
    expect(double.violations).toEqual([]);
  });

  it('pages lists with a Link header that octokit follows', async () => {
    const number = seedPullRequest(double.state, { files: [] });
    for (let i = 0; i < 7; i++) {
      await client.rest.issues.createComment({ ...repo, issue_number: number, body: `c${i}` });
    }
    const all = await client.paginate(client.rest.issues.listComments, {
      ...repo,
      issue_number: number,
      per_page: 3,
    });
    expect(all.map((comment) => comment.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(double.requests.filter((r) => r.operationId === 'issues/list-comments')).toHaveLength(3);
    expect(double.violations).toEqual([]);
  });

  it('refuses a request the description does not allow, and records the violation', async () => {
    const number = seedPullRequest(double.state, { files: [] });
    const answer = await raw('POST', `/repos/fleet-org/fleet/issues/${number}/comments`, {
      body: 7,
    });
    expect(answer.status).toBe(422);
    expect(double.violations.join('\n')).toMatch(
      /issues\/create-comment: request body: \/body must be string/,
    );
  });

  it('records a path GitHub does not have', async () => {
    const answer = await raw('GET', '/repos/fleet-org/fleet/no-such-thing');
    expect(answer.status).toBe(404);
    expect(double.violations[0]).toMatch(/no such operation/);
  });

  it('answers 422 for a comment body over 65,536 characters, as GitHub does', async () => {
    const number = seedPullRequest(double.state, { files: [] });
    const answer = await raw('POST', `/repos/fleet-org/fleet/issues/${number}/comments`, {
      body: 'x'.repeat(65_537),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors[0]?.message).toMatch(/maximum is 65536/);
    expect(double.violations).toEqual([]);
  });

  it('answers 422 for a review comment outside the diff and keeps nothing of that review', async () => {
    const number = seedPullRequest(double.state, {
      files: [
        { filename: 'a.yaml', status: 'modified', patch: '@@ -1,2 +1,3 @@\n a: 1\n+b: 2\n c: 3' },
      ],
    });
    const path = `/repos/fleet-org/fleet/pulls/${number}/reviews`;
    const outside = await raw('POST', path, {
      event: 'COMMENT',
      comments: [
        { path: 'a.yaml', line: 2, body: 'on the diff' },
        { path: 'a.yaml', line: 9, body: 'off the diff' },
      ],
    });
    expect(outside.status).toBe(422);
    expect(double.state.reviews).toHaveLength(0);
    const inside = await raw('POST', path, {
      event: 'COMMENT',
      comments: [{ path: 'a.yaml', line: 2, body: 'on the diff' }],
    });
    expect(inside.status).toBe(200);
    expect(double.state.reviewCommentsOn(number)).toMatchObject([{ line: 2, side: 'RIGHT' }]);
    expect(double.violations).toEqual([]);
  });

  it('says 401 without the token and 403 when the token lacks the permission', async () => {
    await double.close();
    double = await startGitHubDouble({ permissions: { checks: 'read' } });
    const unauthorised = await raw('GET', '/repos/fleet-org/fleet/issues', undefined, 'wrong');
    expect(unauthorised.status).toBe(401);
    const forbidden = await raw('POST', '/repos/fleet-org/fleet/check-runs', {
      name: 'fleetops',
      head_sha: 'a'.repeat(40),
    });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toBe('Resource not accessible by integration');
  });
});

describe('fault injection and the client that survives it', () => {
  async function createIssue() {
    return client.rest.issues.create({ ...repo, title: 'drift' });
  }

  it('retries a secondary rate limit after Retry-After', async () => {
    double.inject({
      fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 2 },
      method: 'POST',
      times: 2,
    });
    const created = await createIssue();
    expect(created.status).toBe(201);
    expect(double.requests.map((r) => r.status)).toEqual([403, 403, 201]);
    expect(double.state.issues.size).toBe(1);
    expect(double.faultsFired).toBe(2);
    expect(double.violations).toEqual([]);
    expect(double.faultsFired).toBe(2);
    expect(double.violations).toEqual([]);
  });

  it('retries a 429 secondary rate limit', async () => {
    double.inject({ fault: { kind: 'secondary-rate-limit', status: 429 }, method: 'POST' });
    await createIssue();
    expect(double.requests.map((r) => r.status)).toEqual([429, 201]);
  });

  it('waits out a primary rate limit until x-ratelimit-reset', async () => {
    double.inject({ fault: { kind: 'rate-limit', resetInSeconds: 1 } });
    await createIssue();
    expect(double.requests.map((r) => r.status)).toEqual([403, 201]);
  });

  it('retries 502 and dropped connections a bounded number of times', async () => {
    double.inject({ fault: { kind: 'server-error', status: 502 }, path: /\/issues$/ });
    double.inject({ fault: { kind: 'drop' }, path: /\/issues$/ });
    await createIssue();
    expect(double.requests.map((r) => r.fault ?? r.status)).toEqual(['server-error', 'drop', 201]);
  });

  it('gives up after its retries and reports the status', async () => {
    double.inject({ fault: { kind: 'server-error', status: 503 }, times: 10 });
    await expect(createIssue()).rejects.toMatchObject({ status: 503 });
    expect(double.requests).toHaveLength(4);
    expect(double.state.issues.size).toBe(0);
  });

  it('serves slow answers', async () => {
    double.inject({ fault: { kind: 'slow', delayMs: 20 } });
    const created = await createIssue();
    expect(created.status).toBe(201);
    expect(double.requests[0]?.fault).toBe('slow');
  });
});
