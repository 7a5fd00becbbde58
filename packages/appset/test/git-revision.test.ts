import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { branchesOfEvent } from '../src/git-revision.ts';
import { type GitRepositoryOptions, generateParams, gitRepository } from '../src/index.ts';
import { commit, gitRepo } from './git-repo.ts';

const repoURL = 'https://github.com/example-org/fleet';
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args])
    .toString()
    .trim();

/**
 * A repository whose commits each hold `config.json` naming the commit: `trunk` (the
 * remote's default branch), `release`, a tag `v1`, and the change being previewed on top of
 * trunk. Branches exist as the remote has them (`refs/remotes/origin/*`); `detached`
 * removes every local branch and origin/HEAD, as actions/checkout leaves a pull request.
 */
async function fleet(options: { detached?: boolean; withoutTrunk?: boolean } = {}) {
  const dir = await gitRepo({ 'config.json': '{"cluster": "trunk"}' });
  const trunk = git(dir, 'rev-parse', 'HEAD');
  const at = async (name: string) => {
    await writeFile(join(dir, 'config.json'), `{"cluster": "${name}"}`);
    commit(dir, name);
    return git(dir, 'rev-parse', 'HEAD');
  };
  const release = await at('release');
  const tag = await at('tag');
  git(dir, 'tag', 'v1', tag);
  git(dir, 'reset', '-q', '--hard', trunk);
  const change = await at('change');
  if (!options.withoutTrunk) git(dir, 'update-ref', 'refs/remotes/origin/trunk', trunk);
  git(dir, 'update-ref', 'refs/remotes/origin/release', release);
  if (options.detached) {
    git(dir, 'checkout', '-q', '--detach');
    git(dir, 'branch', '-q', '-D', 'main');
  } else {
    git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    git(dir, 'branch', '-q', '-m', 'main', 'feature');
  }
  return { dir, change };
}

/** What a files generator pinned to `revision` reads, or the reason it cannot. */
async function reads(dir: string, revision: string, options: GitRepositoryOptions = {}) {
  const repo = await gitRepository(dir, options);
  try {
    const params = await generateParams(
      { git: { repoURL, revision, files: [{ path: 'config.json' }] } },
      { goTemplate: true, repo },
    );
    return params.map((p) => p.cluster).join();
  } catch (error) {
    return (error as Error).message;
  } finally {
    await repo.close();
  }
}

describe('a git generator revision, read as Argo CD resolves it on the remote', () => {
  it('reads the change for HEAD, the empty revision and the default branch it lands on', async () => {
    const { dir } = await fleet();
    // origin/HEAD → trunk: the change (checked out on a feature branch) lands on trunk.
    for (const revision of ['HEAD', '', 'trunk', 'refs/heads/trunk'])
      expect(await reads(dir, revision, { revision: 'HEAD' })).toBe('change');
    expect(await reads(dir, 'release', { revision: 'HEAD' })).toBe('release');
  });

  it('reads the default branch as it is for HEAD when the change lands on another branch', async () => {
    const { dir } = await fleet();
    const options = { revision: 'HEAD', targetBranch: 'release' };
    expect(await reads(dir, 'HEAD', options)).toBe('trunk');
    expect(await reads(dir, '', options)).toBe('trunk');
    expect(await reads(dir, 'trunk', options)).toBe('trunk');
    expect(await reads(dir, 'release', options)).toBe('change');
  });

  it('resolves names the way the remote lists them: its branch, then a tag, then a SHA', async () => {
    const { dir } = await fleet();
    const release = git(dir, 'rev-parse', 'refs/remotes/origin/release');
    // A stale local branch of the same name is not what Argo CD reads.
    git(dir, 'branch', 'release', 'refs/remotes/origin/trunk');
    expect(await reads(dir, 'release')).toBe('release');
    expect(await reads(dir, 'refs/heads/release')).toBe('release');
    expect(await reads(dir, 'v1')).toBe('tag');
    expect(await reads(dir, 'refs/tags/v1')).toBe('tag');
    expect(await reads(dir, release)).toBe('release');
    expect(await reads(dir, release.slice(0, 8))).toBe('release');
    // A branch wins over a tag of the same name, as in ls-remote's order.
    git(dir, 'tag', 'release', 'v1');
    expect(await reads(dir, 'release')).toBe('release');
    // Revision expressions are git's, not Argo CD's: unresolvable there.
    expect(await reads(dir, 'HEAD~1')).toBe(
      `git repository ${repoURL} at revision HEAD~1: the revision is not available locally — external, assumed unchanged`,
    );
  });

  describe("in actions/checkout's detached clone of a pull request", () => {
    it('knows nothing of the default branch: HEAD is the change, and so are main and master', async () => {
      const { dir } = await fleet({ detached: true });
      expect(await reads(dir, 'HEAD')).toBe('change');
      expect(await reads(dir, 'main')).toBe('change');
      // The remote's trunk branch is fetched, but nothing says it is the default one.
      expect(await reads(dir, 'trunk')).toBe('trunk');
    });

    it("takes the default branch and the pull request's base from the event", async () => {
      const { dir } = await fleet({ detached: true });
      const event = (base: string) => ({
        repository: { default_branch: 'trunk' },
        pull_request: { base: { ref: base } },
      });
      expect(branchesOfEvent(event('release'))).toEqual({
        defaultBranch: 'trunk',
        targetBranch: 'release',
      });
      expect(branchesOfEvent({})).toEqual({});
      const intoTrunk = branchesOfEvent(event('trunk'));
      expect(await reads(dir, 'HEAD', intoTrunk)).toBe('change');
      expect(await reads(dir, 'trunk', intoTrunk)).toBe('change');
      expect(await reads(dir, 'main', intoTrunk)).toBe(
        `git repository ${repoURL} at revision main: the revision is not available locally — external, assumed unchanged`,
      );
      const intoRelease = branchesOfEvent(event('release'));
      expect(await reads(dir, 'HEAD', intoRelease)).toBe('trunk');
      expect(await reads(dir, 'release', intoRelease)).toBe('change');
    });

    it('leaves HEAD external when the default branch is another one and was not fetched', async () => {
      const { dir } = await fleet({ detached: true, withoutTrunk: true });
      const options = { defaultBranch: 'trunk', targetBranch: 'release' };
      expect(await reads(dir, 'HEAD', options)).toBe(
        `git repository ${repoURL} at revision HEAD: HEAD is the default branch trunk, which this change does not land on (release), and it is not available locally — external, assumed unchanged`,
      );
    });
  });

  it('reads both sides of a pull request into another branch at the default branch: no change', async () => {
    const { dir, change } = await fleet({ detached: true });
    const branches = { defaultBranch: 'trunk', targetBranch: 'release' };
    const base = await reads(dir, 'HEAD', { ...branches, revision: `${change}~1` });
    const head = await reads(dir, 'HEAD', branches);
    expect([base, head]).toEqual(['trunk', 'trunk']);
  });
});
