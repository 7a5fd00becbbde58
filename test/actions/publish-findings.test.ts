// publishFindings, the delivery every action shares, against the GitHub double with plain
// values: the cases the action harness does not run as a child process.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Finding, loadRules, type Report, tool } from '@fleetops/core';
import { type PublishRequest, publishFindings } from '@fleetops/github';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../github-api/client.ts';
import {
  type GitHubDouble,
  type Permission,
  type Scope,
  seedPullRequest,
  startGitHubDouble,
} from '../github-api/index.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
let double: GitHubDouble;

afterEach(async () => {
  await double.close();
});

const onChangedLine: Finding = {
  ruleId: 'load/duplicate-key',
  severity: 'error',
  message: 'duplicate key "pods"',
  location: { file: 'quota.yaml', line: 2, column: 3 },
};
const elsewhere: Finding = {
  ruleId: 'load/duplicate-key',
  severity: 'warning',
  message: 'duplicate key "name"',
  location: { file: 'legacy.yaml', line: 5, column: 3 },
};

/** A started double, a PR adding quota.yaml (lines 1-3), and a request for it. */
async function setUp(
  findings: Finding[],
  permissions?: Partial<Record<Scope, Permission>>,
): Promise<{ request: PublishRequest; number: number; log: () => string }> {
  double = await startGitHubDouble({ permissions });
  const number = seedPullRequest(double.state, {
    files: [{ filename: 'quota.yaml', status: 'added', patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c' }],
  });
  const pull = double.state.pulls.get(number)!;
  const summaryFile = path.join(await mkdtemp(path.join(os.tmpdir(), 'publish-')), 'summary.md');
  await writeFile(summaryFile, '');
  const written: string[] = [];
  const report: Report = { tool, findings, rules: loadRules };
  const request: PublishRequest = {
    report,
    key: 'check',
    title: 'fleetops check',
    event: {
      name: 'pull_request',
      pullRequest: { number, headSha: pull.head.sha, baseSha: pull.base.sha, fromFork: false },
    },
    github: { client: clientFor(double), repo },
    summaryFile,
    annotations: { write: (text: string) => written.push(text) },
  };
  return { request, number, log: () => written.join('') };
}

describe('publishFindings on a pull request', () => {
  it('says nothing on a clean pull request: no comment, no review, no annotation', async () => {
    const { request, number, log } = await setUp([]);

    const result = await publishFindings(request);

    expect(result.pullRequest).toMatchObject({ number, commented: 0, sticky: { action: 'none' } });
    expect(result.notices).toEqual([]);
    expect(double.state.commentsOn(number)).toEqual([]);
    expect(double.state.reviews).toEqual([]);
    expect(log()).toBe('');
    const summary = await readFile(request.summaryFile!, 'utf8');
    expect(summary).toContain(`Pull request #${number}: nothing to comment on.`);
    expect(double.violations).toEqual([]);
  });

  it('keeps the sticky comment when the token may comment on issues but not review', async () => {
    const { request, number, log } = await setUp([onChangedLine, elsewhere], {
      pull_requests: 'read',
    });

    const result = await publishFindings(request);

    expect(result.pullRequest).toBeUndefined();
    expect(result.notices).toEqual([
      `fleetops could not add review comments to pull request #${number}: the token may not write pull requests (grant \`pull-requests: write\` to the job). The findings are in the job summary and the annotations.`,
    ]);
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(double.state.reviews).toEqual([]);
    // With no review, every finding is annotated, the one on the changed line too.
    expect(log()).toContain('::error file=quota.yaml,line=2,');
    expect(log()).toContain('::warning file=legacy.yaml,line=5,');
    expect(result.annotated).toMatchObject({ error: 1, warning: 1, note: 0 });
    expect(await readFile(request.summaryFile!, 'utf8')).toContain('> [!NOTE]\n> fleetops could');
    expect(double.violations).toEqual([]);
  });

  it('without a token, writes the summary and annotations and calls nothing', async () => {
    const { request } = await setUp([onChangedLine]);
    const { github: _none, ...withoutToken } = request;

    const result = await publishFindings(withoutToken);

    expect(result.notices[0]).toMatch(/^No github-token, so pull request #\d+ gets no comments/);
    expect(result.annotated.error).toBe(1);
    expect(double.requests).toEqual([]);
  });

  it('fails on what is not a permission problem: a server that keeps failing', async () => {
    const { request } = await setUp([onChangedLine]);
    double.inject({ fault: { kind: 'server-error', status: 502 }, path: /\/files$/, times: 10 });

    await expect(publishFindings(request)).rejects.toMatchObject({ status: 502 });
    expect(double.state.reviews).toEqual([]);
  });

  it('with nofilter, lists off-diff findings in the sticky comment and re-runs without a new review', async () => {
    const { request, number } = await setUp([onChangedLine, elsewhere]);
    const nofilter = { ...request, filter: 'nofilter' as const };

    const first = await publishFindings(nofilter);
    const second = await publishFindings(nofilter);

    expect(first.pullRequest?.commented).toBe(1);
    expect(double.state.reviewCommentsOn(number).map((c) => `${c.path}:${c.line}`)).toEqual([
      'quota.yaml:2',
    ]);
    expect(double.state.commentsOn(number)[0]?.body).toContain('legacy.yaml');
    expect(second.pullRequest).toMatchObject({
      sticky: { action: 'unchanged' },
      review: { created: 0, kept: 1 },
    });
    expect(double.state.reviews).toHaveLength(1);
    expect(double.violations).toEqual([]);
  });
});
