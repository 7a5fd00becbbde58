// actions/check as the runner runs it on a pull request, a fork's pull request and a
// schedule: dist/index.js built from this checkout's sources, started as a child process in
// a real git checkout (the PR's merge commit), the event payload in GITHUB_EVENT_PATH and
// GITHUB_API_URL at the GitHub double, which checks every request against GitHub's OpenAPI
// description. The assertions read the step's outputs, its summary and the double's state.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/bundles.mjs';
import type { GitHubDouble, Permission, Scope } from '../github-api/index.ts';
import { pullRequestEvent, scheduleEvent } from './events.ts';
import { type Change, edited, type FixtureRepo, pushToBranch } from './fixture-repo.ts';
import { name, owner, type StepEvent, usePullRequestHarness } from './pull-request.ts';

const cluster = 'clusters/dev-eu-west-1/cluster.yaml';
const quota = 'clusters/dev-eu-west-1/addons/quota.yaml';
const legacy = 'clusters/legacy/cluster.yaml';

/** On main before the PR: a manifest with a duplicate key, a finding the PR does not touch. */
const settings = readFileSync(path.join(repoRoot, 'examples', 'fleet', '.fleetops.yaml'), 'utf8');

const base: Change = {
  // These tests are about where findings go; the example configures no schema source, and
  // the note that says so would be one more finding in every count below.
  '.fleetops.yaml': `${settings}\nvalidation:\n  disabledRules: [validate/schemas-off]\n`,
  [legacy]: [
    'apiVersion: cluster.x-k8s.io/v1beta1',
    'kind: Cluster',
    'metadata:',
    '  name: legacy',
    '  name: legacy-again',
    '',
  ].join('\n'),
};

/**
 * The PR moves dev-eu-west-1's pod range (line 15) and VPC (line 45) onto dev-us-east-1's,
 * and adds a quota with a duplicate key (line 9). The overlap findings name the untouched
 * dev-us-east-1 as their location and the changed lines as related places.
 */
async function head(dir: string): Promise<Change> {
  return {
    [cluster]: await edited(dir, cluster, (lines) => {
      lines[14] = '        - 100.64.0.0/16';
      lines[44] = '      cidrBlock: 10.10.0.0/16';
      return lines;
    }),
    [quota]: [
      'apiVersion: v1',
      'kind: ResourceQuota',
      'metadata:',
      '  name: addons',
      '  namespace: kube-system',
      'spec:',
      '  hard:',
      '    pods: "200"',
      '    pods: "400"',
      '',
    ].join('\n'),
  };
}

/** A second push: the VPC goes back to its own range; the other two findings stay. */
async function fixVpc(dir: string): Promise<Change> {
  return {
    [cluster]: await edited(dir, cluster, (lines) => {
      lines[44] = '      cidrBlock: 10.11.0.0/16';
      return lines;
    }),
  };
}

/** 60 more errors on main: more annotations than one Checks API request takes. */
const many = 'clusters/legacy/many.yaml';
const manyErrors: Change = {
  ...base,
  [many]: [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: many',
    'data:',
    ...Array.from({ length: 60 }, (_, i) => [`  key-${i}: a`, `  key-${i}: b`]).flat(),
    '',
  ].join('\n'),
};

let double: GitHubDouble;
const harness = usePullRequestHarness('check', 'fleetops-action-check-pr-');

async function start(permissions?: Partial<Record<Scope, Permission>>): Promise<void> {
  double = await harness.start(permissions);
}

async function fixture(
  change: { base?: Change; head?: (dir: string) => Promise<Change> } = {},
): Promise<FixtureRepo> {
  return harness.fixture({ base, head, ...change });
}

function openPullRequest(repo: FixtureRepo): number {
  return harness.openPullRequest(repo, 'Move dev-eu-west-1');
}

const updatePullRequest = harness.updatePullRequest;

/** One step of the action in the fixture's checkout, for the event in `payload`. */
function runStep(repo: FixtureRepo, event: StepEvent, inputs: Record<string, string> = {}) {
  return harness.runStep(repo, event, { inputs });
}

const pullRequestStep = harness.pullRequestStep;

const where = (comment: { path: string; line: number }) => `${comment.path}:${comment.line}`;
const resolvedMarker = '<!-- fleetops:resolved:check -->';
const annotated = (run: { annotations: { path: string; start_line: number }[] } | undefined) =>
  run?.annotations.map((a) => `${a.path}:${a.start_line}`);
const checkRunUrl = (id: number | undefined) => `https://github.test/${owner}/${name}/runs/${id}`;

describe('check action on a pull_request event', () => {
  it('comments on the changed lines once, keeps the rest in one sticky comment, and re-runs in place', async () => {
    await start();
    let repo = await fixture();
    const number = openPullRequest(repo);
    // The bundle's client keeps GitHub's pacing; one secondary rate limit costs a second.
    double.inject({
      fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 },
      method: 'POST',
    });

    const first = await runStep(repo, pullRequestStep(number, 'opened'));

    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(1);
    expect(double.faultsFired).toBe(1);
    const [sticky, ...more] = double.state.commentsOn(number);
    expect(more).toEqual([]);
    expect(sticky?.body).toMatch(/^<!-- fleetops:sticky:check -->\n### fleetops check: 4 errors,/);
    expect(sticky?.body).toContain(`As of ${repo.headSha.slice(0, 7)}. 3 findings on lines`);
    expect(sticky?.body).toContain(`<details><summary>${legacy} (1)</summary>`);
    expect(sticky?.body).not.toContain(quota);
    expect(double.state.reviews).toHaveLength(1);
    expect(double.state.reviews[0]?.commitId).toBe(repo.headSha);
    const comments = double.state.reviewCommentsOn(number);
    expect(comments.map(where).sort()).toEqual([`${quota}:9`, `${cluster}:15`, `${cluster}:45`]);
    expect(comments.find((c) => c.line === 15)?.body).toContain('network/fleet-overlap');
    expect(first.outputs).toMatchObject({
      findings: '4',
      errors: '4',
      'review-comments': '3',
      // The comment's html_url, whatever the double makes it.
      'comment-url': expect.stringMatching(/^https?:\/\//),
    });
    // Annotations only for what is not a review comment: the untouched legacy file.
    const annotations = first.commands.error?.filter((line) => line.startsWith('::error file='));
    expect(annotations).toHaveLength(1);
    expect(annotations?.[0]).toContain(`::error file=${legacy},line=5,`);
    // The summary is the full report, with a line on what the pull request got.
    for (const file of [cluster, quota, legacy]) expect(first.summary).toContain(file);
    expect(first.summary).toMatch(/^## fleetops: 4 errors/);
    expect(first.summary).toContain(
      `Pull request #${number}: 3 findings as review comments on changed lines, 1 in [the fleetops check comment](${first.outputs['comment-url']}).`,
    );
    // One check run on the pull request's head (GITHUB_SHA is the merge commit), with every
    // finding an annotation, the overlaps on the lines the pull request changed.
    const [run, ...otherRuns] = double.state.checkRuns;
    expect(otherRuns).toEqual([]);
    expect(run).toMatchObject({
      name: 'fleetops check',
      headSha: repo.headSha,
      status: 'completed',
      conclusion: 'failure',
      output: { title: '4 errors, 0 warnings, 0 notes' },
    });
    expect(annotated(run)).toEqual([`${quota}:9`, `${cluster}:15`, `${cluster}:45`, `${legacy}:5`]);
    expect(first.outputs['check-run-url']).toBe(checkRunUrl(run?.id));
    expect(first.summary).toContain(
      `Check run [fleetops check](${checkRunUrl(run?.id)}): failure, 4 annotations.`,
    );

    // A re-run of the workflow is a new workflow run: it gets a check run of its own, which
    // GitHub shows in place of the last one, and writes nothing else.
    const writes = () =>
      double.requests.filter((r) => r.method !== 'GET' && !r.fault).map((r) => r.operationId);
    const before = { writes: writes(), sticky: sticky?.updatedAt };
    const again = await runStep(repo, pullRequestStep(number, 'opened'));

    expect(again.exitCode).toBe(1);
    expect(writes()).toEqual([...before.writes, 'checks/create']);
    expect(double.state.checkRuns.map((r) => [r.headSha, r.conclusion])).toEqual([
      [repo.headSha, 'failure'],
      [repo.headSha, 'failure'],
    ]);
    expect(annotated(double.state.checkRuns[1])).toEqual(annotated(run));
    expect(again.outputs['check-run-url']).toBe(checkRunUrl(double.state.checkRuns[1]?.id));
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(double.state.commentsOn(number)[0]?.updatedAt).toBe(before.sticky);
    expect(double.state.reviews).toHaveLength(1);
    expect(double.state.reviewCommentsOn(number)).toHaveLength(3);
    expect(again.outputs['review-comments']).toBe('3');

    repo = await pushToBranch(repo, fixVpc);
    updatePullRequest(number, repo);
    const pushed = await runStep(repo, pullRequestStep(number, 'synchronize'));

    expect(pushed.outputs).toMatchObject({ findings: '3', 'review-comments': '2' });
    expect(double.state.reviews).toHaveLength(1);
    const after = double.state.reviewCommentsOn(number);
    expect(after).toHaveLength(3);
    const resolved = after.filter((c) => c.body.includes(resolvedMarker));
    expect(resolved.map(where)).toEqual([`${cluster}:45`]);
    expect(resolved[0]?.body).toContain(`No longer reported as of ${repo.headSha.slice(0, 7)}`);
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(double.state.commentsOn(number)[0]?.body).toContain(
      `### fleetops check: 3 errors, 0 warnings, 0 notes\n\nAs of ${repo.headSha.slice(0, 7)}. 2 findings`,
    );
    const latest = double.state.checkRuns.at(-1);
    expect(double.state.checkRuns).toHaveLength(3);
    expect(latest).toMatchObject({ headSha: repo.headSha, conclusion: 'failure' });
    expect(annotated(latest)).toEqual([`${quota}:9`, `${cluster}:15`, `${legacy}:5`]);
    expect(double.violations).toEqual([]);
  }, 60_000);

  it('on a fork’s pull request, falls back to the summary and annotations with a notice', async () => {
    // What GitHub gives a workflow run for a fork's pull request: a read-only token.
    await start({ issues: 'read', pull_requests: 'read', checks: 'read', contents: 'read' });
    const repo = await fixture();
    const number = openPullRequest(repo);
    const payload = pullRequestEvent(double, number, { action: 'opened', fork: true });

    const step = await runStep(
      repo,
      { name: 'pull_request', payload, ref: `refs/pull/${number}/merge` },
      { 'fail-on': 'never' },
    );

    expect(step.exitCode).toBe(0);
    expect(step.commands.notice).toEqual([
      `::notice::fleetops could not comment on pull request #${number}: it comes from a fork, and GitHub gives such runs a read-only token. The findings are in the job summary and the annotations.`,
      '::notice::fleetops could not create the check run "fleetops check": the pull request comes from a fork, and GitHub gives such runs a read-only token. The findings are in the job summary and the annotations.',
    ]);
    expect(step.commands.error?.filter((line) => line.startsWith('::error file='))).toHaveLength(4);
    expect(step.summary).toMatch(/^## fleetops: 4 errors/);
    expect(step.summary).toContain('> [!NOTE]\n> fleetops could not comment on pull request');
    expect(step.outputs).toMatchObject({ findings: '4', 'review-comments': '0' });
    expect(step.outputs['comment-url']).toBeUndefined();
    expect(step.outputs['check-run-url']).toBeUndefined();
    expect(double.state.commentsOn(number)).toEqual([]);
    expect(double.state.reviews).toEqual([]);
    expect(double.state.checkRuns).toEqual([]);
    expect(double.requests.filter((r) => r.status === 403).map((r) => r.operationId)).toEqual([
      'issues/create-comment',
      'checks/create',
    ]);
    expect(double.violations).toEqual([]);
  });
});

describe('check action on a pull_request event, without checks: write', () => {
  it('comments as before and skips the check run with a notice, or skips it when asked', async () => {
    // A workflow that grants `pull-requests: write` and names no `checks:`: checks is none.
    await start({ checks: 'none' });
    const repo = await fixture();
    const number = openPullRequest(repo);

    const step = await runStep(repo, pullRequestStep(number, 'opened'));

    expect(step.exitCode).toBe(1);
    expect(step.commands.notice).toEqual([
      '::notice::fleetops could not create the check run "fleetops check": the token may not write checks (grant `checks: write` to the job). The findings are in the job summary and the annotations.',
    ]);
    expect(step.outputs).toMatchObject({ errors: '4', 'review-comments': '3' });
    expect(step.outputs['comment-url']).toMatch(/^https?:\/\//);
    expect(step.outputs['check-run-url']).toBeUndefined();
    expect(double.state.reviewCommentsOn(number)).toHaveLength(3);
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(step.summary).toContain('> [!NOTE]\n> fleetops could not create the check run');
    expect(step.summary).not.toContain('Check run [');
    expect(double.state.checkRuns).toEqual([]);
    expect(double.requests.filter((r) => r.status === 403).map((r) => r.operationId)).toEqual([
      'checks/create',
    ]);

    const off = await runStep(repo, pullRequestStep(number, 'opened'), { 'check-run': 'false' });

    expect(off.commands.notice).toBeUndefined();
    expect(double.requests.filter((r) => r.operationId === 'checks/create')).toHaveLength(1);
    expect(double.violations).toEqual([]);
  }, 30_000);
});

describe('check action on a schedule event', () => {
  it('writes the summary and annotations, and one check run on GITHUB_SHA in batches of 50', async () => {
    await start();
    const repo = await fixture({ base: manyErrors });

    const step = await runStep(repo, {
      name: 'schedule',
      payload: scheduleEvent(double),
      ref: 'refs/heads/main',
    });

    expect(step.exitCode).toBe(1);
    expect(step.commands.error?.filter((line) => line.startsWith('::error file='))).toHaveLength(
      64,
    );
    expect(step.commands.notice).toBeUndefined();
    expect(step.summary).toMatch(/^## fleetops: 64 errors/);
    expect(step.summary).not.toContain('Pull request');
    expect(step.outputs).toMatchObject({ findings: '64', errors: '64', 'review-comments': '0' });
    // The only API calls: the check run, created with 50 annotations and concluded with 14.
    expect(double.operations()).toEqual(['checks/create', 'checks/update']);
    const [run, ...more] = double.state.checkRuns;
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      headSha: repo.headSha,
      name: 'fleetops check',
      conclusion: 'failure',
      output: { title: '64 errors, 0 warnings, 0 notes' },
    });
    expect(run?.annotations).toHaveLength(64);
    // No diff to anchor to: the overlaps sit where the rule puts them, on dev-us-east-1.
    const paths = new Set(run?.annotations.map((a) => a.path));
    expect(paths).toEqual(new Set(['clusters/dev-us-east-1/cluster.yaml', quota, legacy, many]));
    expect(step.outputs['check-run-url']).toBe(checkRunUrl(run?.id));
    expect(double.violations).toEqual([]);
  });
});
