import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  doublestarMatch,
  generateParams,
  gitRepository,
  NotPreviewableError,
  pathMatch,
} from '../src/index.ts';
import { commit, gitRepo } from './git-repo.ts';

const repoURL = 'https://github.com/example-org/fleet';

describe("Go's path.Match", () => {
  it.each([
    ['apps/*', 'apps/web', true],
    ['apps/*', 'apps/web/sub', false],
    ['apps/*/*', 'apps/web/sub', true],
    ['apps/w?b', 'apps/web', true],
    ['apps/[a-m]*', 'apps/guestbook', true],
    ['apps/[^a-m]*', 'apps/guestbook', false],
    ['apps/\\*', 'apps/*', true],
    ['*', 'apps', true],
    ['apps', 'apps', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(pathMatch(pattern, name)).toBe(expected);
  });

  it('rejects a malformed pattern as Go does (the generator then skips it)', () => {
    expect(() => pathMatch('apps/[', 'apps/x')).toThrow('syntax error in pattern');
    expect(() => pathMatch('apps/[]', 'apps/x')).toThrow('syntax error in pattern');
  });
});

describe("doublestar's Match (new git file globbing)", () => {
  it.each([
    ['apps/*/config.json', 'apps/a/config.json', true],
    ['apps/*/config.json', 'apps/a/b/config.json', false],
    ['apps/**/config.json', 'apps/config.json', true],
    ['apps/**/config.json', 'apps/a/b/config.json', true],
    ['**/*.yaml', 'x/.hidden/a.yaml', true],
    ['*.yaml', 'a/b.yaml', false],
    ['apps/**', 'apps/a/b', true],
    ['{a,b}/*.y?ml', 'b/x.yaml', true],
    ['[a-c]x/*', 'bx/q', true],
    ['[!a-c]x/*', 'bx/q', false],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'axb', false],
    ['a/b**/c', 'a/bx/y/c', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(doublestarMatch(pattern, name)).toBe(expected);
  });
});

describe('git directories generator', () => {
  it('matches every directory with path.Match, exclude wins, hidden directories left out', async () => {
    const root = await gitRepo({
      'apps/web/kustomization.yaml': '',
      'apps/web/base/deploy.yaml': '',
      'apps/api/kustomization.yaml': '',
      'apps/legacy/kustomization.yaml': '',
      'apps/.hidden/x.yaml': '',
      'README.md': '',
    });
    const repo = await gitRepository(root);
    const generator = {
      git: {
        repoURL,
        revision: 'HEAD',
        directories: [{ path: 'apps/*' }, { path: 'apps/legacy', exclude: true }],
      },
    };
    const params = await generateParams(generator, { goTemplate: true, repo });
    expect(params).toEqual([
      {
        path: {
          path: 'apps/api',
          basename: 'api',
          basenameNormalized: 'api',
          segments: ['apps', 'api'],
        },
      },
      {
        path: {
          path: 'apps/web',
          basename: 'web',
          basenameNormalized: 'web',
          segments: ['apps', 'web'],
        },
      },
    ]);
    const flat = await generateParams(
      {
        git: {
          ...generator.git,
          pathParamPrefix: 'app',
          values: { name: '{{app.path.basename}}-x' },
        },
      },
      { goTemplate: false, repo },
    );
    expect(flat[0]).toEqual({
      'app.path': 'apps/api',
      'app.path.basename': 'api',
      'app.path.basenameNormalized': 'api',
      'app.path[0]': 'apps',
      'app.path[1]': 'api',
      'values.name': 'api-x',
    });
  });

  it('names an unknown repository external: not previewable offline', async () => {
    const repo = await gitRepository(await gitRepo({ 'a/b.yaml': '' }));
    const generator = {
      git: {
        repoURL: 'https://github.com/other/repo',
        revision: 'HEAD',
        directories: [{ path: '*' }],
      },
    };
    const result = generateParams(generator, { goTemplate: true, repo });
    await expect(result).rejects.toBeInstanceOf(NotPreviewableError);
    await expect(result).rejects.toThrow(
      'git repository https://github.com/other/repo is not this repository — external, assumed unchanged',
    );
  });
});

describe('git files generator', () => {
  const files = {
    'clusters/dev/config.yaml':
      'cluster: dev\nreplicas: 1000000\nenabled: yes\nratio: 0.5\nnothing:\n',
    'clusters/prod/config.yaml': '- cluster: prod-a\n- cluster: prod-b\n',
    'clusters/prod/eu/config.yaml': 'cluster: prod-eu\n',
    'clusters/skip/config.yaml': 'cluster: skip\n',
  };

  it("matches with git's pathspec (where * crosses /) and exclude removes files", async () => {
    const repo = await gitRepository(await gitRepo(files));
    const generator = {
      git: {
        repoURL,
        revision: 'main',
        files: [{ path: 'clusters/*/config.yaml' }, { path: 'clusters/skip/*', exclude: true }],
      },
    };
    const params = await generateParams(generator, { goTemplate: true, repo });
    expect(params.map((p) => p.cluster)).toEqual(['dev', 'prod-a', 'prod-b', 'prod-eu']);
    expect(params[3]!.path).toEqual({
      path: 'clusters/prod/eu',
      basename: 'eu',
      filename: 'config.yaml',
      basenameNormalized: 'eu',
      filenameNormalized: 'config.yaml',
      segments: ['clusters', 'prod', 'eu'],
    });
  });

  it.each([
    ['pathspec', 'clusters/*/config.yaml', ['dev', 'prod-a', 'prod-b', 'prod-eu', 'skip']],
    ['doublestar', 'clusters/*/config.yaml', ['dev', 'prod-a', 'prod-b', 'skip']],
    ['pathspec', 'clusters/**/config.yaml', ['dev', 'prod-a', 'prod-b', 'prod-eu', 'skip']],
    ['doublestar', 'clusters/**/config.yaml', ['dev', 'prod-a', 'prod-b', 'prod-eu', 'skip']],
    ['doublestar', '*.yaml', []],
    ['doublestar', '**/eu/*.yaml', ['prod-eu']],
  ] as const)('with %s globbing, %s matches %j', async (gitFileGlobbing, path, expected) => {
    const repo = await gitRepository(await gitRepo(files));
    const generator = { git: { repoURL, revision: 'main', files: [{ path }] } };
    const params = await generateParams(generator, { goTemplate: true, repo, gitFileGlobbing });
    expect(params.map((p) => p.cluster)).toEqual(expected);
    await repo.close();
  });

  it('fails with a malformed doublestar pattern', async () => {
    const repo = await gitRepository(await gitRepo(files));
    const generator = { git: { repoURL, revision: 'main', files: [{ path: 'clusters/[' }] } };
    await expect(
      generateParams(generator, { goTemplate: true, repo, gitFileGlobbing: 'doublestar' }),
    ).rejects.toThrow('syntax error in pattern');
  });

  it('reads YAML 1.1 and float64 numbers; fasttemplate mode flattens with %v', async () => {
    const repo = await gitRepository(await gitRepo(files));
    const generator = {
      git: { repoURL, revision: 'main', files: [{ path: 'clusters/dev/config.yaml' }] },
    };
    const [flat] = await generateParams(generator, { goTemplate: false, repo });
    expect(flat).toMatchObject({
      cluster: 'dev',
      replicas: '1e+06',
      enabled: 'true',
      ratio: '0.5',
      nothing: '<nil>',
      path: 'clusters/dev',
      'path.filename': 'config.yaml',
      'path[1]': 'dev',
    });
    const [structured] = await generateParams(
      { git: { ...generator.git, values: { r: '{{.replicas}}' } } },
      { goTemplate: true, repo },
    );
    expect(structured!.enabled).toBe(true);
    expect(structured!.values).toEqual({ r: '1e+06' });
  });

  it('reads a revision through its own index, not the working tree', async () => {
    const root = await gitRepo(files);
    await writeFile(join(root, 'clusters/dev/config.yaml'), 'cluster: changed\n');
    commit(root, 'head');
    await writeFile(join(root, 'clusters/dev/config.yaml'), 'cluster: uncommitted\n');
    const generator = {
      git: { repoURL, revision: 'main', files: [{ path: 'clusters/dev/config.yaml' }] },
    };
    const at = async (revision?: string) => {
      const repo = await gitRepository(root, revision === undefined ? {} : { revision });
      const [params] = await generateParams(generator, { goTemplate: true, repo });
      await repo.close();
      return params!.cluster;
    };
    expect(await at('HEAD~1')).toBe('dev');
    expect(await at('HEAD')).toBe('changed');
    expect(await at()).toBe('uncommitted');
  });

  it('reads a generator pinned to a commit at that commit, whatever the previewed revision', async () => {
    const root = await gitRepo(files);
    const pinned = execFileSync('git', ['-C', root, 'rev-parse', 'HEAD']).toString().trim();
    await writeFile(join(root, 'clusters/dev/config.yaml'), 'cluster: changed\n');
    commit(root, 'head');
    await writeFile(join(root, 'clusters/dev/config.yaml'), 'cluster: uncommitted\n');
    const generator = (revision: string) => ({
      git: { repoURL, revision, files: [{ path: 'clusters/dev/config.yaml' }] },
    });
    for (const previewed of ['HEAD', 'HEAD~1', undefined]) {
      const repo = await gitRepository(
        root,
        previewed === undefined ? {} : { revision: previewed },
      );
      const [params] = await generateParams(generator(pinned), { goTemplate: true, repo });
      expect(params!.cluster).toBe('dev');
      await repo.close();
    }
    const repo = await gitRepository(root);
    // `main` is the default branch: the previewed revision (here the working tree).
    const [params] = await generateParams(generator('main'), { goTemplate: true, repo });
    expect(params!.cluster).toBe('uncommitted');
    await expect(
      generateParams(generator('no-such-tag'), { goTemplate: true, repo }),
    ).rejects.toThrow('the revision is not available locally — external, assumed unchanged');
    await repo.close();
  });

  it('fails as the controller does on a file that is not a map or list, naming file and repository', async () => {
    const repo = await gitRepository(await gitRepo({ 'x/config.yaml': 'just a string\n' }));
    const generator = { git: { repoURL, revision: 'main', files: [{ path: 'x/config.yaml' }] } };
    await expect(generateParams(generator, { goTemplate: true, repo })).rejects.toThrow(
      `error generating params from git: unable to process file 'x/config.yaml' from repository '${repoURL}': unable to parse file:`,
    );
  });

  it('needs an existing AppProject when the repository defines projects', async () => {
    const repo = await gitRepository(await gitRepo(files));
    const generator = {
      git: { repoURL, revision: 'main', files: [{ path: 'clusters/dev/config.yaml' }] },
    };
    await expect(
      generateParams(generator, {
        goTemplate: true,
        repo,
        projects: new Set(['default']),
        templateProject: 'team',
      }),
    ).rejects.toThrow('error getting project team: appprojects.argoproj.io "team" not found');
  });
});
