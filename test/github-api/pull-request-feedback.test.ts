/**
 * The bar of issue 4, end to end against the double: 30 findings, 12 on changed lines;
 * one run posts one sticky comment and one review of 12 comments; a second run with 2
 * findings fixed posts nothing new, updates the sticky comment and leaves 10 live review
 * comments; every request passes the OpenAPI check; injected secondary rate limits and
 * server errors do not stop the run.
 */
import type { Finding } from '@fleetops/core';
import {
  findingsCommentBody,
  type GitHubClient,
  reviewPullRequest,
  upsertStickyComment,
} from '@fleetops/github';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { clientFor } from './client.ts';
import {
  type GitHubDouble,
  pushToPullRequest,
  seedPullRequest,
  startGitHubDouble,
} from './index.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
let double: GitHubDouble;
let client: GitHubClient;

beforeEach(async () => {
  double = await startGitHubDouble();
  client = clientFor(double);
});

afterEach(async () => {
  await double.close();
});

/** A hunk of `total` lines from line 1 in which the `added` lines are new and the rest context. */
function patch(total: number, added: number[]): string {
  const body = Array.from({ length: total }, (_, i) =>
    added.includes(i + 1) ? `+key${i + 1}: new` : ` key${i + 1}: old`,
  );
  return [`@@ -1,${total - added.length} +1,${total} @@`, ...body].join('\n');
}

const changedFiles = ['clusters/eu-1.yaml', 'clusters/us-1.yaml', 'apps/appset.yaml'];
const addedLines = [5, 6, 7, 8];

function finding(file: string, line: number, n: number): Finding {
  return {
    ruleId: 'fleet/cidr-overlap',
    severity: n % 3 === 0 ? 'warning' : 'error',
    message: `pod CIDR overlaps cluster ${n} <details> @platform-team`,
    location: { file, line },
  };
}

/** 12 on added lines, 6 on context lines, 12 in files the PR does not touch. */
function fixtureFindings(): Finding[] {
  const findings: Finding[] = [];
  let n = 0;
  for (const file of changedFiles) {
    for (const line of addedLines) findings.push(finding(file, line, n++));
    for (const line of [1, 12]) findings.push(finding(file, line, n++));
  }
  for (let i = 0; i < 12; i++) findings.push(finding(`clusters/other-${i}.yaml`, 3, n++));
  return findings;
}

async function run(findings: Finding[], pullNumber: number) {
  const sticky = await upsertStickyComment(client, {
    repo,
    issueNumber: pullNumber,
    key: 'validate',
    body: findingsCommentBody(findings, { title: 'fleetops validate' }),
  });
  const review = await reviewPullRequest(client, {
    repo,
    pullNumber,
    key: 'validate',
    findings,
  });
  return { sticky, review };
}

function liveReviewComments(pullNumber: number) {
  return double.state
    .reviewCommentsOn(pullNumber)
    .filter((comment) => !comment.body.includes('<!-- fleetops:resolved:validate -->'));
}

it('posts one sticky comment and one review of 12, then updates both in place', async () => {
  const pullNumber = seedPullRequest(double.state, {
    files: changedFiles.map((filename) => ({
      filename,
      status: 'modified' as const,
      patch: patch(14, addedLines),
    })),
  });
  const findings = fixtureFindings();
  expect(findings).toHaveLength(30);
  double.inject({ fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 3 }, method: 'POST' });
  double.inject({ fault: { kind: 'server-error' }, path: /\/files$/ });

  const first = await run(findings, pullNumber);

  expect(first.sticky.action).toBe('created');
  expect(double.state.commentsOn(pullNumber)).toHaveLength(1);
  expect(double.state.reviews).toHaveLength(1);
  expect(double.state.reviewCommentsOn(pullNumber)).toHaveLength(12);
  expect(first.review).toMatchObject({ created: 12, kept: 0, resolved: 0 });
  expect(first.review.outside).toHaveLength(18);
  const lines = double.state.reviewCommentsOn(pullNumber).map((c) => `${c.path}:${c.line}`);
  expect(new Set(lines)).toEqual(
    new Set(changedFiles.flatMap((file) => addedLines.map((line) => `${file}:${line}`))),
  );

  const fixed = [findings[0]!, findings[6]!];
  pushToPullRequest(double.state, pullNumber);
  double.inject({
    fault: { kind: 'secondary-rate-limit', status: 429 },
    method: 'PATCH',
    times: 2,
  });
  const second = await run(
    findings.filter((f) => !fixed.includes(f)),
    pullNumber,
  );

  expect(second.sticky.action).toBe('updated');
  expect(double.state.commentsOn(pullNumber)).toHaveLength(1);
  expect(double.state.commentsOn(pullNumber)[0]?.body).toContain('20 errors, 8 warnings');
  expect(double.state.reviews).toHaveLength(1);
  expect(second.review).toMatchObject({ created: 0, kept: 10, resolved: 2 });
  expect(liveReviewComments(pullNumber)).toHaveLength(10);
  expect(double.state.reviewCommentsOn(pullNumber)).toHaveLength(12);
  expect(double.faultsFired).toBe(4);
  expect(double.violations).toEqual([]);
});

it('escapes repository text so a message cannot close a <details> or mention a team', async () => {
  const pullNumber = seedPullRequest(double.state, {
    files: [{ filename: 'a.yaml', status: 'added', patch: patch(3, [1, 2, 3]) }],
  });
  await run([finding('a.yaml', 2, 1)], pullNumber);
  const bodies = [
    double.state.commentsOn(pullNumber)[0]!.body,
    double.state.reviewCommentsOn(pullNumber)[0]!.body,
  ];
  for (const body of bodies) {
    expect(body).not.toContain('<details> @platform-team');
    expect(body).not.toMatch(/@platform/);
  }
});
