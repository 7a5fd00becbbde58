import { upsertIssue } from '@fleetops/github';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { clientFor } from './client.ts';
import { type GitHubDouble, startGitHubDouble } from './index.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
let double: GitHubDouble;

beforeEach(async () => {
  double = await startGitHubDouble();
});

afterEach(async () => {
  await double.close();
});

it('creates, updates, leaves alone and finally closes one issue per key', async () => {
  const client = clientFor(double);
  const request = {
    repo,
    key: 'drift/prod-eu-1',
    label: 'fleetops-drift',
    title: 'Drift in prod-eu-1',
  };
  const other = await upsertIssue(client, {
    ...request,
    key: 'drift/prod-us-1',
    body: { heading: 'us', sections: [] },
  });
  const created = await upsertIssue(client, {
    ...request,
    body: { heading: '3 resources drifted', sections: [] },
  });
  expect(created.action).toBe('created');
  const updated = await upsertIssue(client, {
    ...request,
    body: { heading: '2 resources drifted', sections: [] },
  });
  expect(updated).toEqual({
    action: 'updated',
    issueNumber: (created as { issueNumber: number }).issueNumber,
  });
  const same = await upsertIssue(client, {
    ...request,
    body: { heading: '2 resources drifted', sections: [] },
  });
  expect(same.action).toBe('unchanged');
  const closed = await upsertIssue(client, { ...request, body: undefined });
  expect(closed.action).toBe('closed');
  const issue = double.state.issues.get((created as { issueNumber: number }).issueNumber)!;
  expect(issue).toMatchObject({
    state: 'closed',
    stateReason: 'completed',
    labels: ['fleetops-drift'],
  });
  expect(double.state.commentsOn(issue.number)).toHaveLength(1);
  expect(double.state.issues.get((other as { issueNumber: number }).issueNumber)?.state).toBe(
    'open',
  );
  expect(await upsertIssue(client, { ...request, body: undefined })).toEqual({ action: 'none' });
  expect(double.state.issues.size).toBe(2);
  expect(double.violations).toEqual([]);
});
