/**
 * PR upsert for promotion against the double: a branch rebuilt from the head of its base
 * with exactly the given changes, force-pushed, and one pull request per key found again
 * on every run.
 */
import { type GitHubClient, type PullRequestRequest, upsertPullRequest } from '@fleetops/github';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { clientFor } from './client.ts';
import { type GitHubDouble, type RepositoryState, startGitHubDouble } from './index.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
const branch = 'fleetops/promote/staging';
let double: GitHubDouble;
let client: GitHubClient;

beforeEach(async () => {
  double = await startGitHubDouble();
  client = clientFor(double);
  commitToMain(double.state, {
    'clusters/staging/app.yaml': 'image: app:1.0.0\n',
    'clusters/staging/legacy.yaml': 'kind: ConfigMap\n',
  });
});

afterEach(async () => {
  await double.close();
});

/** A commit on main with `files` changed, as a merge by a person would make it. */
function commitToMain(state: RepositoryState, files: Record<string, string>): string {
  const parent = state.refs.get('refs/heads/main')!;
  const entries = new Map(state.trees.get(state.commits.get(parent)!.tree));
  for (const [path, content] of Object.entries(files)) entries.set(path, state.putBlob(content));
  const sha = state.putCommit({
    tree: state.putTree(entries),
    parents: [parent],
    message: 'merge',
  });
  state.refs.set('refs/heads/main', sha);
  return sha;
}

function promotion(overrides: Partial<PullRequestRequest> = {}): PullRequestRequest {
  return {
    repo,
    base: 'main',
    branch,
    key: 'promote/staging',
    title: 'Promote app 1.1.0 to staging',
    body: { heading: 'Promotes **app** from dev to staging.', sections: [] },
    labels: ['fleetops', 'promotion'],
    files: [{ path: 'clusters/staging/app.yaml', content: 'image: app:1.1.0\n' }],
    commitMessage: 'Promote app 1.1.0 to staging',
    ...overrides,
  };
}

const writes = [
  'git/create-commit',
  'git/create-ref',
  'git/update-ref',
  'pulls/create',
  'pulls/update',
];

it('creates the branch from the head of base and one labelled pull request', async () => {
  const mainSha = double.state.refs.get('refs/heads/main')!;
  const result = await upsertPullRequest(client, promotion());
  expect(result).toMatchObject({ action: 'created', number: expect.any(Number) });
  expect(result.url).toMatch(new RegExp(`/pull/${result.number}$`));
  expect(double.state.refs.get(`refs/heads/${branch}`)).toBe(result.commitSha);
  expect(double.state.commits.get(result.commitSha)).toMatchObject({
    parents: [mainSha],
    message: 'Promote app 1.1.0 to staging',
  });
  expect(double.state.fileAt(result.commitSha, 'clusters/staging/app.yaml')).toBe(
    'image: app:1.1.0\n',
  );
  expect(double.state.fileAt(result.commitSha, 'clusters/staging/legacy.yaml')).toBe(
    'kind: ConfigMap\n',
  );
  const pull = double.state.pulls.get(result.number)!;
  expect(pull).toMatchObject({ head: { ref: branch }, base: { ref: 'main' } });
  expect(pull.files).toEqual([{ filename: 'clusters/staging/app.yaml', status: 'modified' }]);
  const issue = double.state.issues.get(result.number)!;
  expect(issue.labels).toEqual(['fleetops', 'promotion']);
  expect(issue.body).toBe(
    '<!-- fleetops:pull:promote/staging -->\nPromotes **app** from dev to staging.',
  );
  expect(double.violations).toEqual([]);
});

it('leaves everything alone when a re-run has the same files', async () => {
  const first = await upsertPullRequest(client, promotion());
  const commits = double.state.commits.size;
  const before = double.requests.length;
  const again = await upsertPullRequest(client, promotion());
  expect(again).toEqual({ ...first, action: 'unchanged' });
  expect(double.state.commits.size).toBe(commits);
  expect(double.state.pulls.size).toBe(1);
  const operations = double.requests.slice(before).map((r) => r.operationId);
  expect(operations.filter((id) => writes.includes(id ?? ''))).toEqual([]);
  expect(operations).not.toContain('issues/add-labels');
  expect(double.violations).toEqual([]);
});

it('force-updates the branch and edits the same pull request when the files change', async () => {
  const first = await upsertPullRequest(client, promotion());
  // main moves on: the new commit is built on it, so the old head is no ancestor.
  const mainSha = commitToMain(double.state, { 'clusters/dev/app.yaml': 'image: app:1.2.0\n' });
  const second = await upsertPullRequest(
    client,
    promotion({
      title: 'Promote app 1.2.0 to staging',
      body: { heading: 'Promotes **app** 1.2.0.', sections: [] },
      files: [
        { path: 'clusters/staging/app.yaml', content: 'image: app:1.2.0\n' },
        { path: 'clusters/staging/legacy.yaml', content: null },
      ],
    }),
  );
  expect(second).toMatchObject({ action: 'updated', number: first.number, url: first.url });
  expect(second.commitSha).not.toBe(first.commitSha);
  expect(double.state.refs.get(`refs/heads/${branch}`)).toBe(second.commitSha);
  expect(double.state.commits.get(second.commitSha)?.parents).toEqual([mainSha]);
  expect(double.state.fileAt(second.commitSha, 'clusters/staging/app.yaml')).toBe(
    'image: app:1.2.0\n',
  );
  expect(double.state.fileAt(second.commitSha, 'clusters/staging/legacy.yaml')).toBeUndefined();
  expect(double.state.fileAt(second.commitSha, 'clusters/dev/app.yaml')).toBe('image: app:1.2.0\n');
  expect(double.requests.find((r) => r.operationId === 'git/update-ref')?.status).toBe(200);
  expect(double.state.pulls.size).toBe(1);
  const pull = double.state.pulls.get(first.number)!;
  expect(pull.head.sha).toBe(second.commitSha);
  expect(pull.files).toEqual([
    { filename: 'clusters/staging/app.yaml', status: 'modified' },
    { filename: 'clusters/staging/legacy.yaml', status: 'removed' },
  ]);
  expect(double.state.issues.get(first.number)).toMatchObject({
    title: 'Promote app 1.2.0 to staging',
    body: '<!-- fleetops:pull:promote/staging -->\nPromotes **app** 1.2.0.',
  });
  expect(double.violations).toEqual([]);
});

it('adds missing labels and keeps the ones people added', async () => {
  const first = await upsertPullRequest(client, promotion({ labels: ['fleetops'] }));
  await client.rest.issues.addLabels({ ...repo, issue_number: first.number, labels: ['hold'] });
  const again = await upsertPullRequest(
    client,
    promotion({ labels: ['fleetops', 'promotion', 'promotion'] }),
  );
  expect(again.action).toBe('updated');
  expect(double.state.issues.get(first.number)?.labels).toEqual(['fleetops', 'hold', 'promotion']);
  expect(double.violations).toEqual([]);
});

it('keeps the body under 65,536 characters, cut between sections', async () => {
  const section = { body: 'x'.repeat(30_000), collapsedTitle: 'diff of app.yaml <b>' };
  const result = await upsertPullRequest(
    client,
    promotion({ body: { heading: 'Promotes app.', sections: [section, section, section] } }),
  );
  const body = double.state.issues.get(result.number)!.body!;
  expect(body.length).toBeLessThanOrEqual(65_536);
  expect(body).toMatch(/1 of 3 sections left out/);
  expect(body).not.toContain('<b>');
  expect(double.violations).toEqual([]);
});

it('survives a 502 from GitHub once', async () => {
  double.inject({
    fault: { kind: 'server-error', status: 502 },
    method: 'POST',
    path: /git\/trees$/,
  });
  const result = await upsertPullRequest(client, promotion());
  expect(result.action).toBe('created');
  expect(double.faultsFired).toBe(1);
  expect(double.requests.filter((r) => r.status === 502)).toHaveLength(1);
  expect(double.state.pulls.size).toBe(1);
  expect(double.violations).toEqual([]);
});

it('says which base branch is missing', async () => {
  await expect(upsertPullRequest(client, promotion({ base: 'release' }))).rejects.toThrow(
    'base branch "release" does not exist in fleet-org/fleet',
  );
});
