// publishFindings' check run and its handling of suppressed findings, against the GitHub
// double (every request and answer checked against GitHub's OpenAPI description).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Finding, loadRules, type Report, tool } from '@fleetops/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../../test/github-api/client.ts';
import {
  type GitHubDouble,
  type Permission,
  type Scope,
  seedPullRequest,
  startGitHubDouble,
} from '../../../test/github-api/index.ts';
import { type PublishRequest, publishFindings } from '../src/publish.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
let double: GitHubDouble;

afterEach(async () => {
  await double?.close();
});

/** On line 2 of quota.yaml, which the pull request adds. */
const onChangedLine: Finding = {
  ruleId: 'load/duplicate-key',
  severity: 'error',
  message: 'duplicate key "pods"',
  location: { file: 'quota.yaml', line: 2, column: 3 },
};
/** Also on an added line, but accepted with a fleetops.io/ignore annotation. */
const acceptedOnChangedLine: Finding = {
  ruleId: 'network/fleet-overlap',
  severity: 'error',
  message: 'pod range 100.64.0.0/16 overlaps dev-us-east-1',
  location: { file: 'quota.yaml', line: 3, column: 5 },
  suppressed: { reason: 'shared lab VPC', location: { file: 'quota.yaml', line: 1 } },
};
const elsewhere: Finding = {
  ruleId: 'load/duplicate-key',
  severity: 'warning',
  message: 'duplicate key "name"',
  location: { file: 'legacy.yaml', line: 5, column: 3 },
};
const acceptedElsewhere: Finding = {
  ...elsewhere,
  message: 'duplicate key "labels"',
  location: { file: 'accepted.yaml', line: 7, column: 3 },
  suppressed: { reason: 'migrating', location: { file: 'accepted.yaml', line: 3 } },
};

async function summaryFile(): Promise<string> {
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'publish-')), 'summary.md');
  await writeFile(file, '');
  return file;
}

/** A started double, a PR adding quota.yaml (lines 1-3), and a request for it. */
async function pullRequest(
  findings: Finding[],
  permissions?: Partial<Record<Scope, Permission>>,
): Promise<{ request: PublishRequest; number: number; headSha: string; log: () => string }> {
  double = await startGitHubDouble({ permissions });
  const number = seedPullRequest(double.state, {
    files: [{ filename: 'quota.yaml', status: 'added', patch: '@@ -0,0 +1,3 @@\n+a\n+b\n+c' }],
  });
  const pull = double.state.pulls.get(number)!;
  const written: string[] = [];
  const report: Report = { tool, findings, rules: loadRules };
  const headSha = pull.head.sha;
  const request: PublishRequest = {
    report,
    key: 'check',
    title: 'fleetops check',
    event: {
      name: 'pull_request',
      headSha,
      pullRequest: { number, headSha, baseSha: pull.base.sha, fromFork: false },
    },
    github: { client: clientFor(double), repo },
    summaryFile: await summaryFile(),
    annotations: { write: (text: string) => written.push(text) },
    runUrl: 'https://github.com/fleet-org/fleet/actions/runs/7',
    checkRun: true,
  };
  return { request, number, headSha, log: () => written.join('') };
}

describe('publishFindings: the check run', () => {
  it('on a pull request: one run on its head with every finding in force, beside the comments', async () => {
    const findings = [onChangedLine, acceptedOnChangedLine, elsewhere, acceptedElsewhere];
    const { request, number, headSha } = await pullRequest(findings);

    const result = await publishFindings(request);

    const [run, ...more] = double.state.checkRuns;
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      name: 'fleetops check',
      headSha,
      status: 'completed',
      conclusion: 'failure',
      detailsUrl: request.runUrl,
      output: { title: '1 error, 1 warning, 0 notes, 2 suppressed' },
    });
    // The review comment's finding too: the check run is the complete list.
    expect(run?.annotations.map((a) => `${a.path}:${a.start_line}`)).toEqual([
      'legacy.yaml:5',
      'quota.yaml:2',
    ]);
    expect(run?.output.summary).toContain(
      '### fleetops check: 1 error, 1 warning, 0 notes, 2 suppressed',
    );
    expect(run?.output.summary).toContain(`[The job summary](${request.runUrl})`);
    expect(result.checkRun).toMatchObject({
      status: 'created',
      conclusion: 'failure',
      annotations: 2,
      url: `https://github.test/fleet-org/fleet/runs/${run?.id}`,
    });
    expect(result.notices).toEqual([]);
    const summary = await readFile(request.summaryFile!, 'utf8');
    expect(summary).toContain(
      `Check run [fleetops check](https://github.test/fleet-org/fleet/runs/${run?.id}): failure, 2 annotations.`,
    );
    expect(double.state.reviewCommentsOn(number)).toHaveLength(1);
    expect(double.violations).toEqual([]);
  });

  it('puts a cross-file finding’s annotation on the place the pull request changed', async () => {
    const overlap: Finding = {
      ...elsewhere,
      ruleId: 'network/fleet-overlap',
      related: [{ file: 'quota.yaml', line: 2, message: 'moved here' }],
    };
    const { request } = await pullRequest([overlap]);

    await publishFindings(request);

    const [annotation] = double.state.checkRuns[0]?.annotations ?? [];
    expect(annotation).toMatchObject({ path: 'quota.yaml', start_line: 2 });
    expect(annotation?.raw_details).toBe('legacy.yaml:5:3');
  });

  it('on push and schedule: one run on GITHUB_SHA, and no pull request calls', async () => {
    const { request } = await pullRequest([elsewhere]);
    const sha = 'f'.repeat(40);

    for (const name of ['push', 'schedule']) {
      const result = await publishFindings({ ...request, event: { name, headSha: sha } });
      expect(result.checkRun).toMatchObject({ status: 'created', conclusion: 'neutral' });
      expect(result.pullRequest).toBeUndefined();
    }

    // One check run per workflow run: a re-run adds one, the newest is what GitHub shows.
    expect(double.state.checkRuns.map((run) => [run.headSha, run.conclusion])).toEqual([
      [sha, 'neutral'],
      [sha, 'neutral'],
    ]);
    expect(double.operations()).toEqual(['checks/create', 'checks/create']);
    expect(double.violations).toEqual([]);
  });

  it('succeeds when every finding is a note or suppressed', async () => {
    const note: Finding = { ...elsewhere, severity: 'note' };
    const { request } = await pullRequest([note, acceptedElsewhere]);

    const result = await publishFindings({
      ...request,
      event: { name: 'push', headSha: 'f'.repeat(40) },
    });

    expect(result.checkRun).toMatchObject({
      status: 'created',
      conclusion: 'success',
      annotations: 1,
    });
  });

  it('without checks: write, comments still go out and the check run is a notice', async () => {
    const { request, number } = await pullRequest([onChangedLine, elsewhere], { checks: 'read' });

    const result = await publishFindings(request);

    expect(result.checkRun).toEqual({
      status: 'skipped',
      reason: 'the token may not write checks',
    });
    expect(result.notices).toEqual([
      'fleetops could not create the check run "fleetops check": the token may not write checks (grant `checks: write` to the job). The findings are in the job summary and the annotations.',
    ]);
    expect(result.pullRequest).toMatchObject({ number, commented: 1 });
    expect(double.state.checkRuns).toEqual([]);
    const summary = await readFile(request.summaryFile!, 'utf8');
    expect(summary).toContain('> [!NOTE]\n> fleetops could not create the check run');
    expect(double.violations).toEqual([]);
  });

  it('on a fork’s pull request, says why in one notice per channel and does not fail', async () => {
    const { request, number } = await pullRequest([onChangedLine], {
      issues: 'read',
      pull_requests: 'read',
      checks: 'read',
    });
    const pull = { ...request.event.pullRequest!, fromFork: true };

    const result = await publishFindings({
      ...request,
      event: { ...request.event, pullRequest: pull },
    });

    expect(result.notices).toEqual([
      `fleetops could not comment on pull request #${number}: it comes from a fork, and GitHub gives such runs a read-only token. The findings are in the job summary and the annotations.`,
      'fleetops could not create the check run "fleetops check": the pull request comes from a fork, and GitHub gives such runs a read-only token. The findings are in the job summary and the annotations.',
    ]);
    expect(result.checkRun?.status).toBe('skipped');
  });

  it('is not made unless asked for, without a token, or without a commit', async () => {
    const { request } = await pullRequest([elsewhere]);
    const push = { name: 'push', headSha: 'f'.repeat(40) };
    const { github: _none, ...withoutToken } = request;

    expect(
      (await publishFindings({ ...request, event: push, checkRun: false })).checkRun,
    ).toBeUndefined();
    expect((await publishFindings({ ...withoutToken, event: push })).checkRun).toBeUndefined();
    expect(
      (await publishFindings({ ...request, event: { name: 'local' } })).checkRun,
    ).toBeUndefined();
    expect(double.requests).toEqual([]);
  });
});

describe('publishFindings: suppressed findings', () => {
  it('are no review comment, no annotation and no entry of the sticky comment, only a count', async () => {
    const findings = [onChangedLine, acceptedOnChangedLine, elsewhere, acceptedElsewhere];
    const { request, number, log } = await pullRequest(findings);

    const result = await publishFindings({ ...request, checkRun: false });

    const comments = double.state.reviewCommentsOn(number);
    expect(comments.map((c) => `${c.path}:${c.line}`)).toEqual(['quota.yaml:2']);
    const [sticky] = double.state.commentsOn(number);
    expect(sticky?.body).toContain('### fleetops check: 1 error, 1 warning, 0 notes, 2 suppressed');
    expect(sticky?.body).toContain(
      '1 finding on lines this pull request changes is a review comment there; the others are below.',
    );
    expect(sticky?.body).toContain('<details><summary>legacy.yaml (1)</summary>');
    expect(sticky?.body).not.toContain('accepted.yaml');
    expect(sticky?.body).not.toContain('overlaps');
    expect(log()).toContain('::warning file=legacy.yaml,line=5,');
    expect(log()).not.toContain('accepted.yaml');
    expect(log()).not.toContain('quota.yaml');
    expect(result.annotated).toEqual({ error: 0, warning: 1, note: 0 });
    const summary = await readFile(request.summaryFile!, 'utf8');
    expect(summary).toContain(
      `Pull request #${number}: 1 finding as review comments on changed lines, 1 in [the fleetops check comment]`,
    );
    expect(double.violations).toEqual([]);
  });

  it('resolve the review comment made before the finding was suppressed', async () => {
    const { request, number } = await pullRequest([onChangedLine]);
    await publishFindings({ ...request, checkRun: false });
    expect(double.state.reviewCommentsOn(number)).toHaveLength(1);

    const suppressed = { ...onChangedLine, suppressed: acceptedOnChangedLine.suppressed! };
    const report = { ...request.report, findings: [suppressed] };
    const result = await publishFindings({ ...request, report, checkRun: false });

    expect(result.pullRequest?.review).toMatchObject({ created: 0, kept: 0, resolved: 1 });
    const [comment] = double.state.reviewCommentsOn(number);
    expect(comment?.body).toContain('<!-- fleetops:resolved:check -->');
    // Nothing in force: the sticky comment says so and counts what was accepted.
    const [sticky, ...more] = double.state.commentsOn(number);
    expect(more).toEqual([]);
    expect(sticky?.body).toContain('### fleetops check: no findings (1 suppressed)');
    expect(double.violations).toEqual([]);
  });

  it('alone make no sticky comment', async () => {
    const { request, number } = await pullRequest([acceptedOnChangedLine, acceptedElsewhere]);

    const result = await publishFindings({ ...request, checkRun: false });

    expect(result.pullRequest).toMatchObject({ commented: 0, sticky: { action: 'none' } });
    expect(double.state.commentsOn(number)).toEqual([]);
    expect(double.state.reviews).toEqual([]);
  });
});
