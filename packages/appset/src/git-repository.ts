import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NotPreviewableError } from './errors.ts';
import type { RepoReader } from './types.ts';

const run = promisify(execFile);
/** ls-files of a large monorepo runs to tens of megabytes. */
const maxBuffer = 512 * 1024 * 1024;

export interface GitRepositoryOptions {
  /**
   * The revision to read (a commit, branch or tag); absent means the working tree: tracked
   * and untracked-but-not-ignored files, so a preview shows uncommitted work.
   */
  revision?: string;
  /** More URLs under which generators refer to this repository (besides its remotes). */
  urls?: readonly string[];
  /** Read every repoURL from this checkout (`fleetops appset generate --repo`). */
  anyUrl?: boolean;
}

/**
 * The repository at `root` as the git generator's repo-server sees it. `root` may be a
 * subdirectory of a checkout: it is then treated as the repository's root. Generators
 * naming another repository reject with NotPreviewableError. Files are listed by
 * `git ls-files` itself, so patterns have git's pathspec semantics exactly.
 */
export async function gitRepository(
  root: string,
  options: GitRepositoryOptions = {},
): Promise<RepoReader & { close(): Promise<void> }> {
  const git = async (args: string[], env?: NodeJS.ProcessEnv) =>
    (await run('git', ['-C', root, ...args], { maxBuffer, env: { ...process.env, ...env } }))
      .stdout;
  const remotes = await git(['remote', '-v']).catch(() => '');
  const urls = new Set(
    [...remotes.split('\n').map((line) => line.split(/\s+/)[1] ?? ''), ...(options.urls ?? [])]
      .filter((url) => url !== '')
      .map(normalizeRepoURL),
  );
  let indexDir: string | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  if (options.revision !== undefined) {
    // A private index holding the revision's tree lets `git ls-files` match pathspecs at it.
    indexDir = await mkdtemp(join(tmpdir(), 'fleetops-appset-index-'));
    env = { GIT_INDEX_FILE: join(indexDir, 'index') };
    await git(['read-tree', options.revision], env);
  }
  const scope = options.revision === undefined ? ['-co', '--exclude-standard'] : [];
  let allFiles: Promise<string[]> | undefined;

  const check = (repoURL: string) => {
    if (options.anyUrl || urls.has(normalizeRepoURL(repoURL))) return;
    throw new NotPreviewableError(
      `git repository ${repoURL} is external to this repository — not previewable offline`,
      'git',
    );
  };
  let allDirectories: Promise<string[]> | undefined;
  const lsFiles = async (pattern?: string) => {
    const args = ['ls-files', '-z', ...scope, ...(pattern === undefined ? [] : ['--', pattern])];
    const out = await git(args, env);
    return [...new Set(out.split('\0').filter((path) => path !== ''))];
  };

  return {
    async listDirectories(repoURL) {
      check(repoURL);
      // A matrix asks once per parameter set of its first child: list and sort once.
      allFiles ??= lsFiles();
      allDirectories ??= allFiles.then(directoriesOf);
      return [...(await allDirectories)];
    },
    async listFiles(repoURL, _revision, pattern) {
      check(repoURL);
      return lsFiles(pattern === '' ? '.' : pattern);
    },
    async readFile(repoURL, _revision, path) {
      check(repoURL);
      if (options.revision === undefined) return readFile(join(root, path), 'utf8');
      return git(['show', `${options.revision}:./${path}`]);
    },
    async close() {
      if (indexDir) await rm(indexDir, { recursive: true, force: true });
    },
  };
}

/**
 * The directories a checkout of these files holds, in the order Go's filepath.WalkDir
 * visits them; hidden directories and everything below them are left out, as the
 * repo-server does by default.
 */
export function directoriesOf(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const file of files) {
    const segments = file.split('/').slice(0, -1);
    const hidden = segments.findIndex((segment) => segment.startsWith('.'));
    const visible = hidden === -1 ? segments : segments.slice(0, hidden);
    for (let i = 1; i <= visible.length; i++) dirs.add(visible.slice(0, i).join('/'));
  }
  return [...dirs].sort(compareWalkOrder);
}

function compareWalkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

/** `https://github.com/org/repo.git`, `git@github.com:org/repo` → `github.com/org/repo`. */
export function normalizeRepoURL(url: string): string {
  let text = url.trim();
  const scp = /^([^@/]+@)?([^:/]+):(?!\/)(.*)$/.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `${scp[2]}/${scp[3]}`;
  text = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]+@/, '');
  text = text.replace(/\/+$/, '').replace(/\.git$/, '');
  const slash = text.indexOf('/');
  return slash === -1 ? text.toLowerCase() : text.slice(0, slash).toLowerCase() + text.slice(slash);
}
