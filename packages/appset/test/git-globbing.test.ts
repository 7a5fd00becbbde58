import { execFileSync } from 'node:child_process';
import { mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  directoriesOf,
  expandApplicationSet,
  type GitFileGlobbing,
  generateParams,
  gitRepository,
} from '../src/index.ts';
import { commit, gitRepo } from './git-repo.ts';

const repoURL = 'https://github.com/example-org/fleet';
const root = '/tmp/_argocd-repo/<uuid>';
const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-C', dir, ...args])
    .toString()
    .trim();

/** A repository whose tree has `links` (path → target) as symlinks besides `files`. */
async function repoWith(
  files: Record<string, string>,
  links: Record<string, string> = {},
): Promise<{ dir: string; sha: string }> {
  const dir = await gitRepo(files);
  for (const [path, target] of Object.entries(links)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await symlink(target, join(dir, path));
  }
  if (Object.keys(links).length > 0) commit(dir, 'links');
  return { dir, sha: git(dir, 'rev-parse', 'HEAD') };
}

type Expected = string[] | { error: string };

interface Case {
  globbing: GitFileGlobbing;
  paths: Array<string | { path: string; exclude: true }>;
  expected: Expected;
  version?: string;
}

/**
 * Runs a files generator at the committed revision and at the working tree (the same tree):
 * both ways of listing must agree. `{sha}` in an expected error is the revision read.
 */
async function expectFiles(dir: string, sha: string, c: Case): Promise<void> {
  for (const at of [{ revision: 'HEAD', sha }, { sha: '(working tree)' }]) {
    const repo = await gitRepository(dir, at.revision ? { revision: at.revision } : {});
    const files = c.paths.map((p) => (typeof p === 'string' ? { path: p } : p));
    const result = generateParams(
      { git: { repoURL, revision: 'HEAD', files } },
      {
        goTemplate: true,
        repo,
        gitFileGlobbing: c.globbing,
        ...(c.version ? { argocdVersion: c.version } : {}),
      },
    );
    try {
      if (Array.isArray(c.expected))
        expect((await result).map((p) => p.cluster)).toEqual(c.expected);
      else await expect(result).rejects.toThrow(c.expected.error.replaceAll('{sha}', at.sha));
    } finally {
      await repo.close();
    }
  }
}

describe('git files generator: a pattern that matches a directory', () => {
  const files = {
    'clusters/a/config.json': '{"cluster": "a"}',
    'clusters/b/config.json': '{"cluster": "b"}',
    'clusters/b/eu/config.json': '{"cluster": "b-eu"}',
    // A directory literally named x.json, and one named config.
    'clusters/x.json/config.json': '{"cluster": "x-inner"}',
    'clusters/c/config/app.json': '{"cluster": "c"}',
  };
  let dir: string;
  let sha: string;
  beforeAll(async () => {
    ({ dir, sha } = await repoWith(files));
  });
  const read = (path: string, pattern: string) =>
    `error generating params from git: error retrieving Git files: rpc error: code = Internal desc = unable to read files. repo ${repoURL} with revision {sha} pattern ${pattern}: read ${path}: is a directory`;

  it.each<[string, Case]>([
    // doublestar: FilepathGlob returns directories too, and os.ReadFile fails on them.
    [
      'a * segment',
      {
        globbing: 'doublestar',
        paths: ['clusters/*/config.json'],
        expected: ['a', 'b', 'x-inner'],
      },
    ],
    [
      '** across directories',
      {
        globbing: 'doublestar',
        paths: ['clusters/**/config.json'],
        expected: ['a', 'b', 'b-eu', 'x-inner'],
      },
    ],
    [
      'a directory named x.json by a wildcard',
      {
        globbing: 'doublestar',
        paths: ['clusters/*.json'],
        expected: { error: read(`${root}/clusters/x.json`, 'clusters/*.json') },
      },
    ],
    [
      'a directory named x.json by **',
      {
        globbing: 'doublestar',
        paths: ['**/*.json'],
        expected: { error: read(`${root}/clusters/x.json`, '**/*.json') },
      },
    ],
    [
      'a directory named x.json literally',
      {
        globbing: 'doublestar',
        paths: ['clusters/x.json'],
        expected: { error: read(`${root}/clusters/x.json`, 'clusters/x.json') },
      },
    ],
    [
      'apps/** (which matches apps itself first)',
      {
        globbing: 'doublestar',
        paths: ['clusters/**'],
        expected: { error: read(`${root}/clusters`, 'clusters/**') },
      },
    ],
    [
      '**/config (past the file .git/config)',
      {
        globbing: 'doublestar',
        paths: ['**/config'],
        expected: { error: read(`${root}/clusters/c/config`, '**/config') },
      },
    ],
    [
      'a trailing slash (cleaned away)',
      {
        globbing: 'doublestar',
        paths: ['clusters/a/'],
        expected: { error: read(`${root}/clusters/a`, 'clusters/a/') },
      },
    ],
    [
      'the empty path (the root, asked as .)',
      { globbing: 'doublestar', paths: [''], expected: { error: read(root, '.') } },
    ],
    [
      '** (the root itself first)',
      { globbing: 'doublestar', paths: ['**'], expected: { error: read(root, '**') } },
    ],
    [
      '* (.git sorts first)',
      { globbing: 'doublestar', paths: ['*'], expected: { error: read(`${root}/.git`, '*') } },
    ],
    [
      ".git/** (the checkout's own .git)",
      {
        globbing: 'doublestar',
        paths: ['.git/**'],
        expected: { error: read(`${root}/.git`, '.git/**') },
      },
    ],
    [
      './ and // cleaned',
      { globbing: 'doublestar', paths: ['./clusters//a/config.json'], expected: ['a'] },
    ],
    [
      'a leading / is the checkout root (3.0 and later)',
      { globbing: 'doublestar', paths: ['/clusters/a/config.json'], expected: ['a'] },
    ],
    [
      'a leading / is outside the checkout in 2.14',
      { globbing: 'doublestar', version: '2.14', paths: ['/clusters/a/config.json'], expected: [] },
    ],
    [
      '.. leaves the checkout: dropped',
      { globbing: 'doublestar', paths: ['../clusters/a/config.json'], expected: [] },
    ],
    [
      '.. that comes back in is cleaned',
      { globbing: 'doublestar', paths: ['clusters/../clusters/a/config.json'], expected: ['a'] },
    ],
    [
      'an exclude matching a directory fails too (3.1+)',
      {
        globbing: 'doublestar',
        paths: ['clusters/**/config.json', { path: 'clusters/x.json/**', exclude: true }],
        expected: { error: read(`${root}/clusters/x.json`, 'clusters/x.json/**') },
      },
    ],
    [
      'an exclude of files only',
      {
        globbing: 'doublestar',
        paths: ['clusters/**/config.json', { path: 'clusters/x.json/*', exclude: true }],
        expected: ['a', 'b', 'b-eu'],
      },
    ],
    // pathspec: git ls-files lists files only; a directory's files match through it.
    [
      'pathspec: a directory named x.json lists its files',
      { globbing: 'pathspec', paths: ['clusters/x.json'], expected: ['x-inner'] },
    ],
    [
      'pathspec: * crosses /',
      {
        globbing: 'pathspec',
        paths: ['clusters/*.json'],
        expected: ['a', 'b', 'b-eu', 'c', 'x-inner'],
      },
    ],
    [
      'pathspec: apps/** is every file below',
      {
        globbing: 'pathspec',
        paths: ['clusters/**'],
        expected: ['a', 'b', 'b-eu', 'c', 'x-inner'],
      },
    ],
    [
      'pathspec: a wildcard never matches a directory prefix',
      { globbing: 'pathspec', paths: ['**/config'], expected: [] },
    ],
    [
      'pathspec: a literal directory lists its files',
      { globbing: 'pathspec', paths: ['clusters/c/config'], expected: ['c'] },
    ],
    ['pathspec: .git is never listed', { globbing: 'pathspec', paths: ['.git'], expected: [] }],
  ])('%s', async (_name, c) => {
    await expectFiles(dir, sha, c);
  });

  it("reads the checkout's .git/config as the repo-server would: not YAML", async () => {
    const plain = await repoWith({ 'clusters/a/config.json': '{"cluster": "a"}' });
    await expectFiles(plain.dir, plain.sha, {
      globbing: 'doublestar',
      paths: ['**/config'],
      expected: {
        error: `error generating params from git: unable to process file '.git/config' from repository '${repoURL}': unable to parse file:`,
      },
    });
    await expectFiles(plain.dir, plain.sha, {
      globbing: 'doublestar',
      paths: ['**/HEAD'],
      expected: {
        error: `unable to process file '.git/HEAD' from repository '${repoURL}': unable to parse file: error unmarshaling JSON`,
      },
    });
  });

  it('keeps a malformed doublestar pattern a listing error of the repo-server', async () => {
    await expectFiles(dir, sha, {
      globbing: 'doublestar',
      paths: ['clusters/['],
      expected: {
        error: `error retrieving Git files: rpc error: code = Internal desc = unable to list files. repo ${repoURL} with revision {sha} pattern clusters/[: syntax error in pattern`,
      },
    });
  });

  it('generates the files of an excluded path before 3.1, which had no files[].exclude', async () => {
    const repo = await gitRepository(dir, { revision: 'HEAD' });
    const appSet = {
      metadata: { name: 'clusters' },
      spec: {
        goTemplate: true,
        generators: [
          {
            git: {
              repoURL,
              revision: 'HEAD',
              files: [{ path: 'clusters/*/config.json' }, { path: 'clusters/b/*', exclude: true }],
            },
          },
        ],
        template: {
          metadata: { name: '{{.cluster}}' },
          spec: { project: 'default', destination: { name: 'in-cluster', namespace: 'x' } },
        },
      },
    };
    const expand = (argocdVersion: string) => expandApplicationSet(appSet, { repo, argocdVersion });
    const names = (result: { applications: Array<{ metadata: { name: string } }> }) =>
      result.applications.map((app) => app.metadata.name);
    const old = await expand('3.0');
    expect(names(old)).toEqual(['a', 'b', 'b-eu', 'x-inner']);
    expect(old.warnings).toContain(
      'git files generator: Argo CD 3.0 has no files[].exclude (added in 3.1): the files of an excluded path are generated too',
    );
    const current = await expand('3.1');
    expect(names(current)).toEqual(['a', 'x-inner']);
    expect(current.warnings).toEqual([]);
    await repo.close();
  });
});

describe('git files generator: symlinks and submodules', () => {
  let dir: string;
  let sha: string;
  beforeAll(async () => {
    ({ dir, sha } = await repoWith(
      {
        'clusters/a/config.json': '{"cluster": "a"}',
        'clusters/v2/config.json': '{"cluster": "v2"}',
      },
      {
        'clusters/current': 'v2',
        'clusters/latest.json': 'a/config.json',
        'broken/config.json': '../nowhere.json',
        'outside/config.json': '/etc/hostname',
      },
    ));
    // A submodule: a gitlink in the index, a directory in any checkout.
    git(dir, 'update-index', '--add', '--cacheinfo', `160000,${sha},vendor/lib`);
    git(dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-q', '-m', 'sub');
    await mkdir(join(dir, 'vendor/lib'), { recursive: true });
    sha = git(dir, 'rev-parse', 'HEAD');
  });
  const read = (path: string, pattern: string) =>
    `unable to read files. repo ${repoURL} with revision {sha} pattern ${pattern}: read ${root}/${path}: is a directory`;

  it.each<[string, Case]>([
    [
      'pathspec: a symlink to a file reads the file',
      { globbing: 'pathspec', paths: ['clusters/latest.json'], expected: ['a'] },
    ],
    [
      'pathspec: a symlink to a directory is listed, then unreadable',
      {
        globbing: 'pathspec',
        paths: ['clusters/current'],
        expected: { error: read('clusters/current', 'clusters/current') },
      },
    ],
    [
      'pathspec: a submodule is listed, then unreadable',
      {
        globbing: 'pathspec',
        paths: ['vendor/*'],
        expected: { error: read('vendor/lib', 'vendor/*') },
      },
    ],
    [
      'pathspec: a dangling symlink cannot be opened',
      {
        globbing: 'pathspec',
        paths: ['broken/config.json'],
        expected: {
          error: `pattern broken/config.json: open ${root}/broken/config.json: no such file or directory`,
        },
      },
    ],
    [
      'doublestar: ** follows a symlinked directory',
      { globbing: 'doublestar', paths: ['clusters/**/config.json'], expected: ['a', 'v2', 'v2'] },
    ],
    [
      'doublestar: a symlink to a file matches and reads the file',
      { globbing: 'doublestar', paths: ['clusters/*.json'], expected: ['a'] },
    ],
    [
      'doublestar: a submodule is a directory',
      {
        globbing: 'doublestar',
        paths: ['vendor/*'],
        expected: { error: read('vendor/lib', 'vendor/*') },
      },
    ],
    [
      'doublestar: a dangling symlink fails the listing',
      {
        globbing: 'doublestar',
        paths: ['broken/*.json'],
        expected: {
          error: `unable to list files. repo ${repoURL} with revision {sha} pattern broken/*.json: lstat ${root}/nowhere.json: no such file or directory`,
        },
      },
    ],
    [
      'doublestar: a dangling symlink named literally is no match',
      { globbing: 'doublestar', paths: ['broken/config.json'], expected: [] },
    ],
    [
      'doublestar: a symlink out of the repository is dropped',
      { globbing: 'doublestar', paths: ['outside/*.json'], expected: [] },
    ],
  ])('%s', async (_name, c) => {
    await expectFiles(dir, sha, c);
  });

  it('descends a symlink cycle as the kernel lets it: 40 links deep', async () => {
    const cycle = await repoWith(
      { 'apps/a/config.json': '{"cluster": "a"}' },
      { 'apps/a/loop': '..' },
    );
    const repo = await gitRepository(cycle.dir, { revision: 'HEAD' });
    const generate = (path: string) =>
      generateParams(
        { git: { repoURL, revision: 'HEAD', files: [{ path }] } },
        { goTemplate: true, repo, gitFileGlobbing: 'doublestar' },
      );
    const params = await generate('apps/**/config.json');
    expect(params).toHaveLength(41);
    expect((params[40]!.path as { path: string }).path).toBe(`apps/a${'/loop/a'.repeat(40)}`);
    await expect(generate('apps/a/*')).rejects.toThrow(`read ${root}/apps/a/loop: is a directory`);
    await repo.close();
  });

  it('names the symlinked path, not its target, in path parameters', async () => {
    const repo = await gitRepository(dir, { revision: 'HEAD' });
    const params = await generateParams(
      { git: { repoURL, revision: 'HEAD', files: [{ path: 'clusters/current/config.json' }] } },
      { goTemplate: true, repo, gitFileGlobbing: 'doublestar' },
    );
    expect(params.map((p) => [p.cluster, (p.path as { path: string }).path])).toEqual([
      ['v2', 'clusters/current'],
    ]);
    await repo.close();
  });

  it('lists a submodule as a directory, and no symlink, for the directory generator', async () => {
    const repo = await gitRepository(dir, { revision: 'HEAD' });
    const params = await generateParams(
      { git: { repoURL, revision: 'HEAD', directories: [{ path: '*/*' }] } },
      { goTemplate: true, repo },
    );
    expect(params.map((p) => (p.path as { path: string }).path)).toEqual([
      'clusters/a',
      'clusters/v2',
      'vendor/lib',
    ]);
    expect(directoriesOf(['a/b/c.yaml', '.hidden/x'], ['vendor/lib', '.github/sub'])).toEqual([
      'a',
      'a/b',
      'vendor',
      'vendor/lib',
    ]);
    await repo.close();
  });
});
