// publishCheckRun against the GitHub double, which checks every request and answer against
// GitHub's OpenAPI description: batches, conclusion, suppressed findings, permissions.
import type { Finding } from '@fleetops/core';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from '../../../test/github-api/client.ts';
import {
  type DoubleOptions,
  type GitHubDouble,
  startGitHubDouble,
} from '../../../test/github-api/index.ts';
import { checkConclusion, publishCheckRun } from '../src/check-run.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
const headSha = 'c'.repeat(40);
let double: GitHubDouble;

afterEach(async () => {
  await double?.close();
});

async function start(options: DoubleOptions = {}) {
  double = await startGitHubDouble(options);
  return clientFor(double);
}

const finding = (i: number, severity: Finding['severity'] = 'error'): Finding => ({
  ruleId: 'load/duplicate-key',
  severity,
  message: `duplicate key ${i}`,
  location: { file: `clusters/c${i}.yaml`, line: i + 1, column: 3, endColumn: 8 },
});

const accepted = (f: Finding): Finding => ({
  ...f,
  suppressed: { reason: 'shared lab', location: { file: f.location.file, line: 4 } },
});

const request = (findings: Finding[]) => ({
  repo,
  name: 'fleetops check',
  headSha,
  findings,
  title: 'counts',
  summary: 'summary',
  detailsUrl: 'https://github.com/fleet-org/fleet/actions/runs/7',
});

describe('checkConclusion', () => {
  it('fails on errors, is neutral on warnings only, succeeds on notes or nothing', () => {
    expect(checkConclusion([finding(0), finding(1, 'warning')])).toBe('failure');
    expect(checkConclusion([finding(1, 'warning'), finding(2, 'note')])).toBe('neutral');
    expect(checkConclusion([finding(2, 'note')])).toBe('success');
    expect(checkConclusion([])).toBe('success');
  });

  it('ignores suppressed findings: an accepted error fails nothing', () => {
    expect(checkConclusion([accepted(finding(0)), finding(1, 'note')])).toBe('success');
    expect(checkConclusion([accepted(finding(0)), finding(1, 'warning')])).toBe('neutral');
  });
});

describe('publishCheckRun', () => {
  it('creates a completed run in one request when 50 annotations or fewer', async () => {
    const client = await start();
    const findings = Array.from({ length: 50 }, (_, i) => finding(i, 'warning'));

    const result = await publishCheckRun(client, request(findings));

    expect(result).toMatchObject({ status: 'created', annotations: 50, conclusion: 'neutral' });
    expect(double.operations()).toEqual(['checks/create']);
    const [run, ...more] = double.state.checkRuns;
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      name: 'fleetops check',
      headSha,
      status: 'completed',
      conclusion: 'neutral',
      detailsUrl: 'https://github.com/fleet-org/fleet/actions/runs/7',
      output: { title: 'counts', summary: 'summary' },
    });
    expect(result.status === 'created' && result.url).toBe(
      `https://github.test/fleet-org/fleet/runs/${run?.id}`,
    );
    expect(double.violations).toEqual([]);
  });

  it('sends 101 annotations as 50, 50 and 1, in progress until the last batch concludes', async () => {
    const client = await start();
    const findings = Array.from({ length: 101 }, (_, i) => finding(i));
    const seen: string[] = [];
    const original = double.state.checkRuns.push.bind(double.state.checkRuns);
    double.state.checkRuns.push = (...runs) => {
      for (const run of runs) seen.push(run.status);
      return original(...runs);
    };

    const result = await publishCheckRun(client, request(findings));

    expect(result).toMatchObject({ status: 'created', annotations: 101, conclusion: 'failure' });
    expect(seen).toEqual(['in_progress']);
    expect(double.operations()).toEqual(['checks/create', 'checks/update', 'checks/update']);
    const run = double.state.checkRuns[0];
    expect(run?.annotations.map((a) => a.message)).toEqual(
      [...findings]
        .sort((a, b) => (a.location.file < b.location.file ? -1 : 1))
        .map((f) => f.message),
    );
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(double.violations).toEqual([]);
  });

  it('leaves suppressed findings out of the annotations and the conclusion', async () => {
    const client = await start();

    const result = await publishCheckRun(
      client,
      request([accepted(finding(0)), finding(1, 'note')]),
    );

    expect(result).toMatchObject({ status: 'created', annotations: 1, conclusion: 'success' });
    expect(double.state.checkRuns[0]?.annotations.map((a) => a.path)).toEqual(['clusters/c1.yaml']);
    expect(double.violations).toEqual([]);
  });

  it('puts a whole-file finding on line 1, columns only on one line, related places in details', async () => {
    const client = await start();
    const findings: Finding[] = [
      {
        ruleId: 'load/empty',
        severity: 'warning',
        message: 'empty file',
        location: { file: 'a.yaml' },
      },
      {
        ruleId: 'network/fleet-overlap',
        severity: 'error',
        message: 'pod ranges overlap',
        location: { file: 'b.yaml', line: 15, column: 11, endLine: 16, endColumn: 4 },
        related: [{ file: 'c.yaml', line: 15, column: 11, message: 'the other cluster' }],
      },
    ];

    await publishCheckRun(client, request(findings));

    expect(double.state.checkRuns[0]?.annotations).toEqual([
      {
        path: 'a.yaml',
        start_line: 1,
        end_line: 1,
        annotation_level: 'warning',
        message: 'empty file',
        title: 'load/empty',
      },
      {
        path: 'b.yaml',
        start_line: 15,
        end_line: 16,
        annotation_level: 'failure',
        message: 'pod ranges overlap',
        title: 'network/fleet-overlap',
        raw_details: 'c.yaml:15:11: the other cluster',
      },
    ]);
    expect(double.violations).toEqual([]);
  });

  it('is skipped, not failed, on 403 "Resource not accessible by integration"', async () => {
    const client = await start({ permissions: { checks: 'read' } });

    const result = await publishCheckRun(client, request([finding(0)]));

    expect(result).toEqual({ status: 'skipped', reason: 'the token may not write checks' });
    expect(double.state.checkRuns).toEqual([]);
    expect(double.requests.map((r) => [r.operationId, r.status])).toEqual([['checks/create', 403]]);
  });

  it('waits out a secondary rate limit (also a 403) instead of skipping', async () => {
    const client = await start();
    double.inject({
      fault: { kind: 'secondary-rate-limit', retryAfterSeconds: 1 },
      method: 'POST',
    });

    const result = await publishCheckRun(client, request([finding(0)]));

    expect(result.status).toBe('created');
    expect(double.faultsFired).toBe(1);
    expect(double.state.checkRuns).toHaveLength(1);
  });

  it('throws what is not a permission problem', async () => {
    const client = await start();
    double.inject({ fault: { kind: 'server-error', status: 502 }, times: 10 });

    await expect(publishCheckRun(client, request([finding(0)]))).rejects.toMatchObject({
      status: 502,
    });
  });
});
