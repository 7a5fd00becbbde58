import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Finding, stepSummaryLimit } from '@fleetops/core';
import {
  appendStepSummary,
  type GitHubClient,
  publishCheckRun,
  upsertStickyComment,
} from '@fleetops/github';
import { afterEach, describe, expect, it } from 'vitest';
import { clientFor } from './client.ts';
import {
  type GitHubDouble,
  seedIssueComment,
  seedPullRequest,
  startGitHubDouble,
} from './index.ts';

const repo = { owner: 'fleet-org', repo: 'fleet' };
let double: GitHubDouble;

async function start(options: Parameters<typeof startGitHubDouble>[0] = {}): Promise<GitHubClient> {
  double = await startGitHubDouble(options);
  return clientFor(double);
}

afterEach(async () => {
  await double.close();
});

const findings: Finding[] = Array.from({ length: 120 }, (_, i) => ({
  ruleId: 'validate/schema',
  severity: i % 2 === 0 ? 'error' : 'warning',
  message: `bad field ${i}`,
  location: { file: `clusters/c${i}.yaml`, line: i + 1, column: 3 },
}));

describe('publishCheckRun', () => {
  it('sends 120 annotations in batches of 50 and concludes from the severities', async () => {
    const client = await start();
    const result = await publishCheckRun(client, {
      repo,
      name: 'fleetops validate',
      headSha: 'a'.repeat(40),
      findings,
      title: '60 errors',
      summary: 'summary',
    });
    expect(result).toMatchObject({ status: 'created', annotations: 120 });
    const [run] = double.state.checkRuns;
    expect(run?.annotations).toHaveLength(120);
    expect(run?.conclusion).toBe('failure');
    // 50 + 50 + 20: the last batch concludes the run, so no request carries nothing.
    expect(double.operations()).toEqual(['checks/create', 'checks/update', 'checks/update']);
    expect(double.violations).toEqual([]);
  });

  it('is skipped, not failed, when the token may not write checks', async () => {
    const client = await start({ permissions: { checks: 'read' } });
    const result = await publishCheckRun(client, {
      repo,
      name: 'fleetops',
      headSha: 'b'.repeat(40),
      findings: [],
      title: 'ok',
      summary: 'ok',
    });
    expect(result.status).toBe('skipped');
    expect(double.state.checkRuns).toEqual([]);
  });
});

describe('upsertStickyComment when there is nothing to say', () => {
  it('deletes its own comment, leaves people’s comments, and dedupes racing copies', async () => {
    const client = await start();
    const number = seedPullRequest(double.state, { files: [] });
    const person = { login: 'alice', id: 7, type: 'User' as const };
    seedIssueComment(double.state, number, 'LGTM', person);
    const tag = '<!-- fleetops:sticky:drift -->';
    seedIssueComment(double.state, number, `${tag}\nold`, double.state.actor);
    seedIssueComment(double.state, number, `${tag}\nracing copy`, double.state.actor);
    const kept = await upsertStickyComment(client, {
      repo,
      issueNumber: number,
      key: 'drift',
      body: { heading: 'now', sections: [] },
    });
    expect(kept.action).toBe('updated');
    expect(double.state.commentsOn(number).map((c) => c.body)).toEqual(['LGTM', `${tag}\nnow`]);
    const again = await upsertStickyComment(client, {
      repo,
      issueNumber: number,
      key: 'drift',
      body: { heading: 'now', sections: [] },
    });
    expect(again.action).toBe('unchanged');
    const removed = await upsertStickyComment(client, {
      repo,
      issueNumber: number,
      key: 'drift',
      body: undefined,
      whenEmpty: 'delete',
    });
    expect(removed.action).toBe('deleted');
    expect(double.state.commentsOn(number).map((c) => c.body)).toEqual(['LGTM']);
    const none = await upsertStickyComment(client, {
      repo,
      issueNumber: number,
      key: 'drift',
      body: undefined,
    });
    expect(none.action).toBe('none');
    expect(double.state.commentsOn(number)).toHaveLength(1);
    expect(double.violations).toEqual([]);
  });
});

describe('appendStepSummary', () => {
  it('appends whole, then cuts at a line to stay under 1 MiB', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'summary-')), 'summary.md');
    await writeFile(file, '');
    const first = await appendStepSummary(file, '# Title\n');
    expect(first).toEqual({ written: 8, truncated: false });
    const row = '| a | ü |\n';
    const second = await appendStepSummary(file, row.repeat(200_000));
    expect(second.truncated).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(stepSummaryLimit);
    expect(text).toMatch(/\| a \| ü \|\n\n_The rest of this summary was cut/);
    expect(text).not.toContain('\uFFFD');
  });
});
