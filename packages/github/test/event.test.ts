import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRunEvent, runEventFrom } from '../src/event.ts';

const pull = (headRepo: string | null) => ({
  number: 7,
  head: { sha: 'h'.repeat(40), repo: headRepo === null ? null : { full_name: headRepo } },
  base: { sha: 'b'.repeat(40), repo: { full_name: 'acme/fleet' } },
});

describe('runEventFrom', () => {
  it('reads the pull request of a pull_request event', () => {
    expect(runEventFrom('pull_request', { pull_request: pull('acme/fleet') })).toEqual({
      name: 'pull_request',
      headSha: 'h'.repeat(40),
      pullRequest: { number: 7, headSha: 'h'.repeat(40), baseSha: 'b'.repeat(40), fromFork: false },
    });
  });

  it('marks a fork, and a deleted fork (head.repo null), as from a fork', () => {
    for (const repo of ['someone/fleet', null]) {
      const event = runEventFrom('pull_request_target', { pull_request: pull(repo) });
      expect(event.pullRequest?.fromFork).toBe(true);
    }
  });

  it('has no pull request on push, schedule, or a payload without one', () => {
    expect(runEventFrom('push', { pull_request: pull('acme/fleet') })).toEqual({ name: 'push' });
    expect(runEventFrom('schedule', { schedule: '0 6 * * *' })).toEqual({ name: 'schedule' });
    expect(runEventFrom('pull_request', {})).toEqual({ name: 'pull_request' });
    expect(runEventFrom('pull_request', null)).toEqual({ name: 'pull_request' });
  });
});

describe('readRunEvent', () => {
  it('reads GITHUB_EVENT_PATH, and names the file when it cannot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'event-'));
    const file = join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ pull_request: pull('acme/fleet') }));
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file };
    expect(readRunEvent(env).pullRequest?.number).toBe(7);
    await writeFile(file, '{ not json');
    expect(() => readRunEvent(env)).toThrow(
      `the pull_request event payload at GITHUB_EVENT_PATH (${file})`,
    );
  });

  it('outside a runner: no event file, no pull request, no commit', () => {
    expect(readRunEvent({})).toEqual({ name: 'local' });
    expect(readRunEvent({ GITHUB_SHA: 's'.repeat(40) })).toEqual({ name: 'local' });
  });

  it('reports on the pull request’s head, not GITHUB_SHA (its merge commit)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'event-'));
    const file = join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ pull_request: pull('acme/fleet') }));
    const merge = 'm'.repeat(40);
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file, GITHUB_SHA: merge };
    expect(readRunEvent(env).headSha).toBe('h'.repeat(40));
  });

  it('reports on GITHUB_SHA for push, schedule and every other event', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'event-'));
    const file = join(dir, 'event.json');
    await writeFile(file, JSON.stringify({ schedule: '0 6 * * *' }));
    const sha = 's'.repeat(40);
    for (const name of ['push', 'schedule', 'workflow_dispatch']) {
      expect(
        readRunEvent({ GITHUB_EVENT_NAME: name, GITHUB_EVENT_PATH: file, GITHUB_SHA: sha }),
      ).toEqual({ name, headSha: sha });
    }
    expect(readRunEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_SHA: sha })).toEqual({
      name: 'push',
      headSha: sha,
    });
  });
});
